package evaluate

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/regress"
)

// matchData is one of the datasets exported by fixtures/matching/golden.R.
type matchData struct {
	header []string
	cols   map[string][]string
	n      int
}

func readMatchCSV(t testing.TB, name string) matchData {
	t.Helper()
	header, cols, n := readColumns(t, filepath.Join("..", "fixtures", "matching", name))
	d := matchData{header: header, cols: cols, n: n}
	return d
}

func (d matchData) num(t testing.TB, name string) []float64 {
	t.Helper()
	out := make([]float64, d.n)
	for i, s := range d.cols[name] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s row %d: %v", name, i+1, err)
		}
		out[i] = v
	}
	return out
}

func (d matchData) factor(name string) *Factor {
	return factorOf(name, d.cols[name])
}

// matchSet describes how a golden dataset maps onto an Input.
type matchSet struct {
	file, treat string
	covs        []string
	factors     map[string]bool
	exact       string
}

var matchSets = map[string]matchSet{
	"lalonde": {file: "lalonde.csv", treat: "treat",
		covs:    []string{"age", "educ", "race", "married", "nodegree", "re74", "re75"},
		factors: map[string]bool{"race": true}, exact: "married"},
	"infert": {file: "infert.csv", treat: "case",
		covs:    []string{"age", "parity", "education", "spontaneous", "induced"},
		factors: map[string]bool{"education": true}, exact: "education"},
}

func (s matchSet) input(t testing.TB) (Input, matchData) {
	d := readMatchCSV(t, s.file)
	tr := d.num(t, s.treat)
	arm := make([]int8, d.n)
	for i, v := range tr {
		arm[i] = int8(v)
	}
	var covs []Variable
	for _, c := range s.covs {
		if s.factors[c] {
			covs = append(covs, Variable{Name: c, Factor: d.factor(c)})
		} else {
			covs = append(covs, Variable{Name: c, Num: d.num(t, c)})
		}
	}
	return Input{Design: "matched", Arm: arm, Matching: &MatchSpec{Covariates: covs}}, d
}

// matchGolden mirrors fixtures/matching/golden.json.
type matchGolden map[string]json.RawMessage

type goldenSet struct {
	Formula string `json:"formula"`
	GLM     struct {
		Term         []string  `json:"term"`
		Estimate     []float64 `json:"estimate"`
		SE           []float64 `json:"se"`
		Z            []float64 `json:"z"`
		P            []float64 `json:"p"`
		Deviance     float64   `json:"deviance"`
		NullDeviance float64   `json:"null_deviance"`
		Iter         int       `json:"iter"`
	} `json:"glm"`
	PS      []float64               `json:"ps"`
	Effects map[string]goldenEffect `json:"effects"`
	Eta     []float64               `json:"eta"`
	Cases   map[string]goldenCase   `json:"cases"`
}

type goldenEffect struct {
	B, SE, T, P, DF, Lo, Hi, SP, G float64
	GLo                            float64 `json:"g_lo"`
	GHi                            float64 `json:"g_hi"`
}

type goldenBal struct {
	Variable string   `json:"variable"`
	MeanT    float64  `json:"mean_t"`
	MeanC    float64  `json:"mean_c"`
	SMD      float64  `json:"smd"`
	VarRatio *float64 `json:"var_ratio"`
}

type goldenCase struct {
	How     string            `json:"how"`
	Weights []float64         `json:"weights"`
	Pairs   []json.RawMessage `json:"pairs"`
	Caliper *float64          `json:"caliper"`
	Before  []goldenBal       `json:"before"`
	After   []goldenBal       `json:"after"`
	NN      struct {
		Rows    []string  `json:"rows"`
		Control []float64 `json:"control"`
		Treated []float64 `json:"treated"`
	} `json:"nn"`
}

func loadMatchGolden(t testing.TB, set string) goldenSet {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fixtures", "matching", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g matchGolden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	var s goldenSet
	if err := json.Unmarshal(g[set], &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// R names dummies "racehispan"; whatworks "race=hispan".
func rTermName(name string) string { return strings.ReplaceAll(name, "=", "") }

func TestLogistic_R(t *testing.T) {
	for _, name := range []string{"lalonde", "infert"} {
		t.Run(name, func(t *testing.T) {
			s := matchSets[name]
			in, _ := s.input(t)
			g := loadMatchGolden(t, name)
			rows := make([]int, len(in.Arm))
			y := make([]float64, len(in.Arm))
			for i := range rows {
				rows[i] = i
				y[i] = float64(in.Arm[i])
			}
			X, names, _ := regress.DesignMatrix(in.Matching.Covariates, rows, true)
			fit, err := regress.Logistic(X, y, names)
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
				checkClose(t, term+" estimate", fit.Coef[j], g.GLM.Estimate[j], 1e-6)
				checkClose(t, term+" se", fit.SE[j], g.GLM.SE[j], 1e-6)
				checkClose(t, term+" z", fit.Z[j], g.GLM.Z[j], 1e-6)
				checkClose(t, term+" p", fit.P[j], g.GLM.P[j], 1e-6)
			}
			checkClose(t, "deviance", fit.Deviance, g.GLM.Deviance, 1e-8)
			checkClose(t, "null deviance", fit.NullDeviance, g.GLM.NullDeviance, 1e-8)
			for i := range g.PS {
				checkClose(t, "fitted "+strconv.Itoa(i), fit.Fitted[i], g.PS[i], 1e-9)
				checkClose(t, "eta "+strconv.Itoa(i), fit.Eta[i], g.Eta[i], 1e-7)
			}
		})
	}
}

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
	school := &Factor{Name: "school", Levels: []string{"Ashby", "Brook", "Carr"}}
	var prior []float64
	var arm []int8
	for i := 0; i < 60; i++ {
		code := int32(i % 3)
		school.Codes = append(school.Codes, code)
		prior = append(prior, float64((i*7)%11))
		switch {
		case code == 2:
			arm = append(arm, Treated)
		case i%2 == 0:
			arm = append(arm, Treated)
		default:
			arm = append(arm, Comparison)
		}
	}
	covs := []Variable{{Name: "prior", Num: prior}, {Name: "school", Factor: school}}
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
	res, err := Match(Input{Arm: arm, Matching: &MatchSpec{Covariates: covs}})
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

func TestLogistic_numericSeparation(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	rows := []int{0, 1, 2, 3, 4, 5, 6, 7}
	covs := []Variable{{Name: "ks2", Num: x}}
	msg := regress.Separation(covs, rows, y)
	if !strings.Contains(msg, "higher ks2") {
		t.Errorf("report %q", msg)
	}
	X, names, _ := regress.DesignMatrix(covs, rows, true)
	fit, err := regress.Logistic(X, y, names)
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
	_, err := regress.Logistic(X, []float64{0, 1, 0, 1, 1, 0}, []string{"(Intercept)", "a", "b"})
	if !errors.Is(err, regress.ErrCollinear) || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("err = %v, want collinear naming b", err)
	}
	_, err = regress.Logistic(X, []float64{0, 1, 0, 2, 1, 0}, []string{"(Intercept)", "a", "b"})
	if err == nil {
		t.Error("response 2 accepted")
	}
}
