package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// formulas are the formulas on the Method sheet, with their sources
// (docs/methods.md §2 effect sizes, §4 ANCOVA, §5 difference in
// differences, §6 pre-post, §10 baseline equivalence, §13 months, the
// improvement index and cost, §14 Benjamini–Hochberg).
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
	{"CI of d_z", "noncentral t (R package effectsize, cohens_d(paired = TRUE)); the normal interval d_z ± z·√(1/n + d_z²/(2n)) in the \"other method\" columns"},
	{"p-values", "one per comparison: every row of a comparison carries the p-value of the test it rests on (Welch's t-test for the unadjusted rows, the ANCOVA's t for the adjusted rows, the paired t-test for one group before and after, the model's t for the multilevel, cluster-robust and matched rows); a row's note says when its interval and that p-value disagree about zero"},
	{"Undefined measures", "left blank, with the reason in the row's note: an arm with fewer than 2 pupils, an SD of 0, J ≤ 0, a regression that predicts every outcome exactly; never counted as 0"},
	{"Adjusted p-values", "Benjamini & Hochberg (1995) across the outcomes of the evaluation"},
	{"Baseline equivalence", "WWC Standards Handbook v4.1: |g| ≤ 0.05; ≤ 0.25 with adjustment; > 0.25 fails"},
	{"Cost rating", "EEF Teaching and Learning Toolkit cost bands (2018–20), per pupil per year"},
}

// monthsRows are the rows of the months' progress table in use
// (docs/methods.md §13), as the Method sheet shows them.
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

// method writes the design, every choice, the pupils left out, the
// caveats, how secure each headline is (method_security.go), the
// formulas, the months' progress table, the software and the inputs, and
// the design file itself.
func (b *book) method() error {
	w := b.sheet(sheetMethod)
	w.widths(30, 16, 16, 90)
	w.put(1, 1, "How these results were produced", b.st.title)
	f := &flow{sheet: w, row: 1, width: 122}
	f.methodChoices()
	f.methodExclusions()
	f.methodCaveats()
	f.methodSecurity()
	f.methodFormulas()
	f.methodMonths()
	f.methodInputs()
	f.methodDesignFile()
	return w.Err()
}

// methodChoices writes the design and the choices behind every number.
func (f *flow) methodChoices() {
	b, r := f.b, f.b.r
	f.section("Design")
	f.keyValue("Evaluation", r.Title)
	f.keyValue("Design", words.Capitalise(words.DesignWords(r.Design))+" ("+string(r.Design)+")")
	f.keyValue("Design file", b.o.DesignName)
	f.section("Choices")
	f.keyValue("Confidence level", words.TrimFloat(r.Confidence*100)+"%")
	f.keyValue("CI shown for Hedges' g", ciMethodWords(r.CIMethod))
	sd := "Effect sizes divide by the pooled SD of the two groups (Glass's Δ: the comparison group's SD; ANCOVA: the unadjusted pooled SD of the outcome, never the residual SD); SDs use n − 1."
	if r.Clustering != nil {
		sd += " The multilevel g divides by the outcome's total SD √(τ₀² + σ₀²) from the multilevel model without predictors, with no small-sample correction (EEF); the cluster-robust g is on the ANCOVA g's scale."
	}
	f.keyValue("SD used", sd)
	f.keyValue("Months' progress", "EEF "+monthsTableName(r.MonthsTable))
	f.keyValue("Missing data", "Complete cases: a pupil missing the outcome is left out of that outcome's analyses; a pupil missing the pretest or a covariate is left out of the analyses that use it (ANCOVA, gain, difference in differences) only. Nothing is imputed. Counts below.")
	if r.Clustering == nil {
		f.keyValue("Headline estimate", "ANCOVA Hedges' g where there is a pretest, else the unadjusted Hedges' g; g_av for one group before and after.")
		return
	}
	f.keyValue("Headline estimate", "The EEF's multilevel Hedges' g (the Clustering rows below); if the model cannot be fitted, the cluster-robust ANCOVA g; the WWC-corrected g only when neither exists. The ANCOVA and unadjusted rows treat pupils as independent, so their intervals are too narrow.")
	f.section("Clustering")
	for _, x := range clusterMethod(r) {
		f.keyValue(x[0], x[1])
	}
}

// methodExclusions writes the table of pupils left out of each analysis
// (evaluate's exclusions), or "None.".
func (f *flow) methodExclusions() {
	b, r := f.b, f.b.r
	f.section("Pupils left out")
	f.header("Outcome", "Analysis", "Pupils", "Reason")
	if len(r.Exclusions) == 0 {
		f.row++
		f.put(1, f.row, "None.", b.st.text)
	}
	for _, e := range r.Exclusions {
		f.row++
		f.putRow(f.row, cellValue{e.Outcome, b.st.text}, cellValue{e.Analysis, b.st.text}, cellValue{e.Count, b.st.int0}, cellValue{e.Reason, b.st.wrap})
	}
}

// methodCaveats writes the report's caveats as bullets.
func (f *flow) methodCaveats() {
	f.section("Caveats")
	cav := words.Caveats(f.b.r)
	if len(cav) == 0 {
		cav = []string{"None raised by the analysis."}
	}
	for _, c := range cav {
		f.paragraph(4, "• "+c, f.b.st.wrap)
	}
}

// methodFormulas writes the formulas with their sources.
func (f *flow) methodFormulas() {
	f.section("Formulas")
	fms := formulas
	if f.b.r.Clustering != nil {
		fms = append(append([][2]string(nil), formulas...), clusterFormulas...)
	}
	for _, fm := range fms {
		f.keyValue(fm[0], fm[1])
	}
}

// methodMonths writes the months' progress table in use (evaluate/rating).
func (f *flow) methodMonths() {
	b, r := f.b, f.b.r
	f.section("Months' progress table (" + monthsTableName(r.MonthsTable) + ")")
	f.header("Months' progress", "Effect size from", "to")
	for _, m := range monthsRows(r.MonthsTable) {
		f.row++
		for j, v := range m {
			f.put(j+1, f.row, v, b.st.text)
		}
	}
	f.paragraph(4, "Negative effect sizes mirror the table (−0.10 to −0.18 is 2 months less progress). The effect size is rounded to 2 decimals first.", b.st.note)
}

// methodInputs writes the version of whatworks, the date and each input
// file with its SHA-256.
func (f *flow) methodInputs() {
	b := f.b
	f.section("Software and inputs")
	f.keyValue("whatworks version", b.o.Version)
	f.keyValue("Date", b.o.Date)
	f.header("Input file", "SHA-256", "", "")
	if len(b.o.Inputs) == 0 {
		f.row++
		f.put(1, f.row, "Not recorded.", b.st.text)
	}
	for _, in := range b.o.Inputs {
		f.row++
		f.put(1, f.row, in.Name, b.st.text)
		f.put(2, f.row, in.SHA256, b.st.mono)
		f.merge(2, f.row, 4, f.row)
	}
}

// methodDesignFile copies the design file, a line to a row, when given.
func (f *flow) methodDesignFile() {
	b := f.b
	if len(b.o.Design) == 0 {
		return
	}
	name := b.o.DesignName
	if name == "" {
		name = "design file"
	}
	f.section("The design file (" + name + ")")
	text := strings.ReplaceAll(string(b.o.Design), "\r\n", "\n")
	text = strings.TrimRight(text, "\n")
	for _, l := range strings.Split(text, "\n") {
		f.row++
		l = strings.ReplaceAll(l, "\t", "    ")
		if strings.TrimSpace(l) == "" {
			continue
		}
		f.put(1, f.row, l, b.st.mono)
	}
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
