package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/whatworks/whatworks/evaluate"
)

// Columns WriteMatchedCSV adds to the original ones.
var matchedCSVColumns = []string{"propensity_score", "subclass", "weight"}

// WriteMatchedCSVTo writes the matched sample as CSV to w: the header and,
// in data order, every row with a matching weight above zero, each
// followed by its propensity score, matched set (subclass; empty when
// matching was with replacement) and weight. row(i) returns the original
// cells of input row i (0-based, as res indexes them). A new column whose
// name is already in the header gets the suffix "_match" (or "_match2",
// ...).
func WriteMatchedCSVTo(w io.Writer, header []string, row func(i int) []string, res *evaluate.MatchResult) error {
	if res == nil || len(res.Weights) != len(res.Subclass) || len(res.Weights) != len(res.PS) {
		return fmt.Errorf("matched sample: incomplete matching result")
	}
	cw := csv.NewWriter(w)
	used := make(map[string]bool, len(header))
	for _, h := range header {
		used[h] = true
	}
	out := append([]string(nil), header...)
	for _, c := range matchedCSVColumns {
		name := c
		for k := 1; used[name]; k++ {
			name = c + "_match"
			if k > 1 {
				name += strconv.Itoa(k)
			}
		}
		used[name] = true
		out = append(out, name)
	}
	if err := cw.Write(out); err != nil {
		return err
	}
	for i, wt := range res.Weights {
		if !(wt > 0) {
			continue
		}
		cells := row(i)
		if len(cells) != len(header) {
			return fmt.Errorf("matched sample: row %d has %d cells for %d columns", i+1, len(cells), len(header))
		}
		rec := append(append(out[:0:0], cells...), formatCSVFloat(res.PS[i]), "", formatCSVFloat(wt))
		if s := res.Subclass[i]; s >= 0 {
			rec[len(cells)+1] = strconv.Itoa(int(s))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatCSVFloat writes the shortest decimal that reads back as x; empty
// for NaN (as the toolkit reads missing values).
func formatCSVFloat(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
