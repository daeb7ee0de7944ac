package rating

import (
	"fmt"
	"math"
	"testing"

	"github.com/whatworks/whatworks/evaluate/power"
)

// TestOfSType: OfS (2019) standards of evidence, one rule a row.
func TestOfSType(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name  string
		in    OfSInput
		typ   int
		claim string
	}{
		// Issue 12: a pre-post design is Type 2.
		{"pre-post: empirical", OfSInput{Design: power.PrePost, NAnalysed: 80, BaselineG: nan}, 2, "associated with"},
		{"rct: causal", OfSInput{Design: power.RCT, NAnalysed: 200, BaselineG: 0.3}, 3, "caused"},
		{"cluster-rct: causal", OfSInput{Design: power.ClusterRCT, NAnalysed: 900, BaselineG: nan}, 3, "caused"},
		{"matched, balanced: causal", OfSInput{Design: power.Matched, NAnalysed: 300, BaselineG: 0.02}, 3, "caused"},
		{"two-group, 0.2 adjusted: causal", OfSInput{Design: power.TwoGroup, NAnalysed: 120, BaselineG: 0.2, Adjusted: true}, 3, "caused"},
		{"two-group, 0.2 not adjusted: empirical", OfSInput{Design: power.TwoGroup, NAnalysed: 120, BaselineG: 0.2}, 2, "associated with"},
		{"two-group, 0.3: empirical", OfSInput{Design: power.TwoGroup, NAnalysed: 120, BaselineG: -0.3, Adjusted: true}, 2, "associated with"},
		{"two-group, no pretest: empirical", OfSInput{Design: power.TwoGroup, NAnalysed: 120, BaselineG: nan}, 2, "associated with"},
		{"no outcomes: narrative", OfSInput{Design: power.RCT, NAnalysed: 0, BaselineG: nan}, 1, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := OfSType(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Type != c.typ || r.Claim != c.claim {
				t.Errorf("Type %d %q, want Type %d %q: %s", r.Type, r.Claim, c.typ, c.claim, r.Explanation)
			}
			if r.Name == "" || r.Sentence == "" || r.Rule == "" || r.Explanation == "" || r.Label != OfSLabel {
				t.Errorf("incomplete result %+v", r)
			}
		})
	}
	if _, err := OfSType(OfSInput{Design: "survey"}); err == nil {
		t.Error("unknown design: no error")
	}
	if _, err := OfSType(OfSInput{Design: power.RCT, NAnalysed: -1}); err == nil {
		t.Error("negative count: no error")
	}
}

func ExampleOfSType() {
	r, _ := OfSType(OfSInput{Design: "pre-post", NAnalysed: 80, BaselineG: math.NaN()})
	fmt.Println(r.Name)
	fmt.Println(r.Sentence)
	// Output:
	// Type 2: empirical enquiry
	// Taking part in the programme was associated with the results we measured.
}
