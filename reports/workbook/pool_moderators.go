package workbook

import (
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

func (b *poolBook) moderators() error {
	w, r := b.sheet(sheetPoolModerators), b.p
	head := r.Headline.Analysis
	w.widths(24, 9, 12, 20, 10, 12, 12, 10)
	const width = 110.0
	row := 1
	w.put(1, row, "Does the effect differ between kinds of place?", b.st.title)
	if r.By == "" && r.Moderator == "" {
		row += 2
		w.paragraph(row, 8, "No moderator was asked for: run whatworks pool with --by COLUMN (a label such as region) or --moderator COLUMN (a number such as the share of pupils eligible for free school meals).", b.st.wrap, width)
	}
	if r.By != "" {
		row += 2
		w.put(1, row, "By "+r.By+" (each level pooled alone, "+head+")", b.st.h2)
		row++
		w.header(row, []string{"Group", "Studies", "Effect size", words.CILabel(r.Confidence), "p-value", "Months' progress", "τ²", "I²"}, false)
		for _, sg := range words.PoolSubgroups(r) {
			m := words.PoolModel(r, sg, head)
			pe := m[evaluate.PoolPooled]
			row++
			var months any
			if r.Measure == evaluate.PoolHedgesG {
				months = pe.MonthsProgress
			}
			cells := []cellValue{{strings.Replace(sg, "=", " = ", 1), b.st.bold}, {pe.K, b.centre}, {pe.Estimate, b.st.num2},
				{words.RangeText(pe.CILow, pe.CIHigh), b.centre}, {pe.PValue, b.st.pval}, {months, b.st.months},
				{m[evaluate.PoolTau2].Estimate, b.num4}, {m[evaluate.PoolI2].Estimate, b.pct}}
			w.putRow(row, cells...)
		}
		if qb := words.FindPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil {
			row++
			w.paragraph(row, 8, words.QBetweenText(qb)+" Subgroups are fitted alone, each with its own τ²; the test fits one τ² shared by all levels, so it is not a comparison of the rows above.", b.st.wrap, width)
		}
	}
	if r.Moderator != "" {
		row += 2
		w.put(1, row, "Slope on "+r.Moderator+" (meta-regression)", b.st.h2)
		row++
		w.header(row, []string{"Model", "", "Slope", words.CILabel(r.Confidence), "p-value", "df"}, false)
		for _, x := range r.Results {
			if x.Measure != "slope_"+r.Moderator {
				continue
			}
			row++
			name := x.Analysis
			if name == head {
				name += " (headline)"
			}
			cells := []cellValue{{name, b.text}, {nil, 0}, {x.Estimate, b.num4}, {words.RangeText4(x.CILow, x.CIHigh), b.centre}, {x.PValue, b.st.pval}, {x.DF, b.st.num1}}
			w.putRow(row, cells...)
		}
		row++
		w.paragraph(row, 8, "The slope is the change in the effect size for each unit of "+r.Moderator+".", b.st.note, width)
	}
	row++
	if r.By != "" || r.Moderator != "" {
		row++
		w.paragraph(row, 8, "Differences between kinds of place are associations across studies, not effects of the characteristic itself: places that differ in one way usually differ in others, and with few studies per level these tests have little power.", b.st.note, width)
	}

	row += 2
	w.put(1, row, "Small-study effects", b.st.h2)
	texts := words.SmallStudyText(r)
	if len(texts) == 1 {
		texts = append(texts, words.SmallStudyCaution)
	}
	for _, t := range texts {
		row++
		w.paragraph(row, 8, t, b.st.wrap, width)
	}
	w.images(row + 2)
	return w.Err()
}
