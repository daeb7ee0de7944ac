package regress

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// ExampleOLS fits y = 1 + 2x exactly but for one point: the points
// (0, 1), (1, 3), (2, 5), (3, 8) give b = (0.8, 2.3) by hand
// (x̄ = 1.5, ȳ = 4.25, Sxy = 11.5, Sxx = 5; b0 = 4.25 − 2.3·1.5), residuals
// 0.2, −0.1, −0.4, 0.3 and RSS = 0.3 on 2 df.
func ExampleOLS() {
	X := mat.NewDense(4, 2, []float64{1, 0, 1, 1, 1, 2, 1, 3})
	f, err := OLS(X, []float64{1, 3, 5, 8}, []string{Intercept, "x"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("b = %.2f, %.2f; RSS = %.2f on %d df\n", f.Coef[0], f.Coef[1], f.RSS, f.DF)
	// Output: b = 0.80, 2.30; RSS = 0.30 on 2 df
}

// TestOLS_blocks checks the blocked, chunked QR against one Householder
// QR of the whole matrix (gonum mat.QR) on data that cross the block and
// chunk boundaries: coefficients and RSS agree to 1e-9, SEs to 1e-7 (the
// reference SEs come from (X'X)^-1, the less accurate of the two).
func TestOLS_blocks(t *testing.T) {
	for _, n := range []int{8, tsqrBlock - 1, tsqrBlock, tsqrBlock + 1, 3*tsqrBlock + 7, tsqrChunk + 1, 2*tsqrChunk + 333} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		const p = 5
		X := mat.NewDense(n, p, nil)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			X.Set(i, 0, 1)
			X.Set(i, 1, float64(rng.IntN(2)))
			X.Set(i, 2, 100+15*rng.NormFloat64())
			X.Set(i, 3, 0.9+0.1*rng.Float64())
			X.Set(i, 4, float64(rng.IntN(3)))
			y[i] = 20 + 3*X.At(i, 1) + 0.8*X.At(i, 2) + 5*X.At(i, 3) - X.At(i, 4) + 10*rng.NormFloat64()
		}
		f, err := OLS(X, y, []string{Intercept, "t", "pre", "att", "k"})
		if err != nil {
			t.Fatal(err)
		}
		var qr mat.QR
		qr.Factorize(X)
		var b mat.Dense
		if err := qr.SolveTo(&b, false, mat.NewDense(n, 1, y)); err != nil {
			t.Fatal(err)
		}
		var fitted mat.Dense
		fitted.Mul(X, &b)
		rss := 0.0
		for i := range y {
			e := y[i] - fitted.At(i, 0)
			rss += e * e
		}
		var xtx, inv mat.Dense
		xtx.Mul(X.T(), X)
		if err := inv.Inverse(&xtx); err != nil {
			t.Fatal(err)
		}
		s2 := rss / float64(n-p)
		for j := 0; j < p; j++ {
			if !near(f.Coef[j], b.At(j, 0), 1e-9) || !near(f.SE[j], math.Sqrt(s2*inv.At(j, j)), 1e-7) {
				t.Errorf("n %d coef %d: %.15g (SE %.15g), one QR says %.15g (%.15g)", n, j, f.Coef[j], f.SE[j], b.At(j, 0), math.Sqrt(s2*inv.At(j, j)))
			}
		}
		if !near(f.RSS, rss, 1e-9) {
			t.Errorf("n %d RSS %.15g, one QR says %.15g", n, f.RSS, rss)
		}
	}
}

func TestCollinearError_treatment(t *testing.T) {
	e := &CollinearError{Columns: []string{Intercept, TreatmentTerm, "x"}}
	want := `covariate "x" duplicates the arms among the analysed pupils (it is collinear with the treatment); drop it`
	if e.Error() != want {
		t.Errorf("%s\nwant %s", e, want)
	}
}

// The indicators of one categorical covariate that together duplicate the
// arms name the covariate, to be dropped whole: "drop one" of them, as
// the error said, does not help.
func TestCollinearError_factorLevels(t *testing.T) {
	e := &CollinearError{Columns: []string{Intercept, "maker=b", "maker=c", TreatmentTerm}}
	want := `covariate "maker" duplicates the arms among the analysed pupils (each of its values is in one arm only: it is collinear with the treatment); drop it`
	if e.Error() != want {
		t.Errorf("%s\nwant %s", e, want)
	}
	// Indicators of two covariates stay listed.
	e = &CollinearError{Columns: []string{Intercept, "maker=b", "type=c", TreatmentTerm}}
	if got := e.Error(); !strings.Contains(got, `"maker=b", "type=c" together duplicate the arms`) {
		t.Errorf("two covariates: %s", got)
	}
}

// A fit whose residuals are rounding noise is flagged as perfect (its SE,
// t and p mean nothing); a fit to noisy data is not. Issue 15: a pretest
// identical to the outcome gave "g = 0.00, CI 0.00 to 0.00, p = 0.067".
func TestOLS_perfectFit(t *testing.T) {
	n := 60
	x := make([]float64, n)
	arm := make([]float64, n)
	for i := range x {
		x[i] = 100 + 15*math.Sin(float64(i)*1.7)
		arm[i] = float64(i % 2)
	}
	for _, c := range []struct {
		name string
		y    func(i int) float64
		want bool
	}{
		{"outcome = pretest", func(i int) float64 { return x[i] }, true},
		{"outcome = pretest + 5", func(i int) float64 { return x[i] + 5 }, true},
		{"outcome constant within arms", func(i int) float64 { return 50 + 10*arm[i] }, true},
		{"outcome = 1e6 × pretest", func(i int) float64 { return 1e6 * x[i] }, true},
		{"noisy", func(i int) float64 { return x[i] + 3*math.Cos(float64(i)*2.3) }, false},
		{"barely noisy", func(i int) float64 { return x[i] + 1e-6*math.Cos(float64(i)*2.3) }, false},
	} {
		X := mat.NewDense(n, 3, nil)
		y := make([]float64, n)
		w := make([]float64, n)
		for i := range y {
			X.Set(i, 0, 1)
			X.Set(i, 1, arm[i])
			X.Set(i, 2, x[i])
			y[i] = c.y(i)
			w[i] = 1 + float64(i%3)
		}
		f, err := OLS(X, y, []string{Intercept, TreatmentTerm, "pre"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if f.PerfectFit != c.want {
			t.Errorf("%s: OLS PerfectFit = %v (sigma %g)", c.name, f.PerfectFit, f.Sigma)
		}
		wf, err := WLS(X, y, w, []string{Intercept, TreatmentTerm, "pre"}, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if wf.PerfectFit != c.want {
			t.Errorf("%s: WLS PerfectFit = %v", c.name, wf.PerfectFit)
		}
	}
}
