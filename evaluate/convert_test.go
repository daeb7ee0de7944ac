package evaluate

import (
	"fmt"
	"math"
	"testing"
)

func TestMonthsProgress(t *testing.T) {
	cases := []struct {
		g     float64
		table string
		want  int
	}{
		// Toolkit table, METHODS.md §4: the band ends and their neighbours.
		{0, "toolkit", 0},
		{0.01, "toolkit", 0},
		{-0.01, "toolkit", 0},
		{0.0149, "toolkit", 0}, // rounds to 0.01
		{0.015, "toolkit", 1},  // rounds to 0.02 (half away from zero)
		{0.02, "toolkit", 1},
		{0.09, "toolkit", 1},
		{0.094, "toolkit", 1},
		{0.095, "toolkit", 2}, // rounds to 0.10
		{0.10, "toolkit", 2},
		{0.18, "toolkit", 2},
		{0.19, "toolkit", 3},
		{0.26, "toolkit", 3},
		{0.27, "toolkit", 4},
		{0.35, "toolkit", 4},
		{0.36, "toolkit", 5},
		{0.44, "toolkit", 5},
		{0.45, "toolkit", 6},
		{0.52, "toolkit", 6},
		{0.53, "toolkit", 7},
		{0.61, "toolkit", 7},
		{0.62, "toolkit", 8},
		{0.69, "toolkit", 8},
		{0.70, "toolkit", 9},
		{0.78, "toolkit", 9},
		{0.79, "toolkit", 10},
		{0.87, "toolkit", 10},
		{0.88, "toolkit", 11},
		{0.95, "toolkit", 11},
		{0.954, "toolkit", 11},
		{0.955, "toolkit", 12},
		{0.96, "toolkit", 12},
		{2.0, "toolkit", 12},
		{-0.18, "toolkit", -2},
		{-0.185, "toolkit", -3}, // rounds to -0.19
		{-0.96, "toolkit", -12},
		{0.145, "toolkit", 2}, // binary 0.1449999..., shown as 0.145, rounds to 0.15
		{0.18, "", 2},         // "" is the toolkit
		{0.03, "nonsense", 1}, // unknown names read as the toolkit
		// Report variant: 0-month band widened to ±0.04.
		{0.04, "report", 0},
		{-0.04, "report", 0},
		{0.044, "report", 0},
		{0.045, "report", 1},
		{0.05, "report", 1},
		{0.09, "report", 1},
		{0.10, "report", 2},
		{0.03, "report", 0},
		{1.5, "report", 12},
	}
	for _, c := range cases {
		if got := MonthsProgress(c.g, c.table); got != c.want {
			t.Errorf("MonthsProgress(%v, %q) = %d, want %d", c.g, c.table, got, c.want)
		}
	}
	if MonthsProgress(math.NaN(), "toolkit") != 0 || monthsPtr(math.NaN(), "toolkit") != nil {
		t.Errorf("NaN effect size: months %d, pointer %v", MonthsProgress(math.NaN(), "toolkit"), monthsPtr(math.NaN(), "toolkit"))
	}
	// Symmetry and monotonicity over a fine grid.
	prev := MonthsProgress(-3, "toolkit")
	for i := -300; i <= 300; i++ {
		g := float64(i) / 100
		m := MonthsProgress(g, "toolkit")
		if m != -MonthsProgress(-g, "toolkit") {
			t.Errorf("MonthsProgress(%v) = %d is not the mirror of MonthsProgress(%v) = %d", g, m, -g, MonthsProgress(-g, "toolkit"))
		}
		if m < prev || m-prev > 1 {
			t.Errorf("MonthsProgress jumps from %d to %d at %v", prev, m, g)
		}
		prev = m
	}
}

func TestImprovementIndex(t *testing.T) {
	g := esLoadGolden(t)
	for _, v := range []float64{-0.5, 0, 0.25, 1.2} {
		// R: 100 * pnorm(g) - 50
		esCheck(t, fmt.Sprintf("ImprovementIndex(%g)", v), ImprovementIndex(v), g.get(t, "improvement_index", fmt.Sprintf("g=%g", v), "value"), esTolClosed)
	}
	if math.Round(ImprovementIndex(0.25)) != 10 {
		t.Errorf("ImprovementIndex(0.25) = %v, want about +10 (METHODS.md §4)", ImprovementIndex(0.25))
	}
	if !math.IsNaN(ImprovementIndex(math.NaN())) {
		t.Error("ImprovementIndex(NaN) is not NaN")
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	g := esLoadGolden(t)
	p := []float64{0.01, 0.04, math.NaN(), 0.03, 0.2, 0.04, 0.5, 0.001}
	got := BenjaminiHochberg(p)
	for i := range p {
		// R: p.adjust(c(0.01, 0.04, NA, 0.03, 0.2, 0.04, 0.5, 0.001), "BH")
		esCheck(t, fmt.Sprintf("BH[%d]", i), got[i], g.get(t, "bh", fmt.Sprintf("i=%d", i+1), "p_adjusted"), esTolClosed)
	}
	if !math.IsNaN(got[2]) {
		t.Errorf("NaN p-value adjusted to %v", got[2])
	}
	if len(BenjaminiHochberg(nil)) != 0 {
		t.Error("BenjaminiHochberg(nil) is not empty")
	}
	if r := BenjaminiHochberg([]float64{math.NaN()}); len(r) != 1 || !math.IsNaN(r[0]) {
		t.Errorf("BenjaminiHochberg([NaN]) = %v", r)
	}
	if r := BenjaminiHochberg([]float64{0.03}); r[0] != 0.03 {
		t.Errorf("one p-value is adjusted to %v", r[0])
	}
	// Hand check: m = 3, p = (0.01, 0.02, 0.04) -> (0.03, 0.03, 0.04).
	r := BenjaminiHochberg([]float64{0.04, 0.01, 0.02})
	for i, w := range []float64{0.04, 0.03, 0.03} {
		if math.Abs(r[i]-w) > 1e-15 {
			t.Errorf("BH hand case [%d] = %v, want %v", i, r[i], w)
		}
	}
	// The input is not modified.
	if p[0] != 0.01 || p[7] != 0.001 {
		t.Error("BenjaminiHochberg modified its input")
	}
}

func TestWWCClass(t *testing.T) {
	for _, c := range []struct {
		smd  float64
		want string
	}{
		{0, WWCSatisfied}, {0.05, WWCSatisfied}, {-0.05, WWCSatisfied}, {0.0500001, WWCAdjust},
		{0.25, WWCAdjust}, {-0.25, WWCAdjust}, {0.2500001, WWCFails}, {-1, WWCFails},
		{math.NaN(), ""},
	} {
		if got := WWCClass(c.smd); got != c.want {
			t.Errorf("WWCClass(%v) = %q, want %q", c.smd, got, c.want)
		}
	}
}

func TestCostRating(t *testing.T) {
	for _, c := range []struct {
		cost float64
		want string
	}{
		{0, "£"}, {79.99, "£"}, {80, "££"}, {200, "££"}, {200.01, "£££"}, {720, "£££"},
		{721, "££££"}, {1200, "££££"}, {1200.5, "£££££"}, {5000, "£££££"},
		{-1, ""}, {math.NaN(), ""},
	} {
		if got := CostRating(c.cost); got != c.want {
			t.Errorf("CostRating(%v) = %q, want %q", c.cost, got, c.want)
		}
	}
}
