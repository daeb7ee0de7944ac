package binary

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// fixture is the folder of the R script and its golden values.
const fixture = "../../fixtures/binary"

// readCSV returns the header and rows of a fixture CSV file.
func readCSV(t testing.TB, name string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(fixture, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs[0], recs[1:]
}

// records returns each row of a fixture CSV as a map from column name.
func records(t testing.TB, name string) []map[string]string {
	t.Helper()
	header, rows := readCSV(t, name)
	out := make([]map[string]string, len(rows))
	for i, r := range rows {
		out[i] = make(map[string]string, len(header))
		for j, h := range header {
			out[i][h] = r[j]
		}
	}
	return out
}

// golden is golden.csv: case → quantity → value, from golden.R.
type golden map[string]map[string]float64

func readGolden(t testing.TB) golden {
	t.Helper()
	g := golden{}
	for _, r := range records(t, "golden.csv") {
		if g[r["case"]] == nil {
			g[r["case"]] = map[string]float64{}
		}
		g[r["case"]][r["quantity"]] = parseNum(t, r["value"])
	}
	return g
}

// get returns a golden value, failing the test when it is missing.
func (g golden) get(t testing.TB, c, q string) float64 {
	t.Helper()
	v, ok := g[c][q]
	if !ok {
		t.Fatalf("golden.csv has no %s %s", c, q)
	}
	return v
}

// parseNum reads a number as R writes it; NA is NaN.
func parseNum(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NA" || s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("parsing %q: %v", s, err)
	}
	return v
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("parsing %q: %v", s, err)
	}
	return v
}

// close reports whether got agrees with want to tol, absolutely or
// relative to |want| when that is above 1; NaN agrees only with NaN.
func close(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// worst is the largest |Δ| seen per quantity, logged by logWorst (go test -v).
var worst = map[string]float64{}

// check compares got with the golden value of case c, quantity q.
func (g golden) check(t *testing.T, c, q string, got, tol float64) {
	t.Helper()
	want := g.get(t, c, q)
	if !close(got, want, tol) {
		t.Errorf("%s %s = %.15g, R gives %.15g (|Δ| = %.3g, tol %g)", c, q, got, want, math.Abs(got-want), tol)
	}
	if d := math.Abs(got - want); !math.IsNaN(d) && d > worst[q] {
		worst[q] = d
	} else if _, ok := worst[q]; !ok {
		worst[q] = 0
	}
}

// logWorst logs the largest |Δ| from R per quantity checked since the last
// call, and forgets them.
func logWorst(t *testing.T) {
	defer clear(worst)
	keys := make([]string, 0, len(worst))
	for k := range worst {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("worst |Δ| %-22s %.3g", k, worst[k])
	}
}
