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

// The EEF's padlock table, as reports print it.
func ExamplePadlockTable() {
	for _, r := range rating.PadlockTable() {
		fmt.Printf("%d | %s | %s | %s\n", r.Padlocks, r.Design, r.MDES, r.Attrition)
	}
	// Output:
	// 5 | randomised | ≤ 0.2 | ≤ 10%
	// 4 | design addressing unobserved selection (regression discontinuity, difference in differences) | ≤ 0.3 | ≤ 20%
	// 3 | comparison on all relevant observed confounders (matching, regression) | ≤ 0.4 | ≤ 30%
	// 2 | comparison on some relevant confounders | ≤ 0.5 | ≤ 40%
	// 1 | comparison on no relevant confounders | ≤ 0.6 | ≤ 50%
	// 0 | no comparator | > 0.6 | > 50%
}
