package match

import (
	"strings"
	"testing"
)

// TestNoCaliperWarning_namesScale: the advice names the scale the caliper
// would be on, and cites Austin's rule only for the logit.
func TestNoCaliperWarning_namesScale(t *testing.T) {
	for _, c := range []struct{ scale, want, not string }{
		{"probability", "on the probability scale", "Austin's (2011) rule, is"},
		{"", "on the probability scale", "Austin's (2011) rule, is"},
		{"logit", "of the logit of the propensity score (caliper: 0.2), Austin's (2011) rule", "probability"},
	} {
		w := noCaliperWarning(c.scale)
		if !strings.Contains(w, c.want) || strings.Contains(w, c.not) {
			t.Errorf("%q: %s", c.scale, w)
		}
	}
}
