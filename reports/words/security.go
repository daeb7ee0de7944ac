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
	return fmt.Sprintf("%s: %s of 5. %s. WWC: %s; %s.", name, Padlocks(s.Padlocks.Padlocks), SecurityChain(s),
		WWCShort(s.WWC.Rating), OfSShort(s.OfS))
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
	case s.Flow.Arms != nil && len(s.Flow.Arms) == 2 && s.Flow.Arms[1].Pool:
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
