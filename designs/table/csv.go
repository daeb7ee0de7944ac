package table

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvTable reads delimited text (see Read).
func csvTable(path string, data []byte, opts Options) (*Table, error) {
	data, err := csvDecode(path, data)
	if err != nil {
		return nil, err
	}
	// Excel writes and reads a first line "sep=;" naming the delimiter; it
	// does not show it as a row.
	var delim byte
	if len(data) >= 5 && string(data[:4]) == "sep=" && (len(data) == 5 || data[5] == '\n' || data[5] == '\r') &&
		data[4] > ' ' && data[4] < 0x7F && data[4] != '"' {
		delim = data[4]
		data = data[5:]
		data = bytes.TrimPrefix(bytes.TrimPrefix(data, []byte("\r")), []byte("\n"))
	} else {
		delim = csvDelimiter(data, strings.ToLower(filepath.Ext(path)) == ".tsv")
	}
	s := &csvScanner{data: data, delim: delim}

	// The header is the first row that is not blank.
	var names []string
	headerRow := 0
	for {
		fields, ok, qerr := s.next()
		if qerr != nil {
			return nil, qerr.withFile(path)
		}
		if !ok {
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

	dataStart, recStart := s.pos, s.rec
	expect := bytes.Count(data[dataStart:], []byte{'\n'}) + 1
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
	rows := make([]int, 0, expect)
	var layout Problems
	var ragged capped
	for {
		fields, ok, qerr := s.next()
		if qerr != nil {
			layout = append(layout, qerr.withFile(path))
			break
		}
		if !ok {
			break
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
		rows = append(rows, row)
	}
	layout = append(ragged.result(func(more int) error {
		return &DataError{File: path, Err: fmt.Errorf("…and %d more rows with the wrong number of fields", more)}
	}), layout...)

	// Code the rows that came before a column turned out to be categorical.
	if n := t.needPrefix(); n > 0 && len(layout) == 0 {
		s.pos, s.rec = dataStart, recStart
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
	}
	return buildTable(path, "", t, rows, layout)
}

// buildTable builds the table once every row has been read.
func buildTable(file, sheet string, t *typer, rows []int, layout Problems) (*Table, error) {
	if len(layout) > 0 {
		return nil, oneOrAll(layout)
	}
	if len(rows) == 0 {
		where := "the file"
		if sheet != "" {
			where = "the sheet"
		}
		return nil, &DataError{File: file, Sheet: sheet,
			Err:  errors.New(where + " has a header row but no rows of data"),
			Hint: "add one row per pupil below the column names"}
	}
	cols, layout, cells := t.finish()
	if len(layout) > 0 {
		return nil, oneOrAll(layout)
	}
	if len(cols) == 0 {
		return nil, &DataError{File: file, Sheet: sheet, Row: t.headerRow,
			Err: errors.New("the header row has no column names")}
	}
	tab := &Table{File: file, Sheet: sheet, Columns: cols, RowNumbers: rows}
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

// csvDecode turns the file's bytes into UTF-8 without a byte-order mark.
func csvDecode(path string, data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// Excel's "Unicode Text" export.
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, &DataError{File: path, Err: errors.New("the file is not valid UTF-16 text"),
				Hint: "save it from Excel as \"CSV UTF-8\""}
		}
		data = out
	}
	if !utf8.Valid(data) {
		// Not UTF-8: Excel's plain "CSV" export on Windows writes
		// Windows-1252, in which every byte is a character.
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, &DataError{File: path, Err: errors.New("the file's text is neither UTF-8 nor Windows-1252"),
				Hint: "save it from Excel as \"CSV UTF-8\""}
		}
		data = out
	}
	return data, nil
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

// csvScanner splits delimited text into records of fields, as RFC 4180
// with the leniency of spreadsheets: a field is quoted only if it starts
// with a double quote; inside it "" is a quote and delimiters and line
// breaks are text; text after the closing quote is kept; lines end in LF,
// CRLF or CR. Fields are slices of data where possible, so scanning
// allocates little.
type csvScanner struct {
	data    []byte
	pos     int
	delim   byte
	rec     int // records read, i.e. the row number of the last one
	fields  [][]byte
	scratch []byte
}

// csvQuoteError is a quoted field that never ends.
type csvQuoteError struct{ row int }

func (e *csvQuoteError) withFile(path string) *DataError {
	return &DataError{File: path, Row: e.row,
		Err:  errors.New("a quoted field starts in this row but never ends"),
		Hint: `a double quote (") is missing or stray; a quote inside a quoted value is written twice ("")`}
}

// next returns the next record's fields, valid until the following call.
// ok is false at the end of the data.
func (s *csvScanner) next() (fields [][]byte, ok bool, qerr *csvQuoteError) {
	data, n, delim := s.data, len(s.data), s.delim
	if s.pos >= n {
		return nil, false, nil
	}
	s.rec++
	s.fields = s.fields[:0]
	s.scratch = s.scratch[:0]
	pos := s.pos
	for {
		if pos < n && data[pos] == '"' {
			f, end, ok := s.quoted(pos)
			if !ok {
				s.pos = n
				return nil, true, &csvQuoteError{row: s.rec}
			}
			s.fields = append(s.fields, f)
			pos = end
		} else {
			start := pos
			for pos < n {
				c := data[pos]
				if c == delim || c == '\n' || c == '\r' {
					break
				}
				pos++
			}
			s.fields = append(s.fields, data[start:pos])
		}
		if pos >= n {
			break
		}
		c := data[pos]
		pos++
		if c == delim {
			if pos >= n {
				s.fields = append(s.fields, data[n:])
				break
			}
			continue
		}
		if c == '\r' && pos < n && data[pos] == '\n' {
			pos++
		}
		break
	}
	s.pos = pos
	return s.fields, true, nil
}

// quoted reads the quoted field starting at data[pos] == '"'. It returns
// the field's text and the position of the delimiter or line end after it.
func (s *csvScanner) quoted(pos int) (field []byte, end int, ok bool) {
	data, n := s.data, len(s.data)
	start := pos + 1
	copyNeeded := false
	i := start
	for {
		j := bytes.IndexByte(data[i:], '"')
		if j < 0 {
			return nil, 0, false
		}
		if cr := bytes.IndexByte(data[i:i+j], '\r'); cr >= 0 {
			copyNeeded = true
		}
		i += j
		if i+1 < n && data[i+1] == '"' {
			copyNeeded = true
			i += 2
			continue
		}
		break
	}
	// data[i] is the closing quote.
	closing := i
	end = i + 1
	for end < n && data[end] != s.delim && data[end] != '\n' && data[end] != '\r' {
		end++
	}
	if !copyNeeded && end == closing+1 {
		return data[start:closing], end, true
	}
	from := len(s.scratch)
	for k := start; k < closing; k++ {
		c := data[k]
		switch {
		case c == '"' && data[k+1] == '"':
			k++
		case c == '\r' && k+1 < closing && data[k+1] == '\n':
			continue
		case c == '\r':
			c = '\n'
		}
		s.scratch = append(s.scratch, c)
	}
	s.scratch = append(s.scratch, data[closing+1:end]...)
	return s.scratch[from:len(s.scratch):len(s.scratch)], end, true
}
