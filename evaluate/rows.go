package evaluate

import (
	"fmt"
	"math"
	"strconv"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// CI methods of effect size rows (Result.CIMethod, Options.CIMethod).
const (
	CINormal      = "normal"       // g ± z SE(g), the EEF/CEM convention
	CINoncentralT = "noncentral-t" // inverted noncentral t, as R's effectsize
)

// Options are the settings every row function shares.
type Options struct {
	// Confidence is the level of every interval, e.g. 0.95 (0 means 0.95).
	Confidence float64
	// CIMethod is the interval shown in CILow/CIHigh for standardised
	// effects: "normal" (default, EEF) or "noncentral-t" (R effectsize);
	// the other goes to CILowAlt/CIHighAlt.
	CIMethod string
	// MonthsTable is "toolkit" (default) or "report".
	MonthsTable string
}

// withDefaults fills the zero values: 0.95, normal, toolkit.
func (o Options) withDefaults() Options {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if o.CIMethod == "" {
		o.CIMethod = CINormal
	}
	if o.MonthsTable == "" {
		o.MonthsTable = rating.MonthsToolkit
	}
	return o
}

// Validate reports settings that are not allowed (after defaults).
func (o Options) Validate() error {
	o = o.withDefaults()
	if !ttest.ValidLevel(o.Confidence) {
		return fmt.Errorf("confidence level %v is not between 0 and 1 (e.g. 0.95)", o.Confidence)
	}
	if o.CIMethod != CINormal && o.CIMethod != CINoncentralT {
		return fmt.Errorf("unknown CI method %q (use %q or %q)", o.CIMethod, CINormal, CINoncentralT)
	}
	if o.MonthsTable != rating.MonthsToolkit && o.MonthsTable != rating.MonthsReport {
		return fmt.Errorf("unknown months' progress table %q (use %q or %q)", o.MonthsTable, rating.MonthsToolkit, rating.MonthsReport)
	}
	return nil
}

// newRow returns a Result with every number missing, subgroup "all".
func newRow(analysis Analysis, measure Measure) Result {
	return Result{
		Subgroup: SubgroupAll, Analysis: analysis, Measure: measure,
		Estimate: NaN, SE: NaN, CILow: NaN, CIHigh: NaN,
		CILowAlt: NaN, CIHighAlt: NaN,
		DF: NaN, Statistic: NaN, PValue: NaN, PAdjusted: NaN, PValueExact: NaN,
		ImprovementIndex: NaN,
	}
}

func intPtr(n int) *int { return &n }

// test is the test a comparison rests on: its statistic, degrees of
// freedom (NaN for a z test) and two-sided p-value. Every row of one
// comparison carries the same test (docs/json.md, "One p-value per
// comparison").
type test struct{ stat, df, p float64 }

// testOf is the test of a t-test result.
func testOf(r ttest.Result) test { return test{r.T, r.DF, r.P} }

// set copies the test into a row.
func (t test) set(r *Result) { r.Statistic, r.DF, r.PValue = Num(t.stat), Num(t.df), Num(t.p) }

// smdRow fills an effect size row from its estimate and two intervals:
// the normal interval est ± z se and the noncentral-t interval
// scale·NoncentralCI(ncT, ncDF). first (CINormal or CINoncentralT) says
// which goes to CILow/CIHigh; the other goes to the Alt fields. The
// statistic, df and p-value are those of the comparison's test cmp,
// whichever interval is shown, so the rows of one comparison carry one
// p-value. An undefined (NaN or infinite) estimate leaves every number
// NaN; the caller says why in the Note.
func smdRow(r Result, est, se, ncT, ncDF, scale float64, first string, cmp test, o Options) Result {
	if math.IsNaN(est) || math.IsInf(est, 0) {
		return r
	}
	z := ttest.ZCrit(o.Confidence)
	nLo, nHi := est-z*se, est+z*se
	tLo, tHi := ttest.NoncentralCI(ncT, ncDF, o.Confidence)
	tLo, tHi = tLo*scale, tHi*scale
	r.Estimate, r.SE = Num(est), Num(se)
	if first == CINoncentralT {
		r.CILow, r.CIHigh, r.CIMethod = Num(tLo), Num(tHi), CINoncentralT
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(nLo), Num(nHi), CINormal
	} else {
		r.CILow, r.CIHigh, r.CIMethod = Num(nLo), Num(nHi), CINormal
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(tLo), Num(tHi), CINoncentralT
	}
	cmp.set(&r)
	return r
}

// withMonths adds the months' progress and improvement index of a
// Hedges' g row (the EEF and WWC conversions are defined on g).
func withMonths(r Result, o Options) Result {
	g := float64(r.Estimate)
	r.MonthsProgress = monthsPtr(g, o.MonthsTable)
	r.ImprovementIndex = NaN
	if !math.IsNaN(g) && !math.IsInf(g, 0) {
		r.ImprovementIndex = Num(rating.ImprovementIndex(g))
	}
	return r
}

// Why a measure of two groups is undefined (the row's Note; the numbers
// are NaN, null in JSON and blank in the workbook).
const (
	whyOverflow  = "undefined: the values are too large to compute with (their variance overflows); check the outcome for a mistyped value"
	whyNoSpread  = "undefined: the outcome does not vary within the groups (pooled SD 0)"
	whyNoSpreadC = "undefined: the comparison group's outcome does not vary (SD 0)"
	whyJ         = "undefined: too few pupils for the small-sample correction J = 1 − 3/(4N − 9) (J ≤ 0)"
)

// whyFewPupils says a group has too few pupils for a measure.
func whyFewPupils(nt, nc int) string {
	return fmt.Sprintf("undefined: a group has fewer than 2 pupils (n = %d and %d)", nt, nc)
}

// whyPerfectFit is the Note of the rows of a regression that predicts
// every pupil's outcome exactly (regress.Fit.PerfectFit).
const whyPerfectFit = "undefined: the model predicts every pupil's outcome exactly (a perfect fit, as when the pretest " +
	"is the outcome itself or the outcome does not vary within the arms), so its standard error and test would be rounding noise"

// gScale is the factor J/s_p that turns a treatment coefficient into
// Hedges' g on the scale of the outcome (s_p the pooled SD of t and c, the
// analysed pupils' outcome by arm; J = 1 − 3/(4N − 9)), or NaN and why g
// is undefined there.
func gScale(t, c Summary) (float64, string) {
	if _, why, _ := twoGroupWhy(t, c); why != "" {
		return math.NaN(), why
	}
	return effectsize.HedgesJ(float64(t.N+c.N-2)) / sample.PooledSD(t, c), ""
}

// finite reports whether every x is a finite number.
func finite(x ...float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// twoGroupWhy says why the measures of two groups are undefined: the
// mean difference's test (the difference itself needs a pupil in each
// group), the pooled-SD measures (d, g) and Glass's Δ; "" when defined.
func twoGroupWhy(t, c Summary) (test, pooled, glass string) {
	switch {
	case !finite(t.Mean, c.Mean) && t.N > 0 && c.N > 0, t.N >= 2 && c.N >= 2 && !finite(t.SD, c.SD):
		return whyOverflow, whyOverflow, whyOverflow
	case t.N < 2 || c.N < 2:
		w := whyFewPupils(t.N, c.N)
		return "no test or interval: a group has fewer than 2 pupils", w, w
	}
	if !(sample.PooledSD(t, c) > 0) {
		pooled = whyNoSpread
		test = "no test or interval: the outcome does not vary within the groups (as R's t.test: data are essentially constant)"
	} else if !(effectsize.HedgesJ(float64(t.N+c.N-2)) > 0) {
		pooled = whyJ
	}
	if !(c.SD > 0) {
		glass = whyNoSpreadC
	}
	return test, pooled, glass
}

// TwoGroupRows returns the unadjusted comparison of arm t with arm c from
// their summaries, as four rows (Analysis "unadjusted", Subgroup "all",
// Outcome empty: the caller fills them):
//
//   - mean_difference: Welch's t-test (CIMethod "welch"; Student's
//     equal-variance interval in the Alt fields, CIMethodAlt "student");
//   - cohens_d, hedges_g (J = 1 − 3/(4N − 9)) and glass_delta, each with
//     the normal interval est ± z SE (SE = HedgesGSE, or GlassDeltaSE) and
//     the noncentral-t interval of R's effectsize: for d,
//     NoncentralCI(d/√h, N − 2)·√h with h = 1/n_t + 1/n_c; for g the same
//     times J; for Glass's Δ, h = 1/n_c + s_t²/(n_t s_c²) on n_c − 1 df.
//     o.CIMethod picks which interval is shown; the other goes to the Alt
//     fields.
//
// Every row carries Welch's t, df and p (one p-value per comparison:
// the effect sizes are that difference standardised), so an interval
// may disagree with the p-value about zero; Run's notes say so
// (noteDisagreement). The hedges_g row carries MonthsProgress and
// ImprovementIndex (defined on g). A measure that is undefined for the
// sample (an arm with fewer than 2 pupils, a zero SD, J ≤ 0, values so
// large their variance overflows) has NaN numbers and says why in its
// Note, rather than failing or showing 0 or an infinity.
func TwoGroupRows(t, c Summary, o Options) []Result {
	o = o.withDefaults()
	nt, nc := intPtr(t.N), intPtr(c.N)
	rows := make([]Result, 0, 4)
	whyTest, whyPooled, whyGlass := twoGroupWhy(t, c)

	md := newRow(AnalysisUnadjusted, MeasureMeanDifference)
	w := ttest.Welch(t, c, o.Confidence)
	st := ttest.Student(t, c, o.Confidence)
	cmp := testOf(w)
	md.CIMethod, md.CIMethodAlt = "welch", "student"
	if whyTest != whyOverflow && t.N > 0 && c.N > 0 {
		md.Estimate, md.SE = Num(t.Mean-c.Mean), Num(w.SE)
		md.CILow, md.CIHigh = Num(w.Low), Num(w.High)
		md.CILowAlt, md.CIHighAlt = Num(st.Low), Num(st.High)
		cmp.set(&md)
		if !finite(w.SE) {
			md.SE = NaN
		}
	}
	addNote(&md, whyTest)
	rows = append(rows, md)

	N := t.N + c.N
	df := float64(N - 2)
	h := 1/float64(t.N) + 1/float64(c.N)
	nan := math.NaN()
	d, g, j, gd, hd := nan, nan, nan, nan, nan
	if whyPooled == "" {
		d = effectsize.CohensD(t, c)
		j = effectsize.HedgesJ(df)
		g = j * d
	} else if whyPooled == whyJ {
		d = effectsize.CohensD(t, c)
	}
	if whyGlass == "" {
		gd = effectsize.GlassDelta(t, c)
		hd = 1/float64(c.N) + t.SD*t.SD/(float64(t.N)*c.SD*c.SD)
	}
	dr := smdRow(newRow(AnalysisUnadjusted, MeasureCohensD), d, effectsize.HedgesGSE(d, t.N, c.N), d/math.Sqrt(h), df, math.Sqrt(h), o.CIMethod, cmp, o)
	if whyPooled != whyJ {
		addNote(&dr, whyPooled)
	}
	gr := smdRow(newRow(AnalysisUnadjusted, MeasureHedgesG), g, effectsize.HedgesGSE(g, t.N, c.N), d/math.Sqrt(h), df, j*math.Sqrt(h), o.CIMethod, cmp, o)
	addNote(&gr, whyPooled)
	gr = withMonths(gr, o)
	gdr := smdRow(newRow(AnalysisUnadjusted, MeasureGlassDelta), gd, effectsize.GlassDeltaSE(gd, t.N, c.N), gd/math.Sqrt(hd), float64(c.N-1), math.Sqrt(hd), o.CIMethod, cmp, o)
	addNote(&gdr, whyGlass)
	rows = append(rows, dr, gr, gdr)
	for i := range rows {
		rows[i].NTreated, rows[i].NComparison = nt, nc
	}
	return rows
}

// nullOf is the value of a measure that means "no difference" (0 for a
// difference, 1 for a ratio), and false for measures that are not
// comparisons (proportions, means, ICCs, reliabilities, ratings, plans).
func nullOf(m Measure) (float64, bool) {
	switch m {
	case MeasureRiskRatio, MeasureOddsRatio:
		return 1, true
	case MeasureProportionTreated, MeasureProportionComparison, MeasureProportionPre, MeasureProportionPost,
		MeasureProportionHigher, MeasureProportionLower, MeasureMeanPre, MeasureMeanPost, MeasureICC,
		MeasureCronbachAlpha, MeasureEEFPadlocks, MeasureAttritionOverall, MeasureAttritionDifferential,
		MeasureMDESAchieved, MeasureMDES, MeasurePower, MeasureNPerGroup, MeasureClusters:
		return 0, false
	}
	return 0, true
}

// noteDisagreement adds a sentence to the Note of each comparison row
// whose interval and p-value disagree about "no difference" (nullOf):
// the interval excludes it while p ≥ 1 − conf, or the reverse. A row's
// p-value is that of the test its comparison rests on (Welch's t, the
// regression's t, the paired t, the model's test) while its interval
// may rest on another approximation (the normal interval g ± z SE), so
// the two can disagree near the boundary; a p within 1e-9 of 1 − conf is
// taken as agreeing (rounding).
func noteDisagreement(rows []Result, conf float64) {
	alpha := 1 - conf
	if !ttest.ValidLevel(conf) {
		return
	}
	for i := range rows {
		x := &rows[i]
		null, ok := nullOf(x.Measure)
		lo, hi, p := float64(x.CILow), float64(x.CIHigh), float64(x.PValue)
		if !ok || x.Analysis == AnalysisRating || x.Analysis == AnalysisPlan || !finite(lo, hi, p) || math.Abs(p-alpha) < 1e-9 {
			continue
		}
		excludes := lo > null || hi < null
		if excludes == (p < alpha) {
			continue
		}
		level := strconv.FormatFloat(100*conf, 'g', 12, 64) + "%" // as typed: 95%, not 100 × 0.57 = 56.99999999999999%
		method := ""
		if x.CIMethod != "" {
			method = " (" + x.CIMethod + ")"
		}
		nv := strconv.FormatFloat(null, 'f', -1, 64)
		a := strconv.FormatFloat(alpha, 'g', 12, 64) // 0.05, not 1 − 0.95 = 0.050000000000000044
		var s string
		if excludes {
			s = fmt.Sprintf("the %s interval%s excludes %s but the comparison's test gives p = %s, not below %s", level, method, nv, fmtG(p), a)
		} else {
			s = fmt.Sprintf("the %s interval%s includes %s but the comparison's test gives p = %s, below %s", level, method, nv, fmtG(p), a)
		}
		addNote(x, s+": the two rest on different approximations, so the result is borderline")
	}
}
