package words

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
)

// ShortLabels maps each outcome of r to a short name for sentences, plot
// axes and the terminal table: its label up to the first " (" or ","
// ("Reading (standardised score), July" is "Reading"), unless that would
// give two outcomes the same name; then the whole label. An outcome without
// a label is named by its column.
func ShortLabels(r *evaluate.Report) map[string]string {
	full := map[string]string{}
	var order []string
	for i := range r.Results {
		x := &r.Results[i]
		if _, ok := full[x.Outcome]; !ok {
			order = append(order, x.Outcome)
			full[x.Outcome] = OutcomeLabel(x)
		} else if x.Label != "" && full[x.Outcome] == x.Outcome {
			full[x.Outcome] = x.Label
		}
	}
	short := map[string]string{}
	count := map[string]int{}
	for _, o := range order {
		s := full[o]
		if i := strings.Index(s, " ("); i > 0 {
			s = s[:i]
		}
		if i := strings.Index(s, ","); i > 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			s = full[o]
		}
		short[o] = s
		count[s]++
	}
	for _, o := range order {
		if count[short[o]] > 1 {
			short[o] = full[o]
		}
	}
	return short
}

// outcomeName is an outcome's name as it reads mid-sentence: a phrase
// in sentence case loses its capital ("Reading" reads "reading",
// "Attitudes to HE" "attitudes to HE"); a name with another capitalised
// word (a proper name: "Beck Depression Inventory", "Ysgol Gymraeg
// Llanelli") or that starts with an acronym or a digit ("KS2 reading",
// "GCSE maths") keeps its case.
func outcomeName(s string) string {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return s
	}
	r0, n := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeRuneInString(s[n:])
	if !unicode.IsUpper(r0) || unicode.IsUpper(r1) || unicode.IsDigit(r1) {
		return s
	}
	for _, f := range fields[1:] {
		a, k := utf8.DecodeRuneInString(f)
		b, _ := utf8.DecodeRuneInString(f[k:])
		if unicode.IsUpper(a) && !unicode.IsUpper(b) && !unicode.IsDigit(b) {
			return s // a proper name: "Beck Depression Inventory"
		}
	}
	return string(unicode.ToLower(r0)) + s[n:]
}

// monthsPhrase is "1 additional month's progress", "3 months less progress".
func monthsPhrase(m int) string {
	switch {
	case m == 1:
		return "1 additional month's progress"
	case m > 1:
		return fmt.Sprintf("%d additional months' progress", m)
	case m == -1:
		return "1 month less progress"
	default:
		return fmt.Sprintf("%d months less progress", -m)
	}
}

// DisadvantageKind recognises a subgroup column about disadvantage and
// returns how to describe its "yes" level ("eligible for free school meals")
// and its "no" level, or ok = false.
func DisadvantageKind(column string) (yes, no string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(column) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	c := b.String()
	switch {
	case strings.Contains(c, "ever6") || strings.Contains(c, "everfsm"):
		return "pupils eligible for free school meals at any time in the last six years",
			"pupils not eligible for free school meals in the last six years", true
	case strings.Contains(c, "fsm") || strings.Contains(c, "freeschoolmeal"):
		return "pupils eligible for free school meals", "pupils not eligible for free school meals", true
	case strings.Contains(c, "pupilpremium") || c == "pp" || strings.HasPrefix(c, "ppeligib") || strings.HasPrefix(c, "ppstatus"):
		return "pupils eligible for the pupil premium", "pupils not eligible for the pupil premium", true
	case strings.Contains(c, "disadvantage"):
		return "disadvantaged pupils", "pupils who are not disadvantaged", true
	case strings.Contains(c, "polar") && (strings.Contains(c, "q1") || strings.Contains(c, "quintile1")):
		return "students from the areas where fewest go on to higher education (POLAR4 quintile 1)",
			"students from other areas", true
	case strings.Contains(c, "tundra") && (strings.Contains(c, "q1") || strings.Contains(c, "quintile1")):
		return "students from the areas where fewest go on to higher education (TUNDRA quintile 1)",
			"students from other areas", true
	case strings.Contains(c, "firstgen") || strings.Contains(c, "firstinfamily") || strings.Contains(c, "firstgeneration"):
		return "students who would be the first in their family to go to university",
			"students whose parents went to university", true
	}
	return "", "", false
}

// Truthy classifies a subgroup value as yes (1), no (-1) or unknown (0).
func Truthy(v string) int {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "y", "yes", "1", "true", "t", "eligible", "fsm", "pp", "disadvantaged":
		return 1
	case "n", "no", "0", "false", "f", "not eligible", "non-fsm", "non-pp", "not disadvantaged":
		return -1
	}
	return 0
}

// SubgroupPhrase describes a subgroup in words: "fsm=Y" is "pupils eligible
// for free school meals"; "all" is "all pupils"; others "pupils with sex = F".
func SubgroupPhrase(sub string) string {
	if sub == evaluate.SubgroupAll || sub == "" {
		return "all pupils"
	}
	col, val, ok := strings.Cut(sub, "=")
	if !ok {
		return "pupils in " + sub
	}
	if yes, no, ok := DisadvantageKind(col); ok {
		switch Truthy(val) {
		case 1:
			return yes
		case -1:
			return no
		}
	}
	return "pupils with " + col + " = " + val
}

// Slug turns an outcome column into a file-name part: lower case letters,
// digits and hyphens.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		out = "outcome"
	}
	return out
}

// IntervalName is "95% confidence intervals" in plain words.
func IntervalName(conf float64) string {
	if math.IsNaN(conf) || conf <= 0 || conf >= 1 {
		return "confidence intervals"
	}
	return TrimFloat(conf*100) + "% confidence intervals"
}

// ArmName is how plots and sheets name an arm.
func ArmName(arm string) string {
	switch arm {
	case evaluate.ArmIntervention:
		return "Programme"
	case evaluate.ArmComparison:
		return "Comparison"
	case "all":
		return "All pupils"
	}
	return arm
}

// DesignWords names a design in plain words.
func DesignWords(d evaluate.Design) string {
	switch d {
	case evaluate.DesignPrePost:
		return "one group measured before and after (no comparison group)"
	case evaluate.DesignTwoGroup:
		return "programme pupils compared with a comparison group (not randomised)"
	case evaluate.DesignRCT:
		return "randomised controlled trial"
	case evaluate.DesignClusterRCT:
		return "cluster-randomised trial (schools or classes randomised)"
	case evaluate.DesignMatched:
		return "programme pupils compared with matched comparison pupils (not randomised)"
	case "":
		return "not stated"
	}
	return string(d)
}

// IntervalWords is "95% confidence intervals; Hedges' g interval by the
// normal approximation".
func IntervalWords(r *evaluate.Report) string {
	s := fmt.Sprintf("%s%% confidence intervals", TrimFloat(r.Confidence*100))
	if math.IsNaN(r.Confidence) || r.Confidence <= 0 || r.Confidence >= 1 {
		s = "Confidence intervals"
	}
	switch r.CIMethod {
	case "normal":
		s += "; Hedges' g intervals by the normal approximation (EEF)"
	case "noncentral-t":
		s += "; Hedges' g intervals by the noncentral t (R effectsize)"
	case "":
	default:
		s += "; Hedges' g intervals: " + r.CIMethod
	}
	return s
}

// OutcomeLabel is the outcome's label, or its column when it has none.
func OutcomeLabel(x *evaluate.Result) string {
	if x.Label != "" {
		return x.Label
	}
	return x.Outcome
}

// Capitalise upper-cases the first letter.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}
