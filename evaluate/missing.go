package evaluate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate/rating"
)

// This file: the caveats about pupils lost or missing, said in words
// after the ratings (Run): attrition that the What Works Clearinghouse
// counts as high, and a headline model that leaves out many pupils with an
// outcome because their pretest is missing. Both read the flow of each
// outcome's pupils (flow.go) and its attrition (security.go), so they
// agree with the Security panel and the flow diagram.

// completeShare is the share of the pupils with an outcome below which a
// headline model that needs the pretest (and covariates) draws a caveat:
// with more than a tenth of them left out, the adjusted estimate may
// describe a different set of pupils from the unadjusted one.
const completeShare = 0.9

// missingCaveats adds, for each outcome's headline for all pupils, the
// caveats of attritionCaveat and completeCaseCaveat, to the report's
// caveats and to the outcome's flow (Flow.Caveats).
func (r *runner) missingCaveats() {
	for k := range r.rep.Security {
		s := &r.rep.Security[k]
		if s.Subgroup != SubgroupAll {
			continue
		}
		oc := r.outcome(s.Outcome)
		if oc == nil {
			continue
		}
		var cs []string
		if c := attritionCaveat(oc.Name(), s.Attrition, r.in.Design == DesignMatched); c != "" {
			cs = append(cs, c)
		}
		if c := r.completeCaseCaveat(oc, s.Flow); c != "" {
			cs = append(cs, c)
		}
		r.rep.Caveats = append(r.rep.Caveats, cs...)
		for i := range r.rep.Flow {
			if f := &r.rep.Flow[i]; f.Outcome == s.Outcome && f.Subgroup == SubgroupAll && len(cs) > 0 {
				f.Caveats = append(f.Caveats, cs...)
			}
		}
	}
}

// outcome returns the input outcome of column col, or nil.
func (r *runner) outcome(col string) *Outcome {
	for k := range r.in.Outcomes {
		if r.in.Outcomes[k].Column == col {
			return &r.in.Outcomes[k]
		}
	}
	return nil
}

// overallLoss is the share of pupils lost from allocation to analysis
// above which a loss the WWC counts as low still draws a caveat: the EEF's
// security rating already allows at most 3 padlocks for it (docs/methods.md
// §16), and the pupils analysed may no longer stand for those who started.
const overallLoss = 0.2

// attritionCaveat words the attrition a of an outcome's headline when the
// What Works Clearinghouse classes it as high (rating.Attrition: overall
// attrition above its table, or a differential between the arms above the
// boundary at that overall rate; WWC Standards Handbook v4.1, Table II.1),
// or else when more than overallLoss of the pupils were lost (one group, a
// matched design's programme pupils, or two groups that lost similar
// shares); "" otherwise.
// In a matched design (matched) only the programme pupils' losses count.
func attritionCaveat(name string, a rating.AttritionRates, matched bool) string {
	c := a.Counts
	allocated := c.AllocatedTreated + c.AllocatedComparison
	lost := allocated - c.AnalysedTreated - c.AnalysedComparison
	from := "allocated"
	if !c.AllocationKnown {
		from = "in the data"
	}
	who := "pupils"
	if matched {
		who = "programme pupils"
	}
	head := fmt.Sprintf("%s: %s of the %s %s %s (%s) were not analysed", name, count(lost), count(allocated), who, from, percent(a.Overall))
	if a.Class != rating.AttritionHigh || a.OneGroup {
		if !(a.Overall > overallLoss) {
			return ""
		}
		if a.OneGroup {
			return head + ": with so many lost, the pupils analysed may not stand for all those who started"
		}
		return head + fmt.Sprintf(": %s of the programme group and %s of the comparison group. The groups lost similar shares, which the What Works "+
			"Clearinghouse counts as low attrition, but with so many lost the pupils analysed may not stand for all those who started",
			percent(a.Treated), percent(a.Comparison))
	}
	s := head + fmt.Sprintf(": %s of the programme group and %s of the comparison group, %s percentage points apart",
		percent(a.Treated), percent(a.Comparison), strconv.FormatFloat(100*a.Differential, 'f', 1, 64))
	switch {
	case a.Row < 0:
		s += ". The What Works Clearinghouse counts losing more than 65% as high attrition"
	case math.IsNaN(a.MaxDifferential):
		s += fmt.Sprintf(". The What Works Clearinghouse counts losing %d%% as high attrition whatever the difference between the groups (%s boundary)",
			a.Row, a.Boundary)
	default:
		s += fmt.Sprintf(". The What Works Clearinghouse counts this as high attrition: at %d%% lost overall, its %s boundary allows the groups "+
			"to be at most %s points apart", a.Row, a.Boundary, strconv.FormatFloat(100*a.MaxDifferential, 'f', 1, 64))
	}
	return s + ", so the pupils analysed in the two groups may no longer be alike, and the result is less secure " +
		"(the Summary's Security panel and the flow diagram show where they were lost)"
}

// completeCaseCaveat says when the headline model of outcome oc, which
// needs the pretest, leaves out more than a tenth of the pupils with an
// outcome (completeShare) and some of them for want of a pretest: those
// pupils may differ from the rest, so it names the unadjusted result of
// every pupil with an outcome beside it. "" otherwise.
func (r *runner) completeCaseCaveat(oc *Outcome, f Flow) string {
	if oc.Pre == nil {
		return ""
	}
	var withOutcome, analysed, noPretest, noCovariate int
	for _, a := range f.Arms {
		withOutcome += a.InData
		analysed += a.Analysed
		for _, l := range a.LeftOut {
			switch {
			case l.Reason == ReasonMissingOutcome || l.Reason == ReasonNotMatched:
				withOutcome -= l.Count
			case l.Reason == ReasonMissingPretest:
				noPretest += l.Count
			case strings.HasPrefix(l.Reason, reasonMissingCovariate("")):
				noCovariate += l.Count
			}
		}
	}
	if noPretest == 0 || withOutcome == 0 || float64(analysed) >= completeShare*float64(withOutcome) {
		return ""
	}
	why := fmt.Sprintf("%s have no pretest", count(noPretest))
	if noPretest == 1 {
		why = "1 has no pretest"
	}
	if noCovariate > 0 {
		why += fmt.Sprintf(" and %s no value of a covariate", count(noCovariate))
	}
	s := fmt.Sprintf("%s: the headline estimate, adjusted for the pretest, uses %s of the %s pupils with an outcome (%s): %s. "+
		"Pupils without a pretest may differ from the others", oc.Name(), count(analysed), count(withOutcome),
		percent(float64(analysed)/float64(withOutcome)), why)
	u := r.unadjustedRow(oc, f.Measure)
	if u == nil {
		return s
	}
	n := 0
	if u.NTreated != nil {
		n += *u.NTreated
	}
	if u.NComparison != nil {
		n += *u.NComparison
	}
	s += fmt.Sprintf(", so compare the unadjusted result of all %s pupils with an outcome: %s", count(n), rowText(u, r.o.Confidence))
	if r.clustered() {
		s += " (which treats pupils as independent, so its interval is too narrow)"
	}
	return s
}

// unadjustedRow is the all-pupil row that compares every pupil with an
// outcome, on the scale of headline measure m: the unadjusted (or, in a
// matched design, the matched-sample) effect size or risk difference; nil
// when there is none with an estimate.
func (r *runner) unadjustedRow(oc *Outcome, m Measure) *Result {
	want := MeasureHedgesG
	if m == MeasureRiskDifference {
		want = MeasureRiskDifference
	}
	analysis := AnalysisUnadjusted
	if r.in.Design == DesignMatched {
		analysis = AnalysisMatched
	}
	for i := range r.rep.Results {
		x := &r.rep.Results[i]
		if x.Outcome == oc.Column && x.Subgroup == SubgroupAll && x.Analysis == analysis && x.Measure == want && finite(float64(x.Estimate)) {
			return x
		}
	}
	return nil
}

// rowText is "g = 0.12 (95% CI 0.02 to 0.21, p = 0.016)", or for a risk
// difference "a difference of 4.1 percentage points (95% CI ...)".
func rowText(x *Result, conf float64) string {
	scale, unit := 1.0, ""
	s := "g = "
	if x.Measure == MeasureRiskDifference {
		scale, unit, s = 100, " points", "a difference of "
	}
	num := func(v Num) string { return strconv.FormatFloat(scale*float64(v), 'f', 2, 64) }
	if x.Measure == MeasureRiskDifference {
		num = func(v Num) string { return strconv.FormatFloat(scale*float64(v), 'f', 1, 64) }
	}
	s += num(x.Estimate) + unit
	var in []string
	if finite(float64(x.CILow)) && finite(float64(x.CIHigh)) {
		in = append(in, fmt.Sprintf("%s%% CI %s to %s", strconv.FormatFloat(100*conf, 'g', -1, 64), num(x.CILow), num(x.CIHigh)))
	}
	if p := float64(x.PValue); finite(p) {
		if p < 0.001 {
			in = append(in, "p < 0.001")
		} else {
			in = append(in, "p = "+strconv.FormatFloat(p, 'f', 3, 64))
		}
	}
	if len(in) > 0 {
		s += " (" + strings.Join(in, ", ") + ")"
	}
	return s
}

// percent is a proportion as a whole per cent: "27%" ("0.4%" below 1%).
func percent(p float64) string {
	if p > 0 && p < 0.01 {
		return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(100*p), 'f', 0, 64) + "%"
}

// count is n with thousands separated by commas: 1725 is "1,725".
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
