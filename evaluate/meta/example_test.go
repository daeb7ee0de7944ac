package meta_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/meta"
)

// Six schools ran the same tutoring programme; each reported Hedges' g
// and its sampling variance. REML with Knapp–Hartung pools them, as the
// pool command's headline does for fewer than 10 studies. R 4.2.2:
// metafor::rma(g, v, test = "knha") gives 0.2469 (−0.0045 to 0.4983),
// τ² 0.0319 (0 to 0.3503), I² 61.53%, Q 12.2724; predict(): −0.2765 to
// 0.7704.
func ExamplePool() {
	g := []float64{0.52, 0.10, 0.45, 0.21, -0.15, 0.38}
	v := []float64{0.020, 0.015, 0.040, 0.010, 0.030, 0.025}
	reml, _ := meta.Pool(g, v, meta.ModelREML, meta.Options{})
	model, why := meta.Headline(reml)
	r, _ := meta.Pool(g, v, model, meta.Options{})
	fmt.Println(model)
	fmt.Println(why)
	fmt.Printf("g = %.4f (95%% CI %.4f to %.4f, t(%g), p = %.4f)\n", r.Estimate, r.CILow, r.CIHigh, r.DF, r.PValue)
	fmt.Printf("tau2 = %.4f (%.4f to %.4f), I2 = %.2f%%, Q = %.4f on %g df (p = %.4f)\n",
		r.Tau2, r.Tau2CILow, r.Tau2CIHigh, r.I2, r.Q, r.QDF, r.QPValue)
	fmt.Printf("a new school: between %.4f and %.4f\n", r.PILow, r.PIHigh)
	// Output:
	// meta_reml_knha
	// with 6 studies (fewer than 10), the random-effects model (REML) uses the Knapp–Hartung adjustment, whose t interval allows for how uncertain the between-study variance is
	// g = 0.2469 (95% CI -0.0045 to 0.4983, t(5), p = 0.0529)
	// tau2 = 0.0319 (0.0000 to 0.3503), I2 = 61.53%, Q = 12.2724 on 5 df (p = 0.0312)
	// a new school: between -0.2765 and 0.7704
}

// Hedges' g from a study's published means and SDs, as `whatworks effect`
// gives it (the EEF's J), and as metafor's escalc("SMD") (exact J).
func ExampleSMD() {
	a := meta.Arms{NT: 120, MeanT: 104.2, SDT: 14.1, NC: 118, MeanC: 101.5, SDC: 14.8}
	eef, _ := meta.SMD(a, meta.JApprox)
	r, _ := meta.SMD(a, meta.JExact)
	fmt.Printf("EEF:     g = %.8f, v = %.8f\n", eef.Yi, eef.Vi)
	fmt.Printf("metafor: g = %.8f, v = %.8f\n", r.Yi, r.Vi)
	// Output:
	// EEF:     g = 0.18624037, v = 0.01688078
	// metafor: g = 0.18624027, v = 0.01688078
}
