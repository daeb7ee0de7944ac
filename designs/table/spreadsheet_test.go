package table

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// rezip rewrites a zip archive, passing each part through edit: it returns
// the part's new content, or nil to drop the part.
func rezip(t *testing.T, data []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if b = edit(f.Name, b); b == nil {
			continue
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sharedSheet is a sheet whose header cells are shared strings (upn, Y,
// N, " spaced ").
var sharedSheet = sheetRow(1, `<c r="A1" t="s"><v>0</v></c>`, strCell("B1", "score")) +
	sheetRow(2, `<c r="A2" t="s"><v>1</v></c>`, numCell("B2", "7")) +
	sheetRow(3, `<c r="A3" t="s"><v>2</v></c>`, numCell("B3", "8"))

// TestReadXLSX_spreadsheetsAsPeopleMakeThem: issue 15, item 7.
func TestReadXLSX_spreadsheetsAsPeopleMakeThem(t *testing.T) {
	t.Run("formulas with no saved value", func(t *testing.T) {
		// As openpyxl and pandas write formulas: <f> with no <v>.
		rows := sheetRow(1, strCell("A1", "upn"), strCell("B1", "pre"), strCell("C1", "score")) +
			sheetRow(2, strCell("A2", "P1"), numCell("B2", "10"), `<c r="C2"><f>B2*2</f></c>`) +
			sheetRow(3, strCell("A3", "P2"), numCell("B3", "11"), `<c r="C3"><f>B3*2</f><v>22</v></c>`) +
			sheetRow(4, strCell("A4", "P3"), numCell("B4", "12"), `<c r="C4"><f>B4*2</f></c>`)
		path := writeFile(t, "pupils.xlsx", xlsxBytes(t, testSheet{name: "Pupils", rows: rows}))
		tab, err := readUnchanged(t, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkTable(t, tab, []int{2, 3, 4}, wantCat("upn", []string{"P1", "P2", "P3"}, "P1", "P2", "P3"), wantNum("pre", 10, 11, 12), wantNum("score", nan, 22, nan))
		want := path + `: sheet "Pupils", column "score": 2 cells hold formulas with no saved value (C2, C4), read as missing (the workbook was saved by a program that does not calculate formulas (such as openpyxl or pandas): open it in Excel or LibreOffice, save it, and run whatworks again)`
		if len(tab.Warnings) != 1 || tab.Warnings[0].Error() != want || !errors.Is(tab.Warnings[0], ErrNoSavedValue) {
			t.Errorf("warnings %v\nwant %s", tab.Warnings, want)
		}
	})
	t.Run("a hidden first sheet", func(t *testing.T) {
		data := xlsxBytes(t, testSheet{name: "Old", rows: sheetRow(1, strCell("A1", "x")) + sheetRow(2, numCell("A2", "1")), hidden: true},
			testSheet{name: "Pupils", rows: sharedSheet})
		path := writeFile(t, "pupils.xlsx", data)
		tab, err := readUnchanged(t, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := path + `: sheet "Pupils": the pupil data was read from this sheet, the first that is not hidden (hidden before it: "Old") (set data.sheet to read another)`
		if tab.Sheet != "Pupils" || len(tab.Warnings) != 1 || tab.Warnings[0].Error() != want {
			t.Errorf("sheet %q, warnings %v\nwant %s", tab.Sheet, tab.Warnings, want)
		}
		// Named, the hidden sheet is read, without a word.
		tab, err = readUnchanged(t, path, Options{Sheet: "Old"})
		if err != nil || tab.Sheet != "Old" || len(tab.Warnings) != 0 {
			t.Errorf("named hidden sheet: %v %v", err, tab.Warnings)
		}
	})
	t.Run("several sheets, none named", func(t *testing.T) {
		data := xlsxBytes(t, testSheet{name: "Pupils", rows: sharedSheet}, testSheet{name: "Notes", rows: sheetRow(1, strCell("A1", "x"))})
		path := writeFile(t, "pupils.xlsx", data)
		tab, err := readUnchanged(t, path, Options{})
		want := path + `: sheet "Pupils": the pupil data was read from this sheet, the first of 2 ("Pupils", "Notes") (set data.sheet to read another)`
		if err != nil || len(tab.Warnings) != 1 || tab.Warnings[0].Error() != want {
			t.Errorf("%v %v\nwant %s", err, tab.Warnings, want)
		}
	})
	t.Run("a date-formatted numeric column", func(t *testing.T) {
		rows := sheetRow(1, strCell("A1", "upn"), strCell("B1", "score")) +
			sheetRow(2, strCell("A2", "P1"), `<c r="B2" s="2"><v>45292</v></c>`) +
			sheetRow(3, strCell("A3", "P2"), `<c r="B3" s="2"><v>45293</v></c>`)
		path := writeFile(t, "pupils.xlsx", xlsxBytes(t, testSheet{name: "Pupils", rows: rows}))
		tab, err := readUnchanged(t, path, Options{Numeric: map[string]bool{"score": true}})
		want := path + `: sheet "Pupils", column "score": is formatted as dates in the workbook: whatworks reads the number behind each date (days since 1900: row 2 reads 45292), not the date shown (if the column holds scores, format its cells as Number in Excel)`
		if err != nil || len(tab.Warnings) != 1 || tab.Warnings[0].Error() != want {
			t.Errorf("%v %v\nwant %s", err, tab.Warnings, want)
		}
	})
	damaged := func(what string) string {
		return `pupils.xlsx: this workbook is damaged: its table of texts (xl/sharedStrings.xml) ` + what +
			` (open it in Excel, which may offer to repair it, and save it again; or export the pupil data as CSV)`
	}
	for _, tc := range []struct {
		name string
		edit func(name string, b []byte) []byte
		want string
	}{
		{"shared strings removed", func(name string, b []byte) []byte {
			if name == "xl/sharedStrings.xml" {
				return nil
			}
			return b
		}, damaged("is missing, so its text cells cannot be read")},
		{"shared strings cut short", func(name string, b []byte) []byte {
			if name == "xl/sharedStrings.xml" {
				return b[:len(b)*2/3]
			}
			return b
		}, damaged("is cut short or damaged")},
		{"shared strings cut at a text", func(name string, b []byte) []byte {
			if name == "xl/sharedStrings.xml" {
				s := string(b)
				return []byte(s[:strings.Index(s, "<si><t>N")] + "</sst>")
			}
			return b
		}, damaged("is cut short: it holds 2 of its 4 texts")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := rezip(t, xlsxBytes(t, testSheet{name: "Pupils", rows: sharedSheet}), tc.edit)
			path := writeFile(t, "pupils.xlsx", data)
			_, err := readUnchanged(t, path, Options{})
			if err == nil || strings.ReplaceAll(err.Error(), path, "pupils.xlsx") != tc.want {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestIsDateFormat(t *testing.T) {
	for _, tc := range []struct {
		id     int
		custom string
		want   bool
	}{
		{0, "", false}, {2, "", false}, {10, "", false}, {14, "", true}, {22, "", true}, {45, "", true}, {49, "", false},
		{164, "dd/mm/yyyy", true}, {164, "[$-409]MM/DD/YYYY", true}, {164, "[h]:mm", true},
		{164, "0.00", false}, {164, `0.0 "days"`, false}, {164, "#,##0_);[Red](#,##0)", false}, {164, `0\m`, false}, {164, "[Magenta]0.00", false}, {164, "[mm]:ss", true},
	} {
		if got := isDateFormat(tc.id, tc.custom); got != tc.want {
			t.Errorf("isDateFormat(%d, %q) = %v", tc.id, tc.custom, got)
		}
	}
}
