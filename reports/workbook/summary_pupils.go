package workbook

import "github.com/whatworks/whatworks/reports/words"

// summaryPupils writes the heading "Pupils in each headline estimate" at
// row and, for each outcome, its pupils arm by arm from the data to the
// headline estimate (words.FlowSentence; the flow diagrams below draw
// them) with the caveats about them (high attrition, pupils without a
// pretest: words.FlowCaveats), and returns the last row written (row − 1
// when there is no flow).
func (w *sheet) summaryPupils(row int, width float64) int {
	r := w.b.r
	if len(words.PupilFlow(r)) == 0 {
		return row - 1
	}
	w.put(1, row, "Pupils in each headline estimate", w.b.st.h2)
	for _, f := range r.Flow {
		s := words.FlowSentence(r, f)
		if s == "" {
			continue
		}
		row++
		w.paragraph(row, summaryCols, s, w.b.st.wrap, width)
		for _, c := range words.FlowCaveats(r, f) {
			row++
			w.paragraph(row, summaryCols, c, w.b.st.note, width)
		}
	}
	return row
}
