package evaluate

import (
	"math"

	"github.com/whatworks/whatworks/evaluate/rating"
)

// monthsPtr is MonthsProgress as a pointer for Result, nil for NaN.
func monthsPtr(g float64, table string) *int {
	if math.IsNaN(g) || math.IsInf(g, 0) {
		return nil
	}
	m := rating.MonthsProgress(g, table)
	return &m
}
