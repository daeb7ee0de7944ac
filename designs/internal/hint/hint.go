// Package hint words the helpful parts of whatworks' messages about designs
// and data: the nearest valid name for a misspelt one ("did you mean
// "pretest"?") and short quoted lists of values. designs and designs/table
// share it.
package hint

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate nearest to s, for a "did you mean" hint, or
// "" when none is near enough. In order of preference: a candidate equal to
// s but for case; the candidate at the smallest optimal-string-alignment
// (Damerau–Levenshtein) distance, at most 2 (at most 1 for names of three
// letters, 0 for shorter, so "id" does not suggest "at"); a candidate that starts
// with s or that s starts with (at least three letters in common). Ties go
// to the earlier candidate, so callers pass candidates in a stable order.
func Nearest(s string, candidates []string) string {
	if s == "" {
		return ""
	}
	for _, c := range candidates {
		if c != s && strings.EqualFold(c, s) {
			return c
		}
	}
	ls := strings.ToLower(s)
	maxDist := 2
	switch n := utf8.RuneCountInString(s); {
	case n <= 2:
		maxDist = 0 // every one-letter value is one edit from every other
	case n == 3:
		maxDist = 1
	}
	best, bestDist := "", maxDist+1
	for _, c := range candidates {
		if c == s || maxDist == 0 {
			continue
		}
		d := Distance(ls, strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if c == s || len(lc) < 3 || len(ls) < 3 {
			continue
		}
		if strings.HasPrefix(lc, ls) || strings.HasPrefix(ls, lc) {
			return c
		}
	}
	return ""
}

// DidYouMean is Nearest as a hint: `did you mean "x"?`, or "".
func DidYouMean(s string, candidates []string) string {
	if c := Nearest(s, candidates); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}

// Distance is the optimal string alignment distance between a and b
// (Levenshtein distance with transpositions of adjacent letters counted as
// one edit), over runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	// Three rolling rows: two back, one back, current.
	pp := make([]int, m+1)
	p := make([]int, m+1)
	c := make([]int, m+1)
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= n; i++ {
		c[0] = i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
		}
		pp, p, c = p, c, pp
	}
	return p[m]
}

// Quote writes values as "a", "b", "c" (each as Value writes it), for
// messages. Past max values
// it ends with "… (N in all)".
func Quote(values []string, max int) string {
	var b strings.Builder
	for i, v := range values {
		if max > 0 && i == max {
			fmt.Fprintf(&b, ", … (%d in all)", len(values))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Value(v))
	}
	return b.String()
}

// MaxValue is the most characters of a value a message quotes.
const MaxValue = 60

// Value quotes v for a message (as %q does). A value longer than MaxValue
// characters is cut, saying how long it was: "99999999…" (5,000,001
// characters), so that a stray 5 MB cell does not make a 5 MB message.
func Value(v string) string {
	n := utf8.RuneCountInString(v)
	if n <= MaxValue {
		return fmt.Sprintf("%q", v)
	}
	cut, k := v, 0
	for i := range v {
		if k == MaxValue-20 {
			cut = v[:i]
			break
		}
		k++
	}
	return fmt.Sprintf("%q (%s characters)", cut+"…", thousands(n))
}

// thousands writes n with commas: 5000001 → "5,000,001".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
