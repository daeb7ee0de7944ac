package words

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// This file: which way is better for an outcome (the design's
// `direction:`), and the words that follow from it. The numbers keep their
// sign (programme minus comparison) whatever the direction: for an outcome
// where lower is better (a depression score, absences) a negative effect
// size and negative months favour the programme, and the words say so.

// LowerIsBetter reports whether lower scores of outcome o are better
// (Report.Outcomes[].Direction).
func LowerIsBetter(r *evaluate.Report, o string) bool {
	info := OutcomeInfo(r, o)
	return info != nil && info.Direction == evaluate.DirectionLower
}

// DirectionNote is " (lower is better)" for an outcome where lower is
// better, "" otherwise: added to the outcome's name in tables and plots.
func DirectionNote(r *evaluate.Report, o string) string {
	if LowerIsBetter(r, o) {
		return " (lower is better)"
	}
	return ""
}

// Favours says which group an effect of sign est favours on outcome o:
// "programme", "comparison" or "" (no difference, or not a number).
func Favours(r *evaluate.Report, o string, est float64) string {
	switch {
	case !(est > 0 || est < 0):
		return ""
	case (est > 0) != LowerIsBetter(r, o):
		return "programme"
	}
	return "comparison"
}

// DirectionFootnote says, for a report with an outcome where lower is
// better, how to read its signs; "" when every outcome is better higher.
func DirectionFootnote(r *evaluate.Report) string {
	var names, yesNo []string
	short := ShortLabels(r)
	for _, o := range Outcomes(r) {
		if !LowerIsBetter(r, o) {
			continue
		}
		if info := OutcomeInfo(r, o); info != nil && info.Type == evaluate.TypeBinary {
			yesNo = append(yesNo, short[o])
		} else {
			names = append(names, short[o])
		}
	}
	var out []string
	switch {
	case len(names) == 0:
	case r.Design == evaluate.DesignPrePost:
		// No comparison group and no months' progress: the effect is the
		// change from before to after.
		out = append(out, fmt.Sprintf("For %s lower scores are better: there a negative effect size means scores fell from before to after, an improvement.", joinAnd(names)))
	default:
		out = append(out, fmt.Sprintf("For %s lower scores are better: there a negative effect size and negative months' progress mean the programme helped (lower scores than the comparison group).", joinAnd(names)))
	}
	if len(yesNo) > 0 {
		// A yes/no outcome has no scores and no months' progress: say it
		// in shares of pupils.
		than := "in the comparison group"
		if r.Design == evaluate.DesignPrePost {
			than = "before"
		}
		out = append(out, fmt.Sprintf("For %s fewer is better: there a negative difference means the programme helped (a smaller share of pupils than %s).",
			joinAnd(yesNo), than))
	}
	return strings.Join(out, " ")
}

// joinAnd is "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}

// sizeMonths is "5 months' progress" (or "1 month's progress"): the size
// of an effect on an outcome where lower is better, whose direction the
// sentence gives in words.
func sizeMonths(m int) string {
	if m < 0 {
		m = -m
	}
	if m == 1 {
		return "1 month's progress"
	}
	return fmt.Sprintf("%d months' progress", m)
}

// lowerEffectPhrase is effectPhrase for an outcome where lower is better:
// "scored lower on depression than pupils in the comparison group, on
// average, and lower is better: a reduction equivalent to 5 months'
// progress (Hedges' g = -0.37, ...)" (full) or "lower scores, a reduction
// equivalent to 5 months' progress (g = ...)" (a subgroup clause); a
// higher score reads "worse by the equivalent of 3 months' progress".
func lowerEffectPhrase(x *evaluate.Result, name string, full bool, conf float64) string {
	g := float64(x.Estimate)
	way, change := "lower", "a reduction equivalent to "
	if g > 0 {
		// Higher is worse here: say so, rather than let "months'
		// progress" read as a gain.
		way, change = "higher", "worse by the equivalent of "
	}
	same := x.MonthsProgress != nil && *x.MonthsProgress == 0
	var s string
	switch {
	case full && same:
		s = fmt.Sprintf("scored about the same on %s as pupils in the comparison group, where lower is better", outcomeName(name))
	case full:
		s = fmt.Sprintf("scored %s on %s than pupils in the comparison group, on average, and lower is better", way, outcomeName(name))
	case same:
		s = "about the same scores"
	default:
		s = way + " scores"
	}
	if x.MonthsProgress != nil && !same {
		sep := ": "
		if !full {
			sep = ", "
		}
		s += sep + change + sizeMonths(*x.MonthsProgress)
	}
	gname := "g"
	if full {
		gname = "Hedges' g"
	}
	s += " (" + statsParen(gname, x, conf, float64(x.PValue)) + ")"
	if couldBeChance(x, conf, float64(x.PValue)) {
		if full {
			s += ", but the difference could be due to chance"
		} else {
			s += ", which could be due to chance"
		}
	}
	return s
}
