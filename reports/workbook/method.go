package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// ---- Method ----

// formulas are the formulas on the Method sheet, with their sources.
var formulas = [][2]string{
	{"Pooled SD", "s_p = √(((n_t − 1)s_t² + (n_c − 1)s_c²) / (n_t + n_c − 2))"},
	{"Cohen's d", "d = (mean_t − mean_c) / s_p  (Cohen 1988)"},
	{"Hedges' g", "g = J·d, J = 1 − 3/(4N − 9), N = n_t + n_c  (Hedges 1981, doi:10.3102/10769986006002107; EEF and WWC)"},
	{"CI of g (normal)", "g ± z·SE, SE = √(N/(n_t n_c) + g²/(2N))  (Hedges & Olkin 1985; EEF)"},
	{"CI of g (noncentral t)", "inverts the noncentral t distribution of the t statistic (Steiger & Fouladi 1997; R package effectsize)"},
	{"Glass's Δ", "Δ = (mean_t − mean_c) / s_c  (Glass 1976)"},
	{"Adjusted g (ANCOVA)", "g = J·b / s_p, b = treatment coefficient of an OLS regression of the outcome on treatment, pretest and covariates; s_p = unadjusted pooled SD of the outcome; CI = CI of b scaled the same way (EEF 2022 statistical analysis guidance)"},
	{"Difference in differences", "g_DiD = g_post − g_pre, each with its own pooled SD and J (WWC Procedures Handbook v4.1)"},
	{"Pre/post, one group", "d_z = mean(diff)/sd(diff); d_av = mean(diff)/((sd_pre + sd_post)/2); g_av = J·d_av, J = 1 − 3/(4(n − 1) − 1)  (Lakens 2013, doi:10.3389/fpsyg.2013.00863)"},
	{"Months' progress", "EEF conversion of the effect size rounded to 2 decimals, negative effects mirrored (table below)"},
	{"Improvement index", "100·Φ(g) − 50  (WWC Procedures Handbook v4.1)"},
	{"Adjusted p-values", "Benjamini & Hochberg (1995) across the outcomes of the evaluation"},
	{"Baseline equivalence", "WWC Standards Handbook v4.1: |g| ≤ 0.05; ≤ 0.25 with adjustment; > 0.25 fails"},
	{"Cost rating", "EEF Teaching and Learning Toolkit cost bands (2018–20), per pupil per year"},
}

// monthsRows are the rows of the months' progress table in use, as the
// Method sheet shows them.
func monthsRows(table string) [][3]string {
	var out [][3]string
	for _, b := range rating.MonthsBands(table) {
		from := fmt.Sprintf("%.2f", b.From)
		if b.From < 0 {
			from = "−" + from[1:]
		}
		to := "and above"
		if !math.IsInf(b.To, 1) {
			to = fmt.Sprintf("%.2f", b.To)
		}
		out = append(out, [3]string{strconv.Itoa(b.Months), from, to})
	}
	return out
}

// method writes the design, every choice, the formulas, the software and
// the inputs, and the design file itself.
func (b *book) method() error {
	s, r := sheetMethod, b.r
	if err := b.widths(s, 30, 16, 16, 90); err != nil {
		return err
	}
	const width = 122.0
	row := 1
	if err := b.put(s, 1, row, "How these results were produced", b.st.title); err != nil {
		return err
	}
	section := func(name string) error {
		row += 2
		return b.put(s, 1, row, name, b.st.h2)
	}
	kv := func(k, v string) error {
		row++
		if err := b.put(s, 1, row, k, b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, v, b.st.wrap); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
		return b.f.SetRowHeight(s, row, textHeight(v, width-30))
	}
	steps := []func() error{
		func() error { return section("Design") },
		func() error { return kv("Evaluation", r.Title) },
		func() error {
			return kv("Design", words.Capitalise(words.DesignWords(r.Design))+" ("+string(r.Design)+")")
		},
		func() error { return kv("Design file", b.o.DesignName) },
		func() error { return section("Choices") },
		func() error { return kv("Confidence level", words.TrimFloat(r.Confidence*100)+"%") },
		func() error { return kv("CI shown for Hedges' g", ciMethodWords(r.CIMethod)) },
		func() error {
			sd := "Effect sizes divide by the pooled SD of the two groups (Glass's Δ: the comparison group's SD; ANCOVA: the unadjusted pooled SD of the outcome, never the residual SD); SDs use n − 1."
			if r.Clustering != nil {
				sd += " The multilevel g divides by the outcome's total SD √(τ₀² + σ₀²) from the multilevel model without predictors, with no small-sample correction (EEF); the cluster-robust g is on the ANCOVA g's scale."
			}
			return kv("SD used", sd)
		},
		func() error { return kv("Months' progress", "EEF "+monthsTableName(r.MonthsTable)) },
		func() error {
			return kv("Missing data", "Complete cases: a pupil missing the outcome is left out of that outcome's analyses; a pupil missing the pretest or a covariate is left out of the analyses that use it (ANCOVA, gain, difference in differences) only. Nothing is imputed. Counts below.")
		},
		func() error {
			if r.Clustering != nil {
				return kv("Headline estimate", "The EEF's multilevel Hedges' g (the Clustering rows below); if the model cannot be fitted, the cluster-robust ANCOVA g; the WWC-corrected g only when neither exists. The ANCOVA and unadjusted rows treat pupils as independent, so their intervals are too narrow.")
			}
			return kv("Headline estimate", "ANCOVA Hedges' g where there is a pretest, else the unadjusted Hedges' g; g_av for one group before and after.")
		},
	}
	if cm := clusterMethod(r); len(cm) > 0 {
		steps = append(steps, func() error { return section("Clustering") })
		for _, x := range cm {
			steps = append(steps, func() error { return kv(x[0], x[1]) })
		}
	}
	for _, st := range steps {
		if err := st(); err != nil {
			return err
		}
	}

	if err := section("Pupils left out"); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Outcome", "Analysis", "Pupils", "Reason"}, false); err != nil {
		return err
	}
	if len(r.Exclusions) == 0 {
		row++
		if err := b.put(s, 1, row, "None.", b.st.text); err != nil {
			return err
		}
	}
	for _, e := range r.Exclusions {
		row++
		n := e.Count
		for i, v := range []struct {
			v  any
			st int
		}{{e.Outcome, b.st.text}, {e.Analysis, b.st.text}, {n, b.st.int0}, {e.Reason, b.st.wrap}} {
			if err := b.put(s, i+1, row, v.v, v.st); err != nil {
				return err
			}
		}
	}

	if err := section("Caveats"); err != nil {
		return err
	}
	cav := r.Caveats
	if len(cav) == 0 {
		cav = []string{"None raised by the analysis."}
	}
	for _, c := range cav {
		row++
		if err := b.paragraph(s, row, 4, "• "+c, b.st.wrap, width); err != nil {
			return err
		}
	}

	if err := section("Formulas"); err != nil {
		return err
	}
	fms := formulas
	if r.Clustering != nil {
		fms = append(append([][2]string(nil), formulas...), clusterFormulas...)
	}
	for _, fm := range fms {
		if err := kv(fm[0], fm[1]); err != nil {
			return err
		}
	}

	if err := section("Months' progress table (" + monthsTableName(r.MonthsTable) + ")"); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Months' progress", "Effect size from", "to"}, false); err != nil {
		return err
	}
	for _, m := range monthsRows(r.MonthsTable) {
		row++
		for j, v := range m {
			if err := b.put(s, j+1, row, v, b.st.text); err != nil {
				return err
			}
		}
	}
	row++
	if err := b.paragraph(s, row, 4, "Negative effect sizes mirror the table (−0.10 to −0.18 is 2 months less progress). The effect size is rounded to 2 decimals first.", b.st.note, width); err != nil {
		return err
	}

	if err := section("Software and inputs"); err != nil {
		return err
	}
	if err := kv("whatworks version", b.o.Version); err != nil {
		return err
	}
	if err := kv("Date", b.o.Date); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Input file", "SHA-256", "", ""}, false); err != nil {
		return err
	}
	if len(b.o.Inputs) == 0 {
		row++
		if err := b.put(s, 1, row, "Not recorded.", b.st.text); err != nil {
			return err
		}
	}
	for _, in := range b.o.Inputs {
		row++
		if err := b.put(s, 1, row, in.Name, b.st.text); err != nil {
			return err
		}
		if err := b.put(s, 2, row, in.SHA256, b.st.mono); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
	}

	if len(b.o.Design) > 0 {
		name := b.o.DesignName
		if name == "" {
			name = "design file"
		}
		if err := section("The design file (" + name + ")"); err != nil {
			return err
		}
		text := strings.ReplaceAll(string(b.o.Design), "\r\n", "\n")
		text = strings.TrimRight(text, "\n")
		for _, l := range strings.Split(text, "\n") {
			row++
			l = strings.ReplaceAll(l, "\t", "    ")
			if strings.TrimSpace(l) == "" {
				continue
			}
			if err := b.put(s, 1, row, l, b.st.mono); err != nil {
				return err
			}
		}
	}
	return nil
}

// ciMethodWords describes the CI method shown for Hedges' g.
func ciMethodWords(m string) string {
	switch m {
	case "normal", "":
		return "Normal approximation, g ± z·SE (EEF convention); the noncentral-t interval (R effectsize) is in the Results sheet's \"other method\" columns."
	case "noncentral-t":
		return "Noncentral t (as R's effectsize package); the normal-approximation interval (EEF) is in the Results sheet's \"other method\" columns."
	}
	return m
}
