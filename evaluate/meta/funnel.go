package meta

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// EggerResult is the regression test for funnel-plot asymmetry.
type EggerResult struct {
	Model  Model
	Method Method // the τ² estimator used
	K      int
	// The test of the slope on the standard error: z, or with
	// Knapp–Hartung t on DF = k − 2 degrees of freedom (DF NaN for z).
	Statistic, DF, PValue float64
	// Slope is the coefficient of sqrt(vᵢ), with its standard error.
	Slope, SlopeSE float64
	// Limit is the intercept, the effect expected in a study of
	// infinite size (SE → 0), with its interval.
	Limit, LimitCILow, LimitCIHigh float64
	Tau2                           float64 // residual τ²
	Warnings                       []string
}

// Egger is the regression test for funnel-plot asymmetry (Egger et al.
// 1997) in the form of metafor's regtest(fit) with its defaults for an
// rma.uni fit (model = "rma", predictor = "sei"): the meta-regression
//
//	yᵢ = β₀ + β₁ sqrt(vᵢ) + uᵢ + eᵢ
//
// fitted with the model's own estimator and test, and the test of β₁ = 0.
// β₀ is the "limit estimate" as SE → 0. It needs k ≥ 3 studies whose
// standard errors are not all equal. docs/methods.md §17.
func Egger(yi, vi []float64, m Model, o Options) (EggerResult, error) {
	if err := checkInputs(yi, vi); err != nil {
		return EggerResult{}, fmt.Errorf("funnel asymmetry test (Egger): %w", err)
	}
	if len(yi) < 3 {
		return EggerResult{}, fmt.Errorf("funnel asymmetry test (Egger): needs at least 3 studies, got %d", len(yi))
	}
	sei := make([]float64, len(vi))
	for i, v := range vi {
		sei[i] = math.Sqrt(v)
	}
	r, err := Slope(yi, vi, sei, "sei", m, o)
	if err != nil {
		return EggerResult{}, fmt.Errorf("funnel asymmetry test (Egger): %w", err)
	}
	b0, b1 := r.Coefficients[0], r.Coefficients[1]
	return EggerResult{
		Model: m, Method: r.Method, K: r.K,
		Statistic: b1.Statistic, DF: r.DF, PValue: b1.PValue,
		Slope: b1.Estimate, SlopeSE: b1.SE,
		Limit: b0.Estimate, LimitCILow: b0.CILow, LimitCIHigh: b0.CIHigh,
		Tau2: r.Tau2, Warnings: r.Warnings,
	}, nil
}

// Funnel is what a funnel plot draws (metafor's funnel() with its
// defaults): each study's effect against its standard error (the axis
// reversed, 0 at the top), a vertical line at the pooled estimate, and the
// pseudo-confidence region Centre ± Z·se for se from 0 to MaxSE, inside
// which about Level of the studies would fall if they all estimated
// Centre with their own sampling error alone.
type Funnel struct {
	Effects, SEs []float64
	Centre       float64
	Z            float64 // z_{1−α/2}, whatever the model's test
	Level        float64
	MaxSE        float64
}

// NewFunnel returns the funnel of yi, vi around centre (normally a pooled
// estimate) at confidence level (0 means 0.95).
func NewFunnel(yi, vi []float64, centre, level float64) (Funnel, error) {
	if err := checkInputs(yi, vi); err != nil {
		return Funnel{}, fmt.Errorf("funnel plot: %w", err)
	}
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return Funnel{}, fmt.Errorf("funnel plot: confidence level %v is not between 0 and 1", level)
	}
	f := Funnel{Effects: append([]float64(nil), yi...), SEs: make([]float64, len(vi)),
		Centre: centre, Level: level, Z: distuv.UnitNormal.Quantile(1 - (1-level)/2)}
	for i, v := range vi {
		f.SEs[i] = math.Sqrt(v)
		f.MaxSE = math.Max(f.MaxSE, f.SEs[i])
	}
	return f, nil
}

// Bounds returns the pseudo-confidence region's edges at standard error se.
func (f Funnel) Bounds(se float64) (lo, hi float64) {
	return f.Centre - f.Z*se, f.Centre + f.Z*se
}
