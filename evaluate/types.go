// Package evaluate holds the statistics of whatworks: pure functions over
// plain Go values, with no I/O and no printing. Every formula cites its
// source in its doc comment; ../shared/METHODS.md collects the sector's rules.
package evaluate

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/whatworks/whatworks/evaluate/sample"
)

// Arm codes in Input.Arm.
const (
	Excluded   int8 = -1 // in neither arm (a group value named by neither list)
	Comparison int8 = 0
	Treated    int8 = 1
)

// Input is everything one evaluation needs, as plain values: one entry per
// pupil row in every slice. Missing numbers are NaN; missing labels are -1.
type Input struct {
	Title  string
	Design string // pre-post | two-group | rct | cluster-rct | matched
	// Arm is each pupil's arm (Treated, Comparison or Excluded); nil for
	// pre-post designs.
	Arm        []int8
	Cluster    *Factor // optional
	Outcomes   []Outcome
	Covariates []Variable
	Subgroups  []Factor
	// Confidence level of every interval, e.g. 0.95.
	Confidence float64
	// MonthsTable is "toolkit" (default) or "report" (EEF report variant).
	MonthsTable string
	// CIMethod is the CI shown for Hedges' g: "normal" (EEF default) or
	// "noncentral-t" (R effectsize). Both are always computed.
	CIMethod string
	Matching *MatchSpec // design: matched
	Seed     uint64
	// Progress, when set, is called by Run each time one of its analyses
	// ends (an outcome in one group of pupils, an interaction, a gap),
	// with the number ended and their total; one call at a time, from any
	// goroutine. It should return quickly. Run itself shows nothing.
	Progress func(done, total int)
}

// Outcome is one outcome with its optional pretest.
type Outcome struct {
	Column    string
	Label     string
	Type      string    // continuous | binary | ordinal
	Y         []float64 // NaN = missing
	PreColumn string    // "" when there is no pretest
	Pre       []float64 // nil when there is no pretest
}

// Variable is a covariate: numeric (Num set) or categorical (Factor set).
type Variable struct {
	Name   string
	Num    []float64
	Factor *Factor
}

// Factor is a categorical column: Codes index Levels, -1 = missing.
// Levels are sorted; the first is the reference level in regressions.
type Factor struct {
	Name   string
	Codes  []int32
	Levels []string
}

// MatchSpec configures matching (design: matched).
type MatchSpec struct {
	Covariates   []Variable
	Exact        []Factor
	Distance     string  // logit | mahalanobis
	Caliper      float64 // in SDs of the distance; NaN or <= 0 = none
	CaliperScale string  // probability (MatchIt's default) | logit
	Ratio        int
	Replace      bool
	Order        string // largest | smallest | data | random
	Seed         uint64
}

// Report is an evaluation's results: what reports turns into JSON, text,
// a workbook and plots.
type Report struct {
	Title        string        `json:"title"`
	Design       string        `json:"design"`
	Confidence   float64       `json:"confidence"`
	CIMethod     string        `json:"ci_method"`
	MonthsTable  string        `json:"months_table"`
	Results      []Result      `json:"results"`
	Descriptives []Descriptive `json:"descriptives"`
	Balance      []Balance     `json:"balance"`
	Matching     *MatchReport  `json:"matching,omitempty"`
	Exclusions   []Exclusion   `json:"exclusions"`
	// Caveats are plain-English warnings that apply to the whole report
	// (no comparison group, small samples, baseline imbalance, ...).
	Caveats []string `json:"caveats"`
}

// Result is one estimate: one row of the JSON `results` list.
// Differences are treated minus comparison, post minus pre.
type Result struct {
	Outcome  string `json:"outcome"`
	Label    string `json:"label,omitempty"`
	Subgroup string `json:"subgroup"` // "all" or "COLUMN=VALUE"
	// Analysis: unadjusted | ancova | gain | did | paired | matched |
	// matched_adjusted | interaction | gap | ...
	Analysis string `json:"analysis"`
	// Measure: mean_difference | cohens_d | hedges_g | glass_delta | d_z |
	// d_av | g_av | smd_<covariate> | ...
	Measure  string `json:"measure"`
	Estimate Num    `json:"estimate"`
	SE       Num    `json:"se"`
	CILow    Num    `json:"ci_low"`
	CIHigh   Num    `json:"ci_high"`
	CIMethod string `json:"ci_method,omitempty"` // normal | noncentral-t | t | ...
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
	NTreated    *int   `json:"n_treated"`
	NComparison *int   `json:"n_comparison"`
	// MonthsProgress is the EEF months' progress of an effect size row.
	MonthsProgress *int `json:"months_progress"`
	// ImprovementIndex is the WWC improvement index of an effect size row.
	ImprovementIndex Num    `json:"improvement_index"`
	Note             string `json:"note,omitempty"`
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
}

// Balance is the baseline comparison of the arms on one variable (or one
// level of a categorical variable).
type Balance struct {
	// Outcome is the outcome whose analysed sample this is ("" when the
	// balance is not tied to one outcome, e.g. matching).
	Outcome  string `json:"outcome,omitempty"`
	Variable string `json:"variable"`
	Level    string `json:"level,omitempty"` // categorical: the level's proportion
	Sample   string `json:"sample"`          // analysed | before_matching | after_matching
	MeanT    Num    `json:"mean_treated"`
	MeanC    Num    `json:"mean_comparison"`
	SDT      Num    `json:"sd_treated"`
	SDC      Num    `json:"sd_comparison"`
	SMD      Num    `json:"smd"`
	VarRatio Num    `json:"variance_ratio"`
	// WWC is the WWC baseline-equivalence class of |SMD|: "satisfied"
	// (<= 0.05), "adjust" (<= 0.25, only with adjustment), "fails" (> 0.25).
	WWC string `json:"wwc"`
}

// Exclusion counts pupils left out of an analysis and why.
type Exclusion struct {
	Outcome  string `json:"outcome"`
	Analysis string `json:"analysis"`
	Reason   string `json:"reason"`
	Count    int    `json:"count"`
}

// MatchReport describes a matching run; filled by Match.
type MatchReport struct {
	// Settings are the matching options as applied (defaults filled in):
	// distance, caliper, caliper_scale, ratio, replace, order, exact, seed.
	Settings map[string]string `json:"settings"`
	// Caliper is the caliper in units of the matching distance (the
	// requested number of SDs times the SD of the distance over all pupils
	// in the match); NaN when no caliper is used.
	Caliper Num `json:"caliper"`
	// Model is the propensity-score model (logistic regression of taking
	// part on the matching covariates); nil when it could not be fitted.
	Model  *PropensityModel `json:"model,omitempty"`
	Counts MatchCounts      `json:"counts"`
	// Balance holds every covariate (each level of a categorical one) with
	// Sample "before_matching" and "after_matching"; the first variable is
	// the propensity score when one was estimated.
	Balance []Balance `json:"balance"`
	// SMDDenominator says which SD divides the mean differences.
	SMDDenominator string   `json:"smd_denominator"`
	Warnings       []string `json:"warnings"`

	// Per-row values for plots (one entry per input row; not in the JSON:
	// pupil-level data).
	PS      []float64 `json:"-"` // propensity score, NaN if not computed
	Arm     []int8    `json:"-"` // Treated, Comparison, or Excluded (not in the match)
	Weights []float64 `json:"-"` // matching weight, 0 = not in the matched sample
}

// PropensityModel is the fitted propensity-score model.
type PropensityModel struct {
	Formula      string        `json:"formula"` // e.g. "treated ~ age + race"
	Terms        []Coefficient `json:"terms"`
	Converged    bool          `json:"converged"`
	Iterations   int           `json:"iterations"`
	Deviance     Num           `json:"deviance"`
	NullDeviance Num           `json:"null_deviance"`
	N            int           `json:"n"`
	// Separation explains in words any covariate (level) that perfectly
	// predicts taking part; "" when none was found.
	Separation string `json:"separation,omitempty"`
}

// Coefficient is one term of a regression model.
type Coefficient struct {
	Term     string `json:"term"`
	Estimate Num    `json:"estimate"`
	SE       Num    `json:"se"`
	Z        Num    `json:"z"`
	PValue   Num    `json:"p_value"`
}

// MatchCounts are MatchIt's "Sample Sizes" table, by arm.
type MatchCounts struct {
	Treated    ArmCounts `json:"treated"`
	Comparison ArmCounts `json:"comparison"`
}

// ArmCounts counts one arm's pupils. All = Matched + Unmatched +
// Discarded; Discarded are pupils left out before matching because a
// matching covariate or exact-matching column is missing. ESS are Kish's
// effective sample sizes (Σw)²/Σw².
type ArmCounts struct {
	All        int `json:"all"`
	Matched    int `json:"matched"`
	Unmatched  int `json:"unmatched"`
	Discarded  int `json:"discarded"`
	ESSAll     Num `json:"ess_all"`
	ESSMatched Num `json:"ess_matched"`
}

// Num is a float64 that marshals NaN and ±Inf as JSON null.
type Num float64

// MarshalJSON writes null for NaN and infinities, else the shortest
// decimal that round-trips.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// NaN is the missing Num.
var NaN = Num(math.NaN())

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
