package rating

import (
	"math"
	"testing"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/power"
)

// TestPadlocksForMDES: the MDES column of EEF (2019), as in TestPadlocks,
// and the same level Padlocks gives.
func TestPadlocksForMDES(t *testing.T) {
	for _, c := range []struct {
		mdes float64
		want int
	}{
		{0.15, 5}, {0.2, 5}, {0.204, 5}, {0.205, 4}, {0.27601319621348, 4}, {0.3, 4},
		{0.31, 3}, {0.4, 3}, {0.5, 2}, {0.6, 1}, {0.61, 0}, {1.5, 0}, {math.NaN(), 0},
	} {
		if got := PadlocksForMDES(c.mdes); got != c.want {
			t.Errorf("PadlocksForMDES(%g) = %d, want %d", c.mdes, got, c.want)
		}
		full, err := Padlocks(padlockRCT(c.mdes, 0.05))
		if err != nil {
			t.Fatal(err)
		}
		if full.MDES != c.want {
			t.Errorf("Padlocks' MDES column for %g = %d, PadlocksForMDES %d", c.mdes, full.MDES, c.want)
		}
	}
}

func TestPadlocksForDesign(t *testing.T) {
	for _, c := range []struct {
		design   data.Design
		adjusted bool
		want     int
	}{
		{power.RCT, false, 5}, {power.ClusterRCT, true, 5}, {power.Matched, true, 3},
		{power.TwoGroup, true, 2}, {power.TwoGroup, false, 1}, {power.PrePost, true, 0},
	} {
		l, ok := PadlocksForDesign(c.design, c.adjusted)
		if !ok || l.Padlocks != c.want || l.EEFRow == "" || l.Why == "" {
			t.Errorf("%s (adjusted %v): %+v, %v; want %d", c.design, c.adjusted, l, ok, c.want)
		}
	}
	if _, ok := PadlocksForDesign("quasi", true); ok {
		t.Error("an unknown design was found")
	}
}
