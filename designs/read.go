package designs

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Errors that DataError.Err may hold, for errors.Is.
var (
	// ErrNotNumber is a value in a numeric column that is neither a number
	// nor a missing-value token.
	ErrNotNumber = errors.New("is not a number")
	// ErrPasswordProtected is a workbook that needs a password to open.
	ErrPasswordProtected = errors.New("this workbook is password-protected")
)

// readMaxPerColumn is how many bad cells Read reports one by one in each
// column before it sums up the rest in one message.
const readMaxPerColumn = 20

// Read reads pupil data from a CSV or XLSX file into typed columns.
//
// The format is sniffed from the file's content, not trusted from its
// extension: a workbook named .csv, a CSV named .xlsx, an old .xls
// workbook, a password-protected workbook, a web page or XML spreadsheet
// saved as .xls, a zip archive or a binary file each get an error that says
// what the file really is.
//
// CSV files may be comma-, semicolon-, tab- or vertical-bar-delimited
// (detected from the header line, or named by an Excel "sep=;" first line),
// UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark,
// or Windows-1252 (Excel's plain "CSV" export), with LF, CRLF or CR line
// ends. Fields may be quoted as in RFC 4180. In semicolon-delimited files a
// decimal comma ("3,5") reads as a decimal point.
//
// XLSX cells are read raw, not as displayed: a cell formatted as 25.6%
// reads 0.256 and a date reads as its serial number; formula cells read
// their cached values; TRUE/FALSE cells read "TRUE" and "FALSE".
// opts.Sheet names the sheet; "" reads the first. For CSV files opts.Sheet
// is ignored.
//
// The first row that is not blank holds the column names (row 1, unless
// rows above it are blank). Cells are trimmed of surrounding spaces before
// they are compared with opts.Missing or parsed, and an empty cell is
// always missing. Numbers are decimals with an optional sign, decimal
// point and exponent ("-2", ".5", "1e3"); "1,234", "95%", "inf" and "0x10"
// are not numbers. Completely blank rows are skipped, but rows keep the
// numbers the spreadsheet shows them under (Table.RowNumbers). Columns with
// no name and no data (trailing blank columns) are dropped.
//
// Problems with the file as a whole (cannot be opened, empty, no data rows,
// duplicate or empty column names, rows with the wrong number of fields, a
// missing sheet) are returned as *DataError, or Problems of them, with a nil
// Table. When the only problems are values that are not numbers in
// opts.Numeric columns, Read returns the Table, those cells missing,
// together with Problems listing them (at most 20 per column, then one
// message counting the rest), so that a caller can report more.
//
// The input file is only ever opened for reading.
func Read(path string, opts ReadOptions) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, readOpenError(path, err)
	}
	if len(data) == 0 {
		return nil, &DataError{File: path, Err: errors.New("the file is empty"),
			Hint: "it should have a header row of column names and one row per pupil"}
	}
	ext := strings.ToLower(filepath.Ext(path))
	kind := readSniff(data)
	switch kind {
	case sniffZip:
		if ext == ".csv" || ext == ".tsv" || ext == ".txt" {
			return nil, &DataError{File: path,
				Err:  errors.New("this is an Excel workbook (.xlsx), not a CSV file"),
				Hint: "rename it to " + readRename(path, ".xlsx") + ", or open it in Excel and save it as CSV"}
		}
		return readXLSX(path, data, opts)
	case sniffODS:
		return nil, &DataError{File: path,
			Err:  errors.New("this is an OpenDocument spreadsheet (.ods), which whatworks cannot read"),
			Hint: "save it as .xlsx or CSV"}
	case sniffEncrypted:
		return nil, &DataError{File: path, Err: ErrPasswordProtected,
			Hint: "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save a copy as .xlsx or CSV"}
	case sniffCFB:
		return nil, &DataError{File: path,
			Err:  errors.New("this is an old-style Excel workbook (.xls), which whatworks cannot read"),
			Hint: "open it in Excel and save it as .xlsx (Excel Workbook) or CSV"}
	case sniffBinary:
		what := "a binary file, not a text (CSV) file or an Excel workbook"
		if d := readDescribeBinary(data); d != "" {
			what = d + ", not a CSV file or an Excel workbook"
		}
		return nil, &DataError{File: path, Err: errors.New("this is " + what),
			Hint: "export the pupil data from your spreadsheet or MIS as .xlsx or CSV"}
	}
	// Text.
	if what := readMarkup(data); what != "" {
		return nil, &DataError{File: path, Err: errors.New("this is " + what + ", not a CSV file or an Excel workbook"),
			Hint: "open it in Excel and save it as .xlsx (Excel Workbook) or CSV"}
	}
	if ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" {
		return nil, &DataError{File: path,
			Err:  errors.New("this is a text (CSV) file, not an Excel workbook"),
			Hint: "rename it to " + readRename(path, ".csv")}
	}
	return readCSV(path, data, opts)
}

func readOpenError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	de := &DataError{File: path, Err: fmt.Errorf("cannot open the file: %w", err)}
	if errors.Is(err, fs.ErrNotExist) {
		de.Err = errors.New("no such file")
		de.Hint = "data.file is relative to the folder the design file is in"
	}
	return de
}

func readRename(path, ext string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ext
}

// What the first bytes of a file say it is.
const (
	sniffText = iota
	sniffZip
	sniffODS
	sniffCFB
	sniffEncrypted
	sniffBinary
)

var (
	readZipMagic = []byte("PK\x03\x04")
	readCFBMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// Encrypted OOXML workbooks are CFB files holding these streams; their
	// names are stored in UTF-16LE in the CFB directory.
	readEncryptedPackage = readUTF16LE("EncryptedPackage")
	readEncryptionInfo   = readUTF16LE("EncryptionInfo")
)

func readUTF16LE(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

func readSniff(data []byte) int {
	switch {
	case bytes.HasPrefix(data, readZipMagic):
		if len(data) > 38 && string(data[30:38]) == "mimetype" &&
			bytes.Contains(data[38:min(len(data), 120)], []byte("opendocument")) {
			return sniffODS
		}
		return sniffZip
	case bytes.HasPrefix(data, readCFBMagic[:4]):
		if bytes.Contains(data, readEncryptedPackage) || bytes.Contains(data, readEncryptionInfo) {
			return sniffEncrypted
		}
		return sniffCFB
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return sniffText // UTF-16 with a byte-order mark
	}
	head := data[:min(len(data), 8192)]
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return sniffBinary
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A:
			control++
		}
	}
	if control*20 > len(head) {
		return sniffBinary
	}
	return sniffText
}

// readMarkup names the markup formats that spreadsheets and MIS exports
// save under .xls: a web page or an Excel 2003 XML spreadsheet. It returns
// "" for anything else.
func readMarkup(data []byte) string {
	head := bytes.ToLower(data[:min(len(data), 4096)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return ""
	}
	switch {
	case bytes.Contains(head, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return "an Excel 2003 XML spreadsheet"
	case bytes.Contains(head, []byte("<html")), bytes.Contains(head, []byte("<table")), bytes.HasPrefix(head, []byte("<!doctype html")):
		return "a web page (HTML)"
	case bytes.HasPrefix(head, []byte("<?xml")):
		return "an XML file"
	}
	return ""
}

// readDescribeBinary names a few binary formats people mistake for data.
func readDescribeBinary(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(data, []byte{0x1F, 0x8B}):
		return "a gzip-compressed file"
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return "a PNG image"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "a JPEG image"
	case bytes.HasPrefix(data, []byte("SQLite format 3")):
		return "an SQLite database"
	}
	return ""
}

// readSpreadsheetColumn is the spreadsheet's letter name of 0-based column
// i: 0 → A, 25 → Z, 26 → AA.
func readSpreadsheetColumn(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append(b, byte('A'+(i-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// readTrim trims spaces, tabs and no-break spaces (U+00A0, common in
// exports) from both ends of a cell.
func readTrim(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[0] == ' ' || b[0] == '\t':
			b = b[1:]
		case len(b) > 1 && b[0] == 0xC2 && b[1] == 0xA0:
			b = b[2:]
		default:
			goto right
		}
	}
right:
	for len(b) > 0 {
		n := len(b)
		switch {
		case b[n-1] == ' ' || b[n-1] == '\t':
			b = b[:n-1]
		case n > 1 && b[n-2] == 0xC2 && b[n-1] == 0xA0:
			b = b[:n-2]
		default:
			return b
		}
	}
	return b
}

// readPow10 holds the powers of ten that float64 represents exactly.
var readPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
	1e21, 1e22}

// readParseNumber parses a trimmed cell as a decimal number: an optional
// sign, digits with at most one decimal point (or, when decimalComma, one
// decimal comma instead), and an optional exponent ("1e3", "-2", "+2",
// ".5", "3,5"). It does not accept thousands separators, "inf", "nan",
// hexadecimal or underscores, which strconv.ParseFloat would.
//
// Plain decimals with at most 15 significant digits and a small exponent
// take Clinger's fast path (an exact integer times or divided by an exact
// power of ten, so one correctly rounded operation), which gives the same
// float64 as strconv.ParseFloat; anything else goes to strconv.ParseFloat.
func readParseNumber(b []byte, decimalComma bool) (float64, bool) {
	n := len(b)
	if n == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	digits, sig, exp := 0, 0, 0
	sepAt := -1
	for ; i < n; i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			digits++
			if sig > 0 || c != '0' {
				sig++
				if sig <= 19 {
					mant = mant*10 + uint64(c-'0')
				}
			}
			if sepAt >= 0 {
				exp--
			}
			continue
		}
		if (c == '.' || c == ',' && decimalComma) && sepAt < 0 {
			sepAt = i
			continue
		}
		break
	}
	if digits == 0 {
		return 0, false
	}
	// Digits beyond the 19th were dropped from mant; the slow path handles
	// those, so exp need not account for them.
	e := 0
	if i < n {
		if b[i] != 'e' && b[i] != 'E' {
			return 0, false
		}
		i++
		eneg := false
		if i < n && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		if i == n {
			return 0, false
		}
		for ; i < n; i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			if e < 100000 {
				e = e*10 + int(c-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	exp += e
	if sig <= 15 && exp >= -22 && exp <= 22 {
		f := float64(mant)
		if exp < 0 {
			f /= readPow10[-exp]
		} else {
			f *= readPow10[exp]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	// Slow path: strconv, with a decimal comma turned into a point.
	var buf [64]byte
	s := append(buf[:0], b...)
	if sepAt >= 0 {
		s[sepAt] = '.'
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// readMissing decides whether a trimmed cell is a missing-value token.
type readMissing []string

func readMissingTokens(tokens []string) readMissing {
	if tokens == nil {
		tokens = DefaultMissing
	}
	m := make(readMissing, 0, len(tokens))
	for _, t := range tokens {
		t = string(readTrim([]byte(t)))
		if !slices.Contains(m, t) {
			m = append(m, t)
		}
	}
	return m
}

func (m readMissing) is(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	for _, t := range m {
		if len(t) == len(b) && t == string(b) {
			return true
		}
	}
	return false
}

// readColumn types one column as its cells arrive, row by row.
//
// A column starts numeric (unless forced categorical) and stays so while
// every non-missing cell parses. When a cell does not parse in a column
// that is not forced numeric, the column turns categorical from that row
// on; the rows before it are coded in a second pass over the data
// (readColumn.prefix), since their labels were not kept.
type readColumn struct {
	name     string
	index    int // in the file, 0-based
	forceNum bool
	forceCat bool
	// unnamed columns (empty header cell) are dropped when empty; dataRow
	// is the first row where one has data.
	unnamed bool
	dataRow int

	cat    bool
	sized  bool // intern sized for an identifier column
	expect int  // rows expected, for allocation
	prefix int  // rows before this one still need coding (categorical)
	num    []float64
	codes  []int32
	intern *readIntern
	labels []string

	bad  []error
	nBad int
}

func (c *readColumn) startCategorical(rows, expect int) {
	c.cat = true
	c.prefix = rows
	c.num = nil
	c.codes = make([]int32, rows, max(rows, expect))
}

// readSmallLevels is how many levels a column has before its labels are
// looked up in a hash table rather than one by one (faster for Y/N
// columns).
const readSmallLevels = 8

func (c *readColumn) code(b []byte) int32 {
	if c.intern == nil {
		for k, l := range c.labels {
			if l == string(b) {
				return int32(k)
			}
		}
		k := int32(len(c.labels))
		c.labels = append(c.labels, string(b))
		if len(c.labels) > readSmallLevels {
			c.intern = newReadIntern(c.labels)
		}
		return k
	}
	if !c.sized && len(c.labels) >= 4096 {
		// A column whose values are nearly all different (an identifier)
		// gets its table sized for every row at once, rather than grown
		// and rehashed many times.
		c.sized = true
		if len(c.labels)*10 > len(c.codes)*9 && c.expect > len(c.labels) {
			c.labels = slices.Grow(c.labels, c.expect-len(c.labels))
			c.intern.grow(c.labels, 1<<bits.Len(uint(2*c.expect)))
		}
	}
	return c.intern.code(b, &c.labels)
}

// readIntern is an open-addressing hash table from label to code: one
// hash per cell, where a Go map would hash twice for a new label (lookup,
// then insert). Which codes labels get depends only on the order they
// first appear in, not on the hash seed.
type readIntern struct {
	seed maphash.Seed
	// slots hold the top 32 bits of a label's hash and its code + 1;
	// 0 is an empty slot.
	slots []uint64
	mask  uint64
}

func newReadIntern(labels []string) *readIntern {
	t := &readIntern{seed: maphash.MakeSeed()}
	t.grow(labels, 64)
	return t
}

func (t *readIntern) grow(labels []string, size int) {
	t.slots = make([]uint64, size)
	t.mask = uint64(size - 1)
	for k, l := range labels {
		h := maphash.String(t.seed, l)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = h&^0xFFFFFFFF | uint64(k+1)
	}
}

func (t *readIntern) code(b []byte, labels *[]string) int32 {
	h := maphash.Bytes(t.seed, b)
	top := h &^ 0xFFFFFFFF
	i := h & t.mask
	for {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if s&^0xFFFFFFFF == top {
			k := int32(s&0xFFFFFFFF) - 1
			if (*labels)[k] == string(b) {
				return k
			}
		}
		i = (i + 1) & t.mask
	}
	k := int32(len(*labels))
	*labels = append(*labels, string(b))
	t.slots[i] = top | uint64(k+1)
	if 2*len(*labels) > len(t.slots) {
		t.grow(*labels, 2*len(t.slots))
	}
	return k
}

// readTyper holds what typing every column needs.
type readTyper struct {
	file, sheet  string
	missing      readMissing
	decimalComma bool
	cols         []*readColumn
	headerRow    int
	expect       int // rows expected, for allocation
}

func newReadTyper(file, sheet string, headerRow int, names []string, opts ReadOptions, decimalComma bool, expectRows int) *readTyper {
	t := &readTyper{file: file, sheet: sheet, headerRow: headerRow, missing: readMissingTokens(opts.Missing), decimalComma: decimalComma, expect: expectRows}
	for i, n := range names {
		c := &readColumn{name: n, index: i, expect: expectRows, forceNum: opts.Numeric[n], forceCat: opts.Categorical[n] && !opts.Numeric[n]}
		if n == "" {
			c.unnamed, c.forceNum, c.forceCat = true, false, false
		} else if c.forceCat {
			c.startCategorical(0, expectRows)
		} else {
			c.num = make([]float64, 0, expectRows)
		}
		t.cols = append(t.cols, c)
	}
	return t
}

// add types one cell of the current row. row is the spreadsheet row number.
func (t *readTyper) add(c *readColumn, cell []byte, row int) {
	b := readTrim(cell)
	if c.unnamed {
		if c.dataRow == 0 && len(b) > 0 {
			c.dataRow = row
		}
		return
	}
	if t.missing.is(b) {
		if c.cat {
			c.codes = append(c.codes, -1)
		} else {
			c.num = append(c.num, math.NaN())
		}
		return
	}
	if !c.cat {
		if v, ok := readParseNumber(b, t.decimalComma); ok {
			c.num = append(c.num, v)
			return
		}
		if c.forceNum {
			c.nBad++
			if len(c.bad) < readMaxPerColumn {
				c.bad = append(c.bad, t.notNumber(c.name, string(b), row))
			}
			c.num = append(c.num, math.NaN())
			return
		}
		c.startCategorical(len(c.num), t.expect)
	}
	c.codes = append(c.codes, c.code(b))
}

// addPrefix codes one cell of a row before the column turned categorical.
func (t *readTyper) addPrefix(c *readColumn, cell []byte, i int) {
	if c.unnamed {
		return
	}
	b := readTrim(cell)
	if t.missing.is(b) {
		c.codes[i] = -1
	} else {
		c.codes[i] = c.code(b)
	}
}

// needPrefix is the number of leading rows some column still has to code.
func (t *readTyper) needPrefix() int {
	n := 0
	for _, c := range t.cols {
		if c.cat {
			n = max(n, c.prefix)
		}
	}
	return n
}

func (t *readTyper) notNumber(col, v string, row int) *DataError {
	e := &DataError{File: t.file, Sheet: t.sheet, Row: row, Column: col, Value: v, Err: ErrNotNumber}
	tokens := make([]string, len(t.missing))
	copy(tokens, t.missing)
	addMissing := fmt.Sprintf("missing values: %s; add %q under data.missing", quoteList(tokens, 0), v)
	switch {
	case strings.HasPrefix(v, "#") && len(v) <= 8 && strings.ToUpper(v) == v:
		e.Hint = "the cell shows a spreadsheet error; fix its formula, or " + addMissing[strings.Index(addMissing, "add "):]
	case strings.HasSuffix(v, "%"):
		if _, ok := readParseNumber(readTrim([]byte(v[:len(v)-1])), t.decimalComma); ok {
			e.Hint = "write percentages as plain numbers, without the % sign"
		} else {
			e.Hint = addMissing
		}
	case t.decimalComma && strings.Contains(v, ".") && strings.Contains(v, ",") &&
		readLooksNumeric(strings.Replace(strings.ReplaceAll(v, ".", ""), ",", ".", 1)):
		e.Hint = "write numbers without thousands separators, e.g. " + strings.ReplaceAll(v, ".", "")
	case !t.decimalComma && strings.Count(v, ",") > 0 && readLooksNumeric(strings.ReplaceAll(v, ",", "")):
		if readThousands(v) {
			e.Hint = "write numbers without thousands separators, e.g. " + strings.ReplaceAll(v, ",", "")
		} else {
			e.Hint = "use a decimal point (" + strings.Replace(v, ",", ".", 1) + "), or save the file with semicolons between fields"
		}
	default:
		e.Hint = addMissing
	}
	return e
}

func readLooksNumeric(s string) bool {
	_, ok := readParseNumber([]byte(s), false)
	return ok
}

// readThousands reports whether s looks like 1,234 or 12,345,678.5.
func readThousands(s string) bool {
	s = strings.TrimLeft(s, "+-")
	intPart, _, _ := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	if len(groups) < 2 || len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// finish sorts every categorical column's levels and returns the columns,
// the problems with the file's layout and the problems with single cells.
func (t *readTyper) finish() (cols []*Column, layout, probs Problems) {
	out := make([]*Column, 0, len(t.cols))
	named, stray, firstName := 0, 0, ""
	for _, c := range t.cols {
		switch {
		case !c.unnamed:
			if named == 0 {
				firstName = c.name
			}
			named++
		case c.dataRow > 0:
			stray++
		}
	}
	for _, c := range t.cols {
		if c.unnamed {
			if c.dataRow > 0 {
				col := readSpreadsheetColumn(c.index)
				e := &DataError{File: t.file, Sheet: t.sheet, Row: c.dataRow,
					Err:  fmt.Errorf("column %s has data but no name in row %d", col, t.headerRow),
					Hint: fmt.Sprintf("add a name in cell %s%d, or delete the column", col, t.headerRow)}
				if named == 1 && stray > 1 {
					// Most likely a title above the column names.
					e.Hint = fmt.Sprintf("row %d holds only %q: the first row that is not blank must hold the column names, so delete any title rows above them", t.headerRow, firstName)
				}
				layout = append(layout, e)
			}
			continue
		}
		for _, e := range c.bad {
			probs = append(probs, e)
		}
		if more := c.nBad - len(c.bad); more > 0 {
			probs = append(probs, &DataError{File: t.file, Sheet: t.sheet, Column: c.name,
				Err: fmt.Errorf("…and %d more values that are not numbers", more)})
		}
		if !c.cat {
			out = append(out, &Column{Name: c.name, Kind: Numeric, Num: c.num})
			continue
		}
		out = append(out, &Column{Name: c.name, Kind: Categorical, Codes: c.codes, Levels: readSortLevels(c.labels, c.codes, t.decimalComma)})
	}
	return out, layout, probs
}

// readSortLevels sorts labels (numerically when every label is a number,
// else by bytes) and recodes codes in place to match. It returns the
// sorted labels.
func readSortLevels(labels []string, codes []int32, decimalComma bool) []string {
	n := len(labels)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	vals := make([]float64, n)
	numeric := true
	for i, l := range labels {
		v, ok := readParseNumber([]byte(l), decimalComma)
		if !ok {
			numeric = false
			break
		}
		vals[i] = v
	}
	if numeric {
		slices.SortFunc(order, func(a, b int32) int {
			if vals[a] != vals[b] {
				if vals[a] < vals[b] {
					return -1
				}
				return 1
			}
			return strings.Compare(labels[a], labels[b])
		})
	} else {
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(labels[a], labels[b]) })
	}
	sorted := make([]string, n)
	remap := make([]int32, n)
	for newCode, old := range order {
		sorted[newCode] = labels[old]
		remap[old] = int32(newCode)
	}
	for i, k := range codes {
		if k >= 0 {
			codes[i] = remap[k]
		}
	}
	return sorted
}

// readHeader trims the header row's names and reports names used twice.
// Empty names stay "": such a column is dropped if it is empty all the
// way down, and an error otherwise (see readTyper.finish).
func readHeader(file, sheet string, row int, cells [][]byte) ([]string, Problems) {
	var probs Problems
	names := make([]string, len(cells))
	seen := make(map[string]int)
	for i, cell := range cells {
		name := string(readTrim(cell))
		names[i] = name
		if name == "" {
			continue
		}
		if j, ok := seen[name]; ok {
			probs = append(probs, &DataError{File: file, Sheet: sheet, Row: row,
				Err:  fmt.Errorf("column name %q appears twice (columns %s and %s)", name, readSpreadsheetColumn(j), readSpreadsheetColumn(i)),
				Hint: "give every column its own name"})
			continue
		}
		seen[name] = i
	}
	return names, probs
}

// readCap keeps at most readMaxPerColumn problems of one kind and sums up
// the rest in one message.
type readCap struct {
	probs Problems
	n     int
}

func (c *readCap) add(e error) {
	c.n++
	if len(c.probs) < readMaxPerColumn {
		c.probs = append(c.probs, e)
	}
}

func (c *readCap) result(summary func(more int) error) Problems {
	if more := c.n - len(c.probs); more > 0 {
		return append(c.probs, summary(more))
	}
	return c.probs
}
