package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

func (b *poolBook) summary() error {
	w, r := b.sheet(sheetSummary), b.p
	h := r.Headline
	const cols = 8
	widths := []float64{24, 10, 24, 14, 34, 24, 10, 22}
	w.widths(widths...)
	total := 0.0
	for _, x := range widths {
		total += x
	}
	w.put(1, 1, r.Title, b.st.title)
	w.height(1, 24)
	sub := "Executive summary · Several evaluations pooled (meta-analysis)"
	if b.o.Date != "" {
		sub += " · " + b.o.Date
	}
	w.put(1, 2, sub, b.st.subtitle)
	isG := r.Measure == evaluate.PoolHedgesG
	ci := words.CILabel(r.Confidence)
	pi := strings.Replace(ci, "CI", "prediction interval", 1)
	hdr := []string{"Group", "Studies", "Pooled effect size (" + ci + ")", "Estimated months' progress",
		"In a new school like these (" + pi + ")", "Variation between places", "p-value", "No. of pupils (intervention; comparison)"}
	row := 4
	w.header(row, hdr, false)
	w.height(row, 47)
	groups := []struct{ label, sub string }{{"All studies", evaluate.SubgroupAll}}
	for _, sg := range words.PoolSubgroups(r) {
		groups = append(groups, struct{ label, sub string }{strings.Replace(sg, "=", " = ", 1), sg})
	}
	for _, g := range groups {
		m := words.PoolModel(r, g.sub, h.Analysis)
		pe, t2, i2, pr := m[evaluate.PoolPooled], m[evaluate.PoolTau2], m[evaluate.PoolI2], m[evaluate.PoolPrediction]
		row++
		es := words.Num2(float64(pe.Estimate))
		if c := words.RangeText(pe.CILow, pe.CIHigh); c != "" {
			es += " (" + c + ")"
		}
		piText := words.RangeText(pr.CILow, pr.CIHigh)
		if isG && piText != "" {
			piText = fmt.Sprintf("%s to %s months (g %s)", words.MonthsBound(rating.MonthsProgress(float64(pr.CILow), r.MonthsTable)), words.MonthsBound(rating.MonthsProgress(float64(pr.CIHigh), r.MonthsTable)), piText)
		}
		if piText == "" {
			piText = "not estimable: " + pr.Note
		}
		variation := ""
		if !math.IsNaN(float64(t2.Estimate)) {
			variation = fmt.Sprintf("τ² = %s; I² = %s", words.Num4(float64(t2.Estimate)), words.PctText(float64(i2.Estimate)))
		}
		var months any
		if isG {
			months = pe.MonthsProgress
		}
		cells := []cellValue{{g.label, b.st.boldWrap}, {pe.K, b.centre}, {es, b.st.text}, {months, b.st.monthsC},
			{piText, b.st.wrap}, {variation, b.st.wrap}, {pe.PValue, b.st.pvalC}, {pupilsText(r, g.sub), b.st.text}}
		w.putRow(row, cells...)
		w.height(row, math.Max(textHeight(piText, widths[4]), 18))
	}
	what := "Effect sizes are " + words.PoolMeasureWords(r.Measure) + ", pooled by " + modelWords(h.Analysis) + " (" + h.Analysis + "): " + h.Reason + "."
	if isG {
		what += " Months' progress: the EEF " + monthsTableName(r.MonthsTable) + "."
	}
	notes := []string{what, "Each study and its weight: Studies sheet; every model: Models sheet; groups and small-study effects: Moderators sheet; how it was worked out: Method sheet."}
	for _, n := range notes {
		row++
		w.paragraph(row, cols, n, b.st.note, total)
	}

	row += 2
	w.put(1, row, "Key conclusions", b.st.h2)
	conc := words.PoolHeadlines(r)
	for _, c := range r.Caveats {
		if len(conc) >= 6 {
			break
		}
		conc = append(conc, c)
	}
	for i, c := range conc {
		row++
		w.paragraph(row, cols, fmt.Sprintf("%d. %s", i+1, c), b.st.wrap, total)
	}

	row += 2
	w.put(1, row, "About this pooling", b.st.h2)
	facts := [][2]string{
		{"Title", r.Title},
		{"Studies", fmt.Sprint(r.K)},
		{"Effect sizes", words.Capitalise(words.PoolMeasureWords(r.Measure))},
		{"Headline model", modelWords(h.Analysis) + " (" + h.Analysis + ")"},
		{"Date", b.o.Date},
		{"Confidence intervals", words.Capitalise(words.IntervalName(r.Confidence))},
		{"Produced by", "whatworks " + b.o.Version},
	}
	for _, kv := range facts {
		row++
		w.put(1, row, kv[0], b.st.bold)
		w.put(2, row, kv[1], b.st.text)
	}
	w.images(row + 2)
	return w.Err()
}

// pupilsText is "612; 598" summed over the studies of a group when every
// one of them gives its numbers of pupils, else "".
func pupilsText(r *evaluate.PoolReport, sub string) string {
	nt, nc := 0, 0
	for _, s := range r.Studies {
		if sub != evaluate.SubgroupAll && r.By+"="+s.Level != sub {
			continue
		}
		if s.NTreated == nil || s.NComparison == nil {
			return ""
		}
		nt += *s.NTreated
		nc += *s.NComparison
	}
	return fmt.Sprintf("%d; %d", nt, nc)
}

// modelWords names a model in words.
func modelWords(a string) string {
	switch a {
	case "meta_fe":
		return "the common-effect model"
	case "meta_dl":
		return "the random-effects model (DerSimonian–Laird)"
	case "meta_reml":
		return "the random-effects model (REML)"
	case "meta_pm":
		return "the random-effects model (Paule–Mandel)"
	case "meta_reml_knha":
		return "the random-effects model (REML) with the Knapp–Hartung adjustment"
	}
	return a
}
