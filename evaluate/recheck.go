package evaluate

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/whatworks/whatworks/evaluate/binary"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// This file: what a reader can check of a report without the pupils'
// data (whatworks verify without --data; docs/methods.md §18). Each check
// recomputes a number of a result row from other numbers the report
// shows, with the functions Run itself uses.

// Recheck is one number of a result row recomputed from others.
type Recheck struct {
	Row   int    // index into the report's Results
	Field string // the JSON name of the field: estimate, se, ci_low, ...
	// Kind says what it was recomputed from: "descriptives" (each arm's
	// n, mean and SD, TwoGroupRows), "interval" (the estimate, its SE and
	// df), "p_value" (the statistic and df), "months" (the estimate,
	// rating.MonthsProgress), "improvement_index" (rating.ImprovementIndex),
	// "benjamini_hochberg" (the p-values of the same analysis across
	// outcomes) or "rating" (a security rating from its inputs).
	Kind      string
	Got, Want float64
	// GotText and WantText are a rating's words (wwc_rating, ofs_type,
	// cost_rating), in place of Got and Want.
	GotText, WantText string
	OK                bool
}

// Unchecked is a kind of row whose estimate could not be recomputed
// without the data (its interval, p-value and months' progress may still
// have been checked), and why.
type Unchecked struct {
	What string // e.g. "ancova hedges_g"
	Rows int
	Why  string
}

// RecheckReport is every check of a report.
type RecheckReport struct {
	Checks    []Recheck
	Unchecked []Unchecked
}

// Failed lists the checks that did not hold.
func (c *RecheckReport) Failed() []Recheck {
	var out []Recheck
	for _, x := range c.Checks {
		if !x.OK {
			out = append(out, x)
		}
	}
	return out
}

// recheckTol is how far a recomputed number may be from the one shown:
// the workbook keeps 15 significant digits, so 1e-9 of the larger leaves
// room for the digits lost and nothing else.
const recheckTol = 1e-9

// near reports whether got and want agree to recheckTol.
func near(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) == math.IsNaN(want)
	}
	return math.Abs(got-want) <= recheckTol*math.Max(1, math.Max(math.Abs(got), math.Abs(want)))
}

// RecheckRows recomputes what it can of r's result rows from the numbers r
// shows, without the pupils' data:
//
//   - the unadjusted rows of each outcome and group (mean difference,
//     Cohen's d, Hedges' g, Glass's Δ: every field) from the Descriptives'
//     n, mean and SD of each arm after the programme, by TwoGroupRows,
//     when the rows' n are the Descriptives' n; for a yes/no outcome its
//     unadjusted and exact rows (proportions, risk difference and ratio,
//     odds ratio, Cox index, Fisher's test) by BinaryRows of the counts
//     n × share, when those are whole (not rounded for publishing);
//   - every other interval from its estimate and SE: est ± z·SE (normal)
//     or est ± t_df·SE (t, Welch);
//   - p-values from their statistic: a t statistic with its df, else z;
//   - months' progress and the improvement index from the effect size;
//   - the Benjamini–Hochberg p-values from the p-values of each analysis
//     and measure across outcomes (as Run adjusts them);
//   - each headline's security ratings (EEF padlocks, WWC rating, OfS
//     type, cost rating) from the inputs its eef_padlocks row states, and
//     those inputs against the mdes_achieved and attrition_overall rows.
//
// A number that is withheld (NaN) is not checked. The rows nothing can be
// recomputed for without the data (models fitted to the pupils' scores)
// are listed in Unchecked, by analysis and measure.
func RecheckRows(r *Report) *RecheckReport {
	o := Options{Confidence: r.Confidence, CIMethod: r.CIMethod, MonthsTable: r.MonthsTable}.withDefaults()
	c := &RecheckReport{}
	fromDesc := c.fromDescriptives(r, o)
	unchecked := map[string]int{}
	why := map[string]string{}
	for i := range r.Results {
		x := &r.Results[i]
		if x.Analysis == AnalysisRating {
			continue
		}
		if !fromDesc[i] {
			c.interval(i, x, o)
			c.pValue(i, x)
		}
		c.months(i, x, o)
		if !fromDesc[i] && !math.IsNaN(float64(x.Estimate)) {
			k := string(x.Analysis) + " " + string(x.Measure)
			unchecked[k]++
			why[k] = uncheckedWhy(x)
		}
	}
	c.benjaminiHochberg(r)
	c.ratings(r)
	keys := make([]string, 0, len(unchecked))
	for k := range unchecked {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.Unchecked = append(c.Unchecked, Unchecked{What: k, Rows: unchecked[k], Why: why[k]})
	}
	return c
}

// uncheckedWhy says why a row's estimate cannot be recomputed.
func uncheckedWhy(x *Result) string {
	if x.Analysis == AnalysisUnadjusted {
		switch x.Measure {
		case MeasureProportionTreated, MeasureProportionComparison, MeasureRiskDifference, MeasureRiskRatio, MeasureOddsRatio, MeasureCoxIndex:
			return "the estimate needs each arm's count of yes answers, which the Descriptives give only when their n and shares are not rounded or withheld for publishing"
		case MeasureRankBiserial:
			return "the estimate needs the pupils' answers (their ranks), which the workbook does not hold"
		}
		if strings.HasPrefix(string(x.Measure), "smd_") {
			return "a balance statistic from the pupils' values of the variable, which the workbook does not hold"
		}
		return "the estimate needs more than the Descriptives give (the pupils' ranks or answers)"
	}
	return "the estimate comes from the pupils' scores (a model or a test fitted to them), which the workbook does not hold"
}

// add records one check.
func (c *RecheckReport) add(row int, field, kind string, got, want float64) {
	if math.IsNaN(got) {
		return // withheld, or undefined: nothing to check
	}
	c.Checks = append(c.Checks, Recheck{Row: row, Field: field, Kind: kind, Got: got, Want: want, OK: near(got, want)})
}

// fromDescriptives checks the unadjusted two-group rows against
// TwoGroupRows of the Descriptives' arms, and reports the rows it checked.
func (c *RecheckReport) fromDescriptives(r *Report, o Options) map[int]bool {
	done := map[int]bool{}
	type key struct{ outcome, subgroup string }
	arms := map[key][2]*Descriptive{}
	for i := range r.Descriptives {
		d := &r.Descriptives[i]
		if d.Time != TimePost {
			continue
		}
		k := key{d.Variable, d.Subgroup}
		a := arms[k]
		switch d.Arm {
		case ArmIntervention:
			a[0] = d
		case ArmComparison:
			a[1] = d
		}
		arms[k] = a
	}
	yesNo := map[string]bool{}
	for _, info := range r.Outcomes {
		yesNo[info.Column] = info.Type == TypeBinary
	}
	rows := map[key][]Result{}
	for i := range r.Results {
		x := &r.Results[i]
		if (x.Analysis != AnalysisUnadjusted && (x.Analysis != AnalysisExact || !yesNo[x.Outcome])) || x.NTreated == nil || x.NComparison == nil {
			continue
		}
		k := key{x.Outcome, x.Subgroup}
		a := arms[k]
		if a[0] == nil || a[1] == nil || a[0].N != *x.NTreated || a[1].N != *x.NComparison {
			continue
		}
		want, ok := rows[k]
		if !ok {
			t := Summary{N: a[0].N, Mean: float64(a[0].Mean), SD: float64(a[0].SD)}
			cm := Summary{N: a[1].N, Mean: float64(a[1].Mean), SD: float64(a[1].SD)}
			if math.IsNaN(t.Mean + t.SD + cm.Mean + cm.SD) {
				continue // withheld
			}
			if yesNo[x.Outcome] {
				// A yes/no outcome's mean is its share of yes answers:
				// the counts, when n × share is whole (not rounded for
				// publishing), give every unadjusted row.
				e1, ok1 := wholeCount(t.Mean, t.N)
				e0, ok0 := wholeCount(cm.Mean, cm.N)
				if !ok1 || !ok0 {
					continue
				}
				var err error
				if want, err = BinaryRows(binary.Table{Events1: e1, N1: t.N, Events0: e0, N0: cm.N}, o); err != nil {
					continue
				}
			} else {
				want = TwoGroupRows(t, cm, o)
			}
			rows[k] = want
		}
		for _, w := range want {
			if w.Measure != x.Measure || w.Analysis != x.Analysis {
				continue
			}
			done[i] = true
			for _, f := range []struct {
				name      string
				got, want Num
			}{{"estimate", x.Estimate, w.Estimate}, {"se", x.SE, w.SE}, {"ci_low", x.CILow, w.CILow}, {"ci_high", x.CIHigh, w.CIHigh},
				{"ci_low_alt", x.CILowAlt, w.CILowAlt}, {"ci_high_alt", x.CIHighAlt, w.CIHighAlt}, {"df", x.DF, w.DF},
				{"statistic", x.Statistic, w.Statistic}, {"p_value", x.PValue, w.PValue}, {"improvement_index", x.ImprovementIndex, w.ImprovementIndex}} {
				c.add(i, f.name, "descriptives", float64(f.got), float64(f.want))
			}
		}
	}
	return done
}

// wholeCount is the number of yes answers n × share when it is whole (to
// 1e-6), as a share computed from counts gives it back.
func wholeCount(share float64, n int) (int, bool) {
	e := share * float64(n)
	k := math.Round(e)
	return int(k), n > 0 && math.Abs(e-k) < 1e-6 && k >= 0 && k <= float64(n)
}

// interval checks a row's interval from its estimate and SE.
func (c *RecheckReport) interval(i int, x *Result, o Options) {
	est, se := float64(x.Estimate), float64(x.SE)
	if math.IsNaN(est) || !(se > 0) {
		return
	}
	var q float64
	switch {
	case x.CIMethod == CINormal:
		q = ttest.ZCrit(o.Confidence)
	case (x.CIMethod == "t" || x.CIMethod == "welch") && float64(x.DF) > 0:
		q = ttest.TCrit(o.Confidence, float64(x.DF))
	default:
		return
	}
	if x.Measure == MeasureOddsRatio || x.Measure == MeasureRiskRatio {
		// A ratio's SE is that of its logarithm: exp(log est ± q·SE).
		if !(est > 0) {
			return
		}
		c.add(i, "ci_low", "interval", float64(x.CILow), math.Exp(math.Log(est)-q*se))
		c.add(i, "ci_high", "interval", float64(x.CIHigh), math.Exp(math.Log(est)+q*se))
		return
	}
	c.add(i, "ci_low", "interval", float64(x.CILow), est-q*se)
	c.add(i, "ci_high", "interval", float64(x.CIHigh), est+q*se)
}

// pValue checks a row's p-value from its t statistic and df (or z).
func (c *RecheckReport) pValue(i int, x *Result) {
	stat := float64(x.Statistic)
	if math.IsNaN(stat) || math.IsNaN(float64(x.PValue)) {
		return
	}
	switch {
	case (x.CIMethod == "t" || x.CIMethod == "welch") && float64(x.DF) > 0:
		c.add(i, "p_value", "p_value", float64(x.PValue), ttest.PValueT(stat, float64(x.DF)))
	case x.CIMethod == CINormal && math.IsNaN(float64(x.DF)):
		c.add(i, "p_value", "p_value", float64(x.PValue), ttest.PValueZ(stat))
	}
}

// months checks months' progress and the improvement index of an effect
// size row.
func (c *RecheckReport) months(i int, x *Result, o Options) {
	g := float64(x.Estimate)
	if math.IsNaN(g) {
		return
	}
	if x.MonthsProgress != nil {
		c.add(i, "months_progress", "months", float64(*x.MonthsProgress), float64(rating.MonthsProgress(g, o.MonthsTable)))
	}
	if !math.IsNaN(float64(x.ImprovementIndex)) {
		c.add(i, "improvement_index", "improvement_index", float64(x.ImprovementIndex), rating.ImprovementIndex(g))
	}
}

// benjaminiHochberg checks the adjusted p-values, family by family (the
// same subgroup, analysis and measure across outcomes, as adjustP forms
// them), when no p-value of the family is withheld.
func (c *RecheckReport) benjaminiHochberg(r *Report) {
	fam := map[string][]int{}
	var keys []string
	for i := range r.Results {
		x := &r.Results[i]
		if x.Analysis == AnalysisRating {
			continue
		}
		k := strings.Join([]string{x.Subgroup, string(x.Analysis), string(x.Measure)}, "\x00")
		if _, ok := fam[k]; !ok {
			keys = append(keys, k)
		}
		fam[k] = append(fam[k], i)
	}
	sort.Strings(keys)
	for _, k := range keys {
		idx := fam[k]
		p := make([]float64, len(idx))
		complete := true
		for j, i := range idx {
			p[j] = float64(r.Results[i].PValue)
			if math.IsNaN(p[j]) && !math.IsNaN(float64(r.Results[i].PAdjusted)) {
				complete = false
			}
		}
		if !complete {
			continue
		}
		adj := ttest.BenjaminiHochberg(p)
		for j, i := range idx {
			c.add(i, "p_adjusted", "benjamini_hochberg", float64(r.Results[i].PAdjusted), adj[j])
		}
	}
}

// String is a check in words, for messages: "estimate 0.31 (recomputed
// 0.29)".
func (x Recheck) String() string {
	return fmt.Sprintf("%s %.6g (recomputed %.6g)", x.Field, x.Got, x.Want)
}

// addText records one check of a rating's words.
func (c *RecheckReport) addText(row int, field, got, want string) {
	if got == "" {
		return // withheld, or not rated
	}
	c.Checks = append(c.Checks, Recheck{Row: row, Field: field, Kind: "rating", Got: math.NaN(), Want: math.NaN(),
		GotText: got, WantText: want, OK: got == want})
}

// ratings rates each headline again from the inputs its eef_padlocks row
// states, with the functions Run rates it with (docs/methods.md §16), and
// checks those inputs against the rows that show them.
func (c *RecheckReport) ratings(r *Report) {
	type key struct{ outcome, subgroup string }
	shown := map[key]map[Measure]int{}
	for i := range r.Results {
		x := &r.Results[i]
		if x.Analysis != AnalysisRating {
			continue
		}
		k := key{x.Outcome, x.Subgroup}
		if shown[k] == nil {
			shown[k] = map[Measure]int{}
		}
		shown[k][x.Measure] = i
	}
	for i := range r.Results {
		x := &r.Results[i]
		in := x.RatingInputs
		if x.Analysis != AnalysisRating || x.Measure != MeasureEEFPadlocks || in == nil || math.IsNaN(float64(x.Estimate)) {
			continue
		}
		threats := make([]rating.PadlockThreat, len(in.Threats))
		for k, t := range in.Threats {
			threats[k] = rating.PadlockThreat{Name: t.Name, Level: t.Level}
		}
		if p, err := rating.Padlocks(rating.PadlockInput{Design: in.Design, PretestAdjusted: in.PretestAdjusted,
			MDES: float64(in.MDES), Attrition: float64(in.Attrition), AllocationKnown: in.AllocationKnown,
			BaselineG: float64(in.BaselineG), Threats: threats}); err == nil {
			c.add(i, "estimate", "rating", float64(x.Estimate), float64(p.Padlocks))
		}
		if w, err := rating.WWCRating(rating.WWCRatingInput{Design: in.Design, Attrition: in.AttritionClass,
			AllocationKnown: in.AllocationKnown, BaselineG: float64(in.BaselineG), Adjusted: in.PretestAdjusted}); err == nil {
			c.addText(i, "wwc_rating", x.WWCRating, w.Rating)
		}
		if x.NTreated != nil {
			n := *x.NTreated
			if x.NComparison != nil {
				n += *x.NComparison
			}
			if o, err := rating.OfSType(rating.OfSInput{Design: in.Design, NAnalysed: n,
				BaselineG: float64(in.BaselineG), Adjusted: in.PretestAdjusted}); err == nil {
				c.addText(i, "ofs_type", x.OfSType, o.Name)
			}
		}
		if cost := float64(in.CostPerPupil); !math.IsNaN(cost) {
			c.addText(i, "cost_rating", x.CostRating, rating.CostRating(cost))
		}
		rows := shown[key{x.Outcome, x.Subgroup}]
		if j, ok := rows[MeasureMDESAchieved]; ok {
			c.add(j, "estimate", "rating", float64(r.Results[j].Estimate), float64(in.MDES))
		}
		if j, ok := rows[MeasureAttritionOverall]; ok {
			c.add(j, "estimate", "rating", float64(r.Results[j].Estimate), float64(in.Attrition))
		}
	}
}
