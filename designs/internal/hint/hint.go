// Package hint words the helpful parts of whatworks' messages about designs
// and data: the nearest valid name for a misspelt one ("did you mean
// "pretest"?") and short quoted lists of values. designs and designs/table
// share it.
package hint

import (
	"fmt"
	"strconv"
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
	return fmt.Sprintf("%q (%s characters)", cut+"…", Count(n))
}

// maxRows is how many row numbers Rows lists before it counts the rest.
const maxRows = 6

// Rows writes spreadsheet row numbers for messages: "row 4", "rows 4, 9
// and 12", or past six rows "rows 2, 3, 5, 6, 8, 9 and 2,075 more rows".
// first holds the first row numbers in order (at least min(total, 6) of
// them); total is how many rows there are in all.
func Rows(first []int, total int) string {
	if total <= 0 || len(first) == 0 {
		return ""
	}
	if total == 1 {
		return fmt.Sprintf("row %d", first[0])
	}
	n := min(len(first), maxRows, total)
	s := make([]string, n)
	for i := range s {
		s[i] = strconv.Itoa(first[i])
	}
	if more := total - n; more == 1 {
		return fmt.Sprintf("rows %s and 1 more row", strings.Join(s, ", "))
	} else if more > 1 {
		return fmt.Sprintf("rows %s and %s more rows", strings.Join(s, ", "), Count(more))
	}
	return fmt.Sprintf("rows %s and %s", strings.Join(s[:n-1], ", "), s[n-1])
}

// Count writes a count with thousands separators: 2075 → "2,075".
func Count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// RowList collects the row numbers of one kind of problem: the first few,
// for messages, and how many in all.
type RowList struct {
	First []int
	N     int
}

// Add notes one more row.
func (r *RowList) Add(row int) {
	if len(r.First) < maxRows {
		r.First = append(r.First, row)
	}
	r.N++
}

// String is Rows of the list.
func (r RowList) String() string { return Rows(r.First, r.N) }

// YesNo reads s as a yes/no answer, as spreadsheets and exports write
// them: "Y", "Yes", "TRUE" (any case) are yes; "N", "No", "FALSE" are
// no. ok is false for anything else.
func YesNo(s string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes", "true":
		return true, true
	case "n", "no", "false":
		return false, true
	}
	return false, false
}
