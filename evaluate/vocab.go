package evaluate

import (
	"strings"

	"github.com/whatworks/whatworks/evaluate/data"
)

// The vocabulary of results: design kinds, analyses and measures, defined
// once here. Their string values are the JSON names of docs/json.md (a
// contract with users' scripts: add names, never change them).

// Design is a kind of evaluation design (the design file's `design:`),
// defined in evaluate/data so that the families (power, rating) share it.
type Design = data.Design

// Design kinds, in the order they are documented.
const (
	DesignPrePost    = data.DesignPrePost    // one group, before and after
	DesignTwoGroup   = data.DesignTwoGroup   // programme and comparison group, not randomised
	DesignRCT        = data.DesignRCT        // pupils randomised
	DesignClusterRCT = data.DesignClusterRCT // schools or classes randomised
	DesignMatched    = data.DesignMatched    // a comparison group matched from a pool
)

// Designs lists the design kinds in the order they are documented.
var Designs = []Design{DesignPrePost, DesignTwoGroup, DesignRCT, DesignClusterRCT, DesignMatched}

// Analysis names the analysis a result row comes from (Result.Analysis).
type Analysis string

// Analyses.
const (
	AnalysisUnadjusted       Analysis = "unadjusted"        // difference of the arms' means
	AnalysisANCOVA           Analysis = "ancova"            // regression on the pretest and covariates
	AnalysisGain             Analysis = "gain"              // difference of the arms' mean gains
	AnalysisDiD              Analysis = "did"               // WWC difference in differences
	AnalysisPaired           Analysis = "paired"            // one group before and after
	AnalysisMatched          Analysis = "matched"           // matched sample
	AnalysisMatchedAdjusted  Analysis = "matched_adjusted"  // matched sample, regression-adjusted
	AnalysisInteraction      Analysis = "interaction"       // treatment × subgroup
	AnalysisGap              Analysis = "gap"               // attainment gap between subgroup levels
	AnalysisClusterCorrected Analysis = "cluster_corrected" // WWC correction for clustering
	AnalysisMultilevel       Analysis = "multilevel"        // random-intercept model of pupils in clusters
	AnalysisBaseline         Analysis = "baseline"          // baseline difference from summaries
	AnalysisPlan             Analysis = "plan"              // planning (whatworks plan)

	// Binary and ordinal outcomes, survey scales (docs/methods.md §11–12).
	AnalysisExact         Analysis = "exact"          // Fisher's exact test of a yes/no outcome
	AnalysisLogistic      Analysis = "logistic"       // logistic regression on the pretest and covariates
	AnalysisReliability   Analysis = "reliability"    // a survey scale's internal consistency
	AnalysisClusterRobust Analysis = "cluster_robust" // regression with cluster-robust (CR2) standard errors

	// How secure a headline result is (docs/methods.md §16; security.go).
	AnalysisRating Analysis = "rating" // EEF padlocks, attrition and the achieved MDES of a headline
)

// Measure names what a result row estimates (Result.Measure).
type Measure string

// Measures. Some are built from a name: see MeasureInteraction, MeasureSMD.
const (
	MeasureMeanDifference  Measure = "mean_difference"
	MeasureCohensD         Measure = "cohens_d"
	MeasureHedgesG         Measure = "hedges_g"
	MeasureHedgesGAdjusted Measure = "hedges_g_adjusted"
	MeasureGlassDelta      Measure = "glass_delta"
	MeasureDZ              Measure = "d_z"
	MeasureDAv             Measure = "d_av"
	MeasureGAv             Measure = "g_av"
	MeasureSMDPretest      Measure = "smd_pretest"
	MeasureGapChange       Measure = "gap_change"
	MeasureMDES            Measure = "mdes"
	MeasurePower           Measure = "power"
	MeasureNPerGroup       Measure = "n_per_group"
	MeasureClusters        Measure = "clusters"
	// The multilevel model's effect sizes and ICC (docs/methods.md §9).
	MeasureHedgesGWithin Measure = "hedges_g_within" // b / σ₀ of the null model
	MeasureICC           Measure = "icc"             // τ₀² / (τ₀² + σ₀²) of the null model
	// eefAnalytics' effect sizes with Hedges' (2007) standard errors,
	// standardised by the full ("conditional") or the null
	// ("unconditional") model's variances.
	MeasureEEFWithinConditional   Measure = "eef_g_within_conditional"
	MeasureEEFTotalConditional    Measure = "eef_g_total_conditional"
	MeasureEEFWithinUnconditional Measure = "eef_g_within_unconditional"
	MeasureEEFTotalUnconditional  Measure = "eef_g_total_unconditional"

	// Yes/no outcomes (estimates are proportions, shown as percentages
	// and percentage points).
	MeasureRiskDifference       Measure = "risk_difference"         // p1 − p0 (or after − before)
	MeasureRiskRatio            Measure = "risk_ratio"              // p1 / p0
	MeasureOddsRatio            Measure = "odds_ratio"              // odds of the outcome, intervention / comparison
	MeasureCoxIndex             Measure = "cox_index"               // ln(OR)/1.65, the WWC's effect size of a yes/no outcome
	MeasureProportionTreated    Measure = "proportion_intervention" // share of intervention pupils with the outcome
	MeasureProportionComparison Measure = "proportion_comparison"   // share of comparison pupils with the outcome
	MeasureProportionPre        Measure = "proportion_pre"          // share with the outcome before
	MeasureProportionPost       Measure = "proportion_post"         // share with the outcome after
	MeasureProportionHigher     Measure = "proportion_higher"       // share of pupils whose answer rose
	MeasureProportionLower      Measure = "proportion_lower"        // share of pupils whose answer fell
	MeasureMeanPre              Measure = "mean_pre"                // mean before, pupils with both answers
	MeasureMeanPost             Measure = "mean_post"               // mean after, pupils with both answers
	MeasureRankBiserial         Measure = "rank_biserial"           // rank-biserial correlation (Mann–Whitney or signed-rank)
	MeasureCronbachAlpha        Measure = "cronbach_alpha"          // a scale's Cronbach's alpha

	// The rating rows of a headline result (Analysis "rating").
	MeasureEEFPadlocks           Measure = "eef_padlocks"           // EEF security rating, 0–5 padlocks
	MeasureAttritionOverall      Measure = "attrition_overall"      // pupils lost from allocation to analysis, a proportion
	MeasureAttritionDifferential Measure = "attrition_differential" // |attrition_t − attrition_c|, a proportion
	MeasureMDESAchieved          Measure = "mdes_achieved"          // minimum detectable effect size of the analysed sample
)

// Outcome types (Outcome.Type, the design file's `type:`).
const (
	TypeContinuous = "continuous" // a score (the default)
	TypeBinary     = "binary"     // yes/no: 1 or 0
	TypeOrdinal    = "ordinal"    // ordered answers: a Likert item or a scale score
)

// Directions of an outcome (Outcome.Direction, the design file's
// `direction:`): which way is better. The numbers keep their sign either
// way (programme minus comparison); reports word them by it.
const (
	DirectionHigher = "higher" // higher scores are better (the default)
	DirectionLower  = "lower"  // lower scores are better: depression, absences, exclusions
)

// MeasureInteraction is the measure of the treatment × subgroup
// interaction for subgroup level level: "interaction_LEVEL".
func MeasureInteraction(level string) Measure { return Measure("interaction_" + level) }

// MeasureSMD is the measure of a balance row for a covariate (or
// covariate=level): "smd_NAME".
func MeasureSMD(name string) Measure { return Measure("smd_" + name) }

// IsGap reports whether m is one of the attainment-gap measures (gap_*).
func (m Measure) IsGap() bool { return strings.HasPrefix(string(m), "gap_") }

// SubgroupAll is the Subgroup of rows about every pupil analysed.
const SubgroupAll = "all"

// AllAnalyses is the Analysis of an exclusion that applies to every
// analysis of an outcome (pupils in neither arm).
const AllAnalyses Analysis = "all"

// DesignNames lists the design kinds as text, in the order they are
// documented.
func DesignNames() []string {
	out := make([]string, len(Designs))
	for i, d := range Designs {
		out[i] = string(d)
	}
	return out
}

// Arm and time names: the values of Descriptive.Arm, FlowArm.Arm and
// Balance's arms, and of Descriptive.Time (JSON values, docs/json.md).
const (
	ArmIntervention = "intervention" // the programme group
	ArmComparison   = "comparison"   // the comparison group
	ArmAll          = "all"          // the one group of a pre-post design
	TimePre         = "pre"          // before the programme (the pretest)
	TimePost        = "post"         // after it (the outcome)
)
