package workbook

import (
	"github.com/whatworks/whatworks/evaluate"
)

func (b *poolBook) models() error {
	w, r := b.sheet(sheetPoolModels), b.p
	hdr := []string{"Group", "Analysis", "Measure", "Studies", "Estimate", "SE", "CI low", "CI high", "CI method", "df", "Statistic", "p-value", "Months' progress", "Note"}
	w.widths(18, 16, 20, 8, 10, 9, 10, 10, 14, 7, 10, 9, 10, 70)
	w.header(1, hdr, true)
	row := 1
	for _, x := range r.Results {
		row++
		st := b.num4
		if x.Measure == evaluate.PoolI2 || x.Measure == evaluate.PoolQ || x.Measure == evaluate.PoolQBetween {
			st = b.st.num2
		}
		cells := []cellValue{{x.Subgroup, b.text}, {x.Analysis, b.text}, {x.Measure, b.text}, {x.K, b.centre},
			{x.Estimate, st}, {x.SE, b.num4}, {x.CILow, st}, {x.CIHigh, st}, {x.CIMethod, b.centre}, {x.DF, b.st.num1},
			{x.Statistic, b.st.num2}, {x.PValue, b.st.pval}, {x.MonthsProgress, b.st.months}, {x.Note, b.text}}
		w.putRow(row, cells...)
	}
	if row > 1 {
		w.autoFilter(len(hdr), row)
	}
	row += 2
	note := "Every model's rows, as in the JSON output: pooled_effect (μ̂ with its interval and test), tau2 (between-study variance, Q-profile interval), i2 (percent), h2, q (Cochran's Q), prediction_interval (where a new study's true effect would lie); q_between and slope_COLUMN for moderators. Empty cells do not apply or cannot be computed: the note says why."
	w.paragraph(row, 12, note, b.st.note, 150)
	return w.Err()
}
