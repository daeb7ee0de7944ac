package evaluate

import (
	"encoding/csv"
	"os"
	"sort"
	"testing"
)

// factorOf codes text values as a Factor with sorted levels, as package
// designs does for a categorical column.
func factorOf(name string, vals []string) *Factor {
	set := map[string]bool{}
	for _, v := range vals {
		set[v] = true
	}
	levels := make([]string, 0, len(set))
	for v := range set {
		levels = append(levels, v)
	}
	sort.Strings(levels)
	code := make(map[string]int32, len(levels))
	for i, l := range levels {
		code[l] = int32(i)
	}
	f := &Factor{Name: name, Levels: levels, Codes: make([]int32, len(vals))}
	for i, v := range vals {
		f.Codes[i] = code[v]
	}
	return f
}

// readColumns reads a golden-data CSV as columns of text keyed by header,
// and the number of data rows.
func readColumns(t testing.TB, path string) (header []string, cols map[string][]string, n int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols = map[string][]string{}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			cols[h] = append(cols[h], r[j])
		}
	}
	return recs[0], cols, len(recs) - 1
}
