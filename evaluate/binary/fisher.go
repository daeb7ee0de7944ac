package binary

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/combin"
)

// Exact is the result of Fisher's exact test of a 2×2 table.
type Exact struct {
	// OddsRatio is the conditional maximum-likelihood estimate of the odds
	// ratio (not the sample odds ratio ad/(bc)).
	OddsRatio     float64
	CILow, CIHigh float64 // exact conditional interval
	P             float64 // two-sided
	// Reason says why a field is NaN ("" when none is).
	Reason string
}

// noncentral is the distribution of a, the treated pupils with the
// outcome, given all four margins of the table: Fisher's noncentral
// hypergeometric with odds ratio ψ,
//
//	P(a = s) ∝ C(m, s) C(n, k − s) ψ^s,  s = lo … hi,
//
// m = a + c pupils with the outcome, n = b + d without, k = a + b treated,
// lo = max(0, k − n), hi = min(k, m).
type noncentral struct {
	lo, hi int
	logC   []float64 // log C(m, s) + log C(n, k − s), s = lo … hi
	d      []float64 // scratch for the probabilities
}

func newNoncentral(t Table) noncentral {
	m, n, k := t.Events1+t.Events0, t.N1+t.N0-t.Events1-t.Events0, t.N1
	h := noncentral{lo: max(0, k-n), hi: min(k, m)}
	h.logC = make([]float64, h.hi-h.lo+1)
	h.d = make([]float64, len(h.logC))
	for i := range h.logC {
		s := h.lo + i
		h.logC[i] = combin.LogGeneralizedBinomial(float64(m), float64(s)) +
			combin.LogGeneralizedBinomial(float64(n), float64(k-s))
	}
	return h
}

// probs returns P(a = s) under odds ratio psi (0 < psi < ∞) for the s of
// the window where it is not 0 in floating point, as the slice w with
// w[j] = P(a = first + j) (first ≥ lo); every s outside has P(a = s) = 0.
// The values are those of the whole distribution, normalised over it.
func (h noncentral) probs(psi float64) (w []float64, first int) {
	lp := math.Log(psi)
	top := math.Inf(-1)
	arg := 0
	for i, l := range h.logC {
		v := l + lp*float64(h.lo+i)
		h.d[i] = v
		if !(v <= top) { // as math.Max, NaN included
			top, arg = v, i
		}
	}
	// exp(x) is exactly 0 below about −745.13, so only the terms within
	// that of the largest are kept: the log-probabilities are concave in s
	// (log-binomial coefficients plus a linear term), so they form one
	// window around the mode, found by walking out from it. The same
	// numbers, far faster for large tables, whose distribution is
	// concentrated on a few of their values.
	const underflow = -745.2
	a, b := arg, arg
	if !math.IsNaN(top) {
		for a > 0 && h.d[a-1]-top >= underflow {
			a--
		}
		for b < len(h.d)-1 && h.d[b+1]-top >= underflow {
			b++
		}
	}
	w = h.d[a : b+1]
	sum := 0.0
	for i, v := range w {
		w[i] = math.Exp(v - top)
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w, h.lo + a
}

// mean returns E(a) under odds ratio psi (0 ≤ psi ≤ ∞).
func (h noncentral) mean(psi float64) float64 {
	switch {
	case psi == 0:
		return float64(h.lo)
	case math.IsInf(psi, 1):
		return float64(h.hi)
	}
	mu := 0.0
	w, first := h.probs(psi)
	for j, p := range w {
		mu += float64(first+j) * p
	}
	return mu
}

// cdf returns P(a ≤ x) (upper false) or P(a ≥ x) (upper true) under odds
// ratio psi (0 ≤ psi ≤ ∞).
func (h noncentral) cdf(x int, psi float64, upper bool) float64 {
	switch {
	case psi == 0:
		return boolProb(upper && x <= h.lo || !upper && x >= h.lo)
	case math.IsInf(psi, 1):
		return boolProb(upper && x <= h.hi || !upper && x >= h.hi)
	}
	p := 0.0
	w, first := h.probs(psi)
	for j, v := range w {
		if s := first + j; upper && s >= x || !upper && s <= x {
			p += v
		}
	}
	return p
}

func boolProb(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// solveRatio returns the root ψ of g as fisher.test searches for it: in
// [0, 1] when the root is known to be below 1, otherwise as 1/t for the
// root t in [ε, 1] of g(1/t); by Brent's method with uniroot's tolerance.
func solveRatio(g func(psi float64) float64, below bool) float64 {
	if below {
		return brentRoot(g, 0, 1, g(0), g(1), rootTol, rootMaxIter)
	}
	const eps = 0x1p-52
	f := func(t float64) float64 { return g(1 / t) }
	return 1 / brentRoot(f, eps, 1, f(eps), f(1), rootTol, rootMaxIter)
}

// Fisher returns Fisher's exact test of t at the confidence level, as R's
// fisher.test gives it for a 2×2 table:
//
//   - the conditional maximum-likelihood estimate of the odds ratio: the ψ
//     at which the mean of the noncentral hypergeometric distribution of a
//     given the margins equals the observed a (0 when a is at its smallest
//     possible value, ∞ at its largest);
//   - the exact conditional interval: the ψ_L with P(A ≥ a; ψ_L) = α/2 and
//     the ψ_U with P(A ≤ a; ψ_U) = α/2, α = 1 − level (Cornfield 1956);
//   - the two-sided p: the sum of the probabilities, under ψ = 1 (the
//     central hypergeometric), of every table no more probable than the
//     observed one, "no more" meaning ≤ P(observed)(1 + 10⁻⁷) as R does.
//
// The roots are found as fisher.test finds them, by Brent's method with
// uniroot's tolerance 2⁻¹³ on ψ in [0, 1] or on 1/ψ in [ε, 1], so the
// estimate and bounds agree with R's to rounding; they are within about
// 10⁻⁴ (relative) of the exact roots.
//
// An infinite estimate or upper bound (a zero cell b or c) is NaN with the
// reason; when the outcome does not vary the estimate and interval are NaN
// and P is 1. Fisher (1935); Cornfield (1956); Agresti (2013), §3.5.
func Fisher(t Table, level float64) (Exact, error) {
	if err := t.check(); err != nil {
		return Exact{}, fmt.Errorf("fisher's exact test: %w", err)
	}
	if !(level > 0 && level < 1) {
		return Exact{}, fmt.Errorf("fisher's exact test: confidence level %v is not between 0 and 1", level)
	}
	nan := math.NaN()
	if why := t.constant(); why != "" {
		return Exact{OddsRatio: nan, CILow: nan, CIHigh: nan, P: 1,
			Reason: why + ": the odds ratio is undefined"}, nil
	}
	h := newNoncentral(t)
	x := t.Events1

	// Two-sided p under ψ = 1.
	d, first := h.probs(1)
	px := 0.0 // P(a = x): 0 when x is outside the window
	if j := x - first; j >= 0 && j < len(d) {
		px = d[j]
	}
	limit := px * (1 + 1e-7)
	p := 0.0
	for _, v := range d {
		if v <= limit {
			p += v
		}
	}
	res := Exact{P: p}

	// Conditional MLE.
	switch {
	case x == h.lo:
		res.OddsRatio = 0
	case x == h.hi:
		res.OddsRatio = math.Inf(1)
	default:
		mu := h.mean(1)
		g := func(psi float64) float64 { return h.mean(psi) - float64(x) }
		switch {
		case mu > float64(x):
			res.OddsRatio = solveRatio(g, true)
		case mu < float64(x):
			res.OddsRatio = solveRatio(g, false)
		default:
			res.OddsRatio = 1
		}
	}

	// Exact interval, α/2 in each tail.
	alpha := (1 - level) / 2
	if x == h.lo {
		res.CILow = 0
	} else {
		g := func(psi float64) float64 { return h.cdf(x, psi, true) - alpha }
		switch p1 := h.cdf(x, 1, true); {
		case p1 > alpha:
			res.CILow = solveRatio(g, true)
		case p1 < alpha:
			res.CILow = solveRatio(g, false)
		default:
			res.CILow = 1
		}
	}
	if x == h.hi {
		res.CIHigh = math.Inf(1)
	} else {
		g := func(psi float64) float64 { return h.cdf(x, psi, false) - alpha }
		switch p1 := h.cdf(x, 1, false); {
		case p1 < alpha:
			res.CIHigh = solveRatio(g, true)
		case p1 > alpha:
			res.CIHigh = solveRatio(g, false)
		default:
			res.CIHigh = 1
		}
	}
	if math.IsInf(res.OddsRatio, 1) {
		res.OddsRatio, res.CIHigh = nan, nan
		res.Reason = "a zero cell (every treated pupil had the outcome, or no comparison pupil did): the conditional estimate and the upper bound are infinite"
	}
	return res, nil
}
