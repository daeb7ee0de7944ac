package rating

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/power"
)

// This file: the Office for Students' standard of evidence (docs/methods.md
// §16).

// OfSLabel is how every OfS type must be labelled.
const OfSLabel = "whatworks' reading of the Office for Students' standards of evidence (OfS 2019); not an OfS judgement"

// OfSSource is the publication the types come from.
const OfSSource = "Office for Students (2019), Standards of evidence and evaluating impact of outreach"

// OfSInput is what the OfS type of one result reads.
type OfSInput struct {
	Design data.Design // rct | cluster-rct | matched | two-group | pre-post
	// NAnalysed is the number of pupils with outcomes analysed; 0 means
	// no empirical result (Type 1 at most).
	NAnalysed int
	// BaselineG is Hedges' g of the pretest between the arms in the
	// analysed sample (NaN when there is no pretest), and Adjusted whether
	// the analysis adjusts for it: a non-randomised comparison needs
	// baseline equivalence for Type 3.
	BaselineG float64
	Adjusted  bool
}

// OfSResult is an OfS standard of evidence with the claim it allows.
type OfSResult struct {
	Type int    // 1, 2 or 3
	Name string // "Type 1: narrative", "Type 2: empirical enquiry", "Type 3: causal claims"
	// Claim is the verb the evidence allows: "caused" (Type 3),
	// "associated with" (Type 2), "" (Type 1: no claim about impact).
	Claim string
	// Sentence is the claim as a sentence a report can use.
	Sentence    string
	Rule        string
	Source      string
	Explanation string
	Label       string // OfSLabel
}

// OfSType is the OfS standard of evidence of a result, as whatworks reads
// OfS (2019):
//
//   - Type 3 (causal): a comparison group that gives a credible
//     counterfactual: randomised (rct, cluster-rct), or a non-randomised
//     comparison (matched, two-group) equivalent at baseline on the
//     analysed sample (|g| ≤ 0.05, or ≤ 0.25 with adjustment: the WWC's
//     test);
//   - Type 2 (empirical): data show a change or a difference, without a
//     credible counterfactual (pre-post; a comparison whose baseline
//     equivalence is not shown);
//   - Type 1 (narrative): no outcome data analysed.
func OfSType(in OfSInput) (OfSResult, error) {
	r := OfSResult{Source: OfSSource, Label: OfSLabel}
	randomised := false
	switch in.Design {
	case power.RCT, power.ClusterRCT:
		randomised = true
	case power.Matched, power.TwoGroup, power.PrePost:
	default:
		return r, fmt.Errorf("ofs type: unknown design %q (want rct, cluster-rct, matched, two-group or pre-post)", in.Design)
	}
	if in.NAnalysed < 0 {
		return r, fmt.Errorf("ofs type: %d pupils analysed: want a count", in.NAnalysed)
	}
	class := WWCClass(in.BaselineG)
	equivalent := class == WWCSatisfied || (class == WWCAdjust && in.Adjusted)
	switch {
	case in.NAnalysed == 0:
		ofsSet(&r, 1)
		r.Rule = "no outcome data: a theory of change at most"
		r.Explanation = "No pupils' outcomes were analysed, so the evidence is at most a narrative (Type 1)."
	case in.Design == power.PrePost:
		ofsSet(&r, 2)
		r.Rule = "a change measured without a comparison group: empirical, not causal"
		r.Explanation = "A single group measured before and after shows a change but not what would have happened without the programme (Type 2): the results can be described as associated with the programme, not caused by it."
	case randomised:
		ofsSet(&r, 3)
		r.Rule = "a randomised comparison group: causal"
		r.Explanation = "The comparison group was formed at random, a credible counterfactual (Type 3): the results can be described as caused by the programme."
	case equivalent:
		ofsSet(&r, 3)
		r.Sentence = "The programme caused the difference we measured, as far as the groups' likeness before it can show."
		r.Rule = "a non-randomised comparison group equivalent at baseline: causal"
		r.Explanation = fmt.Sprintf("The comparison group was not formed at random but matched the programme group at baseline (g = %s on the pretest%s), a credible counterfactual (Type 3): the results can be described as caused by the programme, as far as the groups' observed similarity allows.",
			wwcRatingNum(in.BaselineG), map[bool]string{true: ", adjusted for in the analysis", false: ""}[in.Adjusted])
	default:
		ofsSet(&r, 2)
		r.Rule = "a comparison group whose equivalence at baseline is not shown: empirical, not causal"
		why := "there is no pretest to show the groups were alike beforehand"
		if !math.IsNaN(in.BaselineG) {
			why = fmt.Sprintf("the groups differed by g = %s on the pretest", wwcRatingNum(in.BaselineG))
			if class == WWCAdjust {
				why += " and the analysis does not adjust for it"
			}
		}
		r.Explanation = fmt.Sprintf("The comparison group was not formed at random and %s, so it is not a credible counterfactual (Type 2): the results can be described as associated with the programme, not caused by it.", why)
	}
	return r, nil
}

func ofsSet(r *OfSResult, t int) {
	r.Type = t
	switch t {
	case 1:
		r.Name = "Type 1: narrative"
		r.Claim = ""
		r.Sentence = "We have a coherent explanation of what the programme does and why it should work."
	case 2:
		r.Name = "Type 2: empirical enquiry"
		r.Claim = "associated with"
		r.Sentence = "Taking part in the programme was associated with the results we measured."
	case 3:
		r.Name = "Type 3: causal claims"
		r.Claim = "caused"
		r.Sentence = "The programme caused the difference we measured."
	}
}
