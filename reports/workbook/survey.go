package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// ---- Survey ----

// sheetSurvey holds the questionnaire scales, when the design has any.
const sheetSurvey = "Survey"

// survey writes, for each scale, its scoring rules, how many pupils have a
// score, its reliability (Cronbach's alpha), and a table of each item's
// answers by group with the alpha if the item were dropped and its
// correlations with the rest of the scale; the Likert charts below.
func (b *book) survey() error {
	w := b.sheet(sheetSurvey)
	widths := []float64{16, 14}
	k := 0
	for _, s := range b.r.Scales {
		k = max(k, int(s.Max-s.Min)+1)
	}
	for range k {
		widths = append(widths, 11)
	}
	widths = append(widths, 9, 9, 8, 8, 11, 10, 10)
	w.widths(widths...)
	f := &flow{sheet: w, width: 100}
	span := 0.0 // the width of columns 2 to 9, where the rules are written
	for _, x := range widths[1:min(9, len(widths))] {
		span += x
	}
	w.put(1, 1, "Questionnaire scales", b.st.title)
	f.row = 1
	f.paragraph(len(widths), "Each scale's score is the mean of the items a pupil answered, reverse-worded items scored min + max − answer, "+
		"so it stays on the answers' own scale; a pupil who answered fewer than the items it needs has no score. Cronbach's alpha "+
		"(on the pupils who answered every item) measures how far the items move together: below 0.7 the score is usually too "+
		"unreliable to lean on, and an item whose 'alpha if dropped' is above the scale's alpha measures something else.", b.st.note)
	for _, s := range b.r.Scales {
		w.scaleBlock(f, s, min(9, len(widths)), span)
	}
	f.row++
	w.images(f.row + 1)
	return w.Err()
}

// scaleBlock writes one scale's rules, counts, reliability and item table;
// the rules' text goes across columns 2 to cols, span characters wide.
func (w *sheet) scaleBlock(f *flow, s evaluate.ScaleReport, cols int, span float64) {
	b := w.b
	kv := func(k, v string) {
		f.row++
		w.put(1, f.row, k, b.st.bold)
		w.put(2, f.row, v, b.st.wrap)
		w.merge(2, f.row, cols, f.row)
		w.height(f.row, textHeight(v, span))
	}
	f.section("Scale " + s.Name)
	kv("Items", strings.Join(s.Items, ", "))
	rev := "none"
	if len(s.Reverse) > 0 {
		rev = strings.Join(s.Reverse, ", ") + fmt.Sprintf(" (scored %s − answer)", words.TrimFloat(s.Min+s.Max))
	}
	kv("Reverse-scored", rev)
	answers := fmt.Sprintf("%s to %s", words.TrimFloat(s.Min), words.TrimFloat(s.Max))
	if len(s.Levels) > 0 {
		var parts []string
		for i, l := range s.Levels {
			parts = append(parts, fmt.Sprintf("%s = %s", words.TrimFloat(s.Min+float64(i)), l))
		}
		answers += ": " + strings.Join(parts, ", ")
	}
	kv("Answers", answers)
	kv("Score", fmt.Sprintf("the mean of the answered items; a score needs at least %d of the %d", s.MinItems, len(s.Items)))
	kv("Pupils", fmt.Sprintf("%d with a score, %d who answered too few items, %d who answered none (of %d)",
		s.Scored, s.Short, s.Unanswered, s.Pupils))
	rel := "not computed"
	if a := float64(s.Alpha); !math.IsNaN(a) {
		rel = fmt.Sprintf("Cronbach's alpha %.2f (standardised %.2f), on the %d pupils who answered every item", a, float64(s.StdAlpha), s.AlphaN)
		if a < 0.7 {
			rel += ": below 0.7, so the items may not measure one thing"
		}
	}
	if s.Note != "" {
		rel += "; " + s.Note
	}
	kv("Reliability", rel)
	// Item table: answers by group, then the item's statistics.
	hdr := []string{"Item", "Group"}
	k := int(s.Max-s.Min) + 1
	for v := 0; v < k; v++ {
		l := words.TrimFloat(s.Min + float64(v))
		if v < len(s.Levels) {
			l += " " + s.Levels[v]
		}
		hdr = append(hdr, l)
	}
	hdr = append(hdr, "No answer", "Reverse", "Mean", "SD", "Alpha if dropped", "Item–total r", "Item–rest r")
	f.row++
	f.header(hdr...)
	w.height(f.row, 47)
	silent := silentArms(s)
	for _, it := range s.Stats {
		first := true
		for _, a := range it.Answers {
			if silent[a.Arm] {
				continue
			}
			f.row++
			name := ""
			if first {
				name = it.Item
			}
			w.put(1, f.row, name, b.st.bold)
			w.put(2, f.row, words.ArmName(a.Arm), b.st.text)
			for v, n := range a.Counts {
				w.put(3+v, f.row, n, b.st.int0)
			}
			w.put(3+k, f.row, a.Missing, b.st.int0)
			if first {
				rev := ""
				if it.Reverse {
					rev = "yes"
				}
				if it.NoVariance {
					rev += " (no variance)"
				}
				w.put(4+k, f.row, strings.TrimSpace(rev), b.st.text)
				for i, v := range []evaluate.Num{it.Mean, it.SD, it.AlphaIfDropped, it.ItemTotal, it.ItemRest} {
					w.put(5+k+i, f.row, v, b.st.num2)
				}
			}
			first = false
		}
	}
}

// silentArms are the groups that answered none of a scale's items (a
// questionnaire given to participants only): left out of its table.
func silentArms(s evaluate.ScaleReport) map[string]bool {
	out := map[string]bool{}
	if len(s.Stats) == 0 || len(s.Stats[0].Answers) < 2 {
		return out
	}
	for a, ac := range s.Stats[0].Answers {
		none := true
		for _, it := range s.Stats {
			for _, n := range it.Answers[a].Counts {
				none = none && n == 0
			}
		}
		if none {
			out[ac.Arm] = true
		}
	}
	return out
}
