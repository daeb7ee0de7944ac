package evaluate

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/rating"
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
	o = o.withDefaults()
	row := newRow(AnalysisDiD, MeasureHedgesG)
	row.NTreated, row.NComparison = intPtr(postT.N), intPtr(postC.N)
	gPost, gPre := effectsize.HedgesG(postT, postC), effectsize.HedgesG(preT, preC)
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
	if v < 0 {
		v = 0
	}
	se := math.Sqrt(v)
	row.Estimate, row.SE = Num(est), Num(se)
	if !math.IsNaN(est) && se > 0 {
		z := ttest.ZCrit(o.Confidence)
		row.CILow, row.CIHigh = Num(est-z*se), Num(est+z*se)
		row.Statistic, row.PValue = Num(est/se), Num(ttest.PValueZ(est/se))
	}
	row.CIMethod = CINormal
	row.MonthsProgress = monthsPtr(est, o.MonthsTable)
	row.ImprovementIndex = Num(rating.ImprovementIndex(est))
	return row
}

// fmtG formats a number for a Note: up to 4 significant digits.
func fmtG(x float64) string { return fmt.Sprintf("%.4g", x) }

// PrePostRows returns the single-group pre–post rows (Analysis "paired")
// from the summary of the within-pupil differences post − pre (diff) and
// of the two time points (pre, post), all over the same pupils:
//
//   - mean_difference: the paired t-test, OneSampleTest(diff) (CIMethod
//     "t"), as R's t.test(post, pre, paired = TRUE);
//   - d_z = mean(diff)/sd(diff), with the normal interval
//     d_z ± z sqrt(1/n + d_z²/(2n)) (the one-sample analogue of HedgesGSE;
//     Hedges & Olkin (1985), ch. 5) and the noncentral-t interval
//     NoncentralCI(d_z √n, n − 1)/√n of R's
//     effectsize::cohens_d(post, pre, paired = TRUE); o.CIMethod picks
//     which is shown (Lakens (2013), doi:10.3389/fpsyg.2013.00863);
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
// Every row's Note is PrePostCaveat; NTreated is n, NComparison is nil,
// and MonthsProgress and ImprovementIndex are left empty: a pre–post
// change includes the progress pupils make anyway, so the EEF and WWC
// conversions (which compare with a comparison group) do not apply.
func PrePostRows(diff, pre, post Summary, o Options) []Result {
	o = o.withDefaults()
	n := diff.N
	rows := make([]Result, 0, 4)

	md := newRow(AnalysisPaired, MeasureMeanDifference)
	tt := ttest.OneSample(diff, o.Confidence)
	md.Estimate, md.SE, md.DF = Num(diff.Mean), Num(tt.SE), Num(tt.DF)
	md.CILow, md.CIHigh, md.CIMethod = Num(tt.Low), Num(tt.High), "t"
	md.Statistic, md.PValue = Num(tt.T), Num(tt.P)
	if n < 2 {
		md.Estimate = NaN
	}
	rows = append(rows, md)

	dz := math.NaN()
	if n >= 2 && diff.SD > 0 && !math.IsInf(diff.SD, 0) {
		dz = diff.Mean / diff.SD
	}
	fn := float64(n)
	dzRow := smdRow(newRow(AnalysisPaired, MeasureDZ), dz, math.Sqrt(1/fn+dz*dz/(2*fn)), dz*math.Sqrt(fn), fn-1, 1/math.Sqrt(fn), o)
	rows = append(rows, dzRow)

	dav := math.NaN()
	sAv := (pre.SD + post.SD) / 2
	if n >= 2 && sAv > 0 && !math.IsInf(sAv, 0) {
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
		est, se := m.k*dav, m.k*seAv
		row.Estimate, row.SE, row.DF, row.CIMethod = Num(est), Num(se), Num(fn-1), CINormal
		if !math.IsNaN(est) && se > 0 {
			z := ttest.ZCrit(o.Confidence)
			row.CILow, row.CIHigh = Num(est-z*se), Num(est+z*se)
			row.Statistic, row.PValue = Num(est/se), Num(ttest.PValueZ(est/se))
		}
		if math.IsNaN(est) {
			row.DF = NaN
		}
		rows = append(rows, row)
	}
	for i := range rows {
		rows[i].NTreated = intPtr(n)
		rows[i].NComparison = nil
		rows[i].MonthsProgress = nil
		rows[i].ImprovementIndex = NaN
		rows[i].Note = PrePostCaveat
	}
	return rows
}
