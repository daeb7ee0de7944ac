package multilevel

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/stat/distuv"
)

// FewDF is the number of Satterthwaite degrees of freedom below which a
// test carries WarnFewDF.
const FewDF = 10

// Test is the t test of one coefficient (or contrast) of a Fit with
// Satterthwaite's degrees of freedom, as lmerTest's summary and contest1D
// give it.
type Test struct {
	Estimate float64 // c'β̂
	SE       float64 // sqrt(c' Vcov c)
	DF       float64 // Satterthwaite degrees of freedom
	T        float64 // Estimate / SE
	P        float64 // two-sided p of T on DF degrees of freedom
	Conf     float64 // confidence level of [Lower, Upper]
	Lower    float64 // Estimate − t_{DF,(1+Conf)/2} SE
	Upper    float64 // Estimate + t_{DF,(1+Conf)/2} SE
	// Undefined says why DF (and so P, Lower, Upper) is NaN; "" otherwise.
	Undefined string
	Warnings  []Warning // WarnFewDF
}

// Test returns the test of coefficient j at confidence level conf.
func (f *Fit) Test(j int, conf float64) Test {
	c := make([]float64, len(f.Coef))
	c[j] = 1
	return f.TestContrast(c, conf)
}

// TestContrast returns the test of the contrast c'β at confidence level
// conf. Its degrees of freedom are Satterthwaite's (1946), computed as
// lmerTest 3.1 does (Kuznetsova, Brockhoff & Christensen 2017) for the
// variance parameters φ = (θ, σ), θ = τ/σ:
//
//	v(φ)  = c' σ²A(θ)⁻¹ c                      the variance of c'β̂
//	g     = ∂v/∂φ = (2θσ² a'B̃₂a, 2σ a'a),      a = U⁻ᵀc, A = U'U
//	Σ_φ   = 2 H⁺,  H the Hessian of the REML deviance in φ at the estimate
//	df    = 2 v² / (g' Σ_φ g)
//
// with H⁺ the Moore–Penrose inverse dropping eigenvalues ≤ 1e-8, as in
// lmerTest. H and g are computed analytically (docs/methods.md §9), where
// lmerTest differentiates numerically; at the boundary θ = 0 the
// derivative in θ vanishes and df = n − p, as in lmerTest.
func (f *Fit) TestContrast(c []float64, conf float64) Test {
	p := len(f.Coef)
	if len(c) != p {
		panic(fmt.Sprintf("multilevel: contrast of length %d for %d coefficients", len(c), p))
	}
	t := Test{Conf: conf}
	for k, v := range c {
		t.Estimate += v * f.Coef[k]
	}
	// In the centred parameters β̃ (β = Tβ̃ + const), c'β = (T'c)'β̃ + const.
	a := append([]float64(nil), c...)
	if f.k0 >= 0 {
		for k := range a {
			if k != f.k0 {
				a[k] -= c[f.k0] * f.shift[k]
			}
		}
	}
	blas64.Trsv(blas.Trans, f.u, blas64.Vector{N: p, Inc: 1, Data: a})
	aa, aba := 0.0, 0.0
	for i := 0; i < p; i++ {
		aa += a[i] * a[i]
		for k := 0; k < p; k++ {
			aba += a[i] * f.b2w[i*p+k] * a[k]
		}
	}
	s := f.Sigma2
	sigma := math.Sqrt(s)
	v := s * aa
	t.SE = math.Sqrt(v)
	t.T = t.Estimate / t.SE
	g := [2]float64{2 * f.Theta * s * aba, 2 * sigma * aa}
	den := 0.0
	for i := 0; i < 2; i++ {
		for k := 0; k < 2; k++ {
			den += g[i] * f.vp[i][k] * g[k]
		}
	}
	t.DF = 2 * v * v / den
	if !(t.DF > 0) || math.IsInf(t.DF, 0) {
		t.DF = math.NaN()
		t.P, t.Lower, t.Upper = math.NaN(), math.NaN(), math.NaN()
		t.Undefined = "the Satterthwaite degrees of freedom are undefined: the variance parameters are not identified at this fit"
		return t
	}
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: t.DF}
	t.P = 2 * st.Survival(math.Abs(t.T))
	q := st.Quantile(1 - (1-conf)/2)
	t.Lower = t.Estimate - q*t.SE
	t.Upper = t.Estimate + q*t.SE
	if t.DF < FewDF {
		t.Warnings = append(t.Warnings, WarnFewDF)
	}
	return t
}
