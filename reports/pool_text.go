package reports

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
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
	writeWrapped(bw, fmt.Sprintf("%s of %s. %s. whatworks %s.", words.CountWords(r.K, "study", "studies"), words.PoolMeasureWords(r.Measure), words.Capitalise(words.IntervalName(r.Confidence)), words.Version), "", "", poolWidth)

	fmt.Fprintln(bw, "\nHeadline")
	for _, s := range words.PoolHeadlines(r) {
		writeWrapped(bw, s, "  * ", "    ", poolWidth)
	}

	head := r.Headline.Analysis
	short := words.PoolMeasureShort(r.Measure)
	ci := words.CILabel(r.Confidence)
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
		row := []string{words.Clip(s.Study, 30), words.InputShort(s.Input), words.Num2(float64(s.Yi)), words.RangeText(s.CILow, s.CIHigh), words.PctText(float64(words.PoolWeight(s.Weights, head)))}
		if isG {
			row = append(row, words.MonthsText(s.MonthsProgress))
		}
		if anyN {
			row = append(row, words.NPair(s.NTreated, s.NComparison))
		}
		if r.By != "" {
			row = append(row, words.Clip(s.Level, 16))
		}
		if r.Moderator != "" {
			row = append(row, words.TrimFloat(float64(s.X)))
		}
		rows = append(rows, row)
	}
	writeTable(bw, rows, right)

	fmt.Fprintln(bw, "\nModels (all studies)")
	rows = [][]string{{"Model", short, ci, "p", "τ²", "τ² " + ci, "I²", strings.Replace(ci, "CI", "PI", 1)}}
	for _, m := range words.PoolModels(r, evaluate.SubgroupAll) {
		pe, t2, i2, pi := m[evaluate.PoolPooled], m[evaluate.PoolTau2], m[evaluate.PoolI2], m[evaluate.PoolPrediction]
		name := pe.Analysis
		if name == head {
			name += " *"
		}
		rows = append(rows, []string{name, words.Num2(float64(pe.Estimate)), words.RangeText(pe.CILow, pe.CIHigh), words.PText(float64(pe.PValue), false), words.Num4(float64(t2.Estimate)), words.RangeText4(t2.CILow, t2.CIHigh), words.PctText(float64(i2.Estimate)), words.RangeText(pi.CILow, pi.CIHigh)})
	}
	writeTable(bw, rows, []bool{false, true, true, true, true, true, true, true})
	fmt.Fprintln(bw, "  * the headline model.")
	if q := words.FindPool(r, evaluate.SubgroupAll, head, evaluate.PoolQ); q != nil && !math.IsNaN(float64(q.Estimate)) {
		fmt.Fprintf(bw, "  Cochran's Q = %s on %s df, %s (a test that every study has the same true effect).\n", words.Num2(float64(q.Estimate)), words.TrimFloat(float64(q.DF)), words.PText(float64(q.PValue), true))
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
		for _, sub := range words.PoolSubgroups(r) {
			m := words.PoolModel(r, sub, head)
			pe := m[evaluate.PoolPooled]
			row := []string{words.Clip(sub, 30), fmt.Sprint(pe.K), words.Num2(float64(pe.Estimate)), words.RangeText(pe.CILow, pe.CIHigh), words.PText(float64(pe.PValue), false)}
			if isG {
				row = append(row, words.MonthsText(pe.MonthsProgress))
			}
			row = append(row, words.Num4(float64(m[evaluate.PoolTau2].Estimate)), words.PctText(float64(m[evaluate.PoolI2].Estimate)))
			rows = append(rows, row)
		}
		writeTable(bw, rows, right)
		if qb := words.FindPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil {
			writeWrapped(bw, words.QBetweenText(qb), "  ", "  ", poolWidth)
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
				rows = append(rows, []string{name, words.Num4(float64(x.Estimate)), words.RangeText4(x.CILow, x.CIHigh), words.PText(float64(x.PValue), false)})
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
			rows = append(rows, []string{words.Clip(s.Study, 30), words.Num2(float64(l.Estimate)), words.RangeText(l.CILow, l.CIHigh), words.PText(float64(l.PValue), false), words.Num4(float64(l.Tau2)), words.PctText(float64(l.I2))})
		}
		writeTable(bw, rows, []bool{false, true, true, true, true, true})
	}

	fmt.Fprintln(bw, "\nSmall-study effects")
	for _, s := range words.SmallStudyText(r) {
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
