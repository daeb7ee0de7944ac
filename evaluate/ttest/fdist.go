package ttest

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// FSurvival is P(F > x) for an F distribution on d1 and d2 degrees of
// freedom, as R's pf(x, d1, d2, lower.tail = FALSE):
//
//	P(F > x) = I_{d2/(d2 + d1 x)}(d2/2, d1/2)
//
// the regularised incomplete beta function (Abramowitz & Stegun 26.6.2).
// gonum's distuv.F computes it as 1 − CDF, which is 0 for p below about
// 1e-16; this keeps the small tail (an F test of a moderator or of
// subgroup differences on large samples). NaN for x or a df that is NaN,
// or a df ≤ 0; 1 for x ≤ 0.
func FSurvival(x, d1, d2 float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(d1) || math.IsNaN(d2) || d1 <= 0 || d2 <= 0:
		return math.NaN()
	case x <= 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*x))
}
