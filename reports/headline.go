package reports

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

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
// disadvantage subgroup.
func Headlines(r *evaluate.Report) []string {
	if r == nil {
		return nil
	}
	var out []string
	names := shortLabels(r)
	for _, o := range outcomes(r) {
		all := primaryRow(r, o, evaluate.SubgroupAll)
		if all == nil {
			continue
		}
		switch all.Measure {
		case evaluate.MeasureRiskDifference:
			s := binarySentence(r, all, names[o])
			if all.Analysis != evaluate.AnalysisPaired {
				for _, sub := range disadvantagedSubgroups(r, o) {
					if row := primaryRow(r, o, sub); row != nil && row.Measure == evaluate.MeasureRiskDifference {
						s += "; for " + subgroupPhrase(sub) + ", " + pointsClause(r, row)
					}
				}
				s += "."
			}
			out = append(out, s)
			continue
		case evaluate.MeasureRankBiserial:
			out = append(out, ordinalSentence(r, all, names[o]))
			continue
		}
		if all.Analysis == evaluate.AnalysisPaired {
			out = append(out, prePostSentence(r, all, names[o]))
			continue
		}
		s := "Pupils in the programme " + effectPhrase(all, names[o], true, r.Confidence)
		for _, sub := range disadvantagedSubgroups(r, o) {
			row := primaryRow(r, o, sub)
			if row == nil {
				continue
			}
			s += "; for " + subgroupPhrase(sub) + ", " + effectPhrase(row, names[o], false, r.Confidence)
		}
		out = append(out, s+".")
	}
	if len(out) > 0 && !r.Design.Randomised() && r.Design != evaluate.DesignPrePost {
		out = append(out, "Pupils were not allocated to the programme at random, so these differences show what went with taking part, not what the programme caused: the groups may differ in ways the analysis could not take into account.")
	}
	return out
}

// outcomes lists the outcome columns of r.Results in order of first appearance.
func outcomes(r *evaluate.Report) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range r.Results {
		if !seen[x.Outcome] {
			seen[x.Outcome] = true
			out = append(out, x.Outcome)
		}
	}
	return out
}

// subgroupsOf lists the subgroups ("all" first, then "COLUMN=VALUE" in order
// of first appearance) that have results for outcome o.
func subgroupsOf(r *evaluate.Report, o string) []string {
	out := []string{evaluate.SubgroupAll}
	seen := map[string]bool{evaluate.SubgroupAll: true}
	for _, x := range r.Results {
		if x.Outcome == o && !seen[x.Subgroup] && strings.Contains(x.Subgroup, "=") {
			seen[x.Subgroup] = true
			out = append(out, x.Subgroup)
		}
	}
	return out
}

// primaryRow returns the headline row of outcome o in subgroup sub, or nil
// (evaluate.HeadlineRow).
func primaryRow(r *evaluate.Report, o, sub string) *evaluate.Result {
	return evaluate.HeadlineRow(r, o, sub)
}

// findRow returns the row with the given keys, or nil.
func findRow(r *evaluate.Report, o, sub string, analysis evaluate.Analysis, measure evaluate.Measure) *evaluate.Result {
	for i := range r.Results {
		x := &r.Results[i]
		if x.Outcome == o && x.Subgroup == sub && x.Analysis == analysis && x.Measure == measure {
			return x
		}
	}
	return nil
}

// rowP is the row's p-value, or else that of the mean difference of the same
// analysis (the same test).
func rowP(r *evaluate.Report, x *evaluate.Result) float64 {
	p := float64(x.PValue)
	if math.IsNaN(p) {
		if md := findRow(r, x.Outcome, x.Subgroup, x.Analysis, evaluate.MeasureMeanDifference); md != nil {
			p = float64(md.PValue)
		}
	}
	return p
}

// shortLabels maps each outcome of r to a short name for sentences, plot
// axes and the terminal table: its label up to the first " (" or ","
// ("Reading (standardised score), July" is "Reading"), unless that would
// give two outcomes the same name; then the whole label. An outcome without
// a label is named by its column.
func shortLabels(r *evaluate.Report) map[string]string {
	full := map[string]string{}
	var order []string
	for i := range r.Results {
		x := &r.Results[i]
		if _, ok := full[x.Outcome]; !ok {
			order = append(order, x.Outcome)
			full[x.Outcome] = outcomeLabel(x)
		} else if x.Label != "" && full[x.Outcome] == x.Outcome {
			full[x.Outcome] = x.Label
		}
	}
	short := map[string]string{}
	count := map[string]int{}
	for _, o := range order {
		s := full[o]
		if i := strings.Index(s, " ("); i > 0 {
			s = s[:i]
		}
		if i := strings.Index(s, ","); i > 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			s = full[o]
		}
		short[o] = s
		count[s]++
	}
	for _, o := range order {
		if count[short[o]] > 1 {
			short[o] = full[o]
		}
	}
	return short
}

// outcomeName is an outcome's name as it reads mid-sentence: "Reading"
// becomes "reading", "KS2 reading" stays.
func outcomeName(s string) string {
	r0, n := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r0) && !unicode.IsUpper(r1) && !unicode.IsDigit(r1) {
		return string(unicode.ToLower(r0)) + s[n:]
	}
	return s
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
			fmt.Fprintf(&b, "had an effect size in %s of %s compared with pupils in the comparison group", outcomeName(name), num2(g))
		} else {
			fmt.Fprintf(&b, "an effect size of %s", num2(g))
		}
	}
	gname := "g"
	if full {
		gname = "Hedges' g"
	}
	b.WriteString(" (" + statsParen(gname, x, conf, float64(x.PValue)) + ")")
	if crossesZero(x) {
		if full {
			b.WriteString(", but the difference could be due to chance")
		} else {
			b.WriteString(", which could be due to chance")
		}
	}
	return b.String()
}

// monthsPhrase is "1 additional month's progress", "3 months less progress".
func monthsPhrase(m int) string {
	switch {
	case m == 1:
		return "1 additional month's progress"
	case m > 1:
		return fmt.Sprintf("%d additional months' progress", m)
	case m == -1:
		return "1 month less progress"
	default:
		return fmt.Sprintf("%d months less progress", -m)
	}
}

// statsParen is "Hedges' g = 0.18, 95% CI 0.12 to 0.24, p < 0.001".
func statsParen(name string, x *evaluate.Result, conf, p float64) string {
	s := name + " = " + num2(float64(x.Estimate))
	if !math.IsNaN(float64(x.CILow)) && !math.IsNaN(float64(x.CIHigh)) {
		s += ", " + ciLabel(conf) + " " + num2(float64(x.CILow)) + " to " + num2(float64(x.CIHigh))
	}
	if !math.IsNaN(p) {
		s += ", " + pText(p, true)
	}
	return s
}

// crossesZero reports whether the row's interval includes zero.
func crossesZero(x *evaluate.Result) bool {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	return !math.IsNaN(lo) && !math.IsNaN(hi) && lo <= 0 && hi >= 0
}

// prePostSentence is the headline of a single-group pre/post outcome.
func prePostSentence(r *evaluate.Report, x *evaluate.Result, name string) string {
	g := float64(x.Estimate)
	dir := "rose"
	if g < 0 {
		dir = "fell"
	}
	size := num2(math.Abs(g)) + " standard deviations"
	if md := findRow(r, x.Outcome, x.Subgroup, evaluate.AnalysisPaired, evaluate.MeasureMeanDifference); md != nil && !math.IsNaN(float64(md.Estimate)) {
		d := float64(md.Estimate)
		dir = "rose"
		if d < 0 {
			dir = "fell"
		}
		size = pointsText(math.Abs(d)) + " on average"
	}
	s := fmt.Sprintf("Pupils' scores in %s %s by %s between the pre-test and the post-test (%s)",
		outcomeName(name), dir, size, statsParen("g_av", x, r.Confidence, rowP(r, x)))
	if crossesZero(x) {
		s += ", a change that could be due to chance"
	}
	return s + "; without a comparison group this change cannot be attributed to the programme, because pupils would have made some progress without it."
}

// pointsText is a raw score difference: "3.4 points", "1 point".
func pointsText(d float64) string {
	s := fmt.Sprintf("%.1f", d)
	if s == "1.0" {
		return "1 point"
	}
	return strings.TrimSuffix(s, ".0") + " points"
}

// ciLabel is "95% CI" for conf = 0.95.
func ciLabel(conf float64) string {
	if math.IsNaN(conf) || conf <= 0 || conf >= 1 {
		return "CI"
	}
	return fmt.Sprintf("%s%% CI", trimFloat(conf*100))
}

// trimFloat formats x with up to 4 decimals and no trailing zeros.
func trimFloat(x float64) string {
	s := fmt.Sprintf("%.4f", x)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// num2 formats an effect size to 2 decimals ("-0.05"; "0.00", never "-0.00").
func num2(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	s := fmt.Sprintf("%.2f", x)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// pText is "p < 0.001" or "p = 0.042" (withP), else "< 0.001" or "0.042".
func pText(p float64, withP bool) string {
	var s string
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		s = "< 0.001"
		if withP {
			return "p " + s
		}
		return s
	default:
		s = fmt.Sprintf("%.3f", p)
	}
	if withP {
		return "p = " + s
	}
	return s
}

// disadvantageKind recognises a subgroup column about disadvantage and
// returns how to describe its "yes" level ("eligible for free school meals")
// and its "no" level, or ok = false.
func disadvantageKind(column string) (yes, no string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(column) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	c := b.String()
	switch {
	case strings.Contains(c, "ever6") || strings.Contains(c, "everfsm"):
		return "pupils eligible for free school meals at any time in the last six years",
			"pupils not eligible for free school meals in the last six years", true
	case strings.Contains(c, "fsm") || strings.Contains(c, "freeschoolmeal"):
		return "pupils eligible for free school meals", "pupils not eligible for free school meals", true
	case strings.Contains(c, "pupilpremium") || c == "pp" || strings.HasPrefix(c, "ppeligib") || strings.HasPrefix(c, "ppstatus"):
		return "pupils eligible for the pupil premium", "pupils not eligible for the pupil premium", true
	case strings.Contains(c, "disadvantage"):
		return "disadvantaged pupils", "pupils who are not disadvantaged", true
	case strings.Contains(c, "polar") && (strings.Contains(c, "q1") || strings.Contains(c, "quintile1")):
		return "students from the areas where fewest go on to higher education (POLAR4 quintile 1)",
			"students from other areas", true
	case strings.Contains(c, "tundra") && (strings.Contains(c, "q1") || strings.Contains(c, "quintile1")):
		return "students from the areas where fewest go on to higher education (TUNDRA quintile 1)",
			"students from other areas", true
	case strings.Contains(c, "firstgen") || strings.Contains(c, "firstinfamily") || strings.Contains(c, "firstgeneration"):
		return "students who would be the first in their family to go to university",
			"students whose parents went to university", true
	}
	return "", "", false
}

// truthy classifies a subgroup value as yes (1), no (-1) or unknown (0).
func truthy(v string) int {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "y", "yes", "1", "true", "t", "eligible", "fsm", "pp", "disadvantaged":
		return 1
	case "n", "no", "0", "false", "f", "not eligible", "non-fsm", "non-pp", "not disadvantaged":
		return -1
	}
	return 0
}

// isDisadvantage reports whether sub ("COLUMN=VALUE") is a level of a
// disadvantage subgroup column.
func isDisadvantage(sub string) bool {
	col, _, ok := strings.Cut(sub, "=")
	if !ok {
		return false
	}
	_, _, ok = disadvantageKind(col)
	return ok
}

// subgroupPhrase describes a subgroup in words: "fsm=Y" is "pupils eligible
// for free school meals"; "all" is "all pupils"; others "pupils with sex = F".
func subgroupPhrase(sub string) string {
	if sub == evaluate.SubgroupAll || sub == "" {
		return "all pupils"
	}
	col, val, ok := strings.Cut(sub, "=")
	if !ok {
		return "pupils in " + sub
	}
	if yes, no, ok := disadvantageKind(col); ok {
		switch truthy(val) {
		case 1:
			return yes
		case -1:
			return no
		}
	}
	return "pupils with " + col + " = " + val
}

// disadvantagedSubgroups lists the subgroups of outcome o that headline
// sentences mention: the "yes" levels of disadvantage columns, or every
// level of such a column when no level reads as yes.
func disadvantagedSubgroups(r *evaluate.Report, o string) []string {
	var yes, other []string
	for _, sub := range subgroupsOf(r, o) {
		if !isDisadvantage(sub) {
			continue
		}
		_, val, _ := strings.Cut(sub, "=")
		switch truthy(val) {
		case 1:
			yes = append(yes, sub)
		case 0:
			other = append(other, sub)
		}
	}
	if len(yes) > 0 {
		return yes
	}
	return other
}

// summarySubgroups lists the subgroups shown in the EEF summary table for
// outcome o: all pupils, then every level of each disadvantage column
// (the "yes" level first).
func summarySubgroups(r *evaluate.Report, o string) []string {
	out := []string{evaluate.SubgroupAll}
	var yes, rest []string
	for _, sub := range subgroupsOf(r, o)[1:] {
		if !isDisadvantage(sub) {
			continue
		}
		_, val, _ := strings.Cut(sub, "=")
		if truthy(val) == 1 {
			yes = append(yes, sub)
		} else {
			rest = append(rest, sub)
		}
	}
	return append(append(out, yes...), rest...)
}
