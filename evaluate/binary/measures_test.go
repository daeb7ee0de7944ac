package binary

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// goldenTables reads fixtures/binary/tables.csv.
func goldenTables(t testing.TB) map[string]Table {
	out := map[string]Table{}
	for _, r := range records(t, "tables.csv") {
		out[r["case"]] = Table{Events1: atoi(t, r["e1"]), N1: atoi(t, r["n1"]),
			Events0: atoi(t, r["e0"]), N0: atoi(t, r["n0"])}
	}
	return out
}

// TestCompare_golden checks every unadjusted measure against R 4.2.2:
// chisq.test(correct = FALSE) and its expected counts; the risk
// difference, risk ratio, odds ratio and Cox index by their closed forms,
// the zero-cell correction checked in R against
// metafor::escalc(add = 1/2, to = "only0") (fixtures/binary/golden.R).
// Closed forms: 1e-9.
func TestCompare_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	for name, tab := range goldenTables(t) {
		u, err := Compare(tab, 0.95)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "chisq", u.ChiSquare.Statistic, tol)
		g.check(t, name, "chisq_p", u.ChiSquare.P, tol)
		g.check(t, name, "expected_a", u.Expected[0][0], tol)
		g.check(t, name, "expected_b", u.Expected[0][1], tol)
		g.check(t, name, "expected_c", u.Expected[1][0], tol)
		g.check(t, name, "expected_d", u.Expected[1][1], tol)
		g.check(t, name, "min_expected", u.MinExpected, tol)
		g.check(t, name, "p1", u.P1, tol)
		g.check(t, name, "p0", u.P0, tol)
		for _, m := range []struct {
			q string
			m Measure
		}{{"rd", u.RiskDifference}, {"rr", u.RiskRatio}, {"or", u.OddsRatio}, {"cox", u.CoxIndex}} {
			g.check(t, name, m.q, m.m.Estimate, tol)
			g.check(t, name, m.q+"_se", m.m.SE, tol)
			g.check(t, name, m.q+"_lo", m.m.CILow, tol)
			g.check(t, name, m.q+"_hi", m.m.CIHigh, tol)
			if !close(m.m.P, u.ChiSquare.P, 0) {
				t.Errorf("%s %s: p %v is not the chi-square p %v", name, m.q, m.m.P, u.ChiSquare.P)
			}
			if math.IsNaN(m.m.CILow) && m.m.Reason == "" {
				t.Errorf("%s %s: NaN interval without a reason", name, m.q)
			}
		}
		if want := g.get(t, name, "corrected") == 1; u.OddsRatio.Corrected != want || u.RiskRatio.Corrected != want {
			t.Errorf("%s: corrected = %v, want %v", name, u.OddsRatio.Corrected, want)
		}
		if u.RiskDifference.Corrected {
			t.Errorf("%s: the risk difference is never corrected", name)
		}
	}
}

// TestFisher_golden checks Fisher against R 4.2.2 fisher.test: the
// conditional MLE and exact interval (found as R finds them, so to 1e-9
// of R's printed values) and the p-value. R's Inf is NaN with a reason.
func TestFisher_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	for name, tab := range goldenTables(t) {
		f, err := Fisher(tab, 0.95)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "fisher_p", f.P, tol)
		if tab.constant() != "" {
			// R gives 0 and the interval 0 to Inf: no information.
			if !math.IsNaN(f.OddsRatio) || !math.IsNaN(f.CILow) || !math.IsNaN(f.CIHigh) || f.Reason == "" {
				t.Errorf("%s: no variation gives %+v, want NaN with a reason", name, f)
			}
			continue
		}
		for _, q := range []struct {
			q   string
			got float64
		}{{"fisher_or", f.OddsRatio}, {"fisher_lo", f.CILow}, {"fisher_hi", f.CIHigh}} {
			want := g.get(t, name, q.q)
			if math.IsInf(want, 1) {
				if !math.IsNaN(q.got) || f.Reason == "" {
					t.Errorf("%s %s = %v (reason %q); R gives Inf, want NaN with a reason", name, q.q, q.got, f.Reason)
				}
				continue
			}
			g.check(t, name, q.q, q.got, tol)
		}
		// fisher.test's roots are within uniroot's tolerance of the exact ones.
		if root := g.get(t, name, "fisher_or_exact_root"); !math.IsNaN(root) && !close(f.OddsRatio, root, 5e-4) {
			t.Errorf("%s: estimate %v, exact root %v", name, f.OddsRatio, root)
		}
	}
}

// TestCompare_specialCases: the conventions of docs/methods.md §11 as rows.
func TestCompare_specialCases(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name      string
		tab       Table
		rdNaN     bool    // the Wald interval has no width
		or        float64 // NaN when undefined
		corrected bool
		reason    string // part of the odds ratio's reason
	}{
		{"no zero cell", Table{5, 10, 3, 10}, false, 5.0 * 7 / (5 * 3), false, ""},
		{"a = 0 adds 0.5", Table{0, 10, 4, 10}, false, 0.5 * 6.5 / (10.5 * 4.5), true, ""},
		{"c = 0 adds 0.5", Table{3, 10, 0, 10}, false, 3.5 * 10.5 / (7.5 * 0.5), true, ""},
		{"no events at all", Table{0, 10, 0, 12}, true, nan, false, "no pupil in either arm"},
		{"every pupil had it", Table{7, 7, 9, 9}, true, nan, false, "every pupil in both arms"},
		{"0% against 100%", Table{0, 5, 6, 6}, true, 0.5 * 0.5 / (5.5 * 6.5), true, ""},
	}
	for _, tc := range tests {
		u, err := Compare(tc.tab, 0.95)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.rdNaN != math.IsNaN(u.RiskDifference.CILow) {
			t.Errorf("%s: risk difference interval %v to %v", tc.name, u.RiskDifference.CILow, u.RiskDifference.CIHigh)
		}
		if math.IsNaN(u.RiskDifference.CILow) && u.RiskDifference.Reason == "" {
			t.Errorf("%s: NaN interval without a reason", tc.name)
		}
		if !close(u.OddsRatio.Estimate, tc.or, 1e-12) {
			t.Errorf("%s: odds ratio %v, want %v", tc.name, u.OddsRatio.Estimate, tc.or)
		}
		if u.OddsRatio.Corrected != tc.corrected {
			t.Errorf("%s: corrected %v, want %v", tc.name, u.OddsRatio.Corrected, tc.corrected)
		}
		if !strings.Contains(u.OddsRatio.Reason, tc.reason) {
			t.Errorf("%s: reason %q, want it to contain %q", tc.name, u.OddsRatio.Reason, tc.reason)
		}
		if math.IsNaN(tc.or) && (!math.IsNaN(u.ChiSquare.P) || !math.IsNaN(u.CoxIndex.Estimate) || !math.IsNaN(u.RiskRatio.Estimate)) {
			t.Errorf("%s: no variation should leave the test and ratios NaN: %+v", tc.name, u)
		}
	}
}

// TestCompare_swapArms: swapping the arms negates the risk difference and
// the Cox index, inverts the ratios, and keeps the chi-square test.
func TestCompare_swapArms(t *testing.T) {
	for _, tab := range []Table{{30, 74, 29, 115}, {0, 10, 4, 10}, {2, 40, 9, 41}, {10, 10, 5, 10}} {
		u, _ := Compare(tab, 0.95)
		v, _ := Compare(Table{tab.Events0, tab.N0, tab.Events1, tab.N1}, 0.95)
		pairs := [][2]float64{
			{u.RiskDifference.Estimate, -v.RiskDifference.Estimate},
			{u.RiskDifference.CILow, -v.RiskDifference.CIHigh},
			{u.CoxIndex.Estimate, -v.CoxIndex.Estimate},
			{u.OddsRatio.Estimate, 1 / v.OddsRatio.Estimate},
			{u.OddsRatio.CILow, 1 / v.OddsRatio.CIHigh},
			{u.RiskRatio.Estimate, 1 / v.RiskRatio.Estimate},
			{u.ChiSquare.Statistic, v.ChiSquare.Statistic},
		}
		for i, p := range pairs {
			if !close(p[0], p[1], 1e-12) {
				t.Errorf("%+v: pair %d: %v and %v", tab, i, p[0], p[1])
			}
		}
		f, _ := Fisher(tab, 0.95)
		h, _ := Fisher(Table{tab.Events0, tab.N0, tab.Events1, tab.N1}, 0.95)
		if !close(f.P, h.P, 1e-12) {
			t.Errorf("%+v: Fisher p %v and %v", tab, f.P, h.P)
		}
	}
}

// TestCompare_coxOmega: ω = 1 − 3/(4N − 9), N the pupils in both arms.
func TestCompare_coxOmega(t *testing.T) {
	u, _ := Compare(Table{30, 74, 29, 115}, 0.95)
	if want := 1 - 3/(4*189.0-9); u.CoxOmega != want {
		t.Errorf("ω = %v, want %v", u.CoxOmega, want)
	}
	u, _ = Compare(Table{1, 1, 0, 1}, 0.95)
	if !math.IsNaN(u.CoxOmega) {
		t.Errorf("ω for N = 2 is %v, want NaN", u.CoxOmega)
	}
}

func TestCompare_errors(t *testing.T) {
	tests := []struct {
		name  string
		tab   Table
		level float64
		want  string
	}{
		{"empty treated arm", Table{0, 0, 3, 10}, 0.95, "treated arm: no pupils"},
		{"empty comparison arm", Table{1, 4, 0, 0}, 0.95, "comparison arm: no pupils"},
		{"events above n", Table{5, 4, 1, 3}, 0.95, "5 treated events out of 4"},
		{"negative", Table{-1, 4, 1, 3}, 0.95, "negative count"},
		{"level 1", Table{1, 4, 1, 3}, 1, "confidence level 1"},
		{"level NaN", Table{1, 4, 1, 3}, math.NaN(), "confidence level NaN"},
	}
	for _, tc := range tests {
		_, err := Compare(tc.tab, tc.level)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if tc.level == 0.95 {
			if _, err := Fisher(tc.tab, tc.level); err == nil {
				t.Errorf("%s: Fisher gives no error", tc.name)
			}
		}
	}
	if _, err := Compare(Table{0, 0, 3, 10}, 0.95); !errors.Is(err, errEmptyArm) {
		t.Errorf("empty arm error %v does not wrap errEmptyArm", err)
	}
}

func TestTableOf(t *testing.T) {
	nan := math.NaN()
	tab, err := TableOf([]float64{1, 0, 1, nan, 1}, []float64{0, 0, nan, 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Table{Events1: 3, N1: 4, Events0: 1, N0: 3}); tab != want {
		t.Errorf("TableOf = %+v, want %+v", tab, want)
	}
	if _, err := TableOf([]float64{1, 2}, nil); err == nil || !strings.Contains(err.Error(), "treated arm: value 2 is 2, not 0 or 1") {
		t.Errorf("error %v", err)
	}
	if _, err := TableOf(nil, []float64{0.5}); err == nil || !strings.Contains(err.Error(), "comparison arm") {
		t.Errorf("error %v", err)
	}
}

// TestBrentRoot: the root finder on functions with known roots, to the
// tolerance asked.
func TestBrentRoot(t *testing.T) {
	tests := []struct {
		name string
		f    func(float64) float64
		a, b float64
		want float64
	}{
		{"cubic", func(x float64) float64 { return x*x*x - 2*x - 5 }, 2, 3, 2.0945514815423265},
		{"cosine", math.Cos, 0, 3, math.Pi / 2},
		{"root at a", func(x float64) float64 { return x }, 0, 1, 0},
		{"steep", func(x float64) float64 { return math.Exp(20*x) - 2 }, 0, 1, math.Log(2) / 20},
	}
	for _, tc := range tests {
		got := brentRoot(tc.f, tc.a, tc.b, tc.f(tc.a), tc.f(tc.b), 1e-12, 1000)
		if math.Abs(got-tc.want) > 1e-11 {
			t.Errorf("%s: root %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestFisher_randomTables: over seeded random tables (zeros included),
// p is a probability, the estimate lies in its interval, and the
// interval of Compare's odds ratio is ordered.
func TestFisher_randomTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		n1, n0 := 1+rng.IntN(30), 1+rng.IntN(30)
		tab := Table{Events1: rng.IntN(n1 + 1), N1: n1, Events0: rng.IntN(n0 + 1), N0: n0}
		f, err := Fisher(tab, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if !(f.P > 0 && f.P <= 1+1e-12) {
			t.Errorf("%+v: p = %v", tab, f.P)
		}
		if !math.IsNaN(f.OddsRatio) && !(f.CILow <= f.OddsRatio && (math.IsNaN(f.CIHigh) || f.OddsRatio <= f.CIHigh)) {
			t.Errorf("%+v: estimate %v outside %v to %v", tab, f.OddsRatio, f.CILow, f.CIHigh)
		}
		if (math.IsNaN(f.OddsRatio) || math.IsNaN(f.CIHigh)) && f.Reason == "" {
			t.Errorf("%+v: NaN without a reason", tab)
		}
		u, err := Compare(tab, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if o := u.OddsRatio; !math.IsNaN(o.Estimate) && !(o.CILow < o.Estimate && o.Estimate < o.CIHigh) {
			t.Errorf("%+v: odds ratio %v outside %v to %v", tab, o.Estimate, o.CILow, o.CIHigh)
		}
	}
}

// BenchmarkFisher_million: Fisher's exact test of a table of 1,000,000
// pupils (the conditional distribution has 480,001 points).
func BenchmarkFisher_million(b *testing.B) {
	tab := Table{Events1: 300_000, N1: 500_000, Events0: 240_000, N0: 500_000}
	for range b.N {
		if _, err := Fisher(tab, 0.95); err != nil {
			b.Fatal(err)
		}
	}
}
