package designs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
)

// A variant is a value in the data that looks like another value typed
// differently: the same but for case, another spelling of the same yes or
// no, the same number, or one slip of the keyboard away. Typos in group
// and subgroup columns are found this way rather than absorbed (issue 15:
// pupils typed "y" or "Yes" next to "Y" went to the comparison arm, and
// "fsm=y" became a subgroup of its own).
type variant int

const (
	notVariant variant = iota
	caseVariant
	yesNoVariant
	numberVariant
	typoVariant
)

// rareShare is how common a value one letter away from another may be
// (as a share of the other's count) and still be taken for a typo of it:
// a typo is rare next to the value meant; two common values one letter
// apart are two categories.
const rareShare = 0.25

// variantOf says how value v (in nv rows) looks like value of (in nof
// rows), or notVariant. v and of are trimmed labels.
func variantOf(v, of string, nv, nof int) variant {
	switch {
	case v == of:
		return notVariant
	case strings.EqualFold(v, of):
		return caseVariant
	}
	if y1, ok1 := hint.YesNo(v); ok1 {
		if y2, ok2 := hint.YesNo(of); ok2 && y1 == y2 {
			return yesNoVariant
		}
	}
	if x, ok := valueNumber(v); ok {
		if y, ok := valueNumber(of); ok && x == y {
			return numberVariant
		}
		return notVariant
	}
	if utf8.RuneCountInString(of) >= 4 && utf8.RuneCountInString(v) >= 4 &&
		float64(nv) <= rareShare*float64(nof) &&
		hint.Distance(strings.ToLower(v), strings.ToLower(of)) == 1 && !namesAnother(v, of) {
		return typoVariant
	}
	return notVariant
}

// namesAnother reports whether a and b differ in one character that is a
// name of its own: a digit ("Set 1", "Set 2") or a letter standing alone
// ("Group A", "Group B"; "Y7A", "Y7B"). Such values name different
// things, not one thing mistyped.
func namesAnother(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	at := -1
	for i := range ra {
		if ra[i] != rb[i] {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at < 0 {
		return false
	}
	if unicode.IsDigit(ra[at]) && unicode.IsDigit(rb[at]) {
		return true
	}
	alone := func(r []rune) bool {
		return (at == 0 || !unicode.IsLetter(r[at-1])) && (at == len(r)-1 || !unicode.IsLetter(r[at+1]))
	}
	return unicode.IsLetter(ra[at]) && alone(ra) && alone(rb)
}

// how says in words how a variant differs from the value it looks like,
// described as of (e.g. `treated value "Y"`).
func (k variant) how(of string) string {
	switch k {
	case caseVariant:
		return "differs from " + of + " only in upper and lower case"
	case yesNoVariant:
		return "is another way of writing " + of
	case numberVariant:
		return "is the same number as " + of
	}
	return "is one letter away from " + of
}

// levelCounts counts the rows of each level of a categorical column.
func levelCounts(codes []int32, levels []string) []int {
	n := make([]int, len(levels))
	for _, k := range codes {
		if k >= 0 {
			n[k]++
		}
	}
	return n
}

// levelRows lists the rows holding level k, for messages.
func levelRows(t *table.Table, codes []int32, k int32) hint.RowList {
	var r hint.RowList
	for i, c := range codes {
		if c == k {
			r.Add(t.Row(i))
		}
	}
	return r
}
