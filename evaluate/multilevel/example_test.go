package multilevel_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/multilevel"
	"gonum.org/v1/gonum/mat"
)

// Six schools of four pupils; schools 0–2 run the programme. The model is
// score ~ 1 + treated + pretest + (1 | school), then the null model for
// the EEF's effect size. R 4.2.2, lme4 1.1-31 and lmerTest 3.1-3 give the
// same numbers (treated 3.215402450, SE 0.4749269860, df 3.969064213).
func Example() {
	school := []int32{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5}
	pre := []float64{10, 12, 9, 14, 11, 13, 8, 10, 15, 12, 11, 9, 10, 13, 12, 8, 14, 9, 11, 12, 10, 11, 13, 9}
	score := []float64{24, 27, 21, 30, 22, 28, 19, 23, 31, 27, 24, 22, 19, 25, 22, 16, 26, 18, 21, 23, 22, 21, 26, 17}
	x := mat.NewDense(len(score), 3, nil)
	for i := range score {
		treated := 0.0
		if school[i] < 3 {
			treated = 1
		}
		x.SetRow(i, []float64{1, treated, pre[i]})
	}
	s, err := multilevel.NewStats(multilevel.Data{
		Y: score, Names: []string{"(intercept)", "treated", "pretest"},
		Fill: multilevel.DenseFill(x), Cluster: school, NClusters: 6,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	full, _ := s.Fit()
	null, _ := s.FitNull()
	b := full.Test(full.Index("treated"), 0.95)
	g, _ := multilevel.EEFEffects(b, null, multilevel.EEFZ)
	fmt.Printf("treated: %.3f (SE %.3f, df %.1f), p = %.4f\n", b.Estimate, b.SE, b.DF, b.P)
	fmt.Printf("tau2 %.3f, sigma2 %.3f, null ICC %.3f\n", full.Tau2, full.Sigma2, null.ICC())
	fmt.Printf("hedges_g %.3f (%.3f to %.3f)\n", g.G, g.Lower, g.Upper)
	fmt.Println("warnings:", full.Warnings)
	// Output:
	// treated: 3.215 (SE 0.475, df 4.0), p = 0.0026
	// tau2 0.115, sigma2 0.891, null ICC 0.092
	// hedges_g 0.817 (0.581 to 1.054)
	// warnings: [few_clusters]
}
