// Package golden reads the golden values and data sets in fixtures/ for the
// tests of evaluate and its families. It is test support: only _test.go
// files import it. Golden tables are CSV files with the columns case,
// measure, field, value (NA for a value R could not give); data sets are
// CSV files of numbers with a header row.
package golden

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// Fixtures is the path of the repository's fixtures/ folder.
var Fixtures = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "fixtures")
}()

// Tolerances of the golden tests: closed forms printed by R with 15
// significant digits, and interval ends found by root finding.
const (
	TolClosed = 1e-9
	TolRoot   = 1e-6
)

// Table holds golden values by case, measure and field.
type Table map[string]float64

// Load reads a golden CSV (case, measure, field, value).
func Load(t testing.TB, path string) Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	g := Table{}
	for _, r := range recs[1:] {
		v := math.NaN()
		if r[3] != "NA" {
			v, err = strconv.ParseFloat(r[3], 64)
			if err != nil {
				t.Fatalf("%s: %v: %v", path, r, err)
			}
		}
		g[r[0]+"|"+r[1]+"|"+r[2]] = v
	}
	return g
}

// Get returns a golden value and fails the test if it is absent.
func (g Table) Get(t testing.TB, c, m, f string) float64 {
	t.Helper()
	v, ok := g[c+"|"+m+"|"+f]
	if !ok {
		t.Fatalf("golden values have no %s / %s / %s", c, m, f)
	}
	return v
}

// Near reports whether got is within tol of want, relative for |want| > 1;
// a NaN want asks for a NaN.
func Near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// Check fails the test when got is not Near want.
func Check(t testing.TB, what string, got, want, tol float64) {
	t.Helper()
	if !Near(got, want, tol) {
		t.Errorf("%s = %.15g, R gives %.15g (diff %.3g, tol %g)", what, got, want, got-want, tol)
	}
}

// CheckP checks a p-value relative to its size (tiny p-values too).
func CheckP(t testing.TB, what string, got, want float64) {
	t.Helper()
	if !(math.Abs(got-want) <= TolClosed*want) {
		t.Errorf("%s = %.15g, R gives %.15g (relative diff %.3g)", what, got, want, (got-want)/want)
	}
}

// CheckNCP checks a noncentral-t interval end (field "low" or "high" of a
// golden measure) two ways: against the end solved to full precision in R
// (uniroot on pt, tolerance 1e-14: field low_exact/high_exact) to 1e-8, and
// against effectsize's own answer. effectsize (0.8.3) finds the ends with
// optim's Nelder–Mead, which stops early: the "resid" field is how far its
// ends are from solving P(T <= t | ncp) = 1 - α/2, α/2. Where that
// residual is below 1e-7 the ends agree with effectsize to 1e-6; above, the
// difference is effectsize's (e.g. iris Glass's Δ, residual 7e-5) and only
// 1e-3 is required.
func CheckNCP(t testing.TB, g Table, what string, got float64, c, m, field string) {
	t.Helper()
	Check(t, what+" (vs exact root)", got, g.Get(t, c, m, field+"_exact"), 1e-8)
	tol := TolRoot
	if r := g.Get(t, c, m, "resid"); r > 1e-7 {
		tol = 1e-3
		t.Logf("%s: effectsize's optim residual %.2g; ours %.12g, effectsize %.12g", what, r, got, g.Get(t, c, m, field))
	}
	Check(t, what+" (vs effectsize)", got, g.Get(t, c, m, field), tol)
}

// ReadCSV reads a numeric data set: a header row, then numbers.
func ReadCSV(t testing.TB, path string) (header []string, cols [][]float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header = recs[0]
	cols = make([][]float64, len(header))
	for i, r := range recs[1:] {
		for j, s := range r {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s row %d: %v", path, i+2, err)
			}
			cols[j] = append(cols[j], v)
		}
	}
	return header, cols
}
