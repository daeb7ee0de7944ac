package reports

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestWriteMatchedCSV(t *testing.T) {
	res, recs := testreport.LalondeMatch(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "matched.csv")
	// An existing file is replaced whole.
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteMatchedCSV(path, recs[0], func(i int) []string { return recs[i+1] }, res); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := append(append([]string(nil), recs[0]...), "propensity_score", "subclass", "weight")
	if strings.Join(got[0], ",") != strings.Join(wantHeader, ",") {
		t.Errorf("header %v", got[0])
	}
	c := res.Report.Counts
	if n := len(got) - 1; n != c.Treated.Matched+c.Comparison.Matched {
		t.Errorf("%d rows, want %d matched pupils", n, c.Treated.Matched+c.Comparison.Matched)
	}
	// Each row is the original row plus its values; subclasses pair one
	// pupil who took part with one comparison pupil.
	pairs := map[string]int{}
	sumW := 0.0
	k := 0
	for i, w := range res.Weights {
		if w == 0 {
			continue
		}
		k++
		row := got[k]
		if strings.Join(row[:len(recs[0])], ",") != strings.Join(recs[i+1], ",") {
			t.Fatalf("row %d: original cells changed", k)
		}
		ps, _ := strconv.ParseFloat(row[len(row)-3], 64)
		if ps != res.PS[i] {
			t.Errorf("row %d: propensity %v, want %v", k, ps, res.PS[i])
		}
		pairs[row[len(row)-2]]++
		wt, _ := strconv.ParseFloat(row[len(row)-1], 64)
		sumW += wt
	}
	for s, n := range pairs {
		if n != 2 {
			t.Errorf("subclass %s has %d pupils, want 2", s, n)
		}
	}
	if sumW != float64(2*c.Treated.Matched) {
		t.Errorf("weights sum to %v", sumW)
	}
	// No temporary files left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, want 1", len(entries))
	}
}

func TestWriteMatchedCSV_nameClashAndErrors(t *testing.T) {
	res := &evaluate.MatchResult{Weights: []float64{1, 0, 1}, Subclass: []int32{-1, -1, -1}, PS: []float64{0.5, 0.2, 0.25}}
	var b strings.Builder
	header := []string{"id", "weight"}
	rows := [][]string{{"a", "3"}, {"b", "4"}, {"c", "5"}}
	if err := WriteMatchedCSVTo(&b, header, func(i int) []string { return rows[i] }, res); err != nil {
		t.Fatal(err)
	}
	want := "id,weight,propensity_score,subclass,weight_match\na,3,0.5,,1\nc,5,0.25,,1\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	err := WriteMatchedCSVTo(&b, header, func(i int) []string { return []string{"x"} }, res)
	if err == nil {
		t.Error("short row accepted")
	}
	dir := t.TempDir()
	if err := WriteMatchedCSV(dir, header, func(i int) []string { return rows[i] }, res); err == nil {
		t.Error("writing over a directory accepted")
	}
}
