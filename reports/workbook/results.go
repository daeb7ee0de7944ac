package workbook

// ---- Results ----

var resultsHeader = []string{"Outcome", "Label", "Group", "Analysis", "Measure", "Estimate", "SE", "CI low", "CI high",
	"CI method", "CI low (other method)", "CI high (other method)", "Other CI method", "df", "Statistic", "p-value",
	"p-value (Benjamini–Hochberg)", "n intervention", "n comparison", "Months' progress", "Improvement index", "Note"}

// results writes every row of the JSON results list, in order.
func (b *book) results() error {
	s := sheetResults
	if err := b.widths(s, 14, 14, 12, 12, 18, 9, 8, 8, 8, 12, 10, 10, 12, 7, 9, 9, 13, 11, 11, 9, 10, 30); err != nil {
		return err
	}
	if err := b.header(s, 1, resultsHeader, true); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 48); err != nil {
		return err
	}
	row := 1
	for _, x := range b.r.Results {
		row++
		cells := []struct {
			v  any
			st int
		}{
			{x.Outcome, b.st.text}, {x.Label, b.st.text}, {x.Subgroup, b.st.text}, {x.Analysis, b.st.text}, {x.Measure, b.st.text},
			{x.Estimate, b.st.num2}, {x.SE, b.st.num3}, {x.CILow, b.st.num2}, {x.CIHigh, b.st.num2}, {x.CIMethod, b.st.text},
			{x.CILowAlt, b.st.num2}, {x.CIHighAlt, b.st.num2}, {x.CIMethodAlt, b.st.text},
			{x.DF, b.st.num1}, {x.Statistic, b.st.num2}, {x.PValue, b.st.pval}, {x.PAdjusted, b.st.pval},
			{nil, 0}, {nil, 0}, {x.MonthsProgress, b.st.months}, {x.ImprovementIndex, b.st.ii}, {x.Note, b.st.text},
		}
		for i, c := range cells {
			if err := b.put(s, i+1, row, c.v, c.st); err != nil {
				return err
			}
		}
		if err := b.count(s, 18, row, x.NTreated); err != nil {
			return err
		}
		if err := b.count(s, 19, row, x.NComparison); err != nil {
			return err
		}
	}
	if row > 1 {
		if err := b.f.AutoFilter(s, "A1:"+cell(len(resultsHeader), row), nil); err != nil {
			return err
		}
	}
	row += 2
	note := "Differences are intervention minus comparison (after minus before for one group). Effect sizes and CIs: 2 decimals shown, full precision stored. p-values below 0.001 show as \"< 0.001\". The same rows are in the JSON output (docs/json.md)."
	if err := b.paragraph(s, row, 12, note, b.st.note, 130); err != nil {
		return err
	}
	if b.marked {
		row++
		if err := b.paragraph(s, row, 12, b.smallNote(), b.st.note, 130); err != nil {
			return err
		}
	}
	return nil
}
