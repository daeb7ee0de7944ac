package regress

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

// ancFixture reads a data set of fixtures/ancova as columns of text.
func ancFixture(t testing.TB, name string) golden.Columns {
	t.Helper()
	return golden.ReadColumns(t, filepath.Join(golden.Fixtures, "ancova", name))
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

func ancDummies(f *data.Factor) [][]float64 {
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
	gold := golden.LM(t)
	type tc struct {
		name   string
		y      []float64
		cols   [][]float64
		names  []string // R's term names
		ournms []string
	}
	var cases []tc

	an := ancFixture(t, "anorexia_ft_cont.csv")
	cases = append(cases, tc{"anorexia_ft_cont", an.Num(t, "Postwt"),
		[][]float64{an.Num(t, "treat"), an.Num(t, "Prewt")},
		[]string{"(Intercept)", "treat", "Prewt"}, nil})

	an3 := ancFixture(t, "anorexia.csv")
	tr := an3.Factor("Treat")
	cases = append(cases, tc{"anorexia_all", an3.Num(t, "Postwt"),
		append([][]float64{an3.Num(t, "Prewt")}, ancDummies(tr)...),
		[]string{"(Intercept)", "Prewt", "TreatCont", "TreatFT"}, nil})

	tg := ancFixture(t, "toothgrowth.csv")
	dose := tg.Factor("dose")
	cases = append(cases, tc{"toothgrowth", tg.Num(t, "len"),
		append([][]float64{tg.Num(t, "vc")}, ancDummies(dose)...),
		[]string{"(Intercept)", "vc", "dose_f1", "dose_f2"}, nil})

	wb := ancFixture(t, "warpbreaks.csv")
	ten := wb.Factor("tension")
	if strings.Join(ten.Levels, ",") != "H,L,M" {
		t.Fatalf("tension levels %v", ten.Levels)
	}
	cases = append(cases, tc{"warpbreaks", wb.Num(t, "breaks"),
		append([][]float64{wb.Num(t, "woolB")}, ancDummies(ten)...),
		[]string{"(Intercept)", "woolB", "tensionL", "tensionM"}, nil})

	aq := ancFixture(t, "airquality.csv")
	cases = append(cases, tc{"airquality", aq.Num(t, "Ozone"),
		[][]float64{aq.Num(t, "Solar.R"), aq.Num(t, "Wind"), aq.Num(t, "Temp")},
		[]string{"(Intercept)", "Solar.R", "Wind", "Temp"}, nil})

	mst := ancFixture(t, "mst.csv")
	cases = append(cases, tc{"mst", mst.Num(t, "Posttest"),
		[][]float64{mst.Num(t, "Intervention"), mst.Num(t, "Prettest")},
		[]string{"(Intercept)", "Intervention", "Prettest"}, nil})

	ie := ancFixture(t, "insteval.csv")
	ieCols := [][]float64{ie.Num(t, "service")}
	ieNames := []string{"(Intercept)", "service"}
	for _, v := range []string{"studage", "lectage", "dept"} {
		f := ie.Factor(v)
		ieCols = append(ieCols, ancDummies(f)...)
		for _, l := range f.Levels[1:] {
			ieNames = append(ieNames, v+l)
		}
	}
	cases = append(cases, tc{"insteval", ie.Num(t, "y"), ieCols, ieNames, nil})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			X := ancBuildX(c.cols...)
			names := append([]string{Intercept}, c.names[1:]...)
			f, err := OLS(X, c.y, names)
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
					{"coef", f.Coef[j], w.Estimate}, {"se", f.SE[j], w.SE}, {"t", f.T[j], w.T},
					{"p", f.P[j], w.P}, {"ci_low", lo, w.Lo}, {"ci_high", hi, w.Hi},
					{"sigma", f.Sigma, w.Sigma},
				} {
					if !ancNear(q.got, q.want, 1e-9) {
						t.Errorf("%s %s = %.15g, R says %.15g", term, q.what, q.got, q.want)
					}
				}
				if f.DF != w.DF || f.N != w.N {
					t.Errorf("df %d n %d, R says %d %d", f.DF, f.N, w.DF, w.N)
				}
			}
		})
	}
	// eefAnalytics 1.1.3 reports the mstData treatment coefficient as 3.586310886208828.
	f, err := OLS(ancBuildX(mst.Num(t, "Intervention"), mst.Num(t, "Prettest")), mst.Num(t, "Posttest"),
		[]string{Intercept, "Intervention", "Prettest"})
	if err != nil || !ancNear(f.Coef[1], 3.586310886208828, 1e-12) {
		t.Errorf("mstData coefficient %v (%v), eefAnalytics says 3.586310886208828", f.Coef[1], err)
	}
}

// TestOLS_collinear: R's lm gives NA for Prettest2 = 2 Prettest + 3
// (golden.R checks it); OLS names the columns instead.
func TestOLS_collinear(t *testing.T) {
	mst := ancFixture(t, "mst.csv")
	y := mst.Num(t, "Posttest")
	pre := mst.Num(t, "Prettest")
	X := ancBuildX(mst.Num(t, "Intervention"), pre, mst.Num(t, "Prettest2"))
	_, err := OLS(X, y, []string{Intercept, "treatment", "Prettest", "Prettest2"})
	var ce *CollinearError
	if !errors.As(err, &ce) {
		t.Fatalf("want a CollinearError, got %v", err)
	}
	want := `covariates "Prettest" and "Prettest2" are collinear (one is a combination of the others); drop one`
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}

	// A combination of two columns names all three.
	a, b := mst.Num(t, "Intervention"), make([]float64, len(pre))
	s := make([]float64, len(pre))
	for i := range pre {
		b[i] = float64(i % 7)
		s[i] = pre[i] - 0.5*b[i]
	}
	_, err = OLS(ancBuildX(a, pre, b, s), y, []string{Intercept, "treatment", "eal", "fsm", "sum"})
	want = `covariates "eal", "fsm" and "sum" are collinear (one is a combination of the others); drop one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// A constant column is collinear with the intercept.
	k := make([]float64, len(pre))
	for i := range k {
		k[i] = 4
	}
	_, err = OLS(ancBuildX(a, k), y, []string{Intercept, "treatment", "year"})
	want = `covariate "year" is constant in the analysed sample; drop it`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// An all-zero data.
	_, err = OLS(ancBuildX(a, make([]float64, len(pre))), y, []string{Intercept, "treatment", "z"})
	if err == nil || !strings.Contains(err.Error(), `"z"`) {
		t.Errorf("error %v", err)
	}

	// Too few rows.
	if _, err := OLS(ancBuildX([]float64{1, 2}), []float64{1, 2}, []string{Intercept, "x"}); err == nil {
		t.Error("no error with n = p")
	}
}
