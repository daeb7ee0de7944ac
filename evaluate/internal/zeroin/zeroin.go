// Package zeroin finds a root of a function of one variable in a bracket
// as R's uniroot does, for the families whose results must match R's to
// rounding rather than only to the tolerance: evaluate/meta (Paule–Mandel
// τ², Q-profile intervals, as metafor) and evaluate/binary (Fisher's
// conditional odds ratio and its interval, as fisher.test).
//
// gonum has minimisers but no root finder. Standard library only.
package zeroin

import "math"

// Tol is R's default tolerance of uniroot, .Machine$double.eps^0.25 = 2⁻¹³.
const Tol = 0x1p-13

// MaxIter is uniroot's default maxiter.
const MaxIter = 1000

// Find finds a root of f in [a, b], given fa = f(a) and fb = f(b) of
// opposite signs (or one of them 0), by Brent's method (1973), as R's
// uniroot does step for step (R_zeroin2 in R's stats package, after
// Forsythe, Malcolm & Moler 1977): inverse quadratic or linear
// interpolation when it stays inside the bracket and shrinks it fast
// enough, bisection otherwise, and no step shorter than 2ε|b| + tol/2. It
// stops when the bracket's half width is at most that, returning its best
// end, or after maxit evaluations, returning ok = false. Following R's
// steps, not merely its tolerance, gives R's roots to rounding.
func Find(f func(float64) float64, a, b, fa, fb, tol float64, maxit int) (root float64, ok bool) {
	const eps = 0x1p-52 // DBL_EPSILON
	c, fc := a, fa
	if fa == 0 {
		return a, true
	}
	if fb == 0 {
		return b, true
	}
	for it := 0; it <= maxit; it++ {
		prevStep := b - a
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tolAct := 2*eps*math.Abs(b) + tol/2
		newStep := (c - b) / 2
		if math.Abs(newStep) <= tolAct || fb == 0 {
			return b, true
		}
		if math.Abs(prevStep) >= tolAct && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			cb := c - b
			if a == c {
				t1 := fb / fa
				p = cb * t1
				q = 1 - t1
			} else {
				q = fa / fc
				t1 := fb / fc
				t2 := fb / fa
				p = t2 * (cb*q*(q-t1) - (b-a)*(t1-1))
				q = (q - 1) * (t1 - 1) * (t2 - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if p < 0.75*cb*q-math.Abs(tolAct*q)/2 && p < math.Abs(prevStep*q/2) {
				newStep = p / q
			}
		}
		if math.Abs(newStep) < tolAct {
			if newStep > 0 {
				newStep = tolAct
			} else {
				newStep = -tolAct
			}
		}
		a, fa = b, fb
		b += newStep
		fb = f(b)
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b, false
}
