package designs

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/designs/table"
)

// DesignError is a problem at a place in the design file.
// Line and Col are 1-based; 0 when the problem has no one place (a
// required field that is absent is reported at its parent's place).
type DesignError struct {
	File string
	Line int
	Col  int
	Msg  string
	// Hint says how to fix it, e.g. `did you mean "pretest"?`; may be "".
	Hint string
}

func (e *DesignError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	return b.String()
}

// Problems is every problem found in a design or its data, reported at
// once. A non-nil Problems from Load means the evaluation cannot run
// (whatworks exits 3). It is table.Problems, so that the problems the data
// reader finds and those Load finds in the design are one list.
type Problems = table.Problems
