package words

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// This file: how every output words the security rating of a headline
// (evaluate.Security, worked out in evaluate/security.go): the padlocks,
// the chain of steps that gave them, the WWC rating, the OfS type.

// SecurityOf returns the rating of outcome o's headline in subgroup sub,
// or nil when it was not rated.
func SecurityOf(r *evaluate.Report, o, sub string) *evaluate.Security {
	for i := range r.Security {
		s := &r.Security[i]
		if s.Outcome == o && s.Subgroup == sub {
			return s
		}
	}
	return nil
}

// PadlockRow returns the eef_padlocks row of outcome o in subgroup sub
// (analysis "rating"), or nil: a report read back from JSON has these
// rows but not Report.Security.
func PadlockRow(r *evaluate.Report, o, sub string) *evaluate.Result {
	for i := range r.Results {
		x := &r.Results[i]
		if x.Analysis == evaluate.AnalysisRating && x.Measure == evaluate.MeasureEEFPadlocks && x.Outcome == o && x.Subgroup == sub {
			return x
		}
	}
	return nil
}

// Padlocks is "1 padlock" or "N padlocks".
func Padlocks(n int) string {
	if n == 1 {
		return "1 padlock"
	}
	return fmt.Sprintf("%d padlocks", n)
}

// PadlockSymbols draws a rating as five marks, filled for each padlock
// earned: "■■■□□".
func PadlockSymbols(n int) string {
	n = max(0, min(5, n))
	return strings.Repeat("■", n) + strings.Repeat("□", 5-n)
}

// SecurityDesign names the design as the padlock rating read it: "a
// randomised trial", "a comparison group adjusted for the pretest", ...
func SecurityDesign(s *evaluate.Security) string {
	switch s.Design {
	case evaluate.DesignRCT:
		return "randomised"
	case evaluate.DesignClusterRCT:
		return "randomised by school or class"
	case evaluate.DesignMatched:
		return "matched comparison group"
	case evaluate.DesignTwoGroup:
		if s.Padlocks.Design >= 2 {
			return "comparison group, adjusted for the pretest"
		}
		if !s.PretestAdjusted && !math.IsNaN(s.BaselineG) {
			// A pretest the headline could not adjust for (a subgroup
			// too small for the ANCOVA): there is one, unused.
			return "comparison group, not adjusted for the pretest"
		}
		return "comparison group, no pretest"
	case evaluate.DesignPrePost:
		return "no comparison group"
	}
	return string(s.Design)
}

// SecurityChain is each step of a padlock rating, short: "Design:
// randomised, 5 at most; MDES 0.18 → 5; attrition 25% → 3; starts at 3
// (set by the attrition); threats: none moderate or high → none off; 3
// padlocks".
func SecurityChain(s *evaluate.Security) string {
	p := s.Padlocks
	parts := []string{
		fmt.Sprintf("Design: %s, %d at most", SecurityDesign(s), p.Design),
		fmt.Sprintf("MDES %s → %d", mdesText(s.MDES.MDES), p.MDES),
		fmt.Sprintf("attrition %s → %d", attritionText(s), p.Attrition),
		fmt.Sprintf("starts at %d (%s)", p.Initial, limitedBy(p)),
		"threats: " + ThreatList(s) + " → " + dropText(p.Drop),
	}
	return strings.Join(parts, "; ") + "; " + Padlocks(p.Padlocks)
}

// ThreatList names the moderate and high threats of a rating, the
// confounding one with its baseline g: "concurrent interventions
// moderate, confounding high (baseline g 0.30)"; "none moderate or
// high".
func ThreatList(s *evaluate.Security) string {
	var out []string
	for _, t := range s.Padlocks.Threats {
		if t.Level == rating.PadlockLow {
			continue
		}
		name := strings.ReplaceAll(t.Name, "_", " ")
		if t.Derived && !math.IsNaN(s.BaselineG) {
			name += fmt.Sprintf(" (baseline g %s)", signed2(s.BaselineG))
		}
		out = append(out, name+" "+t.Level)
	}
	if len(out) == 0 {
		return "none moderate or high"
	}
	return strings.Join(out, ", ")
}

// limitedBy names the criteria that set a rating's starting level: "the
// design", "the MDES and attrition".
func limitedBy(p rating.PadlockResult) string {
	var by []string
	if p.Design == p.Initial {
		by = append(by, "design")
	}
	if p.MDES == p.Initial {
		by = append(by, "MDES")
	}
	if p.Attrition == p.Initial {
		by = append(by, "attrition")
	}
	switch len(by) {
	case 1:
		return "set by the " + by[0]
	case 2:
		return "set by the " + by[0] + " and " + by[1]
	}
	return "set by all three"
}

func dropText(n int) string {
	switch n {
	case 0:
		return "none off"
	case 1:
		return "1 off"
	}
	return fmt.Sprintf("%d off", n)
}

func mdesText(m float64) string {
	if math.IsNaN(m) {
		return "unknown"
	}
	return fmt.Sprintf("%.2f", m)
}

func signed2(x float64) string { return strings.Replace(fmt.Sprintf("%.2f", x), "-", "−", 1) }

// attritionText is the overall attrition as a whole per cent ("25%"),
// "25%, allocation unknown" when the pupils in the data were taken as
// allocated, or "unknown".
func attritionText(s *evaluate.Security) string {
	a := s.Attrition.Overall
	if math.IsNaN(a) {
		return "unknown"
	}
	t := fmt.Sprintf("%.0f%%", 100*a)
	if !s.Attrition.Counts.AllocationKnown && s.Subgroup == evaluate.SubgroupAll {
		t += " (allocation not given)"
	}
	return t
}

// WWCShort is a WWC rating without "WWC Standards": "Meets With
// Reservations", "Meets Without Reservations", "Does Not Meet".
func WWCShort(rating string) string {
	s := strings.Replace(rating, " WWC Standards", "", 1)
	return s
}

// OfSShort is "OfS Type 3 (caused)", "OfS Type 2 (associated with)".
func OfSShort(o rating.OfSResult) string {
	if o.Type == 0 {
		return ""
	}
	s := fmt.Sprintf("OfS Type %d", o.Type)
	if o.Claim != "" {
		s += " (" + o.Claim + ")"
	}
	return s
}

// SecurityLine is a rating in one sentence for the terminal: "Reading:
// 3 padlocks. Design: randomised, 5 at most; MDES 0.18 → 5; attrition
// 25% → 3; …; WWC: Meets Without Reservations; OfS Type 3 (caused)."
func SecurityLine(s *evaluate.Security, name string) string {
	ofs := OfSShort(s.OfS)
	if s.OfS.Type == 3 && (s.Design == evaluate.DesignTwoGroup || s.Design == evaluate.DesignMatched) {
		ofs = "OfS Type 3 (caused, as far as the groups' likeness before the programme can show)"
	}
	return fmt.Sprintf("%s: %s of 5. %s. WWC: %s; %s.", name, Padlocks(s.Padlocks.Padlocks), SecurityChain(s),
		WWCShort(s.WWC.Rating), ofs)
}

// RatingEstimateText formats the estimate of a rating row ("3 padlocks",
// "9.4%", "1.2 pts", "0.22"); ok is false for other rows.
func RatingEstimateText(x *evaluate.Result) (string, bool) {
	if x.Analysis != evaluate.AnalysisRating {
		return "", false
	}
	v := float64(x.Estimate)
	if math.IsNaN(v) {
		return "", true
	}
	switch x.Measure {
	case evaluate.MeasureEEFPadlocks:
		return Padlocks(int(v)), true
	case evaluate.MeasureAttritionOverall:
		return fmt.Sprintf("%.1f%%", 100*v), true
	case evaluate.MeasureAttritionDifferential:
		return fmt.Sprintf("%.1f pts", 100*v), true
	}
	return Num2(v), true
}

// AttritionSentence says a rating's attrition in words, for the flow
// diagram: "Attrition from allocation to analysis: 9.0% (21 of 234
// pupils); programme group 8.7%, comparison group 9.2%, a difference of
// 0.5 points: low by the WWC's cautious boundary."
func AttritionSentence(s *evaluate.Security) string {
	a := s.Attrition
	if math.IsNaN(a.Overall) {
		return "Attrition could not be worked out."
	}
	c := a.Counts
	alloc := c.AllocatedTreated + c.AllocatedComparison
	lost := alloc - c.AnalysedTreated - c.AnalysedComparison
	var b strings.Builder
	switch {
	case len(s.Flow.Arms) == 2 && s.Flow.Arms[1].Pool:
		fmt.Fprintf(&b, "Attrition of the programme group from the start to the analysis: %.1f%% (%d of %d pupils); the comparison group was matched from a pool, so its unmatched pupils are not lost.",
			100*a.Overall, lost, alloc)
	case a.OneGroup:
		fmt.Fprintf(&b, "Attrition from the start to the analysis: %.1f%% (%d of %d pupils).", 100*a.Overall, lost, alloc)
	default:
		fmt.Fprintf(&b, "Attrition from allocation to analysis: %.1f%% (%d of %d pupils); programme group %.1f%%, comparison group %.1f%%, a difference of %.1f points",
			100*a.Overall, lost, alloc, 100*a.Treated, 100*a.Comparison, 100*a.Differential)
		if a.Class != "" {
			fmt.Fprintf(&b, ": %s by the WWC's %s boundary", a.Class, a.Boundary)
		}
		b.WriteString(".")
	}
	if !c.AllocationKnown {
		b.WriteString(" The design does not give the pupils allocated, so the pupils in the data were taken as allocated.")
	}
	return b.String()
}

// SecuritySteps explains each step of a padlock rating in one short
// sentence, for the Summary's Security panel: the design, the MDES, the
// attrition, the starting level and the threats (the rating itself is
// beside them). With withhold (a small group in a workbook that withholds
// small counts) the sentences give no count of pupils. The Method sheet
// has the longer reasons (rating.PadlockResult.Steps).
func SecuritySteps(s *evaluate.Security, withhold bool) []string {
	p := s.Padlocks
	out := []string{fmt.Sprintf("Design: %s, so at most %d.", SecurityDesign(s), p.Design)}

	m := s.MDES
	if math.IsNaN(m.MDES) {
		out = append(out, "MDES: the smallest effect the pupils analysed could detect could not be worked out (Method sheet), so 0.")
	} else {
		who := fmt.Sprintf("the %d pupils analysed", m.NTreated+m.NComparison)
		if m.NComparison > 0 {
			who = fmt.Sprintf("the %d and %d pupils analysed", m.NTreated, m.NComparison)
		}
		if withhold {
			who = "the pupils analysed (a small group: counts withheld)"
		}
		if m.Clusters > 0 && !math.IsNaN(m.ICC) {
			who += fmt.Sprintf(" in %d clusters (ICC %.2f)", m.Clusters, m.ICC)
		}
		out = append(out, fmt.Sprintf("MDES: %s could detect an effect of %.2f, so %d.", who, m.MDES, p.MDES))
	}

	a := s.Attrition
	switch {
	case math.IsNaN(a.Overall):
		out = append(out, "Attrition: unknown, so 0.")
	case s.Design == evaluate.DesignMatched:
		out = append(out, fmt.Sprintf("Attrition: %.0f%% of the programme group were not analysed, so %d.", 100*a.Overall, p.Attrition))
	case !a.Counts.AllocationKnown && hasNote(a.Notes, evaluate.SubgroupAllocationInData):
		out = append(out, fmt.Sprintf("Attrition: %.0f%% of the group's pupils (all of those allocated are in the data) were not analysed, so %d.",
			100*a.Overall, p.Attrition))
	case !a.Counts.AllocationKnown && hasNote(a.Notes, evaluate.SubgroupAllocationUnknown):
		out = append(out, fmt.Sprintf("Attrition: %.0f%% of the group's pupils in the data were not analysed (the design gives the pupils allocated in all, not in this group), so %d.",
			100*a.Overall, p.Attrition))
	case !a.Counts.AllocationKnown:
		out = append(out, fmt.Sprintf("Attrition: %.0f%% of the pupils in the data were not analysed (the design does not give the pupils allocated: add allocation: to it), so %d.",
			100*a.Overall, p.Attrition))
	default:
		out = append(out, fmt.Sprintf("Attrition: %.0f%% of the pupils allocated were not analysed, so %d.", 100*a.Overall, p.Attrition))
	}

	out = append(out, fmt.Sprintf("The rating starts from the lowest of the three: %d (%s).", p.Initial, limitedBy(p)))

	declared := false
	for _, t := range p.Threats {
		declared = declared || !t.Derived
	}
	threats := "Threats to validity: " + ThreatList(s)
	if !declared {
		threats += " (none declared: add threats: to the design file)"
	}
	if p.High+p.Moderate > 0 {
		threats += "; " + threatCounts(p.High, p.Moderate)
	}
	out = append(out, threats+", so "+dropWords(p.Drop)+".")
	return out
}

func hasNote(notes []string, n string) bool {
	for _, x := range notes {
		if x == n {
			return true
		}
	}
	return false
}

// threatCounts is "2 moderate and none high", "1 high and 2 moderate".
func threatCounts(high, moderate int) string {
	switch {
	case high == 0:
		return fmt.Sprintf("%d moderate and none high", moderate)
	case moderate == 0:
		return fmt.Sprintf("%d high and none moderate", high)
	}
	return fmt.Sprintf("%d high and %d moderate", high, moderate)
}

// dropWords is "no padlock comes off", "1 padlock comes off", "2
// padlocks come off".
func dropWords(n int) string {
	switch n {
	case 0:
		return "no padlock comes off"
	case 1:
		return "1 padlock comes off"
	}
	return fmt.Sprintf("%d padlocks come off", n)
}

// WWCWhy is a WWC rating's reasons, short: "not randomised, so With
// Reservations at best; baseline g −0.08, between 0.05 and 0.25, adjusted
// for in the analysis".
func WWCWhy(s *evaluate.Security) string {
	w := s.WWC
	var out []string
	for _, st := range w.Steps {
		switch st.Criterion {
		case "design":
			switch {
			case s.Design == evaluate.DesignPrePost:
				out = append(out, "no comparison group")
			case st.Verdict == "randomised":
				out = append(out, "randomised")
			default:
				out = append(out, "not randomised, so With Reservations at best")
			}
		case "attrition":
			switch s.Attrition.Class {
			case rating.AttritionLow, rating.AttritionHigh:
				t := fmt.Sprintf("attrition %s by the WWC's %s boundary", s.Attrition.Class, s.Attrition.Boundary)
				if s.Attrition.Class == rating.AttritionHigh {
					t += ", so the groups must be shown alike before the programme"
				}
				out = append(out, t)
			default:
				out = append(out, "attrition not classified, so taken as high")
			}
		case "baseline":
			g := s.BaselineG
			switch {
			case math.IsNaN(g):
				out = append(out, "no pretest to show the groups were alike before the programme")
			case w.Baseline == "satisfied":
				out = append(out, fmt.Sprintf("baseline g %s, within 0.05: alike", signed2(g)))
			case w.Baseline == "adjust" && s.PretestAdjusted:
				out = append(out, fmt.Sprintf("baseline g %s, between 0.05 and 0.25 and adjusted for", signed2(g)))
			case w.Baseline == "adjust":
				out = append(out, fmt.Sprintf("baseline g %s, between 0.05 and 0.25 but not adjusted for", signed2(g)))
			default:
				out = append(out, fmt.Sprintf("baseline g %s, more than 0.25: not alike", signed2(g)))
			}
		}
	}
	return strings.Join(out, "; ")
}

// WWCLine is "WWC: Meets With Reservations (not randomised, …)."
func WWCLine(s *evaluate.Security) string {
	if s.WWC.Rating == "" {
		return ""
	}
	t := "WWC: " + WWCShort(s.WWC.Rating)
	if why := WWCWhy(s); why != "" {
		t += " (" + why + ")"
	}
	return t + "."
}

// OfSLine is "OfS: Type 3, causal claims: “The programme caused …”".
func OfSLine(s *evaluate.Security) string {
	o := s.OfS
	if o.Type == 0 {
		return ""
	}
	name := strings.Replace(o.Name, ": ", ", ", 1)
	t := "OfS: " + name
	if o.Sentence != "" {
		t += ". It allows: \u201c" + o.Sentence + "\u201d"
	}
	return t
}

// CostLine is a rating's EEF cost rating in a sentence: "EEF cost rating:
// ££, low cost (£150 per pupil per year)", or how to get one.
func CostLine(s *evaluate.Security) string {
	if s.Cost == "" {
		return "EEF cost rating: not given (add cost.per_pupil, pounds per pupil per year, to the design file)."
	}
	return fmt.Sprintf("EEF cost rating: %s, %s (£%s per pupil per year).", s.Cost, rating.CostWords(s.Cost), Pounds(s.CostPerPupil))
}

// Pounds is 1234.5 as "1,234.50" and 80 as "80".
func Pounds(c float64) string {
	s := strings.TrimSuffix(fmt.Sprintf("%.2f", c), ".00")
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	if frac != "" {
		return string(out) + "." + frac
	}
	return string(out)
}
