package evaluate_test

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate"
)

// Two classes of 10 with the same SD of 15, 5 points apart: d = 5/15 and
// J = 1 − 3/(4·20 − 9) = 68/71, so g = 68/213 = 0.3192.
func ExampleHedgesG() {
	t := evaluate.Summary{N: 10, Mean: 105, SD: 15}
	c := evaluate.Summary{N: 10, Mean: 100, SD: 15}
	g := evaluate.HedgesG(t, c)
	fmt.Printf("d = %.4f, J = %.4f, g = %.4f\n", evaluate.CohensD(t, c), evaluate.HedgesJ(18), g)
	fmt.Printf("SE = %.4f\n", evaluate.HedgesGSE(g, 10, 10))
	fmt.Println(evaluate.MonthsProgress(g, "toolkit"), "months")
	// Output:
	// d = 0.3333, J = 0.9577, g = 0.3192
	// SE = 0.4501
	// 4 months
}

func ExampleMonthsProgress() {
	for _, g := range []float64{0.01, 0.02, 0.095, -0.18, 0.96, 2.0} {
		fmt.Printf("%5.3f: %d\n", g, evaluate.MonthsProgress(g, "toolkit"))
	}
	fmt.Println(evaluate.MonthsProgress(0.04, "report"))
	// Output:
	// 0.010: 0
	// 0.020: 1
	// 0.095: 2
	// -0.180: -2
	// 0.960: 12
	// 2.000: 12
	// 0
}

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
	// cohens_d         0.191 [-0.065,  0.448] normal  p = 0.144, 3 months
	// hedges_g         0.191 [-0.066,  0.447] normal  p = 0.145, 3 months
	// glass_delta      0.185 [-0.071,  0.442] normal  p = 0.157, 3 months
}
