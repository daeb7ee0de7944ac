package zeroin

import (
	"math"
	"testing"
)

// Find follows R's uniroot step for step, so it gives R's root to rounding
// (within 1e-15; Go's and R's cos may differ in the last bit), not merely
// one within the tolerance, 1.2e-4 (R 4.2.2, digits = 17):
//
//	uniroot(function(x) x^2 - 2, c(0, 2))$root       1.4142133199955025
//	uniroot(function(x) cos(x) - x, c(-1, 3))$root   0.73908476535088696
func TestFind_asRUniroot(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{"x² − 2", func(x float64) float64 { return x*x - 2 }, 0, 2, 1.4142133199955025},
		{"cos x − x", func(x float64) float64 { return math.Cos(x) - x }, -1, 3, 0.73908476535088696},
	} {
		got, ok := Find(c.f, c.a, c.b, c.f(c.a), c.f(c.b), Tol, MaxIter)
		if !ok || math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: Find = %.17g (ok %v), R's uniroot %.17g", c.name, got, ok, c.want)
		}
	}
	// A root at an end is returned at once; too few steps say so.
	if r, ok := Find(func(x float64) float64 { return x }, 0, 1, 0, 1, Tol, MaxIter); r != 0 || !ok {
		t.Errorf("root at a: %v %v", r, ok)
	}
	if _, ok := Find(func(x float64) float64 { return x*x - 2 }, 0, 2, -2, 2, 1e-300, 2); ok {
		t.Error("two steps to 1e-300: ok")
	}
}
