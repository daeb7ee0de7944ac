package rating

import (
	"fmt"
	"strconv"
)

// This file: the EEF's padlock table as reports print it (docs/methods.md
// §16), built from the columns security.go rates with, so that the table
// shown and the rules applied cannot drift apart.

// PadlockTableRow is one row of the EEF's padlock table: the design,
// MDES and attrition that each give Padlocks.
type PadlockTableRow struct {
	Padlocks  int
	Design    string // the EEF's description of the designs at this level
	MDES      string // "≤ 0.2", …, "> 0.6"
	Attrition string // "≤ 10%", …, "> 50%"
}

// padlockDesignRows are the EEF's design descriptions by padlocks; the
// 4-padlock row matches no whatworks design (PadlockDesignLevels).
var padlockDesignRows = map[int]string{
	5: "randomised",
	4: "design addressing unobserved selection (regression discontinuity, difference in differences)",
	3: "comparison on all relevant observed confounders (matching, regression)",
	2: "comparison on some relevant confounders",
	1: "comparison on no relevant confounders",
	0: "no comparator",
}

// PadlockTable is the EEF's padlock table, 5 padlocks first: each row's
// design (the EEF's words), and the MDES and attrition thresholds of
// PadlockMDESLevels and PadlockAttritionLevels.
func PadlockTable() []PadlockTableRow {
	out := make([]PadlockTableRow, 0, 6)
	for p := 5; p >= 0; p-- {
		row := PadlockTableRow{Padlocks: p, Design: padlockDesignRows[p]}
		for i, l := range PadlockMDESLevels {
			if l.Padlocks == p {
				row.MDES = "≤ " + strconv.FormatFloat(l.Max, 'f', -1, 64)
			}
			if p == 0 && i == len(PadlockMDESLevels)-1 {
				row.MDES = "> " + strconv.FormatFloat(l.Max, 'f', -1, 64)
			}
		}
		for i, l := range PadlockAttritionLevels {
			if l.Padlocks == p {
				row.Attrition = fmt.Sprintf("≤ %.0f%%", 100*l.Max)
			}
			if p == 0 && i == len(PadlockAttritionLevels)-1 {
				row.Attrition = fmt.Sprintf("> %.0f%%", 100*l.Max)
			}
		}
		out = append(out, row)
	}
	return out
}
