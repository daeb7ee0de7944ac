package evaluate

import (
	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/match"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// Input is everything one evaluation needs, as plain values: one entry per
// pupil row in every slice. Missing numbers are NaN; missing labels are -1.
type Input struct {
	Title  string
	Design Design
	// Arm is each pupil's arm (Treated, Comparison or Excluded); nil for
	// pre-post designs.
	Arm        []int8
	Cluster    *Factor // optional
	Outcomes   []Outcome
	Covariates []Variable
	Subgroups  []Factor
	// SubgroupInfo are the design's declarations about subgroup columns
	// (a disadvantaged level and its label), by column; a column without
	// one needs no entry.
	SubgroupInfo []Subgroup
	// Confidence level of every interval, e.g. 0.95.
	Confidence float64
	// MonthsTable is "toolkit" (default) or "report" (EEF report variant).
	MonthsTable string
	// CIMethod is the CI shown for Hedges' g: "normal" (EEF default) or
	// "noncentral-t" (R effectsize). Both are always computed.
	CIMethod string
	Matching *MatchSpec // design: matched
	// Scales are the questionnaire scales of the design file (`scales:`),
	// whose scores are outcomes or pretests (Outcome.Scale) and whose
	// reliability Run reports.
	Scales []Scale
	Seed   uint64
	// Allocation is how many pupils were allocated to each arm before any
	// loss (the design file's `allocation:`); nil when not given, and the
	// pupils in the data are taken as allocated (security.go).
	Allocation *Allocation
	// Threats are the declared threats to validity (`threats:`), each
	// low, moderate or high, for the EEF security rating.
	Threats []Threat
	// WWCBoundary is the WWC attrition boundary: "cautious" (default) or
	// "optimistic" (`rating: {wwc_boundary: ...}`).
	WWCBoundary string
	// CostPerPupil is the programme's cost per pupil per year in pounds
	// (`cost: {per_pupil: ...}`), for the EEF cost rating; nil when not
	// given.
	CostPerPupil *float64
	// Progress, when set, is called by Run each time one of its analyses
	// ends (an outcome in one group of pupils, an interaction, a gap),
	// with the number ended and their total; one call at a time, from any
	// goroutine. It should return quickly. Run itself shows nothing.
	Progress func(done, total int)
}

// Outcome is one outcome with its optional pretest.
type Outcome struct {
	Column string
	Label  string
	Type   string // continuous | binary | ordinal (TypeContinuous, ...)
	// Direction is which way is better: DirectionHigher ("" means it) or
	// DirectionLower. Estimates keep their sign either way.
	Direction string
	Y         []float64 // NaN = missing; a binary outcome is 1 (yes) or 0
	PreColumn string    // "" when there is no pretest
	Pre       []float64 // nil when there is no pretest
	// Scale and PreScale name the scale (Input.Scales) whose scores Y and
	// Pre are, or "" when they are columns of the data.
	Scale, PreScale string
	// Min, Max and Levels are the range of an ordinal outcome's answers
	// (1 and 5, "Strongly disagree" … "Strongly agree") when the design
	// gives it; NaN and nil otherwise.
	Min, Max float64
	Levels   []string
}

// Report is an evaluation's results: what reports turns into JSON, text,
// a workbook and plots.
type Report struct {
	Title       string  `json:"title"`
	Design      Design  `json:"design"`
	Confidence  float64 `json:"confidence"`
	CIMethod    string  `json:"ci_method"`
	MonthsTable string  `json:"months_table"`
	// Outcomes describe each outcome analysed (its type and scale), in
	// design order.
	Outcomes []OutcomeInfo `json:"outcomes"`
	// Subgroups are the subgroup columns, in design order, with what the
	// design declares about them and their levels in report order.
	Subgroups []Subgroup `json:"subgroups"`
	// Covariates names the design's covariates, which the adjusted
	// analyses (ancova, interaction, cluster_robust, multilevel, logistic)
	// take besides each outcome's pretest.
	Covariates   []string      `json:"covariates,omitempty"`
	Results      []Result      `json:"results"`
	Descriptives []Descriptive `json:"descriptives"`
	Balance      []Balance     `json:"balance"`
	Matching     *MatchReport  `json:"matching,omitempty"`
	// Clustering describes the clusters and the multilevel model of each
	// outcome, for designs with a cluster column (see Clustering).
	Clustering *Clustering `json:"clustering,omitempty"`
	// Scales are the questionnaire scales: scoring rules, answers to each
	// item and reliability.
	Scales     []ScaleReport `json:"scales"`
	Exclusions []Exclusion   `json:"exclusions"`
	// Flow is, for each outcome, how many pupils were allocated to each
	// arm, how many were lost and why, and how many its headline analysis
	// used (flow.go): the CONSORT-style flow diagram.
	Flow []Flow `json:"flow"`
	// Caveats are plain-English warnings that apply to the whole report
	// (no comparison group, small samples, baseline imbalance, ...).
	Caveats []string `json:"caveats"`
	// Security is the rating of each headline result, step by step (the
	// security.go post-pass): what the workbook's Security panel and the
	// terminal's rating line explain. Its numbers are also result rows
	// (Analysis "rating").
	Security []Security `json:"-"`

	// bases are what the analyses knew about their samples that the
	// ratings need (ratingBasis), gathered by Run's tasks.
	bases []ratingBasis
}

// Result is one estimate: one row of the JSON `results` list.
// Differences are treated minus comparison, post minus pre.
type Result struct {
	Outcome  string `json:"outcome"`
	Label    string `json:"label,omitempty"`
	Subgroup string `json:"subgroup"` // "all" or "COLUMN=VALUE"
	// Analysis: unadjusted | ancova | gain | did | paired | matched |
	// matched_adjusted | interaction | gap | ...
	Analysis Analysis `json:"analysis"`
	// Measure: mean_difference | cohens_d | hedges_g | glass_delta | d_z |
	// d_av | g_av | smd_<covariate> | ...
	Measure  Measure `json:"measure"`
	Estimate Num     `json:"estimate"`
	SE       Num     `json:"se"`
	CILow    Num     `json:"ci_low"`
	CIHigh   Num     `json:"ci_high"`
	CIMethod string  `json:"ci_method,omitempty"` // normal | noncentral-t | t | ...
	// CILowAlt, CIHighAlt and CIMethodAlt carry the interval by the other
	// method (noncentral-t when CIMethod is normal, and vice versa) for
	// effect size rows that have both, and Student's equal-variance
	// interval ("student") for Welch mean_difference rows; NaN and ""
	// elsewhere.
	CILowAlt    Num    `json:"ci_low_alt"`
	CIHighAlt   Num    `json:"ci_high_alt"`
	CIMethodAlt string `json:"ci_method_alt,omitempty"`
	DF          Num    `json:"df"`
	Statistic   Num    `json:"statistic"` // t (or z) statistic, where there is one
	PValue      Num    `json:"p_value"`
	PAdjusted   Num    `json:"p_adjusted"` // Benjamini–Hochberg across outcomes
	// PValueExact is the exact p-value beside an approximate one: McNemar's
	// exact (binomial) p of a paired yes/no comparison; NaN elsewhere.
	PValueExact Num  `json:"p_value_exact"`
	NTreated    *int `json:"n_treated"`
	NComparison *int `json:"n_comparison"`
	// MonthsProgress is the EEF months' progress of an effect size row.
	MonthsProgress *int `json:"months_progress"`
	// ImprovementIndex is the WWC improvement index of an effect size row.
	ImprovementIndex Num `json:"improvement_index"`
	// WWCRating, OfSType, Reasons and CostRating are the words of an
	// eef_padlocks row (Analysis "rating"): the WWC rating, the OfS
	// standard of evidence, every step of the security rating in
	// sentences, and the EEF cost rating (£ to £££££; "" without a cost).
	WWCRating  string `json:"wwc_rating,omitempty"`
	OfSType    string `json:"ofs_type,omitempty"`
	Reasons    string `json:"reasons,omitempty"`
	CostRating string `json:"cost_rating,omitempty"`
	// RatingInputs are, on an eef_padlocks row, what the ratings read, so
	// that a reader can rate the result again from the report alone
	// (RecheckRows: whatworks verify without the data).
	RatingInputs *RatingInputs `json:"rating_inputs,omitempty"`
	Note         string        `json:"note,omitempty"`
}

// RatingInputs are the inputs of a headline's ratings (Security): the EEF
// padlocks (rating.Padlocks), the WWC rating (rating.WWCRating), the OfS
// type (rating.OfSType) and the EEF cost rating (rating.CostRating).
type RatingInputs struct {
	Design          Design `json:"design"` // pre-post for a before-and-after headline
	PretestAdjusted bool   `json:"pretest_adjusted"`
	MDES            Num    `json:"mdes"`
	Attrition       Num    `json:"attrition"`                 // overall, a proportion
	AttritionClass  string `json:"attrition_class,omitempty"` // WWC: low | high
	AllocationKnown bool   `json:"allocation_known"`
	BaselineG       Num    `json:"baseline_g"`
	// Threats are the design's threats to validity, as declared.
	Threats      []RatingThreat `json:"threats"`
	CostPerPupil Num            `json:"cost_per_pupil"`
}

// RatingThreat is one declared threat to validity and its level.
type RatingThreat struct {
	Name  string `json:"name"`
	Level string `json:"level"`
}

// Descriptive is n, mean, SD of one variable for one arm at one time.
type Descriptive struct {
	Variable string `json:"variable"`
	Subgroup string `json:"subgroup"` // "all" or "COLUMN=VALUE"
	Arm      string `json:"arm"`      // intervention | comparison | all
	Time     string `json:"time"`     // pre | post
	N        int    `json:"n"`
	Missing  int    `json:"missing"`
	Mean     Num    `json:"mean"`
	SD       Num    `json:"sd"` // n-1 denominator
	Min      Num    `json:"min"`
	Max      Num    `json:"max"`
	// Outcomes are the outcome columns this variable is the outcome of
	// (Time "post") or the pretest of (Time "pre"): a pretest shared by
	// several outcomes is described once, for all of them.
	Outcomes []string `json:"-"`
	// CILow and CIHigh are the t interval of the mean at the report's
	// confidence level (mean ± t_{n−1} SD/√n); NaN when n < 2.
	CILow  Num `json:"-"`
	CIHigh Num `json:"-"`
}

// Exclusion counts pupils left out of an analysis and why.
type Exclusion struct {
	Outcome  string   `json:"outcome"`
	Analysis Analysis `json:"analysis"`
	Reason   string   `json:"reason"`
	Count    int      `json:"count"`
}

// Summary is the n, mean and SD of one arm or time point (see package
// sample).
type Summary = sample.Summary

// Name is how reports name the outcome: its label, else its column.
func (o *Outcome) Name() string {
	if o.Label != "" {
		return o.Label
	}
	return o.Column
}

// Aliases of the plain values in package data, so that callers of
// evaluate need not import it.
type (
	Factor   = data.Factor
	Variable = data.Variable
	Num      = data.Num
)

// Arm codes in Input.Arm (see package data).
const (
	Excluded   = data.Excluded
	Comparison = data.Comparison
	Treated    = data.Treated
)

// NaN is the missing Num.
var NaN = data.NaN

// Matching's settings and results (package match), under the names
// evaluate's callers use.
type (
	MatchSpec       = match.Settings
	MatchReport     = match.Report
	MatchResult     = match.Result
	MatchedSet      = match.Set
	Balance         = match.Balance
	PropensityModel = match.PropensityModel
	Coefficient     = match.Coefficient
	MatchCounts     = match.Counts
	ArmCounts       = match.ArmCounts
)

// Match builds a matched comparison group for the pupils who took part, as
// the design's matching settings say (see match.Run).
func Match(in Input) (*MatchResult, error) {
	return match.Run(in.Arm, in.Matching, in.Seed)
}
