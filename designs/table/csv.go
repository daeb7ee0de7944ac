package table

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/regular"
	"golang.org/x/text/encoding/charmap"
)

// csvTable reads delimited text (see Read) from f, in two passes: the
// first chooses the encoding and counts the lines (scanText), the second
// types the cells. A third pass, up to the row where it happened, codes
// the rows of a column that turned out to be labels after it began as
// numbers.
func csvTable(path string, f *regular.File, opts Options) (*Table, error) {
	if err := f.Rewind(); err != nil {
		return nil, readError(path, err)
	}
	st, err := scanText(f)
	if err != nil {
		return nil, readError(path, err)
	}
	var strays []strayByte
	open := func() (*csvScanner, error) {
		if err := f.Rewind(); err != nil {
			return nil, readError(path, err)
		}
		strays = strays[:0]
		s := newCSVScanner(decodedText(f, st.enc, &strays), f.Size)
		if s.err != nil {
			return nil, csvReadError(path, st.enc, s.err)
		}
		s.delim = csvSeparatorLine(s)
		if s.delim == 0 {
			s.delim = csvDelimiter(s.window(), strings.ToLower(filepath.Ext(path)) == ".tsv")
		}
		return s, nil
	}
	s, err := open()
	if err != nil {
		return nil, err
	}
	delim := s.delim

	// The header is the first row that is not blank.
	var names []string
	headerRow := 0
	for {
		fields, ok, qerr := s.next()
		if qerr != nil {
			return nil, qerr.withFile(path)
		}
		if !ok {
			if s.err != nil {
				return nil, csvReadError(path, st.enc, s.err)
			}
			return nil, &DataError{File: path, Err: errors.New("the file has no header row (it holds only blank lines)"),
				Hint: "row 1 should hold the column names, and each row below it one pupil"}
		}
		if csvBlank(fields) {
			continue
		}
		headerRow = s.rec
		var probs Problems
		names, probs = headerNames(path, "", headerRow, fields)
		if len(probs) > 0 {
			return nil, oneOrAll(probs)
		}
		break
	}

	recStart := s.rec
	expect := st.lines + 1
	t := newTyper(path, "", headerRow, names, opts, delim == ';', expect)
	// Rows need a field for every named column; unnamed columns at the
	// end of the header may be left out, and fields past the header must
	// be blank.
	ncol, need := len(names), 0
	for i, n := range names {
		if n != "" {
			need = i + 1
		}
	}
	var rows rowNumbers
	var layout Problems
	var ragged capped
	var strayRows []strayRow
	nextStray := 0
	for {
		fields, ok, qerr := s.next()
		if qerr != nil {
			layout = append(layout, qerr.withFile(path))
			break
		}
		if !ok {
			break
		}
		for ; nextStray < len(strays) && strays[nextStray].off < s.offset(); nextStray++ {
			if k := len(strayRows); k == 0 || strayRows[k-1].row != s.rec {
				strayRows = append(strayRows, strayRow{row: s.rec, b: strays[nextStray].b})
			}
		}
		if csvBlank(fields) {
			continue
		}
		row := s.rec
		if len(fields) < need || len(fields) > ncol && !csvBlank(fields[ncol:]) {
			e := &DataError{File: path, Row: row,
				Err: fmt.Errorf("has %d fields but the header (row %d) has %d", len(fields), headerRow, need)}
			switch {
			case len(fields) > ncol && need == 1:
				e.Hint = fmt.Sprintf("row %d holds only %q: the first row that is not blank must hold the column names, so delete any title rows above them", headerRow, names[0])
			case len(fields) > ncol:
				e.Hint = fmt.Sprintf("a value containing %s must be in double quotes", csvDelimName(delim))
			default:
				e.Hint = "a field may be missing, or a value may contain a line break"
			}
			ragged.add(e)
		}
		for j, c := range t.cols {
			if j < len(fields) {
				t.add(c, fields[j], row)
			} else {
				t.add(c, nil, row)
			}
		}
		rows.add(row)
	}
	if s.err != nil {
		return nil, csvReadError(path, st.enc, s.err)
	}
	layout = append(ragged.result(func(more int) error {
		return &DataError{File: path, Err: fmt.Errorf("…and %d more rows with the wrong number of fields", more)}
	}), layout...)

	// Code the rows that came before a column turned out to be categorical.
	if n := t.needPrefix(); n > 0 && len(layout) == 0 {
		s, err := open()
		if err != nil {
			return nil, err
		}
		for s.rec < recStart {
			if _, ok, _ := s.next(); !ok {
				break
			}
		}
		for i := 0; i < n; {
			fields, ok, _ := s.next()
			if !ok {
				break
			}
			if csvBlank(fields) {
				continue
			}
			for j, c := range t.cols {
				if c.cat && i < c.prefix {
					var f []byte
					if j < len(fields) {
						f = fields[j]
					}
					t.addPrefix(c, f, i)
				}
			}
			i++
		}
		if s.err != nil {
			return nil, csvReadError(path, st.enc, s.err)
		}
	}
	tab, err := buildTable(path, "", t, rows, layout)
	if tab != nil {
		tab.Warnings = append(tab.Warnings, strayWarnings(path, strayRows)...)
	}
	return tab, err
}

// csvSeparatorLine reads Excel's "sep=;" first line, which names the
// delimiter and is not shown as a row, and returns the delimiter; 0 when
// there is no such line.
func csvSeparatorLine(s *csvScanner) byte {
	data := s.window()
	if len(data) >= 5 && string(data[:4]) == "sep=" && (len(data) == 5 || data[5] == '\n' || data[5] == '\r') &&
		data[4] > ' ' && data[4] < 0x7F && data[4] != '"' {
		delim := data[4]
		n := 5
		if n < len(data) && data[n] == '\r' {
			n++
		}
		if n < len(data) && data[n] == '\n' {
			n++
		}
		s.skip(n)
		return delim
	}
	return 0
}

// strayRow is a row with a byte that is not UTF-8 in a UTF-8 file (the
// first such byte).
type strayRow struct {
	row int
	b   byte
}

// maxStrayRows is how many rows with stray bytes are named one by one.
const maxStrayRows = 5

// strayWarnings says which rows of a UTF-8 file held bytes that are not
// UTF-8 and how they were read.
func strayWarnings(path string, rows []strayRow) []*DataError {
	var out []*DataError
	for i, r := range rows {
		if i == maxStrayRows {
			out = append(out, &DataError{File: path,
				Err: fmt.Errorf("…and %d more rows with bytes that are not UTF-8", len(rows)-maxStrayRows)})
			break
		}
		out = append(out, &DataError{File: path, Row: r.row,
			Err: fmt.Errorf("has a byte that is not UTF-8 (0x%02X), read as %q as in Windows-1252; the rest of the file is read as UTF-8",
				r.b, string(charmap.Windows1252.DecodeByte(r.b))),
			Hint: "check the value in this row; save the file as \"CSV UTF-8\" so that every character is stored one way"})
	}
	return out
}

// csvReadError explains a failure to read a text file part way.
func csvReadError(path string, enc encoding, err error) error {
	var tl *regular.TooLargeError
	if enc == encUTF16 && !errors.As(err, &tl) && !errors.Is(err, fs.ErrClosed) {
		return &DataError{File: path, Err: errBadUTF16, Hint: "save it from Excel as \"CSV UTF-8\""}
	}
	return readError(path, err)
}

// buildTable builds the table once every row has been read.
func buildTable(file, sheet string, t *typer, rows rowNumbers, layout Problems) (*Table, error) {
	if len(layout) > 0 {
		return nil, oneOrAll(layout)
	}
	if rows.n == 0 {
		where := "the file"
		if sheet != "" {
			where = "the sheet"
		}
		return nil, &DataError{File: file, Sheet: sheet,
			Err:  errors.New(where + " has a header row but no rows of data"),
			Hint: "add one row per pupil below the column names"}
	}
	tab := &Table{File: file, Sheet: sheet, rows: rows.n, runs: rows.runs}
	cols, layout, cells := t.finish(tab.Row)
	if len(layout) > 0 {
		return nil, oneOrAll(layout)
	}
	tab.Columns = cols
	for _, c := range t.cols {
		if !c.unnamed {
			tab.Header = append(tab.Header, c.name)
		}
	}
	if len(tab.Header) == 0 {
		return nil, &DataError{File: file, Sheet: sheet, Row: t.headerRow,
			Err: errors.New("the header row has no column names")}
	}
	if len(cells) > 0 {
		return tab, oneOrAll(cells)
	}
	return tab, nil
}

// oneOrAll returns one problem as itself and several as Problems.
func oneOrAll(p Problems) error {
	if len(p) == 1 {
		return p[0]
	}
	return p
}

// csvDelimiter picks comma, semicolon, tab or vertical bar: whichever
// occurs most often outside quotes in the first line that is not blank
// (ties go to comma, then semicolon, then tab).
func csvDelimiter(data []byte, tsv bool) byte {
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		if len(bytes.Trim(line, " \r\t,;|")) > 0 {
			break
		}
		data = rest
	}
	var count [256]int
	quoted := false
loop:
	for _, c := range data {
		switch c {
		case '"':
			quoted = !quoted
		case ',', ';', '\t', '|':
			if !quoted {
				count[c]++
			}
		case '\n', '\r':
			if !quoted {
				break loop
			}
		}
	}
	if tsv && count['\t'] > 0 {
		return '\t'
	}
	best := byte(',')
	for _, d := range []byte{';', '\t', '|'} {
		if count[d] > count[best] {
			best = d
		}
	}
	return best
}

func csvDelimName(d byte) string {
	switch d {
	case ';':
		return "a semicolon"
	case '\t':
		return "a tab"
	case '|':
		return "a vertical bar"
	}
	return "a comma"
}

// csvBlank reports whether every field is empty or spaces.
func csvBlank(fields [][]byte) bool {
	for _, f := range fields {
		if len(trimCell(f)) > 0 {
			return false
		}
	}
	return true
}
