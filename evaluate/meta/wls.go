package meta

import (
	"errors"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// errRank is returned when XᵀWX is not positive definite: a moderator is
// constant, or a copy of another, among the studies used.
var errRank = errors.New("the moderators are collinear (the model matrix is not of full rank)")

// wls is the weighted least-squares fit of y on X with weights w, and the
// quantities of the projection P = W − WX(XᵀWX)⁻¹XᵀW that the τ²
// estimators need (Viechtbauer 2005, appendix):
//
//	rss  = yᵀPy  = Σ wᵢ (yᵢ − xᵢᵀb)²
//	yPPy = yᵀPPy = Σ (wᵢ (yᵢ − xᵢᵀb))²
//	trP  = Σ wᵢ − tr(S XᵀW²X)
//	trPP = Σ wᵢ² − 2 tr(S XᵀW³X) + tr(S XᵀW²X S XᵀW²X)
//
// with S = (XᵀWX)⁻¹. Written through p×p matrices, the cost is O(k p²)
// rather than the O(k² p) of forming P.
type wls struct {
	beta   []float64
	cov    *mat.SymDense // S = (XᵀWX)⁻¹
	resid  []float64     // yᵢ − xᵢᵀb
	rss    float64
	yPPy   float64
	trP    float64
	trPP   float64
	logdet float64 // log det(XᵀWX)
}

// fitWLS fits y on X (k×p) with weights w. needTraces asks for trP and
// trPP as well.
func fitWLS(y []float64, X *mat.Dense, w []float64, needTraces bool) (wls, error) {
	k, p := X.Dims()
	xtwx := mat.NewSymDense(p, nil)
	xtwy := make([]float64, p)
	for i := 0; i < k; i++ {
		for a := 0; a < p; a++ {
			xa := X.At(i, a)
			xtwy[a] += w[i] * xa * y[i]
			for b := a; b < p; b++ {
				xtwx.SetSym(a, b, xtwx.At(a, b)+w[i]*xa*X.At(i, b))
			}
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(xtwx) {
		return wls{}, errRank
	}
	var r wls
	r.cov = mat.NewSymDense(p, nil)
	if err := chol.InverseTo(r.cov); err != nil {
		return wls{}, errRank
	}
	r.logdet = chol.LogDet()
	var b mat.VecDense
	b.MulVec(r.cov, mat.NewVecDense(p, xtwy))
	r.beta = make([]float64, p)
	for a := range r.beta {
		r.beta[a] = b.AtVec(a)
	}
	r.resid = make([]float64, k)
	for i := 0; i < k; i++ {
		fit := 0.0
		for a := 0; a < p; a++ {
			fit += X.At(i, a) * r.beta[a]
		}
		e := y[i] - fit
		r.resid[i] = e
		r.rss += w[i] * e * e
		r.yPPy += w[i] * e * w[i] * e
	}
	if !needTraces {
		return r, nil
	}
	// M2 = XᵀW²X, M3 = XᵀW³X.
	m2 := mat.NewDense(p, p, nil)
	m3 := mat.NewDense(p, p, nil)
	var sw, sw2 float64
	for i := 0; i < k; i++ {
		w1 := w[i]
		sw += w1
		sw2 += w1 * w1
		for a := 0; a < p; a++ {
			for c := 0; c < p; c++ {
				xx := X.At(i, a) * X.At(i, c)
				m2.Set(a, c, m2.At(a, c)+w1*w1*xx)
				m3.Set(a, c, m3.At(a, c)+w1*w1*w1*xx)
			}
		}
	}
	var sm2, sm3 mat.Dense
	sm2.Mul(r.cov, m2)
	sm3.Mul(r.cov, m3)
	var sq mat.Dense
	sq.Mul(&sm2, &sm2)
	r.trP = sw - mat.Trace(&sm2)
	r.trPP = sw2 - 2*mat.Trace(&sm3) + mat.Trace(&sq)
	return r, nil
}

// withIntercept returns the k×(1+len(cols)) model matrix [1, cols...].
func withIntercept(k int, cols [][]float64) *mat.Dense {
	X := mat.NewDense(k, 1+len(cols), nil)
	for i := 0; i < k; i++ {
		X.Set(i, 0, 1)
		for j, c := range cols {
			X.Set(i, j+1, c[i])
		}
	}
	return X
}

// inverseWeights returns 1/(vᵢ + τ²).
func inverseWeights(vi []float64, tau2 float64) []float64 {
	w := make([]float64, len(vi))
	for i, v := range vi {
		w[i] = 1 / (v + tau2)
	}
	return w
}

// median of x (the mean of the two middle values when len(x) is even), as
// R's median; x is not modified.
func median(x []float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// mad is R's mad(x): 1.4826 times the median absolute deviation from the
// median.
func mad(x []float64) float64 {
	m := median(x)
	d := make([]float64, len(x))
	for i, v := range x {
		d[i] = math.Abs(v - m)
	}
	return 1.4826 * median(d)
}
