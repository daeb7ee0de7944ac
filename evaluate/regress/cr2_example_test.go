package regress_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/regress"
)

// Six schools of four pupils; schools 0–2 run the programme. The ANCOVA
// score ~ treated + pretest by OLS, then CR2 standard errors clustered by
// school. R 4.2.2, clubSandwich 0.5.8: vcovCR(fit, cluster = school,
// type = "CR2") and coef_test(fit, vcov, test = "Satterthwaite") give SE
// 0.4782589512 and df 4.002062008 for treated (the OLS SE is 0.404).
func ExampleCR2() {
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
	// OLS by QR, and its residuals.
	var qr mat.QR
	qr.Factorize(x)
	var b, fitted mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(len(score), score)); err != nil {
		fmt.Println(err)
		return
	}
	fitted.MulVec(x, &b)
	resid := make([]float64, len(score))
	for i := range score {
		resid[i] = score[i] - fitted.AtVec(i)
	}

	v, err := regress.CR2(x, resid, school, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := v.Test(1, b.AtVec(1), 0.95)
	fmt.Printf("treated %.3f, CR2 SE %.4f, Satterthwaite df %.2f, p = %.4f\n", t.Estimate, t.SE, t.DF, t.P)
	fmt.Printf("95%% CI %.3f to %.3f, %d clusters\n", t.Lower, t.Upper, v.Clusters)
	// Output:
	// treated 3.214, CR2 SE 0.4783, Satterthwaite df 4.00, p = 0.0025
	// 95% CI 1.887 to 4.542, 6 clusters
}
