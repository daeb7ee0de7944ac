package words

import (
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
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
	case *m > 0:
		return fmt.Sprintf("+%d", *m)
	}
	return fmt.Sprint(*m)
}

// NText is "212/208", "48" (one group) or "".
func NText(x evaluate.Result) string {
	switch {
	case x.NTreated != nil && x.NComparison != nil:
		return fmt.Sprintf("%d/%d", *x.NTreated, *x.NComparison)
	case x.NTreated != nil:
		return fmt.Sprint(*x.NTreated)
	case x.NComparison != nil:
		return fmt.Sprint(*x.NComparison)
	}
	return ""
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
