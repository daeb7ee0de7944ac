package rating

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/power"
)

// TestWWCRating: the decision path of the WWC Standards Handbook v4.1,
// Section II (group designs; the same in v5.0), one rule a row.
func TestWWCRating(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name string
		in   WWCRatingInput
		want string
		base string
	}{
		// Issue 12's known answers.
		{"matched, balanced pretests: with reservations at best",
			WWCRatingInput{Design: power.Matched, BaselineG: 0.01, Adjusted: true, AllocationKnown: true}, WWCRatingWith, "satisfied"},
		{"pre-post: does not meet",
			WWCRatingInput{Design: power.PrePost, BaselineG: nan, AllocationKnown: true}, WWCRatingDoesNotMeet, ""},
		{"baseline |g| 0.3: does not meet",
			WWCRatingInput{Design: power.Matched, BaselineG: 0.3, Adjusted: true, AllocationKnown: true}, WWCRatingDoesNotMeet, "fails"},
		{"rct, high attrition, baseline −0.3: does not meet",
			WWCRatingInput{Design: power.RCT, Attrition: AttritionHigh, BaselineG: -0.3, Adjusted: true, AllocationKnown: true}, WWCRatingDoesNotMeet, "fails"},

		// Randomised trials.
		{"rct, low attrition: without reservations",
			WWCRatingInput{Design: power.RCT, Attrition: AttritionLow, BaselineG: 0.3, AllocationKnown: true}, WWCRatingWithout, "fails"},
		{"cluster-rct, low attrition: without reservations",
			WWCRatingInput{Design: power.ClusterRCT, Attrition: AttritionLow, BaselineG: nan, AllocationKnown: true}, WWCRatingWithout, ""},
		{"rct, high attrition, balanced: with reservations",
			WWCRatingInput{Design: power.RCT, Attrition: AttritionHigh, BaselineG: 0.04, AllocationKnown: true}, WWCRatingWith, "satisfied"},
		{"rct, attrition unknown: treated as high",
			WWCRatingInput{Design: power.RCT, Attrition: "", BaselineG: 0.2, Adjusted: true}, WWCRatingWith, "adjust"},
		{"rct, high attrition, no pretest: does not meet",
			WWCRatingInput{Design: power.RCT, Attrition: AttritionHigh, BaselineG: nan, AllocationKnown: true}, WWCRatingDoesNotMeet, ""},

		// Baseline equivalence of a quasi-experiment.
		{"|g| 0.05: satisfied",
			WWCRatingInput{Design: power.TwoGroup, BaselineG: -0.05}, WWCRatingWith, "satisfied"},
		{"|g| 0.25 adjusted: satisfied with adjustment",
			WWCRatingInput{Design: power.TwoGroup, BaselineG: 0.25, Adjusted: true}, WWCRatingWith, "adjust"},
		{"|g| 0.2 not adjusted: does not meet",
			WWCRatingInput{Design: power.TwoGroup, BaselineG: 0.2}, WWCRatingDoesNotMeet, "adjust"},
		{"no pretest: does not meet",
			WWCRatingInput{Design: power.TwoGroup, BaselineG: nan}, WWCRatingDoesNotMeet, ""},
		{"quasi-experiment, low attrition: still with reservations at best",
			WWCRatingInput{Design: power.Matched, Attrition: AttritionLow, BaselineG: 0, Adjusted: true}, WWCRatingWith, "satisfied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := WWCRating(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Rating != c.want || r.Baseline != c.base {
				t.Errorf("%q (baseline %q), want %q (%q)\n%s", r.Rating, r.Baseline, c.want, c.base, r.Reasons())
			}
			for _, s := range r.Steps {
				if s.Rule == "" || s.Source == "" || s.Explanation == "" {
					t.Errorf("step %s lacks a rule, source or explanation", s.Criterion)
				}
			}
			if r.Label != WWCRatingLabel {
				t.Errorf("label %q", r.Label)
			}
		})
	}
}

func TestWWCRating_errors(t *testing.T) {
	if _, err := WWCRating(WWCRatingInput{Design: "rtc"}); err == nil || !strings.Contains(err.Error(), "unknown design") {
		t.Errorf("err = %v", err)
	}
	if _, err := WWCRating(WWCRatingInput{Design: power.RCT, Attrition: "medium"}); err == nil {
		t.Error("attrition class medium: no error")
	}
}

func TestWWCRating_unknownAllocation(t *testing.T) {
	r, _ := WWCRating(WWCRatingInput{Design: power.RCT, Attrition: AttritionLow, BaselineG: 0})
	if !strings.Contains(r.Reasons(), "attrition before data entry is unknown") {
		t.Errorf("reasons do not say allocation was unknown:\n%s", r.Reasons())
	}
}

func ExampleWWCRating() {
	r, _ := WWCRating(WWCRatingInput{Design: "matched", BaselineG: 0.12, Adjusted: true, AllocationKnown: true})
	fmt.Println(r.Rating)
	for _, s := range r.Steps {
		fmt.Println("-", s.Explanation)
	}
	// Output:
	// Meets WWC Standards With Reservations
	// - Design: matched is a quasi-experimental design (the groups were not formed at random).
	// - Baseline equivalence: the groups differed by g = 0.120 on the pretest, between 0.05 and 0.25, and the analysis adjusts for it, so equivalence is satisfied.
	// - WWC rating: Meets WWC Standards With Reservations, by whatworks' reading of the WWC's group design standards.
}
