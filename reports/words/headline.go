package words

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// Headlines returns plain-English sentences that lead a report: one per
// outcome, in the order the outcomes first appear in r.Results, and then, for
// designs without random allocation, one sentence saying what the
// comparison can and cannot show.
//
// Each outcome's sentence uses its primary estimate (evaluate.HeadlineRow): the
// ANCOVA Hedges' g when there is one, else the unadjusted Hedges' g (in a
// matched design the matched-sample g, in a cluster-randomised trial the g
// whose interval allows for clustering); for a single-group pre/post design
// the paired g_av, with the OfS Type 2 caveat in the same sentence. Effects are given as EEF months' progress where the
// row carries them; an interval that includes zero is reported as a
// difference that could be due to chance. Subgroup clauses are added for
// the disadvantaged level of a free school meals, pupil premium or
// disadvantage subgroup. Yes/no and ordinal outcomes are told in
// percentages and points, or agreement on the scale (survey.go). An
// outcome where lower is better (direction.go) is told as lower or higher
// scores, a reduction or an increase the size of so many months'
// progress, with the numbers' signs unchanged.
//
// Headlines is OutcomeHeadlines followed by DesignHeadlines.
func Headlines(r *evaluate.Report) []string {
	out := OutcomeHeadlines(r)
	if len(out) > 0 {
		out = append(out, DesignHeadlines(r)...)
	}
	return out
}

// DesignHeadlines are the sentences Headlines adds after the outcomes'
// (what a design that did not randomise can show), which apply to every
// outcome: a page that keeps only some outcomes' sentences keeps these.
func DesignHeadlines(r *evaluate.Report) []string {
	if r == nil || r.Design.Randomised() || r.Design == evaluate.DesignPrePost {
		return nil
	}
	return []string{"Pupils were not allocated to the programme at random, so these differences show what went with taking part, not what the programme caused: the groups may differ in ways the analysis could not take into account."}
}

// OutcomeHeadlines are the sentences of Headlines that tell the outcomes'
// results, one an outcome, in the outcomes' order.
func OutcomeHeadlines(r *evaluate.Report) []string {
	if r == nil {
		return nil
	}
	var out []string
	names := ShortLabels(r)
	for _, o := range Outcomes(r) {
		all := PrimaryRow(r, o, evaluate.SubgroupAll)
		if all == nil {
			if WithheldRow(r, o, evaluate.SubgroupAll) != nil {
				out = append(out, WithheldSentence(names[o]))
			}
			continue
		}
		// An outcome where lower is better says so beside its name; a
		// comparison of scores says it in its own words (effectPhrase).
		named := names[o] + DirectionNote(r, o)
		effect := effectPhrase
		if LowerIsBetter(r, o) {
			effect = lowerEffectPhrase
		}
		switch all.Measure {
		case evaluate.MeasureRiskDifference:
			s := binarySentence(r, all, named)
			if all.Analysis != evaluate.AnalysisPaired {
				for _, sub := range disadvantagedSubgroups(r, o) {
					if row := PrimaryRow(r, o, sub); row != nil && row.Measure == evaluate.MeasureRiskDifference {
						s += "; for " + SubgroupName(r, sub) + ", " + pointsClause(r, row)
					}
				}
				s += "."
			}
			out = append(out, s)
			continue
		case evaluate.MeasureRankBiserial:
			out = append(out, ordinalSentence(r, all, named))
			continue
		}
		if all.Analysis == evaluate.AnalysisPaired {
			// The sentence says which way is better in its own words.
			out = append(out, prePostSentence(r, all, names[o]))
			continue
		}
		s := "Pupils in the programme " + effect(all, names[o], true, r.Confidence)
		for _, sub := range disadvantagedSubgroups(r, o) {
			row := PrimaryRow(r, o, sub)
			if row == nil {
				if WithheldRow(r, o, sub) != nil {
					s += "; for " + SubgroupPhrase(sub) + ", the result is withheld (too few pupils to publish)"
				}
				continue
			}
			s += "; for " + SubgroupName(r, sub) + ", " + effect(row, names[o], false, r.Confidence)
		}
		out = append(out, s+".")
	}
	return out
}

// WithheldSentence is the headline of an outcome whose results are
// withheld under the publishing rules.
func WithheldSentence(name string) string {
	return "The results in " + outcomeName(name) + " are withheld under the publishing rules: a group of pupils compared is too small to publish them without risk to the pupils' privacy."
}

// effectPhrase is "made the equivalent of 2 additional months' progress in
// reading, compared with similar pupils in the comparison group (Hedges' g =
// ...)" (full) or "the equivalent of 2 additional months' progress (g = ...)"
// (a subgroup clause).
func effectPhrase(x *evaluate.Result, name string, full bool, conf float64) string {
	var b strings.Builder
	g := float64(x.Estimate)
	if x.MonthsProgress != nil {
		m := *x.MonthsProgress
		switch {
		case m == 0 && full:
			fmt.Fprintf(&b, "made about the same progress in %s as pupils in the comparison group", outcomeName(name))
		case m == 0:
			b.WriteString("about the same progress as the comparison group")
		default:
			if full {
				b.WriteString("made ")
			}
			b.WriteString("the equivalent of " + monthsPhrase(m))
			if full {
				fmt.Fprintf(&b, " in %s, on average, compared with pupils in the comparison group", outcomeName(name))
			}
		}
	} else {
		if full {
			fmt.Fprintf(&b, "had an effect size in %s of %s compared with pupils in the comparison group", outcomeName(name), Num2(g))
		} else {
			fmt.Fprintf(&b, "an effect size of %s", Num2(g))
		}
	}
	gname := "g"
	if full {
		gname = "Hedges' g"
	}
	b.WriteString(" (" + statsParen(gname, x, conf, float64(x.PValue)) + ")")
	if couldBeChance(x, conf, float64(x.PValue)) {
		if full {
			b.WriteString(", but the difference could be due to chance")
		} else {
			b.WriteString(", which could be due to chance")
		}
	}
	return b.String()
}

// statsParen is "Hedges' g = 0.18, 95% CI 0.12 to 0.24, p < 0.001".
func statsParen(name string, x *evaluate.Result, conf, p float64) string {
	s := name + " = " + Num2(float64(x.Estimate))
	if !math.IsNaN(float64(x.CILow)) && !math.IsNaN(float64(x.CIHigh)) {
		s += ", " + CILabel(conf) + " " + Num2(float64(x.CILow)) + " to " + Num2(float64(x.CIHigh))
	}
	if !math.IsNaN(p) {
		s += ", " + PText(p, true)
	}
	return s
}

// crossesZero reports whether the row's interval includes zero.
func crossesZero(x *evaluate.Result) bool {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	return !math.IsNaN(lo) && !math.IsNaN(hi) && lo <= 0 && hi >= 0
}

// Borderline reports whether headline row x's interval and the p-value
// shown beside it (HeadlineP) disagree about 0: possible where the
// interval is a normal approximation and the test is not. The row's note
// says so; a table marks it.
func Borderline(r *evaluate.Report, x *evaluate.Result) bool {
	p, _ := evaluate.HeadlineP(r, x)
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if math.IsNaN(p) || math.IsNaN(lo) || math.IsNaN(hi) {
		return false
	}
	return crossesZero(x) != (p >= 1-r.Confidence-1e-12)
}

// couldBeChance reports whether a sentence must say that row x's result
// could be due to chance: its interval includes 0, or the p-value shown
// beside it (p, at confidence level conf) is not below 1 − conf. The two
// disagree only where the interval is a normal approximation and the
// test is not (the row's note calls the result borderline); a sentence
// then takes the cautious reading.
func couldBeChance(x *evaluate.Result, conf, p float64) bool {
	return crossesZero(x) || (!math.IsNaN(p) && p >= 1-conf-1e-12)
}

// prePostSentence is the headline of a single-group pre/post outcome.
func prePostSentence(r *evaluate.Report, x *evaluate.Result, name string) string {
	g := float64(x.Estimate)
	dir := "rose"
	if g < 0 {
		dir = "fell"
	}
	size := Num2(math.Abs(g)) + " standard deviations"
	if md := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureMeanDifference); md != nil && !math.IsNaN(float64(md.Estimate)) {
		d := float64(md.Estimate)
		dir = "rose"
		if d < 0 {
			dir = "fell"
		}
		size = pointsText(math.Abs(d)) + " on average"
	}
	change := fmt.Sprintf("Pupils' scores in %s %s by %s between the pre-test and the post-test", outcomeName(name), dir, size)
	// Where lower is better, a rise is a worsening (as the two-group
	// sentences say "and lower is better: ...").
	if LowerIsBetter(r, x.Outcome) {
		if dir == "rose" {
			change += ", and lower is better: a worsening"
		} else {
			change += ", and lower is better: an improvement"
		}
	}
	s := fmt.Sprintf("%s (%s)", change, statsParen(string(evaluate.MeasureGAv), x, r.Confidence, RowP(r, x)))
	if couldBeChance(x, r.Confidence, RowP(r, x)) {
		s += ", a change that could be due to chance"
	}
	return s + "; without a comparison group this change cannot be attributed to the programme, because pupils would have made some progress without it."
}
