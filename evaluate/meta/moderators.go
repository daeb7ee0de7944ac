package meta

import (
	"fmt"
	"math"
	"sort"
)

// Coefficient is one term of a meta-regression.
type Coefficient struct {
	Name                                           string
	Estimate, SE, Statistic, PValue, CILow, CIHigh float64
}

// Regression is a mixed-effects meta-regression (or, with FE, a
// fixed-effects one), as metafor's rma(yi, vi, mods, method, test).
type Regression struct {
	Model        Model
	Method       Method // the τ² estimator used: DL when REML fell back
	KnappHartung bool
	K, P         int // studies and coefficients (intercept included)
	Level        float64

	// Coefficients, the intercept first. With Knapp–Hartung their tests
	// are t on DF = k − p degrees of freedom; otherwise z and DF is NaN.
	Coefficients []Coefficient
	DF           float64

	// QM is the omnibus test that all coefficients but the intercept are
	// 0: χ² on QMDF1 = p − 1 df (QMDF2 NaN), or with Knapp–Hartung
	// F(QMDF1, QMDF2 = k − p).
	QM, QMDF1, QMDF2, QMPValue float64

	// Residual heterogeneity: τ² left unexplained, the residual Q (QE)
	// on k − p df, and I², H² of that residual variation.
	Tau2, Q, QDF, QPValue, I2, H2 float64

	Iterations, StepHalvings int
	Warnings                 []string
}

// Regress fits a meta-regression of yi on an intercept and the moderator
// columns mods (each of length k), named by names:
//
//	yᵢ = β₀ + Σⱼ βⱼ xᵢⱼ + uᵢ + eᵢ,  uᵢ ~ N(0, τ²), eᵢ ~ N(0, vᵢ)
//
// τ² by the model's estimator (residual τ² in the formulas of Pool with P
// the projection of the full design), b and its covariance by weighted
// least squares with wᵢ = 1/(vᵢ + τ̂²), Knapp–Hartung scaling when the
// model has it. Random-effects models need k ≥ p + 1 studies.
// docs/methods.md §17.
func Regress(yi, vi []float64, mods [][]float64, names []string, m Model, o Options) (Regression, error) {
	o, err := o.withDefaults()
	if err != nil {
		return Regression{}, fmt.Errorf("meta-regression: %w", err)
	}
	if !m.valid() {
		return Regression{}, fmt.Errorf("meta-regression: unknown model %q", m)
	}
	if err := checkInputs(yi, vi); err != nil {
		return Regression{}, fmt.Errorf("meta-regression: %w", err)
	}
	if len(names) != len(mods) {
		return Regression{}, fmt.Errorf("meta-regression: %d moderator columns but %d names", len(mods), len(names))
	}
	for j, c := range mods {
		if len(c) != len(yi) {
			return Regression{}, fmt.Errorf("meta-regression: moderator %q has %d values for %d studies", names[j], len(c), len(yi))
		}
		for i, x := range c {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return Regression{}, fmt.Errorf("meta-regression: study %d: moderator %q is %v, not a finite number", i+1, names[j], x)
			}
		}
	}
	X := withIntercept(len(yi), mods)
	f, err := fitModel(yi, vi, X, m.Method(), m.KnappHartung(), o)
	if err != nil {
		return Regression{}, fmt.Errorf("meta-regression (%s): %w", m, err)
	}
	r := Regression{
		Model: m, Method: f.method, KnappHartung: f.knha, K: f.k, P: f.p, Level: o.Level,
		DF: f.ddf, QM: f.qm, QMDF1: f.qmdf1, QMDF2: f.qmdf2, QMPValue: f.qmp,
		Tau2: f.tau2, Q: f.q, QDF: f.qdf, QPValue: f.qp, I2: f.i2, H2: f.h2,
		Iterations: f.iterations, StepHalvings: f.halvings, Warnings: f.warnings,
	}
	all := append([]string{"intercept"}, names...)
	for j := range f.beta {
		r.Coefficients = append(r.Coefficients, Coefficient{
			Name: all[j], Estimate: f.beta[j], SE: f.se[j], Statistic: f.stat[j],
			PValue: f.pval[j], CILow: f.ciLo[j], CIHigh: f.ciHi[j],
		})
	}
	return r, nil
}

// Levels returns the distinct values of x in sorted (byte) order: the
// order of Subgroups, and the coding of FactorTest (first level the
// reference, as R's factor() for plain ASCII labels).
func Levels(x []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range x {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// FactorTest is the meta-regression on a categorical moderator x, as
// rma(yi, vi, mods = ~ factor(x)): an intercept for the first level (see
// Levels) and one dummy per other level, named "x=LEVEL". Its QM is the
// test that the levels share one mean effect (Q_between of the pool
// command; with REML and a z test, χ² on L − 1 df). It needs at least two
// levels.
func FactorTest(yi, vi []float64, x []string, m Model, o Options) (Regression, error) {
	if len(x) != len(yi) {
		return Regression{}, fmt.Errorf("moderator test: %d labels for %d studies", len(x), len(yi))
	}
	lv := Levels(x)
	if len(lv) < 2 {
		return Regression{}, fmt.Errorf("moderator test: one level (%q) only: nothing to compare", lv)
	}
	cols := make([][]float64, len(lv)-1)
	names := make([]string, len(lv)-1)
	for j, l := range lv[1:] {
		names[j] = "x=" + l
		cols[j] = make([]float64, len(x))
		for i, s := range x {
			if s == l {
				cols[j][i] = 1
			}
		}
	}
	return Regress(yi, vi, cols, names, m, o)
}

// Slope is the meta-regression on one numeric moderator x, as
// rma(yi, vi, mods = ~ x): Coefficients[1] is the slope, the change in
// effect size per unit of x, with its interval.
func Slope(yi, vi, x []float64, name string, m Model, o Options) (Regression, error) {
	return Regress(yi, vi, [][]float64{x}, []string{name}, m, o)
}

// Subgroup is one level of a categorical moderator, pooled alone.
type Subgroup struct {
	Level   string
	Studies []int // indices into the input, in input order
	Result
}

// Subgroups pools the studies of each level of x separately (each level
// fitted alone, with its own τ²), levels in the order of Levels. A level
// of one study gets Pool's one-study result.
func Subgroups(yi, vi []float64, x []string, m Model, o Options) ([]Subgroup, error) {
	if len(x) != len(yi) {
		return nil, fmt.Errorf("subgroups: %d labels for %d studies", len(x), len(yi))
	}
	var out []Subgroup
	for _, l := range Levels(x) {
		var idx []int
		var y, v []float64
		for i, s := range x {
			if s == l {
				idx = append(idx, i)
				y = append(y, yi[i])
				v = append(v, vi[i])
			}
		}
		r, err := Pool(y, v, m, o)
		if err != nil {
			return nil, fmt.Errorf("subgroup %q: %w", l, err)
		}
		out = append(out, Subgroup{Level: l, Studies: idx, Result: r})
	}
	return out, nil
}

// LeaveOneOut pools the studies k times, leaving out one at a time, as
// metafor's leave1out(fit): element i is the fit without study i.
func LeaveOneOut(yi, vi []float64, m Model, o Options) ([]Result, error) {
	if err := checkInputs(yi, vi); err != nil {
		return nil, fmt.Errorf("leave-one-out: %w", err)
	}
	k := len(yi)
	if k < 2 {
		return nil, fmt.Errorf("leave-one-out: needs at least 2 studies, got %d", k)
	}
	out := make([]Result, k)
	y := make([]float64, 0, k-1)
	v := make([]float64, 0, k-1)
	for i := 0; i < k; i++ {
		y, v = y[:0], v[:0]
		for j := 0; j < k; j++ {
			if j != i {
				y = append(y, yi[j])
				v = append(v, vi[j])
			}
		}
		r, err := Pool(y, v, m, o)
		if err != nil {
			return nil, fmt.Errorf("leave-one-out, without study %d: %w", i+1, err)
		}
		out[i] = r
	}
	return out, nil
}
