package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// want describes one expected column: numbers (NaN for missing) for a
// numeric column, else labels ("" for missing) and the sorted levels.
type wantCol struct {
	name   string
	kind   Kind
	num    []float64
	labels []string
	levels []string
}

func wantNum(name string, v ...float64) wantCol { return wantCol{name: name, kind: Numeric, num: v} }

func wantCat(name string, levels []string, labels ...string) wantCol {
	return wantCol{name: name, kind: Categorical, labels: labels, levels: levels}
}

var nan = math.NaN()

// checkTable compares a table with the expected columns and row numbers.
func checkTable(t *testing.T, tab *Table, rows []int, cols ...wantCol) {
	t.Helper()
	if !slices.Equal(tab.RowNumbers(), rows) {
		t.Errorf("row numbers %v, want %v", tab.RowNumbers(), rows)
	}
	if len(tab.Columns) != len(cols) {
		t.Fatalf("columns %q, want %d columns", tab.Names(), len(cols))
	}
	for i, w := range cols {
		c := tab.Columns[i]
		if c.Name != w.name || c.Kind != w.kind {
			t.Errorf("column %d is %q %v, want %q %v", i, c.Name, c.Kind, w.name, w.kind)
			continue
		}
		if c.Kind == Numeric {
			if !slices.EqualFunc(c.Num, w.num, func(a, b float64) bool { return a == b || a != a && b != b }) {
				t.Errorf("column %q = %v, want %v", c.Name, c.Num, w.num)
			}
			continue
		}
		if !slices.Equal(c.Levels, w.levels) {
			t.Errorf("column %q levels %q, want %q", c.Name, c.Levels, w.levels)
		}
		got := make([]string, len(c.Codes))
		for j, k := range c.Codes {
			if k >= 0 {
				got[j] = c.Levels[k]
			}
		}
		if !slices.Equal(got, w.labels) {
			t.Errorf("column %q = %q, want %q", c.Name, got, w.labels)
		}
	}
}

// readUnchanged reads path and checks that the file was left as it was
// and that any error is a *DataError or Problems of them.
func readUnchanged(t *testing.T, path string, opts Options) (*Table, error) {
	t.Helper()
	before, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	tab, err := Read(path, opts)
	after, _ := os.ReadFile(path)
	fi2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || fi != nil && (fi2 == nil || !fi.ModTime().Equal(fi2.ModTime()) || fi.Mode() != fi2.Mode()) {
		t.Errorf("Read changed %s", path)
	}
	checkErrorKinds(t, err)
	return tab, err
}

// checkErrorKinds fails unless err is nil, a *DataError or Problems of
// *DataError, each with its File set.
func checkErrorKinds(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var list []error
	switch e := err.(type) {
	case *DataError:
		list = []error{e}
	case Problems:
		if len(e) < 2 {
			t.Errorf("Problems of %d: one problem should be returned as itself", len(e))
		}
		list = e
	default:
		t.Fatalf("error %T %v, want *DataError or Problems", err, err)
	}
	for _, e := range list {
		de, ok := e.(*DataError)
		if !ok {
			t.Fatalf("problem %T %v, want *DataError", e, e)
		}
		if de.File == "" || de.Err == nil {
			t.Errorf("problem without a file or cause: %#v", de)
		}
		if msg := de.Error(); strings.HasSuffix(msg, ".") || msg != strings.TrimSpace(msg) {
			t.Errorf("message %q ends in a period or space", msg)
		}
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// An old time, so that a rewrite would show in the modification time.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return path
}

func cp1252(s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func utf16WithBOM(s string) []byte {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

var pupilOpts = Options{
	Numeric:     map[string]bool{"ks2_read": true, "score": true},
	Categorical: map[string]bool{"upn": true, "school": true, "group": true},
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		file string // name, for the extension
		data []byte
		opts Options
		rows []int
		cols []wantCol
	}{
		{
			name: "comma, LF, typed by content",
			data: []byte("upn,group,score,age\nA1,Y,10.5,11\nA2,N,NA,12\nA3,Y,,x\n"),
			rows: []int{2, 3, 4},
			cols: []wantCol{
				wantCat("upn", []string{"A1", "A2", "A3"}, "A1", "A2", "A3"),
				wantCat("group", []string{"N", "Y"}, "Y", "N", "Y"),
				wantNum("score", 10.5, nan, nan),
				wantCat("age", []string{"11", "12", "x"}, "11", "12", "x"),
			},
		},
		{
			name: "UTF-8 byte-order mark",
			data: []byte("\xEF\xBB\xBFupn,score\nA1,1\n"),
			rows: []int{2},
			cols: []wantCol{wantCat("upn", []string{"A1"}, "A1"), wantNum("score", 1)},
		},
		{
			name: "Windows-1252 from Excel",
			data: cp1252("name;score\r\nZoë;3,5\r\nRénée;4\r\n"),
			rows: []int{2, 3},
			cols: []wantCol{wantCat("name", []string{"Rénée", "Zoë"}, "Zoë", "Rénée"), wantNum("score", 3.5, 4)},
		},
		{
			name: "UTF-16 from Excel's Unicode text",
			file: "pupils.txt",
			data: utf16WithBOM("name\tscore\r\nZoë\t7\r\n"),
			rows: []int{2},
			cols: []wantCol{wantCat("name", []string{"Zoë"}, "Zoë"), wantNum("score", 7)},
		},
		{
			name: "CRLF",
			data: []byte("upn,score\r\nA1,1\r\nA2,2\r\n"),
			rows: []int{2, 3},
			cols: []wantCol{wantCat("upn", []string{"A1", "A2"}, "A1", "A2"), wantNum("score", 1, 2)},
		},
		{
			name: "CR only (old Mac Excel)",
			data: []byte("upn,score\rA1,1\rA2,2\r"),
			rows: []int{2, 3},
			cols: []wantCol{wantCat("upn", []string{"A1", "A2"}, "A1", "A2"), wantNum("score", 1, 2)},
		},
		{
			name: "semicolon with decimal commas",
			data: []byte("upn;score;w\nA1;3,5;1.25\nA2;\"-0,5\";2\nA3;1e3;3\n"),
			rows: []int{2, 3, 4},
			cols: []wantCol{wantCat("upn", []string{"A1", "A2", "A3"}, "A1", "A2", "A3"), wantNum("score", 3.5, -0.5, 1000), wantNum("w", 1.25, 2, 3)},
		},
		{
			name: "tab",
			data: []byte("upn\tscore\tnote\nA1\t1\ta, b; c\n"),
			rows: []int{2},
			cols: []wantCol{wantCat("upn", []string{"A1"}, "A1"), wantNum("score", 1), wantCat("note", []string{"a, b; c"}, "a, b; c")},
		},
		{
			name: "vertical bar",
			data: []byte("upn|score|note\nA1|1|\"a|b, c; d\"\n"),
			rows: []int{2},
			cols: []wantCol{wantCat("upn", []string{"A1"}, "A1"), wantNum("score", 1), wantCat("note", []string{"a|b, c; d"}, "a|b, c; d")},
		},
		{
			name: "sep= line names the delimiter",
			data: []byte("sep=;\nupn;score\nA1;2,5\n"),
			rows: []int{2},
			cols: []wantCol{wantCat("upn", []string{"A1"}, "A1"), wantNum("score", 2.5)},
		},
		{
			name: "quoted fields: delimiter, quote, newline, CRLF inside",
			data: []byte("upn,note,score\r\nA1,\"Smith, J\",1\r\nA2,\"said \"\"hi\"\"\",2\r\nA3,\"two\r\nlines\",3\r\nA4,\"\",4\r\n"),
			rows: []int{2, 3, 4, 5},
			cols: []wantCol{
				wantCat("upn", []string{"A1", "A2", "A3", "A4"}, "A1", "A2", "A3", "A4"),
				wantCat("note", []string{"Smith, J", "said \"hi\"", "two\nlines"}, "Smith, J", "said \"hi\"", "two\nlines", ""),
				wantNum("score", 1, 2, 3, 4),
			},
		},
		{
			name: "number forms and spaces",
			data: []byte("v\n 1e3 \n-2\n+2\n.5\n5.\n007\n1E-2\n 12345678901234567890 \n0.1234567890123456789\n"),
			rows: []int{2, 3, 4, 5, 6, 7, 8, 9, 10},
			cols: []wantCol{wantNum("v", 1000, -2, 2, 0.5, 5, 7, 0.01, 12345678901234567890, 0.1234567890123456789)},
		},
		{
			name: "not numbers: inf, nan, hex, underscores, thousands, percent",
			data: []byte("v\ninf\nNaN\n0x10\n1_000\n\"1,234\"\n5%\n"),
			rows: []int{2, 3, 4, 5, 6, 7},
			cols: []wantCol{wantCat("v", []string{"0x10", "1,234", "1_000", "5%", "NaN", "inf"}, "inf", "NaN", "0x10", "1_000", "1,234", "5%")},
		},
		{
			name: "numeric-looking categorical levels sort numerically",
			data: []byte("school,year\n10,Y7\n2,Y10\n9,Y7\n2,Y8\n"),
			opts: pupilOpts,
			rows: []int{2, 3, 4, 5},
			cols: []wantCol{
				wantCat("school", []string{"2", "9", "10"}, "10", "2", "9", "2"),
				wantCat("year", []string{"Y10", "Y7", "Y8"}, "Y7", "Y10", "Y7", "Y8"),
			},
		},
		{
			name: "a column turns categorical late: earlier rows keep their labels",
			data: []byte("v,w\n1.50,1\n2,2\n,3\nNA,4\n1.5,5\nabc,6\n"),
			rows: []int{2, 3, 4, 5, 6, 7},
			cols: []wantCol{
				wantCat("v", []string{"1.5", "1.50", "2", "abc"}, "1.50", "2", "", "", "1.5", "abc"),
				wantNum("w", 1, 2, 3, 4, 5, 6),
			},
		},
		{
			name: "blank lines skipped but counted; trailing blank lines ignored",
			data: []byte("\nupn,score\nA1,1\n\n  ,  \nA2,2\n\n\n\n"),
			rows: []int{3, 6},
			cols: []wantCol{wantCat("upn", []string{"A1", "A2"}, "A1", "A2"), wantNum("score", 1, 2)},
		},
		{
			name: "no final newline, trailing empty fields, an empty unnamed column",
			data: []byte("upn,score,\nA1,1,\nA2,2,,,"),
			rows: []int{2, 3},
			cols: []wantCol{wantCat("upn", []string{"A1", "A2"}, "A1", "A2"), wantNum("score", 1, 2)},
		},
		{
			name: "leading blank line; trailing unnamed header cells the rows leave out",
			data: []byte("\n\ng;score;;\nx;1,5\ny;2;;\n"),
			rows: []int{4, 5},
			cols: []wantCol{wantCat("g", []string{"x", "y"}, "x", "y"), wantNum("score", 1.5, 2)},
		},
		{
			name: "missing-value tokens from the design, after trimming",
			data: []byte("score,g\n-99,x\n 5 ,  n/a \n,y\n"),
			opts: Options{Missing: []string{"-99", " n/a"}},
			rows: []int{2, 3, 4},
			cols: []wantCol{wantNum("score", nan, 5, nan), wantCat("g", []string{"x", "y"}, "x", "", "y")},
		},
		{
			name: "forced numeric with all values missing; categorical stays labels",
			data: []byte("score,upn\nNA,1\n,2\n"),
			opts: Options{Numeric: map[string]bool{"score": true}, Categorical: map[string]bool{"upn": true}},
			rows: []int{2, 3},
			cols: []wantCol{wantNum("score", nan, nan), wantCat("upn", []string{"1", "2"}, "1", "2")},
		},
		{
			name: "labels trimmed, no-break spaces too",
			data: []byte("g\n Y\nY \n\u00a0Y\u00a0\nN\n"),
			rows: []int{2, 3, 4, 5},
			cols: []wantCol{wantCat("g", []string{"N", "Y"}, "Y", "Y", "Y", "N")},
		},
		{
			name: "many levels (hash table path)",
			data: []byte("id\n" + strings.Repeat("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\na\n", 2)),
			rows: []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
			cols: []wantCol{wantCat("id", strings.Fields("a b c d e f g h i j k"),
				strings.Fields("a b c d e f g h i j k a a b c d e f g h i j k a")...)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.file
			if name == "" {
				name = "pupils.csv"
			}
			path := writeFile(t, name, tc.data)
			tab, err := readUnchanged(t, path, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tab.File != path || tab.Sheet != "" {
				t.Errorf("File, Sheet = %q, %q", tab.File, tab.Sheet)
			}
			checkTable(t, tab, tc.rows, tc.cols...)
		})
	}
}

// TestParseNumber checks the fast path against strconv.ParseFloat.
func TestParseNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "1", "0.1", "0.3", "123456789012345", "1234567890123456",
		"9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "4.35", "99.95", "0.000001", "1.7976931348623157e308",
		"5e-324", "2.2250738585072014e-308", "3.141592653589793", "100.1", "-7.25e-3", "1e-400"} {
		want, _ := strconv.ParseFloat(s, 64)
		got, ok := parseNumber([]byte(s), false)
		if !ok || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("parseNumber(%q) = %v, %v; strconv says %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "+", "-", ".", "e3", "1e", "1e+", "1..2", "1.2.3", "1,5", "inf", "-Inf", "NaN",
		"0x1p3", "1_0", "1e999", "--1", "1 2", "1d", "١٢"} {
		if v, ok := parseNumber([]byte(s), false); ok {
			t.Errorf("parseNumber(%q) = %v, want not a number", s, v)
		}
	}
	if v, ok := parseNumber([]byte("1,5"), true); !ok || v != 1.5 {
		t.Errorf("decimal comma: %v %v", v, ok)
	}
	if _, ok := parseNumber([]byte("1,5.2"), true); ok {
		t.Errorf("1,5.2 with decimal commas parsed")
	}
}

func TestColumnLetters(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := columnLetters(i); got != want {
			t.Errorf("column %d = %s, want %s", i, got, want)
		}
	}
}

// TestReadErrors is the catalogue of bad files: each message names the
// file, sheet, row, column and value, and says how to fix it. Paths are
// shown relative to the test's folder.
func TestReadErrors(t *testing.T) {
	many := "upn,ks2_read\n"
	for i := range 25 {
		many += fmt.Sprintf("A%d,x%d\n", i, i)
	}
	manyRagged := "a,b\n" + strings.Repeat("1\n", 23)
	tests := []struct {
		name string
		file string
		data []byte
		opts Options
		want string
		// table: a table comes back with the error (cell problems only).
		table bool
	}{
		{name: "empty file", data: nil,
			want: `pupils.csv: the file is empty (it should have a header row of column names and one row per pupil)`},
		{name: "only blank lines", data: []byte("\r\n \r\n,,\r\n"),
			want: `pupils.csv: the file has no header row (it holds only blank lines) (row 1 should hold the column names, and each row below it one pupil)`},
		{name: "header only", data: []byte("upn,ks2_read\n\n"),
			want: `pupils.csv: the file has a header row but no rows of data (add one row per pupil below the column names)`},
		{name: "duplicate column names", data: []byte("upn,score,fsm,score,fsm\n1,2,3,4,5\n"),
			want: `pupils.csv, row 1: column name "score" appears twice (columns B and D) (give every column its own name)` + "\n" +
				`pupils.csv, row 1: column name "fsm" appears twice (columns C and E) (give every column its own name)`},
		{name: "empty column name with data", data: []byte("upn,,score\nA1,,1\nA2,x,2\n"),
			want: `pupils.csv, row 3: column B has data but no name in row 1 (add a name in cell B1, or delete the column)`},
		{name: "a title row above the column names", data: []byte("Year 7 reading 2025,,\n,,\nupn,score,fsm\nA1,1,Y\n"),
			want: `pupils.csv, row 3: column B has data but no name in row 1 (row 1 holds only "Year 7 reading 2025": the first row that is not blank must hold the column names, so delete any title rows above them)` + "\n" +
				`pupils.csv, row 3: column C has data but no name in row 1 (row 1 holds only "Year 7 reading 2025": the first row that is not blank must hold the column names, so delete any title rows above them)`},
		{name: "a title line above the column names", data: []byte("Year 7 reading 2025\nupn,score,fsm\n"),
			want: `pupils.csv, row 2: has 3 fields but the header (row 1) has 1 (row 1 holds only "Year 7 reading 2025": the first row that is not blank must hold the column names, so delete any title rows above them)`},
		{name: "answers in words in a column read as numbers", data: []byte("upn,ks2_read\nA1,Some\nA2,None\nA3,Some\nA4,\n"), opts: Options{Numeric: map[string]bool{"ks2_read": true}}, table: true,
			want: `pupils.csv, column "ks2_read": "Some" is not a number, in rows 2 and 4 (no cell of column "ks2_read" is a number: answers in words ("Some", "None") need levels: listing them from lowest to highest, in a scales: entry with the column as an item (one item for one question); listing them under data.missing would throw every answer away)` + "\n" +
				`pupils.csv, row 3, column "ks2_read": "None" is not a number (no cell of column "ks2_read" is a number: answers in words ("Some", "None") need levels: listing them from lowest to highest, in a scales: entry with the column as an item (one item for one question); listing them under data.missing would throw every answer away)`},
		{name: "thousands separator with decimal commas", data: []byte("upn;score\nA1;1.234,5\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "score": "1.234,5" is not a number (write numbers without thousands separators, e.g. 1234,5)`},
		{name: "ragged rows", data: []byte("upn,ks2_read,fsm\nA1,1,Y\nA2,2\nA3,3,Y,extra\nA4,4,N\n"),
			want: `pupils.csv, row 3: has 2 fields but the header (row 1) has 3 (a field may be missing, or a value may contain a line break)` + "\n" +
				`pupils.csv, row 4: has 4 fields but the header (row 1) has 3 (a value containing a comma must be in double quotes)`},
		{name: "many ragged rows are summed up", data: []byte(manyRagged),
			want: ""},
		{name: "unterminated quote", data: []byte("upn,note\nA1,ok\nA2,\"oops\nA3,x\n"),
			want: `pupils.csv, row 3: a quoted field starts in this row but never ends (a double quote (") is missing or stray; a quote inside a quoted value is written twice (""))`},
		{name: "binary garbage", data: []byte("\x00\x01\x02\x03garbage\xff\xfe\x00"),
			want: `pupils.csv: this is a binary file, not a text (CSV) file or an Excel workbook (export the pupil data from your spreadsheet or MIS as .xlsx or CSV)`},
		{name: "a PDF", data: []byte("%PDF-1.7\n\x00\x01binary"),
			want: `pupils.csv: this is a PDF document, not a CSV file or an Excel workbook (export the pupil data from your spreadsheet or MIS as .xlsx or CSV)`},
		{name: "an .xlsx that is really a CSV", file: "pupils.xlsx", data: []byte("upn,score\nA1,1\n"),
			want: `pupils.xlsx: this is a text (CSV) file, not an Excel workbook (rename it to pupils.csv)`},
		{name: "a .csv that is really a workbook", data: xlsxBytes(t, testSheet{name: "Pupils", rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>upn</t></is></c></row>"}),
			want: `pupils.csv: this is an Excel workbook (.xlsx), not a CSV file (rename it to pupils.xlsx, or open it in Excel and save it as CSV)`},
		{name: "old .xls", file: "pupils.xls", data: cfbBytes("Workbook"),
			want: `pupils.xls: this is an old-style Excel workbook (.xls), which whatworks cannot read (open it in Excel and save it as .xlsx (Excel Workbook) or CSV)`},
		{name: "old .xls named .xlsx", file: "pupils.xlsx", data: cfbBytes("Workbook"),
			want: `pupils.xlsx: this is an old-style Excel workbook (.xls), which whatworks cannot read (open it in Excel and save it as .xlsx (Excel Workbook) or CSV)`},
		{name: "a web page saved as .xls", file: "export.xls", data: []byte("\r\n<html><body><table><tr><td>upn</td></tr></table></body></html>"),
			want: `export.xls: this is a web page (HTML), not a CSV file or an Excel workbook (open it in Excel and save it as .xlsx (Excel Workbook) or CSV)`},
		{name: "Excel 2003 XML", file: "export.xls", data: []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>`),
			want: `export.xls: this is an Excel 2003 XML spreadsheet, not a CSV file or an Excel workbook (open it in Excel and save it as .xlsx (Excel Workbook) or CSV)`},
		{name: "a zip of CSV files", file: "pupils.xlsx", data: zipBytes(t, "pupils.csv", "notes.txt"),
			want: `pupils.xlsx: this is a zip archive, not an Excel workbook (unzip it and give the pupil data file inside it as data.file (it holds "pupils.csv", "notes.txt"))`},
		{name: "a Word document", file: "pupils.xlsx", data: zipBytes(t, "[Content_Types].xml", "word/document.xml"),
			want: `pupils.xlsx: this is a Word document, not an Excel workbook (save the pupil data as .xlsx (Excel Workbook) or CSV)`},
		{name: "OpenDocument", file: "pupils.ods", data: append([]byte("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet"), make([]byte, 40)...),
			want: `pupils.ods: this is an OpenDocument spreadsheet (.ods), which whatworks cannot read (save it as .xlsx or CSV)`},
		{name: "not a number", data: []byte("upn,ks2_read\nA1,101\nA2,n/a\nA3,99\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 3, column "ks2_read": "n/a" is not a number (missing values: "", "NA"; add "n/a" under data.missing)`},
		{name: "not a number, custom missing list", data: []byte("upn,ks2_read\nA1, x \n"),
			opts: Options{Numeric: map[string]bool{"ks2_read": true}, Missing: []string{"", "-", "absent"}}, table: true,
			want: `pupils.csv, row 2, column "ks2_read": "x" is not a number (missing values: "", "-", "absent"; add "x" under data.missing)`},
		{name: "thousands separator", data: []byte("upn,ks2_read\nA1,\"1,234\"\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "ks2_read": "1,234" is not a number (write numbers without thousands separators, e.g. 1234)`},
		{name: "decimal comma in a comma-delimited file", data: []byte("upn,ks2_read\nA1,\"3,5\"\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "ks2_read": "3,5" is not a number (use a decimal point (3.5), or save the file with semicolons between fields)`},
		{name: "percent sign", data: []byte("upn,score\nA1,95%\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "score": "95%" is not a number (write percentages as plain numbers, without the % sign)`},
		{name: "several bad values in two columns", data: []byte("upn,ks2_read,score\nA1,x,1\nA2,2,w\nA3,z,3\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "ks2_read": "x" is not a number (missing values: "", "NA"; add "x" under data.missing)` + "\n" +
				`pupils.csv, row 4, column "ks2_read": "z" is not a number (missing values: "", "NA"; add "z" under data.missing)` + "\n" +
				`pupils.csv, row 3, column "score": "w" is not a number (missing values: "", "NA"; add "w" under data.missing)`},
		// Issue 15, item 5: a value repeated in many rows is one problem,
		// with its rows summed up; Yes/No and mistyped numbers get their
		// own hints (not data.missing, which would throw the scores away).
		{name: "a yes/no outcome", data: []byte("score\n" + strings.Repeat("Yes\nNo\n", 1040) + "1\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, column "score": "Yes" is not a number, in rows 2, 4, 6, 8, 10, 12 and 1,034 more rows (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)` + "\n" +
				`pupils.csv, column "score": "No" is not a number, in rows 3, 5, 7, 9, 11, 13 and 1,034 more rows (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`},
		{name: "mistyped numbers", data: []byte("score\n12a\n1O5\n9..5\n12\n"), opts: pupilOpts, table: true,
			want: `pupils.csv, row 2, column "score": "12a" is not a number (it looks like a mistyped number: correct the cell; listing it under data.missing would throw the score away)` + "\n" +
				`pupils.csv, row 3, column "score": "1O5" is not a number (it looks like a mistyped number: correct the cell; listing it under data.missing would throw the score away)` + "\n" +
				`pupils.csv, row 4, column "score": "9..5" is not a number (it looks like a mistyped number: correct the cell; listing it under data.missing would throw the score away)`},
		// Item 6: a stray label never turns a variable of numbers into
		// categories.
		{name: "a stray label in a covariate", data: []byte("polar4\n1\n2\nn/a\n3\n4\n5\n6\n7\n8\nn/a\n"), opts: Options{Variables: map[string]bool{"polar4": true}}, table: true,
			want: `pupils.csv, column "polar4": "n/a" is not a number, in rows 4 and 11, unlike the column's 8 other values: a few such values would turn the whole column into categories (missing values: "", "NA"; add "n/a" under data.missing)`},
		{name: "many bad values are summed up", data: []byte(many), opts: pupilOpts, table: true},
		{name: "no such file", file: "-", want: `nothere.csv: no such file (data.file is relative to the folder the design file is in)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.file
			if name == "" {
				name = "pupils.csv"
			}
			var path string
			if name == "-" {
				path = filepath.Join(t.TempDir(), "nothere.csv")
			} else {
				path = writeFile(t, name, tc.data)
			}
			tab, err := readUnchanged(t, path, tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if (tab != nil) != tc.table {
				t.Errorf("table returned: %v, want %v", tab != nil, tc.table)
			}
			got := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), "")
			switch tc.name {
			case "many bad values are summed up":
				lines := strings.Split(got, "\n")
				if len(lines) != 21 || !strings.HasPrefix(lines[0], `pupils.csv, row 2, column "ks2_read": "x0" is not a number`) ||
					lines[20] != `pupils.csv, column "ks2_read": …and 5 more values that are not numbers` {
					t.Errorf("got %d lines:\n%s", len(lines), got)
				}
				if c := tab.Column("ks2_read"); c == nil || c.Kind != Numeric || !c.IsMissing(0) {
					t.Errorf("bad cells should be missing in a numeric column")
				}
				var de *DataError
				if !errors.As(err, &de) || !errors.Is(de, ErrNotNumber) {
					t.Errorf("errors.Is(ErrNotNumber) false")
				}
				return
			case "many ragged rows are summed up":
				lines := strings.Split(got, "\n")
				if len(lines) != 21 || lines[0] != `pupils.csv, row 2: has 1 fields but the header (row 1) has 2 (a field may be missing, or a value may contain a line break)` ||
					lines[20] != `pupils.csv: …and 3 more rows with the wrong number of fields` {
					t.Errorf("got %d lines:\n%s", len(lines), got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("error:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// cfbBytes is the start of a compound file (the container of .xls and of
// encrypted .xlsx) whose directory names stream.
func cfbBytes(stream string) []byte {
	b := make([]byte, 2048)
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	copy(b[1024:], utf16LE(stream))
	return b
}

// zipBytes is a zip archive of empty files with the given names.
func zipBytes(t testing.TB, names ...string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, n := range names {
		if _, err := z.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testSheet is one worksheet for xlsxBytes: its name and the XML of its
// <sheetData> rows.
type testSheet struct {
	name   string
	rows   string
	hidden bool
}

// xlsxBytes builds a minimal workbook by hand, as Excel lays it out, so
// that tests control exactly what the cells hold: cached values of
// formulas, shared and inline strings, styles (s="1" is 0.00%, s="2" a
// date), gaps between rows.
func xlsxBytes(t testing.TB, sheets ...testSheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name, content string) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + content))
	}
	const main = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	const rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	ct := `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	wb := `<workbook xmlns="` + main + `" xmlns:r="` + rel + `"><sheets>`
	wbRels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	for i, s := range sheets {
		n := i + 1
		ct += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		state := ""
		if s.hidden {
			state = ` state="hidden"`
		}
		wb += fmt.Sprintf(`<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, n, state, n)
		wbRels += fmt.Sprintf(`<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, rel, n)
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), `<worksheet xmlns="`+main+`" xmlns:r="`+rel+`"><sheetData>`+s.rows+`</sheetData></worksheet>`)
	}
	wbRels += fmt.Sprintf(`<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, len(sheets)+1, rel)
	wbRels += fmt.Sprintf(`<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+2, rel)
	add("[Content_Types].xml", ct+`</Types>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="`+rel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", wb+`</sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", wbRels+`</Relationships>`)
	add("xl/styles.xml", `<styleSheet xmlns="`+main+`">`+
		`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>`+
		`<fills count="1"><fill><patternFill patternType="none"/></fill></fills>`+
		`<borders count="1"><border/></borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
		`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`+
		`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`+
		`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`+
		`</styleSheet>`)
	add("xl/sharedStrings.xml", `<sst xmlns="`+main+`" count="4" uniqueCount="4">`+
		`<si><t>upn</t></si><si><t>Y</t></si><si><t>N</t></si><si><t xml:space="preserve"> spaced </t></si></sst>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// is and ns are inline-string and number cells for sheet XML.
func strCell(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}
func numCell(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }
func sheetRow(r int, cells ...string) string {
	return fmt.Sprintf(`<row r="%d">`, r) + strings.Join(cells, "") + `</row>`
}

// pupilsSheet is a sheet with shared strings, a percent-formatted cell, a
// date, formulas with cached values, a gap, a short row and trailing blank
// rows and columns.
var pupilsSheet = sheetRow(1, `<c r="A1" t="s"><v>0</v></c>`, strCell("B1", "group"), strCell("C1", "attendance"), strCell("D1", "entry"), strCell("E1", "score"), strCell("F1", "double"), strCell("G1", "grade")) +
	sheetRow(2, strCell("A2", "P1"), `<c r="B2" t="s"><v>1</v></c>`, `<c r="C2" s="1"><v>0.256</v></c>`, `<c r="D2" s="2"><v>45658</v></c>`, numCell("E2", "7"), `<c r="F2"><f>E2*2</f><v>14</v></c>`, `<c r="G2" t="str"><f>IF(E2&gt;5,"high","low")</f><v>high</v></c>`) +
	sheetRow(3, strCell("A3", "P2"), `<c r="B3" t="s"><v>2</v></c>`, `<c r="C3" s="1"><v>1</v></c>`, `<c r="D3" s="2"><v>45659</v></c>`, numCell("E3", "3.5"), `<c r="F3"><f>E3*2</f><v>7</v></c>`, `<c r="G3" t="str"><f>IF(E3&gt;5,"high","low")</f><v>low</v></c>`) +
	// row 4 left out: a gap
	sheetRow(5, strCell("A5", "P3"), `<c r="B5" t="s"><v>3</v></c>`) + // short row: padded with missing
	sheetRow(6, strCell("A6", ""), `<c r="H6" s="1"/>`) + // blank, with a styled empty cell past the data
	sheetRow(9, `<c r="C9" s="1"/>`) // trailing blank row

func TestReadXLSX(t *testing.T) {
	data := xlsxBytes(t, testSheet{name: "Pupils", rows: pupilsSheet},
		testSheet{name: "Year 8", rows: sheetRow(1, strCell("A1", "upn"), strCell("B1", "ks2_read")) + sheetRow(2, strCell("A2", "Q1"), numCell("B2", "101")) + sheetRow(3, strCell("A3", "Q2"), numCell("B3", "1e-1"))})
	path := writeFile(t, "pupils.xlsx", data)

	// The test must be able to fail: displayed, the cells read otherwise.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	shown, _ := f.GetCellValue("Pupils", "C2")
	date, _ := f.GetCellValue("Pupils", "D2")
	f.Close()
	if shown != "25.60%" || date == "45658" {
		t.Fatalf("excelize shows C2 as %q and D2 as %q; the test expects a formatted display", shown, date)
	}

	tab, err := readUnchanged(t, path, Options{Categorical: map[string]bool{"upn": true}})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Pupils" {
		t.Errorf("sheet %q, want the first, Pupils", tab.Sheet)
	}
	checkTable(t, tab, []int{2, 3, 5},
		wantCat("upn", []string{"P1", "P2", "P3"}, "P1", "P2", "P3"),
		wantCat("group", []string{"N", "Y", "spaced"}, "Y", "N", "spaced"),
		wantNum("attendance", 0.256, 1, nan),
		wantNum("entry", 45658, 45659, nan),
		wantNum("score", 7, 3.5, nan),
		wantNum("double", 14, 7, nan),
		wantCat("grade", []string{"high", "low"}, "high", "low", ""),
	)

	// TRUE/FALSE cells read as Excel shows them, 0/1 numbers as numbers.
	boolPath := writeFile(t, "bools.xlsx", xlsxBytes(t, testSheet{name: "S", rows: sheetRow(1, strCell("A1", "fsm"), strCell("B1", "passed")) +
		sheetRow(2, `<c r="A2" t="b"><v>1</v></c>`, numCell("B2", "1")) +
		sheetRow(3, `<c r="A3" t="b"><v>0</v></c>`, numCell("B3", "0")) +
		sheetRow(4, `<c r="A4" t="b"><v>1</v></c>`)}))
	tab, err = readUnchanged(t, boolPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, tab, []int{2, 3, 4}, wantCat("fsm", []string{"FALSE", "TRUE"}, "TRUE", "FALSE", "TRUE"), wantNum("passed", 1, 0, nan))

	tab, err = readUnchanged(t, path, Options{Sheet: "Year 8"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Year 8" {
		t.Errorf("sheet %q", tab.Sheet)
	}
	checkTable(t, tab, []int{2, 3}, wantCat("upn", []string{"Q1", "Q2"}, "Q1", "Q2"), wantNum("ks2_read", 101, 0.1))
}

// TestReadXLSXExcelize reads a workbook written by excelize itself, as the
// init command's template is.
func TestReadXLSXExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Year 7")
	for i, r := range [][]any{{"upn", "school", "ks2_read", "fsm"}, {"A1", 10, 101.5, "Y"}, {"A2", 2, nil, "N"}, {"A3", 2, 99, nil}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Year 7", cell, &r)
	}
	path := filepath.Join(t.TempDir(), "pupils.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tab, err := readUnchanged(t, path, pupilOpts)
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, tab, []int{2, 3, 4},
		wantCat("upn", []string{"A1", "A2", "A3"}, "A1", "A2", "A3"),
		wantCat("school", []string{"2", "10"}, "10", "2", "2"),
		wantNum("ks2_read", 101.5, nan, 99),
		wantCat("fsm", []string{"N", "Y"}, "Y", "N", ""))
}

func TestReadXLSXErrors(t *testing.T) {
	twoSheets := xlsxBytes(t, testSheet{name: "Year 7", rows: sheetRow(1, strCell("A1", "upn"))}, testSheet{name: "Year 8", rows: sheetRow(1, strCell("A1", "upn"))})
	good := xlsxBytes(t, testSheet{name: "Pupils", rows: pupilsSheet})
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "upn")
	f.SetCellValue("Sheet1", "A2", "P1")
	var enc bytes.Buffer
	if err := f.Write(&enc, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		data  []byte
		opts  Options
		want  string
		table bool
	}{
		{name: "missing sheet, near name", data: twoSheets, opts: Options{Sheet: "year 7"},
			want: `pupils.xlsx: there is no sheet "year 7" (did you mean "Year 7"? the workbook's sheets are "Year 7", "Year 8"; set data.sheet to one of them)`},
		{name: "missing sheet", data: twoSheets, opts: Options{Sheet: "Pupils"},
			want: `pupils.xlsx: there is no sheet "Pupils" (the workbook's sheets are "Year 7", "Year 8"; set data.sheet to one of them)`},
		{name: "header only", data: twoSheets,
			want: `pupils.xlsx: sheet "Year 7": the sheet has a header row but no rows of data (add one row per pupil below the column names)`},
		{name: "empty sheet", data: xlsxBytes(t, testSheet{name: "Pupils", rows: sheetRow(3, `<c r="B3" s="1"/>`)}),
			want: `pupils.xlsx: sheet "Pupils": the sheet is empty (row 1 should hold the column names, and each row below it one pupil; set data.sheet if the data is on another sheet)`},
		{name: "password-protected", data: enc.Bytes(),
			want: `pupils.xlsx: this workbook is password-protected (open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save a copy as .xlsx or CSV)`},
		{name: "truncated", data: good[:len(good)/2],
			want: `pupils.xlsx: this file cannot be read as an Excel workbook (the zip container is damaged) (it may be damaged or only partly copied; open it in Excel and save it again as .xlsx or CSV)`},
		{name: "not a number, spreadsheet error, percent-formatted cell", opts: Options{Numeric: map[string]bool{"ks2_read": true, "grade": true}}, table: true,
			data: xlsxBytes(t, testSheet{name: "Year 7", rows: sheetRow(1, strCell("A1", "upn"), strCell("B1", "ks2_read"), strCell("C1", "grade")) +
				sheetRow(2, strCell("A2", "P1"), `<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`, numCell("C2", "1")) +
				sheetRow(14, strCell("A14", "P2"), strCell("B14", "n/a"), `<c r="C14" s="1" t="str"><v>high</v></c>`)}),
			want: `pupils.xlsx: sheet "Year 7", row 2, column "ks2_read": "#DIV/0!" is not a number (the cell shows a spreadsheet error; fix its formula, or add "#DIV/0!" under data.missing)` + "\n" +
				`pupils.xlsx: sheet "Year 7", row 14, column "ks2_read": "n/a" is not a number (missing values: "", "NA"; add "n/a" under data.missing)` + "\n" +
				`pupils.xlsx: sheet "Year 7", row 14, column "grade": "high" is not a number (missing values: "", "NA"; add "high" under data.missing)`},
		{name: "duplicate names and data without a name", data: xlsxBytes(t, testSheet{name: "S", rows: sheetRow(1, strCell("A1", "upn"), strCell("B1", "upn")) + sheetRow(2, strCell("A2", "P1"), strCell("B2", "x"), strCell("D2", "stray"))}),
			want: `pupils.xlsx: sheet "S", row 1: column name "upn" appears twice (columns A and B) (give every column its own name)`},
		{name: "data without a name", data: xlsxBytes(t, testSheet{name: "S", rows: sheetRow(1, strCell("A1", "upn")) + sheetRow(2, strCell("A2", "P1")) + sheetRow(3, strCell("A3", "P2"), strCell("D3", "stray"))}),
			want: `pupils.xlsx: sheet "S", row 3: column D has data but no name in row 1 (add a name in cell D1, or delete the column)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "pupils.xlsx", tc.data)
			tab, err := readUnchanged(t, path, tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			if (tab != nil) != tc.table {
				t.Errorf("table returned: %v, want %v", tab != nil, tc.table)
			}
			got := strings.ReplaceAll(err.Error(), filepath.Dir(path)+string(filepath.Separator), "")
			if got != tc.want {
				t.Errorf("error:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestReadDeterministic reads the same data twice, and the same rows in
// another order, and checks the levels and codes do not depend on hash
// seeds or order of appearance.
func TestReadDeterministic(t *testing.T) {
	var a, b strings.Builder
	a.WriteString("id,g\n")
	b.WriteString("id,g\n")
	for i := range 200 {
		fmt.Fprintf(&a, "P%03d,%d\n", i, i%13)
		fmt.Fprintf(&b, "P%03d,%d\n", 199-i, (199-i)%13)
	}
	pa := writeFile(t, "a.csv", []byte(a.String()))
	pb := writeFile(t, "b.csv", []byte(b.String()))
	opts := Options{Categorical: map[string]bool{"g": true}}
	ta, err := Read(pa, opts)
	if err != nil {
		t.Fatal(err)
	}
	ta2, _ := Read(pa, opts)
	tb, _ := Read(pb, opts)
	for _, name := range []string{"id", "g"} {
		ca, ca2, cb := ta.Column(name), ta2.Column(name), tb.Column(name)
		if !slices.Equal(ca.Levels, ca2.Levels) || !slices.Equal(ca.Codes, ca2.Codes) || !slices.Equal(ca.Levels, cb.Levels) {
			t.Errorf("column %s differs between reads", name)
		}
		for i := range ca.Codes {
			if ca.Codes[i] != cb.Codes[199-i] {
				t.Fatalf("column %s: row %d coded %d, reversed %d", name, i, ca.Codes[i], cb.Codes[199-i])
			}
		}
	}
	if g := ta.Column("g"); g.Levels[0] != "0" || g.Levels[12] != "12" {
		t.Errorf("levels %q, want 0…12 in numeric order", g.Levels)
	}
}

// TestReadCSVLarge checks a generated file of 5,000 pupils read as CSV
// agrees, cell by cell, with the same data read back from a workbook.
func TestReadCSVAgreesWithXLSX(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "p.csv")
	benchWriteCSV(t, csvPath, 5000)
	tc, err := Read(csvPath, benchOpts)
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	raw, _ := os.ReadFile(csvPath)
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
		cells := []any{}
		for _, c := range strings.Split(line, ",") {
			cells = append(cells, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			t.Fatal(err)
		}
	}
	sw.Flush()
	xPath := filepath.Join(dir, "p.xlsx")
	if err := f.SaveAs(xPath); err != nil {
		t.Fatal(err)
	}
	tx, err := Read(xPath, benchOpts)
	if err != nil {
		t.Fatal(err)
	}
	if tc.Rows() != 5000 || !slices.Equal(tc.RowNumbers(), tx.RowNumbers()) || !slices.Equal(tc.Names(), tx.Names()) {
		t.Fatalf("shapes differ: %d rows, %q vs %q", tc.Rows(), tc.Names(), tx.Names())
	}
	for j, a := range tc.Columns {
		b := tx.Columns[j]
		if a.Kind != b.Kind || !slices.Equal(a.Levels, b.Levels) || !slices.Equal(a.Codes, b.Codes) ||
			!slices.EqualFunc(a.Num, b.Num, func(x, y float64) bool { return x == y || x != x && y != y }) {
			t.Errorf("column %s differs between CSV and XLSX", a.Name)
		}
	}
	if k := tc.Column("year_group").Kind; k != Numeric {
		t.Errorf("year_group is %v", k)
	}
}

func ExampleRead() {
	t, err := Read("../../fixtures/data/read/example.csv", Options{
		Numeric:     map[string]bool{"ks2_read": true},
		Categorical: map[string]bool{"upn": true, "year_group": true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range t.Columns {
		if c.Kind == Numeric {
			fmt.Println(c.Name, c.Kind, c.Num)
		} else {
			fmt.Println(c.Name, c.Kind, c.Codes, c.Levels)
		}
	}
	fmt.Println("rows", t.RowNumbers())
	// Output:
	// upn categorical [0 1 2] [A1 A2 A3]
	// year_group categorical [2 0 1] [2 7 10]
	// fsm categorical [1 0 -1] [N Y]
	// ks2_read numeric [101.5 NaN 3.5]
	// rows [2 3 5]
}

// TestReadIdentifierColumn codes a column of 20,000 mostly distinct labels
// (the identifier path of the label table) and checks every row decodes to
// its own label.
func TestReadIdentifierColumn(t *testing.T) {
	var b strings.Builder
	b.WriteString("upn,x\n")
	want := make([]string, 20000)
	for i := range want {
		v := i * 7919 % 20000
		if i%97 == 0 {
			v = 5 // a repeated id
		}
		want[i] = fmt.Sprintf("P%05d", v)
		fmt.Fprintf(&b, "%s,%d\n", want[i], i)
	}
	path := writeFile(t, "ids.csv", []byte(b.String()))
	tab, err := Read(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := tab.Column("upn")
	if c.Kind != Categorical || !slices.IsSorted(c.Levels) {
		t.Fatalf("upn is %v, levels sorted %v", c.Kind, slices.IsSorted(c.Levels))
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(want)))
	if !slices.Equal(c.Levels, distinct) {
		t.Errorf("%d levels, want the %d distinct ids", len(c.Levels), len(distinct))
	}
	for i, k := range c.Codes {
		if c.Levels[k] != want[i] {
			t.Fatalf("row %d reads %q, want %q", i, c.Levels[k], want[i])
		}
	}
}
