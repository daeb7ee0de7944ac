package workbook

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the Method sheet's account of how secure each headline is
// (evaluate.Security, docs/methods.md §16): every step of its padlocks,
// its WWC rating and OfS type in full sentences, then the tables and rules
// they were read from.

// methodSecurity writes, for each rated headline, each step of its rating
// in a sentence, then the tables used; nothing when the report holds no
// rating.
func (f *flow) methodSecurity() {
	b, r := f.b, f.b.r
	if len(r.Security) == 0 {
		return
	}
	f.section("How secure: the ratings step by step")
	f.paragraph(4, securityLabelShort+" The tables used follow the ratings.", b.st.note)
	short := words.ShortLabels(r)
	for i := range r.Security {
		s := &r.Security[i]
		name := short[s.Outcome]
		if name == "" {
			name = s.Outcome
		}
		f.row += 2
		f.put(1, f.row, fmt.Sprintf("%s, %s: %s", name, words.SubgroupName(r, s.Subgroup), words.Padlocks(s.Padlocks.Padlocks)), b.st.bold)
		f.row++
		f.put(1, f.row, "Result rated", b.st.bold)
		f.put(2, f.row, fmt.Sprintf("the headline: %s, %s (Results sheet)", s.Analysis, s.Measure), b.st.text)
		if b.withheld(s) {
			// A small group: the short steps, which give no count.
			for _, st := range words.SecuritySteps(s, true) {
				f.paragraph(4, "• "+st, b.st.wrap)
			}
			f.keyValue("WWC rating", words.WWCLine(s))
			f.keyValue("OfS standard of evidence", words.OfSLine(s))
			f.paragraph(4, b.smallNote(), b.st.note)
			continue
		}
		for _, st := range s.Padlocks.Steps {
			f.keyValue(securityStepName(st.Criterion), st.Explanation)
		}
		f.keyValue("WWC rating", s.WWC.Reasons())
		if a := s.Attrition.Explanation; a != "" {
			f.keyValue("WWC attrition", a)
		}
		if s.OfS.Type > 0 {
			f.keyValue("OfS standard of evidence", s.OfS.Name+". "+s.OfS.Explanation+" The claim it allows: \u201c"+s.OfS.Sentence+"\u201d")
		}
		f.keyValue("EEF cost rating", words.CostLine(s))
	}
	f.methodSecurityTables()
}

// securityStepName is the key of a padlock step on the Method sheet.
func securityStepName(criterion string) string {
	switch criterion {
	case "design":
		return "Padlocks: design"
	case "mdes":
		return "Padlocks: MDES"
	case "attrition":
		return "Padlocks: attrition"
	case "initial":
		return "Padlocks: starting level"
	case "confounding":
		return "Baseline balance"
	case "threats":
		return "Threats to validity"
	case "final":
		return "EEF security rating"
	}
	return criterion
}

// methodSecurityTables writes the tables the ratings read: how whatworks'
// designs map onto the EEF's design column, the padlock table, the
// threats rule, the confounding rule and the WWC attrition boundary.
func (f *flow) methodSecurityTables() {
	b := f.b
	f.section("EEF padlock table (" + rating.PadlockSource + ")")
	f.header("Padlocks", "MDES", "Attrition", "Design")
	for _, t := range rating.PadlockTable() {
		f.row++
		f.putRow(f.row, cellValue{words.PadlockSymbols(t.Padlocks) + " " + fmt.Sprint(t.Padlocks), b.st.text},
			cellValue{t.MDES, b.st.text}, cellValue{t.Attrition, b.st.text}, cellValue{t.Design, b.st.wrap})
	}
	f.paragraph(4, "The MDES is compared rounded to 2 decimals and attrition rounded to a whole per cent, as the reports print them. A criterion that cannot be worked out gives no padlocks.", b.st.note)

	f.section("How whatworks' designs enter the EEF's design column")
	f.header("Design", "Pretest", "Padlocks at most", "Why")
	for _, l := range rating.PadlockDesignLevels {
		pre := map[string]string{"adjusted": "adjusted for", "none": "none", "": "either"}[l.Pretest]
		f.row++
		f.putRow(f.row, cellValue{l.Design, b.st.text}, cellValue{pre, b.st.text}, cellValue{fmt.Sprint(l.Padlocks), b.st.text},
			cellValue{l.Why + " (\u201c" + l.EEFRow + "\u201d).", b.st.wrap})
		f.height(f.row, textHeight(l.Why+l.EEFRow, 90))
	}

	f.section("Threats to validity: padlocks taken off")
	f.header("Padlocks off", "Threats (moderate, high) and source", "", "")
	f.merge(2, f.row, 4, f.row)
	for _, t := range rating.PadlockThreatRules {
		src := "EEF (2019); Oxford Education Deanery, Risk of Bias training for the EEF padlock tool"
		if !t.Published {
			src = "whatworks' cautious reading: the published rule does not name this case"
		}
		text := t.Rule + ". Source: " + src + "."
		f.row++
		f.putRow(f.row, cellValue{fmt.Sprint(t.Drop), b.st.text}, cellValue{text, b.st.wrap})
		f.merge(2, f.row, 4, f.row)
		f.height(f.row, textHeight(text, 122-30))
	}
	f.keyValue("Confounding", rating.PadlockConfoundingRule)
	f.keyValue("WWC attrition", "Low or high by the overall and differential attrition, against the WWC's cautious boundary unless the design says rating: {wwc_boundary: optimistic}; "+rating.AttritionBoundarySource+".")
	f.keyValue("WWC rating", "A randomised trial with low attrition: Meets WWC Standards Without Reservations. A randomised trial with high attrition, or a comparison not formed at random: Meets WWC Standards With Reservations at best, when the groups were alike on the pretest (|g| ≤ 0.05, or ≤ 0.25 with the analysis adjusting for it); otherwise, and with no comparison group, Does Not Meet WWC Standards ("+rating.WWCRatingSource+").")
	f.keyValue("OfS standard of evidence", "Type 3 (causal claims: \u201ccaused\u201d): a randomised comparison group, or one not formed at random but alike at baseline; Type 2 (empirical enquiry: \u201cassociated with\u201d): a change or difference without a credible counterfactual; Type 1 (narrative): no outcome data ("+rating.OfSSource+").")
	f.keyValue("EEF cost rating", "Cost per pupil per year: "+rating.CostBands+" (EEF Teaching and Learning Toolkit).")
}
