package sample

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestOf(t *testing.T) {
	nan := math.NaN()
	s := Of([]float64{2, nan, 4, 4, 4, 5, 5, 7, 9, nan})
	// R: x <- c(2, 4, 4, 4, 5, 5, 7, 9); mean(x) = 5; sd(x) = sqrt(32/7)
	if s.N != 8 || s.Mean != 5 || !near(s.SD, math.Sqrt(32.0/7), 1e-15) {
		t.Errorf("Summarise = %+v, want {8 5 %v}", s, math.Sqrt(32.0/7))
	}
	if s := Of(nil); s.N != 0 || !math.IsNaN(s.Mean) || !math.IsNaN(s.SD) {
		t.Errorf("Of(nil) = %+v", s)
	}
	if s := Of([]float64{nan, 3}); s.N != 1 || s.Mean != 3 || !math.IsNaN(s.SD) {
		t.Errorf("Of(one value) = %+v", s)
	}
	// A large offset does not lose the SD (naive sum of squares would).
	x := []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}
	if s := Of(x); !near(s.SD, math.Sqrt(30), 1e-12) || s.Mean != 1e9+10 {
		t.Errorf("Summarise with offset 1e9 = %+v, want mean 1e9+10, SD %v", s, math.Sqrt(30))
	}
	if s := Of([]float64{3, 3, 3}); s.SD != 0 {
		t.Errorf("constant SD = %v", s.SD)
	}
}

func TestDiffSD(t *testing.T) {
	pre, post := Summary{N: 10, Mean: 0, SD: 3}, Summary{N: 10, Mean: 0, SD: 4}
	for _, c := range []struct{ r, want float64 }{
		{0, 5}, {1, 1}, {-1, 7}, {0.5, math.Sqrt(13)}, {math.NaN(), math.NaN()}, {1.2, math.NaN()},
	} {
		if got := DiffSD(pre, post, c.r); !near(got, c.want, 1e-15) {
			t.Errorf("DiffSD(3, 4, r = %v) = %v, want %v", c.r, got, c.want)
		}
	}
}

// BenchmarkSummarise is the hot path of descriptives at 1M-pupil scale.
func BenchmarkSummarise(b *testing.B) {
	x := make([]float64, 1_000_000)
	for i := range x {
		x[i] = float64(i%997) * 0.37
		if i%101 == 0 {
			x[i] = math.NaN()
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Of(x)
	}
}
