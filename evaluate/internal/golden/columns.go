package golden

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/whatworks/whatworks/evaluate/data"
)

// Columns is a data set read as columns of text keyed by header.
type Columns struct {
	Header []string
	Cols   map[string][]string
	N      int // data rows
}

// ReadColumns reads a golden-data CSV as columns of text.
func ReadColumns(t testing.TB, path string) Columns {
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
	c := Columns{Header: recs[0], Cols: map[string][]string{}, N: len(recs) - 1}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			c.Cols[h] = append(c.Cols[h], r[j])
		}
	}
	return c
}

// Num is a column as numbers, NA or empty as NaN; it fails the test if the
// column is absent or a value is not a number.
func (c Columns) Num(t testing.TB, name string) []float64 {
	t.Helper()
	s, ok := c.Cols[name]
	if !ok {
		t.Fatalf("no column %q", name)
	}
	out := make([]float64, len(s))
	for i, v := range s {
		if v == "NA" || v == "" {
			out[i] = math.NaN()
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("column %q row %d: %v", name, i+2, err)
		}
		out[i] = f
	}
	return out
}

// Factor codes a text column with sorted levels, as package designs does.
func (c Columns) Factor(name string) *data.Factor {
	return Factor(name, c.Cols[name])
}

// Factor codes text values as a Factor with sorted levels, as package
// designs does for a categorical data.
func Factor(name string, vals []string) *data.Factor {
	set := map[string]bool{}
	for _, v := range vals {
		set[v] = true
	}
	levels := make([]string, 0, len(set))
	for v := range set {
		levels = append(levels, v)
	}
	sort.Strings(levels)
	code := make(map[string]int32, len(levels))
	for i, l := range levels {
		code[l] = int32(i)
	}
	f := &data.Factor{Name: name, Levels: levels, Codes: make([]int32, len(vals))}
	for i, v := range vals {
		f.Codes[i] = code[v]
	}
	return f
}

// LMCoef is one coefficient of R's lm in fixtures/ancova/golden_lm.csv.
type LMCoef struct {
	Estimate, SE, T, P, Lo, Hi, Sigma float64
	DF, N                             int
}

// LM reads fixtures/ancova/golden_lm.csv (R 4.2.2 lm, fixtures/ancova/golden.R):
// case -> term -> coefficient.
func LM(t testing.TB) map[string]map[string]LMCoef {
	t.Helper()
	tab := ReadColumns(t, filepath.Join(Fixtures, "ancova", "golden_lm.csv"))
	out := map[string]map[string]LMCoef{}
	est, se, tt, p := tab.Num(t, "estimate"), tab.Num(t, "se"), tab.Num(t, "t"), tab.Num(t, "p")
	lo, hi, df, sg, n := tab.Num(t, "ci_low"), tab.Num(t, "ci_high"), tab.Num(t, "df"), tab.Num(t, "sigma"), tab.Num(t, "n")
	for i, c := range tab.Cols["case"] {
		if out[c] == nil {
			out[c] = map[string]LMCoef{}
		}
		out[c][tab.Cols["term"][i]] = LMCoef{est[i], se[i], tt[i], p[i], lo[i], hi[i], sg[i], int(df[i]), int(n[i])}
	}
	return out
}
