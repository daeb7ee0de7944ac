package evaluate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// PooledSD returns the pooled standard deviation of two arms:
//
//	s_p = sqrt(((n_t − 1) s_t² + (n_c − 1) s_c²) / (n_t + n_c − 2))
//
// It returns NaN when N = n_t + n_c < 3 or an arm has n < 1 or a NaN SD
// (an arm of one pupil contributes nothing and is allowed, SD may be NaN).
// Cohen (1988), Statistical Power Analysis; METHODS.md §1.
func PooledSD(t, c Summary) float64 {
	if t.N < 1 || c.N < 1 || t.N+c.N < 3 {
		return math.NaN()
	}
	var ss float64
	if t.N > 1 {
		ss += float64(t.N-1) * t.SD * t.SD
	}
	if c.N > 1 {
		ss += float64(c.N-1) * c.SD * c.SD
	}
	return math.Sqrt(ss / float64(t.N+c.N-2))
}

// HedgesJ is the small-sample correction factor of Hedges' g in the
// approximate form the EEF and the WWC use:
//
//	J(df) = 1 − 3/(4 df − 1)
//
// With df = N − 2 it is 1 − 3/(4N − 9). It returns NaN for df <= 1/4
// (where the approximation breaks down) and for NaN df.
// Hedges (1981), doi:10.3102/10769986006002107; METHODS.md §1.
func HedgesJ(df float64) float64 {
	if !(df > 0.25) {
		return math.NaN()
	}
	return 1 - 3/(4*df-1)
}

// HedgesJExact is the exact small-sample correction factor
//
//	J(df) = Γ(df/2) / (sqrt(df/2) Γ((df − 1)/2))
//
// which R's effectsize (0.8.x, hedges_g) uses. It returns NaN for df <= 1.
// Hedges (1981), doi:10.3102/10769986006002107.
func HedgesJExact(df float64) float64 {
	if math.IsInf(df, 1) {
		return 1
	}
	if !(df > 1) {
		return math.NaN()
	}
	a, _ := math.Lgamma(df / 2)
	b, _ := math.Lgamma((df - 1) / 2)
	return math.Exp(a - math.Log(math.Sqrt(df/2)) - b)
}

// CohensD returns the standardised mean difference of t over c with the
// pooled SD:
//
//	d = (mean_t − mean_c) / s_p
//
// It returns NaN when N < 3, either arm is empty, or s_p is 0 or NaN.
// Cohen (1988); as effectsize::cohens_d(pooled_sd = TRUE).
func CohensD(t, c Summary) float64 {
	sp := PooledSD(t, c)
	if !(sp > 0) || math.IsInf(sp, 0) {
		return math.NaN()
	}
	return (t.Mean - c.Mean) / sp
}

// HedgesG returns Hedges' g of t over c with the EEF/WWC correction
// J = 1 − 3/(4N − 9):
//
//	s_p = sqrt(((n_t−1)s_t² + (n_c−1)s_c²) / (N−2))
//	g   = J (mean_t − mean_c) / s_p
//
// It returns NaN when N < 3 or s_p is 0.
// Hedges (1981), doi:10.3102/10769986006002107; WWC Procedures Handbook
// v4.1, Appendix E; METHODS.md §1.
func HedgesG(t, c Summary) float64 {
	return HedgesJ(float64(t.N+c.N-2)) * CohensD(t, c)
}

// HedgesGExact returns Hedges' g with the exact correction HedgesJExact,
// as R's effectsize::hedges_g (0.8.x) computes it. NaN as HedgesG.
func HedgesGExact(t, c Summary) float64 {
	return HedgesJExact(float64(t.N+c.N-2)) * CohensD(t, c)
}

// GlassDelta returns Glass's Δ, the mean difference over the comparison
// arm's SD:
//
//	Δ = (mean_t − mean_c) / s_c
//
// It returns NaN when either arm is empty, n_c < 2 or s_c is 0.
// Glass (1976); as effectsize::glass_delta.
func GlassDelta(t, c Summary) float64 {
	if t.N < 1 || c.N < 2 || !(c.SD > 0) || math.IsInf(c.SD, 0) {
		return math.NaN()
	}
	return (t.Mean - c.Mean) / c.SD
}

// HedgesGSE is the large-sample standard error of a standardised mean
// difference g (or d) of two independent arms:
//
//	SE(g) = sqrt(N/(n_t n_c) + g²/(2N)),  N = n_t + n_c
//
// the EEF/CEM and WWC (Procedures Handbook v4.1) convention for the
// normal-approximation interval g ± z SE. Hedges & Olkin (1985), ch. 5.
// It returns NaN when an arm is empty or g is NaN.
func HedgesGSE(g float64, nt, nc int) float64 {
	if nt < 1 || nc < 1 {
		return math.NaN()
	}
	n := float64(nt + nc)
	return math.Sqrt(n/(float64(nt)*float64(nc)) + g*g/(2*n))
}

// GlassDeltaSE is the large-sample standard error of Glass's Δ:
//
//	SE(Δ) = sqrt(N/(n_t n_c) + Δ²/(2(n_c − 1)))
//
// Hedges & Olkin (1985), Statistical Methods for Meta-Analysis, ch. 5
// (the comparison SD alone estimates σ, on n_c − 1 df). NaN when n_c < 2.
func GlassDeltaSE(delta float64, nt, nc int) float64 {
	if nt < 1 || nc < 2 {
		return math.NaN()
	}
	n := float64(nt + nc)
	return math.Sqrt(n/(float64(nt)*float64(nc)) + delta*delta/(2*float64(nc-1)))
}

// zCrit returns the two-sided normal critical value z_{1−(1−conf)/2};
// NaN when conf is not in (0, 1) (gonum panics there).
func zCrit(conf float64) float64 {
	if !validConf(conf) {
		return math.NaN()
	}
	return distuv.UnitNormal.Quantile(1 - (1-conf)/2)
}

// tCrit returns the two-sided t critical value t_{1−(1−conf)/2, df};
// NaN when conf is not in (0, 1) or df <= 0.
func tCrit(conf, df float64) float64 {
	if !validConf(conf) || !(df > 0) {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(1 - (1-conf)/2)
}

// tPValue is the two-sided p-value of a t statistic on df degrees of
// freedom, 2 P(T_df >= |t|), as R's 2 * pt(-abs(t), df).
func tPValue(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// zPValue is the two-sided normal p-value of z, 2 Φ(−|z|).
func zPValue(z float64) float64 {
	if math.IsNaN(z) {
		return math.NaN()
	}
	return 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// validConf reports whether conf is a confidence level in (0, 1).
func validConf(conf float64) bool { return conf > 0 && conf < 1 }

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
		o.MonthsTable = MonthsToolkit
	}
	return o
}

// Validate reports settings that are not allowed (after defaults).
func (o Options) Validate() error {
	o = o.withDefaults()
	if !validConf(o.Confidence) {
		return fmt.Errorf("confidence level %v is not between 0 and 1 (e.g. 0.95)", o.Confidence)
	}
	if o.CIMethod != CINormal && o.CIMethod != CINoncentralT {
		return fmt.Errorf("unknown CI method %q (use %q or %q)", o.CIMethod, CINormal, CINoncentralT)
	}
	if o.MonthsTable != MonthsToolkit && o.MonthsTable != MonthsReport {
		return fmt.Errorf("unknown months' progress table %q (use %q or %q)", o.MonthsTable, MonthsToolkit, MonthsReport)
	}
	return nil
}

// newRow returns a Result with every number missing, subgroup "all".
func newRow(analysis, measure string) Result {
	return Result{
		Subgroup: "all", Analysis: analysis, Measure: measure,
		Estimate: NaN, SE: NaN, CILow: NaN, CIHigh: NaN,
		CILowAlt: NaN, CIHighAlt: NaN,
		DF: NaN, Statistic: NaN, PValue: NaN, PAdjusted: NaN,
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
	z := zCrit(o.Confidence)
	nLo, nHi := est-z*se, est+z*se
	tLo, tHi := NoncentralCI(tstat, df, o.Confidence)
	tLo, tHi = tLo*scale, tHi*scale
	r.Estimate, r.SE, r.DF = Num(est), Num(se), Num(df)
	if o.CIMethod == CINoncentralT {
		r.CILow, r.CIHigh, r.CIMethod = Num(tLo), Num(tHi), CINoncentralT
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(nLo), Num(nHi), CINormal
		r.Statistic, r.PValue = Num(tstat), Num(tPValue(tstat, df))
	} else {
		r.CILow, r.CIHigh, r.CIMethod = Num(nLo), Num(nHi), CINormal
		r.CILowAlt, r.CIHighAlt, r.CIMethodAlt = Num(tLo), Num(tHi), CINoncentralT
		r.Statistic, r.PValue = Num(est/se), Num(zPValue(est/se))
	}
	r.MonthsProgress = monthsPtr(est, o.MonthsTable)
	r.ImprovementIndex = Num(ImprovementIndex(est))
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

	md := newRow("unadjusted", "mean_difference")
	w := WelchTest(t, c, o.Confidence)
	st := StudentTest(t, c, o.Confidence)
	md.Estimate, md.SE, md.DF = Num(t.Mean-c.Mean), Num(w.SE), Num(w.DF)
	md.CILow, md.CIHigh, md.CIMethod = Num(w.Low), Num(w.High), "welch"
	md.CILowAlt, md.CIHighAlt, md.CIMethodAlt = Num(st.Low), Num(st.High), "student"
	md.Statistic, md.PValue = Num(w.T), Num(w.P)
	rows = append(rows, md)

	N := t.N + c.N
	df := float64(N - 2)
	h := 1/float64(t.N) + 1/float64(c.N)
	d := CohensD(t, c)
	rows = append(rows, smdRow(newRow("unadjusted", "cohens_d"), d, HedgesGSE(d, t.N, c.N), d/math.Sqrt(h), df, math.Sqrt(h), o))
	j := HedgesJ(df)
	g := j * d
	rows = append(rows, smdRow(newRow("unadjusted", "hedges_g"), g, HedgesGSE(g, t.N, c.N), d/math.Sqrt(h), df, j*math.Sqrt(h), o))
	gd := GlassDelta(t, c)
	hd := math.NaN()
	if c.N > 0 && t.N > 0 && c.SD > 0 {
		hd = 1/float64(c.N) + t.SD*t.SD/(float64(t.N)*c.SD*c.SD)
	}
	rows = append(rows, smdRow(newRow("unadjusted", "glass_delta"), gd, GlassDeltaSE(gd, t.N, c.N), gd/math.Sqrt(hd), float64(c.N-1), math.Sqrt(hd), o))
	for i := range rows {
		rows[i].NTreated, rows[i].NComparison = nt, nc
	}
	return rows
}
