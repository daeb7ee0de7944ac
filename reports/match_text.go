package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// WriteMatchText prints what a matching run did, for `whatworks match`:
// the settings, how many pupils were matched, the balance of every
// covariate before and after matching, and every warning in words.
func WriteMatchText(w io.Writer, m *evaluate.MatchReport) error {
	var b strings.Builder
	b.WriteString("Matching\n")
	for _, k := range []string{"distance", "caliper", "caliper_scale", "ratio", "replace", "order", "exact"} {
		if v, ok := m.Settings[k]; ok && v != "" {
			fmt.Fprintf(&b, "  %-14s %s\n", k, v)
		}
	}
	if m.Model != nil {
		conv := "converged"
		if !m.Model.Converged {
			conv = "DID NOT CONVERGE"
		}
		fmt.Fprintf(&b, "  propensity model: %s (%s after %d iterations, %d pupils)\n", m.Model.Formula, conv, m.Model.Iterations, m.Model.N)
	}

	b.WriteString("\nPupils\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tall\tmatched\tunmatched\tdiscarded\teffective n (matched)\t")
	for _, a := range []struct {
		name string
		c    evaluate.ArmCounts
	}{{evaluate.ArmIntervention, m.Counts.Treated}, {evaluate.ArmComparison, m.Counts.Comparison}} {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%s\t\n", a.name, a.c.All, a.c.Matched, a.c.Unmatched, a.c.Discarded, textNum(float64(a.c.ESSMatched), 1))
	}
	tw.Flush()

	b.WriteString("\nBalance (standardised mean difference; " + m.SMDDenominator + ")\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  covariate\tSMD before\tSMD after\tvariance ratio after\tWWC after\t")
	before := map[string]evaluate.Balance{}
	for _, r := range m.Balance {
		if r.Sample == "before_matching" {
			before[r.Name()] = r
		}
	}
	for _, r := range m.Balance {
		if r.Sample != "after_matching" {
			continue
		}
		name := r.Name()
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t\n", name, textNum(float64(before[name].SMD), 3), textNum(float64(r.SMD), 3),
			textNum(float64(r.VarRatio), 2), wwcPhrase(r.WWC))
	}
	tw.Flush()
	if len(m.Warnings) > 0 {
		b.WriteString("\nWarnings\n")
		for _, s := range m.Warnings {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	_, err := io.WriteString(w, words.Singular(b.String()))
	return err
}

// num formats x with the given decimals, or "-" when it is not a number.
func textNum(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return fmt.Sprintf("%.*f", decimals, x)
}

// wwcPhrase says a WWC baseline-equivalence class in words.
func wwcPhrase(class string) string {
	switch class {
	case "satisfied":
		return "equivalent (|SMD| <= 0.05)"
	case "adjust":
		return "needs adjustment (0.05-0.25)"
	case "fails":
		return "not equivalent (> 0.25)"
	}
	return class
}
