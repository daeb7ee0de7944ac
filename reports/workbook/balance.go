package workbook

import (
	"github.com/whatworks/whatworks/evaluate"
)

// wwcWords says a WWC baseline-equivalence class (rating.WWCClass,
// docs/methods.md §10) in words.
func wwcWords(class string) string {
	switch class {
	case "satisfied":
		return "Equivalent (|difference| ≤ 0.05)"
	case "adjust":
		return "Equivalent only if the analysis adjusts for it (0.05 < |difference| ≤ 0.25)"
	case "fails":
		return "Not equivalent (|difference| > 0.25)"
	}
	return class
}

// sampleWords names a balance sample.
func sampleWords(s string) string {
	switch s {
	case "analysed":
		return "Analysed pupils"
	case "before_matching":
		return "Before matching"
	case "after_matching":
		return "After matching"
	}
	return s
}

// balanceTable writes balance rows from row+1 on and returns the last row.
func (w *sheet) balanceTable(row int, rows []evaluate.Balance) int {
	st := w.b.st
	withOutcome := false
	for _, x := range rows {
		if x.Outcome != "" {
			withOutcome = true
		}
	}
	for _, x := range rows {
		row++
		name := x.Variable
		if x.Level != "" {
			name += " = " + x.Level + " (proportion)"
		}
		out := x.Outcome
		if !withOutcome {
			out = "all"
		}
		w.putRow(row, cellValue{out, st.text}, cellValue{name, st.text}, cellValue{sampleWords(x.Sample), st.text},
			cellValue{x.MeanT, st.num2}, cellValue{x.SDT, st.num2}, cellValue{x.MeanC, st.num2}, cellValue{x.SDC, st.num2},
			cellValue{x.SMD, st.num3}, cellValue{x.VarRatio, st.num2})
		class := st.wrap
		switch x.WWC {
		case "satisfied":
			class = st.wwcGood
		case "adjust":
			class = st.wwcAdjust
		case "fails":
			class = st.wwcFail
		}
		w.put(10, row, wwcWords(x.WWC), class)
		w.height(row, textHeight(wwcWords(x.WWC), 34))
	}
	return row
}

var balanceHeader = []string{"Outcome", "Variable", "Sample", "Mean (intervention)", "SD (intervention)",
	"Mean (comparison)", "SD (comparison)", "Standardised difference", "Variance ratio", "Baseline equivalence (WWC)"}

// balance writes the baseline comparison of the arms.
func (b *book) balance() error {
	w := b.sheet(sheetBalance)
	w.widths(14, 26, 16, 13, 13, 13, 13, 14, 10, 36)
	w.header(1, balanceHeader, true)
	row := w.balanceTable(1, b.r.Balance)
	if len(b.r.Balance) == 0 {
		row++
		w.put(1, row, "No baseline comparison: the design has no comparison group or no pretest or covariates.", b.st.note)
	}
	row += 2
	for _, n := range []string{
		"Standardised difference = (mean of the intervention group − mean of the comparison group) / pooled SD (Hedges' g; for a proportion, the WWC uses the Cox index).",
		"Baseline equivalence (What Works Clearinghouse Standards Handbook v4.1): |difference| ≤ 0.05 satisfied; 0.05 to 0.25 satisfied only if the analysis adjusts for the variable; > 0.25 not satisfied. Colours repeat the words.",
		"Variance ratio = intervention variance / comparison variance; values far from 1 (below 0.5 or above 2) signal groups that differ in spread.",
	} {
		row++
		w.paragraph(row, 10, n, b.st.note, 170)
	}
	w.images(row + 2)
	return w.Err()
}
