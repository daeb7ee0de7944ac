package words

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
)

// Headlines of yes/no and ordinal outcomes, in the words a
// widening-participation officer uses: percentages and percentage points,
// agreement on a 1–5 scale.

// OutcomeInfo returns the description of outcome o, or nil.
func OutcomeInfo(r *evaluate.Report, o string) *evaluate.OutcomeInfo {
	for i := range r.Outcomes {
		if r.Outcomes[i].Column == o {
			return &r.Outcomes[i]
		}
	}
	return nil
}

// OutcomeType is the type of outcome o ("continuous" when unknown).
func OutcomeType(r *evaluate.Report, o string) string {
	if x := OutcomeInfo(r, o); x != nil && x.Type != "" {
		return x.Type
	}
	return evaluate.TypeContinuous
}

// IsProportion reports whether row x of a binary outcome is on the scale
// of proportions (a share, a difference in shares, a gap or an interaction
// in percentage points), so that it is shown in percent.
func IsProportion(r *evaluate.Report, x *evaluate.Result) bool {
	switch x.Measure {
	case evaluate.MeasureProportionTreated, evaluate.MeasureProportionComparison, evaluate.MeasureProportionPre,
		evaluate.MeasureProportionPost, evaluate.MeasureProportionHigher, evaluate.MeasureProportionLower:
		return true
	case evaluate.MeasureRiskDifference:
		return true
	}
	if OutcomeType(r, x.Outcome) != evaluate.TypeBinary {
		return false
	}
	return x.Analysis == evaluate.AnalysisGap || x.Analysis == evaluate.AnalysisInteraction
}

// percent is a proportion as a whole percentage: "62%".
func percent(p float64) string {
	if math.IsNaN(p) {
		return "NA"
	}
	return fmt.Sprintf("%.0f%%", 100*p)
}

// pointsOf is a difference of proportions in percentage points, rounded:
// "14", "-3", "0.4".
func pointsOf(d float64) string {
	v := 100 * d
	s := fmt.Sprintf("%.0f", v)
	if math.Abs(v) < 1 && v != 0 {
		s = fmt.Sprintf("%.1f", v)
	}
	if s == "-0" || s == "-0.0" || s == "0.0" {
		s = "0"
	}
	return s
}

// pctInterval is "95% CI 6 to 22" in percentage points ("95% CI -0.2 to
// 57.6" when a bound is under 1 point).
func pctInterval(x *evaluate.Result, conf float64) string {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	a, b := pointsOf(lo), pointsOf(hi)
	if strings.Contains(a, ".") != strings.Contains(b, ".") {
		// One bound needs a decimal (it is under 1 point): both get one,
		// "-0.2 to 57.6" rather than "-0.2 to 58".
		a, b = points1(lo), points1(hi)
	}
	return CILabel(conf) + " " + a + " to " + b
}

// points1 is d in percentage points with one decimal ("57.6", "0").
func points1(d float64) string {
	s := fmt.Sprintf("%.1f", 100*d)
	if s == "-0.0" || s == "0.0" {
		s = "0"
	}
	return s
}

// pastTense reports whether a label reads as something pupils did
// ("Progressed to higher education", "Passed maths"), so that "62% of
// participants" can precede it.
func pastTense(label string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(label), " ")
	first = strings.ToLower(first)
	return len(first) > 3 && strings.HasSuffix(first, "ed")
}

// comparisonWords names the comparison group of a design.
func comparisonWords(d evaluate.Design) string {
	switch d {
	case evaluate.DesignMatched:
		return "the matched comparison group"
	case evaluate.DesignRCT, evaluate.DesignClusterRCT:
		return "the control group"
	}
	return "the comparison group"
}

// proportionPair returns the shares of the two arms (or before and after)
// that go with headline row x: matched rows with the matched sample's
// shares, paired rows with before and after, others with the unadjusted
// shares of the same pupils.
func proportionPair(r *evaluate.Report, x *evaluate.Result) (a, b *evaluate.Result) {
	switch x.Analysis {
	case evaluate.AnalysisPaired:
		return findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureProportionPost),
			findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureProportionPre)
	case evaluate.AnalysisMatched, evaluate.AnalysisMatchedAdjusted:
		return findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisMatched, evaluate.MeasureProportionTreated),
			findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisMatched, evaluate.MeasureProportionComparison)
	}
	return findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisUnadjusted, evaluate.MeasureProportionTreated),
		findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisUnadjusted, evaluate.MeasureProportionComparison)
}

// adjusted reports whether a headline row adjusts for covariates.
func adjusted(x *evaluate.Result) bool {
	switch x.Analysis {
	case evaluate.AnalysisLogistic, evaluate.AnalysisMatchedAdjusted:
		return true
	case evaluate.AnalysisClusterRobust:
		return strings.Contains(x.Note, "adjusted for")
	}
	return false
}

// pointsClause is "14 percentage points more (95% CI 6 to 22, p = 0.001)"
// for risk difference row x, with its p (Fisher's when exact).
func pointsClause(r *evaluate.Report, x *evaluate.Result) string {
	d := float64(x.Estimate)
	more := "more"
	if d < 0 {
		more = "fewer"
	}
	pts := pointsOf(math.Abs(d))
	unit := "percentage points"
	if pts == "1" {
		unit = "percentage point"
	}
	s := pts + " " + unit + " " + more
	if LowerIsBetter(r, x.Outcome) {
		// Say which way is good, as a score where lower is better does.
		if d > 0 {
			s += " (worse, as lower is better here)"
		} else {
			s += " (better, as lower is better here)"
		}
	}
	if d == 0 {
		s = "no difference"
	}
	if adjusted(x) {
		s += " once their backgrounds are taken into account"
	}
	var paren []string
	if ci := pctInterval(x, r.Confidence); ci != "" {
		paren = append(paren, ci)
	}
	p, exact := evaluate.HeadlineP(r, x)
	if pt := PText(p, true); pt != "" {
		if exact {
			pt += ", Fisher's exact test"
		}
		paren = append(paren, pt)
	}
	if len(paren) > 0 {
		s += " (" + strings.Join(paren, ", ") + ")"
	}
	if couldBeChance(x, r.Confidence, p) {
		s += ", a difference that could be due to chance"
	}
	return s
}

// binarySentence is the headline of a yes/no outcome: "62% of
// participants progressed to higher education against 48% of the matched
// comparison group: 14 percentage points more (95% CI 6 to 22,
// p = 0.001)."
func binarySentence(r *evaluate.Report, x *evaluate.Result, name string) string {
	a, b := proportionPair(r, x)
	label := OutcomeLabel(x)
	var s string
	if x.Analysis == evaluate.AnalysisPaired {
		s = fmt.Sprintf("%s: the share of participants answering yes went from %s before to %s after: ", lead(name),
			percentText(b), percentText(a))
		s += strings.Replace(pointsClause(r, x), " more", " higher", 1)
		s = strings.Replace(s, " fewer", " lower", 1)
		if r.Design == evaluate.DesignPrePost {
			return s + "; without a comparison group this change cannot be attributed to the programme."
		}
		return s + "; only participants answered, so there is no comparison group and the change cannot be attributed to the programme."
	}
	if pastTense(label) {
		s = fmt.Sprintf("%s of participants %s against %s of %s: ", percentText(a), outcomeName(name), percentText(b), comparisonWords(r.Design))
	} else {
		s = fmt.Sprintf("%s: %s of participants against %s of %s: ", lead(name), percentText(a), percentText(b), comparisonWords(r.Design))
	}
	return s + pointsClause(r, x)
}

// percentText is a proportion row's estimate as a percentage ("?" when
// the row is missing).
func percentText(x *evaluate.Result) string {
	if x == nil {
		return "?"
	}
	return percent(float64(x.Estimate))
}

// answerWord names what an ordinal outcome's mean is: "agreement" for
// answers from disagree to agree, "the score" for a scale, else "the answer".
func answerWord(info *evaluate.OutcomeInfo) string {
	if info != nil {
		for _, l := range info.Levels {
			if strings.Contains(strings.ToLower(l), "agree") {
				return "agreement"
			}
		}
	}
	if info != nil && info.Scale != "" {
		return "the score" // "the score averaged 4.8 among participants"
	}
	return "the answer"
}

// rangeWords is " on a 1–5 scale", or "" when the range is unknown.
func rangeWords(info *evaluate.OutcomeInfo) string {
	if info == nil || math.IsNaN(float64(info.Min)) || math.IsNaN(float64(info.Max)) {
		return ""
	}
	return fmt.Sprintf(" on a %s–%s scale", TrimFloat(float64(info.Min)), TrimFloat(float64(info.Max)))
}

// ordinalSentence is the headline of an ordinal outcome compared by ranks:
// before and after, "agreement rose from 2.9 to 3.6 on a 1–5 scale; 68% of
// participants moved up"; between groups, the means and the rank-biserial
// correlation.
func ordinalSentence(r *evaluate.Report, x *evaluate.Result, name string) string {
	info := OutcomeInfo(r, x.Outcome)
	word := answerWord(info)
	rb := fmt.Sprintf("rank-biserial r = %s", Num2(float64(x.Estimate)))
	if !math.IsNaN(float64(x.CILow)) {
		rb += fmt.Sprintf(", %s %s to %s", CILabel(r.Confidence), Num2(float64(x.CILow)), Num2(float64(x.CIHigh)))
	}
	if p := PText(float64(x.PValue), true); p != "" {
		rb += ", " + p
	}
	if x.Analysis == evaluate.AnalysisPaired {
		pre := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureMeanPre)
		post := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureMeanPost)
		up := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureProportionHigher)
		down := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureProportionLower)
		s := lead(name) + ": "
		if pre != nil && post != nil {
			dir := "rose"
			if post.Estimate < pre.Estimate {
				dir = "fell"
			}
			if fmt.Sprintf("%.1f", float64(post.Estimate)) == fmt.Sprintf("%.1f", float64(pre.Estimate)) {
				dir = "stayed"
			}
			s += fmt.Sprintf("%s %s from %.1f to %.1f%s", word, dir, float64(pre.Estimate), float64(post.Estimate), rangeWords(info))
		}
		if up != nil && down != nil {
			s += fmt.Sprintf("; %s of participants moved up and %s down", percentText(up), percentText(down))
		}
		s += " (" + rb + ")"
		if couldBeChance(x, r.Confidence, RowP(r, x)) {
			s += ", a change that could be due to chance"
		}
		if r.Design == evaluate.DesignPrePost {
			return s + "; without a comparison group this change cannot be attributed to the programme."
		}
		return s + "; only participants answered, so there is no comparison group and the change cannot be attributed to the programme."
	}
	s := lead(name) + ": "
	mt, mc := meanOf(r, x.Outcome, evaluate.ArmIntervention), meanOf(r, x.Outcome, evaluate.ArmComparison)
	if x.Analysis == evaluate.AnalysisUnadjusted && !math.IsNaN(mt) && !math.IsNaN(mc) {
		s += fmt.Sprintf("%s averaged %.1f among participants against %.1f in %s%s", word, mt, mc, comparisonWords(r.Design), rangeWords(info))
	} else {
		higher := "higher"
		if x.Estimate < 0 {
			higher = "lower"
		}
		s += fmt.Sprintf("participants answered %s than %s", higher, comparisonWords(r.Design))
	}
	s += " (" + rb + "; the chance a participant's answer is the higher of a pair minus the reverse)"
	if couldBeChance(x, r.Confidence, RowP(r, x)) {
		s += ", a difference that could be due to chance"
	}
	return s + "."
}

// meanOf is the mean of outcome o in arm (all pupils, after), NaN when
// not described.
func meanOf(r *evaluate.Report, o, arm string) float64 {
	for _, d := range r.Descriptives {
		if d.Variable == o && d.Subgroup == evaluate.SubgroupAll && d.Arm == arm && d.Time == evaluate.TimePost {
			return float64(d.Mean)
		}
	}
	return math.NaN()
}

// EstimateText is a row's estimate for tables: a proportion as a
// percentage ("72.2%"), a difference of proportions in percentage points
// ("+6.4 pts"), anything else to 2 decimals.
func EstimateText(r *evaluate.Report, x *evaluate.Result) string {
	if s, ok := RatingEstimateText(x); ok {
		return s
	}
	v := float64(x.Estimate)
	if !IsProportion(r, x) || math.IsNaN(v) {
		return Num2(v)
	}
	if strings.HasPrefix(string(x.Measure), "proportion_") {
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	return fmt.Sprintf("%+.1f pts", 100*v)
}

// IntervalText is CIText, in percent for proportions and points.
func IntervalText(r *evaluate.Report, x *evaluate.Result) string {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if !IsProportion(r, x) || math.IsNaN(lo) || math.IsNaN(hi) {
		return CIText(*x)
	}
	return fmt.Sprintf("%.1f to %.1f", 100*lo, 100*hi)
}

// HeadlineP is the p-value shown with headline row x: Fisher's exact p for
// a yes/no outcome with an expected count under 5 (evaluate.HeadlineP),
// else RowP.
func HeadlineP(r *evaluate.Report, x *evaluate.Result) float64 {
	if x.Measure == evaluate.MeasureRiskDifference {
		p, _ := evaluate.HeadlineP(r, x)
		return p
	}
	return RowP(r, x)
}

// coxFor returns the Cox index row that goes with risk difference row x:
// the same analysis's, or the logistic regression's (cluster_robust), or
// the unadjusted one's.
func coxFor(r *evaluate.Report, x *evaluate.Result) *evaluate.Result {
	for _, a := range []evaluate.Analysis{x.Analysis, evaluate.AnalysisLogistic, evaluate.AnalysisUnadjusted} {
		if c := findRow(r, x.Outcome, x.Subgroup, a, evaluate.MeasureCoxIndex); c != nil && !math.IsNaN(float64(c.Estimate)) {
			return c
		}
	}
	return nil
}

// SummaryEffect is the effect-size cell of headline row x on the
// Summary: "0.18 (0.12 to 0.24)" for an effect size; for a yes/no outcome
// the difference in percentage points with the WWC Cox index in brackets,
// "+6.6 pts (−7.2 to 20.4) [Cox index 0.21]"; for an ordinal outcome the
// rank-biserial correlation, "r = 0.55 (0.34 to 0.71)".
func SummaryEffect(r *evaluate.Report, x *evaluate.Result) string {
	if Withheld(x) {
		return publish.Mark
	}
	switch x.Measure {
	case evaluate.MeasureRiskDifference:
		s := EstimateText(r, x)
		if c := IntervalText(r, x); c != "" {
			s += " (" + c + ")"
		}
		if c := coxFor(r, x); c != nil {
			s += " [Cox index " + Num2(float64(c.Estimate)) + "]"
		}
		return s
	case evaluate.MeasureRankBiserial:
		s := "r = " + Num2(float64(x.Estimate))
		if c := CIText(*x); c != "" {
			s += " (" + c + ")"
		}
		return s
	}
	s := Num2(float64(x.Estimate))
	if c := CIText(*x); c != "" {
		s += " (" + c + ")"
	}
	return s
}

// SurveyEffectNotes explain the Summary's effect sizes of yes/no and
// ordinal outcomes, when there are any.
func SurveyEffectNotes(r *evaluate.Report) []string {
	var bin, ord bool
	for _, o := range Outcomes(r) {
		if x := PrimaryRow(r, o, evaluate.SubgroupAll); x != nil {
			bin = bin || x.Measure == evaluate.MeasureRiskDifference
			ord = ord || x.Measure == evaluate.MeasureRankBiserial
		}
	}
	var out []string
	if bin {
		out = append(out, "Yes/no outcomes: the difference in the percentage of pupils with the outcome, in percentage points "+
			"(adjusted for the pretest and covariates where there are any), with the What Works Clearinghouse Cox index in "+
			"brackets (the log odds ratio divided by 1.65, on the scale of Hedges' g). Months' progress does not apply. "+
			"When a group is small (an expected count under 5) the p-value is Fisher's exact test's.")
	}
	if ord {
		out = append(out, "Ordinal outcomes (questionnaire answers): the rank-biserial correlation r, from −1 to 1: the chance that a "+
			"pupil's answer is the higher of a pair (programme against comparison, or after against before) minus the reverse. "+
			"Months' progress does not apply.")
	}
	return out
}

// AnyEffectSize reports whether some outcome's headline is an effect size
// in standard deviations (not a difference in percentage points or a
// rank-biserial correlation).
func AnyEffectSize(r *evaluate.Report) bool {
	for _, o := range Outcomes(r) {
		if x := PrimaryRow(r, o, evaluate.SubgroupAll); x != nil &&
			x.Measure != evaluate.MeasureRiskDifference && x.Measure != evaluate.MeasureRankBiserial {
			return true
		}
	}
	return false
}
