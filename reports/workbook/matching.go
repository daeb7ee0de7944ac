package workbook

import (
	"fmt"
	"math"
	"sort"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// matching writes the matching settings, counts, propensity model, balance
// before and after matching and warnings (evaluate.MatchReport), and the
// matching plots (plot.LovePlot, plot.PropensityPanels), which the caller
// renders and passes in Options.PlotPNGs under "Matching/NAME".
func (b *book) matching() error {
	w := b.sheet(sheetMatching)
	w.widths(24, 26, 16, 13, 13, 13, 13, 14, 10, 36)
	w.put(1, 1, "Matching: how the comparison group was chosen", b.st.title)
	f := &flow{sheet: w, row: 1, width: 170}
	m := b.r.Matching
	f.matchingSettings(m)
	f.matchingCounts(m)
	if m.Model != nil {
		f.matchingModel(m.Model)
	}
	f.section("Balance before and after matching")
	f.header(balanceHeader...)
	f.row = w.balanceTable(f.row, m.Balance)
	if len(m.Warnings) > 0 {
		f.section("Warnings")
		for _, warning := range m.Warnings {
			f.paragraph(10, "• "+warning, b.st.wrap)
		}
	}
	w.images(f.row + 2)
	return w.Err()
}

// matchingSettings writes each setting of the match, the caliper and the
// SD of the standardised differences.
func (f *flow) matchingSettings(m *evaluate.MatchReport) {
	st := f.b.st
	f.section("Settings")
	keys := make([]string, 0, len(m.Settings))
	for k := range m.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.row++
		f.put(1, f.row, k, st.bold)
		f.put(2, f.row, m.Settings[k], st.text)
	}
	if !math.IsNaN(float64(m.Caliper)) {
		f.row++
		f.put(1, f.row, "caliper (distance units)", st.bold)
		f.put(2, f.row, m.Caliper, st.num3)
	}
	if m.SMDDenominator != "" {
		f.row++
		f.put(1, f.row, "SD for differences", st.bold)
		f.put(2, f.row, m.SMDDenominator, st.text)
	}
}

// matchingCounts writes the pupils of each arm: all, matched, unmatched,
// left out, and the effective sample sizes.
func (f *flow) matchingCounts(m *evaluate.MatchReport) {
	st := f.b.st
	f.section("Pupils")
	f.header("Group", "All", "Matched", "Unmatched", "Left out (missing data)", "Effective size (all)", "Effective size (matched)")
	for _, a := range []struct {
		name string
		c    evaluate.ArmCounts
	}{{"Intervention", m.Counts.Treated}, {"Comparison", m.Counts.Comparison}} {
		f.row++
		f.put(1, f.row, a.name, st.bold)
		for i, n := range []int{a.c.All, a.c.Matched, a.c.Unmatched, a.c.Discarded} {
			f.put(2+i, f.row, n, st.int0)
		}
		f.put(6, f.row, a.c.ESSAll, st.num1)
		f.put(7, f.row, a.c.ESSMatched, st.num1)
	}
}

// matchingModel writes the propensity-score model: its formula and fit,
// any separation, and its coefficients.
func (f *flow) matchingModel(pm *evaluate.PropensityModel) {
	st := f.b.st
	f.section("Propensity-score model")
	conv := "converged"
	if !pm.Converged {
		conv = "did NOT converge"
	}
	desc := fmt.Sprintf("%s (logistic regression, %d pupils, %s after %d iterations; deviance %s, null deviance %s)",
		pm.Formula, pm.N, conv, pm.Iterations, words.Num2(float64(pm.Deviance)), words.Num2(float64(pm.NullDeviance)))
	f.paragraph(10, desc, st.wrap)
	if pm.Separation != "" {
		f.paragraph(10, pm.Separation, st.wwcFail)
	}
	f.header("Term", "Estimate", "SE", "z", "p-value")
	for _, t := range pm.Terms {
		f.row++
		f.putRow(f.row, cellValue{t.Term, st.text}, cellValue{t.Estimate, st.num3}, cellValue{t.SE, st.num3},
			cellValue{t.Z, st.num2}, cellValue{t.PValue, st.pval})
	}
}
