package designs

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Names of the files WritePoolTemplate writes.
const (
	PoolTemplateSummaries    = "studies.csv"
	PoolTemplateEffects      = "effect-sizes.csv"
	PoolTemplateInstructions = "instructions.xlsx"
)

// poolTemplateColumn is one column of the pool templates, for the
// Instructions sheet.
type poolTemplateColumn struct {
	name, about string
	example     [3]string
}

var poolSummaryColumns = []poolTemplateColumn{
	{"study", "A name for the study: the school, grantee or trust, and the year if there are several. Each study once.", [3]string{"Ash Primary", "Birch Academy", "Cedar School"}},
	{"region", "Optional: anything that describes the study, to compare kinds of study (region, phase, school type). Delete the column if you do not need it, or add others, such as fsm_share (the share of pupils eligible for free school meals, a number).", [3]string{"North", "North", "South"}},
	{"n_t", "The number of pupils in the programme group whose outcome was measured.", [3]string{"48", "62", "35"}},
	{"mean_t", "The programme group's mean score on the outcome, after the programme.", [3]string{"103.6", "98.1", "107.8"}},
	{"sd_t", "The programme group's standard deviation (SD) of the outcome. Not the standard error.", [3]string{"14.2", "15.1", "13.2"}},
	{"n_c", "The number of pupils in the comparison group whose outcome was measured.", [3]string{"50", "60", "33"}},
	{"mean_c", "The comparison group's mean score on the same outcome.", [3]string{"98.9", "97.3", "98.6"}},
	{"sd_c", "The comparison group's standard deviation of the outcome.", [3]string{"14.8", "15.6", "14.1"}},
}

var poolOptionalColumns = []poolTemplateColumn{
	{"pre_mean_t, pre_sd_t, pre_mean_c, pre_sd_c", "Optional, all four or none: each group's mean and SD on the pretest (the same pupils before the programme). With them whatworks uses the difference in differences g_post − g_pre (WWC), which allows for a difference between the groups at the start.", [3]string{"101.2", "14.0", "100.8"}},
	{"r", "Optional, with the pretest: the correlation between pupils' pretest and outcome scores (e.g. 0.7). Without it the effect's standard error assumes 0, which is cautious.", [3]string{"0.7", "", ""}},
}

var poolEffectColumns = []poolTemplateColumn{
	{"study", "A name for the study, as above.", [3]string{"Ash Primary", "Birch Academy", "Cedar School"}},
	{"region", "Optional, as above.", [3]string{"North", "North", "South"}},
	{"yi", "The study's effect size: Hedges' g as the study reported it (or with --measure: log odds ratios, risk differences).", [3]string{"0.32", "0.05", "0.67"}},
	{"se", "The effect size's standard error. Instead of se you may give vi (its square, the sampling variance) or ci_low and ci_high (its 95% confidence interval).", [3]string{"0.20", "0.18", "0.25"}},
}

// PoolTemplateFiles returns the starting point for pooling several
// evaluations (whatworks init --pool): PoolTemplateSummaries and
// PoolTemplateEffects, the column names of the two usual forms (per-group
// summaries, and effect sizes with their standard errors), then
// PoolTemplateInstructions, whose Instructions sheet explains every
// column, the other forms and the commands to run, with made-up examples.
// The CSVs hold the header row only, so that nothing made up can be pooled
// by mistake.
func PoolTemplateFiles() ([]TemplateFile, error) {
	book, err := poolInstructions()
	if err != nil {
		return nil, fmt.Errorf("making %s: %w", PoolTemplateInstructions, err)
	}
	header := func(cols []poolTemplateColumn) []byte {
		var b []byte
		for i, c := range cols {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, c.name...)
		}
		return append(b, "\r\n"...)
	}
	return []TemplateFile{
		{PoolTemplateSummaries, header(poolSummaryColumns)},
		{PoolTemplateEffects, header(poolEffectColumns)},
		{PoolTemplateInstructions, book},
	}, nil
}

// poolInstructions builds instructions.xlsx.
func poolInstructions() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sh = InstructionsSheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return nil, err
	}
	h2, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "0072B2"}})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return nil, err
	}
	mono, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Courier New"}})
	if err != nil {
		return nil, err
	}
	example, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return nil, err
	}
	row := 1
	put := func(col, r int, v any, style int) error {
		cell, _ := excelize.CoordinatesToCellName(col, r)
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	para := func(text string, style int, height float64) error {
		if err := f.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row)); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, height); err != nil {
			return err
		}
		err := put(1, row, text, style)
		row++
		return err
	}
	table := func(cols []poolTemplateColumn) error {
		for i, h := range []string{"Column", "What to type", "Example"} {
			if err := put(i+1, row, h, bold); err != nil {
				return err
			}
		}
		row++
		for _, c := range cols {
			for i, v := range []struct {
				v     string
				style int
			}{{c.name, bold}, {c.about, wrap}, {c.example[0], wrap}} {
				if err := put(i+1, row, v.v, v.style); err != nil {
					return err
				}
			}
			lines := (len([]rune(c.about)) + 79) / 80
			if err := f.SetRowHeight(sh, row, float64(lines)*15+3); err != nil {
				return err
			}
			row++
		}
		return nil
	}
	steps := []func() error{
		func() error { return para("How to pool several evaluations with whatworks", title, 22) },
		func() error {
			return para("whatworks pool combines evaluations of the same kind of programme (a trust's schools, a funder's grantees) into one pooled effect, shows how much the effect varies from place to place, and whether it differs by region or kind of school. Every number agrees with R's metafor package.", wrap, 48)
		},
		func() error {
			return para(fmt.Sprintf("1. Choose the file that matches what the studies report. %s: each group's number of pupils, mean and standard deviation (the table in most evaluation reports). %s: each study's effect size (Hedges' g) and its standard error. Delete the other file.", PoolTemplateSummaries, PoolTemplateEffects), wrap, 48)
		},
		func() error {
			return para("2. Open it in Excel (or any spreadsheet) and type one row per study from row 2. Keep the column names in row 1; the columns may be in any order. Leave a cell empty only for an optional column.", wrap, 32)
		},
		func() error {
			return para("3. Save it as CSV (or as an Excel workbook, .xlsx) and run, in a terminal:", wrap, 18)
		},
		func() error {
			return para("   whatworks pool "+PoolTemplateSummaries+" --by region -o pooled.xlsx --plots plots", mono, 18)
		},
		func() error {
			return para("whatworks prints the pooled effect in months' progress and the range in which the effect in a new school like these would likely lie, and writes the workbook pooled.xlsx and the forest plot. Every problem in the file is listed at once, with its row and column.", wrap, 32)
		},
		func() error {
			return para("4. If the studies were analysed with whatworks, pass their results instead (whatworks analyse design.yaml --json school-a.json):   whatworks pool school-a.json school-b.json school-c.json", wrap, 32)
		},
		func() error { row++; return para(PoolTemplateSummaries+": per-group summaries", h2, 20) },
		func() error { return table(poolSummaryColumns) },
		func() error { return table(poolOptionalColumns) },
		func() error { row++; return para(PoolTemplateEffects+": effect sizes", h2, 20) },
		func() error { return table(poolEffectColumns) },
		func() error { row++; return para("Counts (a yes/no outcome)", h2, 20) },
		func() error {
			return para("For an outcome that pupils either reach or not (a pass, a place at university), give per study: study, events_t, n_t, events_c, n_c (pupils with the outcome, and pupils, in each group). whatworks pools log odds ratios, or risk differences with --measure rd.", wrap, 48)
		},
		func() error {
			row++
			return para("Example only: three made-up schools, to show the layout of "+PoolTemplateSummaries+". Do not pool these.", bold, 18)
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, err
		}
	}
	for i, c := range poolSummaryColumns {
		if err := put(i+1, row, c.name, bold); err != nil {
			return nil, err
		}
	}
	row++
	for r := 0; r < 3; r++ {
		for i, c := range poolSummaryColumns {
			if err := put(i+1, row, c.example[r], example); err != nil {
				return nil, err
			}
		}
		row++
	}
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 22}, {"B", 70}, {"C", 14}} {
		if err := f.SetColWidth(sh, w.col, w.col, w.width); err != nil {
			return nil, err
		}
	}
	if err := printOnePageWide(f, sh, "portrait"); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
