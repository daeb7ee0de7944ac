package evaluate

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/ranks"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// The analyses of ordered answers (docs/methods.md §12): Likert items and
// scale scores compared by ranks, without assuming equal steps between
// the answers.

// NoteInterval is added to the rows of a scale score analysed as a
// continuous outcome.
const NoteInterval = "treats the scale score as interval (equal steps between answers); the rank_biserial rows do not"

// RankBiserialRow is the unadjusted / rank_biserial row comparing the
// treated answers x with the comparison answers y (NaN left out): the
// rank-biserial correlation r = 2U/(n1 n2) − 1, U the Mann–Whitney U of
// the treated arm, with the interval tanh(atanh(r) ± z SE)
// (effectsize::rank_biserial), and the p of the Mann–Whitney test as R's
// wilcox.test(x, y, correct = TRUE): exact when both arms have fewer than
// 50 pupils and no answers are tied, else the normal approximation with
// the tie and continuity corrections (Statistic z), the note saying which.
func RankBiserialRow(x, y []float64, o Options) (Result, error) {
	return rankBiserialRow(x, y, o, ranks.MannWhitney)
}

// rankBiserialRow is RankBiserialRow with the Mann–Whitney test mw:
// ranks.MannWhitney, or ranks.MannWhitneyInPlace for copies of the arms'
// values made for it.
func rankBiserialRow(x, y []float64, o Options, mw func(x, y []float64, m ranks.Method) (ranks.RankSum, error)) (Result, error) {
	o = o.withDefaults()
	row := newRow(AnalysisUnadjusted, MeasureRankBiserial)
	t, err := mw(x, y, ranks.Auto)
	if err != nil {
		return row, err
	}
	c, err := ranks.RankBiserialOf(t, o.Confidence)
	if err != nil {
		return row, err
	}
	row.Estimate, row.SE, row.CILow, row.CIHigh = Num(c.R), Num(c.SE), Num(c.CILow), Num(c.CIHigh)
	if !math.IsNaN(c.CILow) {
		row.CIMethod = "fisher-z"
	}
	row.PValue = Num(t.P)
	row.NTreated, row.NComparison = intPtr(t.N1), intPtr(t.N2)
	how := "exact p (no ties, fewer than 50 pupils per arm)"
	if !t.Exact {
		row.Statistic = Num(t.Z)
		how = "p by the normal approximation with tie and continuity corrections"
	}
	row.Note = fmt.Sprintf("rank-biserial correlation 2U/(n1 n2) − 1: the chance an intervention pupil's answer is higher than a comparison pupil's "+
		"minus the reverse; Mann–Whitney W = %s, %s", fmtG(t.W), how)
	addNote(&row, joinNotes(t.Note, t.Reason, c.Reason))
	return row, nil
}

// armSize is the number of g's pupils in arm a (from g.split), for
// sizing copies of an arm's values exactly.
func (r *runner) armSize(g group, a int8) int {
	name := map[int8]string{Treated: ArmIntervention, Comparison: ArmComparison}[a]
	for _, s := range g.split {
		if s.name == name {
			return len(s.rows)
		}
	}
	return 0
}

// rankRow is the rank_biserial row of one group of pupils of a two-arm
// design (nil when an arm has no answers).
func (r *runner) rankRow(oc *Outcome, g group, robustness bool) []Result {
	x := make([]float64, 0, r.armSize(g, Treated))
	y := make([]float64, 0, r.armSize(g, Comparison))
	for _, i := range g.rows {
		v := oc.Y[i]
		if math.IsNaN(v) {
			continue
		}
		switch r.in.Arm[i] {
		case Treated:
			x = append(x, v)
		case Comparison:
			y = append(y, v)
		}
	}
	if len(x) == 0 || len(y) == 0 {
		return nil
	}
	row, err := rankBiserialRow(x, y, r.o, ranks.MannWhitneyInPlace)
	if err != nil {
		return nil
	}
	if robustness {
		row.Note = "robustness check by ranks (no assumption of a normal distribution or equal steps): " + row.Note
	}
	return label([]Result{row}, oc, g.name, "")
}

// ordinalTwoArmGroup is the analyses of an ordinal outcome for one group
// of pupils of a two-arm design: the rank_biserial row.
func (r *runner) ordinalTwoArmGroup(oc *Outcome, g group, all bool) []Result {
	t, c := armSummaries(oc.Y, r.in.Arm, g.rows)
	if all && oc.Scale == "" {
		r.exclude(oc, AnalysisUnadjusted, ReasonMissingOutcome, len(g.rows)-t.N-c.N)
		r.smallAndMissing(oc, t, c)
		r.balance(oc, nonMissing(oc.Y, g.rows))
	}
	if t.N == 0 || c.N == 0 {
		if oc.Scale == "" {
			r.caveat("%s, %s: no %s pupils with an answer, so the arms cannot be compared", oc.Name(), g.name, emptyArm(t.N))
		}
		return nil
	}
	return r.rankRow(oc, g, false)
}

// ordinalPaired is the before/after comparison of ordered answers over the
// pupils of rows with both (Analysis "paired"):
//
//   - mean_pre, mean_post: the means before and after, t intervals;
//   - proportion_higher, proportion_lower: the shares of pupils whose
//     answer (score) rose and fell, Wilson intervals;
//   - rank_biserial: the matched-pairs rank-biserial correlation
//     (T⁺ − T⁻)/S over the non-zero changes, with the p of the Wilcoxon
//     signed-rank test as R's wilcox.test(post, pre, paired = TRUE,
//     correct = TRUE) (exact with fewer than 50 changes, none tied or
//     zero; else the normal approximation, Statistic z).
func (r *runner) ordinalPaired(oc *Outcome, rows []int32) []Result {
	both := bothScores(oc, rows)
	if len(both) == 0 {
		return nil
	}
	pre, post := gather(oc.Pre, both), gather(oc.Y, both)
	n := len(both)
	var up, down int
	for k := range pre {
		switch {
		case post[k] > pre[k]:
			up++
		case post[k] < pre[k]:
			down++
		}
	}
	var out []Result
	for _, m := range []struct {
		measure Measure
		x       []float64
		when    string
	}{{MeasureMeanPre, pre, "before"}, {MeasureMeanPost, post, "after"}} {
		row := newRow(AnalysisPaired, m.measure)
		s := sample.Of(m.x)
		row.Estimate = Num(s.Mean)
		if s.N >= 2 {
			tt := ttest.OneSample(s, r.o.Confidence)
			row.SE, row.CILow, row.CIHigh, row.CIMethod, row.DF = Num(tt.SE), Num(tt.Low), Num(tt.High), "t", Num(tt.DF)
		}
		row.Note = fmt.Sprintf("mean %s of the %d pupils with both answers", m.when, n)
		out = append(out, row)
	}
	out = append(out,
		proportionRow(AnalysisPaired, MeasureProportionHigher, up, n, "pupils with a higher answer after than before", r.o),
		proportionRow(AnalysisPaired, MeasureProportionLower, down, n, "pupils with a lower answer after than before", r.o))
	rb := newRow(AnalysisPaired, MeasureRankBiserial)
	t, err := ranks.WilcoxonSignedRank(post, pre, ranks.Auto)
	if err == nil {
		c, err := ranks.PairedRankBiserial(post, pre, r.o.Confidence)
		if err == nil {
			rb.Estimate, rb.SE, rb.CILow, rb.CIHigh = Num(c.R), Num(c.SE), Num(c.CILow), Num(c.CIHigh)
			if !math.IsNaN(c.CILow) {
				rb.CIMethod = "fisher-z"
			}
			rb.PValue = Num(t.P)
			how := "exact p"
			if !t.Exact {
				rb.Statistic = Num(t.Z)
				how = "p by the normal approximation with tie and continuity corrections"
			}
			rb.Note = fmt.Sprintf("matched-pairs rank-biserial correlation over the %d pupils whose answer changed "+
				"(%d unchanged left out): the share of the ranked change upwards minus downwards; Wilcoxon signed-rank V = %s, %s",
				t.N, t.Zeros, fmtG(t.V), how)
			addNote(&rb, joinNotes(t.Note, t.Reason, c.Reason))
		}
	}
	out = append(out, rb)
	for i := range out {
		out[i].NTreated = intPtr(n)
	}
	return out
}

// treatedOnly reports whether outcome oc of a two-arm design is a survey
// answer (binary or ordinal) with a pretest that no comparison pupil gave:
// a questionnaire only participants filled in. It is then compared before
// and after among the intervention pupils.
func (r *runner) treatedOnly(oc *Outcome) bool {
	if !r.twoArm() || oc.Pre == nil || (oc.Type != TypeBinary && oc.Type != TypeOrdinal) {
		return false
	}
	some := false
	for i, a := range r.in.Arm {
		switch {
		case a == Comparison && !math.IsNaN(oc.Y[i]):
			return false
		case a == Treated && !math.IsNaN(oc.Y[i]):
			some = true
		}
	}
	return some
}

// surveyPaired is the before/after rows of a binary or ordinal outcome (and
// a scale score also as a continuous outcome) over rows: a pre-post
// design's group, or the intervention pupils of a two-arm design whose
// comparison pupils were not asked (treatedOnly).
func (r *runner) surveyPaired(oc *Outcome, g group, all bool) []Result {
	rows := g.rows
	if r.twoArm() {
		rows = g.split[0].rows // intervention
	}
	if all {
		missY, missPre := missingScores(oc, rows)
		r.exclude(oc, AnalysisPaired, ReasonMissingOutcome, missY)
		r.exclude(oc, AnalysisPaired, ReasonMissingPretest, missPre)
		if n := len(bothScores(oc, rows)); n < smallArm {
			r.caveat("%s: %s (%d pupils with both answers)", oc.Name(), CaveatSmallSamples, n)
		}
	}
	var out []Result
	switch oc.Type {
	case TypeBinary:
		if !isBinary(oc.Pre, rows) {
			if all {
				r.caveat("%s: the pretest %s is not a yes/no answer, so the before/after comparison is not made", oc.Name(), oc.PreColumn)
			}
			return nil
		}
		rows, err := r.binaryPaired(oc, rows)
		if err != nil {
			r.caveat("%s, %s: %v", oc.Name(), g.name, err)
			return nil
		}
		out = rows
	case TypeOrdinal:
		out = r.ordinalPaired(oc, rows)
		if oc.Scale != "" {
			both := bothScores(oc, rows)
			if len(both) > 0 {
				diff := make([]float64, len(both))
				for k, i := range both {
					diff[k] = oc.Y[i] - oc.Pre[i]
				}
				cont := PrePostRows(sample.Of(diff), sample.Of(gather(oc.Pre, both)), sample.Of(gather(oc.Y, both)), r.o)
				for k := range cont {
					addNote(&cont[k], NoteInterval)
				}
				out = append(out, cont...)
			}
		}
	}
	for k := range out {
		if r.twoArm() {
			out[k].NComparison = nil
			addNote(&out[k], "intervention pupils only (the comparison group did not answer): before and after, no comparison group")
		} else if !strings.Contains(out[k].Note, PrePostCaveat) {
			addNote(&out[k], PrePostCaveat)
		}
	}
	return label(out, oc, g.name, "")
}

// matchedOrdinalResults are the matched / rank_biserial rows of an
// ordinal outcome for all matched pupils and within each level of each
// subgroup column (matchedOrdinalRows; as matchedSubgroupRows).
func matchedOrdinalResults(in Input, oc Outcome, rows []int, w []float64, o Options) []Result {
	out := matchedOrdinalRows(in, oc, rows, w, o)
	for _, f := range in.Subgroups {
		for _, lv := range in.levelOrder(&f) {
			level := f.Levels[lv]
			var sub []int
			for _, i := range rows {
				if f.Codes[i] == lv {
					sub = append(sub, i)
				}
			}
			for _, x := range matchedOrdinalRows(in, oc, sub, w, o) {
				x.Subgroup = f.Name + "=" + level
				out = append(out, x)
			}
		}
	}
	return out
}

// matchedOrdinalRows is the matched / rank_biserial row of an ordinal
// outcome on the matched sample, when every matched pupil has the same
// weight (matching 1:1 without replacement): the rank test then compares
// the matched pupils as they are. With unequal weights there is no
// weighted rank test to use, and the row is left out (a scale score keeps
// its matched rows as a continuous outcome).
func matchedOrdinalRows(in Input, oc Outcome, rows []int, w []float64, o Options) []Result {
	var x, y []float64
	if len(rows) == 0 {
		return nil
	}
	for _, i := range rows {
		if w[i] != w[rows[0]] {
			return nil
		}
		if in.Arm[i] == Treated {
			x = append(x, oc.Y[i])
		} else {
			y = append(y, oc.Y[i])
		}
	}
	if len(x) == 0 || len(y) == 0 {
		return nil
	}
	row, err := RankBiserialRow(x, y, o)
	if err != nil {
		return nil
	}
	row.Analysis = AnalysisMatched
	row.Outcome, row.Label = oc.Column, oc.Label
	row.Note = "matched sample (every matched pupil weighted equally): " + row.Note
	return []Result{row}
}
