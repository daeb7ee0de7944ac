// Package manifest is the machine-readable record a whatworks workbook
// carries about itself: what made it (the design file's text, the SHA-256
// of each input, the whatworks version, the options and the seed), its
// results as JSON, and the value of every cell it showed when it was
// written. `whatworks verify` reads it to re-run the analysis and to find
// hand-edited cells; `whatworks pool` reads its results.
//
// The record is kept in a worksheet named "whatworks" whose state is
// veryHidden: Excel and LibreOffice do not list it among the sheets to
// unhide, and keep it when the workbook is saved again. Cell A1 says what
// the sheet is; A2, A3, … hold the record as compact JSON, cut into pieces
// of at most ChunkRunes characters (a cell holds at most 32,767), which are
// joined in order to read it. docs/workbook.md describes its fields.
//
// The record is not a signature: someone who edits a cell and the record
// alike can only be caught by re-running the analysis with the data
// (whatworks verify --data).
package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet is the name of the veryHidden worksheet holding the record.
const Sheet = "whatworks"

// Format is the version of the record's layout. It changes only when a
// field is renamed or removed, or its meaning changes.
const Format = 1

// ChunkRunes is the most characters one cell of the record holds.
const ChunkRunes = 16000

// marker is cell A1 of the record's sheet.
const marker = "whatworks record (format 1): the design, the inputs' SHA-256, the options and the results of this workbook, read by whatworks verify and whatworks pool. Do not edit."

// Manifest is the record of one workbook written by whatworks analyse.
type Manifest struct {
	Format  int    `json:"format"`
	Version string `json:"whatworks_version"`
	Command string `json:"command"` // analyse
	Date    string `json:"date"`    // the date the workbook states, YYYY-MM-DD
	// Design is the design file: its name, text and SHA-256.
	Design Design `json:"design"`
	// Inputs are the files read, each with its role (design, data).
	Inputs  []Input `json:"inputs"`
	Options Options `json:"options"`
	// Results is the report as whatworks analyse --json writes it (after
	// any publishing rules: docs/json.md).
	Results json.RawMessage `json:"results"`
	// Sheets are the cells of every sheet but the Data sheet and this
	// record, as written.
	Sheets []Cells `json:"sheets"`
}

// Design is the design file a workbook was made from.
type Design struct {
	Name   string `json:"name"`
	Text   string `json:"text"`
	SHA256 string `json:"sha256"`
}

// Input is one input file.
type Input struct {
	Role   string `json:"role"` // design | data
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Options are the choices of the run beyond the design file.
type Options struct {
	// Seed is the seed of anything random (the design's analysis.seed,
	// default 1).
	Seed uint64 `json:"seed"`
	// SuppressSmall is --suppress-small; MinCount and Rounding the
	// publishing rules applied (the design's publish block or the
	// defaults), when any were.
	SuppressSmall bool   `json:"suppress_small"`
	Published     bool   `json:"published"`
	MinCount      int    `json:"min_count,omitempty"`
	Rounding      string `json:"rounding,omitempty"`
	IncludeData   bool   `json:"include_data"`
	// CostPerPupil is the cost the Summary rates, when the design gives
	// one.
	CostPerPupil *float64 `json:"cost_per_pupil,omitempty"`
}

// Cells are the cells of one sheet that hold a value.
type Cells struct {
	Sheet string `json:"sheet"`
	Cells []Cell `json:"cells"`
}

// Cell is one cell: its reference (B7), type (n number, s text, b
// true/false) and value as stored.
type Cell struct {
	Ref   string `json:"ref"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// ErrNone is returned by Read for a workbook without a record (not written
// by whatworks analyse, or by a version before the record existed).
var ErrNone = errors.New("the workbook has no whatworks record")

// Write adds the record's sheet to f, veryHidden.
func Write(f *excelize.File, m *Manifest) error {
	if m.Format == 0 {
		m.Format = Format
	}
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("writing the workbook's record: %w", err)
	}
	if _, err := f.NewSheet(Sheet); err != nil {
		return fmt.Errorf("writing the workbook's record: %w", err)
	}
	if err := f.SetCellStr(Sheet, "A1", marker); err != nil {
		return err
	}
	for i, c := range chunks(string(data), ChunkRunes) {
		if err := f.SetCellStr(Sheet, fmt.Sprintf("A%d", i+2), c); err != nil {
			return fmt.Errorf("writing the workbook's record: %w", err)
		}
	}
	return f.SetSheetVisible(Sheet, false, true)
}

// chunks cuts s into pieces of at most n runes.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		i, k := 0, 0
		for i < len(s) && k < n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			k++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

// Read reads the record of f, or returns ErrNone when it has none.
func Read(f *excelize.File) (*Manifest, error) {
	idx, err := f.GetSheetIndex(Sheet)
	if err != nil || idx < 0 {
		return nil, ErrNone
	}
	rows, err := f.GetRows(Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("reading the workbook's record: %w", err)
	}
	if len(rows) == 0 || len(rows[0]) == 0 || !strings.HasPrefix(rows[0][0], "whatworks record") {
		return nil, ErrNone
	}
	var b strings.Builder
	for _, r := range rows[1:] {
		if len(r) > 0 {
			b.WriteString(r[0])
		}
	}
	var m Manifest
	if err := json.Unmarshal([]byte(b.String()), &m); err != nil {
		return nil, fmt.Errorf("the workbook's whatworks record is damaged (%v)", err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("the workbook's whatworks record is of format %d, which this whatworks (format %d) cannot read", m.Format, Format)
	}
	return &m, nil
}

// SheetCells reads the cells of sheet that hold a value, row by row, as
// Cells records them.
func SheetCells(f *excelize.File, sheet string) (Cells, error) {
	out := Cells{Sheet: sheet, Cells: []Cell{}}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return out, err
	}
	for i, r := range rows {
		for j, v := range r {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			t, err := f.GetCellType(sheet, ref)
			if err != nil {
				return out, err
			}
			out.Cells = append(out.Cells, Cell{Ref: ref, Type: cellType(t), Value: v})
		}
	}
	return out, nil
}

// cellType is the record's letter for an excelize cell type.
func cellType(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
		return "n"
	case excelize.CellTypeBool:
		return "b"
	}
	return "s"
}

// Sheet returns the recorded cells of the named sheet, or nil.
func (m *Manifest) Sheet(name string) *Cells {
	for i := range m.Sheets {
		if m.Sheets[i].Sheet == name {
			return &m.Sheets[i]
		}
	}
	return nil
}

// Difference is a cell whose value differs between two versions of a
// sheet: Old and New are "" for a cell without a value.
type Difference struct {
	Sheet, Ref, Old, New string
}

// Compare lists the cells of sheet that differ between old and new, in
// row order, and counts the numbers the sheet holds in new (a number cell
// counts one, a text cell one for each number written in it). Two numbers
// are equal when they differ by at most 1e-9 of the larger (the record
// keeps 15 significant digits, as Excel shows them); text must be equal.
func Compare(old, new Cells) (diffs []Difference, numbers int) {
	type kv struct{ t, v string }
	o := map[string]kv{}
	for _, c := range old.Cells {
		o[c.Ref] = kv{c.Type, c.Value}
	}
	seen := map[string]bool{}
	for _, c := range new.Cells {
		seen[c.Ref] = true
		numbers += countNumbers(c)
		was, ok := o[c.Ref]
		if !ok {
			diffs = append(diffs, Difference{new.Sheet, c.Ref, "", c.Value})
			continue
		}
		if !sameValue(was.v, c.Value) {
			diffs = append(diffs, Difference{new.Sheet, c.Ref, was.v, c.Value})
		}
	}
	for _, c := range old.Cells {
		if !seen[c.Ref] {
			diffs = append(diffs, Difference{new.Sheet, c.Ref, c.Value, ""})
		}
	}
	sortDiffs(diffs)
	return diffs, numbers
}

// sameValue compares two stored values, numbers within 1e-9 of the larger.
func sameValue(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
}

var numberRE = regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)*`)

// countNumbers is 1 for a number cell, else the numbers written in it.
func countNumbers(c Cell) int {
	if c.Type == "n" {
		return 1
	}
	return len(numberRE.FindAllString(c.Value, -1))
}

// sortDiffs orders differences by row, then column.
func sortDiffs(d []Difference) {
	sort.SliceStable(d, func(i, j int) bool {
		ci, ri, _ := excelize.CellNameToCoordinates(d[i].Ref)
		cj, rj, _ := excelize.CellNameToCoordinates(d[j].Ref)
		if ri != rj {
			return ri < rj
		}
		return ci < cj
	})
}
