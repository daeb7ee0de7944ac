package rating

import (
	"fmt"
	"math"
	"strconv"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/power"
)

// This file: the WWC rating of a group design (docs/methods.md §16).

// WWC ratings of a group design (Standards Handbook v5.0 wording).
const (
	WWCRatingWithout     = "Meets WWC Standards Without Reservations"
	WWCRatingWith        = "Meets WWC Standards With Reservations"
	WWCRatingDoesNotMeet = "Does Not Meet WWC Standards"
)

// WWCRatingLabel is how every WWC rating must be labelled.
const WWCRatingLabel = "whatworks' reading of the WWC group design standards (Standards Handbook v4.1 and v5.0); not a WWC review"

// WWCRatingSource is the publication the rules come from.
const WWCRatingSource = "What Works Clearinghouse, Standards Handbook v4.1 (2020) and v5.0 (2022), group design standards"

// WWCRatingInput is what the WWC rating of one result reads.
type WWCRatingInput struct {
	Design data.Design // rct | cluster-rct | matched | two-group | pre-post
	// Attrition is the attrition class, AttritionRates.Class: "low",
	// "high", or "" when it could not be classified (taken as high).
	Attrition string
	// AllocationKnown is false when the pupils in the data were taken as
	// allocated.
	AllocationKnown bool
	// BaselineG is Hedges' g of the pretest between the arms in the
	// analysed sample; NaN when there is no pretest.
	BaselineG float64
	// Adjusted is true when the analysis adjusts for the pretest.
	Adjusted bool
}

// WWCRatingValue is one input a step read, formatted for a report.
type WWCRatingValue struct {
	Name  string
	Value string
}

// WWCRatingStep is one step of a WWC rating.
type WWCRatingStep struct {
	Criterion   string // design | attrition | baseline | rating
	Rule        string
	Source      string
	Inputs      []WWCRatingValue
	Verdict     string // what the step decided
	Explanation string
}

// WWCRatingResult is a WWC rating with its reasons.
type WWCRatingResult struct {
	Rating string // one of WWCRatingWithout, WWCRatingWith, WWCRatingDoesNotMeet
	// Baseline is the baseline-equivalence class of the pretest:
	// "satisfied", "adjust" (satisfied only with adjustment), "fails", or
	// "" when not assessed.
	Baseline string
	Steps    []WWCRatingStep
	Label    string // WWCRatingLabel
}

// Reasons joins the steps' explanations into one paragraph.
func (r WWCRatingResult) Reasons() string {
	s := ""
	for i, st := range r.Steps {
		if i > 0 {
			s += " "
		}
		s += st.Explanation
	}
	return s
}

// WWCRating is the WWC rating of a group design, as whatworks reads the
// handbook's decision path:
//
//   - no comparison group (pre-post): Does Not Meet;
//   - a randomised trial with low attrition: Meets Without Reservations;
//   - a randomised trial with high (or unknown) attrition, or any
//     non-randomised comparison (matched, two-group): at best Meets With
//     Reservations, and only when baseline equivalence is shown on the
//     analysed sample: |g| ≤ 0.05, or |g| ≤ 0.25 with the analysis
//     adjusting for the pretest; otherwise (|g| > 0.25, or no pretest)
//     Does Not Meet.
//
// The reviewer's other checks (compromised randomisation, confounding
// factors, joiners in cluster trials, outcome measures) are not assessed.
func WWCRating(in WWCRatingInput) (WWCRatingResult, error) {
	r := WWCRatingResult{Label: WWCRatingLabel}
	randomised := false
	switch in.Design {
	case power.RCT, power.ClusterRCT:
		randomised = true
	case power.Matched, power.TwoGroup, power.PrePost:
	default:
		return r, fmt.Errorf("wwc rating: unknown design %q (want rct, cluster-rct, matched, two-group or pre-post)", in.Design)
	}
	switch in.Attrition {
	case AttritionLow, AttritionHigh, "":
	default:
		return r, fmt.Errorf("wwc rating: attrition class %q (want low, high or empty)", in.Attrition)
	}
	r.Baseline = WWCClass(in.BaselineG)

	if in.Design == power.PrePost {
		r.Rating = WWCRatingDoesNotMeet
		r.Steps = append(r.Steps, WWCRatingStep{
			Criterion: "design", Source: WWCRatingSource, Verdict: r.Rating,
			Rule:        "a group design needs a comparison group",
			Inputs:      []WWCRatingValue{{"design", string(in.Design)}},
			Explanation: "Design: a single group measured before and after has no comparison group, so it does not meet WWC group design standards.",
		})
		return r, nil
	}
	kind := "a quasi-experimental design (the groups were not formed at random)"
	if randomised {
		kind = "a randomised controlled trial"
	}
	r.Steps = append(r.Steps, WWCRatingStep{
		Criterion: "design", Source: WWCRatingSource, Verdict: map[bool]string{true: "randomised", false: "quasi-experimental"}[randomised],
		Rule:        "only a randomised trial with low attrition can meet standards without reservations",
		Inputs:      []WWCRatingValue{{"design", string(in.Design)}},
		Explanation: fmt.Sprintf("Design: %s is %s.", in.Design, kind),
	})

	if randomised {
		att := in.Attrition
		st := WWCRatingStep{Criterion: "attrition", Source: WWCRatingSource + "; " + AttritionBoundarySource,
			Rule:   "low attrition by the boundary in use: meets standards without reservations; high attrition: baseline equivalence must be shown",
			Inputs: []WWCRatingValue{{"attrition", wwcRatingOr(att, "unknown")}}}
		switch att {
		case AttritionLow:
			st.Verdict = WWCRatingWithout
			st.Explanation = "Attrition: low by the WWC boundary, so the randomised groups can be taken as equivalent."
		case AttritionHigh:
			st.Verdict = "baseline equivalence needed"
			st.Explanation = "Attrition: high by the WWC boundary, so the groups analysed may no longer be equivalent and baseline equivalence must be shown."
		default:
			st.Verdict = "baseline equivalence needed"
			st.Explanation = "Attrition: could not be classified, so it is treated as high and baseline equivalence must be shown."
		}
		if !in.AllocationKnown {
			st.Explanation += " The pupils in the data were taken as allocated, so attrition before data entry is unknown."
			st.Inputs = append(st.Inputs, WWCRatingValue{"allocation known", "no"})
		}
		r.Steps = append(r.Steps, st)
		if att == AttritionLow {
			r.Rating = WWCRatingWithout
			r.Steps = append(r.Steps, wwcRatingFinal(r.Rating))
			return r, nil
		}
	}

	st := WWCRatingStep{Criterion: "baseline", Source: WWCRatingSource,
		Rule: "baseline equivalence of the analysed sample on the pretest: |g| ≤ 0.05 satisfied; ≤ 0.25 satisfied only if the analysis adjusts for it; > 0.25 not satisfied",
		Inputs: []WWCRatingValue{{"baseline g", wwcRatingNum(in.BaselineG)},
			{"adjusted for the pretest", map[bool]string{true: "yes", false: "no"}[in.Adjusted]}}}
	g := fmt.Sprintf("g = %s", wwcRatingNum(in.BaselineG))
	switch {
	case r.Baseline == "":
		r.Rating = WWCRatingDoesNotMeet
		st.Explanation = "Baseline equivalence: there is no pretest, so equivalence of the groups cannot be shown."
	case r.Baseline == "satisfied":
		r.Rating = WWCRatingWith
		st.Explanation = fmt.Sprintf("Baseline equivalence: the groups differed by %s on the pretest, within 0.05, so equivalence is satisfied.", g)
	case r.Baseline == "adjust" && in.Adjusted:
		r.Rating = WWCRatingWith
		st.Explanation = fmt.Sprintf("Baseline equivalence: the groups differed by %s on the pretest, between 0.05 and 0.25, and the analysis adjusts for it, so equivalence is satisfied.", g)
	case r.Baseline == "adjust":
		r.Rating = WWCRatingDoesNotMeet
		st.Explanation = fmt.Sprintf("Baseline equivalence: the groups differed by %s on the pretest, between 0.05 and 0.25, and the analysis does not adjust for it, so equivalence is not shown.", g)
	default:
		r.Rating = WWCRatingDoesNotMeet
		st.Explanation = fmt.Sprintf("Baseline equivalence: the groups differed by %s on the pretest, more than 0.25, so they are not equivalent.", g)
	}
	st.Verdict = r.Rating
	r.Steps = append(r.Steps, st, wwcRatingFinal(r.Rating))
	return r, nil
}

func wwcRatingFinal(rating string) WWCRatingStep {
	return WWCRatingStep{Criterion: "rating", Source: WWCRatingSource, Verdict: rating,
		Rule:        "randomised with low attrition: without reservations; otherwise with reservations if baseline equivalence is shown, else does not meet",
		Explanation: fmt.Sprintf("WWC rating: %s, by whatworks' reading of the WWC's group design standards.", rating)}
}

func wwcRatingNum(x float64) string {
	if math.IsNaN(x) {
		return "unknown"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

func wwcRatingOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
