package table

import "sort"

// Kind is a column's type once read.
type Kind int

const (
	// Numeric columns hold numbers; missing cells are NaN.
	Numeric Kind = iota
	// Categorical columns hold labels coded into Levels; missing cells are -1.
	Categorical
	// Text columns keep each row's label as read, uncoded: identifiers,
	// whose values are nearly all different. Missing cells are "".
	Text
)

func (k Kind) String() string {
	switch k {
	case Numeric:
		return "numeric"
	case Text:
		return "text"
	}
	return "categorical"
}

// Column is one typed column of pupil data.
type Column struct {
	Name string
	Kind Kind
	// Num holds a Numeric column's values, NaN where missing.
	Num []float64
	// Codes holds a Categorical column's values as indices into Levels,
	// -1 where missing.
	Codes []int32
	// Levels are a Categorical column's distinct non-missing values, in
	// sorted order (numerically when every level is a number).
	Levels []string

	// A Text column's rows are text[end[i-1]:end[i]].
	text []byte
	end  []uint32
}

// Len is the number of rows.
func (c *Column) Len() int {
	switch c.Kind {
	case Numeric:
		return len(c.Num)
	case Text:
		return len(c.end)
	}
	return len(c.Codes)
}

// IsMissing reports whether row i is missing.
func (c *Column) IsMissing(i int) bool {
	switch c.Kind {
	case Numeric:
		return c.Num[i] != c.Num[i]
	case Text:
		return c.textAt(i) == ""
	}
	return c.Codes[i] < 0
}

// textAt is row i of a Text column ("" where missing).
func (c *Column) textAt(i int) string { return string(c.textBytes(i)) }

func (c *Column) textBytes(i int) []byte {
	from := uint32(0)
	if i > 0 {
		from = c.end[i-1]
	}
	return c.text[from:c.end[i]]
}

// Table is pupil data read from a CSV or XLSX file, typed column by column.
type Table struct {
	File  string // the path as given
	Sheet string // the sheet read; "" for CSV
	// Columns are the columns kept (Options.Keep), in file order.
	Columns []*Column
	// Header is every column name in the file, kept or not, in file order
	// (unnamed columns left out).
	Header []string
	// Warnings are things about the data worth saying that did not stop
	// it being read (a byte that is not UTF-8 in a UTF-8 file, ...).
	Warnings []*DataError

	rows int
	// runs place the data rows in the spreadsheet: the rows from
	// runs[k].first on are numbered consecutively from runs[k].row (blank
	// rows, which are skipped, start a new run).
	runs []rowRun
}

type rowRun struct{ first, row int }

// Rows is the number of data rows.
func (t *Table) Rows() int { return t.rows }

// Row is data row i's row number as the spreadsheet shows it (header =
// row 1), for messages.
func (t *Table) Row(i int) int {
	k := sort.Search(len(t.runs), func(k int) bool { return t.runs[k].first > i }) - 1
	return t.runs[k].row + i - t.runs[k].first
}

// RowNumbers lists every data row's number as the spreadsheet shows it.
func (t *Table) RowNumbers() []int {
	out := make([]int, t.rows)
	for i := range out {
		out[i] = t.Row(i)
	}
	return out
}

// rowNumbers collects the spreadsheet row numbers of data rows as they
// are read, in runs.
type rowNumbers struct {
	n    int
	runs []rowRun
}

func (r *rowNumbers) add(row int) {
	if k := len(r.runs); k == 0 || r.runs[k-1].row+r.n-r.runs[k-1].first != row {
		r.runs = append(r.runs, rowRun{first: r.n, row: row})
	}
	r.n++
}

// NewTable makes a table of columns, all of one length, whose data rows
// are numbered from 2 (for tests and for data made in memory).
func NewTable(file string, cols ...*Column) *Table {
	t := &Table{File: file, Columns: cols}
	for _, c := range cols {
		t.Header = append(t.Header, c.Name)
	}
	if len(cols) > 0 {
		t.rows = cols[0].Len()
		t.runs = []rowRun{{0, 2}}
	}
	return t
}

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Names returns the names of the columns kept, in file order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// DefaultMissing are the cell values read as missing when Options.Missing
// is nil (a design without data.missing).
var DefaultMissing = []string{"", "NA"}

// Options says how to read and type a data file.
type Options struct {
	// Sheet is the XLSX sheet to read; "" means the first sheet.
	Sheet string
	// Missing are the cell values read as missing (after trimming spaces);
	// nil means DefaultMissing.
	Missing []string
	// Numeric names columns that must be numbers: any other non-missing
	// value is a DataError.
	Numeric map[string]bool
	// Categorical names columns always read as labels, even when every
	// value is a number (group, cluster, subgroup columns).
	Categorical map[string]bool
	// Text names columns kept as text, row by row (identifiers).
	Text map[string]bool
	// Other columns are Numeric when every non-missing value parses as a
	// number, else Categorical.

	// Variables names columns, typed by their contents, that a model uses
	// as variables (covariates): a column of numbers in which at most a
	// quarter of the values are something else is a DataError for each of
	// those values (a mistyped number, a missing-value token not listed),
	// not a column of labels.
	Variables map[string]bool

	// Keep names the columns to keep; nil keeps every column. The others
	// are checked for the file's layout but their values are not kept.
	Keep map[string]bool
}
