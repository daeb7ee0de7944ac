package words

import (
	"math"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// Outcomes lists the outcome columns of r.Results in order of first appearance.
func Outcomes(r *evaluate.Report) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range r.Results {
		if !seen[x.Outcome] {
			seen[x.Outcome] = true
			out = append(out, x.Outcome)
		}
	}
	return out
}

// SubgroupsOf lists the subgroups ("all" first, then "COLUMN=VALUE" in order
// of first appearance) that have results for outcome o.
func SubgroupsOf(r *evaluate.Report, o string) []string {
	out := []string{evaluate.SubgroupAll}
	seen := map[string]bool{evaluate.SubgroupAll: true}
	for _, x := range r.Results {
		if x.Outcome == o && !seen[x.Subgroup] && strings.Contains(x.Subgroup, "=") {
			seen[x.Subgroup] = true
			out = append(out, x.Subgroup)
		}
	}
	return out
}

// PrimaryRow returns the headline row of outcome o in subgroup sub, or nil
// (evaluate.HeadlineRow).
func PrimaryRow(r *evaluate.Report, o, sub string) *evaluate.Result {
	return evaluate.HeadlineRow(r, o, sub)
}

// findRow returns the row with the given keys, or nil.
func findRow(r *evaluate.Report, o, sub string, analysis evaluate.Analysis, measure evaluate.Measure) *evaluate.Result {
	for i := range r.Results {
		x := &r.Results[i]
		if x.Outcome == o && x.Subgroup == sub && x.Analysis == analysis && x.Measure == measure {
			return x
		}
	}
	return nil
}

// RowP is the row's p-value, or else that of the mean difference of the same
// analysis (the same test).
func RowP(r *evaluate.Report, x *evaluate.Result) float64 {
	p := float64(x.PValue)
	if math.IsNaN(p) {
		if md := findRow(r, x.Outcome, x.Subgroup, x.Analysis, evaluate.MeasureMeanDifference); md != nil {
			p = float64(md.PValue)
		}
	}
	return p
}

// disadvantagedSubgroups lists the subgroups of outcome o that headline
// sentences mention, column by column (SubgroupColumns): the
// disadvantaged level of a column that has one (DisadvantagedLevel), and
// every level of a column that has none.
func disadvantagedSubgroups(r *evaluate.Report, o string) []string {
	var out []string
	subs := SubgroupsOf(r, o)[1:]
	for _, col := range SubgroupColumns(r, o) {
		if d := DisadvantagedLevel(r, col, subs); d != "" {
			out = append(out, col+"="+d)
			continue
		}
		out = append(out, levelsOf(r, col, subs)...)
	}
	return out
}

// SummarySubgroups lists the subgroups shown in the EEF summary table for
// outcome o: all pupils, then every level of each subgroup column
// (SubgroupColumns), the disadvantaged level first (DisadvantagedLevel).
func SummarySubgroups(r *evaluate.Report, o string) []string {
	out := []string{evaluate.SubgroupAll}
	subs := SubgroupsOf(r, o)[1:]
	for _, col := range SubgroupColumns(r, o) {
		levels := levelsOf(r, col, subs)
		if d := DisadvantagedLevel(r, col, subs); d != "" {
			first := col + "=" + d
			out = append(out, first)
			for _, l := range levels {
				if l != first {
					out = append(out, l)
				}
			}
			continue
		}
		out = append(out, levels...)
	}
	return out
}

// SubgroupColumns lists the subgroup columns with results for outcome o:
// those with a disadvantaged level (declared, or a free school meals,
// pupil premium or disadvantage column whose level reads as yes) first,
// then the others, each in design order (r.Subgroups; for a report read
// back without it, the order of first appearance).
func SubgroupColumns(r *evaluate.Report, o string) []string {
	subs := SubgroupsOf(r, o)[1:]
	var cols []string
	for _, s := range r.Subgroups {
		cols = append(cols, s.Column)
	}
	for _, sub := range subs {
		if col, _, ok := strings.Cut(sub, "="); ok && !slices.Contains(cols, col) {
			cols = append(cols, col)
		}
	}
	var first, rest []string
	for _, col := range cols {
		if len(levelsOf(r, col, subs)) == 0 {
			continue
		}
		if DisadvantagedLevel(r, col, subs) != "" {
			first = append(first, col)
		} else {
			rest = append(rest, col)
		}
	}
	return append(first, rest...)
}

// levelsOf lists the subgroups of column col among subs ("COL=LEVEL"), in
// the report's order of its levels (r.Subgroups), else as in subs.
func levelsOf(r *evaluate.Report, col string, subs []string) []string {
	var out []string
	if s := SubgroupDeclaration(r, col); s != nil {
		for _, l := range s.Levels {
			if sub := col + "=" + l; slices.Contains(subs, sub) {
				out = append(out, sub)
			}
		}
	}
	for _, sub := range subs {
		if c, _, _ := strings.Cut(sub, "="); c == col && !slices.Contains(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

// SubgroupDeclaration is the report's entry for subgroup column col, or
// nil.
func SubgroupDeclaration(r *evaluate.Report, col string) *evaluate.Subgroup {
	if r == nil {
		return nil
	}
	for k := range r.Subgroups {
		if r.Subgroups[k].Column == col {
			return &r.Subgroups[k]
		}
	}
	return nil
}

// DisadvantagedLevel is the level of column col that is reported first
// and named as the disadvantaged group: the declared one
// (`disadvantaged:`), else, in a free school meals, pupil premium or
// disadvantage column (DisadvantageKind), the one level that reads as yes
// (Truthy); "" when there is none. subs are the outcome's subgroups.
func DisadvantagedLevel(r *evaluate.Report, col string, subs []string) string {
	if s := SubgroupDeclaration(r, col); s != nil && s.Disadvantaged != "" {
		return s.Disadvantaged
	}
	if _, _, ok := DisadvantageKind(col); !ok {
		return ""
	}
	yes := ""
	for _, sub := range subs {
		c, val, _ := strings.Cut(sub, "=")
		if c == col && Truthy(val) == 1 {
			if yes != "" {
				return ""
			}
			yes = val
		}
	}
	return yes
}

// SubgroupName names a subgroup in words, as SubgroupPhrase does, but
// with the report's declarations: a declared disadvantaged level with a
// label is named by its label ("pupils eligible for free school meals"),
// and the other levels of its column "other pupils (lunch1 = paid)".
func SubgroupName(r *evaluate.Report, sub string) string {
	if col, val, ok := strings.Cut(sub, "="); ok {
		if s := SubgroupDeclaration(r, col); s != nil && s.Label != "" && s.Disadvantaged != "" {
			if val == s.Disadvantaged {
				return s.Label
			}
			if _, _, known := DisadvantageKind(col); !known || Truthy(val) != -1 {
				return "other pupils (" + col + " = " + val + ")"
			}
		}
	}
	return SubgroupPhrase(sub)
}

// ArmMeans finds the descriptives of outcome o for all pupils: the
// outcome (post) rows and its pretest's (pre) rows.
func ArmMeans(r *evaluate.Report, o string) (pre, post []evaluate.Descriptive) {
	for _, d := range r.Descriptives {
		if d.Subgroup != evaluate.SubgroupAll || !slices.Contains(d.Outcomes, o) {
			continue
		}
		switch d.Time {
		case evaluate.TimePost:
			post = append(post, d)
		case evaluate.TimePre:
			pre = append(pre, d)
		}
	}
	return pre, post
}

// ArmOrder sorts the programme arm before the comparison arm.
func ArmOrder(arm string) int {
	switch arm {
	case evaluate.ArmIntervention:
		return 0
	case evaluate.ArmComparison:
		return 1
	}
	return 2
}
