package evaluate

import "github.com/whatworks/whatworks/evaluate/sample"

// dataCaveats are Check's warnings about degenerate data that also
// explain missing rows of Run's report, so analyse says them as caveats:
// a value too large to compute with, an outcome with one value in each
// arm (no effect size), a pretest that predicts its outcome exactly (no
// adjusted analysis). The rows themselves are null with their reasons;
// these say why in the report's words.
func (r *runner) dataCaveats() []string {
	all := r.groups[0].rows
	var out []string
	add := func(w string) {
		if w != "" {
			out = append(out, w)
		}
	}
	seen := map[string]bool{}
	for i := range r.in.Outcomes {
		oc := &r.in.Outcomes[i]
		if !seen[oc.Column] {
			seen[oc.Column] = true
			add(hugeWarning("outcome", oc.Column, oc.Y, all))
			if r.twoArm() {
				t, c := armSummaries(oc.Y, r.in.Arm, all)
				add(withinArmsWarning(oc.Column, t, c))
			}
		}
		if oc.Pre == nil {
			continue
		}
		if !seen[oc.PreColumn] {
			seen[oc.PreColumn] = true
			add(hugeWarning("pretest", oc.PreColumn, oc.Pre, all))
		}
		if both := bothScores(oc, all); len(both) > 2 {
			rho := sample.PooledCorrelation(oc.Pre, oc.Y, both) // Pearson's r over both, without copies
			add(perfectPretestWarning(oc.PreColumn, oc.Column, rho, len(both)))
		}
	}
	for _, v := range r.in.Covariates {
		if v.Num != nil && !seen[v.Name] {
			seen[v.Name] = true
			add(hugeWarning("covariate", v.Name, v.Num, all))
		}
	}
	return out
}
