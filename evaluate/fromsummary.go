package evaluate

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// SummaryInput is what `whatworks effect` knows: each arm's n, mean and
// SD after the programme, optionally the same before it (PreTreated,
// PreComparison) and the pre–post correlation (NaN if unknown). A
// Comparison with N == 0 means a single group (pre–post): then PreTreated
// and PrePostR are required.
type SummaryInput struct {
	Treated, Comparison       Summary
	PreTreated, PreComparison *Summary
	PrePostR                  float64 // NaN if unknown
	Options                   Options
}

// checkSummary returns a clear error when s cannot enter the analysis.
func checkSummary(what string, s Summary) error {
	switch {
	case s.N < 2:
		return fmt.Errorf("%s: n = %d, need at least 2 pupils", what, s.N)
	case math.IsNaN(s.Mean) || math.IsInf(s.Mean, 0):
		return fmt.Errorf("%s: mean %v is not a number", what, s.Mean)
	case math.IsNaN(s.SD) || math.IsInf(s.SD, 0):
		return fmt.Errorf("%s: SD %v is not a number", what, s.SD)
	case s.SD <= 0:
		return fmt.Errorf("%s: SD %v must be greater than 0 (an SD of 0 means every pupil scored the same)", what, s.SD)
	}
	return nil
}

// FromSummary computes the rows `whatworks effect` reports from summary
// statistics alone (no I/O):
//
//   - two arms: TwoGroupRows (Analysis "unadjusted");
//   - with pre-test summaries for both arms: the baseline difference
//     (Analysis "baseline", Measure "smd_pretest": Hedges' g of the
//     pre-test, normal interval, Welch's t-test of the pre-test means,
//     its WWC baseline-equivalence class in Note) and the WWC difference in differences (DiDRowR, Analysis
//     "did");
//   - with the pre–post correlation as well: the gain-score comparison
//     (Analysis "gain", Measure "mean_difference": Welch's t-test of the
//     mean gains, each arm's gain SD from DiffSD), which needs the same n
//     before and after in each arm;
//   - a single group (Comparison.N == 0) with pre-test summary and
//     correlation: PrePostRows, the differences' SD from DiffSD.
//
// It returns an error naming the bad value for n < 2, a non-positive or
// missing SD, a missing mean, a correlation outside [−1, 1], or bad
// Options.
func FromSummary(in SummaryInput) ([]Result, error) {
	o := in.Options.withDefaults()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	r := in.PrePostR
	if !math.IsNaN(r) && (r < -1 || r > 1) {
		return nil, fmt.Errorf("pre–post correlation %v is not between -1 and 1", r)
	}
	if err := checkSummary("intervention group", in.Treated); err != nil {
		return nil, err
	}
	if in.Comparison.N == 0 && in.Comparison.Mean == 0 && in.Comparison.SD == 0 {
		// Single group, pre–post.
		if in.PreComparison != nil {
			return nil, fmt.Errorf("comparison group: pre-test given but no post-test summary")
		}
		if in.PreTreated == nil {
			return nil, fmt.Errorf("no comparison group and no pre-test: give the comparison group's n, mean and SD, or the pre-test's (with the pre–post correlation) for a pre–post analysis")
		}
		if err := checkSummary("pre-test", *in.PreTreated); err != nil {
			return nil, err
		}
		if math.IsNaN(r) {
			return nil, fmt.Errorf("pre–post analysis needs the correlation between pre-test and post-test scores (the SD of the changes depends on it)")
		}
		pre, post := *in.PreTreated, in.Treated
		if pre.N != post.N {
			return nil, fmt.Errorf("pre-test n = %d but post-test n = %d: a pre–post analysis needs the same pupils at both times (give the n of pupils with both scores)", pre.N, post.N)
		}
		diff := Summary{N: post.N, Mean: post.Mean - pre.Mean, SD: sample.DiffSD(pre, post, r)}
		if !(diff.SD > 0) {
			return nil, fmt.Errorf("pre–post correlation %v with these SDs leaves the changes an SD of 0", r)
		}
		rows := PrePostRows(diff, pre, post, o)
		noteDisagreement(rows, o.Confidence)
		return rows, nil
	}
	if err := checkSummary("comparison group", in.Comparison); err != nil {
		return nil, err
	}
	rows := TwoGroupRows(in.Treated, in.Comparison, o)
	if in.PreTreated == nil && in.PreComparison == nil {
		noteDisagreement(rows, o.Confidence)
		return rows, nil
	}
	if in.PreTreated == nil || in.PreComparison == nil {
		return nil, fmt.Errorf("pre-test summary given for one group only: give it for both the intervention and the comparison group")
	}
	preT, preC := *in.PreTreated, *in.PreComparison
	if err := checkSummary("intervention group pre-test", preT); err != nil {
		return nil, err
	}
	if err := checkSummary("comparison group pre-test", preC); err != nil {
		return nil, err
	}

	base := newRow(AnalysisBaseline, MeasureSMDPretest)
	g := effectsize.HedgesG(preT, preC)
	se := effectsize.HedgesGSE(g, preT.N, preC.N)
	z := ttest.ZCrit(o.Confidence)
	base.Estimate, base.SE = Num(g), Num(se)
	base.CILow, base.CIHigh, base.CIMethod = Num(g-z*se), Num(g+z*se), CINormal
	testOf(ttest.Welch(preT, preC, o.Confidence)).set(&base) // the comparison of the pretests
	base.NTreated, base.NComparison = intPtr(preT.N), intPtr(preC.N)
	base.Note = "WWC baseline equivalence: " + rating.WWCClass(g)
	rows = append(rows, base)
	rows = append(rows, DiDRowR(preT, preC, in.Treated, in.Comparison, r, o))

	if math.IsNaN(r) {
		noteDisagreement(rows, o.Confidence)
		return rows, nil
	}
	if preT.N != in.Treated.N {
		return nil, fmt.Errorf("intervention group: pre-test n = %d but post-test n = %d: gain scores need the same pupils at both times (give the n of pupils with both scores, or leave out the correlation)", preT.N, in.Treated.N)
	}
	if preC.N != in.Comparison.N {
		return nil, fmt.Errorf("comparison group: pre-test n = %d but post-test n = %d: gain scores need the same pupils at both times (give the n of pupils with both scores, or leave out the correlation)", preC.N, in.Comparison.N)
	}
	gt := Summary{N: in.Treated.N, Mean: in.Treated.Mean - preT.Mean, SD: sample.DiffSD(preT, in.Treated, r)}
	gc := Summary{N: in.Comparison.N, Mean: in.Comparison.Mean - preC.Mean, SD: sample.DiffSD(preC, in.Comparison, r)}
	w := ttest.Welch(gt, gc, o.Confidence)
	gain := newRow(AnalysisGain, MeasureMeanDifference)
	gain.Estimate, gain.SE, gain.DF = Num(gt.Mean-gc.Mean), Num(w.SE), Num(w.DF)
	gain.CILow, gain.CIHigh, gain.CIMethod = Num(w.Low), Num(w.High), "welch"
	gain.Statistic, gain.PValue = Num(w.T), Num(w.P)
	gain.NTreated, gain.NComparison = intPtr(gt.N), intPtr(gc.N)
	gain.Note = fmt.Sprintf("gain scores (post − pre); SD of the gains from the pre–post correlation r = %s", fmtG(r))
	rows = append(rows, gain)
	noteDisagreement(rows, o.Confidence)
	return rows, nil
}
