package workbook

import (
	"fmt"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// descriptives writes n, mean and SD by arm and time, the data for the
// native chart, the chart and the embedded plots.
func (b *book) descriptives() error {
	w := b.sheet(sheetDescriptives)
	w.widths(22, 13, 13, 18, 8, 9, 10, 10, 10, 10)
	w.header(1, []string{"Variable", "Group", "Arm", "Time", "n", "Missing", "Mean", "SD", "Min", "Max"}, true)
	row := 1
	markedHere := false
	for _, d := range b.r.Descriptives {
		row++
		time := timeNames[d.Time]
		if time == "" {
			time = d.Time
		}
		vals := []any{d.Variable, d.Subgroup, words.ArmName(d.Arm), time}
		for i, v := range vals {
			w.put(i+1, row, v, b.st.text)
		}
		n, miss := d.N, d.Missing
		w.count(5, row, &n)
		if b.small(d.N) {
			markedHere = true
		}
		w.put(6, row, miss, b.st.int0)
		for i, v := range []evaluate.Num{d.Mean, d.SD, d.Min, d.Max} {
			w.put(7+i, row, v, b.st.num2)
		}
	}
	row++
	if markedHere {
		row++
		w.paragraph(row, 10, b.smallNote(), b.st.note, 118)
	}
	// Native charts of the means by arm before and after, each beside a
	// small table of the all-pupils means, on pages of their own.
	row = w.meansCharts(row + 2)
	w.images(row + 1)
	return w.Err()
}

// meansCharts writes from row on, for each outcome, a block of all-pupils
// means (time by arm) in columns A–C and a clustered column chart of it
// beside the block, two outcomes to a printed page, and returns the next
// free row.
func (w *sheet) meansCharts(row int) int {
	b, s := w.b, w.name
	const c0 = 1 // column A
	placed := false
	charts := 0
	for _, o := range words.Outcomes(b.r) {
		pre, post := words.ArmMeans(b.r, o)
		if len(post) == 0 {
			continue
		}
		arms := []string{}
		for _, d := range post {
			if !containsStr(arms, d.Arm) {
				arms = append(arms, d.Arm)
			}
		}
		sort.SliceStable(arms, func(i, j int) bool { return words.ArmOrder(arms[i]) < words.ArmOrder(arms[j]) })
		label := o
		for _, x := range b.r.Results {
			if x.Outcome == o && x.Label != "" {
				label = x.Label
				break
			}
		}
		if !placed {
			w.pageBreak(row)
			w.put(c0, row, "Average scores of all pupils, before and after", b.st.h2)
			row += 2
			placed = true
		} else if charts%2 == 0 {
			w.pageBreak(row)
		}
		charts++
		top := row
		w.put(c0, row, label, b.st.header)
		w.height(row, textHeight(label, 21))
		for i, a := range arms {
			w.put(c0+1+i, row, words.ArmName(a), b.st.header)
		}
		times := []struct {
			name string
			ds   []evaluate.Descriptive
		}{{"Before: " + preName(pre), pre}, {"After: " + o, post}}
		if len(pre) == 0 {
			times = times[1:]
		}
		for _, t := range times {
			row++
			w.put(c0, row, t.name, b.st.text)
			for i, a := range arms {
				for _, d := range t.ds {
					if d.Arm == a {
						v := evaluate.Num(d.Mean)
						if publish.IsNum(v) {
							// A chart reads "c" as 0: the cell is left empty.
							v = evaluate.NaN
						}
						w.put(c0+1+i, row, v, b.st.num2)
					}
				}
			}
		}
		var series []excelize.ChartSeries
		for i, a := range arms {
			col := colName(c0 + 1 + i)
			colour := map[string]string{evaluate.ArmIntervention: okBlue, evaluate.ArmComparison: okOrange}[a]
			if colour == "" {
				colour = "404040"
			}
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$%d", s, col, top),
				Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, colName(c0), top+1, colName(c0), row),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, col, top+1, col, row),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
				DataLabel:  excelize.ChartDataLabel{},
			})
		}
		gap := uint(80)
		vary := false
		zero := 0.0
		chart := &excelize.Chart{
			Type:       excelize.Col,
			VaryColors: &vary,
			Series:     series,
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: label + ": average score by group, before and after",
				Font: &excelize.Font{Bold: true, Size: 12}}}},
			Legend:   excelize.ChartLegend{Position: "bottom"},
			PlotArea: excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0"}},
			// Bars start at zero: a cut axis would exaggerate the gap.
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: excelize.Font{Size: 10, Color: "404040"}},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 10, Color: "000000"}},
			Dimension: excelize.ChartDimension{Width: 600, Height: 300},
			Format:    excelize.GraphicOptions{OffsetX: 10, AltText: label + ": average score by group, before and after"},
			GapWidth:  &gap,
		}
		w.do(func(f *excelize.File, s string) error {
			if err := f.AddChart(s, cell(5, top), chart); err != nil {
				return fmt.Errorf("chart of %s: %w", o, err)
			}
			return nil
		})
		row = top + 17 // the chart is about 16 rows high
	}
	return row
}

// preName names a pretest from its descriptives.
func preName(pre []evaluate.Descriptive) string {
	if len(pre) == 0 {
		return "pre-test"
	}
	return pre[0].Variable
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
