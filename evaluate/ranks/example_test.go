package ranks_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/ranks"
)

// Answers to a 1–5 Likert item from two groups (R 4.2.2: wilcox.test gives
// W = 46.5, p = 0.03144; effectsize::rank_biserial 0.661, 0.187 to 0.885).
func ExampleMannWhitney() {
	treated := []float64{4, 5, 3, 4, 4, 5, 2, 4}
	comparison := []float64{3, 2, 4, 3, 1, 3, 2}
	t, err := ranks.MannWhitney(treated, comparison, ranks.Auto)
	if err != nil {
		panic(err)
	}
	r, err := ranks.RankBiserial(treated, comparison, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("W = %g, exact: %v, z = %.3f, p = %.4f\n", t.W, t.Exact, t.Z, t.P)
	fmt.Printf("rank-biserial r = %.3f (95%% CI %.3f to %.3f)\n", r.R, r.CILow, r.CIHigh)
	// Output:
	// W = 46.5, exact: false, z = 2.151, p = 0.0314
	// rank-biserial r = 0.661 (95% CI 0.187 to 0.885)
}

// The same pupils' answers before and after (R 4.2.2: wilcox.test paired
// p = 0.03256; effectsize::rank_biserial(after - before) 0.861, 0.478 to 0.969).
func ExampleWilcoxonSignedRank() {
	after := []float64{4, 4, 3, 5, 4, 2, 4, 5, 2, 4}
	before := []float64{3, 4, 2, 3, 2, 3, 2, 4, 2, 1}
	t, err := ranks.WilcoxonSignedRank(after, before, ranks.Auto)
	if err != nil {
		panic(err)
	}
	r, err := ranks.PairedRankBiserial(after, before, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("V = %g over %d changes (%d unchanged), exact: %v, p = %.4f\n", t.V, t.N, t.Zeros, t.Exact, t.P)
	fmt.Printf("matched-pairs rank-biserial r = %.3f (95%% CI %.3f to %.3f)\n", r.R, r.CILow, r.CIHigh)
	// Output:
	// V = 33.5 over 8 changes (2 unchanged), exact: false, p = 0.0326
	// matched-pairs rank-biserial r = 0.861 (95% CI 0.478 to 0.969)
}
