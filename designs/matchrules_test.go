package designs

import (
	"strings"
	"testing"
)

// TestValidateMatching: a caliper with Mahalanobis distance is a design
// error at the caliper's line, found by Parse (so by check as by analyse).
func TestValidateMatching(t *testing.T) {
	src := "title: t\ndesign: matched\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: Y}\noutcomes: [post]\n" +
		"matching:\n  covariates: [pre]\n  distance: mahalanobis\n  caliper: 0.2\n"
	_, probs := parseIn(t, src)
	want := "design.yaml:9:12: matching.caliper needs a propensity score, but distance is mahalanobis (remove the caliper, or use distance: logit to match on the propensity score with a caliper)"
	if strings.Join(probs, "\n") != want {
		t.Errorf("problems %q, want %q", probs, want)
	}
	for _, ok := range []string{"distance: logit\n  caliper: 0.2\n", "distance: mahalanobis\n", "caliper: 0.2\n"} {
		src := "title: t\ndesign: matched\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: Y}\noutcomes: [post]\n" +
			"matching:\n  covariates: [pre]\n  " + ok
		if _, probs := parseIn(t, src); probs != nil {
			t.Errorf("%q: problems %q", ok, probs)
		}
	}
}
