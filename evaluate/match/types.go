package match

import "github.com/whatworks/whatworks/evaluate/data"

// Balance is the baseline comparison of the arms on one variable (or one
// level of a categorical variable).
type Balance struct {
	// Outcome is the outcome whose analysed sample this is ("" when the
	// balance is not tied to one outcome, e.g. matching).
	Outcome  string   `json:"outcome,omitempty"`
	Variable string   `json:"variable"`
	Level    string   `json:"level,omitempty"` // categorical: the level's proportion
	Sample   string   `json:"sample"`          // analysed | before_matching | after_matching
	MeanT    data.Num `json:"mean_treated"`
	MeanC    data.Num `json:"mean_comparison"`
	SDT      data.Num `json:"sd_treated"`
	SDC      data.Num `json:"sd_comparison"`
	SMD      data.Num `json:"smd"`
	VarRatio data.Num `json:"variance_ratio"`
	// WWC is the WWC baseline-equivalence class of |SMD|: "satisfied"
	// (<= 0.05), "adjust" (<= 0.25, only with adjustment), "fails" (> 0.25).
	WWC string `json:"wwc"`
}

// Report describes a matching run; filled by Match.
type Report struct {
	// Settings are the matching options as applied (defaults filled in):
	// distance, caliper, caliper_scale, ratio, replace, order, exact, seed.
	Settings map[string]string `json:"settings"`
	// Caliper is the caliper in units of the matching distance (the
	// requested number of SDs times the SD of the distance over all pupils
	// in the match); NaN when no caliper is used.
	Caliper data.Num `json:"caliper"`
	// Model is the propensity-score model (logistic regression of taking
	// part on the matching covariates); nil when it could not be fitted.
	Model  *PropensityModel `json:"model,omitempty"`
	Counts Counts           `json:"counts"`
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
	Deviance     data.Num      `json:"deviance"`
	NullDeviance data.Num      `json:"null_deviance"`
	N            int           `json:"n"`
	// Separation explains in words any covariate (level) that perfectly
	// predicts taking part; "" when none was found.
	Separation string `json:"separation,omitempty"`
}

// Coefficient is one term of a regression model.
type Coefficient struct {
	Term     string   `json:"term"`
	Estimate data.Num `json:"estimate"`
	SE       data.Num `json:"se"`
	Z        data.Num `json:"z"`
	PValue   data.Num `json:"p_value"`
}

// Counts are MatchIt's "Sample Sizes" table, by arm.
type Counts struct {
	Treated    ArmCounts `json:"treated"`
	Comparison ArmCounts `json:"comparison"`
}

// ArmCounts counts one arm's pupils. All = Matched + Unmatched +
// Discarded; Discarded are pupils left out before matching because a
// matching covariate or exact-matching column is missing. ESS are Kish's
// effective sample sizes (Σw)²/Σw².
type ArmCounts struct {
	All        int      `json:"all"`
	Matched    int      `json:"matched"`
	Unmatched  int      `json:"unmatched"`
	Discarded  int      `json:"discarded"`
	ESSAll     data.Num `json:"ess_all"`
	ESSMatched data.Num `json:"ess_matched"`
}

// Settings configures matching (design: matched).
type Settings struct {
	Covariates   []data.Variable
	Exact        []data.Factor
	Distance     string  // logit | mahalanobis
	Caliper      float64 // in SDs of the distance; NaN or <= 0 = none
	CaliperScale string  // probability (MatchIt's default) | logit
	Ratio        int
	Replace      bool
	Order        string // largest | smallest | data | random
	Seed         uint64
}
