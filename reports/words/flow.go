package words

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
)

// This file: the pupils of each outcome's headline in words, arm by arm,
// from evaluate's flow (Report.Flow): how many were in the data, had an
// outcome, had a pretest too, and were analysed.

// PupilFlow says, for each outcome with a flow, how many pupils of each
// arm were allocated (when the design says), in the data, with an outcome,
// with a pretest too (when the headline uses it), with each value the
// headline also needs when some lacked it, and analysed in the headline:
//
//	Reading: programme group 100 pupils in the data (104 allocated), 95
//	with an outcome, 93 with a pretest too, 93 analysed; comparison
//	group 126 in the data (130 allocated), 118 with an outcome, 111 with a
//	pretest too, 111 analysed.
func PupilFlow(r *evaluate.Report) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, f := range r.Flow {
		if s := FlowSentence(r, f); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// FlowSentence is PupilFlow's sentence of flow f ("" for a flow of a
// subgroup level, or without arms).
func FlowSentence(r *evaluate.Report, f evaluate.Flow) string {
	if f.Subgroup != evaluate.SubgroupAll && f.Subgroup != "" || len(f.Arms) == 0 {
		return ""
	}
	name := ShortLabels(r)[f.Outcome]
	if name == "" {
		name = f.Outcome
	}
	pre := usesPretest(r, f)
	var arms []string
	for k, a := range f.Arms {
		arms = append(arms, armFlow(a, f.Cluster, pre, k == 0, len(f.Arms) == 1))
	}
	return Sentence(lead(name) + ": " + strings.Join(arms, "; "))
}

// FlowCaveats are flow f's caveats (high attrition, pupils without a
// pretest) as every output words caveats (Caveats).
func FlowCaveats(r *evaluate.Report, f evaluate.Flow) []string {
	if len(f.Caveats) == 0 {
		return nil
	}
	c := *r
	c.Caveats = f.Caveats
	return Caveats(&c)
}

// usesPretest reports whether the headline of flow f adjusts for (or
// compares with) the outcome's pretest, so that pupils without one are
// left out of it.
func usesPretest(r *evaluate.Report, f evaluate.Flow) bool {
	info := OutcomeInfo(r, f.Outcome)
	if info == nil || info.Pretest == "" {
		return false
	}
	switch f.Analysis {
	case evaluate.AnalysisANCOVA, evaluate.AnalysisLogistic, evaluate.AnalysisMultilevel,
		evaluate.AnalysisClusterRobust, evaluate.AnalysisPaired:
		return true
	case evaluate.AnalysisClusterCorrected:
		return f.Measure == evaluate.MeasureHedgesGAdjusted
	}
	return false
}

// armFlow is one arm's pupils in words: "programme group 100 pupils in
// the data (104 allocated), 95 with an outcome, 93 with a pretest too, 93
// analysed" (first: with "pupils"; one: a single group), with the
// clusters of column cluster in data and analysed when they are counted:
// "1640 pupils (66 classes) in the data, ..., 1640 analysed (66 classes)".
func armFlow(a evaluate.FlowArm, cluster string, pre, first, one bool) string {
	who := ArmName(a.Arm)
	switch {
	case one && a.Arm == "all":
		who = ""
	case a.Pool:
		who = "comparison pool"
	case a.Arm == evaluate.ArmIntervention:
		who = "programme group"
	case a.Arm == evaluate.ArmComparison:
		who = "comparison group"
	}
	pupils := ""
	if first {
		pupils = " pupils"
	}
	clusters := func(n int) string { return "" }
	if cluster != "" && a.ClustersInData > 0 {
		noun, nouns := evaluate.ClusterNouns(cluster)
		clusters = func(n int) string {
			if n == 1 {
				return fmt.Sprintf(" (1 %s)", noun)
			}
			return fmt.Sprintf(" (%d %s)", n, nouns)
		}
	}
	if publish.IsCount(a.InData) || publish.IsCount(a.Analysed) {
		s := "numbers withheld under the publishing rules (a group of too few pupils)"
		if who != "" {
			s = who + ": " + s
		}
		return s
	}
	s := fmt.Sprintf("%d%s%s in the data", a.InData, pupils, clusters(a.ClustersInData))
	if who != "" {
		s = who + " " + s
	}
	if a.AllocationKnown && a.Allocated != a.InData {
		s += fmt.Sprintf(" (%d allocated)", a.Allocated)
	}
	left := a.InData
	count := func(reason string) int {
		n := 0
		for _, l := range a.LeftOut {
			if l.Reason == reason {
				n += l.Count
			}
		}
		return n
	}
	var steps []string
	if n := count(evaluate.ReasonNotMatched); n > 0 {
		left -= n
		steps = append(steps, fmt.Sprintf("%d matched", left))
	}
	left -= count(evaluate.ReasonMissingOutcome)
	steps = append(steps, fmt.Sprintf("%d with an outcome", left))
	if pre {
		left -= count(evaluate.ReasonMissingPretest)
		steps = append(steps, fmt.Sprintf("%d with a pretest too", left))
	}
	for _, l := range a.LeftOut {
		switch {
		case l.Reason == evaluate.ReasonNotMatched, l.Reason == evaluate.ReasonMissingOutcome,
			l.Reason == evaluate.ReasonMissingPretest, l.Reason == evaluate.ReasonOther, l.Count == 0:
			continue
		case strings.HasPrefix(l.Reason, "missing "):
			// "missing covariate gender", "missing school (cluster)"
			what := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(l.Reason, "missing "), "covariate "), " (cluster)")
			left -= l.Count
			steps = append(steps, fmt.Sprintf("%d with a value of %s", left, what))
		}
	}
	steps = append(steps, fmt.Sprintf("%d analysed%s", a.Analysed, clusters(a.ClustersAnalysed)))
	return s + ", " + strings.Join(steps, ", ")
}
