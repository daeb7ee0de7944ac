package multilevel

import (
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/regress"
)

func relNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// TestSumsCR2Golden: CR2 from the sums of one pass agrees with
// clubSandwich 0.5.8 (fixtures/multilevel/golden.R, golden_cr2.csv:
// vcovCR(lm(Posttest ~ Intervention + Prettest), School, "CR2") and
// coef_test(Satterthwaite)) on the eefAnalytics data.
func TestSumsCR2Golden(t *testing.T) {
	g := readGolden(t, "golden_cr2.csv")
	terms := []term{intercept, {"Intervention", []string{"Intervention"}}, {"Prettest", []string{"Prettest"}}}
	for _, data := range []string{"crt", "mst"} {
		tab := readTable(t, data+".csv")
		y := tab.num(t, "Posttest")
		cl, nc := tab.codes("School")
		x, names := design(t, tab, terms)
		s, err := NewSums(Data{Y: y, Names: names, Fill: DenseFill(x), Cluster: cl, NClusters: nc})
		if err != nil {
			t.Fatal(err)
		}
		ols, err := regress.OLS(x, y, names)
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.CR2(ols.Coef)
		if err != nil {
			t.Fatal(err)
		}
		for j, a := range names {
			for k, b := range names {
				want := g.get(t, data, "ancova", a, "vcov:"+b)
				if !relNear(v.Vcov.At(j, k), want, 1e-9) {
					t.Errorf("%s vcov[%s, %s] = %.15g, clubSandwich %.15g", data, a, b, v.Vcov.At(j, k), want)
				}
			}
			ts := v.Test(j, ols.Coef[j], 0.95)
			if want := g.get(t, data, "ancova", a, "df"); !relNear(ts.DF, want, 1e-9) {
				t.Errorf("%s df[%s] = %.15g, clubSandwich %.15g", data, a, ts.DF, want)
			}
		}
		l, err := s.Layout(1)
		if err != nil {
			t.Fatal(err)
		}
		treated := make([]bool, len(y))
		for i, v := range tab.num(t, "Intervention") {
			treated[i] = v == 1
		}
		want, _ := NewLayout(treated, cl, nc)
		if l.Level != want.Level || l.Mixed != want.Mixed || len(l.Treated) != len(want.Treated) || len(l.Warnings) != len(want.Warnings) {
			t.Errorf("%s layout %+v, want %+v", data, l, want)
		}
		for k := range l.Treated {
			if l.Treated[k] != want.Treated[k] {
				t.Errorf("%s layout: treated clusters %v, want %v", data, l.Treated, want.Treated)
				break
			}
		}
	}
}

// TestSumsMatchPupilPasses: on a trial large enough for several chunks,
// the sums give the fits of NewStats and the CR2 of regress.CR2 (one pass
// over the pupils instead of two), whatever the number of cores.
func TestSumsMatchPupilPasses(t *testing.T) {
	n, J := 3*chunkRows+1234, 400
	y, treat, pre, cl := randomTrial(7, n, J, 0.15)
	for i := range pre {
		pre[i] = 100 + 15*pre[i] // a large mean: the sums must not lose precision
		y[i] = 100 + 15*y[i]
	}
	d := simple(y, cl, J, treat, pre)
	stats, err := NewStats(d)
	if err != nil {
		t.Fatal(err)
	}
	want, err := stats.Fit()
	if err != nil {
		t.Fatal(err)
	}
	procs := runtime.GOMAXPROCS(1)
	s1, err := NewSums(d)
	runtime.GOMAXPROCS(procs)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSums(d)
	if err != nil {
		t.Fatal(err)
	}
	for k := range s.cp {
		if s.cp[k] != s1.cp[k] {
			t.Fatal("the sums depend on the number of cores")
		}
	}
	got, err := s.Stats().Fit()
	if err != nil {
		t.Fatal(err)
	}
	for j := range want.Coef {
		if !relNear(got.Coef[j], want.Coef[j], 1e-10) {
			t.Errorf("coefficient %d: %.15g from the sums, %.15g from NewStats", j, got.Coef[j], want.Coef[j])
		}
	}
	if !relNear(got.Tau2, want.Tau2, 1e-9) || !relNear(got.Sigma2, want.Sigma2, 1e-10) {
		t.Errorf("τ², σ²: %v %v from the sums, %v %v from NewStats", got.Tau2, got.Sigma2, want.Tau2, want.Sigma2)
	}

	x := mat.NewDense(n, 3, nil)
	for i := 0; i < n; i++ {
		x.Set(i, 0, 1)
		x.Set(i, 1, treat[i])
		x.Set(i, 2, pre[i])
	}
	ols, err := regress.OLS(x, y, []string{"(intercept)", "treat", "pre"})
	if err != nil {
		t.Fatal(err)
	}
	resid := make([]float64, n)
	for i := range resid {
		resid[i] = y[i] - ols.Coef[0] - ols.Coef[1]*treat[i] - ols.Coef[2]*pre[i]
	}
	direct, err := regress.CR2(x, resid, cl, J)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.CR2(ols.Coef)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 3; j++ {
		for k := 0; k < 3; k++ {
			if !relNear(v.Vcov.At(j, k), direct.Vcov.At(j, k), 1e-9) {
				t.Errorf("CR2[%d, %d] = %.15g from the sums, %.15g from the residuals", j, k, v.Vcov.At(j, k), direct.Vcov.At(j, k))
			}
		}
	}
	a, b := v.Test(1, ols.Coef[1], 0.95), direct.Test(1, ols.Coef[1], 0.95)
	if !relNear(a.DF, b.DF, 1e-9) || !relNear(a.SE, b.SE, 1e-10) {
		t.Errorf("CR2 test: df %v SE %v from the sums, %v %v from the residuals", a.DF, a.SE, b.DF, b.SE)
	}
	if _, err := s.Layout(2); err == nil {
		t.Error("a pretest taken as the treatment column: no error")
	}
}
