package words

import (
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
)

// pointsText is a raw score difference: "3.4 points", "1 point".
func pointsText(d float64) string {
	s := fmt.Sprintf("%.1f", d)
	if s == "1.0" {
		return "1 point"
	}
	return strings.TrimSuffix(s, ".0") + " points"
}

// CILabel is "95% CI" for conf = 0.95.
func CILabel(conf float64) string {
	if math.IsNaN(conf) || conf <= 0 || conf >= 1 {
		return "CI"
	}
	return fmt.Sprintf("%s%% CI", TrimFloat(conf*100))
}

// TrimFloat formats x with up to 4 decimals and no trailing zeros.
func TrimFloat(x float64) string {
	s := fmt.Sprintf("%.4f", x)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// Num2 formats an effect size to 2 decimals ("-0.05"; "0.00", never "-0.00").
func Num2(x float64) string {
	if publish.IsFloat(x) {
		return publish.Mark
	}
	if math.IsNaN(x) {
		return "NA"
	}
	s := fmt.Sprintf("%.2f", x)
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// PText is "p < 0.001" or "p = 0.042" (withP), else "< 0.001" or "0.042".
func PText(p float64, withP bool) string {
	var s string
	switch {
	case publish.IsFloat(p):
		return publish.Mark
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		s = "< 0.001"
		if withP {
			return "p " + s
		}
		return s
	default:
		s = fmt.Sprintf("%.3f", p)
	}
	if withP {
		return "p = " + s
	}
	return s
}

// CIText is "0.12 to 0.24", or "" when there is no interval.
func CIText(x evaluate.Result) string {
	lo, hi := float64(x.CILow), float64(x.CIHigh)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return Num2(lo) + " to " + Num2(hi)
}

// MonthsText is "+2", "-1", "0" or "".
func MonthsText(m *int) string {
	switch {
	case m == nil:
		return ""
	case publish.IsCount(*m):
		return publish.Mark
	case *m > 0:
		return fmt.Sprintf("+%d", *m)
	}
	return fmt.Sprint(*m)
}

// NText is "212/208", "48" (one group) or "" ("c" for a withheld count).
func NText(x evaluate.Result) string {
	switch {
	case x.NTreated != nil && x.NComparison != nil:
		return N(*x.NTreated) + "/" + N(*x.NComparison)
	case x.NTreated != nil:
		return N(*x.NTreated)
	case x.NComparison != nil:
		return N(*x.NComparison)
	}
	return ""
}

// N is a count of pupils: "212", or "c" when it is withheld under the
// publishing rules.
func N(n int) string {
	if publish.IsCount(n) {
		return publish.Mark
	}
	return fmt.Sprint(n)
}

// PupilsText is the pupils of a summary line: "212; 208", one number for
// one group, "c" for a withheld count.
func PupilsText(x evaluate.Result) string {
	if x.NTreated != nil && x.NComparison != nil {
		return N(*x.NTreated) + "; " + N(*x.NComparison)
	}
	return NText(x)
}

// Withheld reports whether row x's numbers are withheld under the
// publishing rules (package publish).
func Withheld(x *evaluate.Result) bool { return x != nil && publish.IsNum(x.Estimate) }

// WithheldRow returns a row of outcome o in subgroup sub whose numbers
// are withheld under the publishing rules (the group is too small to
// show), or nil: what the summaries show in place of a headline.
func WithheldRow(r *evaluate.Report, o, sub string) *evaluate.Result {
	var first *evaluate.Result
	for i := range r.Results {
		x := &r.Results[i]
		if x.Outcome == o && x.Subgroup == sub && x.Analysis != evaluate.AnalysisRating && Withheld(x) {
			if x.NTreated != nil {
				return x // one with its (withheld) pupils
			}
			if first == nil {
				first = x
			}
		}
	}
	return first
}

// SummaryRow is the row a summary shows for outcome o in subgroup sub:
// the headline row, else a withheld row (shown as "c"), else nil.
func SummaryRow(r *evaluate.Report, o, sub string) *evaluate.Result {
	if x := PrimaryRow(r, o, sub); x != nil {
		return x
	}
	return WithheldRow(r, o, sub)
}

// ShellQuote quotes a file name for a command line the reader can paste
// into their shell: unchanged when it holds only letters, digits and
// "/._-+:@%,=", else in single quotes ('my evaluation/design.yaml', a '
// written '\” inside them); on Windows in double quotes.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r) ||
			(runtime.GOOS == "windows" && r == '\\'))
	}) < 0 {
		return s
	}
	if runtime.GOOS == "windows" {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
