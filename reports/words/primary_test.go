package words

import (
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// TestPrimaryRow_matchedNeverUnmatched: in a matched design, a subgroup
// with no matched-sample estimate has no headline estimate, rather than
// one from the unmatched pool.
func TestPrimaryRow_matchedNeverUnmatched(t *testing.T) {
	r := &evaluate.Report{Design: "matched", Results: []evaluate.Result{
		{Outcome: "y", Subgroup: "all", Analysis: "matched", Measure: "hedges_g", Estimate: 0.2},
		{Outcome: "y", Subgroup: "fsm=Y", Analysis: "ancova", Measure: "hedges_g", Estimate: 0.5},
	}}
	if x := PrimaryRow(r, "y", "all"); x == nil || x.Analysis != "matched" {
		t.Errorf("all pupils: primary %+v, want the matched row", x)
	}
	if x := PrimaryRow(r, "y", "fsm=Y"); x != nil {
		t.Errorf("fsm=Y: primary %+v from the unmatched pool, want none", x)
	}
	r.Design = "two-group"
	if x := PrimaryRow(r, "y", "fsm=Y"); x == nil || x.Analysis != "ancova" {
		t.Errorf("two-group fsm=Y: primary %+v, want the ancova row", x)
	}
}
