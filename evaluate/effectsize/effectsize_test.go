package effectsize

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
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
	for _, df := range []float64{0, 0.25, math.NaN()} {
		if !math.IsNaN(HedgesJ(df)) {
			t.Errorf("HedgesJ(%v) = %v, want NaN", df, HedgesJ(df))
		}
	}
	if !math.IsNaN(HedgesJExact(1)) || HedgesJExact(math.Inf(1)) != 1 {
		t.Errorf("HedgesJExact(1) = %v, HedgesJExact(+Inf) = %v", HedgesJExact(1), HedgesJExact(math.Inf(1)))
	}
}
