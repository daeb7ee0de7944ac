package words_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

func ExampleHeadlines() {
	n := func(v int) *int { return &v }
	r := &evaluate.Report{
		Design: "rct", Confidence: 0.95,
		Results: []evaluate.Result{
			{Outcome: "ks2_read", Label: "Reading", Subgroup: "all", Analysis: "ancova", Measure: "hedges_g",
				Estimate: 0.18, CILow: 0.12, CIHigh: 0.24, PValue: 0.0000012, NTreated: n(800), NComparison: n(790), MonthsProgress: n(2)},
			{Outcome: "ks2_read", Label: "Reading", Subgroup: "fsm=Y", Analysis: "ancova", Measure: "hedges_g",
				Estimate: -0.05, CILow: -0.2, CIHigh: 0.1, PValue: 0.52, NTreated: n(200), NComparison: n(210), MonthsProgress: n(-1)},
		},
	}
	for _, h := range words.Headlines(r) {
		fmt.Println(h)
	}
	// Output:
	// Pupils in the programme made the equivalent of 2 additional months' progress in reading, on average, compared with pupils in the comparison group (Hedges' g = 0.18, 95% CI 0.12 to 0.24, p < 0.001); for pupils eligible for free school meals, the equivalent of 1 month less progress (g = -0.05, 95% CI -0.20 to 0.10, p = 0.520), which could be due to chance.
}
