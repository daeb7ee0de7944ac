package binary

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// GComp is the covariate-adjusted risk difference of a logistic regression
// by g-computation.
type GComp struct {
	N       int     // pupils averaged over
	Treated float64 // mean predicted probability with every pupil treated
	Control float64 // mean predicted probability with no pupil treated
	// Difference is Treated − Control with its delta-method SE, the z
	// interval, z = Difference/SE (DF NaN) and its two-sided p.
	Difference Measure
	// Gradient is ∂Difference/∂β, one entry per coefficient.
	Gradient []float64
}

// Counterfactual writes into dst (one entry per coefficient) the row of
// the design matrix of pupil i as it would be if the pupil were treated
// (treated true) or not: the treatment indicator set to 1 or 0 and any
// column built from it (an interaction) changed to match, every other
// column as observed.
type Counterfactual func(i int, treated bool, dst []float64)

// GComputation returns the adjusted risk difference of a fitted logistic
// regression with coefficients coef and their covariance cov, over the n
// pupils of the design matrix x (n × p, the matrix the model was fitted
// on), whose column treat is the 0/1 treatment indicator with no
// interaction built from it. See GComputationRows, which it calls; weights
// and level are as there.
func GComputation(coef []float64, cov mat.Matrix, x mat.Matrix, treat int, weights []float64, level float64) (GComp, error) {
	n, p := x.Dims()
	if len(coef) != p {
		return GComp{}, fmt.Errorf("g-computation: %d coefficients for %d columns", len(coef), p)
	}
	if treat < 0 || treat >= p {
		return GComp{}, fmt.Errorf("g-computation: treatment column %d is not among the %d columns", treat, p)
	}
	var row Counterfactual
	if d, ok := x.(mat.RawMatrixer); ok {
		raw := d.RawMatrix()
		row = func(i int, treated bool, dst []float64) {
			copy(dst, raw.Data[i*raw.Stride:i*raw.Stride+p])
			dst[treat] = boolProb(treated)
		}
	} else {
		row = func(i int, treated bool, dst []float64) {
			mat.Row(dst, i, x)
			dst[treat] = boolProb(treated)
		}
	}
	return GComputationRows(coef, cov, n, row, weights, level)
}

// GComputationRows returns the adjusted risk difference of a fitted
// logistic regression with coefficients β = coef and their covariance
// V = cov, over n pupils whose design-matrix rows row gives, treated and
// not. With x_i¹ and x_i⁰ pupil i's row treated and not, σ(η) = 1/(1 + e^−η)
// and weights w_i (all 1 when weights is nil):
//
//	P̄₁ = Σ w_i σ(x_i¹β) / Σ w_i,   P̄₀ = Σ w_i σ(x_i⁰β) / Σ w_i
//	RD = P̄₁ − P̄₀
//	∇ = Σ w_i [σ'(x_i¹β) x_i¹ − σ'(x_i⁰β) x_i⁰] / Σ w_i,   σ' = σ(1 − σ)
//	SE = sqrt(∇ᵀ V ∇)
//
// the interval RD ± z SE and p = 2Φ(−|RD/SE|) (Robins 1986; Austin 2010).
// The delta method takes the pupils' covariates as fixed, as R's
// marginaleffects::avg_comparisons does; V may be the model-based or a
// cluster-robust covariance. One pass over the pupils: O(n p) time, O(p)
// memory. level is the confidence level (0.95 for 95% intervals). A
// covariance that gives ∇ᵀV∇ < 0 (not positive semidefinite) or 0 leaves
// SE, the interval and p NaN with the reason.
func GComputationRows(coef []float64, cov mat.Matrix, n int, row Counterfactual, weights []float64, level float64) (GComp, error) {
	z, err := zQuantile(level)
	if err != nil {
		return GComp{}, fmt.Errorf("g-computation: %w", err)
	}
	p := len(coef)
	if r, c := cov.Dims(); r != p || c != p {
		return GComp{}, fmt.Errorf("g-computation: covariance is %d×%d for %d coefficients", r, c, p)
	}
	for j, b := range coef {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return GComp{}, fmt.Errorf("g-computation: coefficient %d is %v", j+1, b)
		}
	}
	if n < 1 {
		return GComp{}, fmt.Errorf("g-computation: no pupils")
	}
	if weights != nil && len(weights) != n {
		return GComp{}, fmt.Errorf("g-computation: %d weights for %d pupils", len(weights), n)
	}

	x1 := make([]float64, p)
	x0 := make([]float64, p)
	grad := make([]float64, p)
	var sw, s1, s0 float64
	for i := range n {
		w := 1.0
		if weights != nil {
			w = weights[i]
			if !(w >= 0) || math.IsInf(w, 1) {
				return GComp{}, fmt.Errorf("g-computation: pupil %d has weight %v", i+1, w)
			}
			if w == 0 {
				continue
			}
		}
		row(i, true, x1)
		row(i, false, x0)
		var eta1, eta0 float64
		for j, b := range coef {
			eta1 += x1[j] * b
			eta0 += x0[j] * b
		}
		p1, d1 := logistic(eta1)
		p0, d0 := logistic(eta0)
		sw += w
		s1 += w * p1
		s0 += w * p0
		wd1, wd0 := w*d1, w*d0
		for j := range grad {
			grad[j] += wd1*x1[j] - wd0*x0[j]
		}
	}
	if sw == 0 {
		return GComp{}, fmt.Errorf("g-computation: every weight is 0")
	}
	for j := range grad {
		grad[j] /= sw
	}
	res := GComp{N: n, Treated: s1 / sw, Control: s0 / sw, Gradient: grad}
	if weights != nil {
		res.N = 0
		for _, w := range weights {
			if w > 0 {
				res.N++
			}
		}
	}
	g := mat.NewVecDense(p, grad)
	v := mat.Inner(g, cov, g)
	d := Measure{Estimate: res.Treated - res.Control, SE: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(),
		Statistic: math.NaN(), DF: math.NaN(), P: math.NaN()}
	switch {
	case math.IsNaN(v):
		d.Reason = "the covariance has NaN entries: no standard error"
	case v < 0:
		d.Reason = "the covariance is not positive semidefinite: no standard error"
	case v == 0:
		d.SE = 0
		d.Reason = "the delta-method standard error is 0"
	default:
		d.SE = math.Sqrt(v)
		d.CILow, d.CIHigh = d.Estimate-z*d.SE, d.Estimate+z*d.SE
		d.Statistic = d.Estimate / d.SE
		d.P = 2 * distuv.UnitNormal.CDF(-math.Abs(d.Statistic))
	}
	res.Difference = d
	return res, nil
}

// logistic returns σ(η) = 1/(1 + e^−η) and its derivative σ(1 − σ),
// computed from e^−|η| so neither loses precision for large |η|.
func logistic(eta float64) (p, deriv float64) {
	e := math.Exp(-math.Abs(eta))
	deriv = e / ((1 + e) * (1 + e))
	if eta >= 0 {
		return 1 / (1 + e), deriv
	}
	return e / (1 + e), deriv
}

// OddsRatioWald returns the odds ratio exp(b) of a logistic-regression
// coefficient b with standard error se: SE is se (the log scale), the Wald
// interval exp(b ± z se), Statistic z = b/se (DF NaN) and p = 2Φ(−|z|), as
// R's summary(glm) and exp(confint.default(glm)) give them (not the
// profile-likelihood confint(glm)). se must be positive and finite.
func OddsRatioWald(b, se, level float64) (Measure, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Measure{}, fmt.Errorf("odds ratio: %w", err)
	}
	if math.IsNaN(b) || math.IsInf(b, 0) || !(se > 0) || math.IsInf(se, 1) {
		return Measure{}, fmt.Errorf("odds ratio: coefficient %v with standard error %v", b, se)
	}
	stat := b / se
	return Measure{
		Estimate: math.Exp(b), SE: se,
		CILow: math.Exp(b - z*se), CIHigh: math.Exp(b + z*se),
		Statistic: stat, DF: math.NaN(),
		P: 2 * distuv.UnitNormal.CDF(-math.Abs(stat)),
	}, nil
}
