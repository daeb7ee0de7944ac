package evaluate

import "math"

// headlineOrder is the order in which analyses are preferred as the
// headline estimate of a design: the one that answers the design's
// question (matched sample; clustering taken into account), adjusted
// before unadjusted (EEF and WWC prefer the adjusted estimate).
func headlineOrder(design Design) []rowKind {
	// Rows from pupils in clusters: only designs with a cluster column
	// have them.
	clustered := []rowKind{{AnalysisMultilevel, MeasureHedgesG}, {AnalysisClusterRobust, MeasureHedgesG}}
	corrected := []rowKind{{AnalysisClusterCorrected, MeasureHedgesGAdjusted}, {AnalysisClusterCorrected, MeasureHedgesG}}
	matched := []rowKind{{AnalysisMatchedAdjusted, MeasureHedgesG}, {AnalysisMatched, MeasureHedgesG}}
	plain := []rowKind{{AnalysisANCOVA, MeasureHedgesG}, {AnalysisUnadjusted, MeasureHedgesG}, {AnalysisPaired, MeasureGAv}}
	var order []rowKind
	switch design {
	case DesignMatched:
		// Never fall back to the unmatched pool: a subgroup too small to
		// analyse in the matched sample has no headline.
		return matched
	case DesignClusterRCT:
		order = append(append(order, clustered...), corrected...)
		return append(order, plain...)
	}
	order = append(append(order, clustered...), plain[:2]...)
	return append(append(order, matched...), plain[2])
}

// rowKind is an analysis and a measure: which kind of row a result is.
type rowKind struct {
	analysis Analysis
	measure  Measure
}

// HeadlineRow returns the headline estimate of outcome o in subgroup sub
// ("all" or "COLUMN=VALUE"), or nil when there is none: the first row with
// an estimate in the design's order of preference,
//
//   - cluster-rct: the multilevel g (the EEF's), the cluster-robust
//     ANCOVA g, then (only when neither could be fitted) the WWC
//     cluster-corrected ANCOVA g and g, then as below;
//   - matched: the regression-adjusted matched-sample g, then the
//     matched-sample g (never the unmatched pool);
//   - otherwise: with a cluster column the multilevel g and the
//     cluster-robust g, then the ANCOVA g, the unadjusted g, the matched
//     g's, and for one group before and after the paired g_av.
//
// The reports' headlines, summary table and forest plot use it, and the
// pool command takes each evaluation's effect from it.
func HeadlineRow(r *Report, o, sub string) *Result {
	for _, p := range headlineOrder(r.Design) {
		for i := range r.Results {
			x := &r.Results[i]
			if x.Outcome == o && x.Subgroup == sub && x.Analysis == p.analysis && x.Measure == p.measure &&
				!math.IsNaN(float64(x.Estimate)) {
				return x
			}
		}
	}
	return nil
}
