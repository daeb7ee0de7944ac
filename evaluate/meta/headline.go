package meta

import (
	"fmt"
	"math"
)

// SmallK is the number of studies below which the headline always uses
// the Knapp–Hartung adjustment.
const SmallK = 10

// Headline chooses the model of the pool command's headline from the
// meta_reml fit of all studies, and says why in a sentence:
//
//   - meta_reml_knha when k < 10: with few studies the z interval of a
//     random-effects model is too narrow, because it ignores the
//     uncertainty in τ̂² (Knapp & Hartung 2003; IntHout et al. 2014);
//   - meta_reml_knha when REML estimates τ² above 0 (I² > 0): the effects
//     vary between studies, and the same uncertainty applies;
//   - otherwise (k ≥ 10 and τ̂² = 0) meta_reml, whose z interval then
//     equals the common-effect model's.
//
// docs/methods.md §17.
func Headline(reml Result) (Model, string) {
	switch {
	case reml.K < SmallK:
		return ModelREMLKnHa, fmt.Sprintf(
			"with %d studies (fewer than %d), the random-effects model (REML) uses the Knapp–Hartung adjustment, whose t interval allows for how uncertain the between-study variance is", reml.K, SmallK)
	case reml.Tau2 > 0:
		return ModelREMLKnHa, fmt.Sprintf(
			"the effects vary between studies (τ² = %.3g, I² = %.0f%%), so the random-effects model (REML) uses the Knapp–Hartung adjustment, whose t interval allows for how uncertain that variation is", reml.Tau2, math.Round(reml.I2))
	default:
		return ModelREML, fmt.Sprintf(
			"with %d studies and no variation between them beyond chance estimated (τ² = 0), the random-effects model (REML) with a z interval, which here equals the common-effect result", reml.K)
	}
}
