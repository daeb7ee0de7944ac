package workbook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/manifest"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// Opened is a workbook written by whatworks analyse, read back for
// whatworks verify: its record and its cells as the file holds them now.
type Opened struct {
	Record *manifest.Manifest
	// Cells are the cells of each sheet the record holds, as they are now
	// (a sheet that was deleted has none).
	Cells []manifest.Cells
	// Report holds the Results and Descriptives sheets as they are now,
	// read back into rows (a "c" or a cell that is not a number reads as
	// NaN), and the report's settings (title, design, confidence, CI
	// method, months table) from the record's results.
	Report *evaluate.Report
	// ResultRows and DescriptiveRows are the sheet rows (1-based) of
	// Report.Results and Report.Descriptives.
	ResultRows, DescriptiveRows []int
}

// ErrNotAnalyse is returned by Open for a workbook that whatworks analyse
// did not write.
var ErrNotAnalyse = errors.New("is not a workbook written by whatworks analyse")

// Open reads the workbook in r (password, when not "", decrypts it).
func Open(r io.Reader, password string) (*Opened, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{Password: password})
	if err != nil {
		if password == "" && bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			return nil, errors.New("is encrypted: give its password with --password-env VAR")
		}
		return nil, fmt.Errorf("cannot be opened as a workbook (%v)", err)
	}
	defer f.Close()
	m, err := manifest.Read(f)
	if errors.Is(err, manifest.ErrNone) {
		sheets := f.GetSheetList()
		if containsStr(sheets, sheetSummary) && containsStr(sheets, sheetResults) && containsStr(sheets, sheetMethod) {
			return nil, errors.New("was written by whatworks analyse before workbooks carried their record (the design, the inputs' SHA-256 and the results): write it again with this version")
		}
		return nil, ErrNotAnalyse
	}
	if err != nil {
		return nil, err
	}
	o := &Opened{Record: m, Report: &evaluate.Report{}}
	if len(m.Results) > 0 {
		if err := json.Unmarshal(m.Results, o.Report); err != nil {
			return nil, fmt.Errorf("has a damaged whatworks record (its results: %v)", err)
		}
	}
	recorded := o.Report.Results
	o.Report.Results, o.Report.Descriptives = nil, nil
	have := map[string]bool{}
	for _, s := range f.GetSheetList() {
		have[s] = true
	}
	for _, rec := range m.Sheets {
		c := manifest.Cells{Sheet: rec.Sheet}
		if have[rec.Sheet] {
			if c, err = manifest.SheetCells(f, rec.Sheet); err != nil {
				return nil, fmt.Errorf("reading its %s sheet: %w", rec.Sheet, err)
			}
		}
		o.Cells = append(o.Cells, c)
	}
	o.readResults(o.sheet(sheetResults))
	o.readDescriptives(o.sheet(sheetDescriptives))
	o.ratingWords(recorded)
	return o, nil
}

// ratingWords gives each rating row read from the Results sheet the words
// and inputs of its ratings as the record holds them (the WWC rating, OfS
// type, cost rating and what they were rated from, which the Method sheet
// states in words and the Results sheet has no column for), so that the
// padlocks shown can be rated again from them.
func (o *Opened) ratingWords(recorded []evaluate.Result) {
	type key struct {
		outcome, subgroup string
		measure           evaluate.Measure
	}
	rec := map[key]*evaluate.Result{}
	for i := range recorded {
		x := &recorded[i]
		if x.Analysis == evaluate.AnalysisRating {
			rec[key{x.Outcome, x.Subgroup, x.Measure}] = x
		}
	}
	for i := range o.Report.Results {
		x := &o.Report.Results[i]
		if r := rec[key{x.Outcome, x.Subgroup, x.Measure}]; x.Analysis == evaluate.AnalysisRating && r != nil {
			x.WWCRating, x.OfSType, x.CostRating, x.RatingInputs = r.WWCRating, r.OfSType, r.CostRating, r.RatingInputs
		}
	}
}

// sheet is the current cells of name as a grid: grid[row][col], 1-based.
func (o *Opened) sheet(name string) map[int]map[int]string {
	grid := map[int]map[int]string{}
	for _, cs := range o.Cells {
		if cs.Sheet != name {
			continue
		}
		for _, c := range cs.Cells {
			col, row, err := excelize.CellNameToCoordinates(c.Ref)
			if err != nil {
				continue
			}
			if grid[row] == nil {
				grid[row] = map[int]string{}
			}
			grid[row][col] = c.Value
		}
	}
	return grid
}

// columns maps each name of a header row to its column.
func columns(header map[int]string) map[string]int {
	out := map[string]int{}
	for col, name := range header {
		out[name] = col
	}
	return out
}

// num reads a cell as a number: withheld (publish.Num) for "c", NaN when
// it is empty or not a number.
func num(s string) evaluate.Num {
	if strings.TrimSpace(s) == publish.Mark {
		return publish.Num()
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return evaluate.NaN
	}
	return evaluate.Num(x)
}

// intPtr reads a cell as a whole number (publish.Count for "c"), or nil.
func intPtr(s string) *int {
	if strings.TrimSpace(s) == publish.Mark {
		n := publish.Count
		return &n
	}
	x := float64(num(s))
	if math.IsNaN(x) || x != math.Trunc(x) {
		return nil
	}
	n := int(x)
	return &n
}

// readResults reads the rows of the Results sheet, down to the first
// without an outcome.
func (o *Opened) readResults(grid map[int]map[int]string) {
	col := columns(grid[1])
	get := func(row map[int]string, name string) string {
		if c, ok := col[name]; ok {
			return row[c]
		}
		return ""
	}
	for i := 2; ; i++ {
		row := grid[i]
		if row == nil || get(row, "Outcome") == "" || get(row, "Measure") == "" {
			return
		}
		x := evaluate.Result{
			Outcome: get(row, "Outcome"), Label: get(row, "Label"), Subgroup: get(row, "Group"),
			Analysis: evaluate.Analysis(get(row, "Analysis")), Measure: evaluate.Measure(get(row, "Measure")),
			Estimate: num(get(row, "Estimate")), SE: num(get(row, "SE")),
			CILow: num(get(row, "CI low")), CIHigh: num(get(row, "CI high")), CIMethod: get(row, "CI method"),
			CILowAlt: num(get(row, "CI low (other method)")), CIHighAlt: num(get(row, "CI high (other method)")),
			CIMethodAlt: get(row, "Other CI method"), DF: num(get(row, "df")), Statistic: num(get(row, "Statistic")),
			PValue: num(get(row, "p-value")), PAdjusted: num(get(row, "p-value (Benjamini–Hochberg)")),
			PValueExact:      evaluate.NaN,
			NTreated:         intPtr(get(row, "n intervention")),
			NComparison:      intPtr(get(row, "n comparison")),
			MonthsProgress:   intPtr(get(row, "Months' progress")),
			ImprovementIndex: num(get(row, "Improvement index")), Note: get(row, "Note"),
		}
		o.Report.Results = append(o.Report.Results, x)
		o.ResultRows = append(o.ResultRows, i)
	}
}

// readDescriptives reads the rows of the Descriptives sheet's table.
func (o *Opened) readDescriptives(grid map[int]map[int]string) {
	col := columns(grid[1])
	get := func(row map[int]string, name string) string {
		if c, ok := col[name]; ok {
			return row[c]
		}
		return ""
	}
	arms := map[string]string{}
	for _, a := range []string{evaluate.ArmIntervention, evaluate.ArmComparison, evaluate.ArmAll} {
		arms[words.ArmName(a)] = a
	}
	times := map[string]string{}
	for t, name := range timeNames {
		times[name] = t
	}
	for i := 2; ; i++ {
		row := grid[i]
		if row == nil || get(row, "Variable") == "" || get(row, "Arm") == "" {
			return
		}
		d := evaluate.Descriptive{Variable: get(row, "Variable"), Subgroup: get(row, "Group"),
			Arm: arms[get(row, "Arm")], Time: times[get(row, "Time")], N: -1,
			Mean: num(get(row, "Mean")), SD: num(get(row, "SD")), Min: num(get(row, "Min")), Max: num(get(row, "Max")),
			CILow: evaluate.NaN, CIHigh: evaluate.NaN}
		if n := intPtr(get(row, "n")); n != nil {
			d.N = *n
		}
		if n := intPtr(get(row, "Missing")); n != nil {
			d.Missing = *n
		}
		o.Report.Descriptives = append(o.Report.Descriptives, d)
		o.DescriptiveRows = append(o.DescriptiveRows, i)
	}
}

// timeNames are the Descriptives sheet's words for the time points.
var timeNames = map[string]string{evaluate.TimePre: "Before (pre-test)", evaluate.TimePost: "After (outcome)"}

// Cells returns the cells of every sheet but Data of the workbook that
// WriteTo would write, as its record holds them: what whatworks verify
// compares a workbook with after re-running its analysis.
func Cells(r *evaluate.Report, o Options) ([]manifest.Cells, error) {
	o.Record = nil
	f, err := buildWorkbook(context.Background(), r, o)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []manifest.Cells
	for _, s := range f.GetSheetList() {
		if s == sheetData {
			continue
		}
		c, err := manifest.SheetCells(f, s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// resultFields are the Results sheet's columns of the JSON fields.
var resultFields = map[string]string{
	"estimate": "Estimate", "se": "SE", "ci_low": "CI low", "ci_high": "CI high",
	"ci_low_alt": "CI low (other method)", "ci_high_alt": "CI high (other method)", "df": "df",
	"statistic": "Statistic", "p_value": "p-value", "p_adjusted": "p-value (Benjamini–Hochberg)",
	"n_treated": "n intervention", "n_comparison": "n comparison", "months_progress": "Months' progress",
	"improvement_index": "Improvement index",
}

// ResultCell names the Results sheet's cell of row i of Report.Results
// and JSON field (estimate, se, ci_low, ...), e.g. "Results!F7".
func (o *Opened) ResultCell(i int, field string) string {
	col := 0
	for j, h := range resultsHeader {
		if h == resultFields[field] {
			col = j + 1
		}
	}
	if i < 0 || i >= len(o.ResultRows) {
		return sheetResults + "!?"
	}
	if col == 0 {
		// A field with no column of its own (a rating's words): its row.
		return fmt.Sprintf("%s!%d:%d", sheetResults, o.ResultRows[i], o.ResultRows[i])
	}
	return sheetResults + "!" + cell(col, o.ResultRows[i])
}

// RecordOptions are the Options the workbook was written with, as its
// record holds them (without its plots, which hold no cell).
func (o *Opened) RecordOptions() Options {
	m := o.Record
	wo := Options{Design: []byte(m.Design.Text), DesignName: m.Design.Name, Version: m.Version, Date: m.Date,
		CostPerPupil: m.Options.CostPerPupil}
	if m.Options.Published {
		wo.Publish = &publish.Rules{MinCount: m.Options.MinCount, Rounding: m.Options.Rounding}
	}
	for _, in := range m.Inputs {
		wo.Inputs = append(wo.Inputs, InputFile{Name: in.Name, SHA256: in.SHA256})
	}
	return wo
}

// CheckSummary compares the Summary's table with what the Results sheet,
// as it is now, gives: each line's effect size, months' progress, pupils
// and p-value (columns C, D, F and G) as whatworks would write them from
// the headline rows. Differences are Old = the Summary's cell, New = what
// the Results sheet gives. It returns the cells compared.
func (o *Opened) CheckSummary() ([]manifest.Difference, int, error) {
	want, err := Cells(o.Report, o.RecordOptions())
	if err != nil {
		return nil, 0, err
	}
	var exp manifest.Cells
	for _, c := range want {
		if c.Sheet == sheetSummary {
			exp = c
		}
	}
	expGrid := map[int]map[int]string{}
	for _, c := range exp.Cells {
		col, row, _ := excelize.CellNameToCoordinates(c.Ref)
		if expGrid[row] == nil {
			expGrid[row] = map[int]string{}
		}
		expGrid[row][col] = c.Value
	}
	now := o.sheet(sheetSummary)
	var diffs []manifest.Difference
	n := 0
	// The table's lines start under its header (row 4) and end at the
	// first row with neither an outcome nor a group.
	for row := 5; expGrid[row][1] != "" || expGrid[row][2] != ""; row++ {
		for _, col := range []int{3, 4, 6, 7} {
			n++
			if !sameCell(now[row][col], expGrid[row][col]) {
				diffs = append(diffs, manifest.Difference{Sheet: sheetSummary, Ref: cell(col, row), Old: now[row][col], New: expGrid[row][col]})
			}
		}
	}
	return diffs, n, nil
}

// sameCell compares two stored values as manifest.Compare does.
func sameCell(a, b string) bool {
	d, _ := manifest.Compare(manifest.Cells{Cells: []manifest.Cell{{Ref: "A1", Value: a}}}, manifest.Cells{Cells: []manifest.Cell{{Ref: "A1", Value: b}}})
	return len(d) == 0
}
