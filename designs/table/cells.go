package table

import (
	"sort"
	"strconv"
)

// Text returns row i of the column as text: a number in its shortest exact
// form, a label as read, "" where missing.
func (c *Column) Text(i int) string {
	if c.Kind == Numeric {
		v := c.Num[i]
		if v != v {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
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
func (t *Table) DuplicateIDs(id string) []Duplicate {
	c := t.Column(id)
	if c == nil {
		return nil
	}
	rows := map[string][]int{}
	for i := 0; i < c.Len(); i++ {
		if c.IsMissing(i) {
			continue
		}
		k := c.Text(i)
		rows[k] = append(rows[k], t.RowNumbers[i])
	}
	var out []Duplicate
	for k, r := range rows {
		if len(r) > 1 {
			out = append(out, Duplicate{ID: k, Rows: r})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Rows[0] < out[b].Rows[0] })
	return out
}
