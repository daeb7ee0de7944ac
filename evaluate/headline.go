package evaluate

import "math"

// headlineOrder is the order in which analyses are preferred as the
// headline estimate of a design and outcome type: the one that answers the
// design's question (matched sample; clustering taken into account),
// adjusted before unadjusted (EEF and WWC prefer the adjusted estimate).
// A yes/no outcome leads with a risk difference (percentage points), an
// ordinal one with a rank-biserial correlation (a scale score then falls
// back on its rows as a continuous outcome).
func headlineOrder(design Design, typ string) []rowKind {
	// Rows from pupils in clusters: only designs with a cluster column
	// have them.
	clustered := []rowKind{{AnalysisMultilevel, MeasureHedgesG}, {AnalysisClusterRobust, MeasureHedgesG}}
	corrected := []rowKind{{AnalysisClusterCorrected, MeasureHedgesGAdjusted}, {AnalysisClusterCorrected, MeasureHedgesG}}
	matched := []rowKind{{AnalysisMatchedAdjusted, MeasureHedgesG}, {AnalysisMatched, MeasureHedgesG}}
	plain := []rowKind{{AnalysisANCOVA, MeasureHedgesG}, {AnalysisUnadjusted, MeasureHedgesG}, {AnalysisPaired, MeasureGAv}}
	var continuous []rowKind
	switch design {
	case DesignMatched:
		// Never fall back to the unmatched pool: a subgroup too small to
		// analyse in the matched sample has no headline.
		continuous = matched
	case DesignClusterRCT:
		continuous = append(append(continuous, clustered...), corrected...)
		continuous = append(continuous, plain...)
	default:
		continuous = append(append(continuous, clustered...), plain[:2]...)
		continuous = append(append(continuous, matched...), plain[2])
	}
	// A survey answered only by the intervention pupils of a two-arm design
	// is compared before and after (the paired rows).
	rd := []rowKind{{AnalysisPaired, MeasureRiskDifference}}
	rank := []rowKind{{AnalysisPaired, MeasureRankBiserial}}
	switch design {
	case DesignMatched:
		rd = append([]rowKind{{AnalysisMatchedAdjusted, MeasureRiskDifference}, {AnalysisMatched, MeasureRiskDifference}}, rd...)
		rank = append([]rowKind{{AnalysisMatched, MeasureRankBiserial}}, rank...)
	case DesignClusterRCT:
		rd = append([]rowKind{{AnalysisClusterRobust, MeasureRiskDifference}, {AnalysisLogistic, MeasureRiskDifference}, {AnalysisUnadjusted, MeasureRiskDifference}}, rd...)
		rank = append([]rowKind{{AnalysisUnadjusted, MeasureRankBiserial}}, rank...)
	case DesignPrePost:
	default:
		// cluster_robust rows exist only with a cluster column.
		rd = append([]rowKind{{AnalysisClusterRobust, MeasureRiskDifference}, {AnalysisLogistic, MeasureRiskDifference}, {AnalysisUnadjusted, MeasureRiskDifference}}, rd...)
		rank = append([]rowKind{{AnalysisUnadjusted, MeasureRankBiserial}}, rank...)
	}
	switch typ {
	case TypeBinary:
		return rd
	case TypeOrdinal:
		return append(rank, continuous...)
	}
	return continuous
}

// rowKind is an analysis and a measure: which kind of row a result is.
type rowKind struct {
	analysis Analysis
	measure  Measure
}

// HeadlineRow returns the headline estimate of outcome o in subgroup sub
// ("all" or "COLUMN=VALUE"), or nil when there is none: the first row with
// an estimate in the design's order of preference for the outcome's type
// (Report.Outcomes),
//
//   - continuous outcomes: in a cluster-rct, the multilevel g (the
//     EEF's), the cluster-robust ANCOVA g, then (only when neither could
//     be fitted) the WWC cluster-corrected ANCOVA g and g, then the ANCOVA
//     g and the unadjusted g; matched: the regression-adjusted
//     matched-sample g, then the matched-sample g (never the unmatched
//     pool); otherwise, with a cluster column, the multilevel g and the
//     cluster-robust g, then the ANCOVA g, the unadjusted g, the matched
//     g's, and for one group before and after the paired g_av;
//   - yes/no outcomes, the risk difference: matched_adjusted then matched
//     (matched designs); cluster_robust (with a cluster column), logistic,
//     then unadjusted (other two-arm designs); paired (before and after);
//   - ordinal outcomes, the rank-biserial correlation: matched (matched
//     designs), unadjusted (other two-arm designs), paired; then a scale
//     score's rows as a continuous outcome.
//
// The reports' headlines, summary table and forest plot use it, and the
// pool command takes each evaluation's effect from it. HeadlineP gives
// the p-value to show with it.
func HeadlineRow(r *Report, o, sub string) *Result {
	for _, p := range headlineOrder(r.Design, outcomeType(r, o)) {
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

// outcomeType is the type of outcome o (Report.Outcomes); for a report
// without them (an older JSON file), binary when it has risk difference
// rows, else continuous.
func outcomeType(r *Report, o string) string {
	for _, x := range r.Outcomes {
		if x.Column == o {
			return x.Type
		}
	}
	for i := range r.Results {
		if r.Results[i].Outcome == o && r.Results[i].Measure == MeasureRiskDifference {
			return TypeBinary
		}
	}
	return TypeContinuous
}

// HeadlineP returns the p-value to show with headline row x, and whether
// it is Fisher's exact p: for an unadjusted or logistic risk difference of
// a design that is not matched, when an expected count of the 2×2 table of the same pupils
// (rebuilt from the proportion rows) is under 5, the chi-square p and the
// large-sample p of an adjusted model are unreliable (Cochran 1954) and
// the exact / odds_ratio row's p is the one to show; otherwise x's own p.
func HeadlineP(r *Report, x *Result) (p float64, exact bool) {
	p = float64(x.PValue)
	// Fisher's test treats pupils as independent and unweighted: it stands
	// in for the unadjusted and logistic rows, not for matched or
	// cluster-robust ones.
	if x.Measure != MeasureRiskDifference || r.Design == DesignMatched ||
		x.Analysis != AnalysisUnadjusted && x.Analysis != AnalysisLogistic {
		return p, false
	}
	find := func(a Analysis, m Measure) *Result {
		for i := range r.Results {
			y := &r.Results[i]
			if y.Outcome == x.Outcome && y.Subgroup == x.Subgroup && y.Analysis == a && y.Measure == m {
				return y
			}
		}
		return nil
	}
	pt, pc := find(AnalysisUnadjusted, MeasureProportionTreated), find(AnalysisUnadjusted, MeasureProportionComparison)
	ex := find(AnalysisExact, MeasureOddsRatio)
	if pt == nil || pc == nil || ex == nil || pt.NTreated == nil || pc.NComparison == nil || math.IsNaN(float64(ex.PValue)) {
		return p, false
	}
	n1, n0 := float64(*pt.NTreated), float64(*pc.NComparison)
	a, c := math.Round(float64(pt.Estimate)*n1), math.Round(float64(pc.Estimate)*n0)
	if math.IsNaN(a) || math.IsNaN(c) || n1+n0 == 0 {
		return p, false
	}
	// The smallest expected count: the smaller arm times the rarer answer.
	N := n1 + n0
	events := a + c
	minExp := math.Min(n1, n0) * math.Min(events, N-events) / N
	if minExp < smallExpected {
		return float64(ex.PValue), true
	}
	return p, false
}

// EffectSizeRow returns the headline of outcome o in subgroup sub on the
// scale of a standardised mean difference, for pooling with other
// evaluations (whatworks pool), or nil: HeadlineRow for a score; for a
// yes/no outcome the WWC Cox index (ln OR / 1.65, docs/methods.md §11) of
// the headline's analysis (the logistic regression's when the headline is
// the cluster-robust linear probability model, then the unadjusted one's);
// for an ordinal outcome the headline its scale score has as a continuous
// outcome (none for a single item: a rank-biserial correlation is not on
// that scale).
func EffectSizeRow(r *Report, o, sub string) *Result {
	x := HeadlineRow(r, o, sub)
	if x == nil {
		return nil
	}
	find := func(a Analysis, m Measure) *Result {
		for i := range r.Results {
			y := &r.Results[i]
			if y.Outcome == o && y.Subgroup == sub && y.Analysis == a && y.Measure == m && !math.IsNaN(float64(y.Estimate)) {
				return y
			}
		}
		return nil
	}
	switch x.Measure {
	case MeasureRiskDifference:
		for _, a := range []Analysis{x.Analysis, AnalysisLogistic, AnalysisUnadjusted} {
			if c := find(a, MeasureCoxIndex); c != nil {
				return c
			}
		}
		return nil
	case MeasureRankBiserial:
		for _, p := range headlineOrder(r.Design, TypeContinuous) {
			if y := find(p.analysis, p.measure); y != nil {
				return y
			}
		}
		return nil
	}
	return x
}
