package evaluate_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
)

// Six schools ran the same tutoring programme; each reported Hedges' g
// and its sampling variance. Pool runs the five models and picks the
// headline: REML with Knapp–Hartung, as there are fewer than 10 studies.
// R 4.2.2: metafor::rma(g, v, test = "knha") gives 0.2469 (−0.0045 to
// 0.4983); predict() −0.2765 to 0.7704.
func ExamplePool() {
	in := evaluate.PoolInput{Title: "Tutoring", Measure: evaluate.PoolHedgesG}
	for i, g := range []float64{0.52, 0.10, 0.45, 0.21, -0.15, 0.38} {
		v := []float64{0.020, 0.015, 0.040, 0.010, 0.030, 0.025}[i]
		in.Studies = append(in.Studies, evaluate.PoolStudy{Name: fmt.Sprint("school ", i+1), Yi: g, Vi: v})
	}
	r, _ := evaluate.Pool(in)
	h := r.Headline
	fmt.Println(h.Analysis)
	fmt.Printf("g = %.4f (%.4f to %.4f), %d months' progress\n", h.Estimate, h.CILow, h.CIHigh, *h.MonthsProgress)
	fmt.Printf("a new school: %.4f to %.4f, %d to %d months\n", h.PILow, h.PIHigh, *h.PIMonthsLow, *h.PIMonthsHigh)
	fmt.Println(len(r.Results), "rows")
	// Output:
	// meta_reml_knha
	// g = 0.2469 (-0.0045 to 0.4983), 3 months' progress
	// a new school: -0.2765 to 0.7704, -4 to 9 months
	// 30 rows
}
