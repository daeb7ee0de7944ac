package table

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzCheck reads data saved as name and checks what Read promises:
// no panic; every error a *DataError or Problems of them; a table, when
// there is one, rectangular, typed and with sorted row numbers, and its
// warnings each with a file and a cause.
func fuzzCheck(t *testing.T, name string, data []byte, opts Options) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tab, err := Read(path, opts)
	checkErrorKinds(t, err)
	if tab == nil {
		if err == nil {
			t.Fatal("no table and no error")
		}
		return
	}
	n := tab.Rows()
	if n == 0 {
		t.Fatal("a table with no rows")
	}
	for _, w := range tab.Warnings {
		if w.File == "" || w.Err == nil || w.Row < 0 {
			t.Fatalf("warning without a file or cause: %#v", w)
		}
	}
	for i := 1; i < n; i++ {
		if tab.Row(i) <= tab.Row(i-1) || tab.Row(0) < 2 {
			t.Fatalf("row numbers out of order: %v", tab.RowNumbers())
		}
	}
	seen := map[string]bool{}
	for _, c := range tab.Columns {
		if c.Name == "" || seen[c.Name] {
			t.Fatalf("column name %q empty or repeated", c.Name)
		}
		seen[c.Name] = true
		if c.Len() != n {
			t.Fatalf("column %q has %d rows, table %d", c.Name, c.Len(), n)
		}
		if opts.Numeric[c.Name] && c.Kind != Numeric || opts.Categorical[c.Name] && !opts.Numeric[c.Name] && c.Kind != Categorical {
			t.Fatalf("column %q is %v against the options", c.Name, c.Kind)
		}
		for _, k := range c.Codes {
			if k < -1 || int(k) >= len(c.Levels) {
				t.Fatalf("column %q: code %d out of %d levels", c.Name, k, len(c.Levels))
			}
		}
		for i := 1; i < len(c.Levels); i++ {
			if c.Levels[i] == c.Levels[i-1] {
				t.Fatalf("column %q: level %q twice", c.Name, c.Levels[i])
			}
		}
	}
}

var fuzzOpts = Options{
	Numeric:     map[string]bool{"score": true},
	Categorical: map[string]bool{"g": true},
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"upn,g,score\nA1,Y,1\nA2,N,NA\n",
		"\xEF\xBB\xBFg;score\r\nZo\xEB;3,5\r\n",
		"g\tscore\n\"a\"\"b\"\t1e3\n",
		"g,score\n\"x\ny\",1\n\"unterminated,2\n",
		"sep=;\ng;score\n1;2\n",
		"a,a\n1,2\n",
		"g,,score\n1,,2\n3,4\n5\n",
		"g,score\n1,n/a\n2,\"1,234\"\n3,5%\n",
		"\xFF\xFEg\x00,\x00s\x00\n\x00",
		"\r\r\n\n",
		"score\n1e999\n-.5e-3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheck(t, "pupils.csv", data, fuzzOpts)
	})
}

// FuzzReadXLSX fuzzes whole files (mostly exercising the zip layer) and,
// separately, the rows of a worksheet inside a well-formed workbook
// (exercising the sheet's XML and the typing of its cells).
//
// Fuzz it with a short minimisation time (-fuzzminimizetime 100x; see the
// README): nearly every new input reaches new code in excelize, and with
// the default of 60 s spent shrinking each one it hardly runs.
func FuzzReadXLSX(f *testing.F) {
	sheets := []string{
		pupilsSheet,
		sheetRow(1, strCell("A1", "g"), strCell("B1", "score")) + sheetRow(2, strCell("A2", "x"), numCell("B2", "1.5")),
		sheetRow(1, strCell("A1", "score"), strCell("B1", "score")) + sheetRow(7, strCell("D7", "x")),
		sheetRow(1, strCell("A1", "g"), strCell("C1", "score")) + sheetRow(3, `<c r="C3" t="e"><v>#N/A</v></c>`, `<c r="A3" t="s"><v>9</v></c>`),
		// A formula with no saved value, a date, a TRUE/FALSE cell.
		sheetRow(1, strCell("A1", "g"), strCell("B1", "score")) + sheetRow(2, `<c r="A2" t="b"><v>1</v></c>`, `<c r="B2"><f>1+1</f></c>`) +
			sheetRow(3, `<c r="A3" t="b"><v>0</v></c>`, `<c r="B3" s="2"><v>45292</v></c>`),
	}
	for i, sh := range sheets {
		f.Add(xlsxBytes(f, testSheet{name: "Pupils", rows: sh}), sheets[(i+1)%len(sheets)])
	}
	f.Add(cfbBytes("EncryptedPackage"), "")
	f.Add(xlsxBytes(f, testSheet{name: "Old", rows: sheets[1], hidden: true}, testSheet{name: "Pupils", rows: sheets[0]}), sheets[4])
	f.Fuzz(func(t *testing.T, data []byte, sheet string) {
		fuzzCheck(t, "pupils.xlsx", data, fuzzOpts)
		fuzzCheck(t, "pupils.xlsx", xlsxBytes(t, testSheet{name: "Pupils", rows: sheet}), fuzzOpts)
	})
}
