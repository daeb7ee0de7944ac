package table

// Kind is a column's type once read.
type Kind int

const (
	// Numeric columns hold numbers; missing cells are NaN.
	Numeric Kind = iota
	// Categorical columns hold labels coded into Levels; missing cells are -1.
	Categorical
)

func (k Kind) String() string {
	if k == Numeric {
		return "numeric"
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
}

// Len is the number of rows.
func (c *Column) Len() int {
	if c.Kind == Numeric {
		return len(c.Num)
	}
	return len(c.Codes)
}

// IsMissing reports whether row i is missing.
func (c *Column) IsMissing(i int) bool {
	if c.Kind == Numeric {
		return c.Num[i] != c.Num[i]
	}
	return c.Codes[i] < 0
}

// Table is pupil data read from a CSV or XLSX file, typed column by column.
type Table struct {
	File  string // the path as given
	Sheet string // the sheet read; "" for CSV
	// Columns in file order.
	Columns []*Column
	// RowNumbers[i] is data row i's row number as the spreadsheet shows it
	// (header = row 1), for messages.
	RowNumbers []int
}

// Rows is the number of data rows.
func (t *Table) Rows() int { return len(t.RowNumbers) }

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Names returns the column names in file order.
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
	// value is a number (group, cluster, subgroup, id columns).
	Categorical map[string]bool
	// Other columns are Numeric when every non-missing value parses as a
	// number, else Categorical.
}
