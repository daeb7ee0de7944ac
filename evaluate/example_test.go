package evaluate_test

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate"
)

// A funder has only the summary table of a report.
func ExampleFromSummary() {
	rows, err := evaluate.FromSummary(evaluate.SummaryInput{
		Treated:    evaluate.Summary{N: 120, Mean: 104.1, SD: 14.2},
		Comparison: evaluate.Summary{N: 115, Mean: 101.3, SD: 15.1},
		PrePostR:   math.NaN(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%-15s %6.3f [%6.3f, %6.3f] %-7s p = %.3f", r.Measure, r.Estimate, r.CILow, r.CIHigh, r.CIMethod, r.PValue)
		if r.MonthsProgress != nil {
			fmt.Printf(", %d months", *r.MonthsProgress)
		}
		fmt.Println()
	}
	// Output:
	// mean_difference  2.800 [-0.971,  6.571] welch   p = 0.145
	// cohens_d         0.191 [-0.065,  0.448] normal  p = 0.145
	// hedges_g         0.191 [-0.066,  0.447] normal  p = 0.145, 3 months
	// glass_delta      0.185 [-0.071,  0.442] normal  p = 0.145
}
