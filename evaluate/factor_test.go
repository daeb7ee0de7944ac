package evaluate

import "sort"

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
