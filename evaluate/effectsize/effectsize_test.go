package effectsize

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

func TestHedgesJExact(t *testing.T) {
	g := loadGolden(t)
	for _, df := range []float64{5, 20, 98, 1000} {
		golden.Check(t, fmt.Sprintf("HedgesJExact(%g)", df), HedgesJExact(df), g.Get(t, "j_exact", fmt.Sprintf("df=%g", df), "value"), golden.TolClosed)
	}
	// EEF approximation against its closed form 1 - 3/(4N - 9), N = 30.
	if got, want := HedgesJ(28), 1-3.0/(4*30-9); got != want {
		t.Errorf("HedgesJ(28) = %v, want %v", got, want)
	}
	for _, df := range []float64{0, 0.25, 0.5, 1, math.NaN()} { // J <= 0 at df <= 1
		if !math.IsNaN(HedgesJ(df)) {
			t.Errorf("HedgesJ(%v) = %v, want NaN", df, HedgesJ(df))
		}
	}
	if !math.IsNaN(HedgesJExact(1)) || HedgesJExact(math.Inf(1)) != 1 {
		t.Errorf("HedgesJExact(1) = %v, HedgesJExact(+Inf) = %v", HedgesJExact(1), HedgesJExact(math.Inf(1)))
	}
}

// twoGroupData returns the treated and comparison values of
// fixtures/continuous/data_CASE.csv (columns treated, y).
func twoGroupData(t *testing.T, c string) (x, y []float64) {
	t.Helper()
	_, cols := golden.ReadCSV(t, filepath.Join(golden.Fixtures, "continuous", "data_"+c+".csv"))
	for i, tr := range cols[0] {
		if tr == 1 {
			x = append(x, cols[1][i])
		} else {
			y = append(y, cols[1][i])
		}
	}
	return x, y
}

// Properties: swapping arms negates g; shifting or rescaling the outcome
// leaves it unchanged (a reflection negates it). The data sets of
// fixtures/continuous.
func TestHedgesG_properties(t *testing.T) {
	for _, c := range []string{"anorexia_ft_cont", "anorexia_ft_cont_pre", "toothgrowth_oj_vc", "mtcars_am",
		"chickwts_soybean_linseed", "birthwt_smoke", "iris_versicolor_setosa"} {
		x, y := twoGroupData(t, c)
		st, sc := sample.Of(x), sample.Of(y)
		g := HedgesG(st, sc)
		if sw := HedgesG(sc, st); !golden.Near(sw, -g, 1e-12) {
			t.Errorf("%s: swapping arms: %v, want %v", c, sw, -g)
		}
		for _, tr := range []struct{ a, b float64 }{{1, 1000}, {1, -37.5}, {2.54, 0}, {0.001, 5}, {-3, 0}} {
			f := func(v []float64) []float64 {
				out := make([]float64, len(v))
				for i := range v {
					out[i] = tr.a*v[i] + tr.b
				}
				return out
			}
			want := g
			if tr.a < 0 {
				want = -g // a reflection swaps the direction
			}
			if got := HedgesG(sample.Of(f(x)), sample.Of(f(y))); !golden.Near(got, want, 1e-9) {
				t.Errorf("%s: outcome × %v + %v: g = %v, want %v", c, tr.a, tr.b, got, want)
			}
		}
	}
}

// Degenerate summaries (an empty arm, one pupil per arm, zero or NaN SDs)
// give NaN, never 0 or Inf.
func TestEffectSizes_degenerate(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		t, c sample.Summary
	}{
		{"empty treated", sample.Summary{N: 0, Mean: nan, SD: nan}, sample.Summary{N: 10, Mean: 1, SD: 1}},
		{"N = 2", sample.Summary{N: 1, Mean: 3, SD: nan}, sample.Summary{N: 1, Mean: 1, SD: nan}},
		{"zero SD", sample.Summary{N: 5, Mean: 3, SD: 0}, sample.Summary{N: 5, Mean: 1, SD: 0}},
		{"NaN SD", sample.Summary{N: 5, Mean: 3, SD: nan}, sample.Summary{N: 5, Mean: 1, SD: nan}},
	}
	for _, c := range cases {
		if v := HedgesG(c.t, c.c); !math.IsNaN(v) {
			t.Errorf("%s: HedgesG = %v, want NaN", c.name, v)
		}
		if v := CohensD(c.t, c.c); !math.IsNaN(v) {
			t.Errorf("%s: CohensD = %v, want NaN", c.name, v)
		}
	}
	if v := GlassDelta(sample.Summary{N: 5, Mean: 3, SD: 1}, sample.Summary{N: 5, Mean: 1, SD: 0}); !math.IsNaN(v) {
		t.Errorf("GlassDelta with comparison SD 0 = %v", v)
	}
}
