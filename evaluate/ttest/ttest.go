package ttest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/sample"
)

// Result is the result of a t-test of a mean difference: the difference,
// its standard error, the degrees of freedom, the t statistic, the
// two-sided p-value and the confidence interval Diff ± t_{df} SE.
// Fields that cannot be computed are NaN.
type Result struct {
	Diff, SE, DF, T, P, Low, High float64
}

func nanTTest() Result {
	n := math.NaN()
	return Result{n, n, n, n, n, n, n}
}

// finishTTest fills T, P and the interval from Diff, SE and DF. With a
// zero SE (constant data) T, P and the interval are NaN, where R's t.test
// stops with "data are essentially constant"; so they are with an
// infinite SE or difference (values so large that their variance
// overflows), which would otherwise give t = 0 and p = 1.
func finishTTest(r Result, conf float64) Result {
	if !(r.SE > 0) || math.IsInf(r.SE, 0) || !(r.DF > 0) || !ValidLevel(conf) || math.IsNaN(r.Diff) || math.IsInf(r.Diff, 0) {
		r.T, r.P, r.Low, r.High = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return r
	}
	r.T = r.Diff / r.SE
	r.P = PValueT(r.T, r.DF)
	q := TCrit(conf, r.DF)
	r.Low, r.High = r.Diff-q*r.SE, r.Diff+q*r.SE
	return r
}

// Welch is Welch's two-sample t-test of mean_t − mean_c, with the
// Welch–Satterthwaite degrees of freedom:
//
//	SE = sqrt(s_t²/n_t + s_c²/n_c)
//	df = SE⁴ / ((s_t²/n_t)²/(n_t−1) + (s_c²/n_c)²/(n_c−1))
//
// as R's t.test(x, y, var.equal = FALSE). It needs n >= 2 in each arm
// (else all fields are NaN). Welch (1947), doi:10.1093/biomet/34.1-2.28.
func Welch(t, c sample.Summary, conf float64) Result {
	if t.N < 2 || c.N < 2 {
		return nanTTest()
	}
	vt := t.SD * t.SD / float64(t.N)
	vc := c.SD * c.SD / float64(c.N)
	se := math.Sqrt(vt + vc)
	df := (vt + vc) * (vt + vc) / (vt*vt/float64(t.N-1) + vc*vc/float64(c.N-1))
	return finishTTest(Result{Diff: t.Mean - c.Mean, SE: se, DF: df}, conf)
}

// Student is Student's two-sample t-test of mean_t − mean_c assuming
// equal variances:
//
//	SE = s_p sqrt(1/n_t + 1/n_c),  df = N − 2
//
// as R's t.test(x, y, var.equal = TRUE). It needs n >= 1 in each arm and
// N >= 3 (else all fields are NaN).
func Student(t, c sample.Summary, conf float64) Result {
	if t.N < 1 || c.N < 1 || t.N+c.N < 3 {
		return nanTTest()
	}
	sp := sample.PooledSD(t, c)
	se := sp * math.Sqrt(1/float64(t.N)+1/float64(c.N))
	return finishTTest(Result{Diff: t.Mean - c.Mean, SE: se, DF: float64(t.N + c.N - 2)}, conf)
}

// OneSample is the one-sample t-test of mean(d) against 0,
// SE = sd/sqrt(n), df = n − 1; on the within-pupil differences it is the
// paired t-test, as R's t.test(post, pre, paired = TRUE). It needs n >= 2
// (else all fields are NaN).
func OneSample(d sample.Summary, conf float64) Result {
	if d.N < 2 {
		return nanTTest()
	}
	se := d.SD / math.Sqrt(float64(d.N))
	return finishTTest(Result{Diff: d.Mean, SE: se, DF: float64(d.N - 1)}, conf)
}

// NoncentralCI returns the confidence interval, at level conf, of the
// noncentrality parameter of a t statistic t on df degrees of freedom: lo
// and hi solve
//
//	P(T ≤ t | df, lo) = 1 − α/2,   P(T ≤ t | df, hi) = α/2,   α = 1 − conf
//
// (the CDF of the noncentral t decreases in the noncentrality). Scaling
// the interval by the factor that turns t into an effect size (for Cohen's
// d of two arms, sqrt(1/n_t + 1/n_c)) gives the interval R's effectsize
// (0.8.x, .get_ncp_t) reports; effectsize finds the roots with optim
// (Nelder–Mead, abstol 1e-9), here they are bracketed and bisected to a
// relative width of 1e-12. Steiger & Fouladi (1997), "Noncentrality
// interval estimation"; Cumming & Finch (2001),
// doi:10.1177/0013164401614001.
//
// The CDF is gonum's distuv.NoncentralT (Lenth's AS 243) with the two
// guards of R's pnt: the normal approximation of Abramowitz & Stegun
// 26.7.10 when df > 4e5 or ncp² > 2 ln 2 · 1021, and 0 for t < 0 with
// ncp > 40. It returns NaNs for a NaN or infinite t, df <= 0 or conf
// outside (0, 1).
func NoncentralCI(t, df, conf float64) (lo, hi float64) {
	if math.IsNaN(t) || math.IsInf(t, 0) || !(df > 0) || !ValidLevel(conf) {
		return math.NaN(), math.NaN()
	}
	alpha := 1 - conf
	lo = ncpRoot(t, df, 1-alpha/2)
	hi = ncpRoot(t, df, alpha/2)
	return lo, hi
}

// NoncentralCDF is P(T ≤ t) for the noncentral t with df degrees of freedom and
// noncentrality ncp, following R's pnt (nmath/pnt.c) around gonum's AS 243
// series.
func NoncentralCDF(t, df, ncp float64) float64 {
	switch {
	case math.IsNaN(t) || math.IsNaN(df) || math.IsNaN(ncp) || df <= 0:
		return math.NaN()
	case ncp == 0:
		return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.CDF(t)
	case math.IsInf(t, -1):
		return 0
	case math.IsInf(t, 1):
		return 1
	}
	negdel := t < 0
	tt, del := t, ncp
	if negdel {
		if ncp > 40 {
			return 0
		}
		tt, del = -t, -ncp
	}
	if df > 4e5 || del*del > 2*math.Ln2*1021 {
		// Abramowitz & Stegun 26.7.10, as R.
		s := 1 / (4 * df)
		z := (tt*(1-s) - del) / math.Sqrt(1+tt*tt*2*s)
		if negdel {
			return distuv.UnitNormal.CDF(-z)
		}
		return distuv.UnitNormal.CDF(z)
	}
	p := distuv.NoncentralT{Nu: df, Mu: ncp}.CDF(t)
	return math.Max(0, math.Min(1, p))
}

// ncpRoot finds the ncp with NoncentralCDF(t, df, ncp) = p by bracketing and
// bisection (pnt decreases in ncp, so bisection cannot fail once the root
// is bracketed).
func ncpRoot(t, df, p float64) float64 {
	f := func(ncp float64) float64 { return NoncentralCDF(t, df, ncp) - p }
	// Start from the normal approximation (A&S 26.7.10) solved for ncp.
	w := math.Sqrt(1 + t*t/(2*df))
	guess := t*(1-1/(4*df)) - distuv.UnitNormal.Quantile(p)*w
	step := math.Max(w, 0.5)
	lo, hi := guess-step, guess+step
	flo, fhi := f(lo), f(hi)
	for i := 0; i < 200 && !(flo >= 0); i++ {
		hi, fhi = lo, flo
		step *= 2
		lo -= step
		flo = f(lo)
	}
	for i := 0; i < 200 && !(fhi <= 0); i++ {
		lo, flo = hi, fhi
		step *= 2
		hi += step
		fhi = f(hi)
	}
	if !(flo >= 0) || !(fhi <= 0) {
		return math.NaN()
	}
	if flo == 0 {
		return lo
	}
	if fhi == 0 {
		return hi
	}
	for i := 0; i < 300; i++ {
		mid := lo + (hi-lo)/2
		if hi-lo <= 1e-12*math.Max(1, math.Abs(mid)) || mid == lo || mid == hi {
			break
		}
		fm := f(mid)
		switch {
		case fm == 0:
			return mid
		case fm > 0:
			lo = mid
		default:
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// ZCrit returns the two-sided normal critical value z_{1−(1−conf)/2};
// NaN when conf is not in (0, 1) (gonum panics there).
func ZCrit(conf float64) float64 {
	if !ValidLevel(conf) {
		return math.NaN()
	}
	return distuv.UnitNormal.Quantile(1 - (1-conf)/2)
}

// TCrit returns the two-sided t critical value t_{1−(1−conf)/2, df};
// NaN when conf is not in (0, 1) or df <= 0.
func TCrit(conf, df float64) float64 {
	if !ValidLevel(conf) || !(df > 0) {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-conf)/2)
}

// PValueT is the two-sided p-value of a t statistic on df degrees of
// freedom, 2 P(T_df >= |t|), as R's 2 * pt(-abs(t), df).
func PValueT(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// PValueZ is the two-sided normal p-value of z, 2 Φ(−|z|).
func PValueZ(z float64) float64 {
	if math.IsNaN(z) {
		return math.NaN()
	}
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// ValidLevel reports whether conf is a confidence level in (0, 1).
func ValidLevel(conf float64) bool { return conf > 0 && conf < 1 }
