package designs

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/whatworks/whatworks/designs/table"
)

// Plan is the design file's optional plan: block, the choices
// `whatworks plan DESIGN` plans with. Its fields are named like the plan
// command's flags (--r2-pupil is r2_pupil); flags override them. A field
// not given is nil.
//
//	plan:
//	  icc: 0.15          # cluster-rct: intraclass correlation of the outcome
//	  r2_pupil: 0.5      # share of the outcome's variance the pretest explains
//	  power: 0.8
//	  alpha: 0.05
//	  effect: 0.2        # the effect to detect, in SDs
//	  attrition: 0.1     # proportion of pupils expected to be lost
//	  fsm_share: 0.3     # proportion of pupils eligible for free school meals
type Plan struct {
	N           *int     `yaml:"n"`            // pupils analysed, all arms
	Clusters    *int     `yaml:"clusters"`     // clusters, all arms (cluster-rct)
	ClusterSize *float64 `yaml:"cluster_size"` // pupils per cluster (cluster-rct)
	ICC         *float64 `yaml:"icc"`          // cluster-rct
	R2Pupil     *float64 `yaml:"r2_pupil"`
	R2Cluster   *float64 `yaml:"r2_cluster"` // cluster-rct
	PTreated    *float64 `yaml:"p_treated"`
	Alpha       *float64 `yaml:"alpha"`
	Power       *float64 `yaml:"power"`
	Effect      *float64 `yaml:"effect"`
	Covariates  *int     `yaml:"covariates"`
	Attrition   *float64 `yaml:"attrition"`
	FSMShare    *float64 `yaml:"fsm_share"`
}

// PlanFields are the plan: block's fields, in the order they are
// documented.
var PlanFields = []string{"n", "clusters", "cluster_size", "icc", "r2_pupil", "r2_cluster",
	"p_treated", "alpha", "power", "effect", "covariates", "attrition", "fsm_share"}

// planClusterFields apply to a cluster-rct only.
var planClusterFields = []string{"clusters", "cluster_size", "icc", "r2_cluster"}

// planRange is the values a plan: field accepts: a number above (or from)
// lo and below (or up to) hi, whole or not, with an example.
type planRange struct {
	lo, hi        float64
	loIn, hiIn    bool // whether lo and hi themselves are allowed
	whole         bool
	proportion    bool // a proportion: "80%" or 80 get the hint to write 0.8
	what, example string
}

var planRanges = map[string]planRange{
	"n":            {lo: 2, hi: math.Inf(1), loIn: true, whole: true, what: "a whole number of pupils (all groups), at least 2", example: "60"},
	"clusters":     {lo: 3, hi: math.Inf(1), loIn: true, whole: true, what: "a whole number of clusters (all groups), at least 3", example: "40"},
	"cluster_size": {lo: 0, hi: math.Inf(1), what: "a number of pupils per cluster above 0", example: "25"},
	"icc":          {lo: 0, hi: 1, loIn: true, hiIn: true, proportion: true, what: "a proportion from 0 to 1", example: "0.15"},
	"r2_pupil":     {lo: 0, hi: 1, loIn: true, proportion: true, what: "a proportion from 0 up to (not including) 1", example: "0.5"},
	"r2_cluster":   {lo: 0, hi: 1, loIn: true, proportion: true, what: "a proportion from 0 up to (not including) 1", example: "0.5"},
	"p_treated":    {lo: 0, hi: 1, proportion: true, what: "a proportion between 0 and 1", example: "0.5"},
	"alpha":        {lo: 0, hi: 1, proportion: true, what: "a level between 0 and 1", example: "0.05"},
	"power":        {lo: 0, hi: 1, proportion: true, what: "a proportion between 0 and 1", example: "0.8"},
	"effect":       {lo: 0, hi: math.Inf(1), what: "an effect size in SDs above 0", example: "0.2"},
	"covariates":   {lo: 0, hi: math.Inf(1), loIn: true, whole: true, what: "a whole number of 0 or more", example: "1"},
	"attrition":    {lo: 0, hi: 1, loIn: true, proportion: true, what: "a proportion from 0 up to (not including) 1", example: "0.1"},
	"fsm_share":    {lo: 0, hi: 1, hiIn: true, proportion: true, what: "a proportion above 0, up to 1", example: "0.3"},
}

// accepts reports whether x is in the range.
func (rg planRange) accepts(x float64) bool {
	above := x > rg.lo || rg.loIn && x == rg.lo
	below := x < rg.hi || rg.hiIn && x == rg.hi
	return above && below && !(rg.whole && x != math.Trunc(x)) && x <= 1e9
}

// CheckPlanValue checks a value for the plan: field name (or the plan
// command's flag of the same name), as the design file's parser does: ok
// is false when x is out of range, and then what says what the field takes
// ("a proportion between 0 and 1") and example is a value it takes ("0.8").
func CheckPlanValue(name string, x float64) (ok bool, what, example string) {
	rg, known := planRanges[name]
	if !known {
		return false, "not a plan field", ""
	}
	return rg.accepts(x), rg.what, rg.example
}

// ReadForPlan reads the data a parsed design names without checking it
// against the design, for whatworks plan: before a programme starts the
// outcomes are still empty, which Load refuses, yet the pupils, their
// groups and their clusters are known. Evaluation.Input then holds the
// arms and clusters (outcomes as far as they are filled in). The error is
// the data file's problems, as Load reports them.
func ReadForPlan(d *Design) (*Evaluation, error) {
	path := d.DataPath()
	t, err := table.Read(path, tableOptions(d, AnalysisColumns))
	if err != nil {
		return nil, err
	}
	return &Evaluation{Design: d, Table: t, DataPath: path}, nil
}

// plan reads the plan: block.
func (p *parser) plan(f field, d *Design) {
	m := p.mapping(f, "plan", "effect: 0.2")
	if m == nil {
		return
	}
	pl := &Plan{}
	d.Plan = pl
	fs := p.fields(m, "plan", PlanFields)
	floats := map[string]**float64{
		"cluster_size": &pl.ClusterSize, "icc": &pl.ICC, "r2_pupil": &pl.R2Pupil, "r2_cluster": &pl.R2Cluster,
		"p_treated": &pl.PTreated, "alpha": &pl.Alpha, "power": &pl.Power, "effect": &pl.Effect,
		"attrition": &pl.Attrition, "fsm_share": &pl.FSMShare,
	}
	ints := map[string]**int{"n": &pl.N, "clusters": &pl.Clusters, "covariates": &pl.Covariates}
	for _, name := range PlanFields {
		g, ok := fs[name]
		if !ok {
			continue
		}
		x, ok := p.planNumber(g, name)
		if !ok {
			continue
		}
		if dst, isInt := ints[name]; isInt {
			v := int(x)
			*dst = &v
		} else {
			*floats[name] = &x
		}
	}
}

// planNumber reads one plan: field and checks its range.
func (p *parser) planNumber(g field, name string) (float64, bool) {
	path := "plan." + name
	rg := planRanges[name]
	v := g.val
	if rg.proportion && !isNull(v) && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
		// "80%" is a natural slip: say what to write.
		t := strings.TrimSpace(v.Value)
		if x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64); err == nil && strings.HasSuffix(t, "%") && x > 0 && x < 100 {
			p.pos.set(path+":key", g.key)
			p.pos.set(path, v)
			p.bad[path] = true
			p.errAt(v, fmt.Sprintf("write it as a proportion: %s: %s", name, fmtFloat(x/100)),
				"%s must be %s, not %q", path, rg.what, v.Value)
			return 0, false
		}
	}
	x, ok := p.number(g, path, name+": "+rg.example)
	if !ok {
		return 0, false
	}
	switch {
	case !rg.accepts(x):
		hint := "write it as " + name + ": " + rg.example
		if rg.proportion && x >= 5 && x < 100 {
			hint = fmt.Sprintf("write it as a proportion: %s: %s", name, fmtFloat(x/100))
		}
		p.bad[path] = true
		p.errAt(v, hint, "%s must be %s, not %s", path, rg.what, v.Value)
		return 0, false
	}
	return x, true
}

// validatePlan checks the plan: block against the design: cluster fields
// only for a cluster-rct, no share treated for a single group, and n,
// clusters and cluster_size consistent.
func (p *parser) validatePlan(d *Design) {
	pl := d.Plan
	if pl == nil || d.Design == "" {
		return
	}
	if d.Design != ClusterRCT {
		for _, name := range planClusterFields {
			if _, given := p.pos.m["plan."+name]; given && !p.bad["plan."+name] {
				p.errPos(p.pos.at("plan."+name+":key"), "remove it, or change the design to cluster-rct",
					"plan.%s applies to a cluster-rct design, not to %s design", name, withArticle(d.Design))
			}
		}
	}
	if d.Design == PrePost && pl.PTreated != nil {
		p.errPos(p.pos.at("plan.p_treated:key"), "remove it: a pre-post design has one group",
			"plan.p_treated applies to designs with two groups, not to a pre-post design")
	}
	if d.Design == ClusterRCT && pl.N != nil && pl.Clusters != nil && pl.ClusterSize != nil {
		if n := float64(*pl.Clusters) * *pl.ClusterSize; math.Abs(n-float64(*pl.N)) > 1e-9*n {
			p.errPos(p.pos.at("plan.n:key"), "give two of n, clusters and cluster_size: the third follows",
				"plan.n is %d, but %d clusters of %s pupils are %s", *pl.N, *pl.Clusters, fmtFloat(*pl.ClusterSize), fmtFloat(n))
		}
	}
}
