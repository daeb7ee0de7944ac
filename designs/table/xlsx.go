package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"slices"
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
	sheet := opts.Sheet
	if sheet == "" {
		sheet = sheets[0]
	} else if !slices.Contains(sheets, sheet) {
		h := "the workbook's sheets are " + hint.Quote(sheets, 10)
		if m := hint.DidYouMean(sheet, sheets); m != "" {
			h = m + " " + h
		}
		return nil, &DataError{File: path, Err: fmt.Errorf("there is no sheet %q", sheet),
			Hint: h + "; set data.sheet to one of them"}
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
	isBool := func(row, col int) bool {
		cell, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return false
		}
		typ, err := f.GetCellType(sheet, cell)
		return err == nil && typ == excelize.CellTypeBool
	}
	return xlsxType(path, sheet, all, opts, isBool)
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

// xlsxType types a sheet's rows (row r is rows[r-1]). isBool(r, j) reports
// whether the cell in row r, 0-based column j is a TRUE/FALSE cell.
func xlsxType(path, sheet string, rows [][]string, opts Options, isBool func(row, col int) bool) (*Table, error) {
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
	xlsxBooleans(rows, h, ncol, isBool)
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
	return buildTable(path, sheet, t, rowNums, nil)
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
