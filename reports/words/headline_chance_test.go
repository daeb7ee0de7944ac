package words

import (
	"math"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// A sentence calls a result possibly due to chance when its interval
// includes 0, and also when the p-value beside it is not significant
// though a normal-approximation interval excludes 0 (a pre-post g_av of 5
// pupils: 0.71, 95% CI 0.06 to 1.36, paired t p = 0.080).
func TestCouldBeChance(t *testing.T) {
	for _, c := range []struct {
		lo, hi, p float64
		want      bool
	}{
		{-0.1, 0.5, 0.20, true},
		{0.06, 1.36, 0.080, true},
		{0.06, 1.36, 0.049, false},
		{0.10, 0.50, math.NaN(), false},
		{-0.5, 0.1, 0.30, true},
	} {
		x := &evaluate.Result{CILow: evaluate.Num(c.lo), CIHigh: evaluate.Num(c.hi)}
		if got := couldBeChance(x, 0.95, c.p); got != c.want {
			t.Errorf("CI %v to %v, p = %v: %v, want %v", c.lo, c.hi, c.p, got, c.want)
		}
	}
}
