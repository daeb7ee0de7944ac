package workbook

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// summaryWidths are the Summary sheet's column widths; summaryCols its
// columns.
var summaryWidths = []float64{21, 35, 21, 13, 32, 18, 10, 26}

const summaryCols = 8

// summary writes the EEF executive-summary table, the key conclusions and
// the facts about the evaluation, with the forest plot below.
func (b *book) summary() error {
	w := b.sheet(sheetSummary)
	w.widths(summaryWidths...)
	total := 0.0
	for _, x := range summaryWidths {
		total += x
	}
	w.summaryTitle()
	first, last, anySmall := w.summaryTable(4)
	if last < first {
		last++
		w.paragraph(last, summaryCols, "No effect sizes to summarise: see the Results sheet.", b.st.note, total)
	} else {
		w.summaryColumnNotes(first, last)
	}
	row := w.summaryFootnotes(last+1, anySmall, total)
	row = w.summaryConclusions(row+2, total)
	row = w.summaryPupils(row+2, total)
	row = w.summarySecurity(row+2, total)
	row = w.summaryFacts(row + 2)
	w.images(row + 2)
	return w.Err()
}

// summaryTitle writes the title and the subtitle (rows 1 and 2).
func (w *sheet) summaryTitle() {
	b, r := w.b, w.b.r
	w.put(1, 1, evaluationTitle(r), b.st.title)
	w.height(1, 24)
	sub := "Executive summary · " + words.Capitalise(words.DesignWords(r.Design))
	if b.o.Date != "" {
		sub += " · " + b.o.Date
	}
	w.put(1, 2, sub, b.st.subtitle)
}

// evaluationTitle is the report's title, or "Evaluation".
func evaluationTitle(r *evaluate.Report) string {
	if r.Title == "" {
		return "Evaluation"
	}
	return r.Title
}

// summaryTable writes the header at row and a line per outcome and
// summary subgroup (its headline row: words.PrimaryRow), and returns the
// first and last lines (last < first without any) and whether a group
// was small.
func (w *sheet) summaryTable(row int) (first, last int, anySmall bool) {
	r := w.b.r
	hdr := []string{"Outcome", "Group", "Effect size (" + words.CILabel(r.Confidence) + ")", "Estimated months' progress",
		"EEF security rating", "No. of pupils (intervention; comparison)", "p-value", "EEF cost rating"}
	w.header(row, hdr, false)
	w.height(row, 47)
	first = row + 1
	for _, o := range words.Outcomes(r) {
		for _, sg := range words.SummarySubgroups(r, o) {
			x := words.SummaryRow(r, o, sg)
			if x == nil {
				continue
			}
			row++
			if w.summaryLine(row, x, sg) {
				anySmall = true
			}
		}
	}
	return first, row, anySmall
}

// summaryLine writes the summary table's line of headline row x of
// subgroup sg, and reports whether one of its groups is small.
func (w *sheet) summaryLine(row int, x *evaluate.Result, sg string) (small bool) {
	b, r := w.b, w.b.r
	es := words.SummaryEffect(r, x)
	group := words.Capitalise(words.SubgroupName(r, sg))
	if x.Analysis == evaluate.AnalysisPaired {
		group += " (before and after)"
	}
	outcome := words.OutcomeLabel(x) + words.DirectionNote(r, x.Outcome)
	months := any(x.MonthsProgress)
	if words.Withheld(x) {
		months = publish.Mark
	}
	w.putRow(row, cellValue{outcome, b.st.boldWrap}, cellValue{group, b.st.wrap}, cellValue{es, b.st.text},
		cellValue{months, b.st.monthsC}, cellValue{securityCell(r, x, sg), b.st.wrap}, cellValue{nil, 0},
		cellValue{evaluate.Num(words.HeadlineP(r, x)), b.st.pvalC}, cellValue{nil, 0})
	// No. of pupils: "212; 208", marked when a group is small ("c" when
	// withheld).
	nt, nc := x.NTreated, x.NComparison
	small = (nt != nil && b.small(*nt)) || (nc != nil && b.small(*nc))
	st := b.st.text
	if small {
		b.marked = true
		st = b.st.textMark
	}
	w.put(6, row, words.PupilsText(*x), st)
	w.height(row, math.Max(textHeight(group, summaryWidths[1]), textHeight(outcome, summaryWidths[0]*0.9)))
	return small
}

// summaryColumnNotes writes the cost column's rating, merged down the
// table's lines first to last (one programme, one cost), and makes the
// lines tall enough for it.
func (w *sheet) summaryColumnNotes(first, last int) {
	b := w.b
	cost := costText(b.o.CostPerPupil)
	w.put(8, first, cost, b.st.note)
	if last > first {
		w.merge(8, first, 8, last)
	}
	need := textHeight(cost, summaryWidths[7]*0.95)
	have := 0.0
	for i := first; i <= last; i++ {
		have += w.rowHeight(i)
	}
	if have < need {
		extra := (need - have) / float64(last-first+1)
		for i := first; i <= last; i++ {
			w.height(i, w.rowHeight(i)+extra)
		}
	}
}

// summaryFootnotes writes, from the line after row, what the effect sizes
// and months are and, when a group was small, what the shading means, and
// returns the last row written.
func (w *sheet) summaryFootnotes(row int, anySmall bool, width float64) int {
	b, r := w.b, w.b.r
	what := "Effect sizes are Hedges' g: the difference between the groups (intervention minus comparison) in standard deviations."
	if r.Design == evaluate.DesignPrePost {
		what = "Effect sizes are g_av: the change from before to after in standard deviations (the average of the two SDs), corrected for small samples."
	}
	if r.Clustering != nil && len(r.Clustering.Outcomes) > 0 {
		what = words.ClusterModelWords(r.Clustering.Column, r.Confidence)
	}
	first := what + " Months' progress: the EEF " + monthsTableName(r.MonthsTable) + ". Full results: Results sheet; how they were worked out: Method sheet."
	if !words.AnyEffectSize(r) {
		// Only yes/no and ordinal outcomes: their own notes follow.
		first = "Full results: Results sheet; how they were worked out: Method sheet."
	}
	notes := []string{first}
	if n := words.DirectionFootnote(r); n != "" {
		notes = append(notes, n)
	}
	notes = append(notes, words.SurveyEffectNotes(r)...)
	if anySmall {
		notes = append(notes, b.smallNote())
	}
	for _, n := range notes {
		row++
		w.paragraph(row, summaryCols, n, b.st.note, width)
	}
	return row
}

// summaryConclusions writes the heading "Key conclusions" at row and the
// numbered conclusions under it, and returns the last row written.
func (w *sheet) summaryConclusions(row int, width float64) int {
	w.put(1, row, "Key conclusions", w.b.st.h2)
	for i, c := range keyConclusions(w.b.r) {
		row++
		w.paragraph(row, summaryCols, fmt.Sprintf("%d. %s", i+1, c), w.b.st.wrap, width)
	}
	return row
}

// summaryFacts writes the facts about the evaluation from row on, and
// returns the last row written.
func (w *sheet) summaryFacts(row int) int {
	b, r := w.b, w.b.r
	w.put(1, row, "About this evaluation", b.st.h2)
	facts := [][2]string{
		{"Title", evaluationTitle(r)},
		{"Design", words.Capitalise(words.DesignWords(r.Design))},
		{"Date", b.o.Date},
		{"Confidence intervals", words.IntervalWords(r)},
	}
	facts = append(facts, clusterFacts(r)...)
	facts = append(facts, [2]string{"Produced by", "whatworks " + b.o.Version})
	for _, kv := range facts {
		row++
		w.put(1, row, kv[0], b.st.bold)
		w.put(2, row, kv[1], b.st.text)
	}
	return row
}

// keyConclusions are 3 to 5 plain sentences (words.KeyConclusions).
func keyConclusions(r *evaluate.Report) []string {
	return words.KeyConclusions(r, "on the Method sheet")
}

// costText words the EEF cost rating of a cost per pupil per year
// (rating.CostRating: docs/methods.md §13, EEF Toolkit 2018–20 bands), or
// why there is none.
func costText(cost *float64) string {
	if cost == nil {
		return "No cost given: add cost.per_pupil (pounds per pupil per year) to the design file for the EEF cost rating (£ to £££££)."
	}
	c := *cost
	if math.IsNaN(c) || c < 0 {
		return "Not rated: the cost per pupil must be a number of pounds, 0 or more."
	}
	band := rating.CostRating(c)
	words := rating.CostWords(band)
	return fmt.Sprintf("%s: %s (£%s per pupil per year; EEF Toolkit bands: %s)",
		band, words, poundsText(c), rating.CostBands)
}

// poundsText is 1234.5 as "1,234.50" and 80 as "80".
func poundsText(c float64) string { return words.Pounds(c) }

// monthsTableName names the months' progress table in use.
func monthsTableName(t string) string {
	if t == "report" {
		return "evaluation-report table (the toolkit's reading of it: the 0-month band widened to ±0.04)"
	}
	return "Teaching and Learning Toolkit table"
}
