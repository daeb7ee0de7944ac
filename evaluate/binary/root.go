package binary

import "math"

// rootTol is the tolerance R's uniroot uses by default,
// .Machine$double.eps^0.25 = 2⁻¹³; fisher.test finds its estimate and
// interval with it, and so does Fisher here, to give R's numbers.
const rootTol = 0x1p-13

// rootMaxIter is uniroot's default maxiter.
const rootMaxIter = 1000

// brentRoot returns a zero of f between a and b, given fa = f(a) and
// fb = f(b) of opposite signs (or one of them zero), by Brent's method:
// each step takes the inverse quadratic (or linear) interpolation through
// the last three points when it falls well inside the bracket and shrinks
// it fast enough, and bisects otherwise; it stops when the bracket around
// the best point b is within 2ε|b| + tol/2.
// Brent (1973), Algorithms for Minimization without Derivatives, ch. 4;
// the same algorithm as R's uniroot (zeroin), step for step, so that the
// roots agree with R's to rounding rather than only to tol.
func brentRoot(f func(float64) float64, a, b, fa, fb, tol float64, maxIter int) float64 {
	const eps = 0x1p-52
	if fa == 0 {
		return a
	}
	if fb == 0 {
		return b
	}
	c, fc := a, fa
	for range maxIter + 1 {
		prevStep := b - a
		if math.Abs(fc) < math.Abs(fb) {
			// Keep b the best approximation so far.
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tolAct := 2*eps*math.Abs(b) + tol/2
		step := (c - b) / 2
		if math.Abs(step) <= tolAct || fb == 0 {
			return b
		}
		if math.Abs(prevStep) >= tolAct && math.Abs(fa) > math.Abs(fb) {
			// Interpolate: p/q is the step from b.
			cb := c - b
			var p, q float64
			if a == c {
				// Two distinct points: the secant.
				t1 := fb / fa
				p = cb * t1
				q = 1 - t1
			} else {
				// Inverse quadratic interpolation through a, b, c.
				qa := fa / fc
				t1 := fb / fc
				t2 := fb / fa
				p = t2 * (cb*qa*(qa-t1) - (b-a)*(t1-1))
				q = (qa - 1) * (t1 - 1) * (t2 - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if p < 0.75*cb*q-math.Abs(tolAct*q)/2 && p < math.Abs(prevStep*q/2) {
				step = p / q
			}
		}
		if math.Abs(step) < tolAct {
			if step > 0 {
				step = tolAct
			} else {
				step = -tolAct
			}
		}
		a, fa = b, fb
		b += step
		fb = f(b)
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b
}
