package designs

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/evaluate"
)

// subgroupFields are the fields of a subgroup written as a set of fields:
//
//	subgroups:
//	  - column: lunch1
//	    disadvantaged: free   # this level is reported first
//	    label: pupils eligible for free school meals
//	  - sen                   # the short form
var subgroupFields = []string{"column", "disadvantaged", "label"}

const subgroupExample = "subgroups: [fsm], or \"- column: lunch1\" with disadvantaged: and label:"

// subgroups reads the subgroups list: column names, or sets of fields
// naming a column and, optionally, its disadvantaged level and how to
// name it. The column of entry i is at position subgroups.i, as in a
// plain list.
func (p *parser) subgroups(f field, d *Design) {
	v := f.val
	p.pos.set("subgroups:key", f.key)
	p.pos.set("subgroups", v)
	if isNull(v) {
		return
	}
	items := []*yaml.Node{v}
	switch v.Kind {
	case yaml.ScalarNode:
	case yaml.SequenceNode:
		items = v.Content
	default:
		p.bad["subgroups"] = true
		p.errAt(v, "write it as "+subgroupExample, "subgroups must be a list of column names, not %s", describe(v))
		return
	}
	for _, it := range items {
		it = resolve(it)
		path := fmt.Sprintf("subgroups.%d", len(d.Subgroups))
		switch {
		case it.Kind == yaml.ScalarNode && !isNull(it):
			p.pos.set(path, it)
			d.Subgroups = append(d.Subgroups, it.Value)
		case it.Kind == yaml.MappingNode:
			fs := p.fields(it, path, subgroupFields)
			var s evaluate.Subgroup
			g, ok := fs["column"]
			if !ok {
				p.errAt(it, "add column: NAME, the column of the data holding the groups", "a subgroup written as a set of fields needs column:")
				continue
			}
			s.Column, _ = p.str(g, path+".column", "column: lunch1")
			p.pos.set(path, g.val)
			if g, ok := fs["disadvantaged"]; ok {
				s.Disadvantaged, _ = p.str(g, path+".disadvantaged", "disadvantaged: Y")
			}
			if g, ok := fs["label"]; ok {
				s.Label, _ = p.str(g, path+".label", "label: pupils eligible for free school meals")
				if strings.TrimSpace(s.Disadvantaged) == "" && strings.TrimSpace(s.Label) != "" {
					p.errAt(g.key, "add disadvantaged: LEVEL, the level the label names", "label names the disadvantaged level of subgroup %q, but none is given", s.Column)
				}
			}
			d.Subgroups = append(d.Subgroups, s.Column)
			s.Column = strings.TrimSpace(s.Column)
			s.Label = strings.TrimSpace(s.Label)
			s.Disadvantaged = strings.TrimSpace(s.Disadvantaged)
			if s.Disadvantaged != "" || s.Label != "" {
				d.SubgroupInfo = append(d.SubgroupInfo, s)
			}
		default:
			p.bad["subgroups"] = true
			p.errAt(it, "write it as "+subgroupExample, "each entry of subgroups must be a column name or a set of fields, not %s", describe(it))
		}
	}
}

// checkDisadvantaged reports a declared disadvantaged level that is not a
// level of its column in the data (levels as asFactor reads them), with
// the nearest level and the column's values; a level that is the same
// number written differently ("1.0" for "1") is spelled as in the data.
func (c *checker) checkDisadvantaged() {
	for k := range c.d.SubgroupInfo {
		s := &c.d.SubgroupInfo[k]
		i := slices.IndexFunc(c.d.Subgroups, func(n string) bool { return strings.TrimSpace(n) == s.Column })
		if s.Disadvantaged == "" || i < 0 || !slices.Contains(c.t.Header, s.Column) {
			continue
		}
		col := c.t.Column(s.Column)
		if col == nil {
			continue
		}
		_, levels := asFactor(col)
		if len(levels) == 0 {
			continue // every value missing: reported with the list
		}
		if j := slices.IndexFunc(levels, func(l string) bool { return sameValue(s.Disadvantaged, l) }); j >= 0 {
			s.Disadvantaged = levels[j] // as the data spells it
			continue
		}
		h := "its values are: " + hint.Quote(levels, 20)
		if n := hint.Nearest(s.Disadvantaged, levels); n != "" {
			h = fmt.Sprintf("did you mean %q? %s", n, h)
		}
		path := fmt.Sprintf("subgroups.%d.disadvantaged", i)
		c.p.errPos(c.at(path), h, "disadvantaged level %s never occurs in column %q of %s", hint.Value(s.Disadvantaged), s.Column, c.file)
	}
}
