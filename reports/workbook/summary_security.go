package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the Summary sheet's security column and its Security panel,
// which explain evaluate's rating of each headline (evaluate.Security):
// why a result earned the padlocks it did.

// securityLabelShort says what every rating is and where its criteria
// come from.
const securityLabelShort = "These are whatworks' readings of published criteria, not ratings by the bodies named: " +
	"the EEF's criteria for the security of a finding (EEF 2019, \"Classifying the security of EEF findings\"), " +
	"the What Works Clearinghouse's group design standards (Standards Handbook v4.1 and v5.0) and the Office for Students' " +
	"standards of evidence (OfS 2019)."

// securityLabel is how the Summary's panel labels every rating.
const securityLabel = securityLabelShort + " EEF security rating, by the two tables below: the rating starts from the lowest of the design, " +
	"the minimum detectable effect size (MDES) of the pupils analysed and the share of pupils lost between allocation and analysis " +
	"(attrition); then padlocks come off for threats to validity, never more than two. A difference between the groups before the " +
	"programme counts as the threat \"confounding\". Every step in full, and every table used, is on the Method sheet."

// securityCell is the security column of the summary line of headline x
// in subgroup sg: "■■■□□ 3 padlocks", or why there is none. A report read
// back from JSON has the eef_padlocks row but not Report.Security.
func securityCell(r *evaluate.Report, x *evaluate.Result, sg string) string {
	if words.Withheld(x) {
		return publish.Mark
	}
	if s := words.SecurityOf(r, x.Outcome, sg); s != nil {
		return words.PadlockSymbols(s.Padlocks.Padlocks) + " " + words.Padlocks(s.Padlocks.Padlocks)
	}
	if p := words.PadlockRow(r, x.Outcome, sg); p != nil && !math.IsNaN(float64(p.Estimate)) {
		n := int(p.Estimate)
		return words.PadlockSymbols(n) + " " + words.Padlocks(n)
	}
	return "Not rated: the report holds no rating of this result."
}

// summarySecurity writes the Security panel from row: for each line of
// the summary table, its padlocks, each step that reached them in a
// sentence (words.SecuritySteps), its WWC rating with the reasons and its
// OfS type with the claim it allows; then the label, the padlock table
// and the threats rule used. It returns the last row written (row − 2
// when nothing was rated, leaving no panel).
func (w *sheet) summarySecurity(row int, width float64) int {
	b, r := w.b, w.b.r
	type rated struct {
		x                     *evaluate.Result
		padlocks              int
		group, steps, reasons string
	}
	var lines []rated
	for _, o := range words.Outcomes(r) {
		for _, sg := range words.SummarySubgroups(r, o) {
			x := words.PrimaryRow(r, o, sg)
			if x == nil {
				continue
			}
			l := rated{x: x, group: words.Capitalise(words.SubgroupName(r, sg))}
			if s := words.SecurityOf(r, o, sg); s != nil {
				l.padlocks = s.Padlocks.Padlocks
				l.steps = "• " + strings.Join(words.SecuritySteps(s, b.withheld(s)), "\n• ")
				l.reasons = strings.TrimSpace(words.WWCLine(s) + "\n" + words.OfSLine(s))
			} else if p := words.PadlockRow(r, o, sg); p != nil && !math.IsNaN(float64(p.Estimate)) {
				// Read back from JSON: the row's reasons.
				l.padlocks, l.steps = int(p.Estimate), p.Reasons
				l.reasons = "WWC: " + words.WWCShort(p.WWCRating) + ".\nOfS: " + p.OfSType + "."
			} else {
				continue
			}
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return row - 2
	}
	w.put(1, row, "How secure are these results?", b.st.h2)
	row++
	w.header(row, []string{"Outcome", "Group", "EEF security rating", "How the padlocks were reached, step by step", "", "",
		"WWC rating; OfS standard of evidence", ""}, false)
	w.merge(4, row, 6, row)
	w.merge(7, row, 8, row)
	w.height(row, 32)
	stepsWidth := summaryWidths[3] + summaryWidths[4] + summaryWidths[5]
	otherWidth := summaryWidths[6] + summaryWidths[7]
	for _, l := range lines {
		row++
		w.putRow(row, cellValue{words.OutcomeLabel(l.x), b.st.boldWrap}, cellValue{l.group, b.st.wrap},
			cellValue{words.PadlockSymbols(l.padlocks) + " " + words.Padlocks(l.padlocks), b.st.wrap},
			cellValue{l.steps, b.st.wrap}, cellValue{nil, 0}, cellValue{nil, 0}, cellValue{l.reasons, b.st.wrap})
		w.merge(4, row, 6, row)
		w.merge(7, row, 8, row)
		w.height(row, max(textHeight(l.steps, stepsWidth*1.05), textHeight(l.reasons, otherWidth*1.05),
			textHeight(l.group, summaryWidths[1]*0.95), textHeight(words.OutcomeLabel(l.x), summaryWidths[0]*0.9)))
	}
	row++
	w.paragraph(row, summaryCols, securityLabel, b.st.note, width)
	row = w.padlockTable(row + 1)
	return w.threatTable(row + 1)
}

// threatTable writes the rule by which threats to validity take padlocks
// off (rating.PadlockThreatRules) from the row after row, and returns its
// last row.
func (w *sheet) threatTable(row int) int {
	b := w.b
	row++
	w.header(row, []string{"Padlocks off", "Threats to validity (moderate, high)", "Source", ""}, false)
	w.merge(3, row, 4, row)
	for _, t := range rating.PadlockThreatRules {
		row++
		src := "EEF (2019); Oxford padlock training"
		if !t.Published {
			src = "whatworks' cautious reading: the published rule does not name this case"
		}
		w.putRow(row, cellValue{fmt.Sprint(t.Drop), b.st.text}, cellValue{t.Rule, b.st.wrap}, cellValue{src, b.st.wrap})
		w.merge(3, row, 4, row)
		w.height(row, max(textHeight(t.Rule, summaryWidths[1]*0.95), textHeight(src, (summaryWidths[2]+summaryWidths[3])*0.95)))
	}
	return row
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

// withheld reports whether the counts of rating s are withheld: a small
// group (fewer than SmallN pupils in an arm at any stage of its flow) in
// a workbook that suppresses small counts (docs/methods.md §18).
func (b *book) withheld(s *evaluate.Security) bool {
	return b.o.Publish != nil && b.smallFlow(s.Flow)
}

// smallFlow reports whether any arm of f has fewer than SmallN pupils
// allocated, in the data or analysed (a matched design's pool aside).
func (b *book) smallFlow(f evaluate.Flow) bool {
	for _, a := range f.Arms {
		for _, n := range []int{a.Allocated, a.InData, a.Analysed} {
			if n > 0 && b.small(n) {
				return true
			}
		}
	}
	return false
}
