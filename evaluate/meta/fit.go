package meta

import (
	"errors"
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/internal/zeroin"
	"github.com/whatworks/whatworks/evaluate/ttest"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// fitted is a (meta-regression) model fitted as metafor's rma.uni: τ², then
// weighted least squares at wᵢ = 1/(vᵢ + τ²), then the tests.
type fitted struct {
	method Method // as used (DL after a REML fallback)
	knha   bool
	k, p   int
	tau2Fit

	beta, se, stat, pval, ciLo, ciHi []float64
	cov                              *mat.SymDense // Var(b), Knapp–Hartung scaled
	ddf, crit                        float64       // ddf NaN for z
	s2w                              float64
	w                                []float64 // 1/(vᵢ + τ²)

	q, qdf, qp float64 // Cochran's Q (residual heterogeneity)
	vt         float64 // typical within-study variance (k − p)/tr P_FE
	i2, h2     float64

	qm, qmdf1, qmdf2, qmp float64 // omnibus test of the moderators (NaN if p = 1)
}

// fitModel fits y = Xβ + u + e, u ~ N(0, τ²), eᵢ ~ N(0, vᵢ) with τ² from
// method, as metafor's rma.uni(yi, vi, mods, method, test):
//
//	b      = (XᵀWX)⁻¹ XᵀWy,  W = diag 1/(vᵢ + τ²)
//	Var(b) = s² (XᵀWX)⁻¹
//
// with s² = 1 for a z test, and with Knapp–Hartung (2003)
// s² = Σ wᵢ(yᵢ − xᵢᵀb)² / (k − p) (0 when that sum is below machine
// epsilon, as metafor) and t tests on k − p degrees of freedom.
//
// A REML fit whose Fisher scoring does not converge is refitted with DL,
// and a warning says so (metafor's method = c("REML", "DL")).
func fitModel(yi, vi []float64, X *mat.Dense, method Method, knha bool, o Options) (fitted, error) {
	k, p := X.Dims()
	f := fitted{method: method, knha: knha, k: k, p: p}
	if method != FE && p+1 > k {
		return f, fmt.Errorf("%d studies cannot estimate %d coefficients and τ²", k, p)
	}
	if p > k {
		return f, fmt.Errorf("%d studies cannot estimate %d coefficients", k, p)
	}
	var err error
	switch method {
	case FE:
	case DL:
		f.tau2Fit, err = tau2DL(yi, vi, X)
	case REML:
		f.tau2Fit, err = tau2REML(yi, vi, X, o.MaxIter)
		if errors.Is(err, errNotConverged) {
			it := f.iterations - 1
			f.method = DL
			f.tau2Fit, err = tau2DL(yi, vi, X)
			f.warnings = append(f.warnings, fmt.Sprintf(
				"REML did not converge (Fisher scoring, %d iterations): τ² is the DerSimonian–Laird estimate instead", it))
		}
	case PM:
		f.tau2Fit, err = tau2PM(yi, vi, X, o.MaxIter)
	default:
		return f, fmt.Errorf("unknown estimator %q", method)
	}
	if err != nil {
		return f, err
	}

	f.w = inverseWeights(vi, f.tau2)
	ws, err := fitWLS(yi, X, f.w, false)
	if err != nil {
		return f, err
	}
	f.beta, f.cov = ws.beta, ws.cov
	f.s2w = 1
	if knha {
		if ws.rss <= 0x1p-52 {
			f.s2w = 0
		} else {
			f.s2w = ws.rss / float64(k-p)
		}
		f.cov.ScaleSym(f.s2w, f.cov)
	}

	alpha := 1 - o.Level
	f.ddf = math.NaN()
	var twoSided func(float64) float64
	if knha {
		f.ddf = float64(k - p)
		if f.ddf > 0 {
			t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: f.ddf}
			f.crit = t.Quantile(1 - alpha/2)
			twoSided = func(s float64) float64 { return 2 * t.Survival(math.Abs(s)) }
		} else {
			f.crit = math.NaN()
			twoSided = func(float64) float64 { return math.NaN() }
		}
	} else {
		f.crit = distuv.UnitNormal.Quantile(1 - alpha/2)
		twoSided = func(s float64) float64 { return 2 * distuv.UnitNormal.CDF(-math.Abs(s)) }
	}
	f.se = make([]float64, p)
	f.stat = make([]float64, p)
	f.pval = make([]float64, p)
	f.ciLo = make([]float64, p)
	f.ciHi = make([]float64, p)
	for j := 0; j < p; j++ {
		f.se[j] = math.Sqrt(f.cov.At(j, j))
		f.stat[j] = f.beta[j] / f.se[j]
		f.pval[j] = twoSided(f.stat[j])
		f.ciLo[j] = f.beta[j] - f.crit*f.se[j]
		f.ciHi[j] = f.beta[j] + f.crit*f.se[j]
	}
	f.omnibus()

	// Heterogeneity, always from the common-effect weights 1/vᵢ.
	f.q, f.qdf, f.qp, f.vt, f.i2, f.h2 = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if k > p {
		fe, err := fitWLS(yi, X, inverseWeights(vi, 0), true)
		if err != nil {
			return f, err
		}
		df := float64(k - p)
		f.q = math.Max(0, fe.rss)
		f.qdf = df
		f.qp = distuv.ChiSquared{K: df}.Survival(f.q)
		f.vt = df / fe.trP
		if method == FE {
			f.i2 = math.Max(0, 100*(f.q-df)/f.q)
			f.h2 = f.q / df
		} else {
			f.i2 = 100 * f.tau2 / (f.vt + f.tau2)
			f.h2 = f.tau2/f.vt + 1
		}
	}
	return f, nil
}

// omnibus sets the test that every coefficient but the intercept is 0:
//
//	QM = b₂ᵀ Var(b₂)⁻¹ b₂ ~ χ²(m),  or QM/m ~ F(m, k − p) with Knapp–Hartung,
//
// b₂ the m = p − 1 slopes (metafor's QM with btt = 2:p).
func (f *fitted) omnibus() {
	f.qm, f.qmdf1, f.qmdf2, f.qmp = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	m := f.p - 1
	if m < 1 {
		return
	}
	sub := mat.NewSymDense(m, nil)
	b := mat.NewVecDense(m, nil)
	for a := 0; a < m; a++ {
		b.SetVec(a, f.beta[a+1])
		for c := a; c < m; c++ {
			sub.SetSym(a, c, f.cov.At(a+1, c+1))
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sub) {
		return
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, b); err != nil {
		return
	}
	qm := mat.Dot(b, &x)
	f.qmdf1 = float64(m)
	if f.knha {
		f.qm = qm / float64(m)
		f.qmdf2 = float64(f.k - f.p)
		if f.qmdf2 > 0 {
			f.qmp = ttest.FSurvival(f.qm, f.qmdf1, f.qmdf2)
		}
		return
	}
	f.qm = qm
	f.qmp = distuv.ChiSquared{K: f.qmdf1}.Survival(qm)
}

// qProfile is the Q-profile confidence interval for τ² (Viechtbauer 2007),
// as metafor's confint(fit)$random: the τ² values at which the generalised
// Q statistic equals the χ²(k − p) quantiles,
//
//	Q(τ²_lo) = χ²_{k−p, 1−α/2},   Q(τ²_hi) = χ²_{k−p, α/2}.
//
// Q(τ²) falls as τ² grows. The search runs over [0, max(100, 10 τ̂²)] with
// R's uniroot (tol 1.2e-4, 1000 iterations). An end below 0 is set to 0; an
// end beyond the search range is set to its edge, with a warning.
func qProfile(yi, vi []float64, X *mat.Dense, tau2, level float64) (lo, hi float64, warnings []string) {
	k, p := X.Dims()
	df := float64(k - p)
	alpha := 1 - level
	chi := distuv.ChiSquared{K: df}
	critU := chi.Quantile(1 - alpha/2)
	critL := chi.Quantile(alpha / 2)
	tmin := math.Min(0, tau2)
	tmax := math.Max(100, math.Max(10*tau2, 10*tmin))
	Q := func(t float64) float64 { return genQ(yi, vi, X, t) }
	qmax, qmin := Q(tmax), Q(tmin)
	root := func(target float64) float64 {
		f := func(t float64) float64 { return Q(t) - target }
		r, ok := zeroin.Find(f, tmin, tmax, qmin-target, qmax-target, rootTol, 1000)
		if !ok {
			warnings = append(warnings, "the Q-profile search for an end of τ²'s interval did not converge")
			return math.NaN()
		}
		return r
	}
	if qmin < critL {
		hi = tmin
		warnings = append(warnings, fmt.Sprintf(
			"the Q-profile interval for τ² is empty: even at τ² = 0 the studies vary less than expected by chance (Q = %.4g below %.4g); it is reported as [0, 0]", qmin, critL))
	} else if qmax > critL {
		hi = tmax
		warnings = append(warnings, fmt.Sprintf("the upper end of τ²'s interval is beyond the search range: it is above %g", tmax))
	} else {
		hi = root(critL)
	}
	if qmax > critU {
		lo, hi = tmax, tmax
		warnings = append(warnings, fmt.Sprintf("τ²'s interval lies beyond the search range: above %g", tmax))
	} else if qmin < critU {
		lo = tmin
	} else {
		lo = root(critU)
	}
	return lo, hi, warnings
}
