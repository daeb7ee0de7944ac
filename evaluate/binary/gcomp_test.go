package binary

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// glmCase is one logistic model of fixtures/binary/golden.R: its design
// matrix (as R's model.matrix builds it), the treatment column, and any
// interaction columns built from the treatment.
type glmCase struct {
	x       *mat.Dense
	treat   int
	inter   [][2]int // {column, other factor's column}: column = treatment × other
	weights []float64
}

// birthwtDesign builds model.matrix(low ~ smoke + age + lwt + race + ptl +
// ht + ui) from birthwt.csv, or with interaction the model
// low ~ smoke * ht + age + lwt + race + ptl + ui.
func birthwtDesign(t testing.TB, interaction bool) glmCase {
	recs := records(t, "birthwt.csv")
	p := 9
	if interaction {
		p = 10
	}
	x := mat.NewDense(len(recs), p, nil)
	w := make([]float64, len(recs))
	num := func(r map[string]string, k string) float64 { return parseNum(t, r[k]) }
	for i, r := range recs {
		black, other := 0.0, 0.0
		switch r["race"] {
		case "black":
			black = 1
		case "other":
			other = 1
		}
		if interaction {
			// (Intercept) smoke ht age lwt raceblack raceother ptl ui smoke:ht
			x.SetRow(i, []float64{1, num(r, "smoke"), num(r, "ht"), num(r, "age"), num(r, "lwt"), black, other,
				num(r, "ptl"), num(r, "ui"), num(r, "smoke") * num(r, "ht")})
		} else {
			// (Intercept) smoke age lwt raceblack raceother ptl ht ui
			x.SetRow(i, []float64{1, num(r, "smoke"), num(r, "age"), num(r, "lwt"), black, other,
				num(r, "ptl"), num(r, "ht"), num(r, "ui")})
		}
		w[i] = num(r, "w")
	}
	c := glmCase{x: x, treat: 1, weights: w}
	if interaction {
		c.inter = [][2]int{{9, 2}}
	}
	return c
}

// titanicDesign builds model.matrix(survived ~ female + class + adult).
func titanicDesign(t testing.TB) glmCase {
	recs := records(t, "titanic.csv")
	x := mat.NewDense(len(recs), 6, nil)
	for i, r := range recs {
		cl := map[string]float64{}
		cl[r["class"]] = 1
		// (Intercept) female class2nd class3rd classCrew adult
		x.SetRow(i, []float64{1, parseNum(t, r["female"]), cl["2nd"], cl["3rd"], cl["Crew"], parseNum(t, r["adult"])})
	}
	return glmCase{x: x, treat: 1}
}

// fit returns R's coefficients and covariance for a golden case.
func (g golden) fit(t testing.TB, name string, p int) ([]float64, *mat.SymDense) {
	coef := make([]float64, p)
	cov := mat.NewSymDense(p, nil)
	for j := range p {
		coef[j] = g.get(t, name, fmt.Sprintf("coef_%d", j+1))
		for k := j; k < p; k++ {
			cov.SetSym(j, k, g.get(t, name, fmt.Sprintf("vcov_%d_%d", j+1, k+1)))
		}
	}
	return coef, cov
}

// counterfactual returns the Counterfactual of c: the treatment column set
// and each interaction column rebuilt from it.
func (c glmCase) counterfactual() Counterfactual {
	return func(i int, treated bool, dst []float64) {
		mat.Row(dst, i, c.x)
		dst[c.treat] = boolProb(treated)
		for _, in := range c.inter {
			dst[in[0]] = dst[c.treat] * dst[in[1]]
		}
	}
}

// TestGComputation_golden checks the g-computation risk difference, its
// delta-method SE (R: analytic gradient, checked there against
// numDeriv::jacobian), z interval and p, and exp(b) with its Wald interval,
// against R 4.2.2 glm fits of MASS::birthwt (with weights, and with a
// smoke × ht interaction) and Titanic. Given R's coefficients these are
// closed forms: 1e-9.
func TestGComputation_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	cases := map[string]glmCase{
		"glm_birthwt":             birthwtDesign(t, false),
		"glm_birthwt_weighted":    birthwtDesign(t, false),
		"glm_birthwt_interaction": birthwtDesign(t, true),
		"glm_titanic":             titanicDesign(t),
	}
	for name, c := range cases {
		n, p := c.x.Dims()
		coef, cov := g.fit(t, name, p)
		var w []float64
		if strings.HasSuffix(name, "weighted") {
			w = c.weights
		}
		var res GComp
		var err error
		if c.inter == nil {
			res, err = GComputation(coef, cov, c.x, c.treat, w, 0.95)
		} else {
			res, err = GComputationRows(coef, cov, n, c.counterfactual(), w, 0.95)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "n", float64(res.N), 0)
		g.check(t, name, "treated", res.Treated, tol)
		g.check(t, name, "control", res.Control, tol)
		g.check(t, name, "rd", res.Difference.Estimate, tol)
		g.check(t, name, "rd_se", res.Difference.SE, tol)
		g.check(t, name, "rd_se_numeric", res.Difference.SE, 1e-8)
		g.check(t, name, "rd_lo", res.Difference.CILow, tol)
		g.check(t, name, "rd_hi", res.Difference.CIHigh, tol)
		g.check(t, name, "rd_z", res.Difference.Statistic, tol)
		g.check(t, name, "rd_p", res.Difference.P, tol)
		for j, v := range res.Gradient {
			g.check(t, name, fmt.Sprintf("grad_%d", j+1), v, tol)
		}
		se := math.Sqrt(cov.At(c.treat, c.treat))
		or, err := OddsRatioWald(coef[c.treat], se, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		g.check(t, name, "or", or.Estimate, tol)
		g.check(t, name, "or_se", or.SE, tol)
		g.check(t, name, "or_lo", or.CILow, tol)
		g.check(t, name, "or_hi", or.CIHigh, tol)
		g.check(t, name, "or_z", or.Statistic, tol)
		g.check(t, name, "or_p", or.P, tol)
	}
}

// TestGComputation_gradient checks the analytic gradient against central
// differences of Treated − Control in each coefficient, on the birthwt
// model with the interaction and on random data with large |η|.
func TestGComputation_gradient(t *testing.T) {
	g := readGolden(t)
	bw := birthwtDesign(t, true)
	n, p := bw.x.Dims()
	coef, _ := g.fit(t, "glm_birthwt_interaction", p)
	check := func(name string, coef []float64, n int, row Counterfactual, w []float64) {
		id := mat.NewSymDense(len(coef), nil)
		for j := range coef {
			id.SetSym(j, j, 1)
		}
		res, err := GComputationRows(coef, id, n, row, w, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		// A step of 1e-5 on the scale of η: divided by the largest |x_ij|.
		colMax := make([]float64, len(coef))
		buf := make([]float64, len(coef))
		for i := range n {
			for _, tr := range []bool{true, false} {
				row(i, tr, buf)
				for j, v := range buf {
					colMax[j] = math.Max(colMax[j], math.Abs(v))
				}
			}
		}
		for j := range coef {
			h := 1e-5 / math.Max(1, colMax[j])
			up := append([]float64(nil), coef...)
			dn := append([]float64(nil), coef...)
			up[j] += h
			dn[j] -= h
			ru, _ := GComputationRows(up, id, n, row, w, 0.95)
			rd, _ := GComputationRows(dn, id, n, row, w, 0.95)
			num := (ru.Difference.Estimate - rd.Difference.Estimate) / (2 * h)
			if math.Abs(num-res.Gradient[j]) > 1e-7*math.Max(1, math.Abs(num)) {
				t.Errorf("%s: ∂RD/∂β%d analytic %.12g, numerical %.12g", name, j+1, res.Gradient[j], num)
			}
		}
	}
	check("birthwt interaction", coef, n, bw.counterfactual(), bw.weights)

	rng := rand.New(rand.NewPCG(1, 2))
	const m = 500
	x := mat.NewDense(m, 4, nil)
	for i := range m {
		x.SetRow(i, []float64{1, float64(rng.IntN(2)), 5 * rng.NormFloat64(), rng.Float64()})
	}
	row := func(i int, treated bool, dst []float64) {
		mat.Row(dst, i, x)
		dst[1] = boolProb(treated)
	}
	check("random, large |η|", []float64{-0.5, 1.2, 2.5, -3}, m, row, nil)
}

// TestGComputation_properties: with no covariates the g-computation risk
// difference is the difference in proportions, and its delta-method SE
// is the unpooled Wald SE (the logistic model is then saturated).
func TestGComputation_properties(t *testing.T) {
	tab := Table{Events1: 30, N1: 74, Events0: 29, N0: 115}
	a, b, c, d := tab.cells()
	// Saturated logistic fit: β0 = logit(p0), β1 = log OR; covariance of
	// (β0, β1) from the cell counts.
	b0, b1 := math.Log(c/d), math.Log(a*d/(b*c))
	v00 := 1/c + 1/d
	cov := mat.NewSymDense(2, []float64{v00, -v00, -v00, v00 + 1/a + 1/b})
	n := tab.N1 + tab.N0
	x := mat.NewDense(n, 2, nil)
	for i := range n {
		x.Set(i, 0, 1)
		if i < tab.N1 {
			x.Set(i, 1, 1)
		}
	}
	res, err := GComputation([]float64{b0, b1}, cov, x, 1, nil, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := Compare(tab, 0.95)
	if !close(res.Difference.Estimate, u.RiskDifference.Estimate, 1e-12) {
		t.Errorf("RD %v, difference in proportions %v", res.Difference.Estimate, u.RiskDifference.Estimate)
	}
	if !close(res.Difference.SE, u.RiskDifference.SE, 1e-12) {
		t.Errorf("SE %v, Wald SE %v", res.Difference.SE, u.RiskDifference.SE)
	}
	// Weights of 2 for everyone change nothing; weight 0 leaves a pupil out.
	w := make([]float64, n)
	for i := range w {
		w[i] = 2
	}
	rw, _ := GComputation([]float64{b0, b1}, cov, x, 1, w, 0.95)
	if !close(rw.Difference.SE, res.Difference.SE, 1e-14) || rw.N != n {
		t.Errorf("weights of 2: SE %v (n %d), want %v (n %d)", rw.Difference.SE, rw.N, res.Difference.SE, n)
	}
	w[0] = 0
	rw, _ = GComputation([]float64{b0, b1}, cov, x, 1, w, 0.95)
	if rw.N != n-1 {
		t.Errorf("a zero weight: n %d, want %d", rw.N, n-1)
	}
}

func TestGComputation_errors(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 0, 1, 1, 1, 0})
	cov := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	tests := []struct {
		name  string
		run   func() error
		wants string
	}{
		{"treat column", func() error { _, err := GComputation([]float64{0, 1}, cov, x, 2, nil, 0.95); return err }, "treatment column 2"},
		{"coef length", func() error { _, err := GComputation([]float64{0, 1, 2}, cov, x, 1, nil, 0.95); return err }, "3 coefficients for 2 columns"},
		{"cov size", func() error {
			_, err := GComputation([]float64{0, 1}, mat.NewSymDense(3, nil), x, 1, nil, 0.95)
			return err
		}, "covariance is 3×3 for 2"},
		{"NaN coef", func() error { _, err := GComputation([]float64{0, math.NaN()}, cov, x, 1, nil, 0.95); return err }, "coefficient 2 is NaN"},
		{"weights length", func() error { _, err := GComputation([]float64{0, 1}, cov, x, 1, []float64{1}, 0.95); return err }, "1 weights for 3"},
		{"negative weight", func() error {
			_, err := GComputation([]float64{0, 1}, cov, x, 1, []float64{1, -1, 1}, 0.95)
			return err
		}, "pupil 2 has weight -1"},
		{"zero weights", func() error { _, err := GComputation([]float64{0, 1}, cov, x, 1, []float64{0, 0, 0}, 0.95); return err }, "every weight is 0"},
		{"level", func() error { _, err := GComputation([]float64{0, 1}, cov, x, 1, nil, 95); return err }, "confidence level 95"},
		{"no pupils", func() error {
			_, err := GComputationRows([]float64{0, 1}, cov, 0, func(int, bool, []float64) {}, nil, 0.95)
			return err
		}, "no pupils"},
		{"OR se 0", func() error { _, err := OddsRatioWald(1, 0, 0.95); return err }, "standard error 0"},
	}
	for _, tc := range tests {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.wants) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.wants)
		}
	}
	// A covariance that is not positive semidefinite: NaN SE with the reason.
	bad := mat.NewSymDense(2, []float64{-1, 0, 0, -1})
	res, err := GComputation([]float64{0, 1}, bad, x, 1, nil, 0.95)
	if err != nil || !math.IsNaN(res.Difference.SE) || !strings.Contains(res.Difference.Reason, "not positive semidefinite") {
		t.Errorf("bad covariance: %+v, %v", res.Difference, err)
	}
}

// BenchmarkGComputation: one pass over 1,000,000 pupils with 8
// coefficients (intercept, treatment, six covariates), given β and V.
func BenchmarkGComputation(b *testing.B) {
	const n, p = 1_000_000, 8
	rng := rand.New(rand.NewPCG(3, 4))
	x := mat.NewDense(n, p, nil)
	row := make([]float64, p)
	for i := range n {
		row[0], row[1] = 1, float64(rng.IntN(2))
		for j := 2; j < p; j++ {
			row[j] = rng.NormFloat64()
		}
		x.SetRow(i, row)
	}
	coef := []float64{-0.3, 0.4, 0.2, -0.1, 0.05, 0.3, -0.2, 0.1}
	cov := mat.NewSymDense(p, nil)
	for j := range p {
		cov.SetSym(j, j, 1e-4)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := GComputation(coef, cov, x, 1, nil, 0.95); err != nil {
			b.Fatal(err)
		}
	}
}
