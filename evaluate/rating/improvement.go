package rating

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ImprovementIndex is the WWC improvement index of an effect size g: the
// expected change in percentile rank of an average comparison pupil had
// they received the intervention,
//
//	I = 100 Φ(g) − 50
//
// (g = 0.25 gives +9.87, about +10). NaN for NaN g.
// WWC Procedures Handbook v4.1; docs/methods.md §13.
func ImprovementIndex(g float64) float64 {
	if math.IsNaN(g) {
		return math.NaN()
	}
	return 100*distuv.UnitNormal.CDF(g) - 50
}
