package table

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// Text returns row i of the column as text: a number in its shortest exact
// form, a label as read, "" where missing.
func (c *Column) Text(i int) string {
	switch c.Kind {
	case Numeric:
		v := c.Num[i]
		if v != v {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case Text:
		return c.textAt(i)
	}
	if c.Codes[i] < 0 {
		return ""
	}
	return c.Levels[c.Codes[i]]
}

// Duplicate is a pupil identifier that occurs on more than one row.
type Duplicate struct {
	ID   string
	Rows []int // spreadsheet row numbers
}

// DuplicateIDs lists identifiers in column id that occur more than once, in
// order of first occurrence. Missing identifiers are not duplicates.
//
// It sorts the rows by identifier (4 bytes a row) rather than building a
// map of every identifier, which for millions of pupils would take far
// more memory than the column itself.
func (t *Table) DuplicateIDs(id string) []Duplicate {
	c := t.Column(id)
	if c == nil {
		return nil
	}
	order := make([]int32, 0, c.Len())
	for i := 0; i < c.Len(); i++ {
		if !c.IsMissing(i) {
			order = append(order, int32(i))
		}
	}
	cmp := func(a, b int32) int { return strings.Compare(c.Text(int(a)), c.Text(int(b))) }
	switch c.Kind {
	case Text:
		cmp = func(a, b int32) int { return bytes.Compare(c.textBytes(int(a)), c.textBytes(int(b))) }
	case Categorical:
		cmp = func(a, b int32) int { return int(c.Codes[a]) - int(c.Codes[b]) }
	}
	slices.SortStableFunc(order, cmp)
	var out []Duplicate
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && cmp(order[j], order[i]) == 0 {
			j++
		}
		if j-i > 1 {
			d := Duplicate{ID: c.Text(int(order[i]))}
			for _, r := range order[i:j] {
				d.Rows = append(d.Rows, t.Row(int(r)))
			}
			out = append(out, d)
		}
		i = j
	}
	slices.SortFunc(out, func(a, b Duplicate) int { return a.Rows[0] - b.Rows[0] })
	return out
}
