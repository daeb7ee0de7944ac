package table

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"

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

	// bad holds a numeric column's cells that are not numbers.
	bad badCells
	// variable columns (Options.Variables) are checked for a few labels
	// among numbers when they end as labels.
	variable bool
	// noValue are the rows of formula cells with no saved value (XLSX).
	noValue hint.RowList
}

// badCells collects the cells of a column that are not numbers, value by
// value in order of first appearance: the first maxPerColumn values with
// their rows, the rest only counted.
type badCells struct {
	values []string
	rows   map[string]*hint.RowList
	more   int // cells with values past the first maxPerColumn
}

func (b *badCells) add(v string, row int) {
	r := b.rows[v]
	if r == nil {
		if len(b.values) == maxPerColumn {
			b.more++
			return
		}
		if b.rows == nil {
			b.rows = map[string]*hint.RowList{}
		}
		r = &hint.RowList{}
		b.rows[v] = r
		b.values = append(b.values, v)
	}
	r.Add(row)
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
		c := &columnBuilder{name: n, index: i, expect: expectRows, forceNum: opts.Numeric[n], forceCat: opts.Categorical[n] && !opts.Numeric[n],
			variable: opts.Variables[n]}
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
			c.bad.add(string(b), row)
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
	case isYesNo(v):
		e.Hint = "this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary"
	case looksMistyped(v, t.decimalComma):
		e.Hint = "it looks like a mistyped number: correct the cell; listing it under data.missing would throw the score away"
	default:
		e.Hint = addMissing
	}
	return e
}

func isYesNo(v string) bool {
	_, ok := hint.YesNo(v)
	return ok
}

// looksMistyped reports whether v is a number with one slip of the
// keyboard: one character too many ("12a", "9..5"), or the letter O or
// l for the digit 0 or 1 ("1O5").
func looksMistyped(v string, decimalComma bool) bool {
	if !strings.ContainsAny(v, "0123456789") || len(v) > 40 {
		return false
	}
	if _, ok := parseNumber([]byte(strings.NewReplacer("O", "0", "o", "0", "l", "1", "I", "1").Replace(v)), decimalComma); ok {
		return true
	}
	for i := range len(v) {
		if _, ok := parseNumber([]byte(v[:i]+v[i+1:]), decimalComma); ok {
			return true
		}
	}
	return false
}

// finish sorts every categorical column's levels and returns the columns,
// the problems with the file's layout and the problems with single cells.
func (t *typer) finish(row func(i int) int) (cols []*Column, layout, probs Problems) {
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
		probs = append(probs, t.notNumbers(c.name, &c.bad, !c.cat && !hasNumber(c.num))...)
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
		col := &Column{Name: c.name, Kind: Categorical, Codes: c.codes, Levels: sortLevels(c.labels, c.codes, t.decimalComma)}
		if c.variable {
			probs = append(probs, t.strayLabels(col, row)...)
		}
		out = append(out, col)
	}
	return out, layout, probs
}

// notNumbers reports a numeric column's cells that are not numbers: one
// problem per value, naming its rows. words says no cell of the column is
// a number: with two or more different words those are answers in words
// (None, Some, Freq), which need levels:, and listing them as missing
// values would throw the column away.
func (t *typer) notNumbers(col string, b *badCells, words bool) []error {
	var out []error
	wordsHint := ""
	var answers []string
	if words {
		for _, v := range b.values {
			if t.answerWord(v) {
				answers = append(answers, v)
			}
		}
	}
	if len(answers) >= 2 {
		wordsHint = fmt.Sprintf("no cell of column %q is a number: answers in words (%s) need levels: listing them from lowest to highest, "+
			"in a scales: entry with the column as an item (one item for one question); listing them under data.missing would throw every answer away",
			col, hint.Quote(answers, 6))
	}
	for _, v := range b.values {
		r := b.rows[v]
		var e *DataError
		if r.N == 1 {
			e = t.notNumber(col, v, r.First[0])
		} else {
			e = t.notNumber(col, v, 0)
			e.Err = &inRows{ErrNotNumber, *r}
		}
		if wordsHint != "" && t.answerWord(v) {
			e.Hint = wordsHint
		}
		out = append(out, e)
	}
	if b.more > 0 {
		out = append(out, &DataError{File: t.file, Sheet: t.sheet, Column: col,
			Err: fmt.Errorf("…and %s more values that are not numbers", hint.Count(b.more))})
	}
	return out
}

// answerWord reports whether v reads as an answer in words ("Some",
// "Agree"): it has a letter and is not a spreadsheet error, a yes/no, a
// mistyped number or a usual token for a missing value ("n/a").
func (t *typer) answerWord(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "n/a", "n.a.", "na", "missing", "unknown", "not known", "absent", "blank", "x":
		return false
	}
	return strings.IndexFunc(v, unicode.IsLetter) >= 0 && !strings.HasPrefix(v, "#") && !isYesNo(v) && !looksMistyped(v, t.decimalComma)
}

// hasNumber reports whether any of xs is a number (not NaN).
func hasNumber(xs []float64) bool {
	for _, x := range xs {
		if !math.IsNaN(x) {
			return true
		}
	}
	return false
}

// inRows is an error about a value found in several rows.
type inRows struct {
	err  error
	rows hint.RowList
}

func (e *inRows) Error() string { return e.err.Error() + ", in " + e.rows.String() }
func (e *inRows) Unwrap() error { return e.err }

// strayShare is the largest share of a variable's values that may be
// labels among numbers and still be taken for strays (typing mistakes or
// missing-value tokens) rather than a column of labels.
const strayShare = 0.25

// strayLabels reports the labels in a column of numbers (Options.Variables):
// when at most a quarter of its non-missing cells are not numbers, those
// cells are problems, each value with its rows, rather than a reason to
// read the whole column as labels (issue 15: one "n/a" made a score
// into six categories). row gives data row i's spreadsheet row.
func (t *typer) strayLabels(col *Column, row func(i int) int) []error {
	isNum := make([]bool, len(col.Levels))
	for k, l := range col.Levels {
		_, isNum[k] = parseNumber([]byte(l), t.decimalComma)
	}
	numbers, labels := 0, 0
	for _, k := range col.Codes {
		switch {
		case k < 0:
		case isNum[k]:
			numbers++
		default:
			labels++
		}
	}
	if numbers == 0 || labels == 0 || float64(labels) > strayShare*float64(numbers+labels) {
		return nil
	}
	var b badCells
	for i, k := range col.Codes {
		if k >= 0 && !isNum[k] {
			b.add(col.Levels[k], row(i))
		}
	}
	errs := t.notNumbers(col.Name, &b, false)
	for _, e := range errs {
		if de, ok := e.(*DataError); ok && de.Value != "" {
			de.Err = &strayLabel{de.Err, numbers}
		}
	}
	return errs
}

// strayLabel is a label among the numbers of a variable.
type strayLabel struct {
	err     error // ErrNotNumber, perhaps in rows
	numbers int   // the column's cells that are numbers
}

func (e *strayLabel) Error() string {
	return fmt.Sprintf("%s, unlike the column's %s other values: a few such values would turn the whole column into categories",
		e.err.Error(), hint.Count(e.numbers))
}
func (e *strayLabel) Unwrap() error { return e.err }

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
