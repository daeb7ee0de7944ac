package rating

import (
	"math"
	"strconv"
)

// Months' progress tables: the upper end, in hundredths of an effect size,
// of the bands for 0, 1, ..., 11 months; 12 months is anything above.
var (
	// EEF Teaching and Learning Toolkit table (docs/methods.md §13).
	monthsToolkit = [12]int{1, 9, 18, 26, 35, 44, 52, 61, 69, 78, 87, 95}
	// EEF evaluation report variant: the 0-month band widened to ±0.04,
	// the rest as the Toolkit (docs/methods.md §13; this is the
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
// EEF (2018), Teaching and Learning Toolkit technical appendix; docs/methods.md §13.
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

// MonthsBand is one row of a months' progress table: effect sizes from
// From to To (both rounded to 2 decimal places, inclusive) give Months
// additional months' progress; the 12-month band has no upper end
// (To is +Inf). The 0-month band runs from −To to To.
type MonthsBand struct {
	Months   int
	From, To float64
}

// MonthsBands returns the months' progress table named by table
// ("toolkit" or "report"; any other name reads as "toolkit", as in
// MonthsProgress), for showing beside the results.
func MonthsBands(table string) []MonthsBand {
	ups := &monthsToolkit
	if table == MonthsReport {
		ups = &monthsReport
	}
	out := make([]MonthsBand, 0, len(ups)+1)
	out = append(out, MonthsBand{Months: 0, From: -float64(ups[0]) / 100, To: float64(ups[0]) / 100})
	for m := 1; m < len(ups); m++ {
		out = append(out, MonthsBand{Months: m, From: float64(ups[m-1]+1) / 100, To: float64(ups[m]) / 100})
	}
	return append(out, MonthsBand{Months: len(ups), From: float64(ups[len(ups)-1]+1) / 100, To: math.Inf(1)})
}
