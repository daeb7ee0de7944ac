package rating

import (
	"fmt"
	"math"
)

// This file: attrition from allocation to analysis and the WWC's low/high
// classification (docs/methods.md §16).

// The WWC's two attrition boundaries. Cautious is whatworks' default.
const (
	AttritionCautious   = "cautious"
	AttritionOptimistic = "optimistic"
)

// AttritionBoundaryRow is one row of the WWC attrition boundary table: for
// an overall attrition of Overall per cent, the highest differential
// attrition, in percentage points, that still counts as low attrition
// under each boundary. NaN means no differential is low at that rate.
type AttritionBoundaryRow struct {
	Overall    int
	Cautious   float64
	Optimistic float64
}

// AttritionBoundarySource names where AttritionBoundaryTable comes from.
const AttritionBoundarySource = "WWC Standards Handbook v4.1 (2020), Table II.1, as reproduced in the R package baselinr 0.6.0 (attrition_boundary)"

// AttritionBoundaryTable is the WWC attrition boundary for overall
// attrition of 0% to 65% (AttritionBoundarySource). Under the cautious
// boundary an overall attrition of 58% or more is high at any differential;
// under both, so is anything above 65%.
var AttritionBoundaryTable = attritionBoundaryTable()

func attritionBoundaryTable() []AttritionBoundaryRow {
	cautious := []float64{
		5.7, 5.8, 5.9, 5.9, 6.0, 6.1, 6.2, 6.3, 6.3, 6.3, // 0–9
		6.3, 6.2, 6.2, 6.1, 6.0, 5.9, 5.9, 5.8, 5.7, 5.5, // 10–19
		5.4, 5.3, 5.2, 5.1, 4.9, 4.8, 4.7, 4.5, 4.4, 4.3, // 20–29
		4.1, 4.0, 3.8, 3.6, 3.5, 3.3, 3.2, 3.1, 2.9, 2.8, // 30–39
		2.6, 2.5, 2.3, 2.1, 2.0, 1.8, 1.6, 1.5, 1.3, 1.2, // 40–49
		1.0, 0.9, 0.7, 0.6, 0.4, 0.3, 0.2, 0.0, // 50–57
	}
	optimistic := []float64{
		10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.7, 10.8, 10.9, 10.9, // 0–9
		10.9, 10.9, 10.9, 10.8, 10.8, 10.7, 10.6, 10.5, 10.3, 10.2, // 10–19
		10.0, 9.9, 9.7, 9.5, 9.4, 9.2, 9.0, 8.8, 8.6, 8.4, // 20–29
		8.2, 8.0, 7.8, 7.6, 7.4, 7.2, 7.0, 6.7, 6.5, 6.3, // 30–39
		6.0, 5.8, 5.6, 5.3, 5.1, 4.9, 4.6, 4.4, 4.2, 3.9, // 40–49
		3.7, 3.5, 3.2, 3.0, 2.8, 2.6, 2.3, 2.1, 1.9, 1.6, // 50–59
		1.4, 1.1, 0.9, 0.7, 0.5, 0.3, // 60–65
	}
	rows := make([]AttritionBoundaryRow, len(optimistic))
	for i := range rows {
		c := math.NaN()
		if i < len(cautious) {
			c = cautious[i]
		}
		rows[i] = AttritionBoundaryRow{Overall: i, Cautious: c, Optimistic: optimistic[i]}
	}
	return rows
}

// AttritionCounts is how many pupils each arm had when allocated and how
// many were analysed. A single-group (pre-post) design has comparison
// counts of 0.
type AttritionCounts struct {
	AllocatedTreated, AllocatedComparison int
	AnalysedTreated, AnalysedComparison   int
	// AllocationKnown is false when the design did not say how many pupils
	// were allocated and the pupils in the data were taken as allocated:
	// any loss before data entry is then unknown.
	AllocationKnown bool
}

// AttritionRates is attrition from allocation to analysis and its WWC
// class.
type AttritionRates struct {
	Counts AttritionCounts
	// Proportions lost: overall, in each arm, and the differential
	// |treated − comparison| (NaN for a single group).
	Overall, Treated, Comparison, Differential float64
	OneGroup                                   bool
	Boundary                                   string // cautious | optimistic
	// Row is the overall attrition rounded to a whole per cent (half up):
	// the row of AttritionBoundaryTable read; −1 when above 65%.
	Row int
	// MaxDifferential is the boundary at Row, as a proportion; NaN when
	// no differential is low at that overall rate, or for a single group.
	MaxDifferential float64
	// Class is "low" or "high"; "" for a single group, which the WWC
	// attrition standard does not cover.
	Class string
	// Rule, Source and Explanation say how Class was reached, Explanation
	// as a sentence for a report. Notes add caveats (unknown allocation).
	Rule, Source, Explanation string
	Notes                     []string
}

// Attrition classes.
const (
	AttritionLow  = "low"
	AttritionHigh = "high"
)

// Attrition is the attrition from allocation to analysis, per arm and
// overall, and its WWC class under boundary ("" means cautious):
//
//	attrition of an arm   = 1 − analysed / allocated
//	overall               = 1 − (analysed_t + analysed_c) / (allocated_t + allocated_c)
//	differential          = |attrition_t − attrition_c|
//
// Low attrition when the differential, in percentage points, is at most
// the boundary for the overall rate rounded to a whole per cent
// (AttritionBoundaryTable; WWC Standards Handbook v4.1, Table II.1). The
// differential itself is not rounded.
func Attrition(c AttritionCounts, boundary string) (AttritionRates, error) {
	nan := math.NaN()
	r := AttritionRates{Counts: c, Overall: nan, Treated: nan, Comparison: nan,
		Differential: nan, MaxDifferential: nan, Row: -1}
	if boundary == "" {
		boundary = AttritionCautious
	}
	if boundary != AttritionCautious && boundary != AttritionOptimistic {
		return r, fmt.Errorf("attrition: unknown boundary %q (want cautious or optimistic)", boundary)
	}
	r.Boundary = boundary
	if err := attritionCheck("treated", c.AllocatedTreated, c.AnalysedTreated); err != nil {
		return r, err
	}
	if err := attritionCheck("comparison", c.AllocatedComparison, c.AnalysedComparison); err != nil {
		return r, err
	}
	if c.AllocatedTreated == 0 {
		return r, fmt.Errorf("attrition: no pupils allocated to the treated arm")
	}
	r.OneGroup = c.AllocatedComparison == 0
	allocated := c.AllocatedTreated + c.AllocatedComparison
	lost := allocated - c.AnalysedTreated - c.AnalysedComparison
	r.Overall = float64(lost) / float64(allocated)
	r.Treated = 1 - float64(c.AnalysedTreated)/float64(c.AllocatedTreated)
	// Whole per cent, half up, in integer arithmetic.
	if row := (200*lost + allocated) / (2 * allocated); row <= 65 {
		r.Row = row
	}
	if !c.AllocationKnown {
		r.Notes = append(r.Notes, "the design does not say how many pupils were allocated, so the pupils in the data were taken as allocated: any loss before the data were entered is unknown")
	}
	r.Source = AttritionBoundarySource
	if r.OneGroup {
		r.Rule = "the WWC attrition standard applies to a comparison of groups"
		r.Explanation = fmt.Sprintf("%d of %d pupils (%s) were lost between the start and the analysis; with one group there is no differential attrition and the WWC attrition standard does not apply.",
			lost, allocated, attritionPct(r.Overall))
		return r, nil
	}
	r.Comparison = 1 - float64(c.AnalysedComparison)/float64(c.AllocatedComparison)
	r.Differential = math.Abs(r.Treated - r.Comparison)
	if r.Row >= 0 {
		r.MaxDifferential = attritionBoundaryAt(r.Row, boundary)
	}
	diffPoints := 100 * r.Differential
	lead := fmt.Sprintf("Overall attrition was %s (%d of %d pupils) and differential attrition %.1f percentage points (%s treated, %s comparison)",
		attritionPct(r.Overall), lost, allocated, diffPoints, attritionPct(r.Treated), attritionPct(r.Comparison))
	switch {
	case r.Row < 0:
		r.Class = AttritionHigh
		r.Rule = "overall attrition above 65% is high attrition under both boundaries"
		r.Explanation = lead + ": above the 65% the WWC's table covers, so high attrition."
	case math.IsNaN(r.MaxDifferential):
		r.Class = AttritionHigh
		r.Rule = fmt.Sprintf("at %d%% overall attrition no differential is low under the %s boundary", r.Row, boundary)
		r.Explanation = fmt.Sprintf("%s: at %d%% overall the %s boundary allows no differential attrition, so high attrition.", lead, r.Row, boundary)
	case diffPoints <= 100*r.MaxDifferential+1e-9:
		r.Class = AttritionLow
		r.Rule = fmt.Sprintf("at %d%% overall attrition the %s boundary allows up to %.1f points of differential attrition", r.Row, boundary, 100*r.MaxDifferential)
		r.Explanation = fmt.Sprintf("%s: within the %.1f points the WWC's %s boundary allows at %d%% overall, so low attrition.", lead, 100*r.MaxDifferential, boundary, r.Row)
	default:
		r.Class = AttritionHigh
		r.Rule = fmt.Sprintf("at %d%% overall attrition the %s boundary allows up to %.1f points of differential attrition", r.Row, boundary, 100*r.MaxDifferential)
		r.Explanation = fmt.Sprintf("%s: more than the %.1f points the WWC's %s boundary allows at %d%% overall, so high attrition.", lead, 100*r.MaxDifferential, boundary, r.Row)
	}
	return r, nil
}

// AttritionMaxDifferential is the highest differential attrition (a
// proportion) that is still low at an overall attrition (a proportion)
// under boundary, and the table row read (overall rounded to a whole per
// cent, half up). maxDiff is NaN, with row −1, above 65%, and NaN at the
// row when the boundary allows no differential there.
func AttritionMaxDifferential(overall float64, boundary string) (maxDiff float64, row int) {
	if !(overall >= 0 && overall <= 1) {
		return math.NaN(), -1
	}
	row = int(math.Floor(attritionRound(100*overall, 6) + 0.5))
	if row > 65 {
		return math.NaN(), -1
	}
	return attritionBoundaryAt(row, boundary), row
}

// attritionBoundaryAt is the boundary at a row of the table, as a
// proportion.
func attritionBoundaryAt(row int, boundary string) float64 {
	if boundary == AttritionOptimistic {
		return AttritionBoundaryTable[row].Optimistic / 100
	}
	return AttritionBoundaryTable[row].Cautious / 100
}

func attritionCheck(arm string, allocated, analysed int) error {
	switch {
	case allocated < 0 || analysed < 0:
		return fmt.Errorf("attrition: %s arm: %d allocated and %d analysed: want counts", arm, allocated, analysed)
	case analysed > allocated:
		return fmt.Errorf("attrition: %s arm: %d pupils analysed but only %d allocated", arm, analysed, allocated)
	}
	return nil
}

// attritionRound rounds x to dp decimals, removing floating-point noise
// first (0.105·100 = 10.499999999999998 becomes 10.5).
func attritionRound(x float64, dp int) float64 {
	s := math.Pow(10, float64(dp))
	return math.Round(x*s) / s
}

// attritionPct formats a proportion as a per cent with one decimal.
func attritionPct(p float64) string {
	return fmt.Sprintf("%.1f%%", 100*p)
}
