package rating

import "math"

// WWC baseline equivalence classes (Balance.WWC).
const (
	WWCSatisfied = "satisfied"
	WWCAdjust    = "adjust"
	WWCFails     = "fails"
)

// WWCClass is the WWC baseline-equivalence class of a baseline effect
// size: "satisfied" when |smd| ≤ 0.05, "adjust" (equivalence only with
// statistical adjustment for the variable) when |smd| ≤ 0.25, "fails"
// above; "" for NaN. WWC Standards Handbook v4.1, Section III.B;
// docs/methods.md §10.
func WWCClass(smd float64) string {
	a := math.Abs(smd)
	switch {
	case math.IsNaN(smd):
		return ""
	case a <= 0.05:
		return WWCSatisfied
	case a <= 0.25:
		return WWCAdjust
	default:
		return WWCFails
	}
}
