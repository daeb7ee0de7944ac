package publish

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// numberRE finds the numbers in a sentence: integers and decimals, with
// thousands separators.
var numberRE = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

// intRE finds the numbers of a sentence.
var intRE = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

// Words around a number that make it a count of pupils.
var (
	countBefore = regexp.MustCompile(`(?:\bn ?= ?|\d (?:of|and) |\d ?[;/] ?)$`)
	countAfter  = regexp.MustCompile(`^(?: ?(?:pupils?|intervention|comparison|students?)\b| (?:of|and) \d| ?[;/] ?\d)`)
)

// CountAt is where in sentence s count n is written as a count of
// pupils, or -1: "n = 6", "6 pupils", "6 intervention", "6 comparison",
// "6 of 40" and "29 of 54", "6 and 95", "6; 95", "6/95".
func CountAt(s string, n int) int {
	for _, loc := range intRE.FindAllStringIndex(s, -1) {
		v, err := strconv.Atoi(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""))
		if err == nil && v == n && isCount(s, loc) {
			return loc[0]
		}
	}
	return -1
}

// isCount reports whether the number at loc in s is written as a count.
func isCount(s string, loc []int) bool {
	return countBefore.MatchString(s[max(0, loc[0]-16):loc[0]]) || countAfter.MatchString(s[loc[1]:min(len(s), loc[1]+16)])
}

// Counts are the numbers of s written as counts of pupils (CountAt).
func Counts(s string) []int {
	var out []int
	for _, loc := range intRE.FindAllStringIndex(s, -1) {
		v, err := strconv.Atoi(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""))
		if err == nil && isCount(s, loc) {
			out = append(out, v)
		}
	}
	return out
}

// counts reports whether sentence s gives one of the counts in ints as a
// count of pupils (CountAt).
func counts(s string, ints map[int]bool) bool {
	for _, loc := range intRE.FindAllStringIndex(s, -1) {
		v, err := strconv.Atoi(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""))
		if err == nil && ints[v] && isCount(s, loc) {
			return true
		}
	}
	return false
}

// gives reports whether sentence s names a withheld group or gives a
// protected number: a count of pupils equal to a withheld count (or, with
// rounding, to an exact count), or a decimal of two or more places equal
// to a withheld mean, SD or share at the places written.
func (a *applier) gives(s string) bool {
	if s == "" {
		return false
	}
	for l := range a.levels {
		if strings.Contains(s, l) {
			return true
		}
	}
	for u := range a.units {
		// Caveats and notes begin with the outcome: "Maths: …",
		// "Maths, fsm=Y: …".
		for _, name := range []string{u.outcome, a.names[u.outcome]} {
			if name != "" && (strings.HasPrefix(s, name+":") || strings.HasPrefix(s, name+",")) {
				return true
			}
		}
	}
	if counts(s, a.ints) {
		return true
	}
	for _, tok := range numberRE.FindAllString(s, -1) {
		_, frac, isDec := strings.Cut(strings.ReplaceAll(tok, ",", ""), ".")
		if !isDec || len(frac) < 2 {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(tok, ",", ""), 64)
		if err != nil {
			continue
		}
		scale := math.Pow(10, float64(len(frac)))
		for _, f := range a.means {
			if math.Round(math.Abs(f)*scale) == math.Round(v*scale) {
				return true
			}
		}
	}
	return false
}

// scrub is s, or TextWithheld when it gives a withheld number.
func (a *applier) scrub(s string) string {
	if a.gives(s) {
		a.sum.Texts++
		return TextWithheld
	}
	return s
}

// texts replaces the sentences that give withheld numbers: caveats (by
// one sentence counting them), the notes and reasons of result rows, the
// steps of the ratings, the warnings of matching and the notes of scales.
func (a *applier) texts() {
	var keep []string
	dropped := 0
	for _, c := range a.r.Caveats {
		if a.gives(c) {
			dropped++
			continue
		}
		keep = append(keep, c)
	}
	if dropped > 0 {
		a.sum.Texts += dropped
		what := "1 caveat is"
		if dropped > 1 {
			what = fmt.Sprintf("%d caveats are", dropped)
		}
		keep = append(keep, what+" withheld under the publishing rules: they give numbers about a group of fewer than "+
			strconv.Itoa(a.rules.MinCount)+" pupils, or exact counts.")
	}
	a.r.Caveats = keep
	for i := range a.r.Results {
		x := &a.r.Results[i]
		if x.Note != NoteWithheld {
			x.Note = a.scrub(x.Note)
		}
		x.Reasons = a.scrub(x.Reasons)
	}
	for i := range a.r.Security {
		s := &a.r.Security[i]
		for j := range s.Padlocks.Steps {
			st := &s.Padlocks.Steps[j]
			st.Explanation = a.scrub(st.Explanation)
			for k := range st.Inputs {
				if a.gives(st.Inputs[k].Value) {
					st.Inputs[k].Value = Mark
				}
			}
		}
		for j := range s.WWC.Steps {
			st := &s.WWC.Steps[j]
			st.Explanation = a.scrub(st.Explanation)
			for k := range st.Inputs {
				if a.gives(st.Inputs[k].Value) {
					st.Inputs[k].Value = Mark
				}
			}
		}
		s.MDES.Basis = a.scrub(s.MDES.Basis)
		s.OfS.Sentence = a.scrub(s.OfS.Sentence)
		s.OfS.Explanation = a.scrub(s.OfS.Explanation)
	}
	if m := a.r.Matching; m != nil {
		for i := range m.Warnings {
			m.Warnings[i] = a.scrub(m.Warnings[i])
		}
		if m.Model != nil {
			m.Model.Separation = a.scrub(m.Model.Separation)
		}
	}
	for i := range a.r.Scales {
		a.r.Scales[i].Note = a.scrub(a.r.Scales[i].Note)
	}
	if c := a.r.Clustering; c != nil {
		for i := range c.Outcomes {
			c.Outcomes[i].Description = a.scrub(c.Outcomes[i].Description)
		}
	}
}
