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

// WriteText writes the terminal summary of r: the title and design, the
// headline sentences (see Headlines), a table of every result row, the
// caveats and the pupils left out of each analysis.
func WriteText(w io.Writer, r *evaluate.Report) error {
	if r == nil {
		return fmt.Errorf("writing summary: no report")
	}
	bw := bufio.NewWriter(w)
	title := r.Title
	if title == "" {
		title = "Evaluation"
	}
	fmt.Fprintln(bw, title)
	fmt.Fprintln(bw, strings.Repeat("=", utf8.RuneCountInString(title)))
	fmt.Fprintf(bw, "Design: %s. %s. whatworks %s.\n", designWords(r.Design), intervalWords(r), Version)

	if h := Headlines(r); len(h) > 0 {
		fmt.Fprintln(bw, "\nHeadlines")
		for _, s := range h {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}

	if len(r.Results) > 0 {
		fmt.Fprintln(bw, "\nResults (differences are intervention minus comparison, or after minus before)")
		header := []string{"Outcome", "Group", "Analysis", "Measure", "Estimate", ciLabel(r.Confidence), "p", "months", "n_t/n_c"}
		right := []bool{false, false, false, false, true, true, true, true, true}
		rows := [][]string{header}
		short := shortLabels(r)
		for _, x := range r.Results {
			rows = append(rows, []string{
				short[x.Outcome], x.Subgroup, string(x.Analysis), string(x.Measure),
				estimateText(r, &x), intervalText(r, &x), pText(float64(x.PValue), false),
				monthsText(x.MonthsProgress), nText(x),
			})
		}
		writeTable(bw, rows, right)
	}

	if len(r.Caveats) > 0 {
		fmt.Fprintln(bw, "\nCaveats")
		for _, s := range r.Caveats {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}
	if len(r.Exclusions) > 0 {
		fmt.Fprintln(bw, "\nPupils left out")
		for _, e := range r.Exclusions {
			fmt.Fprintf(bw, "  %s, %s: %d (%s)\n", e.Outcome, e.Analysis, e.Count, e.Reason)
		}
	}
	return bw.Flush()
}

// designWords names a design in plain words.
func designWords(d evaluate.Design) string {
	switch d {
	case evaluate.DesignPrePost:
		return "one group measured before and after (no comparison group)"
	case evaluate.DesignTwoGroup:
		return "programme pupils compared with a comparison group (not randomised)"
	case evaluate.DesignRCT:
		return "randomised controlled trial"
	case evaluate.DesignClusterRCT:
		return "cluster-randomised trial (schools or classes randomised)"
	case evaluate.DesignMatched:
		return "programme pupils compared with matched comparison pupils (not randomised)"
	case "":
		return "not stated"
	}
	return string(d)
}

// intervalWords is "95% confidence intervals; Hedges' g interval by the
// normal approximation".
func intervalWords(r *evaluate.Report) string {
	s := fmt.Sprintf("%s%% confidence intervals", trimFloat(r.Confidence*100))
	if math.IsNaN(r.Confidence) || r.Confidence <= 0 || r.Confidence >= 1 {
		s = "Confidence intervals"
	}
	switch r.CIMethod {
	case "normal":
		s += "; Hedges' g intervals by the normal approximation (EEF)"
	case "noncentral-t":
		s += "; Hedges' g intervals by the noncentral t (R effectsize)"
	case "":
	default:
		s += "; Hedges' g intervals: " + r.CIMethod
	}
	return s
}

// outcomeLabel is the outcome's label, or its column when it has none.
func outcomeLabel(x *evaluate.Result) string {
	if x.Label != "" {
		return x.Label
	}
	return x.Outcome
}

// estimateText is a row's estimate for the terminal table: a proportion
// as a percentage ("72.2%"), a difference of proportions in percentage
// points ("+6.4 pts"), anything else to 2 decimals.
func estimateText(r *evaluate.Report, x *evaluate.Result) string {
	v := float64(x.Estimate)
	if !isProportion(r, x) || math.IsNaN(v) {
		return num2(v)
	}
	if strings.HasPrefix(string(x.Measure), "proportion_") {
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	return fmt.Sprintf("%+.1f pts", 100*v)
}

// intervalText is ciText, in percent for proportions and points.
func intervalText(r *evaluate.Report, x *evaluate.Result) string {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if !isProportion(r, x) || math.IsNaN(lo) || math.IsNaN(hi) {
		return ciText(*x)
	}
	return fmt.Sprintf("%.1f to %.1f", 100*lo, 100*hi)
}

// ciText is "0.12 to 0.24", or "" when there is no interval.
func ciText(x evaluate.Result) string {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return num2(lo) + " to " + num2(hi)
}

// monthsText is "+2", "-1", "0" or "".
func monthsText(m *int) string {
	switch {
	case m == nil:
		return ""
	case *m > 0:
		return fmt.Sprintf("+%d", *m)
	}
	return fmt.Sprint(*m)
}

// nText is "212/208", "48" (one group) or "".
func nText(x evaluate.Result) string {
	switch {
	case x.NTreated != nil && x.NComparison != nil:
		return fmt.Sprintf("%d/%d", *x.NTreated, *x.NComparison)
	case x.NTreated != nil:
		return fmt.Sprint(*x.NTreated)
	case x.NComparison != nil:
		return fmt.Sprint(*x.NComparison)
	}
	return ""
}

// writeTable writes rows in aligned columns two spaces apart, with a rule
// under the header; right[i] right-aligns column i.
func writeTable(w io.Writer, rows [][]string, right []bool) {
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(row []string) {
		var b strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(rows[0])
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range rows[1:] {
		line(row)
	}
}

// writeWrapped writes s word-wrapped at width columns, the first line
// prefixed by first and the others by rest.
func writeWrapped(w io.Writer, s, first, rest string, width int) {
	for i, l := range wrap(s, width-utf8.RuneCountInString(first)) {
		p := rest
		if i == 0 {
			p = first
		}
		fmt.Fprintln(w, p+l)
	}
}

// wrap splits s into lines of at most width runes at spaces (a longer word
// stands alone).
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		wl := utf8.RuneCountInString(word)
		if n > 0 && n+1+wl > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(word)
		n += wl
	}
	if n > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
