package workbook

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/reports/words"
)

func (b *poolBook) studies() error {
	w, r := b.sheet(sheetPoolStudies), b.p
	head := r.Headline.Analysis
	ci := words.CILabel(r.Confidence)
	var mods []string
	for _, st := range r.Studies {
		for _, m := range st.Moderators {
			if !containsStr(mods, m.Name) {
				mods = append(mods, m.Name)
			}
		}
	}
	hdr := []string{"Study", "Effect size from", "Pupils (intervention; comparison)", "Effect size", "SE", ci + " low", ci + " high", "Months' progress",
		"Weight (%), " + head}
	hdr = append(hdr, mods...)
	hdr = append(hdr, "Without this study: pooled effect", "… "+ci, "Note")
	widths := []float64{24, 15, 14, 10, 9, 9, 9, 9, 11}
	for range mods {
		widths = append(widths, 12)
	}
	widths = append(widths, 11, 14, 44)
	w.widths(widths...)
	w.header(1, hdr, true)
	w.height(1, 64)
	row := 1
	for _, st := range r.Studies {
		row++
		l := st.LeaveOneOut
		cells := []cellValue{{st.Study, b.st.bold}, {words.InputShort(st.Input), b.text}, {nPairText(st.NTreated, st.NComparison), b.centre},
			{st.Yi, b.st.num2}, {st.SE, b.st.num3}, {st.CILow, b.st.num2}, {st.CIHigh, b.st.num2}, {st.MonthsProgress, b.st.months},
			{words.PoolWeight(st.Weights, head), b.st.num1}}
		for _, name := range mods {
			v := ""
			for _, m := range st.Moderators {
				if m.Name == name {
					v = m.Value
				}
			}
			cells = append(cells, cellValue{v, b.text})
		}
		note := st.Note
		if l.Note != "" {
			note = strings.TrimPrefix(note+"; without it: "+l.Note, "; ")
		}
		cells = append(cells, cellValue{l.Estimate, b.st.num2}, cellValue{words.RangeText(l.CILow, l.CIHigh), b.centre}, cellValue{note, b.st.wrap})
		w.putRow(row, cells...)
	}
	row += 2
	note := "Weight: each study's share of the model's total weight, 1/(vᵢ + τ²), in percent. \"Without this study\": the headline model (" + head + ") fitted to the other studies (leave-one-out), which shows how much the result rests on any one study. Effect sizes and intervals: 2 decimals shown, full precision stored; the JSON output (docs/json.md) has the same numbers."
	w.paragraph(row, len(hdr), note, b.st.note, 150)

	// Every model's weights, the variances and where each study was read.
	row += 2
	w.put(1, row, "Weights in every model (%), sampling variances and sources", b.st.h2)
	row++
	w.header(row, []string{"Study", "meta_fe", "meta_dl", "meta_reml", "meta_pm", "meta_reml_knha", "Variance (vi)", "Without: τ²", "Without: I² (%)", "Source"}, false)
	for _, st := range r.Studies {
		row++
		wt := st.Weights
		cells := []cellValue{{st.Study, b.st.bold}, {wt.FE, b.st.num1}, {wt.DL, b.st.num1}, {wt.REML, b.st.num1}, {wt.PM, b.st.num1}, {wt.REMLKnHa, b.st.num1},
			{st.Vi, b.num4}, {st.LeaveOneOut.Tau2, b.num4}, {st.LeaveOneOut.I2, b.pct}, {st.Source, b.text}}
		w.putRow(row, cells...)
	}
	row += 2
	w.paragraph(row, len(hdr), "The common-effect model (meta_fe) gives large studies far more weight than the random-effects models, which allow for real differences between places and so spread the weight more evenly.", b.st.note, 150)
	return w.Err()
}

// nPairText is "48; 50", or "" when unknown.
func nPairText(t, c *int) string {
	if t == nil || c == nil {
		return ""
	}
	return fmt.Sprintf("%d; %d", *t, *c)
}
