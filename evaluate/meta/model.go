package meta

import (
	"fmt"
	"math"
)

// Method is an estimator of the between-study variance τ².
type Method string

// The estimators, named as metafor's rma(method = ...).
const (
	FE   Method = "FE"   // common (fixed) effect: τ² = 0 by assumption
	DL   Method = "DL"   // DerSimonian & Laird (1986)
	REML Method = "REML" // restricted maximum likelihood (Viechtbauer 2005)
	PM   Method = "PM"   // Paule & Mandel (1982)
)

// Model is one of the pooled analyses of `whatworks pool`; its value is
// the analysis name of the JSON rows.
type Model string

// The five models, in the order the pool command reports them.
const (
	ModelFE       Model = "meta_fe"
	ModelDL       Model = "meta_dl"
	ModelREML     Model = "meta_reml"
	ModelPM       Model = "meta_pm"
	ModelREMLKnHa Model = "meta_reml_knha"
)

// Models returns the five models in report order.
func Models() []Model {
	return []Model{ModelFE, ModelDL, ModelREML, ModelPM, ModelREMLKnHa}
}

// Method returns the model's estimator of τ² (REML for meta_reml_knha).
func (m Model) Method() Method {
	switch m {
	case ModelFE:
		return FE
	case ModelDL:
		return DL
	case ModelREML, ModelREMLKnHa:
		return REML
	case ModelPM:
		return PM
	}
	return ""
}

// KnappHartung reports whether the model's inference uses the Knapp and
// Hartung (2003) adjustment: t(k − p) and the scaled variance.
func (m Model) KnappHartung() bool { return m == ModelREMLKnHa }

func (m Model) valid() bool { return m.Method() != "" }

// Options are the settings every fit shares. The zero value is metafor's
// default.
type Options struct {
	// Level is the confidence level of every interval (0 means 0.95).
	Level float64
	// MaxIter bounds REML's Fisher scoring iterations and the Paule–Mandel
	// root search (0 means metafor's 100).
	MaxIter int
}

func (o Options) withDefaults() (Options, error) {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return o, fmt.Errorf("confidence level %v is not between 0 and 1 (e.g. 0.95)", o.Level)
	}
	if o.MaxIter == 0 {
		o.MaxIter = defaultIter
	}
	if o.MaxIter < 1 {
		return o, fmt.Errorf("maximum iterations %d is not positive", o.MaxIter)
	}
	return o, nil
}

// Names of the quantities in Result.Undefined, as the measures of the pool
// command's JSON rows.
const (
	QuantityPooled     = "pooled_effect"
	QuantityTau2       = "tau2"
	QuantityTau2CI     = "tau2_ci"
	QuantityI2         = "i2"
	QuantityH2         = "h2"
	QuantityQ          = "q"
	QuantityPrediction = "prediction_interval"
)

// Result is one pooled model: the row set `meta_*` of the pool command.
// Numbers that cannot be computed are NaN, and Undefined says why.
type Result struct {
	Model        Model
	Method       Method // the τ² estimator used: DL when REML fell back
	KnappHartung bool
	K            int     // studies
	Level        float64 // confidence level of every interval

	// The pooled effect μ̂ with its standard error, test statistic (z, or
	// t on DF degrees of freedom with Knapp–Hartung), two-sided p-value
	// and confidence interval.
	Estimate, SE, Statistic, PValue, CILow, CIHigh float64
	DF                                             float64 // k − 1 with Knapp–Hartung; NaN for z

	// Between-study variance and its Q-profile interval (Viechtbauer
	// 2007); for FE, τ² is 0 by assumption and its interval NaN.
	Tau2, Tau2CILow, Tau2CIHigh float64
	// I² (percent) and H², with the intervals implied by τ²'s.
	I2, I2CILow, I2CIHigh float64
	H2, H2CILow, H2CIHigh float64
	// Cochran's Q with its degrees of freedom (k − 1) and p-value.
	Q, QDF, QPValue float64
	// Prediction interval for the true effect in a new study.
	PILow, PIHigh float64

	// S2W is the Knapp–Hartung factor that scales the variance of μ̂
	// (1 without the adjustment).
	S2W float64
	// TypicalV is the "typical" within-study variance ṽ of metafor's I².
	TypicalV float64
	// Weights are each study's share of the total weight, in percent, in
	// input order.
	Weights []float64
	// Iterations and StepHalvings of REML's Fisher scoring (0 otherwise).
	Iterations, StepHalvings int
	// Warnings are in words, for the reader: a REML fallback to DL, an
	// interval end at the edge of its search range.
	Warnings []string
	// Undefined maps a quantity (Quantity*) to why it is NaN.
	Undefined map[string]string
}

func (r *Result) undefined(q, why string) {
	if r.Undefined == nil {
		r.Undefined = map[string]string{}
	}
	r.Undefined[q] = why
}

func nanResult(m Model, k int, level float64) Result {
	n := math.NaN()
	return Result{
		Model: m, Method: m.Method(), KnappHartung: m.KnappHartung(), K: k, Level: level,
		Estimate: n, SE: n, Statistic: n, PValue: n, CILow: n, CIHigh: n, DF: n,
		Tau2: n, Tau2CILow: n, Tau2CIHigh: n, I2: n, I2CILow: n, I2CIHigh: n,
		H2: n, H2CILow: n, H2CIHigh: n, Q: n, QDF: n, QPValue: n,
		PILow: n, PIHigh: n, S2W: n, TypicalV: n,
	}
}

// checkInputs validates effect sizes and their sampling variances.
func checkInputs(yi, vi []float64) error {
	if len(yi) != len(vi) {
		return fmt.Errorf("%d effect sizes but %d variances", len(yi), len(vi))
	}
	if len(yi) == 0 {
		return fmt.Errorf("no studies")
	}
	for i := range yi {
		if math.IsNaN(yi[i]) || math.IsInf(yi[i], 0) {
			return fmt.Errorf("study %d: effect size %v is not a finite number", i+1, yi[i])
		}
		if !(vi[i] > 0) || math.IsInf(vi[i], 0) {
			return fmt.Errorf("study %d: sampling variance %v is not a positive number", i+1, vi[i])
		}
	}
	return nil
}
