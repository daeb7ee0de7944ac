package workbook

import (
	"github.com/whatworks/whatworks/evaluate"
)

// ---- Balance ----

// wwcWords says a WWC baseline-equivalence class in words.
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
func (b *book) balanceTable(s string, row int, rows []evaluate.Balance) (int, error) {
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
		vals := []struct {
			v  any
			st int
		}{
			{out, b.st.text}, {name, b.st.text}, {sampleWords(x.Sample), b.st.text},
			{x.MeanT, b.st.num2}, {x.SDT, b.st.num2}, {x.MeanC, b.st.num2}, {x.SDC, b.st.num2},
			{x.SMD, b.st.num3}, {x.VarRatio, b.st.num2},
		}
		for i, v := range vals {
			if err := b.put(s, i+1, row, v.v, v.st); err != nil {
				return 0, err
			}
		}
		st := b.st.wrap
		switch x.WWC {
		case "satisfied":
			st = b.st.wwcGood
		case "adjust":
			st = b.st.wwcAdjust
		case "fails":
			st = b.st.wwcFail
		}
		if err := b.put(s, 10, row, wwcWords(x.WWC), st); err != nil {
			return 0, err
		}
		if err := b.f.SetRowHeight(s, row, textHeight(wwcWords(x.WWC), 34)); err != nil {
			return 0, err
		}
	}
	return row, nil
}

var balanceHeader = []string{"Outcome", "Variable", "Sample", "Mean (intervention)", "SD (intervention)",
	"Mean (comparison)", "SD (comparison)", "Standardised difference", "Variance ratio", "Baseline equivalence (WWC)"}

// balance writes the baseline comparison of the arms.
func (b *book) balance() error {
	s := sheetBalance
	if err := b.widths(s, 14, 26, 16, 13, 13, 13, 13, 14, 10, 36); err != nil {
		return err
	}
	if err := b.header(s, 1, balanceHeader, true); err != nil {
		return err
	}
	row, err := b.balanceTable(s, 1, b.r.Balance)
	if err != nil {
		return err
	}
	if len(b.r.Balance) == 0 {
		row++
		msg := "No baseline comparison: the design has no comparison group or no pretest or covariates."
		if err := b.put(s, 1, row, msg, b.st.note); err != nil {
			return err
		}
	}
	row += 2
	for _, n := range []string{
		"Standardised difference = (mean of the intervention group − mean of the comparison group) / pooled SD (Hedges' g; for a proportion, the WWC uses the Cox index).",
		"Baseline equivalence (What Works Clearinghouse Standards Handbook v4.1): |difference| ≤ 0.05 satisfied; 0.05 to 0.25 satisfied only if the analysis adjusts for the variable; > 0.25 not satisfied. Colours repeat the words.",
		"Variance ratio = intervention variance / comparison variance; values far from 1 (below 0.5 or above 2) signal groups that differ in spread.",
	} {
		row++
		if err := b.paragraph(s, row, 10, n, b.st.note, 170); err != nil {
			return err
		}
	}
	_, err = b.images(s, row+2)
	return err
}
