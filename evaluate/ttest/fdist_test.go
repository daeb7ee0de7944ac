package ttest

import (
	"math"
	"testing"
)

// FSurvival against R 4.2.2, pf(x, d1, d2, lower.tail = FALSE), digits = 17,
// including a tail that 1 − CDF loses.
func TestFSurvival(t *testing.T) {
	for _, c := range []struct{ x, d1, d2, want float64 }{
		{50, 3, 20, 1.7760683360454808e-09},
		{2.5, 2, 30, 0.099037154882832809},
		{400, 1, 50, 1.6548521947439566e-25},
	} {
		if got := FSurvival(c.x, c.d1, c.d2); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("FSurvival(%v, %v, %v) = %v, R %v", c.x, c.d1, c.d2, got, c.want)
		}
	}
	if FSurvival(0, 2, 3) != 1 || !math.IsNaN(FSurvival(1, 0, 3)) {
		t.Error("edge cases")
	}
}
