package meta

import (
	"errors"
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/internal/zeroin"
	"gonum.org/v1/gonum/mat"
)

// Settings of metafor's rma.uni (control list) that whatworks keeps.
const (
	remlThreshold = 1e-5 // Fisher scoring stops when |Δτ²| ≤ this
	defaultIter   = 100  // metafor's maxiter
)

// errNotConverged reports that Fisher scoring did not converge in MaxIter
// iterations.
var errNotConverged = errors.New("the Fisher scoring iterations did not converge")

// tau2Fit is a τ² estimate and how it was reached.
type tau2Fit struct {
	tau2       float64
	iterations int
	halvings   int
	warnings   []string
}

// tau2DL is the DerSimonian–Laird (1986) moment estimator, in its
// meta-regression form (Raudenbush 2009):
//
//	τ² = max(0, (Q − (k − p)) / tr P),  P from wᵢ = 1/vᵢ
//
// where Q = yᵀPy is Cochran's Q (the weighted residual sum of squares).
func tau2DL(yi, vi []float64, X *mat.Dense) (tau2Fit, error) {
	k, p := X.Dims()
	f, err := fitWLS(yi, X, inverseWeights(vi, 0), true)
	if err != nil {
		return tau2Fit{}, err
	}
	return tau2Fit{tau2: math.Max(0, (f.rss-float64(k-p))/f.trP)}, nil
}

// tau2HE is the Hedges (1983) estimator from ordinary least squares, REML's
// starting value in metafor:
//
//	τ² = (RSS_ols − tr(P₀V)) / (k − p),  P₀ = I − X(XᵀX)⁻¹Xᵀ
//
// with tr(P₀V) = Σ vᵢ − tr((XᵀX)⁻¹ XᵀVX). It may be negative.
func tau2HE(yi, vi []float64, X *mat.Dense) (float64, error) {
	k, p := X.Dims()
	ones := make([]float64, k)
	for i := range ones {
		ones[i] = 1
	}
	f, err := fitWLS(yi, X, ones, false)
	if err != nil {
		return math.NaN(), err
	}
	xvx := mat.NewDense(p, p, nil)
	var sv float64
	for i := 0; i < k; i++ {
		sv += vi[i]
		for a := 0; a < p; a++ {
			for b := 0; b < p; b++ {
				xvx.Set(a, b, xvx.At(a, b)+vi[i]*X.At(i, a)*X.At(i, b))
			}
		}
	}
	var s mat.Dense
	s.Mul(f.cov, xvx)
	return (f.rss - (sv - mat.Trace(&s))) / float64(k-p), nil
}

// tau2REML is the restricted maximum likelihood estimate by Fisher scoring,
// step for step as metafor's rma.uni (Viechtbauer 2005):
//
//	start  τ²₀ = max(0, Hedges' estimate)
//	step   Δ = (yᵀPPy − tr P) / tr(PP),  P at wᵢ = 1/(vᵢ + τ²)
//	       halved while τ² + Δ < 0 (step halving keeps τ² ≥ 0)
//	stop   when |Δ| ≤ 1e-5; fail after maxIter iterations
//
// After convergence, as metafor, it compares the restricted log-likelihood
// at the estimate with that at τ² = 0,
//
//	ℓ_R(τ²) = −½ Σ log(vᵢ + τ²) − ½ log det(XᵀWX) − ½ yᵀPy  (+ constant)
//
// and sets τ² = 0, with a warning, if ℓ_R(0) − ℓ_R(τ²) > 1.2e-4 and
// τ² > 1e-5 (Fisher scoring stuck at a local maximum).
func tau2REML(yi, vi []float64, X *mat.Dense, maxIter int) (tau2Fit, error) {
	he, err := tau2HE(yi, vi, X)
	if err != nil {
		return tau2Fit{}, err
	}
	r := tau2Fit{tau2: math.Max(0, he)}
	change := remlThreshold + 1
	for change > remlThreshold {
		r.iterations++
		old := r.tau2
		f, err := fitWLS(yi, X, inverseWeights(vi, r.tau2), true)
		if err != nil {
			return r, err
		}
		adj := (f.yPPy - f.trP) / f.trPP
		if math.IsNaN(adj) {
			adj = 0
		}
		for r.tau2+adj < 0 {
			adj /= 2
			r.halvings++
		}
		r.tau2 += adj
		change = math.Abs(old - r.tau2)
		if r.iterations > maxIter {
			return r, errNotConverged
		}
	}
	ll := func(tau2 float64) (float64, error) {
		f, err := fitWLS(yi, X, inverseWeights(vi, tau2), false)
		if err != nil {
			return math.NaN(), err
		}
		var sl float64
		for _, v := range vi {
			sl += math.Log(v + tau2)
		}
		return -0.5*sl - 0.5*f.logdet - 0.5*f.rss, nil
	}
	ll0, err := ll(0)
	if err != nil {
		return r, err
	}
	llt, err := ll(r.tau2)
	if err != nil {
		return r, err
	}
	if ll0-llt > rootTol && r.tau2 > remlThreshold {
		r.warnings = append(r.warnings, fmt.Sprintf(
			"REML: Fisher scoring stopped at τ² = %.4g, a local maximum below the likelihood at τ² = 0; τ² is set to 0 (as metafor)", r.tau2))
		r.tau2 = 0
	}
	r.tau2 = math.Max(0, r.tau2)
	return r, nil
}

// genQ is the generalised Q statistic at τ², yᵀP(τ²)y with wᵢ = 1/(vᵢ + τ²).
func genQ(yi, vi []float64, X *mat.Dense, tau2 float64) float64 {
	f, err := fitWLS(yi, X, inverseWeights(vi, tau2), false)
	if err != nil {
		return math.NaN()
	}
	return f.rss
}

// tau2PM is the Paule–Mandel (1982) estimator as metafor's "PM": the τ² at
// which the generalised Q equals its expected value k − p,
//
//	Q(τ²) = Σ (yᵢ − xᵢᵀb(τ²))² / (vᵢ + τ²) = k − p,
//
// 0 when Q(0) < k − p. Q falls as τ² grows; the root is found by Brent's
// method (R's uniroot, tol 1.2e-4, 100 iterations) in [0, τ²_max] with
// τ²_max = max(100, 10 mad(y)²), as metafor searches.
func tau2PM(yi, vi []float64, X *mat.Dense, maxIter int) (tau2Fit, error) {
	k, p := X.Dims()
	target := float64(k - p)
	f := func(t float64) float64 { return genQ(yi, vi, X, t) - target }
	lo := f(0)
	if math.IsNaN(lo) {
		return tau2Fit{}, errRank
	}
	if lo < 0 {
		return tau2Fit{tau2: 0}, nil
	}
	hiT := math.Max(100, 10*math.Pow(mad(yi), 2))
	hi := f(hiT)
	if hi > 0 {
		return tau2Fit{}, fmt.Errorf("τ² by Paule–Mandel: Q(τ²) is still above k − p = %g at τ² = %g", target, hiT)
	}
	root, ok := zeroin.Find(f, 0, hiT, lo, hi, rootTol, maxIter)
	if !ok {
		return tau2Fit{}, fmt.Errorf("τ² by Paule–Mandel: the search for τ² did not converge in %d iterations", maxIter)
	}
	return tau2Fit{tau2: math.Max(0, root)}, nil
}

// rootTol is R's default tolerance of uniroot, which metafor uses for the
// Paule–Mandel estimate and for the Q-profile interval.
const rootTol = zeroin.Tol
