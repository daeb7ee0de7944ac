package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// securityNote explains the blank security rating.
const securityNote = "Not yet rated: whatworks does not yet compute the EEF security rating (padlocks). It needs the attrition from allocation to analysis, the minimum detectable effect size and a review of threats to validity."

// ---- Summary ----

// summary writes the EEF executive-summary table, the key conclusions and
// the facts about the evaluation.
func (b *book) summary() error {
	s, r := sheetSummary, b.r
	const cols = 8
	w := []float64{21, 35, 21, 13, 32, 18, 10, 26}
	if err := b.widths(s, w...); err != nil {
		return err
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	title := r.Title
	if title == "" {
		title = "Evaluation"
	}
	if err := b.put(s, 1, 1, title, b.st.title); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 24); err != nil {
		return err
	}
	sub := "Executive summary · " + words.Capitalise(words.DesignWords(r.Design))
	if b.o.Date != "" {
		sub += " · " + b.o.Date
	}
	if err := b.put(s, 1, 2, sub, b.st.subtitle); err != nil {
		return err
	}
	hdr := []string{"Outcome", "Group", "Effect size (" + words.CILabel(r.Confidence) + ")", "Estimated months' progress",
		"EEF security rating", "No. of pupils (intervention; comparison)", "p-value", "EEF cost rating"}
	row := 4
	if err := b.header(s, row, hdr, false); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, row, 47); err != nil {
		return err
	}
	first := row + 1
	anySmall := false
	for _, o := range words.Outcomes(r) {
		for _, sg := range words.SummarySubgroups(r, o) {
			x := words.PrimaryRow(r, o, sg)
			if x == nil {
				continue
			}
			row++
			es := words.Num2(float64(x.Estimate))
			if c := words.CIText(*x); c != "" {
				es += " (" + c + ")"
			}
			group := words.Capitalise(words.SubgroupPhrase(sg))
			if x.Analysis == evaluate.AnalysisPaired {
				group += " (before and after)"
			}
			vals := []struct {
				v  any
				st int
			}{
				{words.OutcomeLabel(x), b.st.boldWrap}, {group, b.st.wrap}, {es, b.st.text},
				{x.MonthsProgress, b.st.monthsC}, {nil, 0}, {nil, 0}, {evaluate.Num(words.RowP(r, x)), b.st.pvalC}, {nil, 0},
			}
			for i, v := range vals {
				if err := b.put(s, i+1, row, v.v, v.st); err != nil {
					return err
				}
			}
			// No. of pupils: "212; 208", marked when a group is small.
			nt, nc := x.NTreated, x.NComparison
			small := (nt != nil && b.small(*nt)) || (nc != nil && b.small(*nc))
			ns := words.NText(*x)
			if nt != nil && nc != nil {
				ns = fmt.Sprintf("%d; %d", *nt, *nc)
			}
			st := b.st.text
			if small {
				anySmall, b.marked = true, true
				st = b.st.textMark
				if b.o.SuppressSmall {
					ns = supN(nt, b) + "; " + supN(nc, b)
					if nc == nil {
						ns = supN(nt, b)
					}
				}
			}
			if err := b.put(s, 6, row, ns, st); err != nil {
				return err
			}
			if err := b.f.SetRowHeight(s, row, math.Max(textHeight(group, w[1]), textHeight(words.OutcomeLabel(x), w[0]*0.9))); err != nil {
				return err
			}
		}
	}
	last := row
	if last < first {
		row++
		if err := b.paragraph(s, row, cols, "No effect sizes to summarise: see the Results sheet.", b.st.note, total); err != nil {
			return err
		}
		last = row
	} else {
		// One explanation each for the security and cost columns, merged
		// down the table.
		cost := costText(b.o.CostPerPupil)
		for _, m := range []struct {
			col  int
			text string
		}{{5, securityNote}, {8, cost}} {
			if err := b.put(s, m.col, first, m.text, b.st.note); err != nil {
				return err
			}
			if last > first {
				if err := b.f.MergeCell(s, cell(m.col, first), cell(m.col, last)); err != nil {
					return err
				}
			}
		}
		// Make sure the merged notes fit.
		need := textHeight(securityNote, w[4]*0.95)
		have := 0.0
		for i := first; i <= last; i++ {
			h, _ := b.f.GetRowHeight(s, i)
			have += h
		}
		if have < need {
			extra := (need - have) / float64(last-first+1)
			for i := first; i <= last; i++ {
				h, _ := b.f.GetRowHeight(s, i)
				if err := b.f.SetRowHeight(s, i, h+extra); err != nil {
					return err
				}
			}
		}
	}
	row = last + 1
	what := "Effect sizes are Hedges' g: the difference between the groups (intervention minus comparison) in standard deviations."
	if r.Design == evaluate.DesignPrePost {
		what = "Effect sizes are g_av: the change from before to after in standard deviations (the average of the two SDs), corrected for small samples."
	}
	if r.Clustering != nil && len(r.Clustering.Outcomes) > 0 {
		what = words.ClusterModelWords(r.Clustering.Column, r.Confidence)
	}
	notes := []string{what + " Months' progress: the EEF " + monthsTableName(r.MonthsTable) + ". Full results: Results sheet; how they were worked out: Method sheet."}
	if anySmall {
		notes = append(notes, b.smallNote())
	}
	for _, n := range notes {
		row++
		if err := b.paragraph(s, row, cols, n, b.st.note, total); err != nil {
			return err
		}
	}

	// Key conclusions.
	row += 2
	if err := b.put(s, 1, row, "Key conclusions", b.st.h2); err != nil {
		return err
	}
	for i, c := range keyConclusions(r) {
		row++
		if err := b.paragraph(s, row, cols, fmt.Sprintf("%d. %s", i+1, c), b.st.wrap, total); err != nil {
			return err
		}
	}

	// About this evaluation.
	row += 2
	if err := b.put(s, 1, row, "About this evaluation", b.st.h2); err != nil {
		return err
	}
	facts := [][2]string{
		{"Title", title},
		{"Design", words.Capitalise(words.DesignWords(r.Design))},
		{"Date", b.o.Date},
		{"Confidence intervals", words.IntervalWords(r)},
	}
	facts = append(facts, clusterFacts(r)...)
	facts = append(facts, [2]string{"Produced by", "whatworks " + b.o.Version})
	for _, kv := range facts {
		row++
		if err := b.put(s, 1, row, kv[0], b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, kv[1], b.st.text); err != nil {
			return err
		}
	}
	row++
	_, err := b.images(s, row+1)
	return err
}

// supN is a count or "c" when it is small and suppressed.
func supN(n *int, b *book) string {
	if n == nil {
		return ""
	}
	if b.small(*n) && b.o.SuppressSmall {
		return "c"
	}
	return fmt.Sprint(*n)
}

// keyConclusions are 3 to 5 plain sentences: the headlines, then the
// caveats; when there are more, the last points to the Method sheet.
func keyConclusions(r *evaluate.Report) []string {
	var out []string
	seen := map[string]bool{}
	h := words.Headlines(r)
	said := strings.Join(h, " ")
	for _, s := range append(h, r.Caveats...) {
		// A caveat that a headline already makes is not repeated.
		if strings.Contains(s, "cannot be attributed to the programme") && strings.Contains(said, "cannot be attributed to the programme") && !containsStr(h, s) {
			continue
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 5 {
		rest := len(out) - 4
		out = append(out[:4], fmt.Sprintf("%d further caveats are listed on the Method sheet.", rest))
	}
	return out
}

// costText words the EEF cost rating of a cost per pupil per year
// (rating.CostRating: docs/methods.md §13, EEF Toolkit 2018–20 bands), or
// why there is none.
func costText(cost *float64) string {
	if cost == nil {
		return "Not rated: the design file gives no cost per pupil (cost.per_pupil)."
	}
	c := *cost
	if math.IsNaN(c) || c < 0 {
		return "Not rated: the cost per pupil must be a number of pounds, 0 or more."
	}
	band := rating.CostRating(c)
	words := rating.CostWords(band)
	return fmt.Sprintf("%s: %s (£%s per pupil per year; EEF Toolkit bands: %s)",
		band, words, poundsText(c), rating.CostBands)
}

// poundsText is 1234.5 as "1,234.50" and 80 as "80".
func poundsText(c float64) string {
	s := fmt.Sprintf("%.2f", c)
	s = strings.TrimSuffix(s, ".00")
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	if frac != "" {
		return string(out) + "." + frac
	}
	return string(out)
}

// monthsTableName names the months' progress table in use.
func monthsTableName(t string) string {
	if t == "report" {
		return "evaluation-report table (the toolkit's reading of it: the 0-month band widened to ±0.04)"
	}
	return "Teaching and Learning Toolkit table"
}
