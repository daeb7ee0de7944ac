package table

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchHeader is the header of the synthetic files below: the same
// twelve columns as fixtures/gen writes.
var benchHeader = []string{"upn", "school", "year_group", "gender", "fsm", "eal", "send",
	"ks2_read", "attendance", "intervention", "reading_pre", "reading_post"}

// benchRow appends a synthetic pupil's twelve cells to row: two arms,
// a pretest, an outcome, covariates, about 3% of outcomes missing.
func benchRow(r *rand.Rand, i, schools int, row []string) []string {
	yn := func(p float64) string {
		if r.Float64() < p {
			return "Y"
		}
		return "N"
	}
	a := r.NormFloat64()
	pre := 100 + 15*(0.8*a+0.6*r.NormFloat64())
	post := ""
	if r.Float64() >= 0.03 {
		post = strconv.FormatFloat(100+15*(0.7*a+0.5*r.NormFloat64()), 'f', 1, 64)
	}
	gender := "F"
	if r.IntN(2) == 1 {
		gender = "M"
	}
	return append(row[:0],
		fmt.Sprintf("X%012d", i+1),
		fmt.Sprintf("S%04d", r.IntN(schools)+1),
		strconv.Itoa(7+r.IntN(2)),
		gender, yn(0.25), yn(0.18), yn(0.14),
		strconv.Itoa(int(105+6*a)),
		strconv.FormatFloat(94+4*r.NormFloat64(), 'f', 1, 64),
		yn(0.5),
		strconv.FormatFloat(pre, 'f', 1, 64),
		post)
}

// benchWriteCSV writes an n-row synthetic pupil CSV.
func benchWriteCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	var row []string
	for i := -1; i < n; i++ {
		if i < 0 {
			row = append(row[:0], benchHeader...)
		} else {
			row = benchRow(r, i, 2000, row)
		}
		for j, c := range row {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(c)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

var benchOpts = Options{
	Numeric:     map[string]bool{"ks2_read": true, "reading_pre": true, "reading_post": true},
	Categorical: map[string]bool{"upn": true, "school": true, "intervention": true},
}

// BenchmarkReadCSV1M reads a 1,000,000-row, 12-column CSV (about 52 MB).
// Run it with
//
//	go test ./designs/table -run XXX -bench ReadCSV1M -benchtime=3x -benchmem
func BenchmarkReadCSV1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "pupils.csv")
	benchWriteCSV(b, path, 1_000_000)
	if fi, err := os.Stat(path); err == nil {
		b.SetBytes(fi.Size())
	}
	b.ResetTimer()
	for b.Loop() {
		t, err := Read(path, benchOpts)
		if err != nil {
			b.Fatal(err)
		}
		if t.Rows() != 1_000_000 || len(t.Columns) != 12 {
			b.Fatalf("read %d rows, %d columns", t.Rows(), len(t.Columns))
		}
	}
}

// BenchmarkReadXLSX reads a school-sized workbook: 2,000 pupils, 12
// columns.
func BenchmarkReadXLSX(b *testing.B) {
	path := filepath.Join(b.TempDir(), "pupils.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var row []string
	for i := -1; i < 2000; i++ {
		if i < 0 {
			row = append(row[:0], benchHeader...)
		} else {
			row = benchRow(r, i, 20, row)
		}
		cells := make([]any, len(row))
		for j, c := range row {
			if v, err := strconv.ParseFloat(c, 64); err == nil && j != 0 {
				cells[j] = v
			} else {
				cells[j] = c
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		t, err := Read(path, benchOpts)
		if err != nil {
			b.Fatal(err)
		}
		if t.Rows() != 2000 {
			b.Fatalf("read %d rows", t.Rows())
		}
	}
}
