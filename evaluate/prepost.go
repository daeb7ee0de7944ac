package evaluate

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// PrePostCaveat is the caveat every single-group pre–post result carries.
const PrePostCaveat = "no comparison group: this change cannot be attributed to the programme, " +
	"because pupils also make progress without it (OfS Type 2 evidence, EEF DIY evaluation guide)"

// DiDRow is the WWC difference-in-differences effect size of two arms
// measured before and after, with the SE that ignores the pre–post
// correlation; it is DiDRowR(preT, preC, postT, postC, NaN, o).
func DiDRow(preT, preC, postT, postC Summary, o Options) Result {
	return DiDRowR(preT, preC, postT, postC, math.NaN(), o)
}

// DiDRowR is the WWC difference-in-differences effect size
//
//	g_DiD = g_post − g_pre
//
// each g with its own pooled SD and J = 1 − 3/(4N − 9) (WWC Procedures
// Handbook v4.1, Appendix E, "difference-in-differences adjustment";
// docs/methods.md §5). Row: Analysis "did", Measure "hedges_g", CIMethod
// "normal" (no noncentral-t interval applies to a difference of two g).
//
// Its SE is the toolkit's convention (the WWC handbook's own DiD SE was
// not re-read), from the large-sample covariance of two standardised mean
// differences measured on the same pupils with correlation r, as the
// toolkit reads Gleser & Olkin (2009), Handbook of Research Synthesis and
// Meta-Analysis, 2nd ed., ch. 19 [secondary]:
//
//	Var = SE(g_post)² + SE(g_pre)² − 2 Cov
//	Cov = r (1/n_t + 1/n_c) + r² g_post g_pre / (2N)
//
// with SE(·) from HedgesGSE and n_t, n_c of the post-test. When r is NaN
// (unknown) it is taken as 0, which overstates the SE when the pre–post
// correlation is positive (as it nearly always is); the Note says which.
// NTreated/NComparison are the post-test ns.
func DiDRowR(preT, preC, postT, postC Summary, r float64, o Options) Result {
	row, why := didRow(preT, preC, postT, postC, r, o)
	addNote(&row, why)
	return row
}

// didRow is DiDRowR with the reason an undefined number is missing
// returned apart from the Note ("" when none is).
func didRow(preT, preC, postT, postC Summary, r float64, o Options) (Result, string) {
	o = o.withDefaults()
	row := newRow(AnalysisDiD, MeasureHedgesG)
	row.NTreated, row.NComparison = intPtr(postT.N), intPtr(postC.N)
	gPost, gPre := hedgesG(postT, postC), hedgesG(preT, preC)
	est := gPost - gPre
	vPost := math.Pow(effectsize.HedgesGSE(gPost, postT.N, postC.N), 2)
	vPre := math.Pow(effectsize.HedgesGSE(gPre, preT.N, preC.N), 2)
	rr := r
	if math.IsNaN(rr) || rr < -1 || rr > 1 {
		rr = 0
		row.Note = "WWC difference in differences g_post − g_pre; SE ignores the pre–post correlation (conservative when it is positive)"
	} else {
		row.Note = fmt.Sprintf("WWC difference in differences g_post − g_pre; SE uses pre–post correlation r = %s", fmtG(rr))
	}
	nt, nc := float64(postT.N), float64(postC.N)
	cov := rr*(1/nt+1/nc) + rr*rr*gPost*gPre/(2*(nt+nc))
	v := vPost + vPre - 2*cov
	row.CIMethod = CINormal
	why := ""
	switch {
	case !finite(est):
		return row, didWhy(preT, preC, postT, postC)
	case !(v > 0) || !finite(v):
		// The large-sample variance is an approximation that can reach 0
		// or below (r near 1): no interval rather than a zero-width one.
		row.Estimate = Num(est)
		why = "no standard error, interval or test: the large-sample variance of g_post − g_pre is not positive here (the pre–post correlation is near 1)"
	default:
		se := math.Sqrt(v)
		z := ttest.ZCrit(o.Confidence)
		row.Estimate, row.SE = Num(est), Num(se)
		row.CILow, row.CIHigh = Num(est-z*se), Num(est+z*se)
		row.Statistic, row.PValue = Num(est/se), Num(ttest.PValueZ(est/se))
	}
	return withMonths(row, o), why
}

// hedgesG is Hedges' g of t over c, NaN where TwoGroupRows' g is
// undefined (twoGroupWhy: a group of fewer than 2 pupils, a zero SD, ...).
func hedgesG(t, c Summary) float64 {
	if _, why, _ := twoGroupWhy(t, c); why != "" {
		return math.NaN()
	}
	return effectsize.HedgesG(t, c)
}

// didWhy says why a difference in differences is undefined: which of its
// two g is.
func didWhy(preT, preC, postT, postC Summary) string {
	for _, s := range []struct {
		when string
		t, c Summary
	}{{"after", postT, postC}, {"before", preT, preC}} {
		if _, why, _ := twoGroupWhy(s.t, s.c); why != "" {
			return "undefined, as g " + s.when + " is: " + strings.TrimPrefix(why, "undefined: ")
		}
	}
	return "undefined, as g after or before is"
}

// fmtG formats a number for a Note: up to 4 significant digits.
func fmtG(x float64) string { return fmt.Sprintf("%.4g", x) }

// PrePostRows returns the single-group pre–post rows (Analysis "paired")
// from the summary of the within-pupil differences post − pre (diff) and
// of the two time points (pre, post), all over the same pupils:
//
//   - mean_difference: the paired t-test, OneSampleTest(diff) (CIMethod
//     "t"), as R's t.test(post, pre, paired = TRUE);
//   - d_z = mean(diff)/sd(diff), with the noncentral-t interval
//     NoncentralCI(d_z √n, n − 1)/√n of R's
//     effectsize::cohens_d(post, pre, paired = TRUE) (CIMethod
//     "noncentral-t", whatever o.CIMethod says: the EEF's normal
//     convention is about two-group g) and the normal interval
//     d_z ± z sqrt(1/n + d_z²/(2n)) (the one-sample analogue of HedgesGSE;
//     Hedges & Olkin (1985), ch. 5) in the Alt fields (Lakens (2013),
//     doi:10.3389/fpsyg.2013.00863);
//   - d_av = mean(diff)/((sd_pre + sd_post)/2) (Lakens 2013);
//   - g_av = J d_av with J = 1 − 3/(4 df − 1), df = n − 1 (docs/methods.md §6).
//
// d_av and g_av get a normal interval with the SE of a standardised mean
// change, SE(d) = sqrt((1/n + d²/(2n)) · 2(1 − r)) (Borenstein, Hedges,
// Higgins & Rothstein (2009), Introduction to Meta-Analysis, ch. 4, matched groups),
// r the pre–post correlation recovered from the three SDs (sd_diff² =
// sd_pre² + sd_post² − 2 r sd_pre sd_post); g_av's SE and interval are
// J times d_av's. This is the toolkit's convention: no R package gives an
// interval for d_av.
//
// Every row carries the paired t-test's statistic, df and p-value (one
// p-value per comparison; the noncentral-t interval of d_z is that test
// inverted, so the two always agree). A measure undefined for the sample
// (fewer than 2 pupils, a zero SD, J ≤ 0) has NaN numbers and says why in
// its Note.
//
// Every row's Note starts with PrePostCaveat; NTreated is n, NComparison
// is nil, and MonthsProgress and ImprovementIndex are left empty: a
// pre–post change includes the progress pupils make anyway, so the EEF and
// WWC conversions (which compare with a comparison group) do not apply.
func PrePostRows(diff, pre, post Summary, o Options) []Result {
	o = o.withDefaults()
	n := diff.N
	fn := float64(n)
	rows := make([]Result, 0, 4)
	whys := make([]string, 0, 4)

	md := newRow(AnalysisPaired, MeasureMeanDifference)
	tt := ttest.OneSample(diff, o.Confidence)
	cmp := testOf(tt)
	whyTest := ""
	switch {
	case n < 2:
		whyTest = "undefined: fewer than 2 pupils with both scores"
	case !finite(diff.Mean, diff.SD, pre.SD, post.SD):
		whyTest = whyOverflow
	case !(diff.SD > 0):
		whyTest = "no test or interval: every pupil changed by the same amount (as R's t.test: data are essentially constant)"
	}
	if n >= 2 && whyTest != whyOverflow {
		md.Estimate, md.SE = Num(diff.Mean), Num(tt.SE)
		md.CILow, md.CIHigh, md.CIMethod = Num(tt.Low), Num(tt.High), "t"
		cmp.set(&md)
	}
	rows, whys = append(rows, md), append(whys, whyTest)

	dz, whyDZ := math.NaN(), whyTest
	if whyTest == "" {
		dz = diff.Mean / diff.SD
	} else if n >= 2 && whyTest != whyOverflow {
		whyDZ = "undefined: every pupil changed by the same amount (SD of the changes 0)"
	}
	rows = append(rows, smdRow(newRow(AnalysisPaired, MeasureDZ), dz, math.Sqrt(1/fn+dz*dz/(2*fn)), dz*math.Sqrt(fn), fn-1, 1/math.Sqrt(fn), CINoncentralT, cmp, o))
	whys = append(whys, whyDZ)

	dav, whyAv := math.NaN(), ""
	sAv := (pre.SD + post.SD) / 2
	switch {
	case n < 2 || whyTest == whyOverflow:
		whyAv = whyTest
	case !(sAv > 0):
		whyAv = "undefined: the scores do not vary before or after (SD 0)"
	default:
		dav = diff.Mean / sAv
	}
	r := math.NaN()
	if pre.SD > 0 && post.SD > 0 {
		r = (pre.SD*pre.SD + post.SD*post.SD - diff.SD*diff.SD) / (2 * pre.SD * post.SD)
		r = math.Max(-1, math.Min(1, r))
	}
	seAv := math.Sqrt((1/fn + dav*dav/(2*fn)) * 2 * (1 - r))
	j := effectsize.HedgesJ(fn - 1)
	for _, m := range []struct {
		name Measure
		k    float64
	}{{MeasureDAv, 1}, {MeasureGAv, j}} {
		row := newRow(AnalysisPaired, m.name)
		why := whyAv
		est, se := m.k*dav, m.k*seAv
		if why == "" && math.IsNaN(m.k) {
			why, est = "undefined: too few pupils for the small-sample correction J = 1 − 3/(4 df − 1) (J ≤ 0)", math.NaN()
		}
		if finite(est) {
			row.Estimate, row.CIMethod = Num(est), CINormal
			if se > 0 && finite(se) {
				z := ttest.ZCrit(o.Confidence)
				row.SE, row.CILow, row.CIHigh = Num(se), Num(est-z*se), Num(est+z*se)
			} else if why == "" {
				why = "no interval: its standard error is 0 (every pupil changed by the same amount)"
			}
			cmp.set(&row)
		}
		rows, whys = append(rows, row), append(whys, why)
	}
	for i := range rows {
		rows[i].NTreated = intPtr(n)
		rows[i].NComparison = nil
		rows[i].MonthsProgress = nil
		rows[i].ImprovementIndex = NaN
		rows[i].Note = PrePostCaveat
		addNote(&rows[i], whys[i])
	}
	return rows
}
