package designs

import (
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// This file: the parts of a design file that the security rating reads
// (docs/methods.md §16): how many pupils were allocated, the threats to
// validity and the WWC attrition boundary. (`cost:` is in parse.go.)
//
//	allocation:              # pupils allocated to each arm before any loss
//	  treated: 120
//	  comparison: 118
//	threats:                 # EEF threats to validity, each low | moderate | high
//	  contamination: low
//	  concurrent_interventions: moderate
//	rating:
//	  wwc_boundary: cautious # cautious (default) | optimistic

// Allocation is the design file's allocation: block: the pupils allocated
// to each arm before any loss (randomised, or entered into the
// comparison). nil fields were not given.
type Allocation struct {
	Treated    *int `yaml:"treated"`
	Comparison *int `yaml:"comparison"`
}

// Rating is the design file's rating: block.
type Rating struct {
	// WWCBoundary is the WWC attrition boundary: cautious (default) or
	// optimistic.
	WWCBoundary string `yaml:"wwc_boundary"`
}

// allocation reads the allocation: block.
func (p *parser) allocation(f field, d *Design) {
	m := p.mapping(f, "allocation", "treated: 120")
	if m == nil {
		return
	}
	a := &Allocation{}
	d.Allocation = a
	fs := p.fields(m, "allocation", []string{"treated", "comparison"})
	for _, k := range []struct {
		name string
		dst  **int
	}{{"treated", &a.Treated}, {"comparison", &a.Comparison}} {
		g, ok := fs[k.name]
		if !ok {
			continue
		}
		path := "allocation." + k.name
		x, ok := p.number(g, path, k.name+": 120")
		if !ok {
			continue
		}
		if x != math.Trunc(x) || x < 1 || x > 1e9 {
			p.bad[path] = true
			p.errAt(g.val, "write the number of pupils allocated to this group before any were lost, e.g. "+k.name+": 120",
				"%s must be a whole number of pupils, 1 or more, not %s", path, g.val.Value)
			continue
		}
		n := int(x)
		*k.dst = &n
	}
}

// threats reads the threats: block: each field a threat of
// evaluate.ThreatNames, its value low, moderate or high.
func (p *parser) threats(f field, d *Design) {
	m := p.mapping(f, "threats", "contamination: low")
	if m == nil {
		return
	}
	fs := p.fields(m, "threats", evaluate.ThreatNames)
	d.Threats = []evaluate.Threat{}
	for _, name := range evaluate.ThreatNames { // documented order
		g, ok := fs[name]
		if !ok {
			continue
		}
		path := "threats." + name
		if isNull(g.val) {
			p.pos.set(path, g.val)
			p.errAt(g.key, "rate it low, moderate or high, or remove the line", "threat %s has no level", name)
			continue
		}
		if level, ok := p.oneOf(g, path, evaluate.ThreatLevels); ok {
			d.Threats = append(d.Threats, evaluate.Threat{Name: name, Level: level})
		}
	}
}

// rating reads the rating: block.
func (p *parser) rating(f field, d *Design) {
	m := p.mapping(f, "rating", "wwc_boundary: cautious")
	if m == nil {
		return
	}
	fs := p.fields(m, "rating", []string{"wwc_boundary"})
	if g, ok := fs["wwc_boundary"]; ok {
		d.Rating.WWCBoundary, _ = p.oneOf(g, "rating.wwc_boundary", evaluate.WWCBoundaries)
	}
}

// validateAllocation checks the allocation: block against the design
// kind: a comparison of two groups gives both arms; one group (pre-post)
// and a matched design, whose comparison group is matched from a pool,
// give only treated.
func (p *parser) validateAllocation(d *Design) {
	a := d.Allocation
	if a == nil || d.Design == "" {
		return
	}
	ps := p.pos
	oneArm := d.Design == PrePost || d.Design == Matched
	if a.Comparison != nil && oneArm {
		why := "one group has no comparison group"
		if d.Design == Matched {
			why = "a matched comparison group is chosen from a pool, so none of it is allocated"
		}
		p.errPos(ps.at("allocation.comparison:key"), "remove it: "+why,
			"allocation.comparison does not apply to %s design", withArticle(d.Design))
	}
	if a.Treated == nil && !p.bad["allocation.treated"] && !p.suggested["allocation.treated"] {
		p.errPos(ps.at("allocation:key"), "add treated: followed by the pupils allocated to the programme group",
			"allocation needs treated")
	}
	if a.Comparison == nil && !oneArm && !p.bad["allocation.comparison"] && !p.suggested["allocation.comparison"] {
		p.errPos(ps.at("allocation:key"), "add comparison: followed by the pupils allocated to the comparison group",
			"allocation needs comparison")
	}
}

// checkAllocation checks the allocation against the data: no arm may hold
// more pupils in the data than were allocated to it. arms are the pupils'
// arms (nil for one group).
func (c *checker) checkAllocation(arms []int8) {
	a := c.d.Allocation
	if a == nil {
		return
	}
	var n [2]int
	if c.d.Design == PrePost {
		n[evaluate.Treated] = c.t.Rows()
	} else if arms == nil {
		return // the group column's problems are reported already
	}
	for _, x := range arms {
		if x >= 0 {
			n[x]++
		}
	}
	for _, k := range []struct {
		path, what string
		got        *int
		have       int
	}{
		{"allocation.treated", "the programme group", a.Treated, n[evaluate.Treated]},
		{"allocation.comparison", "the comparison group", a.Comparison, n[evaluate.Comparison]},
	} {
		if k.got == nil || *k.got >= k.have || (k.path == "allocation.comparison" && c.d.Design == Matched) {
			continue
		}
		c.p.errPos(c.at(k.path), "count every pupil allocated before any were lost: it cannot be fewer than the pupils in the data",
			"%s: %d %s allocated to %s, but %s holds %d of them", k.path, *k.got, pupilWord(*k.got), k.what, c.file, k.have)
	}
}

func pupilWord(n int) string {
	if n == 1 {
		return "pupil"
	}
	return "pupils"
}

// ratingInput fills the rating's fields of an evaluate.Input.
func (d *Design) ratingInput(in *evaluate.Input) {
	if a := d.Allocation; a != nil && a.Treated != nil {
		in.Allocation = &evaluate.Allocation{Treated: *a.Treated}
		if a.Comparison != nil && d.Design != PrePost && d.Design != Matched {
			in.Allocation.Comparison = *a.Comparison
		}
	}
	in.Threats = append([]evaluate.Threat(nil), d.Threats...)
	in.WWCBoundary = strings.TrimSpace(d.Rating.WWCBoundary)
	if d.Cost != nil && d.Cost.PerPupil != nil {
		c := *d.Cost.PerPupil
		in.CostPerPupil = &c
	}
}
