package workbook

import (
	"strconv"

	"github.com/whatworks/whatworks/evaluate"
)

var resultsHeader = []string{"Outcome", "Label", "Group", "Analysis", "Measure", "Estimate", "SE", "CI low", "CI high",
	"CI method", "CI low (other method)", "CI high (other method)", "Other CI method", "df", "Statistic", "p-value",
	"p-value (Benjamini–Hochberg)", "n intervention", "n comparison", "Months' progress", "Improvement index", "Note"}

// results writes every row of the JSON results list, in order.
func (b *book) results() error {
	w := b.sheet(sheetResults)
	w.widths(14, 14, 12, 12, 18, 9, 8, 8, 8, 12, 10, 10, 12, 7, 9, 9, 13, 11, 11, 9, 10, 30)
	w.header(1, resultsHeader, true)
	w.height(1, 48)
	row := 1
	for _, x := range b.r.Results {
		row++
		note := x.Note
		if x.Analysis == evaluate.AnalysisRating && b.o.Publish != nil && (smallN(b, x.NTreated) || smallN(b, x.NComparison)) {
			// Its note counts the pupils of a small group (security.go).
			note = "withheld: a group of fewer than " + strconv.Itoa(b.o.SmallN) + " pupils"
		}
		w.putRow(row,
			cellValue{x.Outcome, b.st.text}, cellValue{x.Label, b.st.text}, cellValue{x.Subgroup, b.st.text},
			cellValue{x.Analysis, b.st.text}, cellValue{x.Measure, b.st.text},
			cellValue{x.Estimate, b.st.num2}, cellValue{x.SE, b.st.num3}, cellValue{x.CILow, b.st.num2},
			cellValue{x.CIHigh, b.st.num2}, cellValue{x.CIMethod, b.st.text},
			cellValue{x.CILowAlt, b.st.num2}, cellValue{x.CIHighAlt, b.st.num2}, cellValue{x.CIMethodAlt, b.st.text},
			cellValue{x.DF, b.st.num1}, cellValue{x.Statistic, b.st.num2}, cellValue{x.PValue, b.st.pval},
			cellValue{x.PAdjusted, b.st.pval}, cellValue{nil, 0}, cellValue{nil, 0},
			cellValue{x.MonthsProgress, b.st.months}, cellValue{x.ImprovementIndex, b.st.ii}, cellValue{note, b.st.text})
		w.count(18, row, x.NTreated)
		w.count(19, row, x.NComparison)
	}
	if row > 1 {
		w.autoFilter(len(resultsHeader), row)
	}
	row += 2
	note := "Differences are intervention minus comparison (after minus before for one group). Effect sizes and CIs: 2 decimals shown, full precision stored. p-values below 0.001 show as \"< 0.001\". The same rows are in the JSON output (docs/json.md)."
	w.paragraph(row, 12, note, b.st.note, 130)
	if b.marked {
		row++
		w.paragraph(row, 12, b.smallNote(), b.st.note, 130)
	}
	return w.Err()
}

// smallN reports whether count n is given and small.
func smallN(b *book, n *int) bool { return n != nil && b.small(*n) }
