package evaluate

import "math"

// headlineOrder is the order in which analyses are preferred as the
// headline estimate of a design: the one that answers the design's
// question (matched sample; clustering taken into account), adjusted
// before unadjusted (EEF and WWC prefer the adjusted estimate).
func headlineOrder(design string) [][2]string {
	clustered := [][2]string{
		{"multilevel", "hedges_g"},
		{"cluster_corrected", "hedges_g_adjusted"},
		{"cluster_corrected", "hedges_g"},
	}
	matched := [][2]string{{"matched_adjusted", "hedges_g"}, {"matched", "hedges_g"}}
	plain := [][2]string{{"ancova", "hedges_g"}, {"unadjusted", "hedges_g"}, {"paired", "g_av"}}
	switch design {
	case "matched":
		// Never fall back to the unmatched pool: a subgroup too small to
		// analyse in the matched sample has no headline.
		return matched
	case "cluster-rct":
		return append(clustered, plain...)
	}
	return append(append(plain[:2:2], matched...), plain[2])
}

// HeadlineRow returns the headline estimate of outcome o in subgroup sub
// ("all" or "COLUMN=VALUE"), or nil when there is none: the first row with
// an estimate in the design's order of preference,
//
//   - cluster-rct: multilevel g, the WWC cluster-corrected ANCOVA g, the
//     cluster-corrected g, then as below;
//   - matched: the regression-adjusted matched-sample g, then the
//     matched-sample g (never the unmatched pool);
//   - otherwise: the ANCOVA g, the unadjusted g, the matched g's, and for
//     one group before and after the paired g_av.
//
// The reports' headlines, summary table and forest plot use it, and the
// pool command takes each evaluation's effect from it.
func HeadlineRow(r *Report, o, sub string) *Result {
	for _, p := range headlineOrder(r.Design) {
		for i := range r.Results {
			x := &r.Results[i]
			if x.Outcome == o && x.Subgroup == sub && x.Analysis == p[0] && x.Measure == p[1] &&
				!math.IsNaN(float64(x.Estimate)) {
				return x
			}
		}
	}
	return nil
}
