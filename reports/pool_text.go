package reports

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
)

// poolWidth is the width of the pool command's terminal summary.
const poolWidth = 100

// WritePoolText writes the terminal summary of a pooling: the headline in
// words (PoolHeadlines), the studies with their weights in the headline
// model, every model, the subgroups and moderator tests, leave-one-out,
// small-study effects and the caveats, in at most 100 columns.
func WritePoolText(w io.Writer, r *evaluate.PoolReport) error {
	if r == nil {
		return fmt.Errorf("writing summary: no report")
	}
	bw := bufio.NewWriter(w)
	title := r.Title
	if title == "" {
		title = "Pooled evaluations"
	}
	fmt.Fprintln(bw, title)
	fmt.Fprintln(bw, strings.Repeat("=", min(utf8.RuneCountInString(title), poolWidth)))
	writeWrapped(bw, fmt.Sprintf("%s of %s. %s. whatworks %s.", countWords(r.K, "study", "studies"), poolMeasureWords(r.Measure),
		capitalise(intervalName(r.Confidence)), Version), "", "", poolWidth)

	fmt.Fprintln(bw, "\nHeadline")
	for _, s := range PoolHeadlines(r) {
		writeWrapped(bw, s, "  * ", "    ", poolWidth)
	}

	head := r.Headline.Analysis
	short := poolMeasureShort(r.Measure)
	ci := ciLabel(r.Confidence)
	isG := r.Measure == evaluate.PoolHedgesG

	fmt.Fprintf(bw, "\nStudies (weights in %s)\n", head)
	hdr := []string{"Study", "From", short, ci, "weight"}
	right := []bool{false, false, true, true, true}
	if isG {
		hdr = append(hdr, "months")
		right = append(right, true)
	}
	anyN := false
	for _, s := range r.Studies {
		anyN = anyN || (s.NTreated != nil && s.NComparison != nil)
	}
	if anyN {
		hdr = append(hdr, "n_t/n_c")
		right = append(right, true)
	}
	if r.By != "" {
		hdr = append(hdr, r.By)
		right = append(right, false)
	}
	if r.Moderator != "" {
		hdr = append(hdr, r.Moderator)
		right = append(right, true)
	}
	rows := [][]string{hdr}
	for _, s := range r.Studies {
		row := []string{clip(s.Study, 30), inputShort(s.Input), num2(float64(s.Yi)), rangeText(s.CILow, s.CIHigh),
			pctText(float64(poolWeight(s.Weights, head)))}
		if isG {
			row = append(row, monthsText(s.MonthsProgress))
		}
		if anyN {
			row = append(row, nPair(s.NTreated, s.NComparison))
		}
		if r.By != "" {
			row = append(row, clip(s.Level, 16))
		}
		if r.Moderator != "" {
			row = append(row, trimFloat(float64(s.X)))
		}
		rows = append(rows, row)
	}
	writeTable(bw, rows, right)

	fmt.Fprintln(bw, "\nModels (all studies)")
	rows = [][]string{{"Model", short, ci, "p", "τ²", "τ² " + ci, "I²", strings.Replace(ci, "CI", "PI", 1)}}
	for _, m := range poolModels(r, evaluate.SubgroupAll) {
		pe, t2, i2, pi := m[evaluate.PoolPooled], m[evaluate.PoolTau2], m[evaluate.PoolI2], m[evaluate.PoolPrediction]
		name := pe.Analysis
		if name == head {
			name += " *"
		}
		rows = append(rows, []string{name, num2(float64(pe.Estimate)), rangeText(pe.CILow, pe.CIHigh), pText(float64(pe.PValue), false),
			num4(float64(t2.Estimate)), rangeText4(t2.CILow, t2.CIHigh), pctText(float64(i2.Estimate)), rangeText(pi.CILow, pi.CIHigh)})
	}
	writeTable(bw, rows, []bool{false, true, true, true, true, true, true, true})
	fmt.Fprintln(bw, "  * the headline model.")
	if q := findPool(r, evaluate.SubgroupAll, head, evaluate.PoolQ); q != nil && !math.IsNaN(float64(q.Estimate)) {
		fmt.Fprintf(bw, "  Cochran's Q = %s on %s df, %s (a test that every study has the same true effect).\n",
			num2(float64(q.Estimate)), trimFloat(float64(q.DF)), pText(float64(q.PValue), true))
	}

	if r.By != "" {
		fmt.Fprintf(bw, "\nBy %s (each level pooled alone, %s)\n", r.By, head)
		hdr := []string{"Group", "k", short, ci, "p"}
		right := []bool{false, true, true, true, true}
		if isG {
			hdr = append(hdr, "months")
			right = append(right, true)
		}
		hdr = append(hdr, "τ²", "I²")
		right = append(right, true, true)
		rows := [][]string{hdr}
		for _, sub := range poolSubgroups(r) {
			m := poolModel(r, sub, head)
			pe := m[evaluate.PoolPooled]
			row := []string{clip(sub, 30), fmt.Sprint(pe.K), num2(float64(pe.Estimate)), rangeText(pe.CILow, pe.CIHigh), pText(float64(pe.PValue), false)}
			if isG {
				row = append(row, monthsText(pe.MonthsProgress))
			}
			row = append(row, num4(float64(m[evaluate.PoolTau2].Estimate)), pctText(float64(m[evaluate.PoolI2].Estimate)))
			rows = append(rows, row)
		}
		writeTable(bw, rows, right)
		if qb := findPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil {
			writeWrapped(bw, qBetweenText(qb), "  ", "  ", poolWidth)
		}
	}
	if r.Moderator != "" {
		fmt.Fprintf(bw, "\nModerator %s (meta-regression)\n", r.Moderator)
		rows := [][]string{{"Model", "slope", ci, "p"}}
		for _, x := range r.Results {
			if x.Measure == "slope_"+r.Moderator {
				name := x.Analysis
				if name == head {
					name += " *"
				}
				rows = append(rows, []string{name, num4(float64(x.Estimate)), rangeText4(x.CILow, x.CIHigh), pText(float64(x.PValue), false)})
			}
		}
		writeTable(bw, rows, []bool{false, true, true, true})
		fmt.Fprintf(bw, "  The slope is the change in the effect size per unit of %s.\n", r.Moderator)
	}

	if r.K >= 2 {
		fmt.Fprintf(bw, "\nLeave one out (%s without each study)\n", head)
		rows := [][]string{{"Without", short, ci, "p", "τ²", "I²"}}
		for _, s := range r.Studies {
			l := s.LeaveOneOut
			rows = append(rows, []string{clip(s.Study, 30), num2(float64(l.Estimate)), rangeText(l.CILow, l.CIHigh),
				pText(float64(l.PValue), false), num4(float64(l.Tau2)), pctText(float64(l.I2))})
		}
		writeTable(bw, rows, []bool{false, true, true, true, true, true})
	}

	fmt.Fprintln(bw, "\nSmall-study effects")
	for _, s := range smallStudyText(r) {
		writeWrapped(bw, s, "  ", "  ", poolWidth)
	}

	if len(r.Caveats) > 0 {
		fmt.Fprintln(bw, "\nCaveats")
		for _, s := range r.Caveats {
			writeWrapped(bw, s, "  * ", "    ", poolWidth)
		}
	}
	return bw.Flush()
}

// PoolHeadlines are the sentences that lead a pooling's summary: the
// pooled effect (in months' progress for Hedges' g), how much it varies
// between places with the prediction interval in words, the model and
// why, and for moderators whether the effect differs.
func PoolHeadlines(r *evaluate.PoolReport) []string {
	if r == nil {
		return nil
	}
	h := r.Headline
	var out []string
	across := "Across " + countWords(h.K, "study", "studies") + ", "
	if h.K == 1 {
		across = "In the one study, "
	}
	stats := statsText(r, h.Estimate, h.CILow, h.CIHigh, h.PValue)
	chance := !math.IsNaN(float64(h.CILow)) && h.CILow <= 0 && h.CIHigh >= 0
	var s string
	switch r.Measure {
	case evaluate.PoolHedgesG:
		if m := h.MonthsProgress; m != nil && *m != 0 {
			s = across + "pupils in the programme made the equivalent of " + monthsPhrase(*m) + ", on average, compared with pupils in the comparison groups (" + stats + ")"
		} else {
			s = across + "pupils in the programme made about the same progress as pupils in the comparison groups (" + stats + ")"
		}
	case evaluate.PoolLogOddsRatio:
		or := h.OddsRatio
		s = fmt.Sprintf("%sthe odds of the outcome for pupils in the programme were %s times those in the comparison groups (pooled odds ratio %s, %s %s to %s%s; log odds ratio %s)",
			across, num2(float64(or.Estimate)), num2(float64(or.Estimate)), ciLabel(r.Confidence), num2(float64(or.CILow)), num2(float64(or.CIHigh)),
			pSuffix(h.PValue), num2(float64(h.Estimate)))
	case evaluate.PoolRiskDifference:
		d := float64(h.Estimate) * 100
		dir := "higher"
		if d < 0 {
			dir = "lower"
		}
		s = fmt.Sprintf("%sthe share of pupils with the outcome was %s percentage points %s in the programme than in the comparison groups (pooled risk difference %s)",
			across, trimFloat(math.Round(math.Abs(d)*10)/10), dir, statsTextBare(r, h.Estimate, h.CILow, h.CIHigh, h.PValue, 3))
	default:
		st := statsTextBare(r, h.Estimate, h.CILow, h.CIHigh, h.PValue, 2)
		if i := strings.Index(st, ", "); i > 0 {
			st = st[:i] + " (" + st[i+2:] + ")"
		}
		s = across + "the pooled effect size is " + st
	}
	if chance {
		s += ", but the pooled effect could be due to chance"
	}
	out = append(out, s+".")

	if h.K > 1 {
		var v string
		if h.Tau2 > 0 {
			v = fmt.Sprintf("The effect varied between places (τ² = %s, I² = %s, Cochran's Q %s)", num4(float64(h.Tau2)), pctText(float64(h.I2)), pText(float64(h.QPValue), true))
		} else {
			v = "No variation between places beyond chance was estimated (τ² = 0, I² = 0%)"
		}
		if !math.IsNaN(float64(h.PILow)) {
			v += ": in a new school like these, the effect would likely lie " + predictionWords(r) + "."
		} else {
			v += "."
		}
		out = append(out, v)
	}
	out = append(out, "Headline model ("+h.Analysis+"): "+h.Reason+".")
	if r.By != "" {
		if qb := findPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil && !math.IsNaN(float64(qb.PValue)) {
			if qb.PValue < 0.05 {
				out = append(out, fmt.Sprintf("The effect differed between levels of %s (Q_between = %s on %s df, %s): an association across studies, not proof that %s itself makes the difference.",
					r.By, num2(float64(qb.Estimate)), trimFloat(float64(qb.DF)), pText(float64(qb.PValue), true), r.By))
			} else {
				out = append(out, fmt.Sprintf("The differences between levels of %s could be due to chance (Q_between = %s on %s df, %s).",
					r.By, num2(float64(qb.Estimate)), trimFloat(float64(qb.DF)), pText(float64(qb.PValue), true)))
			}
		}
	}
	return out
}

// predictionWords is "between −1 and +6 months' progress (95% prediction
// interval −0.08 to 0.50)", or for other scales the interval itself.
func predictionWords(r *evaluate.PoolReport) string {
	h := r.Headline
	pi := strings.Replace(ciLabel(r.Confidence), "CI", "prediction interval", 1)
	switch r.Measure {
	case evaluate.PoolHedgesG:
		if h.PIMonthsLow != nil && h.PIMonthsHigh != nil {
			return fmt.Sprintf("between %s and %s months' progress (%s %s to %s)", monthsBound(*h.PIMonthsLow), monthsBound(*h.PIMonthsHigh),
				pi, minus(num2(float64(h.PILow))), minus(num2(float64(h.PIHigh))))
		}
	case evaluate.PoolLogOddsRatio:
		return fmt.Sprintf("between an odds ratio of %s and %s (%s)", num2(float64(h.OddsRatio.PILow)), num2(float64(h.OddsRatio.PIHigh)), pi)
	case evaluate.PoolRiskDifference:
		return fmt.Sprintf("between %s and %s percentage points (%s)", minus(trimFloat(math.Round(float64(h.PILow)*1000)/10)),
			minus(trimFloat(math.Round(float64(h.PIHigh)*1000)/10)), pi)
	}
	return fmt.Sprintf("between %s and %s (%s)", minus(num2(float64(h.PILow))), minus(num2(float64(h.PIHigh))), pi)
}

// signedMonths is "+6", "−1" or "0".
func signedMonths(m int) string {
	switch {
	case m > 0:
		return fmt.Sprintf("+%d", m)
	case m < 0:
		return fmt.Sprintf("−%d", -m)
	}
	return "0"
}

// minus writes a leading hyphen-minus as a minus sign, for prose.
func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// statsText is "pooled Hedges' g = 0.21, 95% CI 0.05 to 0.37, p = 0.012".
func statsText(r *evaluate.PoolReport, est, lo, hi, p evaluate.Num) string {
	name := "pooled effect size"
	if r.Measure == evaluate.PoolHedgesG {
		name = "pooled Hedges' g"
	}
	return name + " = " + statsTextBare(r, est, lo, hi, p, 2)
}

// statsTextBare is "0.21, 95% CI 0.05 to 0.37, p = 0.012" with the given
// number of decimals.
func statsTextBare(r *evaluate.PoolReport, est, lo, hi, p evaluate.Num, dec int) string {
	f := func(x evaluate.Num) string {
		s := fmt.Sprintf("%.*f", dec, float64(x))
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-")
		}
		return s
	}
	s := f(est)
	if !math.IsNaN(float64(lo)) && !math.IsNaN(float64(hi)) {
		s += ", " + ciLabel(r.Confidence) + " " + f(lo) + " to " + f(hi)
	}
	return s + pSuffix(p)
}

// pSuffix is ", p = 0.012" or "".
func pSuffix(p evaluate.Num) string {
	if math.IsNaN(float64(p)) {
		return ""
	}
	return ", " + pText(float64(p), true)
}

// qBetweenText describes the q_between row.
func qBetweenText(qb *evaluate.PoolRow) string {
	if math.IsNaN(float64(qb.Estimate)) {
		return "Between levels: " + qb.Note + "."
	}
	return fmt.Sprintf("Between levels: Q_between = %s on %s df, %s (REML meta-regression on %s: do the levels share one mean effect?).",
		num2(float64(qb.Estimate)), trimFloat(float64(qb.DF)), pText(float64(qb.PValue), true), qb.Subgroup)
}

// smallStudyText is Egger's test in words, with what asymmetry can and
// cannot mean, or why it was not done.
func smallStudyText(r *evaluate.PoolReport) []string {
	e := r.SmallStudy
	if math.IsNaN(float64(e.PValue)) {
		return []string{capitalise(e.Note) + "."}
	}
	test := "z"
	if !math.IsNaN(float64(e.DF)) {
		test = "t(" + trimFloat(float64(e.DF)) + ")"
	}
	verdict := "no clear sign that smaller studies found different effects"
	if e.PValue < 0.1 {
		verdict = "smaller studies found systematically different effects from larger ones"
	}
	return []string{
		fmt.Sprintf("Egger's test (%s): %s = %s, %s: %s. The effect expected in a very large study is %s (%s %s to %s).",
			e.Analysis, test, num2(float64(e.Statistic)), pText(float64(e.PValue), true), verdict,
			num2(float64(e.Limit)), ciLabel(r.Confidence), num2(float64(e.LimitCILow)), num2(float64(e.LimitCIHigh))),
		SmallStudyCaution,
	}
}

// SmallStudyCaution says what funnel-plot asymmetry can and cannot mean.
const SmallStudyCaution = "Asymmetry can mean that small studies with disappointing results went unpublished or unreported; it can also mean that small studies differ in kind (a more intensive programme, different pupils, closer monitoring), or be chance. It is never proof of publication bias, and its absence is no proof that there is none."

// poolModels returns, for subgroup sub, each model's rows by measure, in
// model order.
func poolModels(r *evaluate.PoolReport, sub string) []map[string]*evaluate.PoolRow {
	var out []map[string]*evaluate.PoolRow
	idx := map[string]int{}
	for i := range r.Results {
		x := &r.Results[i]
		if x.Subgroup != sub || !isModelMeasure(x.Measure) {
			continue
		}
		j, ok := idx[x.Analysis]
		if !ok {
			j = len(out)
			idx[x.Analysis] = j
			out = append(out, map[string]*evaluate.PoolRow{})
		}
		out[j][x.Measure] = x
	}
	return out
}

// poolModel returns one model's rows by measure in subgroup sub.
func poolModel(r *evaluate.PoolReport, sub, analysis string) map[string]*evaluate.PoolRow {
	m := map[string]*evaluate.PoolRow{}
	for i := range r.Results {
		x := &r.Results[i]
		if x.Subgroup == sub && x.Analysis == analysis {
			m[x.Measure] = x
		}
	}
	nan := &evaluate.PoolRow{Estimate: evaluate.NaN, SE: evaluate.NaN, CILow: evaluate.NaN, CIHigh: evaluate.NaN, PValue: evaluate.NaN, DF: evaluate.NaN, Statistic: evaluate.NaN}
	for _, q := range []string{evaluate.PoolPooled, evaluate.PoolTau2, evaluate.PoolI2, evaluate.PoolH2, evaluate.PoolQ, evaluate.PoolPrediction} {
		if m[q] == nil {
			m[q] = nan
		}
	}
	return m
}

func isModelMeasure(m string) bool {
	switch m {
	case evaluate.PoolPooled, evaluate.PoolTau2, evaluate.PoolI2, evaluate.PoolH2, evaluate.PoolQ, evaluate.PoolPrediction:
		return true
	}
	return false
}

// poolSubgroups lists the "COLUMN=LEVEL" subgroups in report order.
func poolSubgroups(r *evaluate.PoolReport) []string {
	var out []string
	for _, x := range r.Results {
		if strings.HasPrefix(x.Subgroup, r.By+"=") && (len(out) == 0 || out[len(out)-1] != x.Subgroup) {
			out = append(out, x.Subgroup)
		}
	}
	return out
}

// findPool returns the row with the given keys, or nil.
func findPool(r *evaluate.PoolReport, sub, analysis, measure string) *evaluate.PoolRow {
	for i := range r.Results {
		x := &r.Results[i]
		if x.Subgroup == sub && x.Analysis == analysis && x.Measure == measure {
			return x
		}
	}
	return nil
}

// poolWeight is a study's weight in the named model.
func poolWeight(w evaluate.PoolWeights, analysis string) evaluate.Num {
	switch analysis {
	case "meta_fe":
		return w.FE
	case "meta_dl":
		return w.DL
	case "meta_pm":
		return w.PM
	case "meta_reml_knha":
		return w.REMLKnHa
	}
	return w.REML
}

// poolMeasureWords names the scale of the effect sizes.
func poolMeasureWords(m string) string {
	switch m {
	case evaluate.PoolHedgesG:
		return "Hedges' g (standardised mean differences)"
	case evaluate.PoolLogOddsRatio:
		return "log odds ratios"
	case evaluate.PoolRiskDifference:
		return "risk differences"
	}
	return "effect sizes as given"
}

// poolMeasureShort is the column heading of an effect size.
func poolMeasureShort(m string) string {
	switch m {
	case evaluate.PoolHedgesG:
		return "g"
	case evaluate.PoolLogOddsRatio:
		return "log OR"
	case evaluate.PoolRiskDifference:
		return "RD"
	}
	return "effect"
}

// inputShort abbreviates how a study's effect size was found.
func inputShort(s string) string {
	switch {
	case strings.HasPrefix(s, "whatworks results"):
		return "results"
	case s == "summaries and pretest (DiD)":
		return "DiD"
	}
	return s
}

// countWords is "1 study", "6 studies".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// rangeText is "0.12 to 0.24", or "" when an end is missing.
func rangeText(lo, hi evaluate.Num) string {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) {
		return ""
	}
	return num2(float64(lo)) + " to " + num2(float64(hi))
}

// rangeText4 is rangeText with 4 decimals.
func rangeText4(lo, hi evaluate.Num) string {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) {
		return ""
	}
	return num4(float64(lo)) + " to " + num4(float64(hi))
}

// num4 formats to 4 decimals ("" for NaN; never "-0.0000").
func num4(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	s := fmt.Sprintf("%.4f", x)
	if s == "-0.0000" {
		s = "0.0000"
	}
	return s
}

// pctText is "41%" ("" for NaN).
func pctText(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return fmt.Sprintf("%.0f%%", x)
}

// nPair is "60/58", or "" when unknown.
func nPair(t, c *int) string {
	if t == nil || c == nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", *t, *c)
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
