package words

import (
	"math"
	"testing"
)

// TestCount: whole counts with thousands separators; an average or share
// of pupils to one decimal (a plan from a design file printed "160
// schools of 44.90625 pupils" and "3143.4375 programme").
func TestCount(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{1000, "1,000"}, {30, "30"}, {7.5, "7.5"}, {30.5, "30.5"},
		{44.90625, "44.9"}, {3143.4375, "3,143.4"}, {24.96, "25"}, {1234567.25, "1,234,567.3"},
		{math.NaN(), "NA"},
	} {
		if got := Count(c.x); got != c.want {
			t.Errorf("Count(%g) = %q, want %q", c.x, got, c.want)
		}
	}
}
