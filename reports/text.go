package reports

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// TextOptions chooses what WriteText prints.
type TextOptions struct {
	// All prints every result row and every exclusion, instead of one line
	// per outcome and group and the pupils left out of each headline.
	All bool
}

// WriteText writes the terminal summary of r, at most 100 columns wide:
// the title and design, the headline sentences (words.Headlines), the
// security of each headline, a table of the headline estimate of each
// outcome and group (with o.All: every result row), the caveats and the
// pupils left out of each headline (with o.All: of each analysis).
func WriteText(w io.Writer, r *evaluate.Report, o TextOptions) error {
	if r == nil {
		return fmt.Errorf("writing summary: no report")
	}
	bw := bufio.NewWriter(w)
	title := r.Title
	if title == "" {
		title = "Evaluation"
	}
	for _, l := range wrap(title, textWidth) {
		fmt.Fprintln(bw, l)
	}
	fmt.Fprintln(bw, strings.Repeat("=", min(textWidth, runes(title))))
	writeWrapped(bw, fmt.Sprintf("Design: %s. %s. whatworks %s.", words.DesignWords(r.Design), words.IntervalWords(r), words.Version), "", "", textWidth)

	if h := words.Headlines(r); len(h) > 0 {
		fmt.Fprintln(bw, "\nHeadlines")
		for _, s := range h {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}

	writeSecurity(bw, r)

	if o.All {
		writeAllResults(bw, r)
	} else {
		writeHeadlineResults(bw, r)
	}

	if len(r.Caveats) > 0 {
		fmt.Fprintln(bw, "\nCaveats")
		for _, s := range words.Caveats(r) {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}
	if o.All {
		writeAllExclusions(bw, r)
	} else {
		writeHeadlineExclusions(bw, r)
	}
	return bw.Flush()
}

// writeHeadlineResults writes the table of the headline estimate of each
// outcome and group (words.PrimaryRow): for each outcome a line saying
// what its estimates are, then one line per group.
func writeHeadlineResults(bw *bufio.Writer, r *evaluate.Report) {
	t := textTable{indent: "  ", cols: []textColumn{
		{head: "Group", wrap: true}, {head: "Effect", right: true}, {head: words.CILabel(r.Confidence), right: true},
		{head: "p", right: true}, {head: "Months", right: true}, {head: "Pupils", right: true},
	}}
	var pupils, paired, twoArm, months, borderline, withheld bool
	for _, o := range words.Outcomes(r) {
		all := words.PrimaryRow(r, o, evaluate.SubgroupAll)
		var lines [][]string
		for _, sub := range tableSubgroups(r, o) {
			// A group withheld under the publishing rules shows as "c",
			// as in the workbook and the HTML, rather than vanishing.
			x := words.SummaryRow(r, o, sub)
			if x == nil {
				continue
			}
			group := words.Capitalise(words.SubgroupName(r, sub))
			if words.Withheld(x) {
				withheld = true
				m := ""
				if all != nil && all.MonthsProgress != nil {
					m = publish.Mark
				}
				lines = append(lines, []string{group, publish.Mark, publish.Mark, publish.Mark, m, words.NText(*x)})
				continue
			}
			if all != nil && words.HeadlineKind(x) != words.HeadlineKind(all) {
				group += " (" + words.HeadlineKind(x) + ")"
			}
			pt := words.PText(words.HeadlineP(r, x), false)
			if words.Borderline(r, x) {
				pt += "†"
				borderline = true
			}
			lines = append(lines, []string{group, words.EstimateText(r, x), words.IntervalText(r, x),
				pt, words.MonthsText(x.MonthsProgress), words.NText(*x)})
			pupils = pupils || (x.NTreated != nil && x.NComparison != nil)
			paired = paired || x.Analysis == evaluate.AnalysisPaired
			twoArm = twoArm || x.Analysis != evaluate.AnalysisPaired
			months = months || x.MonthsProgress != nil
		}
		if len(lines) == 0 {
			continue
		}
		head := words.OutcomeLabel(&r.Results[firstRow(r, o)]) + words.DirectionNote(r, o)
		if all != nil {
			head += ": " + words.HeadlineWords(r, all)
		}
		t.heading(head)
		for _, l := range lines {
			t.add(l...)
		}
	}
	if t.empty() {
		if len(r.Results) > 0 {
			fmt.Fprintln(bw, "\nResults")
			writeWrapped(bw, "No headline estimates: every result row is printed with --all (and is in the workbook's Results sheet and the JSON).", "  ", "  ", textWidth)
		}
		return
	}
	fmt.Fprintln(bw, "\nResults: the headline estimate of each outcome, for all pupils and each group")
	t.write(bw, textWidth)
	note := "Effect: programme minus comparison"
	switch {
	case paired && twoArm:
		note += " (after minus before for one group)"
	case paired:
		note = "Effect: after minus before"
	}
	note += ", in standard deviations unless stated"
	if months {
		note += "; Months: the EEF's months' progress"
	}
	if pupils {
		note += "; Pupils: programme/comparison"
	}
	note += ". Every result: --all, the workbook's Results sheet or --json."
	if d := words.DirectionFootnote(r); d != "" {
		note += " " + d
	}
	if borderline {
		note += " †: the interval and the p-value disagree about 0 (they rest on different approximations), so the result is borderline."
	}
	if withheld {
		note += " c: withheld under the publishing rules (a group too small to show, or one that would give a small group's numbers back)."
	}
	fmt.Fprintln(bw)
	writeWrapped(bw, note, "", "", textWidth)
}

// tableSubgroups are the groups of outcome o in the headline table: all
// pupils, the levels of the disadvantage subgroups (words.SummarySubgroups),
// then every other subgroup level.
func tableSubgroups(r *evaluate.Report, o string) []string {
	out := words.SummarySubgroups(r, o)
	for _, sub := range words.SubgroupsOf(r, o) {
		if !slices.Contains(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

// firstRow is the index of outcome o's first result row.
func firstRow(r *evaluate.Report, o string) int {
	for i := range r.Results {
		if r.Results[i].Outcome == o {
			return i
		}
	}
	return 0
}

// writeAllResults writes every result row, under a heading for each
// outcome and group, and what the gain rows' effect sizes are.
func writeAllResults(bw *bufio.Writer, r *evaluate.Report) {
	if len(r.Results) == 0 {
		return
	}
	fmt.Fprintln(bw, "\nResults: every row (differences are intervention minus comparison, or after minus before)")
	t := textTable{indent: "  ", cols: []textColumn{
		{head: "Analysis", wrap: true}, {head: "Measure", wrap: true}, {head: "Estimate", right: true},
		{head: words.CILabel(r.Confidence), right: true}, {head: "p", right: true}, {head: "Months", right: true}, {head: "n_t/n_c", right: true},
	}}
	type key struct{ o, sub string }
	var order []key
	rows := map[key][]int{}
	for i, x := range r.Results {
		k := key{x.Outcome, x.Subgroup}
		if _, ok := rows[k]; !ok {
			order = append(order, k)
		}
		rows[k] = append(rows[k], i)
	}
	gain := false
	for _, k := range order {
		x0 := &r.Results[rows[k][0]]
		t.heading(words.OutcomeLabel(x0) + words.DirectionNote(r, x0.Outcome) + ": " + groupHeading(r, k.sub))
		for _, i := range rows[k] {
			x := &r.Results[i]
			measure := string(x.Measure)
			if gainStandardised(x) {
				measure += " *"
				gain = true
			}
			t.add(string(x.Analysis), measure, words.EstimateText(r, x), words.IntervalText(r, x),
				words.PText(float64(x.PValue), false), words.MonthsText(x.MonthsProgress), words.NText(*x))
		}
	}
	t.write(bw, textWidth)
	if gain {
		fmt.Fprintln(bw)
		writeWrapped(bw, "* "+words.GainNote, "", "  ", textWidth)
	}
}

// groupHeading names a subgroup in a heading of the full table: "all
// pupils", "pupils eligible for free school meals (fsm=Y)", "fsm" (the
// rows across a subgroup's levels).
func groupHeading(r *evaluate.Report, sub string) string {
	switch {
	case sub == evaluate.SubgroupAll || sub == "":
		return "all pupils"
	case strings.Contains(sub, "="):
		if p := words.SubgroupName(r, sub); !strings.Contains(p, sub) && !strings.Contains(p, " = ") {
			return p + " (" + sub + ")"
		}
		return words.SubgroupName(r, sub)
	}
	return "across the levels of " + sub
}

// gainStandardised reports whether x is an effect size of the gain
// scores, standardised by their SD.
func gainStandardised(x *evaluate.Result) bool {
	return x.Analysis == evaluate.AnalysisGain && x.Measure != evaluate.MeasureMeanDifference
}

// writeHeadlineExclusions writes, for each outcome, its pupils arm by
// arm from the data to its headline estimate (words.PupilFlow).
func writeHeadlineExclusions(bw *bufio.Writer, r *evaluate.Report) {
	lines := words.PupilFlow(r)
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(bw, "\nPupils in each headline estimate")
	for _, l := range lines {
		writeWrapped(bw, l, "  * ", "    ", 78)
	}
}

// writeAllExclusions writes the pupils left out of each analysis.
func writeAllExclusions(bw *bufio.Writer, r *evaluate.Report) {
	if len(r.Exclusions) == 0 {
		return
	}
	fmt.Fprintln(bw, "\nPupils left out")
	for _, e := range r.Exclusions {
		writeWrapped(bw, fmt.Sprintf("%s, %s: %s (%s)", e.Outcome, e.Analysis, words.N(e.Count), e.Reason), "  ", "    ", textWidth)
	}
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
	s = words.Singular(s)
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
