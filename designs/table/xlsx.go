package table

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/xuri/excelize/v2"
)

// xlsxTable reads one sheet of an Excel workbook (see Read). The file's
// bytes are already in memory, so the file itself is never reopened.
func xlsxTable(path string, data []byte, opts Options) (tab *Table, err error) {
	// A damaged workbook must not crash whatworks, whatever the library
	// does with it.
	defer func() {
		if r := recover(); r != nil {
			tab, err = nil, xlsxDamaged(path, fmt.Errorf("%v", r))
		}
	}()
	if err := xlsxCheckZip(path, data); err != nil {
		return nil, err
	}
	if err := xlsxCheckText(path, data); err != nil {
		return nil, err
	}
	// A damaged zip can claim parts of any size, and excelize allocates
	// what is claimed: allow at most xlsxMaxRatio times the file's size
	// (spreadsheet XML compresses about 10 to 30 times).
	limit := min(int64(len(data))*xlsxMaxRatio+16<<20, excelize.UnzipSizeLimit)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limit})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrUnsupportedEncryptMechanism) {
			return nil, &DataError{File: path, Err: ErrPasswordProtected,
				Hint: "open it in Excel, remove the password and save a copy as .xlsx or CSV"}
		}
		return nil, xlsxDamaged(path, err)
	}
	defer f.Close()

	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &DataError{File: path, Err: errors.New("the workbook has no sheets")}
	}
	sheet, chose, err := xlsxSheet(path, f, sheets, opts.Sheet)
	if err != nil {
		return nil, err
	}

	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, xlsxDamaged(path, err)
	}
	// Row r of the sheet is all[r-1]; rows the sheet does not store are
	// nil.
	var all [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return nil, xlsxDamaged(path, err)
		}
		all = append(all, cells)
	}
	if err := rows.Error(); err != nil {
		rows.Close()
		return nil, xlsxDamaged(path, err)
	}
	if err := rows.Close(); err != nil {
		return nil, xlsxDamaged(path, err)
	}
	cells := &excelCells{f: f, sheet: sheet, formulas: xlsxHasFormulas(f, data)}
	tab, err = xlsxType(path, sheet, all, opts, cells)
	if tab != nil && chose != nil {
		tab.Warnings = append([]*DataError{chose}, tab.Warnings...)
	}
	return tab, err
}

// xlsxSheet picks the sheet to read: the one named, else the first that
// is not hidden. When the workbook has several sheets and none was named,
// chose says which was read, as a warning.
func xlsxSheet(path string, f *excelize.File, sheets []string, named string) (sheet string, chose *DataError, err error) {
	if named != "" {
		if slices.Contains(sheets, named) {
			return named, nil, nil
		}
		h := "the workbook's sheets are " + hint.Quote(sheets, 10)
		if m := hint.DidYouMean(named, sheets); m != "" {
			h = m + " " + h
		}
		return "", nil, &DataError{File: path, Err: fmt.Errorf("there is no sheet %q", named),
			Hint: h + "; set data.sheet to one of them"}
	}
	var hidden []string
	for _, s := range sheets {
		if visible, err := f.GetSheetVisible(s); err == nil && !visible {
			hidden = append(hidden, s)
			continue
		}
		sheet = s
		break
	}
	if sheet == "" { // every sheet hidden: Excel does not allow it, but
		sheet, hidden = sheets[0], nil
	}
	if len(sheets) == 1 {
		return sheet, nil, nil
	}
	chose = &DataError{File: path, Sheet: sheet, Hint: "set data.sheet to read another"}
	if len(hidden) > 0 {
		chose.Err = fmt.Errorf("the pupil data was read from this sheet, the first that is not hidden (hidden before it: %s)", hint.Quote(hidden, 5))
	} else {
		chose.Err = fmt.Errorf("the pupil data was read from this sheet, the first of %d (%s)", len(sheets), hint.Quote(sheets, 5))
	}
	return sheet, chose, nil
}

// excelCells answers what a cell's raw value does not say, from the
// workbook's XML (which makes excelize load the whole sheet, so each is
// asked only where needed). row is the sheet's row number, col 0-based.
type excelCells struct {
	f     *excelize.File
	sheet string
	// formulas is false when no worksheet holds a formula.
	formulas bool
	// dateStyles says whether any cell style shows dates (nil: not yet
	// looked at).
	dateStyles *bool
}

func (c *excelCells) ref(row, col int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, row)
	return ref
}

// isBool reports whether the cell is a TRUE/FALSE cell.
func (c *excelCells) isBool(row, col int) bool {
	typ, err := c.f.GetCellType(c.sheet, c.ref(row, col))
	return err == nil && typ == excelize.CellTypeBool
}

// noSavedValue reports whether the (empty) cell holds a formula whose
// value was never saved, as openpyxl and pandas write them.
func (c *excelCells) noSavedValue(row, col int) bool {
	if !c.formulas {
		return false
	}
	formula, err := c.f.GetCellFormula(c.sheet, c.ref(row, col))
	return err == nil && formula != ""
}

// isDate reports whether the cell is formatted as a date or time. It
// looks at the cell only when some style of the workbook is one.
func (c *excelCells) isDate(row, col int) bool {
	if c.dateStyles == nil {
		c.dateStyles = new(bool)
		for id := 1; id < 1<<16; id++ {
			st, err := c.f.GetStyle(id)
			if err != nil || st == nil {
				break
			}
			if st.CustomNumFmt != nil && isDateFormat(st.NumFmt, *st.CustomNumFmt) || isDateFormat(st.NumFmt, "") {
				*c.dateStyles = true
				break
			}
		}
	}
	if !*c.dateStyles {
		return false
	}
	id, err := c.f.GetCellStyle(c.sheet, c.ref(row, col))
	if err != nil || id == 0 {
		return false
	}
	st, err := c.f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	custom := ""
	if st.CustomNumFmt != nil {
		custom = *st.CustomNumFmt
	}
	return isDateFormat(st.NumFmt, custom)
}

// xlsxHasFormulas reports whether any worksheet of the workbook may hold a
// formula (a sheet too large for excelize to keep in memory is assumed
// to).
func xlsxHasFormulas(f *excelize.File, data []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return true
	}
	for _, zf := range z.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		if !strings.HasPrefix(strings.ToLower(name), "xl/worksheets/") || !strings.HasSuffix(strings.ToLower(name), ".xml") {
			continue
		}
		v, ok := f.Pkg.Load(name)
		b, _ := v.([]byte)
		if !ok || b == nil {
			return true
		}
		for _, tag := range []string{"<f>", "<f ", ":f>", ":f "} {
			if bytes.Contains(b, []byte(tag)) {
				return true
			}
		}
	}
	return false
}

// xlsxCheckText finds a workbook whose table of texts
// (xl/sharedStrings.xml, which text cells point into) is missing, cut
// short or damaged. Read anyway, its text cells would read as the numbers
// that point into the table ("71", "85").
func xlsxCheckText(path string, data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return xlsxDamaged(path, err)
	}
	limit := int64(len(data))*xlsxMaxRatio + 16<<20
	var sst *zip.File
	var sheets []*zip.File
	for _, f := range z.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		switch {
		case name == "xl/sharedstrings.xml":
			sst = f
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			sheets = append(sheets, f)
		}
	}
	damaged := func(what string) error {
		return &DataError{File: path, Err: errors.New("this workbook is damaged: its table of texts (xl/sharedStrings.xml) " + what),
			Hint: "open it in Excel, which may offer to repair it, and save it again; or export the pupil data as CSV"}
	}
	if sst == nil {
		for _, sh := range sheets {
			rc, err := sh.Open()
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(rc, limit))
			rc.Close()
			if bytes.Contains(b, []byte(`t="s"`)) {
				return damaged("is missing, so its text cells cannot be read")
			}
		}
		return nil
	}
	rc, err := sst.Open()
	if err != nil {
		return damaged("cannot be opened")
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, limit))
	declared, found, depth := -1, 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return damaged("is cut short or damaged")
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				for _, a := range e.Attr {
					if a.Name.Local == "uniqueCount" {
						if n, err := strconv.Atoi(a.Value); err == nil {
							declared = n
						}
					}
				}
			case depth == 2 && e.Name.Local == "si":
				found++
			}
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 {
		return damaged("is cut short")
	}
	if declared > found {
		return damaged(fmt.Sprintf("is cut short: it holds %s of its %s texts", hint.Count(found), hint.Count(declared)))
	}
	return nil
}

// isDateFormat reports whether a number format shows dates or times: the
// built-in formats 14 to 22, 27 to 36, 45 to 47 and 50 to 58, or a custom
// format with a day, month, year, hour or second code outside quoted text
// and brackets.
func isDateFormat(id int, custom string) bool {
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return true
	case custom == "":
		return false
	}
	quoted := false
	for i := 0; i < len(custom); i++ {
		c := custom[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\' || c == '_' || c == '*':
			i++ // an escaped or spacing character
		case c == '[':
			// A colour, condition or locale; [h], [mm], [ss] are elapsed
			// times.
			end := strings.IndexByte(custom[i:], ']')
			if end < 0 {
				return false
			}
			in := strings.ToLower(custom[i+1 : i+end])
			if in != "" && (strings.Trim(in, "h") == "" || strings.Trim(in, "m") == "" || strings.Trim(in, "s") == "") {
				return true
			}
			i += end
		case strings.IndexByte("dDmMyYhHsS", c) >= 0:
			return true
		}
	}
	return false
}

// xlsxCheckZip says what a zip file is when it is not an Excel workbook.
func xlsxCheckZip(path string, data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return xlsxDamaged(path, err)
	}
	var names []string
	has := func(prefix string) bool {
		for _, n := range names {
			if strings.HasPrefix(strings.ToLower(n), prefix) {
				return true
			}
		}
		return false
	}
	for _, f := range z.File {
		names = append(names, strings.ReplaceAll(f.Name, "\\", "/"))
	}
	var what string
	switch {
	case has("xl/workbook.xml"):
		return nil
	case has("xl/workbook.bin"):
		what = "an Excel binary workbook (.xlsb), which whatworks cannot read"
	case has("word/"):
		what = "a Word document, not an Excel workbook"
	case has("ppt/"):
		what = "a PowerPoint presentation, not an Excel workbook"
	case has("[content_types].xml"):
		return nil // let excelize say what is wrong
	default:
		h := "unzip it and give the pupil data file inside it as data.file"
		if len(names) > 0 {
			h += " (it holds " + hint.Quote(names, 5) + ")"
		}
		return &DataError{File: path, Err: errors.New("this is a zip archive, not an Excel workbook"), Hint: h}
	}
	return &DataError{File: path, Err: errors.New("this is " + what),
		Hint: "save the pupil data as .xlsx (Excel Workbook) or CSV"}
}

// xlsxMaxRatio is the most a workbook's parts may claim to unzip to, as a
// multiple of the workbook's size.
const xlsxMaxRatio = 200

func xlsxDamaged(path string, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrAlgorithm):
		msg = "the zip container is damaged"
	case strings.HasPrefix(msg, "unzip size exceeds"):
		msg = "its parts claim to be far larger than the file itself"
	}
	return &DataError{File: path,
		Err:  fmt.Errorf("this file cannot be read as an Excel workbook (%s)", msg),
		Hint: "it may be damaged or only partly copied; open it in Excel and save it again as .xlsx or CSV"}
}

// xlsxCells answers what a cell's raw value does not say.
type xlsxCells interface {
	isBool(row, col int) bool
	noSavedValue(row, col int) bool
	isDate(row, col int) bool
}

// xlsxType types a sheet's rows (row r is rows[r-1]); cells says which
// cells are TRUE/FALSE, formulas without a saved value, or dates.
func xlsxType(path, sheet string, rows [][]string, opts Options, cells xlsxCells) (*Table, error) {
	blank := func(cells []string) bool {
		for _, c := range cells {
			if len(trimCell([]byte(c))) > 0 {
				return false
			}
		}
		return true
	}
	h := 0
	for h < len(rows) && blank(rows[h]) {
		h++
	}
	if h == len(rows) {
		return nil, &DataError{File: path, Sheet: sheet, Err: errors.New("the sheet is empty"),
			Hint: "row 1 should hold the column names, and each row below it one pupil; set data.sheet if the data is on another sheet"}
	}
	headerRow := h + 1
	// Rows may be longer than the header (data with no name, an error) or
	// shorter (trailing blank cells are not stored).
	ncol := 0
	for _, r := range rows[h:] {
		ncol = max(ncol, len(r))
	}
	header := make([][]byte, ncol)
	for j, c := range rows[h] {
		header[j] = []byte(c)
	}
	names, probs := headerNames(path, sheet, headerRow, header)
	if len(probs) > 0 {
		return nil, oneOrAll(probs)
	}
	xlsxBooleans(rows, h, ncol, cells.isBool)
	t := newTyper(path, sheet, headerRow, names, opts, false, len(rows)-h)
	var rowNums rowNumbers
	var data [][]string
	for i := h + 1; i < len(rows); i++ {
		if blank(rows[i]) {
			continue
		}
		rowNums.add(i + 1)
		data = append(data, rows[i])
		for j, c := range t.cols {
			var cell []byte
			if j < len(rows[i]) {
				cell = []byte(rows[i][j])
			}
			t.add(c, cell, i+1)
			if !c.skip && !c.unnamed && len(trimCell(cell)) == 0 && cells.noSavedValue(i+1, j) {
				c.noValue.Add(i + 1)
			}
		}
	}
	if n := t.needPrefix(); n > 0 {
		for i := 0; i < n; i++ {
			for j, c := range t.cols {
				if c.cat && i < c.prefix {
					var cell []byte
					if j < len(data[i]) {
						cell = []byte(data[i][j])
					}
					t.addPrefix(c, cell, i)
				}
			}
		}
	}
	tab, err := buildTable(path, sheet, t, rowNums, nil)
	if tab != nil {
		tab.Warnings = append(tab.Warnings, xlsxNoValues(path, sheet, t)...)
		tab.Warnings = append(tab.Warnings, xlsxDates(path, sheet, t, tab, cells)...)
	}
	return tab, err
}

// ErrNoSavedValue is a formula cell whose value was never saved.
var ErrNoSavedValue = errors.New("formula cells have no saved value")

// xlsxNoValues says which columns have formula cells with no saved value
// (read as missing), cell by cell.
func xlsxNoValues(path, sheet string, t *typer) []*DataError {
	var out []*DataError
	for _, c := range t.cols {
		if c.noValue.N == 0 {
			continue
		}
		refs := make([]string, len(c.noValue.First))
		for k, r := range c.noValue.First {
			refs[k] = fmt.Sprintf("%s%d", columnLetters(c.index), r)
		}
		list := strings.Join(refs, ", ")
		if more := c.noValue.N - len(refs); more > 0 {
			list += fmt.Sprintf(" and %s more", hint.Count(more))
		}
		out = append(out, &DataError{File: path, Sheet: sheet, Column: c.name,
			Err: &noSavedValues{n: c.noValue.N, cells: list},
			Hint: "the workbook was saved by a program that does not calculate formulas (such as openpyxl or pandas): " +
				"open it in Excel or LibreOffice, save it, and run whatworks again"})
	}
	return out
}

// noSavedValues is ErrNoSavedValue with the cells.
type noSavedValues struct {
	n     int
	cells string
}

func (e *noSavedValues) Error() string {
	cells := "cells hold formulas"
	if e.n == 1 {
		cells = "cell holds a formula"
	}
	return fmt.Sprintf("%s %s with no saved value (%s), read as missing", hint.Count(e.n), cells, e.cells)
}
func (e *noSavedValues) Unwrap() error { return ErrNoSavedValue }

// xlsxDates warns about kept numeric columns formatted as dates: their
// cells are read as the numbers behind the dates.
func xlsxDates(path, sheet string, t *typer, tab *Table, cells xlsxCells) []*DataError {
	var out []*DataError
	for _, b := range t.cols {
		col := tab.Column(b.name)
		if b.skip || b.unnamed || col == nil || col.Kind != Numeric {
			continue
		}
		for i, v := range col.Num {
			if v != v {
				continue
			}
			if cells.isDate(tab.Row(i), b.index) {
				out = append(out, &DataError{File: path, Sheet: sheet, Column: b.name,
					Err: fmt.Errorf("is formatted as dates in the workbook: whatworks reads the number behind each date (days since 1900: row %d reads %s), not the date shown",
						tab.Row(i), strconv.FormatFloat(v, 'f', -1, 64)),
					Hint: "if the column holds scores, format its cells as Number in Excel"})
			}
			break
		}
	}
	return out
}

// xlsxBooleans turns TRUE/FALSE cells back into TRUE and FALSE: read raw,
// Excel stores them as 1 and 0. Only columns whose every value is 0 or 1
// can hold them, and only for those is the first cell's type looked up
// (which makes excelize load the whole sheet).
func xlsxBooleans(rows [][]string, header, ncol int, isBool func(row, col int) bool) {
	if isBool == nil {
		return
	}
	for j := range ncol {
		first := -1
		for i := header + 1; i < len(rows); i++ {
			if j >= len(rows[i]) {
				continue
			}
			switch strings.TrimSpace(rows[i][j]) {
			case "":
				continue
			case "0", "1":
				if first < 0 {
					first = i
				}
				continue
			}
			first = -2
			break
		}
		if first < 0 || !isBool(first+1, j) {
			continue
		}
		for i := header + 1; i < len(rows); i++ {
			if j < len(rows[i]) {
				switch strings.TrimSpace(rows[i][j]) {
				case "0":
					rows[i][j] = "FALSE"
				case "1":
					rows[i][j] = "TRUE"
				}
			}
		}
	}
}
