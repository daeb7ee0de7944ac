package workbook

import (
	"fmt"
	"math"
	"sort"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// ---- Matching ----

// matching writes the matching settings, counts, propensity model, balance
// before and after matching and warnings (evaluate.MatchReport).
func (b *book) matching() error {
	s, m := sheetMatching, b.r.Matching
	if err := b.widths(s, 24, 26, 16, 13, 13, 13, 13, 14, 10, 36); err != nil {
		return err
	}
	row := 1
	if err := b.put(s, 1, row, "Matching: how the comparison group was chosen", b.st.title); err != nil {
		return err
	}
	row += 2
	if err := b.put(s, 1, row, "Settings", b.st.h2); err != nil {
		return err
	}
	keys := make([]string, 0, len(m.Settings))
	for k := range m.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row++
		if err := b.put(s, 1, row, k, b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.Settings[k], b.st.text); err != nil {
			return err
		}
	}
	if !math.IsNaN(float64(m.Caliper)) {
		row++
		if err := b.put(s, 1, row, "caliper (distance units)", b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.Caliper, b.st.num3); err != nil {
			return err
		}
	}
	if m.SMDDenominator != "" {
		row++
		if err := b.put(s, 1, row, "SD for differences", b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.SMDDenominator, b.st.text); err != nil {
			return err
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Pupils", b.st.h2); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Group", "All", "Matched", "Unmatched", "Left out (missing data)", "Effective size (all)", "Effective size (matched)"}, false); err != nil {
		return err
	}
	for _, a := range []struct {
		name string
		c    evaluate.ArmCounts
	}{{"Intervention", m.Counts.Treated}, {"Comparison", m.Counts.Comparison}} {
		row++
		if err := b.put(s, 1, row, a.name, b.st.bold); err != nil {
			return err
		}
		for i, n := range []int{a.c.All, a.c.Matched, a.c.Unmatched, a.c.Discarded} {
			if err := b.put(s, 2+i, row, n, b.st.int0); err != nil {
				return err
			}
		}
		if err := b.put(s, 6, row, a.c.ESSAll, b.st.num1); err != nil {
			return err
		}
		if err := b.put(s, 7, row, a.c.ESSMatched, b.st.num1); err != nil {
			return err
		}
	}

	if pm := m.Model; pm != nil {
		row += 2
		if err := b.put(s, 1, row, "Propensity-score model", b.st.h2); err != nil {
			return err
		}
		row++
		conv := "converged"
		if !pm.Converged {
			conv = "did NOT converge"
		}
		desc := fmt.Sprintf("%s (logistic regression, %d pupils, %s after %d iterations; deviance %s, null deviance %s)",
			pm.Formula, pm.N, conv, pm.Iterations, words.Num2(float64(pm.Deviance)), words.Num2(float64(pm.NullDeviance)))
		if err := b.paragraph(s, row, 10, desc, b.st.wrap, 170); err != nil {
			return err
		}
		if pm.Separation != "" {
			row++
			if err := b.paragraph(s, row, 10, pm.Separation, b.st.wwcFail, 170); err != nil {
				return err
			}
		}
		row++
		if err := b.header(s, row, []string{"Term", "Estimate", "SE", "z", "p-value"}, false); err != nil {
			return err
		}
		for _, t := range pm.Terms {
			row++
			for i, v := range []struct {
				v  any
				st int
			}{{t.Term, b.st.text}, {t.Estimate, b.st.num3}, {t.SE, b.st.num3}, {t.Z, b.st.num2}, {t.PValue, b.st.pval}} {
				if err := b.put(s, i+1, row, v.v, v.st); err != nil {
					return err
				}
			}
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Balance before and after matching", b.st.h2); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, balanceHeader, false); err != nil {
		return err
	}
	var err error
	if row, err = b.balanceTable(s, row, m.Balance); err != nil {
		return err
	}

	if len(m.Warnings) > 0 {
		row += 2
		if err := b.put(s, 1, row, "Warnings", b.st.h2); err != nil {
			return err
		}
		for _, w := range m.Warnings {
			row++
			if err := b.paragraph(s, row, 10, "• "+w, b.st.wrap, 170); err != nil {
				return err
			}
		}
	}
	// The matching plots (reports/match_plots.go: LovePlot, PropensityPlot)
	// go here: the caller renders them and passes them in
	// Options.PlotPNGs under "Matching/NAME".
	_, err = b.images(s, row+2)
	return err
}
