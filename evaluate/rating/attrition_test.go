package rating

import (
	"math"
	"strings"
	"testing"
)

// TestAttritionBoundaryTable_publishedPoints: the table agrees with the
// points the WWC Standards Handbook v4.1 (Table II.1) prints at every tenth
// overall rate, and has 66 rows of non-increasing-then-falling boundaries.
func TestAttritionBoundaryTable_publishedPoints(t *testing.T) {
	if len(AttritionBoundaryTable) != 66 {
		t.Fatalf("%d rows, want 66 (0%% to 65%%)", len(AttritionBoundaryTable))
	}
	for _, c := range []struct {
		overall              int
		cautious, optimistic float64
	}{
		// WWC Standards Handbook v4.1, Table II.1.
		{0, 5.7, 10.0}, {10, 6.3, 10.9}, {20, 5.4, 10.0}, {30, 4.1, 8.2},
		{40, 2.6, 6.0}, {50, 1.0, 3.7}, {57, 0.0, 2.1}, {65, math.NaN(), 0.3},
	} {
		row := AttritionBoundaryTable[c.overall]
		if row.Overall != c.overall || !attritionSame(row.Cautious, c.cautious) || row.Optimistic != c.optimistic {
			t.Errorf("row %d = %+v, want cautious %g, optimistic %g", c.overall, row, c.cautious, c.optimistic)
		}
	}
	for i, row := range AttritionBoundaryTable {
		if row.Overall != i {
			t.Errorf("row %d says overall %d", i, row.Overall)
		}
		if (i >= 58) != math.IsNaN(row.Cautious) {
			t.Errorf("row %d: cautious %g (NaN exactly from 58%%)", i, row.Cautious)
		}
		if !math.IsNaN(row.Cautious) && !(row.Cautious < row.Optimistic) {
			t.Errorf("row %d: cautious %g not below optimistic %g", i, row.Cautious, row.Optimistic)
		}
	}
}

func attritionSame(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// TestAttrition: each rule of the WWC classification as a row.
func TestAttrition(t *testing.T) {
	for _, c := range []struct {
		name     string
		counts   AttritionCounts
		boundary string
		overall  float64
		diff     float64
		row      int
		class    string
	}{
		// Overall 8/100 = 8%, differential |4/50 − 4/50| = 0: low (5.7–6.3 allowed).
		{"no differential", AttritionCounts{50, 50, 46, 46, true}, "", 0.08, 0, 8, AttritionLow},
		// 11.8% overall → row 12, cautious 6.2 points; differential 6.9 points: high.
		{"cautious high", AttritionCounts{120, 118, 110, 100, true}, AttritionCautious, 28.0 / 238, math.Abs(10.0/120 - 18.0/118), 12, AttritionHigh},
		// The same under the optimistic boundary (10.9 points at 12%): low.
		{"optimistic low", AttritionCounts{120, 118, 110, 100, true}, AttritionOptimistic, 28.0 / 238, math.Abs(10.0/120 - 18.0/118), 12, AttritionLow},
		// 20% overall (row 20: cautious 5.4 points). Lost 173 and 227 of
		// 1000 each: 5.4 points, exactly on the boundary, is low; lost 171
		// and 229: 5.8 points, high.
		{"on the boundary", AttritionCounts{1000, 1000, 827, 773, true}, "", 0.2, 0.054, 20, AttritionLow},
		{"above the boundary", AttritionCounts{1000, 1000, 829, 771, true}, "", 0.2, 0.058, 20, AttritionHigh},
		// 58% overall: the cautious boundary allows nothing.
		{"cautious 58%", AttritionCounts{100, 100, 42, 42, true}, "", 0.58, 0, 58, AttritionHigh},
		{"optimistic 58%", AttritionCounts{100, 100, 42, 42, true}, AttritionOptimistic, 0.58, 0, 58, AttritionLow},
		// Above 65%: high under both.
		{"above the table", AttritionCounts{100, 100, 30, 30, true}, AttritionOptimistic, 0.70, 0, -1, AttritionHigh},
		// 1 of 8 lost = 12.5% rounds half up to row 13.
		{"half up", AttritionCounts{4, 4, 3, 4, true}, AttritionOptimistic, 0.125, 0.25, 13, AttritionHigh},
		// One group: no differential, no class.
		{"one group", AttritionCounts{60, 0, 54, 0, false}, "", 0.1, math.NaN(), 10, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Attrition(c.counts, c.boundary)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r.Overall-c.overall) > 1e-12 || !(math.Abs(r.Differential-c.diff) < 1e-12 || math.IsNaN(c.diff) && math.IsNaN(r.Differential)) {
				t.Errorf("overall %.6f, differential %.6f; want %.6f, %.6f", r.Overall, r.Differential, c.overall, c.diff)
			}
			if r.Row != c.row || r.Class != c.class {
				t.Errorf("row %d class %q, want row %d class %q (%s)", r.Row, r.Class, c.row, c.class, r.Explanation)
			}
			if r.Explanation == "" || r.Source == "" {
				t.Error("no explanation or source")
			}
			if !c.counts.AllocationKnown && len(r.Notes) == 0 {
				t.Error("allocation unknown, but no note says so")
			}
		})
	}
}

func TestAttrition_errors(t *testing.T) {
	for _, c := range []struct {
		counts   AttritionCounts
		boundary string
		want     string
	}{
		{AttritionCounts{10, 10, 11, 10, true}, "", "11 pupils analysed but only 10 allocated"},
		{AttritionCounts{10, 10, 5, -1, true}, "", "want counts"},
		{AttritionCounts{0, 10, 0, 5, true}, "", "no pupils allocated to the treated arm"},
		{AttritionCounts{10, 10, 5, 5, true}, "liberal", "unknown boundary"},
	} {
		if _, err := Attrition(c.counts, c.boundary); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.counts, err, c.want)
		}
	}
}

func TestAttritionMaxDifferential(t *testing.T) {
	for _, c := range []struct {
		overall  float64
		boundary string
		want     float64
		row      int
	}{
		{0.10, AttritionCautious, 0.063, 10},
		{0.104, AttritionCautious, 0.063, 10},
		{0.105, AttritionOptimistic, 0.109, 11}, // 10.5% rounds half up (not 10.4999…)
		{0.30, AttritionOptimistic, 0.082, 30},
		{0.57, AttritionCautious, 0, 57},
		{0.60, AttritionCautious, math.NaN(), 60},
		{0.66, AttritionOptimistic, math.NaN(), -1},
		{-0.1, AttritionCautious, math.NaN(), -1},
	} {
		got, row := AttritionMaxDifferential(c.overall, c.boundary)
		if !(math.Abs(got-c.want) < 1e-12 || math.IsNaN(got) && math.IsNaN(c.want)) || row != c.row {
			t.Errorf("AttritionMaxDifferential(%g, %s) = %g, row %d; want %g, row %d", c.overall, c.boundary, got, row, c.want, c.row)
		}
	}
}
