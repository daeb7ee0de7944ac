package words

import "github.com/whatworks/whatworks/evaluate"

// HeadlineWords says in plain words what headline row x estimates, for the
// line that introduces an outcome's results: "Hedges' g adjusted for the
// pretest and covariates (ANCOVA)", "the difference in the percentage of
// pupils, in percentage points", ...
func HeadlineWords(r *evaluate.Report, x *evaluate.Result) string {
	switch x.Measure {
	case evaluate.MeasureRiskDifference:
		s := "the difference in the percentage of pupils with the outcome, in percentage points"
		switch x.Analysis {
		case evaluate.AnalysisPaired:
			s = "the change in the percentage of pupils with the outcome, in percentage points"
		case evaluate.AnalysisLogistic, evaluate.AnalysisClusterRobust, evaluate.AnalysisMatchedAdjusted:
			s += ", adjusted for " + adjustedFor(r, x)
		}
		return s
	case evaluate.MeasureRankBiserial:
		return "the rank-biserial correlation r (from -1 to 1)"
	case evaluate.MeasureGAv:
		return "g_av, the change from before to after in standard deviations"
	}
	switch x.Analysis {
	case evaluate.AnalysisANCOVA:
		return "Hedges' g adjusted for " + adjustedFor(r, x) + " (ANCOVA)"
	case evaluate.AnalysisUnadjusted:
		return "Hedges' g, not adjusted for the pretest"
	case evaluate.AnalysisMultilevel:
		many := "clusters"
		if r.Clustering != nil && r.Clustering.Column != "" {
			_, many = evaluate.ClusterNouns(r.Clustering.Column)
		}
		return "Hedges' g from the multilevel model of pupils in their " + many + " (EEF)"
	case evaluate.AnalysisClusterRobust:
		return "Hedges' g adjusted for " + adjustedFor(r, x) + ", with standard errors that allow for the clusters"
	case evaluate.AnalysisClusterCorrected:
		return "Hedges' g with the What Works Clearinghouse correction for clustering"
	case evaluate.AnalysisMatched:
		return "Hedges' g on the matched sample"
	case evaluate.AnalysisMatchedAdjusted:
		return "Hedges' g on the matched sample, adjusted for " + adjustedFor(r, x)
	}
	return "Hedges' g"
}

// adjustedFor says what an adjusted analysis of row x's outcome takes into
// account: "the pretest and covariates", "the pretest", "the covariates"
// (in a matched design, "the matching covariates", with "and the pretest"
// when the outcome has one).
func adjustedFor(r *evaluate.Report, x *evaluate.Result) string {
	pretest := false
	for _, o := range r.Outcomes {
		if o.Column == x.Outcome && o.Pretest != "" {
			pretest = true
		}
	}
	if x.Analysis == evaluate.AnalysisMatchedAdjusted {
		if pretest {
			return "the matching covariates and the pretest"
		}
		return "the matching covariates"
	}
	switch covs := len(r.Covariates) > 0; {
	case pretest && covs:
		return "the pretest and covariates"
	case pretest:
		return "the pretest"
	case covs:
		return "the covariates"
	}
	return "the pretest and covariates"
}

// HeadlineKind is the short name of the analysis behind headline row x,
// for marking a subgroup whose headline comes from another analysis than
// its outcome's: "ANCOVA", "not adjusted", "before and after".
func HeadlineKind(x *evaluate.Result) string {
	switch x.Analysis {
	case evaluate.AnalysisANCOVA:
		return "ANCOVA"
	case evaluate.AnalysisUnadjusted:
		return "not adjusted"
	case evaluate.AnalysisMultilevel:
		return "multilevel model"
	case evaluate.AnalysisClusterRobust:
		return "cluster-robust"
	case evaluate.AnalysisClusterCorrected:
		return "WWC cluster correction"
	case evaluate.AnalysisMatched:
		return "matched sample"
	case evaluate.AnalysisMatchedAdjusted:
		return "matched sample, adjusted"
	case evaluate.AnalysisPaired:
		return "before and after"
	case evaluate.AnalysisLogistic:
		return "adjusted"
	}
	return string(x.Analysis)
}

// GainNote says why the effect sizes of the gain scores (post − pre) are
// not comparable with the headline: they are standardised by the SD of
// the gains, not of the outcome (docs/methods.md; WWC Procedures Handbook
// v4.1).
const GainNote = "Gain-score effect sizes (the gain rows) are standardised by the SD of the pupils' gains " +
	"(post minus pre), not by the SD of the outcome: when pretest and outcome are correlated the SD of the " +
	"gains is smaller, so these effect sizes are larger than, and not comparable with, the headline effect " +
	"size, and they are not turned into months' progress."
