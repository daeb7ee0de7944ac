package table

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
)

// DataError is a problem with one cell (or row, or the file) of pupil data.
// Row is the row number as the spreadsheet shows it (header = row 1);
// 0 when the problem is not in one row. Column is "" when not in one column.
type DataError struct {
	File   string
	Sheet  string
	Row    int
	Column string
	Value  string
	Err    error
	// Hint says how to fix it; may be "".
	Hint string
}

func (e *DataError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	if e.Value != "" || e.Row > 0 && e.Column != "" {
		b.WriteString(hint.Value(e.Value) + " ")
	}
	b.WriteString(e.Err.Error())
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	return b.String()
}

func (e *DataError) Unwrap() error { return e.Err }

// Problems is every problem found at once, each an error of its own
// (*DataError here; designs adds its own kinds). Read returns one problem
// as itself and several as Problems.
type Problems []error

func (p Problems) Error() string {
	s := make([]string, len(p))
	for i, e := range p {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap lets errors.Is and errors.As see each problem.
func (p Problems) Unwrap() []error { return p }
