package table

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
)

// missingSet decides whether a trimmed cell is a missing-value token.
type missingSet []string

func newMissingSet(tokens []string) missingSet {
	if tokens == nil {
		tokens = DefaultMissing
	}
	m := make(missingSet, 0, len(tokens))
	for _, t := range tokens {
		t = string(trimCell([]byte(t)))
		if !slices.Contains(m, t) {
			m = append(m, t)
		}
	}
	return m
}

func (m missingSet) is(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	for _, t := range m {
		if len(t) == len(b) && t == string(b) {
			return true
		}
	}
	return false
}

// columnBuilder types one column as its cells arrive, row by row.
//
// A column starts numeric (unless forced categorical) and stays so while
// every non-missing cell parses. When a cell does not parse in a column
// that is not forced numeric, the column turns categorical from that row
// on; the rows before it are coded in a second pass over the data
// (columnBuilder.prefix), since their labels were not kept.
type columnBuilder struct {
	name     string
	index    int // in the file, 0-based
	forceNum bool
	forceCat bool
	// unnamed columns (empty header cell) are dropped when empty; dataRow
	// is the first row where one has data.
	unnamed bool
	dataRow int
	// skip columns are not kept (Options.Keep); text ones are kept as
	// text (Options.Text), in text with each row's end in ends.
	skip  bool
	text  bool
	texts []byte
	ends  []uint32

	cat    bool
	sized  bool // intern sized for an identifier column
	expect int  // rows expected, for allocation
	prefix int  // rows before this one still need coding (categorical)
	num    []float64
	codes  []int32
	intern *interner
	labels []string

	bad  []error
	nBad int
}

func (c *columnBuilder) startCategorical(rows, expect int) {
	c.cat = true
	c.prefix = rows
	c.num = nil
	c.codes = make([]int32, rows, max(rows, expect))
}

// smallLevels is how many levels a column has before its labels are
// looked up in a hash table rather than one by one (faster for Y/N
// columns).
const smallLevels = 8

func (c *columnBuilder) code(b []byte) int32 {
	if c.intern == nil {
		for k, l := range c.labels {
			if l == string(b) {
				return int32(k)
			}
		}
		k := int32(len(c.labels))
		c.labels = append(c.labels, string(b))
		if len(c.labels) > smallLevels {
			c.intern = newInterner(c.labels)
		}
		return k
	}
	if !c.sized && len(c.labels) >= 4096 {
		// A column whose values are nearly all different (an identifier)
		// gets its table sized for every row at once, rather than grown
		// and rehashed many times.
		c.sized = true
		if len(c.labels)*10 > len(c.codes)*9 && c.expect > len(c.labels) {
			c.labels = slices.Grow(c.labels, c.expect-len(c.labels))
			c.intern.grow(c.labels, 1<<bits.Len(uint(2*c.expect)))
		}
	}
	return c.intern.code(b, &c.labels)
}

// typer holds what typing every column needs.
type typer struct {
	file, sheet  string
	missing      missingSet
	decimalComma bool
	cols         []*columnBuilder
	headerRow    int
	expect       int // rows expected, for allocation
}

func newTyper(file, sheet string, headerRow int, names []string, opts Options, decimalComma bool, expectRows int) *typer {
	t := &typer{file: file, sheet: sheet, headerRow: headerRow, missing: newMissingSet(opts.Missing), decimalComma: decimalComma, expect: expectRows}
	for i, n := range names {
		c := &columnBuilder{name: n, index: i, expect: expectRows, forceNum: opts.Numeric[n], forceCat: opts.Categorical[n] && !opts.Numeric[n]}
		switch {
		case n == "":
			c.unnamed, c.forceNum, c.forceCat = true, false, false
		case opts.Keep != nil && !opts.Keep[n]:
			c.skip, c.forceNum, c.forceCat = true, false, false
		case opts.Text[n] && !c.forceNum:
			c.text, c.forceCat = true, false
			c.ends = make([]uint32, 0, expectRows)
		case c.forceCat:
			c.startCategorical(0, expectRows)
		default:
			// Room for the first rows only: most columns that turn out to
			// be labels do so at once, and their numbers are dropped.
			c.num = make([]float64, 0, min(expectRows, firstRows))
		}
		t.cols = append(t.cols, c)
	}
	return t
}

// firstRows is how many rows a column is given room for before it is
// given room for every row expected.
const firstRows = 1024

// appendNum adds a number to a numeric column, making room for every row
// expected once the first rows are in.
func (c *columnBuilder) appendNum(v float64) {
	if len(c.num) == cap(c.num) && len(c.num) < c.expect {
		c.num = slices.Grow(c.num, c.expect-len(c.num))
	}
	c.num = append(c.num, v)
}

// appendText adds a cell to a text column ("" where missing), making room
// for the expected rows at the average length of the first ones.
func (c *columnBuilder) appendText(b []byte) {
	if len(c.ends) == firstRows && c.expect > firstRows {
		per := len(c.texts)/firstRows + 1
		c.texts = slices.Grow(c.texts, per*(c.expect-firstRows)*11/10)
	}
	c.texts = append(c.texts, b...)
	c.ends = append(c.ends, uint32(len(c.texts)))
}

// add types one cell of the current row. row is the spreadsheet row number.
func (t *typer) add(c *columnBuilder, cell []byte, row int) {
	b := trimCell(cell)
	if c.unnamed {
		if c.dataRow == 0 && len(b) > 0 {
			c.dataRow = row
		}
		return
	}
	if c.skip {
		return
	}
	if t.missing.is(b) {
		switch {
		case c.text:
			c.appendText(nil)
		case c.cat:
			c.codes = append(c.codes, -1)
		default:
			c.appendNum(math.NaN())
		}
		return
	}
	if c.text {
		c.appendText(b)
		return
	}
	if !c.cat {
		if v, ok := parseNumber(b, t.decimalComma); ok {
			c.appendNum(v)
			return
		}
		if c.forceNum {
			c.nBad++
			if len(c.bad) < maxPerColumn {
				c.bad = append(c.bad, t.notNumber(c.name, string(b), row))
			}
			c.appendNum(math.NaN())
			return
		}
		c.startCategorical(len(c.num), t.expect)
	}
	c.codes = append(c.codes, c.code(b))
}

// addPrefix codes one cell of a row before the column turned categorical.
func (t *typer) addPrefix(c *columnBuilder, cell []byte, i int) {
	if c.unnamed || c.skip {
		return
	}
	b := trimCell(cell)
	if t.missing.is(b) {
		c.codes[i] = -1
	} else {
		c.codes[i] = c.code(b)
	}
}

// needPrefix is the number of leading rows some column still has to code.
func (t *typer) needPrefix() int {
	n := 0
	for _, c := range t.cols {
		if c.cat {
			n = max(n, c.prefix)
		}
	}
	return n
}

func (t *typer) notNumber(col, v string, row int) *DataError {
	e := &DataError{File: t.file, Sheet: t.sheet, Row: row, Column: col, Value: v, Err: ErrNotNumber}
	tokens := make([]string, len(t.missing))
	copy(tokens, t.missing)
	addMissing := fmt.Sprintf("missing values: %s; add %s under data.missing", hint.Quote(tokens, 0), hint.Value(v))
	switch {
	case strings.HasPrefix(v, "#") && len(v) <= 8 && strings.ToUpper(v) == v:
		e.Hint = "the cell shows a spreadsheet error; fix its formula, or " + addMissing[strings.Index(addMissing, "add "):]
	case strings.HasSuffix(v, "%"):
		if _, ok := parseNumber(trimCell([]byte(v[:len(v)-1])), t.decimalComma); ok {
			e.Hint = "write percentages as plain numbers, without the % sign"
		} else {
			e.Hint = addMissing
		}
	case t.decimalComma && strings.Contains(v, ".") && strings.Contains(v, ",") &&
		looksNumeric(strings.Replace(strings.ReplaceAll(v, ".", ""), ",", ".", 1)):
		e.Hint = "write numbers without thousands separators, e.g. " + strings.ReplaceAll(v, ".", "")
	case !t.decimalComma && strings.Count(v, ",") > 0 && looksNumeric(strings.ReplaceAll(v, ",", "")):
		if hasThousandsGroups(v) {
			e.Hint = "write numbers without thousands separators, e.g. " + strings.ReplaceAll(v, ",", "")
		} else {
			e.Hint = "use a decimal point (" + strings.Replace(v, ",", ".", 1) + "), or save the file with semicolons between fields"
		}
	default:
		e.Hint = addMissing
	}
	return e
}

// finish sorts every categorical column's levels and returns the columns,
// the problems with the file's layout and the problems with single cells.
func (t *typer) finish() (cols []*Column, layout, probs Problems) {
	out := make([]*Column, 0, len(t.cols))
	named, stray, firstName := 0, 0, ""
	for _, c := range t.cols {
		switch {
		case !c.unnamed:
			if named == 0 {
				firstName = c.name
			}
			named++
		case c.dataRow > 0:
			stray++
		}
	}
	for _, c := range t.cols {
		if c.unnamed {
			if c.dataRow > 0 {
				col := columnLetters(c.index)
				e := &DataError{File: t.file, Sheet: t.sheet, Row: c.dataRow,
					Err:  fmt.Errorf("column %s has data but no name in row %d", col, t.headerRow),
					Hint: fmt.Sprintf("add a name in cell %s%d, or delete the column", col, t.headerRow)}
				if named == 1 && stray > 1 {
					// Most likely a title above the column names.
					e.Hint = fmt.Sprintf("row %d holds only %q: the first row that is not blank must hold the column names, so delete any title rows above them", t.headerRow, firstName)
				}
				layout = append(layout, e)
			}
			continue
		}
		for _, e := range c.bad {
			probs = append(probs, e)
		}
		if more := c.nBad - len(c.bad); more > 0 {
			probs = append(probs, &DataError{File: t.file, Sheet: t.sheet, Column: c.name,
				Err: fmt.Errorf("…and %d more values that are not numbers", more)})
		}
		switch {
		case c.skip:
			continue
		case c.text:
			out = append(out, &Column{Name: c.name, Kind: Text, text: c.texts, end: c.ends})
			continue
		case !c.cat:
			out = append(out, &Column{Name: c.name, Kind: Numeric, Num: c.num})
			continue
		}
		out = append(out, &Column{Name: c.name, Kind: Categorical, Codes: c.codes, Levels: sortLevels(c.labels, c.codes, t.decimalComma)})
	}
	return out, layout, probs
}

// sortLevels sorts labels (numerically when every label is a number,
// else by bytes) and recodes codes in place to match. It returns the
// sorted labels.
func sortLevels(labels []string, codes []int32, decimalComma bool) []string {
	n := len(labels)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	vals := make([]float64, n)
	numeric := true
	for i, l := range labels {
		v, ok := parseNumber([]byte(l), decimalComma)
		if !ok {
			numeric = false
			break
		}
		vals[i] = v
	}
	if numeric {
		slices.SortFunc(order, func(a, b int32) int {
			if vals[a] != vals[b] {
				if vals[a] < vals[b] {
					return -1
				}
				return 1
			}
			return strings.Compare(labels[a], labels[b])
		})
	} else {
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(labels[a], labels[b]) })
	}
	sorted := make([]string, n)
	remap := make([]int32, n)
	for newCode, old := range order {
		sorted[newCode] = labels[old]
		remap[old] = int32(newCode)
	}
	for i, k := range codes {
		if k >= 0 {
			codes[i] = remap[k]
		}
	}
	return sorted
}

// headerNames trims the header row's names and reports names used twice.
// Empty names stay "": such a column is dropped if it is empty all the
// way down, and an error otherwise (see typer.finish).
func headerNames(file, sheet string, row int, cells [][]byte) ([]string, Problems) {
	var probs Problems
	names := make([]string, len(cells))
	seen := make(map[string]int)
	for i, cell := range cells {
		name := string(trimCell(cell))
		names[i] = name
		if name == "" {
			continue
		}
		if j, ok := seen[name]; ok {
			probs = append(probs, &DataError{File: file, Sheet: sheet, Row: row,
				Err:  fmt.Errorf("column name %q appears twice (columns %s and %s)", name, columnLetters(j), columnLetters(i)),
				Hint: "give every column its own name"})
			continue
		}
		seen[name] = i
	}
	return names, probs
}

// capped keeps at most maxPerColumn problems of one kind and sums up
// the rest in one message.
type capped struct {
	probs Problems
	n     int
}

func (c *capped) add(e error) {
	c.n++
	if len(c.probs) < maxPerColumn {
		c.probs = append(c.probs, e)
	}
}

func (c *capped) result(summary func(more int) error) Problems {
	if more := c.n - len(c.probs); more > 0 {
		return append(c.probs, summary(more))
	}
	return c.probs
}
