package multilevel

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fixtures is where golden.R writes the data and the R values.
var fixtures = filepath.Join("..", "..", "fixtures", "multilevel")

// table is a CSV file read as columns of text.
type table map[string][]string

func readTable(t testing.TB, name string) table {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tab := table{}
	for _, r := range recs[1:] {
		for k, h := range recs[0] {
			tab[h] = append(tab[h], r[k])
		}
	}
	return tab
}

func (tab table) num(t testing.TB, col string) []float64 {
	t.Helper()
	s, ok := tab[col]
	if !ok {
		t.Fatalf("no column %q", col)
	}
	x := make([]float64, len(s))
	for i, v := range s {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			t.Fatalf("column %q row %d: %v", col, i+2, err)
		}
		x[i] = f
	}
	return x
}

// codes returns the cluster codes of a column (levels in sorted order).
func (tab table) codes(col string) ([]int32, int) {
	levels := map[string]int32{}
	var names []string
	for _, v := range tab[col] {
		if _, ok := levels[v]; !ok {
			levels[v] = 0
			names = append(names, v)
		}
	}
	sort.Strings(names)
	for k, v := range names {
		levels[v] = int32(k)
	}
	c := make([]int32, len(tab[col]))
	for i, v := range tab[col] {
		c[i] = levels[v]
	}
	return c, len(names)
}

// term is a design column: a product of data columns ("" is the intercept).
type term struct {
	name string
	cols []string
}

func design(t testing.TB, tab table, terms []term) (*mat.Dense, []string) {
	t.Helper()
	n := len(tab[firstKey(tab)])
	x := mat.NewDense(n, len(terms), nil)
	names := make([]string, len(terms))
	for j, tm := range terms {
		names[j] = tm.name
		for i := 0; i < n; i++ {
			x.Set(i, j, 1)
		}
		for _, c := range tm.cols {
			v := tab.num(t, c)
			for i := 0; i < n; i++ {
				x.Set(i, j, x.At(i, j)*v[i])
			}
		}
	}
	return x, names
}

func firstKey(tab table) string {
	for k := range tab {
		return k
	}
	return ""
}

// golden is golden_lmer.csv or golden_cr2.csv: value by data, model,
// term and quantity.
type golden map[[4]string]float64

func readGolden(t testing.TB, name string) golden {
	tab := readTable(t, name)
	g := golden{}
	for i := range tab["data"] {
		v, err := strconv.ParseFloat(tab["value"][i], 64)
		if err != nil {
			t.Fatal(err)
		}
		g[[4]string{tab["data"][i], tab["model"][i], tab["term"][i], tab["quantity"][i]}] = v
	}
	return g
}

func (g golden) get(t testing.TB, key ...string) float64 {
	t.Helper()
	v, ok := g[[4]string{key[0], key[1], key[2], key[3]}]
	if !ok {
		t.Fatalf("no golden value %q", key)
	}
	return v
}

var intercept = term{"(Intercept)", nil}

// lmerCases are the models golden.R fits with lme4::lmer + lmerTest.
var lmerCases = []struct {
	data, file, model, y, cluster string
	terms                         []term // nil: the null model
}{
	{"crt", "crt.csv", "full", "Posttest", "School", []term{intercept, {"Intervention", []string{"Intervention"}}, {"Prettest", []string{"Prettest"}}}},
	{"crt", "crt.csv", "null", "Posttest", "School", nil},
	{"mst", "mst.csv", "full", "Posttest", "School", []term{intercept, {"Intervention", []string{"Intervention"}}, {"Prettest", []string{"Prettest"}}}},
	{"mst", "mst.csv", "null", "Posttest", "School", nil},
	{"hsb", "hsb.csv", "full", "mathach", "school", []term{intercept, {"catholic", []string{"catholic"}}, {"ses", []string{"ses"}}}},
	{"hsb", "hsb.csv", "interaction", "mathach", "school", []term{intercept, {"catholic", []string{"catholic"}}, {"minority", []string{"minority"}},
		{"ses", []string{"ses"}}, {"catholic:minority", []string{"catholic", "minority"}}}},
	{"hsb", "hsb.csv", "null", "mathach", "school", nil},
	{"sleepstudy", "sleepstudy.csv", "full", "Reaction", "Subject", []term{intercept, {"Days", []string{"Days"}}}},
	{"sleepstudy", "sleepstudy.csv", "null", "Reaction", "Subject", nil},
	{"dyestuff2", "dyestuff2.csv", "null", "Yield", "Batch", nil},
}

// TestLmerGolden compares every fit with lme4 1.1-31 and lmerTest 3.1-3
// (golden.R): coefficients, their covariance, Satterthwaite df, t, p and
// 95% t intervals, σ², τ², θ, REMLcrit, the log-likelihood and the ICC.
// Iterative fits: 1e-4 relative (the values agree much more closely; the
// worst differences are logged with -v).
func TestLmerGolden(t *testing.T) {
	g := readGolden(t, "golden_lmer.csv")
	worst := map[string]float64{}
	check := func(c string, q string, got, want float64) {
		t.Helper()
		d := math.Abs(got-want) / math.Max(1, math.Abs(want))
		if want == 0 {
			d = math.Abs(got)
		}
		if d > worst[q] {
			worst[q] = d
		}
		if !(d <= 1e-4) {
			t.Errorf("%s %s: got %.12g, want %.12g (lme4/lmerTest)", c, q, got, want)
		}
	}
	for _, c := range lmerCases {
		tab := readTable(t, c.file)
		y := tab.num(t, c.y)
		cl, nc := tab.codes(c.cluster)
		terms := c.terms
		if terms == nil {
			terms = []term{intercept}
		}
		x, names := design(t, tab, terms)
		s, err := NewStats(Data{Y: y, Names: names, Fill: DenseFill(x), Cluster: cl, NClusters: nc})
		if err != nil {
			t.Fatal(err)
		}
		var f *Fit
		if c.terms == nil {
			f, err = s.FitNull()
			f.Names[0] = "(Intercept)"
		} else {
			f, err = s.Fit()
		}
		if err != nil {
			t.Fatalf("%s %s: %v", c.data, c.model, err)
		}
		id := c.data + " " + c.model
		check(id, "sigma2", f.Sigma2, g.get(t, c.data, c.model, "", "sigma2"))
		check(id, "tau2", f.Tau2, g.get(t, c.data, c.model, "", "tau2"))
		check(id, "theta", f.Theta, g.get(t, c.data, c.model, "", "theta"))
		check(id, "remlcrit", f.REMLCrit, g.get(t, c.data, c.model, "", "remlcrit"))
		check(id, "loglik", f.LogLik, g.get(t, c.data, c.model, "", "loglik"))
		check(id, "icc", f.ICC(), g.get(t, c.data, c.model, "", "icc"))
		if sing := g.get(t, c.data, c.model, "", "singular") == 1; sing != f.Boundary {
			t.Errorf("%s: boundary %v, lme4 isSingular %v", id, f.Boundary, sing)
		}
		if !f.Converged {
			t.Errorf("%s: not converged", id)
		}
		for j, name := range f.Names {
			te := f.Test(j, 0.95)
			k := func(q string) float64 { return g.get(t, c.data, c.model, name, q) }
			check(id+" "+name, "estimate", te.Estimate, k("estimate"))
			check(id+" "+name, "se", te.SE, k("se"))
			check(id+" "+name, "df", te.DF, k("df"))
			check(id+" "+name, "t", te.T, k("t"))
			check(id+" "+name, "p", te.P, k("p"))
			check(id+" "+name, "lower", te.Lower, k("lower"))
			check(id+" "+name, "upper", te.Upper, k("upper"))
			for l, other := range f.Names {
				check(id+" "+name, "vcov", f.Vcov.At(j, l), k("vcov:"+other))
			}
		}
	}
	qs := make([]string, 0, len(worst))
	for q := range worst {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	for _, q := range qs {
		t.Logf("worst relative difference from lme4/lmerTest: %-9s %.2g", q, worst[q])
	}
}
