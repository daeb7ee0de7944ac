package match

import (
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/regress"
)

// checkClose fails unless got and want agree to tol, relative for |want| > 1.
func checkClose(t testing.TB, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(want) && math.IsNaN(got) {
		return
	}
	d := math.Abs(got - want)
	if math.Abs(want) > 1 {
		d /= math.Abs(want)
	}
	if !(d <= tol) {
		t.Errorf("%s = %.15g, want %.15g (diff %.3g > %.0g)", what, got, want, d, tol)
	}
}

func TestLogistic_separation(t *testing.T) {
	// A level of a categorical covariate in which every pupil took part:
	// the model cannot converge to finite estimates; the words must name
	// the covariate level.
	school := &data.Factor{Name: "school", Levels: []string{"Ashby", "Brook", "Carr"}}
	var prior []float64
	var arm []int8
	for i := 0; i < 60; i++ {
		code := int32(i % 3)
		school.Codes = append(school.Codes, code)
		prior = append(prior, float64((i*7)%11))
		switch {
		case code == 2:
			arm = append(arm, data.Treated)
		case i%2 == 0:
			arm = append(arm, data.Treated)
		default:
			arm = append(arm, data.Comparison)
		}
	}
	covs := []data.Variable{{Name: "prior", Num: prior}, {Name: "school", Factor: school}}
	rows := make([]int, len(arm))
	y := make([]float64, len(arm))
	for i := range rows {
		rows[i] = i
		y[i] = float64(arm[i])
	}
	X, names, _ := regress.DesignMatrix(covs, rows, true)
	fit, err := regress.Logistic(X, y, names)
	if err != nil {
		t.Fatal(err)
	}
	// R: glm reports convergence with a huge coefficient for Carr.
	if j := len(fit.Coef) - 1; math.Abs(fit.Coef[j]) < 10 {
		t.Errorf("coefficient of school=Carr %v: separation should drive it far from 0", fit.Coef[j])
	}
	msg := regress.Separation(covs, rows, y)
	if !strings.Contains(msg, `school = "Carr"`) || !strings.Contains(msg, "took part") {
		t.Errorf("separation report %q does not name school = Carr", msg)
	}

	// Through Match: a warning in words, never silence.
	res, err := Run(arm, &Settings{Covariates: covs}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Model.Separation == "" {
		t.Error("no separation explanation in the model")
	}
	found := false
	for _, w := range res.Report.Warnings {
		if strings.Contains(w, "separation") && strings.Contains(w, "Carr") {
			found = true
		}
	}
	if !found {
		t.Errorf("no separation warning naming Carr in %q", res.Report.Warnings)
	}
}
