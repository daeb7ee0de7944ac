package sample

import (
	"math"
	"math/rand/v2"
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

// OfWhere and OfFunc must give Of's numbers bit for bit (the JSON of a run
// does not change with how the values are reached), including NaN values,
// an arm with one value and an arm with none.
func TestOfWhereAndOfFuncEqualOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		x := make([]float64, n)
		label := make([]int8, n)
		var rows []int32
		for i := range x {
			x[i] = 1e6 + rng.NormFloat64()*3
			if rng.IntN(7) == 0 {
				x[i] = math.NaN()
			}
			label[i] = int8(rng.IntN(3))
			if rng.IntN(4) > 0 {
				rows = append(rows, int32(i))
			}
		}
		for want := int8(0); want < 4; want++ {
			var copied []float64
			for _, i := range rows {
				if label[i] == want {
					copied = append(copied, x[i])
				}
			}
			ref := Of(copied)
			same := func(s Summary) bool {
				return s.N == ref.N && math.Float64bits(s.Mean) == math.Float64bits(ref.Mean) &&
					math.Float64bits(s.SD) == math.Float64bits(ref.SD)
			}
			if got := OfWhere(x, rows, label, want); !same(got) {
				t.Errorf("n = %d, label %d: OfWhere = %+v, Of = %+v", n, want, got, ref)
			}
			got := OfFunc(len(rows), func(k int) (float64, bool) { return x[rows[k]], label[rows[k]] == want })
			if !same(got) {
				t.Errorf("n = %d, label %d: OfFunc = %+v, Of = %+v", n, want, got, ref)
			}
		}
	}
}
