package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
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
	fmt.Fprintf(bw, "Design: %s. %s. whatworks %s.\n", words.DesignWords(r.Design), words.IntervalWords(r), words.Version)

	if h := words.Headlines(r); len(h) > 0 {
		fmt.Fprintln(bw, "\nHeadlines")
		for _, s := range h {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}

	writeSecurity(bw, r)

	if len(r.Results) > 0 {
		fmt.Fprintln(bw, "\nResults (differences are intervention minus comparison, or after minus before)")
		header := []string{"Outcome", "Group", "Analysis", "Measure", "Estimate", words.CILabel(r.Confidence), "p", "months", "n_t/n_c"}
		right := []bool{false, false, false, false, true, true, true, true, true}
		rows := [][]string{header}
		short := words.ShortLabels(r)
		for _, x := range r.Results {
			rows = append(rows, []string{
				short[x.Outcome], x.Subgroup, string(x.Analysis), string(x.Measure), words.EstimateText(r, &x), words.IntervalText(r, &x), words.PText(float64(x.PValue), false), words.MonthsText(x.MonthsProgress), words.NText(x),
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
