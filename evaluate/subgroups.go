package evaluate

import (
	"fmt"
	"slices"
	"strings"
)

// Subgroup is what the design file declares about a subgroup column
// beyond its name: which level is the disadvantaged group, reported
// first, and how sentences name it. One row of the report's `subgroups`
// list (docs/json.md).
type Subgroup struct {
	Column string `json:"column"`
	// Label names the disadvantaged level in sentences ("pupils eligible
	// for free school meals"); "" when not given.
	Label string `json:"label,omitempty"`
	// Disadvantaged is the level reported first, whose gap rows are it
	// minus the other levels; "" when not declared (then the gap rows are
	// each level minus the first level with pupils, in level order).
	Disadvantaged string `json:"disadvantaged,omitempty"`
	// Levels are the column's levels in the order the report gives them:
	// the disadvantaged level first, then the others in level order.
	Levels []string `json:"levels"`
}

// subgroupSpec is the declaration of subgroup column name in in, or nil.
func (in *Input) subgroupSpec(name string) *Subgroup {
	for k := range in.SubgroupInfo {
		if in.SubgroupInfo[k].Column == name {
			return &in.SubgroupInfo[k]
		}
	}
	return nil
}

// disadvantagedLevel is the code of by's declared disadvantaged level, or
// -1 when none is declared.
func (in *Input) disadvantagedLevel(by *Factor) int32 {
	s := in.subgroupSpec(by.Name)
	if s == nil || s.Disadvantaged == "" {
		return -1
	}
	return int32(slices.Index(by.Levels, s.Disadvantaged))
}

// checkSubgroups reports a declaration of a column that is not a
// subgroup, and a disadvantaged level that is not a level of its column.
func checkSubgroups(in Input) error {
	for _, s := range in.SubgroupInfo {
		k := slices.IndexFunc(in.Subgroups, func(f Factor) bool { return f.Name == s.Column })
		if k < 0 {
			return fmt.Errorf("subgroup %q is declared but not among the subgroup columns", s.Column)
		}
		if s.Disadvantaged != "" && !slices.Contains(in.Subgroups[k].Levels, s.Disadvantaged) {
			return fmt.Errorf("subgroup %q has no level %q (its levels are %s)", s.Column, s.Disadvantaged, strings.Join(in.Subgroups[k].Levels, ", "))
		}
	}
	return nil
}

// levelOrder is the order in which by's levels are analysed and
// reported: the declared disadvantaged level first, then the others in
// level order.
func (in *Input) levelOrder(by *Factor) []int32 {
	d := in.disadvantagedLevel(by)
	out := make([]int32, 0, len(by.Levels))
	if d >= 0 {
		out = append(out, d)
	}
	for l := range by.Levels {
		if int32(l) != d {
			out = append(out, int32(l))
		}
	}
	return out
}

// subgroupReports lists every subgroup column with its declaration and
// its levels in report order: the report's Subgroups.
func subgroupReports(in Input) []Subgroup {
	out := make([]Subgroup, 0, len(in.Subgroups))
	for k := range in.Subgroups {
		f := &in.Subgroups[k]
		s := Subgroup{Column: f.Name}
		if d := in.subgroupSpec(f.Name); d != nil {
			s.Label, s.Disadvantaged = d.Label, d.Disadvantaged
		}
		for _, l := range in.levelOrder(f) {
			s.Levels = append(s.Levels, f.Levels[l])
		}
		if s.Levels == nil {
			s.Levels = []string{}
		}
		out = append(out, s)
	}
	return out
}

// gapSplit splits rows by the levels of by for the gap rows, which are
// each group after the first (the reference, ref) minus it. Without a
// declared disadvantaged level the groups are by's levels in level order
// and ref the first with pupils; with one, they are the other levels
// together (named "A/B" when there are several) and the disadvantaged
// level, so its gap is it minus all the others.
func (r *runner) gapSplit(by *Factor, rows []int32) (per [][]int32, names []string, ref int) {
	d := r.in.disadvantagedLevel(by)
	if d < 0 {
		per = make([][]int32, len(by.Levels))
		for _, i := range rows {
			if c := by.Codes[i]; c >= 0 {
				per[c] = append(per[c], i)
			}
		}
		names = by.Levels
	} else {
		per = make([][]int32, 2)
		present := make([]bool, len(by.Levels))
		for _, i := range rows {
			switch c := by.Codes[i]; {
			case c == d:
				per[1] = append(per[1], i)
			case c >= 0:
				per[0] = append(per[0], i)
				present[c] = true
			}
		}
		var others []string
		for l, ok := range present {
			if ok {
				others = append(others, by.Levels[l])
			}
		}
		names = []string{strings.Join(others, "/"), by.Levels[d]}
	}
	ref = slices.IndexFunc(per, func(p []int32) bool { return len(p) > 0 })
	return per, names, ref
}

// referenceFirst is by with its levels reordered so that the interaction's
// reference level (the first with pupils) is not the declared
// disadvantaged level: that level goes last, and interaction_D is its
// treatment effect minus that of another level. by itself when no level
// is declared.
func (in *Input) referenceFirst(by *Factor) *Factor {
	d := in.disadvantagedLevel(by)
	if d < 0 {
		return by
	}
	f := &Factor{Name: by.Name, Codes: make([]int32, len(by.Codes)), Levels: make([]string, 0, len(by.Levels))}
	code := make([]int32, len(by.Levels))
	for l := range by.Levels {
		if int32(l) != d {
			code[l] = int32(len(f.Levels))
			f.Levels = append(f.Levels, by.Levels[l])
		}
	}
	code[d] = int32(len(f.Levels))
	f.Levels = append(f.Levels, by.Levels[d])
	for i, c := range by.Codes {
		f.Codes[i] = -1
		if c >= 0 {
			f.Codes[i] = code[c]
		}
	}
	return f
}
