package meta

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Pool fits one model to effect sizes yi with sampling variances vi (one
// per study, vᵢ > 0), as metafor's rma(yi, vi, method, test) with
// confint() and predict():
//
//	wᵢ = 1/(vᵢ + τ̂²),   μ̂ = Σ wᵢyᵢ / Σ wᵢ,   SE(μ̂) = sqrt(s² / Σ wᵢ)
//	CI = μ̂ ± c · SE,    PI = μ̂ ± c · sqrt(SE² + τ̂²)
//
// with c = z_{1−α/2} and s² = 1, or with Knapp–Hartung c = t_{k−1, 1−α/2}
// and s² = Σ wᵢ(yᵢ − μ̂)²/(k − 1). τ̂² comes from the model's estimator (0
// for FE) and its interval from the Q-profile; the heterogeneity
// statistics use the common-effect weights 1/vᵢ:
//
//	Q  = Σ (yᵢ − μ̂_FE)²/vᵢ  on k − 1 df
//	ṽ  = (k − 1) / (Σ wᵢ − Σ wᵢ²/Σ wᵢ),  wᵢ = 1/vᵢ
//	I² = 100 τ̂²/(ṽ + τ̂²),  H² = τ̂²/ṽ + 1     (random-effects models)
//	I² = max(0, 100 (Q − (k − 1))/Q),  H² = Q/(k − 1)    (FE)
//
// For FE the prediction interval is the confidence interval (τ² = 0).
//
// One study: the pooled effect is that study's (no Knapp–Hartung interval,
// which would have 0 degrees of freedom); τ², Q, I², H² and the prediction
// interval are NaN, with the reason in Undefined (metafor reports τ² = 0,
// Q = 0, I² = 0 and H² = 1 there).
//
// A REML fit whose Fisher scoring does not converge falls back to DL, and
// Result.Method and Result.Warnings say so. See docs/methods.md §17.
func Pool(yi, vi []float64, m Model, o Options) (Result, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Result{}, fmt.Errorf("pooling: %w", err)
	}
	if !m.valid() {
		return Result{}, fmt.Errorf("pooling: unknown model %q", m)
	}
	if err := checkInputs(yi, vi); err != nil {
		return nanResult(m, len(yi), o.Level), fmt.Errorf("pooling: %w", err)
	}
	k := len(yi)
	if k == 1 {
		return poolOne(yi[0], vi[0], m, o), nil
	}
	X := withIntercept(k, nil)
	f, err := fitModel(yi, vi, X, m.Method(), m.KnappHartung(), o)
	if err != nil {
		return nanResult(m, k, o.Level), fmt.Errorf("pooling (%s): %w", m, err)
	}
	r := nanResult(m, k, o.Level)
	r.Method = f.method
	r.Estimate, r.SE, r.Statistic, r.PValue = f.beta[0], f.se[0], f.stat[0], f.pval[0]
	r.CILow, r.CIHigh, r.DF = f.ciLo[0], f.ciHi[0], f.ddf
	r.Tau2, r.S2W, r.TypicalV = f.tau2, f.s2w, f.vt
	r.Q, r.QDF, r.QPValue, r.I2, r.H2 = f.q, f.qdf, f.qp, f.i2, f.h2
	r.Iterations, r.StepHalvings = f.iterations, f.halvings
	r.Warnings = append(r.Warnings, f.warnings...)
	r.Weights = percentWeights(f.w)
	if f.knha && f.s2w == 0 {
		r.Warnings = append(r.Warnings, "Knapp–Hartung: every study's effect equals the pooled effect, so the scale factor s² is 0 and the interval has no width (as in metafor); read meta_reml's interval instead")
	}
	half := f.crit * math.Sqrt(f.se[0]*f.se[0]+f.tau2)
	r.PILow, r.PIHigh = f.beta[0]-half, f.beta[0]+half

	if f.method == FE {
		r.undefined(QuantityTau2CI, "the common-effect model assumes τ² = 0")
		return r, nil
	}
	lo, hi, warns := qProfile(yi, vi, X, f.tau2, o.Level)
	r.Warnings = append(r.Warnings, warns...)
	r.Tau2CILow, r.Tau2CIHigh = lo, hi
	r.I2CILow, r.I2CIHigh = 100*lo/(f.vt+lo), 100*hi/(f.vt+hi)
	r.H2CILow, r.H2CIHigh = lo/f.vt+1, hi/f.vt+1
	return r, nil
}

// poolOne is the pooled "model" of a single study.
func poolOne(y, v float64, m Model, o Options) Result {
	r := nanResult(m, 1, o.Level)
	r.Estimate = y
	r.Weights = []float64{100}
	r.S2W = 1
	const one = "one study: there is no between-study variation to estimate"
	if m.KnappHartung() {
		r.undefined(QuantityPooled, "one study: the Knapp–Hartung t test has k − 1 = 0 degrees of freedom, so only the estimate is given")
	} else {
		z := distuv.UnitNormal.Quantile(1 - (1-o.Level)/2)
		r.SE = math.Sqrt(v)
		r.Statistic = y / r.SE
		r.PValue = 2 * distuv.UnitNormal.CDF(-math.Abs(r.Statistic))
		r.CILow, r.CIHigh = y-z*r.SE, y+z*r.SE
	}
	if m == ModelFE {
		r.Tau2 = 0
		r.PILow, r.PIHigh = r.CILow, r.CIHigh
		r.undefined(QuantityTau2CI, "the common-effect model assumes τ² = 0")
	} else {
		r.undefined(QuantityTau2, one)
		r.undefined(QuantityTau2CI, one)
		r.undefined(QuantityPrediction, one)
	}
	r.undefined(QuantityQ, one)
	r.undefined(QuantityI2, one)
	r.undefined(QuantityH2, one)
	return r
}

// percentWeights returns 100 wᵢ/Σ w, as metafor's weights(fit).
func percentWeights(w []float64) []float64 {
	var s float64
	for _, x := range w {
		s += x
	}
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = 100 * x / s
	}
	return out
}
