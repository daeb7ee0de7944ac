package evaluate

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/rating"
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

// smdRow fills an effect size row from its estimate and two intervals:
// the normal interval est ± z se (test z = est/se) and the noncentral-t
// interval scale·NoncentralCI(tstat, df) (test: tstat on df). The chosen
// method's interval and test go to CILow/CIHigh/Statistic/PValue, the
// other interval to the Alt fields. DF is df in both cases.
func smdRow(r Result, est, se, tstat, df, scale float64, o Options) Result {
	z := ttest.ZCrit(o.Confidence)
	nLo, nHi := est-z*se, est+z*se
	tLo, tHi := ttest.NoncentralCI(tstat, df, o.Confidence)
	tLo, tHi = tLo*scale, tHi*scale
	r.Estimate, r.SE, r.DF = Num(est), Num(se), Num(df)
	if o.CIMethod == CINoncentralT {
		r.CILow, r.CIHigh, r.CIMethod = Num(tLo), Num(tHi), CINoncentralT
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(nLo), Num(nHi), CINormal
		r.Statistic, r.PValue = Num(tstat), Num(ttest.PValueT(tstat, df))
	} else {
		r.CILow, r.CIHigh, r.CIMethod = Num(nLo), Num(nHi), CINormal
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(tLo), Num(tHi), CINoncentralT
		r.Statistic, r.PValue = Num(est/se), Num(ttest.PValueZ(est/se))
	}
	r.MonthsProgress = monthsPtr(est, o.MonthsTable)
	r.ImprovementIndex = Num(rating.ImprovementIndex(est))
	if math.IsNaN(est) {
		r.SE, r.CILow, r.CIHigh, r.CILowAlt, r.CIHighAlt = NaN, NaN, NaN, NaN, NaN
		r.Statistic, r.PValue = NaN, NaN
	}
	return r
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
//     o.CIMethod picks which interval (and which test, z or t, for
//     Statistic and PValue, so the interval excludes 0 exactly when
//     p < 1 − conf) is shown; the other goes to the Alt fields.
//
// Effect size rows carry MonthsProgress (of their own estimate) and
// ImprovementIndex. Rows whose statistic cannot be computed (n < 2 in an
// arm, zero SD) have NaN numbers rather than failing.
func TwoGroupRows(t, c Summary, o Options) []Result {
	o = o.withDefaults()
	nt, nc := intPtr(t.N), intPtr(c.N)
	rows := make([]Result, 0, 4)

	md := newRow(AnalysisUnadjusted, MeasureMeanDifference)
	w := ttest.Welch(t, c, o.Confidence)
	st := ttest.Student(t, c, o.Confidence)
	md.Estimate, md.SE, md.DF = Num(t.Mean-c.Mean), Num(w.SE), Num(w.DF)
	md.CILow, md.CIHigh, md.CIMethod = Num(w.Low), Num(w.High), "welch"
	md.CILowAlt, md.CIHighAlt, md.CIMethodAlt = Num(st.Low), Num(st.High), "student"
	md.Statistic, md.PValue = Num(w.T), Num(w.P)
	rows = append(rows, md)

	N := t.N + c.N
	df := float64(N - 2)
	h := 1/float64(t.N) + 1/float64(c.N)
	d := effectsize.CohensD(t, c)
	rows = append(rows, smdRow(newRow(AnalysisUnadjusted, MeasureCohensD), d, effectsize.HedgesGSE(d, t.N, c.N), d/math.Sqrt(h), df, math.Sqrt(h), o))
	j := effectsize.HedgesJ(df)
	g := j * d
	rows = append(rows, smdRow(newRow(AnalysisUnadjusted, MeasureHedgesG), g, effectsize.HedgesGSE(g, t.N, c.N), d/math.Sqrt(h), df, j*math.Sqrt(h), o))
	gd := effectsize.GlassDelta(t, c)
	hd := math.NaN()
	if c.N > 0 && t.N > 0 && c.SD > 0 {
		hd = 1/float64(c.N) + t.SD*t.SD/(float64(t.N)*c.SD*c.SD)
	}
	rows = append(rows, smdRow(newRow(AnalysisUnadjusted, MeasureGlassDelta), gd, effectsize.GlassDeltaSE(gd, t.N, c.N), gd/math.Sqrt(hd), float64(c.N-1), math.Sqrt(hd), o))
	for i := range rows {
		rows[i].NTreated, rows[i].NComparison = nt, nc
	}
	return rows
}
