package regress

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

// R names dummies "racehispan"; whatworks "race=hispan".
func rTermName(name string) string { return strings.ReplaceAll(name, "=", "") }

func TestLogistic_R(t *testing.T) {
	for _, name := range []string{"lalonde", "infert"} {
		t.Run(name, func(t *testing.T) {
			arm, covs, _ := golden.MatchSets[name].Load(t)
			g := golden.LoadMatch(t, name)
			rows := make([]int, len(arm))
			y := make([]float64, len(arm))
			for i := range rows {
				rows[i] = i
				y[i] = float64(arm[i])
			}
			X, names, _ := DesignMatrix(covs, rows, true)
			fit, err := Logistic(X, y, names)
			if err != nil {
				t.Fatal(err)
			}
			if !fit.Converged || fit.Iterations != g.GLM.Iter {
				t.Errorf("converged %v after %d iterations; R: %d", fit.Converged, fit.Iterations, g.GLM.Iter)
			}
			// R: glm(f, family = binomial()) printed with full precision.
			for j, term := range g.GLM.Term {
				if rTermName(fit.Names[j]) != term {
					t.Fatalf("term %d: %q, R %q", j, fit.Names[j], term)
				}
				golden.Check(t, term+" estimate", fit.Coef[j], g.GLM.Estimate[j], 1e-6)
				golden.Check(t, term+" se", fit.SE[j], g.GLM.SE[j], 1e-6)
				golden.Check(t, term+" z", fit.Z[j], g.GLM.Z[j], 1e-6)
				golden.Check(t, term+" p", fit.P[j], g.GLM.P[j], 1e-6)
			}
			golden.Check(t, "deviance", fit.Deviance, g.GLM.Deviance, 1e-8)
			golden.Check(t, "null deviance", fit.NullDeviance, g.GLM.NullDeviance, 1e-8)
			for i := range g.PS {
				golden.Check(t, "fitted "+strconv.Itoa(i), fit.Fitted[i], g.PS[i], 1e-9)
				golden.Check(t, "eta "+strconv.Itoa(i), fit.Eta[i], g.Eta[i], 1e-7)
			}
		})
	}
}

func TestLogistic_numericSeparation(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	rows := []int{0, 1, 2, 3, 4, 5, 6, 7}
	covs := []data.Variable{{Name: "ks2", Num: x}}
	msg := Separation(covs, rows, y)
	if !strings.Contains(msg, "higher ks2") {
		t.Errorf("report %q", msg)
	}
	X, names, _ := DesignMatrix(covs, rows, true)
	fit, err := Logistic(X, y, names)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Converged && fit.FittedBoundary == 0 {
		t.Error("complete separation went unnoticed")
	}
}

func TestLogistic_collinear(t *testing.T) {
	X := mat.NewDense(6, 3, []float64{
		1, 1, 2,
		1, 2, 4,
		1, 3, 6,
		1, 4, 8,
		1, 5, 10,
		1, 6, 12,
	})
	_, err := Logistic(X, []float64{0, 1, 0, 1, 1, 0}, []string{"(Intercept)", "a", "b"})
	if !errors.Is(err, ErrCollinear) || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("err = %v, want collinear naming b", err)
	}
	_, err = Logistic(X, []float64{0, 1, 0, 2, 1, 0}, []string{"(Intercept)", "a", "b"})
	if err == nil {
		t.Error("response 2 accepted")
	}
}

// TestLogistic_vcov checks the covariance of the coefficients against R's
// vcov(glm) for the propensity models of fixtures/matching
// (golden_vcov.R, R 4.2.2), to 1e-6 as the coefficients; its diagonal is
// the squared SEs.
func TestLogistic_vcov(t *testing.T) {
	gold := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "matching", "golden_vcov.csv"))
	want := map[string]float64{}
	vals := gold.Num(t, "value")
	for i := range vals {
		want[gold.Cols["set"][i]+"|"+gold.Cols["row"][i]+"|"+gold.Cols["col"][i]] = vals[i]
	}
	n := 0
	for _, name := range []string{"lalonde", "infert"} {
		arm, covs, _ := golden.MatchSets[name].Load(t)
		rows := make([]int, len(arm))
		y := make([]float64, len(arm))
		for i := range rows {
			rows[i] = i
			y[i] = float64(arm[i])
		}
		X, names, _ := DesignMatrix(covs, rows, true)
		fit, err := Logistic(X, y, names)
		if err != nil {
			t.Fatal(err)
		}
		if fit.Vcov == nil || fit.Vcov.SymmetricDim() != len(names) {
			t.Fatalf("%s: Vcov %v for %d coefficients", name, fit.Vcov, len(names))
		}
		for j, a := range names {
			golden.Check(t, name+" SE² "+a, fit.SE[j]*fit.SE[j], fit.Vcov.At(j, j), 1e-12)
			for k, b := range names {
				w, ok := want[name+"|"+rTermName(a)+"|"+rTermName(b)]
				if !ok {
					t.Fatalf("%s: no golden vcov for %s, %s", name, a, b)
				}
				golden.Check(t, name+" vcov "+a+", "+b, fit.Vcov.At(j, k), w, 1e-6)
				n++
			}
		}
	}
	if n != len(vals) {
		t.Errorf("compared %d entries of the %d golden ones", n, len(vals))
	}
}
