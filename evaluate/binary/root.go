package binary

import "github.com/whatworks/whatworks/evaluate/internal/zeroin"

// rootTol is the tolerance R's uniroot uses by default,
// .Machine$double.eps^0.25 = 2⁻¹³; fisher.test finds its estimate and
// interval with it, and so does Fisher here, to give R's numbers.
const rootTol = zeroin.Tol

// rootMaxIter is uniroot's default maxiter.
const rootMaxIter = zeroin.MaxIter

// brentRoot returns a zero of f between a and b, given fa = f(a) and
// fb = f(b) of opposite signs (or one of them zero): zeroin.Find, R's
// uniroot step for step, so that the roots agree with R's to rounding.
func brentRoot(f func(float64) float64, a, b, fa, fb, tol float64, maxIter int) float64 {
	root, _ := zeroin.Find(f, a, b, fa, fb, tol, maxIter)
	return root
}
