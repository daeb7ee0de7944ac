package ttest

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// The golden values come from fixtures/continuous/golden.R (R 4.2.2,
// effectsize 0.8.3); fixtures/continuous/README.md names the R call behind
// each value.
func loadGolden(t *testing.T) golden.Table {
	t.Helper()
	return golden.Load(t, filepath.Join(golden.Fixtures, "continuous", "golden.csv"))
}

// TestPnt checks the noncentral t CDF against R's pt(t, df, ncp), over
// both its series and its normal-approximation branches.
func TestPnt(t *testing.T) {
	g := loadGolden(t)
	n := 0
	for _, tv := range []float64{-3, -0.5, 0.5, 2, 5, 12, 40} {
		for _, df := range []float64{3, 10, 50, 1e6} {
			for _, ncp := range []float64{-2, 0.3, 1.5, 4, 11, 39} {
				key := fmt.Sprintf("t=%g;df=%g;ncp=%g", tv, df, ncp)
				want, ok := g["pt|"+key+"|p"]
				if !ok {
					// R warned that it may have lost precision (values
					// within 1e-9 of 1): compare absolutely.
					want = g.Get(t, "pt", key, "p_warned")
				}
				golden.Check(t, "NoncentralCDF("+key+")", NoncentralCDF(tv, df, ncp), want, golden.TolClosed)
				n++
			}
		}
	}
	if n != 168 {
		t.Fatalf("checked %d values", n)
	}
}

// TestNoncentralCI_effectsize compares with effectsize:::.get_ncp_t itself.
func TestNoncentralCI_effectsize(t *testing.T) {
	g := loadGolden(t)
	for _, tv := range []float64{-2.5, 0.7, 3.1, 9} {
		for _, df := range []float64{8, 40, 300} {
			key := fmt.Sprintf("t=%g;df=%g", tv, df)
			lo, hi := NoncentralCI(tv, df, 0.95)
			golden.CheckNCP(t, g, "ncp low "+key, lo, "ncp", key, "low")
			golden.CheckNCP(t, g, "ncp high "+key, hi, "ncp", key, "high")
		}
	}
}
func TestNoncentralCI_coverage(t *testing.T) {
	// The interval's ends solve the defining equations, whatever R does.
	for _, c := range []struct{ t, df, conf float64 }{
		{2.1, 30, 0.95}, {-4, 12, 0.9}, {0, 5, 0.99}, {60, 2e6, 0.95}, {45, 1000, 0.95}, {-38, 200, 0.95}, {0.3, 1, 0.95},
	} {
		lo, hi := NoncentralCI(c.t, c.df, c.conf)
		a := 1 - c.conf
		if !(lo < hi) || !golden.Near(NoncentralCDF(c.t, c.df, lo), 1-a/2, 1e-9) || !golden.Near(NoncentralCDF(c.t, c.df, hi), a/2, 1e-9) {
			t.Errorf("NoncentralCI(%v, %v, %v) = (%v, %v): P = %v, %v", c.t, c.df, c.conf, lo, hi, NoncentralCDF(c.t, c.df, lo), NoncentralCDF(c.t, c.df, hi))
		}
	}
	for _, c := range []struct{ t, df, conf float64 }{
		{math.NaN(), 10, 0.95}, {1, 0, 0.95}, {1, 10, 1}, {math.Inf(1), 10, 0.95}, {1, 10, 0},
	} {
		lo, hi := NoncentralCI(c.t, c.df, c.conf)
		if !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("NoncentralCI(%v, %v, %v) = (%v, %v), want NaNs", c.t, c.df, c.conf, lo, hi)
		}
	}
}
func BenchmarkNoncentralCI(b *testing.B) {
	for b.Loop() {
		NoncentralCI(3.7, 480, 0.95)
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	g := loadGolden(t)
	p := []float64{0.01, 0.04, math.NaN(), 0.03, 0.2, 0.04, 0.5, 0.001}
	got := BenjaminiHochberg(p)
	for i := range p {
		// R: p.adjust(c(0.01, 0.04, NA, 0.03, 0.2, 0.04, 0.5, 0.001), "BH")
		golden.Check(t, fmt.Sprintf("BH[%d]", i), got[i], g.Get(t, "bh", fmt.Sprintf("i=%d", i+1), "p_adjusted"), golden.TolClosed)
	}
	if !math.IsNaN(got[2]) {
		t.Errorf("NaN p-value adjusted to %v", got[2])
	}
	if len(BenjaminiHochberg(nil)) != 0 {
		t.Error("BenjaminiHochberg(nil) is not empty")
	}
	if r := BenjaminiHochberg([]float64{math.NaN()}); len(r) != 1 || !math.IsNaN(r[0]) {
		t.Errorf("BenjaminiHochberg([NaN]) = %v", r)
	}
	if r := BenjaminiHochberg([]float64{0.03}); r[0] != 0.03 {
		t.Errorf("one p-value is adjusted to %v", r[0])
	}
	// Hand check: m = 3, p = (0.01, 0.02, 0.04) -> (0.03, 0.03, 0.04).
	r := BenjaminiHochberg([]float64{0.04, 0.01, 0.02})
	for i, w := range []float64{0.04, 0.03, 0.03} {
		if math.Abs(r[i]-w) > 1e-15 {
			t.Errorf("BH hand case [%d] = %v, want %v", i, r[i], w)
		}
	}
	// The input is not modified.
	if p[0] != 0.01 || p[7] != 0.001 {
		t.Error("BenjaminiHochberg modified its input")
	}
}

// Degenerate summaries give NaN statistics, p-values and intervals.
func TestTests_degenerate(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name string
		t, c sample.Summary
	}{
		{"empty treated", sample.Summary{N: 0, Mean: nan, SD: nan}, sample.Summary{N: 10, Mean: 1, SD: 1}},
		{"N = 2", sample.Summary{N: 1, Mean: 3, SD: nan}, sample.Summary{N: 1, Mean: 1, SD: nan}},
		{"zero SD", sample.Summary{N: 5, Mean: 3, SD: 0}, sample.Summary{N: 5, Mean: 1, SD: 0}},
		{"NaN SD", sample.Summary{N: 5, Mean: 3, SD: nan}, sample.Summary{N: 5, Mean: 1, SD: nan}},
		// A variance that overflows (a value of 1e308): not t = 0, p = 1.
		{"infinite SD", sample.Summary{N: 5, Mean: 2e307, SD: math.Inf(1)}, sample.Summary{N: 5, Mean: 1, SD: 1}},
	} {
		w := Welch(c.t, c.c, 0.95)
		if !math.IsNaN(w.T) || !math.IsNaN(w.P) || !math.IsNaN(w.Low) {
			t.Errorf("%s: Welch = %+v, want NaN t, p, CI", c.name, w)
		}
	}
	if v := OneSample(sample.Summary{N: 1, Mean: 3, SD: nan}, 0.95); !math.IsNaN(v.T) || !math.IsNaN(v.Diff) {
		t.Errorf("OneSample(n = 1) = %+v", v)
	}
}
