package words

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
)

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
	across := "Across " + CountWords(h.K, "study", "studies") + ", "
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
			across, Num2(float64(or.Estimate)), Num2(float64(or.Estimate)), CILabel(r.Confidence), Num2(float64(or.CILow)), Num2(float64(or.CIHigh)),
			pSuffix(h.PValue), Num2(float64(h.Estimate)))
	case evaluate.PoolRiskDifference:
		d := float64(h.Estimate) * 100
		dir := "higher"
		if d < 0 {
			dir = "lower"
		}
		s = fmt.Sprintf("%sthe share of pupils with the outcome was %s percentage points %s in the programme than in the comparison groups (pooled risk difference %s)",
			across, TrimFloat(math.Round(math.Abs(d)*10)/10), dir, statsTextBare(r, h.Estimate, h.CILow, h.CIHigh, h.PValue, 3))
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
			v = fmt.Sprintf("The effect varied between places (τ² = %s, I² = %s, Cochran's Q %s)", Num4(float64(h.Tau2)), PctText(float64(h.I2)), PText(float64(h.QPValue), true))
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
		if qb := FindPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil && !math.IsNaN(float64(qb.PValue)) {
			if qb.PValue < 0.05 {
				out = append(out, fmt.Sprintf("The effect differed between levels of %s (Q_between = %s on %s df, %s): an association across studies, not proof that %s itself makes the difference.",
					r.By, Num2(float64(qb.Estimate)), TrimFloat(float64(qb.DF)), PText(float64(qb.PValue), true), r.By))
			} else {
				out = append(out, fmt.Sprintf("The differences between levels of %s could be due to chance (Q_between = %s on %s df, %s).",
					r.By, Num2(float64(qb.Estimate)), TrimFloat(float64(qb.DF)), PText(float64(qb.PValue), true)))
			}
		}
	}
	return out
}

// predictionWords is "between −1 and +6 months' progress (95% prediction
// interval −0.08 to 0.50)", or for other scales the interval itself.
func predictionWords(r *evaluate.PoolReport) string {
	h := r.Headline
	pi := strings.Replace(CILabel(r.Confidence), "CI", "prediction interval", 1)
	switch r.Measure {
	case evaluate.PoolHedgesG:
		if h.PIMonthsLow != nil && h.PIMonthsHigh != nil {
			return fmt.Sprintf("between %s and %s months' progress (%s %s to %s)", MonthsBound(*h.PIMonthsLow), MonthsBound(*h.PIMonthsHigh),
				pi, minus(Num2(float64(h.PILow))), minus(Num2(float64(h.PIHigh))))
		}
	case evaluate.PoolLogOddsRatio:
		return fmt.Sprintf("between an odds ratio of %s and %s (%s)", Num2(float64(h.OddsRatio.PILow)), Num2(float64(h.OddsRatio.PIHigh)), pi)
	case evaluate.PoolRiskDifference:
		return fmt.Sprintf("between %s and %s percentage points (%s)", minus(TrimFloat(math.Round(float64(h.PILow)*1000)/10)),
			minus(TrimFloat(math.Round(float64(h.PIHigh)*1000)/10)), pi)
	}
	return fmt.Sprintf("between %s and %s (%s)", minus(Num2(float64(h.PILow))), minus(Num2(float64(h.PIHigh))), pi)
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
		s += ", " + CILabel(r.Confidence) + " " + f(lo) + " to " + f(hi)
	}
	return s + pSuffix(p)
}

// pSuffix is ", p = 0.012" or "".
func pSuffix(p evaluate.Num) string {
	if math.IsNaN(float64(p)) {
		return ""
	}
	return ", " + PText(float64(p), true)
}

// QBetweenText describes the q_between row.
func QBetweenText(qb *evaluate.PoolRow) string {
	if math.IsNaN(float64(qb.Estimate)) {
		return "Between levels: " + qb.Note + "."
	}
	return fmt.Sprintf("Between levels: Q_between = %s on %s df, %s (REML meta-regression on %s: do the levels share one mean effect?).",
		Num2(float64(qb.Estimate)), TrimFloat(float64(qb.DF)), PText(float64(qb.PValue), true), qb.Subgroup)
}

// SmallStudyText is Egger's test in words, with what asymmetry can and
// cannot mean, or why it was not done.
func SmallStudyText(r *evaluate.PoolReport) []string {
	e := r.SmallStudy
	if math.IsNaN(float64(e.PValue)) {
		return []string{Capitalise(e.Note) + "."}
	}
	test := "z"
	if !math.IsNaN(float64(e.DF)) {
		test = "t(" + TrimFloat(float64(e.DF)) + ")"
	}
	verdict := "no clear sign that smaller studies found different effects"
	if e.PValue < 0.1 {
		verdict = "smaller studies found systematically different effects from larger ones"
	}
	return []string{
		fmt.Sprintf("Egger's test (%s): %s = %s, %s: %s. The effect expected in a very large study is %s (%s %s to %s).",
			e.Analysis, test, Num2(float64(e.Statistic)), PText(float64(e.PValue), true), verdict,
			Num2(float64(e.Limit)), CILabel(r.Confidence), Num2(float64(e.LimitCILow)), Num2(float64(e.LimitCIHigh))),
		SmallStudyCaution,
	}
}

// SmallStudyCaution says what funnel-plot asymmetry can and cannot mean.
const SmallStudyCaution = "Asymmetry can mean that small studies with disappointing results went unpublished or unreported; it can also mean that small studies differ in kind (a more intensive programme, different pupils, closer monitoring), or be chance. It is never proof of publication bias, and its absence is no proof that there is none."

// PoolModels returns, for subgroup sub, each model's rows by measure, in
// model order.
func PoolModels(r *evaluate.PoolReport, sub string) []map[string]*evaluate.PoolRow {
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

// PoolModel returns one model's rows by measure in subgroup sub.
func PoolModel(r *evaluate.PoolReport, sub, analysis string) map[string]*evaluate.PoolRow {
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

// PoolSubgroups lists the "COLUMN=LEVEL" subgroups in report order.
func PoolSubgroups(r *evaluate.PoolReport) []string {
	var out []string
	for _, x := range r.Results {
		if strings.HasPrefix(x.Subgroup, r.By+"=") && (len(out) == 0 || out[len(out)-1] != x.Subgroup) {
			out = append(out, x.Subgroup)
		}
	}
	return out
}

// FindPool returns the row with the given keys, or nil.
func FindPool(r *evaluate.PoolReport, sub, analysis, measure string) *evaluate.PoolRow {
	for i := range r.Results {
		x := &r.Results[i]
		if x.Subgroup == sub && x.Analysis == analysis && x.Measure == measure {
			return x
		}
	}
	return nil
}

// PoolWeight is a study's weight in the named model.
func PoolWeight(w evaluate.PoolWeights, analysis string) evaluate.Num {
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

// PoolMeasureWords names the scale of the effect sizes.
func PoolMeasureWords(m string) string {
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

// PoolMeasureShort is the column heading of an effect size.
func PoolMeasureShort(m string) string {
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

// InputShort abbreviates how a study's effect size was found.
func InputShort(s string) string {
	switch {
	case strings.HasPrefix(s, "whatworks results"):
		return "results"
	case s == "summaries and pretest (DiD)":
		return "DiD"
	}
	return s
}

// CountWords is "1 study", "6 studies".
func CountWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// RangeText is "0.12 to 0.24", or "" when an end is missing.
func RangeText(lo, hi evaluate.Num) string {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) {
		return ""
	}
	return Num2(float64(lo)) + " to " + Num2(float64(hi))
}

// RangeText4 is RangeText with 4 decimals.
func RangeText4(lo, hi evaluate.Num) string {
	if math.IsNaN(float64(lo)) || math.IsNaN(float64(hi)) {
		return ""
	}
	return Num4(float64(lo)) + " to " + Num4(float64(hi))
}

// Num4 formats to 4 decimals ("" for NaN; never "-0.0000").
func Num4(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	s := fmt.Sprintf("%.4f", x)
	if s == "-0.0000" {
		s = "0.0000"
	}
	return s
}

// PctText is "41%" ("" for NaN).
func PctText(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return fmt.Sprintf("%.0f%%", x)
}

// NPair is "60/58", or "" when unknown.
func NPair(t, c *int) string {
	if t == nil || c == nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", *t, *c)
}

// Clip shortens s to n runes with an ellipsis.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// MonthsBound is months' progress as an interval end: "+6", "−1", and
// "+12 or more" at the top of the EEF table.
func MonthsBound(m int) string {
	switch {
	case m >= 12:
		return "+12 or more"
	case m <= -12:
		return "−12 or less"
	}
	return signedMonths(m)
}
