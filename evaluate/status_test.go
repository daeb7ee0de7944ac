package evaluate

import (
	"math"
	"testing"
)

// TestPupilStatus: each pupil's status in words, from the same rules as
// the analyses' exclusions.
func TestPupilStatus(t *testing.T) {
	nan := math.NaN()
	oc := Outcome{Column: "y", Y: []float64{1, nan, 3, 4, 5}, PreColumn: "pre", Pre: []float64{1, 2, nan, 4, 5}}
	gender := &Factor{Name: "gender", Codes: []int32{0, 0, 0, -1, 1}, Levels: []string{"F", "M"}}
	in := Input{Design: DesignRCT, Arm: []int8{Treated, Comparison, Treated, Comparison, Excluded},
		Outcomes: []Outcome{oc}, Covariates: []Variable{{Name: "gender", Factor: gender}}}
	want := []string{
		"analysed",
		"excluded: outcome missing",
		"analysed; left out of adjusted analyses: pre-test missing",
		"analysed; left out of adjusted analyses: gender missing",
		"excluded: in neither group",
	}
	for i, w := range want {
		if got := PupilStatus(in, oc, i); got != w {
			t.Errorf("pupil %d: %q, want %q", i, got, w)
		}
	}
	// One group: a missing pretest leaves the pupil out of everything.
	in.Arm, in.Design = nil, DesignPrePost
	if got := PupilStatus(in, oc, 2); got != "excluded: pre-test missing" {
		t.Errorf("pre-post: %q", got)
	}
	if got := ArmName(in, 0); got != "all" {
		t.Errorf("pre-post arm %q", got)
	}
}
