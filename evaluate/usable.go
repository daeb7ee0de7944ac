package evaluate

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/evaluate/match"
)

// UnusableError is an evaluation that cannot run as designed. Run returns
// it, before any analysis, for exactly the problems Check lists as
// Unusable, so that whatworks check and whatworks analyse agree on what
// cannot be analysed.
type UnusableError struct {
	Problems []string
}

func (e *UnusableError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0]
	}
	return strings.Join(e.Problems, "; ")
}

// Unusable lists the reasons an evaluation cannot run; it is empty when
// it can. The rules, in this order:
//
//   - the input is inconsistent (slices of different lengths, an unknown
//     design);
//   - in a two-arm design, an arm has fewer than 2 pupils;
//   - an outcome or a pretest has the same value for every pupil in the
//     arms (or none): no effect size or regression is defined;
//   - an outcome has fewer than 2 values in an arm;
//   - in a matched design, the matching settings or covariates are ones
//     Match refuses (match.Screen: a covariate with one value, or one that
//     separates the groups completely).
//
// Problems confined to a subgroup, or to a covariate (which is dropped),
// are not reasons: Check reports them as warnings.
func Unusable(in Input) []string {
	if err := validateInput(in); err != nil {
		return []string{err.Error()}
	}
	r := &runner{in: in, n: pupils(in)}
	all := r.pupilsInArms()
	return r.unusable(all, r.arms(all))
}

// pupilsInArms is every pupil in an arm (every pupil, pre-post).
func (r *runner) pupilsInArms() []int32 {
	all := make([]int32, 0, r.n)
	for i := 0; i < r.n; i++ {
		if !r.twoArm() || r.in.Arm[i] == Treated || r.in.Arm[i] == Comparison {
			all = append(all, int32(i))
		}
	}
	return all
}

// unusable applies Unusable's rules to the pupils in the arms (all) and
// their split by arm.
func (r *runner) unusable(all []int32, arms []armRows) []string {
	out := []string{}
	if r.twoArm() {
		for _, a := range arms {
			if len(a.rows) < checkMinArm {
				out = append(out, fmt.Sprintf("cannot analyse: the %s arm has %s (at least %d are needed; check the group column and its treated and comparison values)",
					a.name, nPupils(len(a.rows)), checkMinArm))
			}
		}
	}
	seen := map[string]bool{}
	for k := range r.in.Outcomes {
		oc := &r.in.Outcomes[k]
		if !seen[oc.Column] {
			seen[oc.Column] = true
			if constantNonMissing(oc.Y, all) {
				out = append(out, fmt.Sprintf("cannot analyse: outcome %q has the same value for every pupil (or none)", oc.Column))
			}
		}
		if oc.Pre != nil && !seen[oc.PreColumn] {
			seen[oc.PreColumn] = true
			if constantNonMissing(oc.Pre, all) {
				out = append(out, fmt.Sprintf("cannot analyse: pretest %q has the same value for every pupil (or none)", oc.PreColumn))
			}
		}
	}
	if r.in.Design == DesignMatched && r.in.Matching != nil {
		// A matching covariate with one value, or one that is the group
		// itself: Match would refuse it after the other analyses.
		if err := match.Screen(r.in.Arm, r.in.Matching, r.in.Seed); err != nil {
			out = append(out, "cannot analyse: "+err.Error())
		}
	}
	for k := range r.in.Outcomes {
		oc := &r.in.Outcomes[k]
		only := r.treatedOnly(oc)
		for _, a := range arms {
			if only && a.name == ArmComparison {
				continue // a survey only the intervention pupils answered
			}
			if n := len(a.rows) - countNaN(oc.Y, a.rows); n < checkMinArm {
				have := "pupils have"
				if n == 1 {
					have = "pupil has"
				}
				out = append(out, fmt.Sprintf("cannot analyse outcome %q: %d %s%s a value (at least %d are needed)",
					oc.Column, n, armWord(a.name), have, checkMinArm))
			}
		}
	}
	return out
}

// nPupils is "1 pupil" or "N pupils".
func nPupils(n int) string {
	if n == 1 {
		return "1 pupil"
	}
	return fmt.Sprintf("%d pupils", n)
}
