package rating_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/rating"
)

func ExampleMonthsProgress() {
	for _, g := range []float64{0.01, 0.02, 0.095, -0.18, 0.96, 2.0} {
		fmt.Printf("%5.3f: %d\n", g, rating.MonthsProgress(g, "toolkit"))
	}
	fmt.Println(rating.MonthsProgress(0.04, "report"))
	// Output:
	// 0.010: 0
	// 0.020: 1
	// 0.095: 2
	// -0.180: -2
	// 0.960: 12
	// 2.000: 12
	// 0
}
