package evaluate

import (
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/regress"
)

// ancTable is a CSV file from fixtures/ancova read as columns of text.
type ancTable struct {
	header []string
	cols   map[string][]string
}

func ancFixture(t testing.TB, name string) ancTable {
	t.Helper()
	header, cols, _ := readColumns(t, filepath.Join("..", "fixtures", "ancova", name))
	tab := ancTable{header: header, cols: cols}
	return tab
}

func (c ancTable) num(t testing.TB, name string) []float64 {
	t.Helper()
	s, ok := c.cols[name]
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

// factor codes a text column with sorted levels, as designs does.
func (c ancTable) factor(t testing.TB, name string) *Factor {
	t.Helper()
	return factorOf(name, c.cols[name])
}

type ancGoldCoef struct {
	estimate, se, t, p, lo, hi, sigma float64
	df, n                             int
}

// ancGoldenLM reads golden_lm.csv: case -> term -> values, from R's lm.
func ancGoldenLM(t testing.TB) map[string]map[string]ancGoldCoef {
	tab := ancFixture(t, "golden_lm.csv")
	out := map[string]map[string]ancGoldCoef{}
	est, se, tt, p := tab.num(t, "estimate"), tab.num(t, "se"), tab.num(t, "t"), tab.num(t, "p")
	lo, hi, df, sg, n := tab.num(t, "ci_low"), tab.num(t, "ci_high"), tab.num(t, "df"), tab.num(t, "sigma"), tab.num(t, "n")
	for i, c := range tab.cols["case"] {
		if out[c] == nil {
			out[c] = map[string]ancGoldCoef{}
		}
		out[c][tab.cols["term"][i]] = ancGoldCoef{est[i], se[i], tt[i], p[i], lo[i], hi[i], sg[i], int(df[i]), int(n[i])}
	}
	return out
}

// ancBuildX stacks an intercept and the given columns.
func ancBuildX(cols ...[]float64) *mat.Dense {
	n := len(cols[0])
	X := mat.NewDense(n, len(cols)+1, nil)
	for i := 0; i < n; i++ {
		X.Set(i, 0, 1)
		for j, c := range cols {
			X.Set(i, j+1, c[i])
		}
	}
	return X
}

func ancDummies(f *Factor) [][]float64 {
	var out [][]float64
	for l := 1; l < len(f.Levels); l++ {
		d := make([]float64, len(f.Codes))
		for i, c := range f.Codes {
			if int(c) == l {
				d[i] = 1
			}
		}
		out = append(out, d)
	}
	return out
}

func ancNear(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// TestOLS_R checks OLS against R 4.2.2 lm on real data sets shipped with R
// and its packages (fixtures/ancova/golden.R): MASS::anorexia (two and
// three arms), ToothGrowth, warpbreaks, airquality, the eefAnalytics
// mstData and lme4::InstEval (73,421 rows, 23 coefficients): coefficients,
// SEs, t, p, 95% CIs, residual df and sigma, to 1e-9.
func TestOLS_R(t *testing.T) {
	gold := ancGoldenLM(t)
	type tc struct {
		name   string
		y      []float64
		cols   [][]float64
		names  []string // R's term names
		ournms []string
	}
	var cases []tc

	an := ancFixture(t, "anorexia_ft_cont.csv")
	cases = append(cases, tc{"anorexia_ft_cont", an.num(t, "Postwt"),
		[][]float64{an.num(t, "treat"), an.num(t, "Prewt")},
		[]string{"(Intercept)", "treat", "Prewt"}, nil})

	an3 := ancFixture(t, "anorexia.csv")
	tr := an3.factor(t, "Treat")
	cases = append(cases, tc{"anorexia_all", an3.num(t, "Postwt"),
		append([][]float64{an3.num(t, "Prewt")}, ancDummies(tr)...),
		[]string{"(Intercept)", "Prewt", "TreatCont", "TreatFT"}, nil})

	tg := ancFixture(t, "toothgrowth.csv")
	dose := tg.factor(t, "dose")
	cases = append(cases, tc{"toothgrowth", tg.num(t, "len"),
		append([][]float64{tg.num(t, "vc")}, ancDummies(dose)...),
		[]string{"(Intercept)", "vc", "dose_f1", "dose_f2"}, nil})

	wb := ancFixture(t, "warpbreaks.csv")
	ten := wb.factor(t, "tension")
	if strings.Join(ten.Levels, ",") != "H,L,M" {
		t.Fatalf("tension levels %v", ten.Levels)
	}
	cases = append(cases, tc{"warpbreaks", wb.num(t, "breaks"),
		append([][]float64{wb.num(t, "woolB")}, ancDummies(ten)...),
		[]string{"(Intercept)", "woolB", "tensionL", "tensionM"}, nil})

	aq := ancFixture(t, "airquality.csv")
	cases = append(cases, tc{"airquality", aq.num(t, "Ozone"),
		[][]float64{aq.num(t, "Solar.R"), aq.num(t, "Wind"), aq.num(t, "Temp")},
		[]string{"(Intercept)", "Solar.R", "Wind", "Temp"}, nil})

	mst := ancFixture(t, "mst.csv")
	cases = append(cases, tc{"mst", mst.num(t, "Posttest"),
		[][]float64{mst.num(t, "Intervention"), mst.num(t, "Prettest")},
		[]string{"(Intercept)", "Intervention", "Prettest"}, nil})

	ie := ancFixture(t, "insteval.csv")
	ieCols := [][]float64{ie.num(t, "service")}
	ieNames := []string{"(Intercept)", "service"}
	for _, v := range []string{"studage", "lectage", "dept"} {
		f := ie.factor(t, v)
		ieCols = append(ieCols, ancDummies(f)...)
		for _, l := range f.Levels[1:] {
			ieNames = append(ieNames, v+l)
		}
	}
	cases = append(cases, tc{"insteval", ie.num(t, "y"), ieCols, ieNames, nil})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			X := ancBuildX(c.cols...)
			names := append([]string{regress.Intercept}, c.names[1:]...)
			f, err := regress.OLS(X, c.y, names)
			if err != nil {
				t.Fatal(err)
			}
			g := gold[c.name]
			if len(g) != len(c.names) {
				t.Fatalf("golden has %d terms, test %d", len(g), len(c.names))
			}
			for j, term := range c.names {
				w, ok := g[term]
				if !ok {
					t.Fatalf("no golden term %q", term)
				}
				lo, hi := f.CI(j, 0.95)
				for _, q := range []struct {
					what      string
					got, want float64
				}{
					{"coef", f.Coef[j], w.estimate}, {"se", f.SE[j], w.se}, {"t", f.T[j], w.t},
					{"p", f.P[j], w.p}, {"ci_low", lo, w.lo}, {"ci_high", hi, w.hi},
					{"sigma", f.Sigma, w.sigma},
				} {
					if !ancNear(q.got, q.want, 1e-9) {
						t.Errorf("%s %s = %.15g, R says %.15g", term, q.what, q.got, q.want)
					}
				}
				if f.DF != w.df || f.N != w.n {
					t.Errorf("df %d n %d, R says %d %d", f.DF, f.N, w.df, w.n)
				}
			}
		})
	}
	// eefAnalytics 1.1.3 reports the mstData treatment coefficient as 3.586310886208828.
	f, err := regress.OLS(ancBuildX(mst.num(t, "Intervention"), mst.num(t, "Prettest")), mst.num(t, "Posttest"),
		[]string{regress.Intercept, "Intervention", "Prettest"})
	if err != nil || !ancNear(f.Coef[1], 3.586310886208828, 1e-12) {
		t.Errorf("mstData coefficient %v (%v), eefAnalytics says 3.586310886208828", f.Coef[1], err)
	}
}

// TestOLS_collinear: R's lm gives NA for Prettest2 = 2 Prettest + 3
// (golden.R checks it); OLS names the columns instead.
func TestOLS_collinear(t *testing.T) {
	mst := ancFixture(t, "mst.csv")
	y := mst.num(t, "Posttest")
	pre := mst.num(t, "Prettest")
	X := ancBuildX(mst.num(t, "Intervention"), pre, mst.num(t, "Prettest2"))
	_, err := regress.OLS(X, y, []string{regress.Intercept, "treatment", "Prettest", "Prettest2"})
	var ce *regress.CollinearError
	if !errors.As(err, &ce) {
		t.Fatalf("want a regress.CollinearError, got %v", err)
	}
	want := `covariates "Prettest" and "Prettest2" are collinear (one is a combination of the others); drop one`
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}

	// A combination of two columns names all three.
	a, b := mst.num(t, "Intervention"), make([]float64, len(pre))
	s := make([]float64, len(pre))
	for i := range pre {
		b[i] = float64(i % 7)
		s[i] = pre[i] - 0.5*b[i]
	}
	_, err = regress.OLS(ancBuildX(a, pre, b, s), y, []string{regress.Intercept, "treatment", "eal", "fsm", "sum"})
	want = `covariates "eal", "fsm" and "sum" are collinear (one is a combination of the others); drop one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// A constant column is collinear with the intercept.
	k := make([]float64, len(pre))
	for i := range k {
		k[i] = 4
	}
	_, err = regress.OLS(ancBuildX(a, k), y, []string{regress.Intercept, "treatment", "year"})
	want = `covariate "year" is constant in the analysed sample; drop it`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// An all-zero column.
	_, err = regress.OLS(ancBuildX(a, make([]float64, len(pre))), y, []string{regress.Intercept, "treatment", "z"})
	if err == nil || !strings.Contains(err.Error(), `"z"`) {
		t.Errorf("error %v", err)
	}

	// Too few rows.
	if _, err := regress.OLS(ancBuildX([]float64{1, 2}), []float64{1, 2}, []string{regress.Intercept, "x"}); err == nil {
		t.Error("no error with n = p")
	}
}
