package meta

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func close(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// summaryOf lists the numbers of a Result that do not depend on study order.
func summaryOf(r Result) map[string]float64 {
	return map[string]float64{
		"estimate": r.Estimate, "se": r.SE, "pval": r.PValue, "ci_low": r.CILow, "ci_high": r.CIHigh,
		"tau2": r.Tau2, "tau2_ci_low": r.Tau2CILow, "tau2_ci_high": r.Tau2CIHigh,
		"i2": r.I2, "h2": r.H2, "q": r.Q, "q_pval": r.QPValue, "pi_low": r.PILow, "pi_high": r.PIHigh,
	}
}

// TestProperties checks properties every model must have, on the golden
// data sets (whose values against metafor TestGolden checks).
func TestProperties(t *testing.T) {
	for _, set := range []string{"molloy2014", "cohen1981", "cohen1981_k3", "halving", "bornmann2007_or"} {
		tab := readTable(t, set)
		yi, vi := tab.num(t, "yi"), tab.num(t, "vi")
		k := len(yi)
		for _, m := range Models() {
			base, err := Pool(yi, vi, m, Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", set, m, err)
			}
			tests := []struct {
				name string
				// transform returns new inputs and the Result they should give.
				transform func() (y, v []float64, want func(Result) map[string]float64)
				tol       float64
			}{
				{
					// Reversing the order of the studies changes nothing but
					// the order of the weights.
					name: "reversed order",
					transform: func() ([]float64, []float64, func(Result) map[string]float64) {
						y, v := make([]float64, k), make([]float64, k)
						for i := range yi {
							y[k-1-i], v[k-1-i] = yi[i], vi[i]
						}
						return y, v, func(Result) map[string]float64 { return summaryOf(base) }
					},
					tol: 1e-10,
				},
				{
					// A rotation of the studies, likewise.
					name: "rotated order",
					transform: func() ([]float64, []float64, func(Result) map[string]float64) {
						y := append(append([]float64(nil), yi[2:]...), yi[:2]...)
						v := append(append([]float64(nil), vi[2:]...), vi[:2]...)
						return y, v, func(Result) map[string]float64 { return summaryOf(base) }
					},
					tol: 1e-10,
				},
				{
					// Adding a constant to every effect moves the estimate and
					// both intervals by it and leaves τ², Q, I², H² alone.
					name: "shifted by 0.25",
					transform: func() ([]float64, []float64, func(Result) map[string]float64) {
						y := make([]float64, k)
						for i := range yi {
							y[i] = yi[i] + 0.25
						}
						return y, vi, func(Result) map[string]float64 {
							s := summaryOf(base)
							for _, q := range []string{"estimate", "ci_low", "ci_high", "pi_low", "pi_high"} {
								s[q] += 0.25
							}
							delete(s, "pval") // the test is of a different null
							return s
						}
					},
					tol: 1e-10,
				},
			}
			for _, tc := range tests {
				y, v, want := tc.transform()
				got, err := Pool(y, v, m, Options{})
				if err != nil {
					t.Fatalf("%s %s %s: %v", set, m, tc.name, err)
				}
				gs := summaryOf(got)
				for q, w := range want(got) {
					if !close(gs[q], w, tc.tol) {
						t.Errorf("%s %s %s: %s = %.15g, want %.15g", set, m, tc.name, q, gs[q], w)
					}
				}
			}
			// Weights are percentages of the total.
			var sw float64
			for _, w := range base.Weights {
				sw += w
			}
			if !close(sw, 100, 1e-12) {
				t.Errorf("%s %s: weights sum to %v, want 100", set, m, sw)
			}
			// The Q-profile ends solve Q(τ²) = the χ² quantiles (when inside).
			if m != ModelFE && base.Tau2CILow > 0 {
				X := withIntercept(k, nil)
				wantQ := distuv.ChiSquared{K: float64(k - 1)}.Quantile(0.975)
				if q := genQ(yi, vi, X, base.Tau2CILow); !close(q, wantQ, 1e-3) {
					t.Errorf("%s %s: Q(τ²_lo) = %v, want %v", set, m, q, wantQ)
				}
			}
		}
	}
}

// TestScale: multiplying effects by c and variances by c² scales the
// estimate by c and τ² by c², and leaves Q, I², H² and the p-values alone
// (closed forms; REML's and PM's stopping rules are absolute in τ², so
// their paths change slightly with scale).
func TestScale(t *testing.T) {
	tab := readTable(t, "molloy2014")
	yi, vi := tab.num(t, "yi"), tab.num(t, "vi")
	const c = 3.5
	y, v := make([]float64, len(yi)), make([]float64, len(vi))
	for i := range yi {
		y[i], v[i] = c*yi[i], c*c*vi[i]
	}
	for _, m := range []Model{ModelFE, ModelDL} {
		a, _ := Pool(yi, vi, m, Options{})
		b, _ := Pool(y, v, m, Options{})
		for _, p := range []struct {
			name      string
			got, want float64
		}{
			{"estimate", b.Estimate, c * a.Estimate}, {"se", b.SE, c * a.SE},
			{"tau2", b.Tau2, c * c * a.Tau2}, {"q", b.Q, a.Q}, {"i2", b.I2, a.I2},
			{"h2", b.H2, a.H2}, {"pval", b.PValue, a.PValue}, {"pi_high", b.PIHigh, c * a.PIHigh},
		} {
			if !close(p.got, p.want, 1e-12) {
				t.Errorf("%s %s: %.15g, want %.15g", m, p.name, p.got, p.want)
			}
		}
	}
}

// TestFEEqualsREMLAtZero: when REML's τ² is 0, REML is the common-effect
// model (molloy2014's "multiple" level: k = 3, τ² = 0 in metafor).
func TestFEEqualsREMLAtZero(t *testing.T) {
	tab := readTable(t, "molloy2014")
	yi, vi := tab.num(t, "yi"), tab.num(t, "vi")
	var y, v []float64
	for i, l := range tab.text["controls"] {
		if l == "multiple" {
			y, v = append(y, yi[i]), append(v, vi[i])
		}
	}
	fe, _ := Pool(y, v, ModelFE, Options{})
	for _, m := range []Model{ModelREML, ModelDL, ModelPM} {
		r, err := Pool(y, v, m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Tau2 != 0 {
			t.Fatalf("%s: τ² = %v, want 0", m, r.Tau2)
		}
		for _, p := range [][2]float64{{r.Estimate, fe.Estimate}, {r.SE, fe.SE}, {r.CILow, fe.CILow},
			{r.CIHigh, fe.CIHigh}, {r.PILow, fe.CILow}, {r.PIHigh, fe.CIHigh}, {r.Q, fe.Q}, {r.PValue, fe.PValue}} {
			if !close(p[0], p[1], 1e-14) {
				t.Errorf("%s: %v, want FE's %v", m, p[0], p[1])
			}
		}
		if r.I2 != 0 || r.H2 != 1 {
			t.Errorf("%s: I² = %v, H² = %v, want 0 and 1", m, r.I2, r.H2)
		}
	}
}

// TestKnappHartung: the adjusted SE is REML's times sqrt(s²), with
// s² = Σ wᵢ(yᵢ − μ̂)²/(k − 1), and the test is t(k − 1).
func TestKnappHartung(t *testing.T) {
	tab := readTable(t, "cohen1981")
	yi, vi := tab.num(t, "yi"), tab.num(t, "vi")
	z, _ := Pool(yi, vi, ModelREML, Options{})
	kh, _ := Pool(yi, vi, ModelREMLKnHa, Options{})
	var rss float64
	for i := range yi {
		rss += (yi[i] - z.Estimate) * (yi[i] - z.Estimate) / (vi[i] + z.Tau2)
	}
	s2 := rss / float64(len(yi)-1)
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(yi) - 1)}.Quantile(0.975)
	for _, p := range []struct {
		name      string
		got, want float64
	}{
		{"s2w", kh.S2W, s2}, {"se", kh.SE, z.SE * math.Sqrt(s2)}, {"df", kh.DF, float64(len(yi) - 1)},
		{"ci_high", kh.CIHigh, kh.Estimate + tq*kh.SE},
		{"pi_high", kh.PIHigh, kh.Estimate + tq*math.Sqrt(kh.SE*kh.SE+kh.Tau2)},
		{"estimate", kh.Estimate, z.Estimate}, {"tau2", kh.Tau2, z.Tau2},
	} {
		if !close(p.got, p.want, 1e-12) {
			t.Errorf("%s = %.15g, want %.15g", p.name, p.got, p.want)
		}
	}
}

// TestPool_special covers the edges: one study, studies that agree
// exactly, REML that does not converge, and the iteration bound.
func TestPool_special(t *testing.T) {
	z := distuv.UnitNormal.Quantile(0.975)
	t.Run("one study", func(t *testing.T) {
		// R 4.2.2: metafor::rma(0.3, 0.04, method = m) gives 0.3, se 0.2 and
		// 0.3 ± 1.959964·0.2 for FE, DL, REML, PM; whatworks leaves τ², Q,
		// I², H² and the prediction interval undefined (metafor: 0, 0, 0, 1).
		for _, m := range Models() {
			r, err := Pool([]float64{0.3}, []float64{0.04}, m, Options{})
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			if r.Estimate != 0.3 || r.K != 1 || len(r.Weights) != 1 || r.Weights[0] != 100 {
				t.Errorf("%s: estimate %v, k %d, weights %v", m, r.Estimate, r.K, r.Weights)
			}
			for _, q := range []string{QuantityQ, QuantityI2, QuantityH2} {
				if r.Undefined[q] == "" {
					t.Errorf("%s: no reason for undefined %s", m, q)
				}
			}
			if !math.IsNaN(r.Q) || !math.IsNaN(r.I2) || !math.IsNaN(r.H2) {
				t.Errorf("%s: Q, I², H² = %v, %v, %v, want NaN", m, r.Q, r.I2, r.H2)
			}
			if m == ModelREMLKnHa {
				if !math.IsNaN(r.SE) || !math.IsNaN(r.CILow) || r.Undefined[QuantityPooled] == "" {
					t.Errorf("%s: SE %v CI %v, want NaN with a reason", m, r.SE, r.CILow)
				}
				continue
			}
			if !close(r.SE, 0.2, 1e-15) || !close(r.CILow, 0.3-z*0.2, 1e-15) || !close(r.CIHigh, 0.3+z*0.2, 1e-15) {
				t.Errorf("%s: SE %v, CI (%v, %v)", m, r.SE, r.CILow, r.CIHigh)
			}
			if m == ModelFE {
				if r.Tau2 != 0 || r.PIHigh != r.CIHigh {
					t.Errorf("FE: τ² %v, PI high %v", r.Tau2, r.PIHigh)
				}
			} else if !math.IsNaN(r.Tau2) || !math.IsNaN(r.PILow) || r.Undefined[QuantityTau2] == "" {
				t.Errorf("%s: τ² %v PI %v, want NaN with a reason", m, r.Tau2, r.PILow)
			}
		}
	})
	t.Run("identical effects", func(t *testing.T) {
		// Q = 0: τ² = 0 for every estimator; the Q-profile interval is
		// empty ([0, 0] with a warning); Knapp–Hartung's s² is 0, as
		// metafor, and a warning says the interval has no width.
		yi := []float64{0.2, 0.2, 0.2, 0.2}
		vi := []float64{0.01, 0.02, 0.03, 0.04}
		for _, m := range Models() {
			r, err := Pool(yi, vi, m, Options{})
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			if r.Tau2 != 0 || r.Q > 1e-25 || !close(r.Estimate, 0.2, 1e-14) {
				t.Errorf("%s: τ² %v, Q %v, estimate %v", m, r.Tau2, r.Q, r.Estimate)
			}
			if m != ModelFE && (r.Tau2CILow != 0 || r.Tau2CIHigh != 0 || !hasWarning(r, "empty")) {
				t.Errorf("%s: τ² CI (%v, %v), warnings %q", m, r.Tau2CILow, r.Tau2CIHigh, r.Warnings)
			}
			if m == ModelREMLKnHa && (r.S2W != 0 || !hasWarning(r, "no width")) {
				t.Errorf("%s: s² %v, warnings %q", m, r.S2W, r.Warnings)
			}
		}
	})
	t.Run("REML fails, DL instead", func(t *testing.T) {
		// fixtures/meta nonconvergence: metafor's rma(method = "REML")
		// stops with "Fisher scoring algorithm did not converge";
		// method = c("REML", "DL") gives DL's τ² = 0 (TestGolden).
		tab := readTable(t, "nonconvergence")
		r, err := Pool(tab.num(t, "yi"), tab.num(t, "vi"), ModelREML, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Method != DL || r.Model != ModelREML || !hasWarning(r, "did not converge") {
			t.Errorf("method %s, model %s, warnings %q", r.Method, r.Model, r.Warnings)
		}
	})
	t.Run("step halving", func(t *testing.T) {
		// fixtures/meta halving: 41 halvings, 6 iterations (metafor's
		// verbose = TRUE shows the same 6 iterations).
		tab := readTable(t, "halving")
		r, _ := Pool(tab.num(t, "yi"), tab.num(t, "vi"), ModelREML, Options{})
		if r.Iterations != 6 || r.StepHalvings != 41 || r.Method != REML {
			t.Errorf("iterations %d, halvings %d, method %s", r.Iterations, r.StepHalvings, r.Method)
		}
	})
	t.Run("MaxIter 1", func(t *testing.T) {
		// Any REML fit needing more than one step falls back.
		tab := readTable(t, "cohen1981")
		r, _ := Pool(tab.num(t, "yi"), tab.num(t, "vi"), ModelREML, Options{MaxIter: 1})
		if r.Method != DL || !hasWarning(r, "1 iterations") {
			t.Errorf("method %s, warnings %q", r.Method, r.Warnings)
		}
	})
}

func hasWarning(r Result, s string) bool {
	for _, w := range r.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// TestBadInput: errors, never panics, for what a user's file could hold.
func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	pools := []struct {
		name   string
		yi, vi []float64
		m      Model
		o      Options
		want   string
	}{
		{"no studies", nil, nil, ModelREML, Options{}, "no studies"},
		{"lengths differ", []float64{1, 2}, []float64{1}, ModelREML, Options{}, "2 effect sizes but 1 variances"},
		{"NaN effect", []float64{1, nan}, []float64{1, 1}, ModelREML, Options{}, "study 2: effect size NaN"},
		{"infinite effect", []float64{inf, 1}, []float64{1, 1}, ModelDL, Options{}, "study 1: effect size +Inf"},
		{"zero variance", []float64{1, 2}, []float64{1, 0}, ModelFE, Options{}, "study 2: sampling variance 0"},
		{"negative variance", []float64{1, 2}, []float64{-1, 1}, ModelPM, Options{}, "study 1: sampling variance -1"},
		{"NaN variance", []float64{1, 2}, []float64{1, nan}, ModelPM, Options{}, "sampling variance NaN"},
		{"unknown model", []float64{1, 2}, []float64{1, 1}, Model("meta_xx"), Options{}, `unknown model "meta_xx"`},
		{"level 95", []float64{1, 2}, []float64{1, 1}, ModelREML, Options{Level: 95}, "confidence level 95"},
		{"negative iterations", []float64{1, 2}, []float64{1, 1}, ModelREML, Options{MaxIter: -1}, "maximum iterations -1"},
	}
	for _, tc := range pools {
		_, err := Pool(tc.yi, tc.vi, tc.m, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Pool %s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	yi, vi := []float64{0.1, 0.3, 0.2, 0.5}, []float64{0.01, 0.02, 0.03, 0.04}
	others := []struct {
		name string
		run  func() error
		want string
	}{
		{"constant moderator", func() error {
			_, err := Slope(yi, vi, []float64{2, 2, 2, 2}, "x", ModelREML, Options{})
			return err
		}, "collinear"},
		{"too few studies for slope and τ²", func() error {
			_, err := Slope(yi[:2], vi[:2], []float64{1, 2}, "x", ModelREML, Options{})
			return err
		}, "2 studies cannot estimate 2 coefficients and τ²"},
		{"moderator with NaN", func() error {
			_, err := Slope(yi, vi, []float64{1, nan, 2, 3}, "age", ModelREML, Options{})
			return err
		}, `study 2: moderator "age" is NaN`},
		{"one level", func() error {
			_, err := FactorTest(yi, vi, []string{"a", "a", "a", "a"}, ModelREML, Options{})
			return err
		}, "one level"},
		{"labels short", func() error {
			_, err := Subgroups(yi, vi, []string{"a"}, ModelREML, Options{})
			return err
		}, "1 labels for 4 studies"},
		{"Egger k = 2", func() error {
			_, err := Egger(yi[:2], vi[:2], ModelREML, Options{})
			return err
		}, "at least 3 studies"},
		{"Egger equal SEs", func() error {
			_, err := Egger(yi, []float64{0.02, 0.02, 0.02, 0.02}, ModelFE, Options{})
			return err
		}, "collinear"},
		{"leave-one-out k = 1", func() error {
			_, err := LeaveOneOut(yi[:1], vi[:1], ModelREML, Options{})
			return err
		}, "at least 2 studies"},
		{"funnel level", func() error {
			_, err := NewFunnel(yi, vi, 0, 2)
			return err
		}, "confidence level 2"},
	}
	for _, tc := range others {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestSubgroups_oneStudyLevel: a level with one study gets Pool's
// one-study result, and Studies index the input.
func TestSubgroups_oneStudyLevel(t *testing.T) {
	yi, vi := []float64{0.1, 0.3, 0.2, 0.5}, []float64{0.01, 0.02, 0.03, 0.04}
	sg, err := Subgroups(yi, vi, []string{"north", "south", "north", "north"}, ModelREML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg) != 2 || sg[0].Level != "north" || sg[1].Level != "south" {
		t.Fatalf("levels %+v", sg)
	}
	if got := sg[0].Studies; len(got) != 3 || got[0] != 0 || got[1] != 2 || got[2] != 3 {
		t.Errorf("north studies %v", got)
	}
	if s := sg[1]; s.K != 1 || s.Estimate != 0.3 || !math.IsNaN(s.Tau2) {
		t.Errorf("south: k %d, estimate %v, τ² %v", s.K, s.Estimate, s.Tau2)
	}
}

// TestHeadline follows the rule of docs/methods.md §17.
func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		k    int
		tau2 float64
		want Model
		says string
	}{
		{3, 0, ModelREMLKnHa, "fewer than 10"},
		{9, 0.02, ModelREMLKnHa, "fewer than 10"},
		{10, 0.02, ModelREMLKnHa, "vary between studies"},
		{10, 0, ModelREML, "equals the common-effect"},
		{40, 0, ModelREML, "40 studies"},
	} {
		m, why := Headline(Result{K: tc.k, Tau2: tc.tau2, I2: 30})
		if m != tc.want || !strings.Contains(why, tc.says) {
			t.Errorf("k %d τ² %v: %s (%q), want %s saying %q", tc.k, tc.tau2, m, why, tc.want, tc.says)
		}
	}
}

// TestFunnel: the region is Centre ± z·se.
func TestFunnel(t *testing.T) {
	f, err := NewFunnel([]float64{0.1, 0.4}, []float64{0.04, 0.09}, 0.2, 0)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := f.Bounds(0.3)
	z := distuv.UnitNormal.Quantile(0.975)
	if f.MaxSE != 0.3 || f.SEs[0] != 0.2 || !close(lo, 0.2-z*0.3, 1e-15) || !close(hi, 0.2+z*0.3, 1e-15) {
		t.Errorf("funnel %+v, bounds (%v, %v)", f, lo, hi)
	}
}
