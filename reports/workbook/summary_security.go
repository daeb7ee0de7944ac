package workbook

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the Summary sheet's security column and its Security panel,
// which explain evaluate's rating of each headline (evaluate.Security):
// why a result earned the padlocks it did.

// securityLabel is how the panel labels every rating.
const securityLabel = "These are whatworks' readings of published criteria, not ratings by the bodies named. " +
	"EEF security rating: the EEF's criteria for the security of a finding (EEF 2019, \"Classifying the security of EEF findings\"), " +
	"by the table below: the rating starts from the lowest of the design, the minimum detectable effect size (MDES) of the pupils " +
	"analysed and the share of pupils lost between allocation and analysis (attrition); then padlocks come off for threats to " +
	"validity, never more than two: none for up to two moderate threats, one for three or four moderate or one high, two for one " +
	"high and more moderate, or two high. A difference between the groups before the programme counts as the threat \"confounding\". " +
	"WWC: the What Works Clearinghouse's group design standards (Standards Handbook v4.1). OfS: the Office for Students' " +
	"standards of evidence (2019). Every step, and every table used, is on the Method sheet."

// securityCell is the security column of the summary line of headline x
// in subgroup sg: "■■■□□ 3 padlocks", or why there is none.
func securityCell(r *evaluate.Report, x *evaluate.Result, sg string) string {
	s := words.SecurityOf(r, x.Outcome, sg)
	if s == nil {
		return "Not rated: the report holds no rating of this result."
	}
	return words.PadlockSymbols(s.Padlocks.Padlocks) + " " + words.Padlocks(s.Padlocks.Padlocks)
}

// summarySecurity writes the Security panel from row: a table with, for
// each line of the summary table, its padlocks and how they were reached
// step by step, its WWC rating and OfS type; then the label and the
// padlock table used. It returns the last row written (row − 2 when
// nothing was rated, leaving no panel).
func (w *sheet) summarySecurity(row int, width float64) int {
	b, r := w.b, w.b.r
	type rated struct {
		sec *evaluate.Security
		x   *evaluate.Result
	}
	var lines []rated
	for _, o := range words.Outcomes(r) {
		for _, sg := range words.SummarySubgroups(r, o) {
			x := words.PrimaryRow(r, o, sg)
			if s := words.SecurityOf(r, o, sg); x != nil && s != nil {
				lines = append(lines, rated{s, x})
			}
		}
	}
	if len(lines) == 0 {
		return row - 2
	}
	w.put(1, row, "How secure are these results?", b.st.h2)
	row++
	w.header(row, []string{"Outcome", "Group", "EEF security rating", "How the padlocks were reached; WWC rating; OfS standard of evidence", "", "", "", ""}, false)
	w.merge(4, row, summaryCols, row)
	whyWidth := 0.0
	for _, x := range summaryWidths[3:] {
		whyWidth += x
	}
	for _, l := range lines {
		s := l.sec
		row++
		why := words.SecurityChain(s) + ".\n" + securityOthers(s)
		group := words.Capitalise(words.SubgroupPhrase(s.Subgroup))
		w.putRow(row, cellValue{words.OutcomeLabel(l.x), b.st.boldWrap}, cellValue{group, b.st.wrap},
			cellValue{words.PadlockSymbols(s.Padlocks.Padlocks) + " " + words.Padlocks(s.Padlocks.Padlocks), b.st.wrap},
			cellValue{why, b.st.wrap})
		w.merge(4, row, summaryCols, row)
		w.height(row, max(textHeight(why, whyWidth*0.95), textHeight(group, summaryWidths[1]*0.95),
			textHeight(words.OutcomeLabel(l.x), summaryWidths[0]*0.9)))
	}
	row++
	w.paragraph(row, summaryCols, securityLabel, b.st.note, width)
	row = w.padlockTable(row + 1)
	return row
}

// securityOthers is the WWC rating and the OfS type of a rating, with
// the claim the OfS type allows.
func securityOthers(s *evaluate.Security) string {
	out := "WWC: " + s.WWC.Rating + "."
	if s.OfS.Type > 0 {
		out += " OfS: " + s.OfS.Name + "."
		if s.OfS.Sentence != "" {
			out += " " + s.OfS.Sentence
		}
	}
	return out
}

// padlockTable writes the EEF's padlock table (rating.PadlockTable) from
// the row after row, and returns its last row.
func (w *sheet) padlockTable(row int) int {
	b := w.b
	row++
	w.header(row, []string{"Padlocks", "Design", "MDES", "Attrition"}, false)
	for _, t := range rating.PadlockTable() {
		row++
		w.putRow(row, cellValue{words.PadlockSymbols(t.Padlocks) + " " + fmt.Sprint(t.Padlocks), b.st.text},
			cellValue{t.Design, b.st.wrap}, cellValue{t.MDES, b.st.text}, cellValue{t.Attrition, b.st.text})
		w.height(row, textHeight(t.Design, summaryWidths[1]*0.95))
	}
	return row
}
