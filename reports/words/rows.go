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
// sentences mention: the "yes" levels of disadvantage columns, or every
// level of such a column when no level reads as yes.
func disadvantagedSubgroups(r *evaluate.Report, o string) []string {
	var yes, other []string
	for _, sub := range SubgroupsOf(r, o) {
		if !isDisadvantage(sub) {
			continue
		}
		_, val, _ := strings.Cut(sub, "=")
		switch Truthy(val) {
		case 1:
			yes = append(yes, sub)
		case 0:
			other = append(other, sub)
		}
	}
	if len(yes) > 0 {
		return yes
	}
	return other
}

// SummarySubgroups lists the subgroups shown in the EEF summary table for
// outcome o: all pupils, then every level of each disadvantage column
// (the "yes" level first).
func SummarySubgroups(r *evaluate.Report, o string) []string {
	out := []string{evaluate.SubgroupAll}
	var yes, rest []string
	for _, sub := range SubgroupsOf(r, o)[1:] {
		if !isDisadvantage(sub) {
			continue
		}
		_, val, _ := strings.Cut(sub, "=")
		if Truthy(val) == 1 {
			yes = append(yes, sub)
		} else {
			rest = append(rest, sub)
		}
	}
	return append(append(out, yes...), rest...)
}

// ArmMeans finds the descriptives of outcome o for all pupils: the
// outcome (post) rows and its pretest's (pre) rows.
func ArmMeans(r *evaluate.Report, o string) (pre, post []evaluate.Descriptive) {
	for _, d := range r.Descriptives {
		if d.Subgroup != evaluate.SubgroupAll || !slices.Contains(d.Outcomes, o) {
			continue
		}
		switch d.Time {
		case "post":
			post = append(post, d)
		case "pre":
			pre = append(pre, d)
		}
	}
	return pre, post
}

// ArmOrder sorts the programme arm before the comparison arm.
func ArmOrder(arm string) int {
	switch arm {
	case "intervention":
		return 0
	case "comparison":
		return 1
	}
	return 2
}
