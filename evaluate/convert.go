package evaluate

import (
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Months' progress tables: the upper end, in hundredths of an effect size,
// of the bands for 0, 1, ..., 11 months; 12 months is anything above.
var (
	// EEF Teaching and Learning Toolkit table (METHODS.md §4, [verified]).
	monthsToolkit = [12]int{1, 9, 18, 26, 35, 44, 52, 61, 69, 78, 87, 95}
	// EEF evaluation report variant: the 0-month band widened to ±0.04,
	// the rest as the Toolkit (METHODS.md §4, [unconfirmed]: this is the
	// toolkit's reading of the rule).
	monthsReport = [12]int{4, 9, 18, 26, 35, 44, 52, 61, 69, 78, 87, 95}
)

// Months' progress table names (Input.MonthsTable, Options.MonthsTable).
const (
	MonthsToolkit = "toolkit"
	MonthsReport  = "report"
)

// roundHalfAway rounds x to the given number of decimal places, half away
// from zero, on the decimal value x shows with 15 significant digits (as a
// spreadsheet's ROUND does), so 0.145 rounds to 0.15 although its binary
// value is slightly below.
func roundHalfAway(x float64, places int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	scale := math.Pow(10, float64(places))
	v, err := strconv.ParseFloat(strconv.FormatFloat(x*scale, 'g', 15, 64), 64)
	if err != nil {
		v = x * scale
	}
	return math.Round(v) / scale
}

// MonthsProgress converts an effect size to the EEF's additional months'
// progress: the effect size is rounded to 2 decimal places (half away from
// zero) and looked up in the table; negative effects mirror positive ones.
//
// table "toolkit" (or "") is the Teaching and Learning Toolkit table
// (0: −0.01 to 0.01, 1: 0.02–0.09, 2: 0.10–0.18, 3: 0.19–0.26, 4:
// 0.27–0.35, 5: 0.36–0.44, 6: 0.45–0.52, 7: 0.53–0.61, 8: 0.62–0.69, 9:
// 0.70–0.78, 10: 0.79–0.87, 11: 0.88–0.95, 12: 0.96 and above); "report"
// is the evaluation-report variant with the 0-month band widened to ±0.04
// (the toolkit's reading of the rule, unconfirmed). Any other name is read
// as "toolkit"; Options.Validate rejects it first.
// EEF (2018), Teaching and Learning Toolkit technical appendix; METHODS.md §4.
//
// It returns 0 for a NaN effect size; callers show NaN rows as missing.
func MonthsProgress(g float64, table string) int {
	if math.IsNaN(g) {
		return 0
	}
	bands := &monthsToolkit
	if table == MonthsReport {
		bands = &monthsReport
	}
	h := math.Abs(roundHalfAway(g, 2) * 100)
	months := 12
	for i, up := range bands {
		if h <= float64(up)+1e-9 {
			months = i
			break
		}
	}
	if g < 0 {
		return -months
	}
	return months
}

// monthsPtr is MonthsProgress as a pointer for Result, nil for NaN.
func monthsPtr(g float64, table string) *int {
	if math.IsNaN(g) || math.IsInf(g, 0) {
		return nil
	}
	m := MonthsProgress(g, table)
	return &m
}

// ImprovementIndex is the WWC improvement index of an effect size g: the
// expected change in percentile rank of an average comparison pupil had
// they received the intervention,
//
//	I = 100 Φ(g) − 50
//
// (g = 0.25 gives +9.87, about +10). NaN for NaN g.
// WWC Procedures Handbook v4.1; METHODS.md §4.
func ImprovementIndex(g float64) float64 {
	if math.IsNaN(g) {
		return math.NaN()
	}
	return 100*distuv.UnitNormal.CDF(g) - 50
}

// BenjaminiHochberg returns the Benjamini–Hochberg adjusted p-values of p,
// in the same order, as R's p.adjust(p, method = "BH"):
//
//	p_adj(i) = min(1, min_{k ≥ i} m p_(k) / k)
//
// over the sorted p-values, m the number of non-NaN p-values. NaN entries
// stay NaN and do not count in m (as R's NA). Benjamini & Hochberg (1995),
// doi:10.1111/j.2517-6161.1995.tb02031.x; METHODS.md §8.
func BenjaminiHochberg(p []float64) []float64 {
	out := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		out[i] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m == 0 {
		return out
	}
	// Decreasing p; ties keep their input order (stable), as R's order.
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	cm := math.Inf(1)
	for r, i := range idx {
		k := m - r // rank from the bottom
		v := float64(m) / float64(k) * p[i]
		if v < cm {
			cm = v
		}
		out[i] = math.Min(1, cm)
	}
	return out
}

// WWC baseline equivalence classes (Balance.WWC).
const (
	WWCSatisfied = "satisfied"
	WWCAdjust    = "adjust"
	WWCFails     = "fails"
)

// WWCClass is the WWC baseline-equivalence class of a baseline effect
// size: "satisfied" when |smd| ≤ 0.05, "adjust" (equivalence only with
// statistical adjustment for the variable) when |smd| ≤ 0.25, "fails"
// above; "" for NaN. WWC Standards Handbook v4.1, Section III.B;
// METHODS.md §5.
func WWCClass(smd float64) string {
	a := math.Abs(smd)
	switch {
	case math.IsNaN(smd):
		return ""
	case a <= 0.05:
		return WWCSatisfied
	case a <= 0.25:
		return WWCAdjust
	default:
		return WWCFails
	}
}

// CostRating is the EEF Toolkit cost rating of a cost per pupil per year
// in pounds: "£" below £80, "££" up to £200, "£££" up to £720, "££££" up
// to £1,200 and "£££££" above; "" for a NaN or negative cost.
// EEF Teaching and Learning Toolkit (2018–20); METHODS.md §6.
func CostRating(perPupil float64) string {
	switch {
	case math.IsNaN(perPupil) || perPupil < 0:
		return ""
	case perPupil < 80:
		return "£"
	case perPupil <= 200:
		return "££"
	case perPupil <= 720:
		return "£££"
	case perPupil <= 1200:
		return "££££"
	default:
		return "£££££"
	}
}
