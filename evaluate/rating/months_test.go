package rating

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

func TestMonthsProgress(t *testing.T) {
	cases := []struct {
		g     float64
		table string
		want  int
	}{
		// Toolkit table, docs/methods.md §13: the band ends and their neighbours.
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
	if MonthsProgress(math.NaN(), "toolkit") != 0 {
		t.Errorf("NaN effect size: months %d", MonthsProgress(math.NaN(), "toolkit"))
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
	g := golden.Load(t, filepath.Join(golden.Fixtures, "continuous", "golden.csv"))
	for _, v := range []float64{-0.5, 0, 0.25, 1.2} {
		// R: 100 * pnorm(g) - 50
		golden.Check(t, fmt.Sprintf("ImprovementIndex(%g)", v), ImprovementIndex(v), g.Get(t, "improvement_index", fmt.Sprintf("g=%g", v), "value"), golden.TolClosed)
	}
	if math.Round(ImprovementIndex(0.25)) != 10 {
		t.Errorf("ImprovementIndex(0.25) = %v, want about +10 (docs/methods.md §13)", ImprovementIndex(0.25))
	}
	if !math.IsNaN(ImprovementIndex(math.NaN())) {
		t.Error("ImprovementIndex(NaN) is not NaN")
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

// TestMonthsBands: the bands agree with MonthsProgress at both ends.
func TestMonthsBands(t *testing.T) {
	for _, table := range []string{MonthsToolkit, MonthsReport} {
		bands := MonthsBands(table)
		if len(bands) != 13 {
			t.Fatalf("%s: %d bands", table, len(bands))
		}
		for _, b := range bands {
			ends := []float64{b.From, b.To}
			if math.IsInf(b.To, 1) {
				ends = []float64{b.From, 5}
			}
			for _, g := range ends {
				if m := MonthsProgress(g, table); m != b.Months && !(b.Months == 0 && m == 0) {
					t.Errorf("%s: band %d has end %v, which MonthsProgress gives %d", table, b.Months, g, m)
				}
			}
		}
	}
}
