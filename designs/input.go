package designs

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// Input turns the evaluation into the plain values package evaluate
// analyses. Arm comes from the group column: treated values → Treated,
// comparison values (every other value when comparison is not given) →
// Comparison, anything else and missing → Excluded; nil for pre-post.
// Numeric covariates are passed as numbers, others as factors; subgroups,
// the cluster and exact-matching columns as factors. Defaults: confidence
// 0.95, months table "toolkit", CI method "normal", seed 1; matching
// distance logit, ratio 1, order largest, caliper NaN (none) when absent,
// caliper scale probability. The slices share memory with e.Table.
func (e *Evaluation) Input() evaluate.Input {
	d, t := e.Design, e.Table
	in := evaluate.Input{
		Title:       d.Title,
		Design:      d.Design,
		Confidence:  d.Analysis.Confidence,
		MonthsTable: d.Analysis.MonthsTable,
		CIMethod:    d.Analysis.CIMethod,
		Seed:        1,
	}
	if in.Confidence == 0 {
		in.Confidence = 0.95
	}
	if in.MonthsTable == "" {
		in.MonthsTable = MonthsTables[0]
	}
	if in.CIMethod == "" {
		in.CIMethod = CIMethods[0]
	}
	if d.Analysis.Seed != nil {
		in.Seed = *d.Analysis.Seed
	}
	if d.Design != PrePost && d.Group != nil {
		if col := t.Column(strings.TrimSpace(d.Group.Column)); col != nil {
			codes, levels := asFactor(col)
			in.Arm = groupArms(d.Group, codes, levels)
		}
	}
	if d.Cluster != "" {
		in.Cluster = factor(t, d.Cluster)
	}
	for _, o := range d.Outcomes {
		out := evaluate.Outcome{Column: o.Column, Label: o.Label, Type: o.Type, Direction: o.Direction}
		if out.Direction == "" {
			out.Direction = Directions[0]
		}
		if out.Type == "" {
			out.Type = OutcomeTypes[0]
		}
		if col := t.Column(strings.TrimSpace(o.Column)); col != nil {
			out.Y = col.Num
		}
		if o.Pretest != "" {
			out.PreColumn = o.Pretest
			if col := t.Column(strings.TrimSpace(o.Pretest)); col != nil {
				out.Pre = col.Num
			}
		}
		in.Outcomes = append(in.Outcomes, out)
	}
	e.surveyInput(&in)
	in.Covariates = variables(t, d.Covariates)
	for _, s := range d.Subgroups {
		if f := factor(t, s); f != nil {
			in.Subgroups = append(in.Subgroups, *f)
		}
	}
	for _, s := range d.SubgroupInfo {
		if slices.ContainsFunc(in.Subgroups, func(f evaluate.Factor) bool { return f.Name == s.Column }) {
			in.SubgroupInfo = append(in.SubgroupInfo, s)
		}
	}
	if d.Matching != nil && d.Design == Matched {
		in.Matching = matchSpec(t, d.Matching, in.Seed)
	}
	d.ratingInput(&in)
	return in
}

// matchSpec turns the design's matching: section into evaluate's
// MatchSpec, with the documented defaults for what is not given.
func matchSpec(t *table.Table, m *Matching, seed uint64) *evaluate.MatchSpec {
	spec := &evaluate.MatchSpec{
		Covariates:   variables(t, m.Covariates),
		Distance:     m.Distance,
		Caliper:      math.NaN(),
		CaliperScale: m.CaliperScale,
		Ratio:        m.Ratio,
		Replace:      m.Replace,
		Order:        m.Order,
		Seed:         seed,
	}
	for _, x := range m.Exact {
		if f := factor(t, x); f != nil {
			spec.Exact = append(spec.Exact, *f)
		}
	}
	if spec.Distance == "" {
		spec.Distance = Distances[0]
	}
	if m.Caliper != nil {
		spec.Caliper = *m.Caliper
	}
	if spec.CaliperScale == "" {
		spec.CaliperScale = CaliperScales[0]
	}
	if spec.Ratio == 0 {
		spec.Ratio = 1
	}
	if spec.Order == "" {
		spec.Order = Orders[0]
	}
	return spec
}

// factor returns the named column as a factor, or nil if it is absent.
func factor(t *table.Table, name string) *evaluate.Factor {
	col := t.Column(strings.TrimSpace(name))
	if col == nil {
		return nil
	}
	codes, levels := asFactor(col)
	return &evaluate.Factor{Name: col.Name, Codes: codes, Levels: levels}
}

// variables returns the named columns as covariates: numeric columns as
// numbers, categorical ones as factors.
func variables(t *table.Table, names []string) []evaluate.Variable {
	var out []evaluate.Variable
	for _, n := range names {
		col := t.Column(strings.TrimSpace(n))
		if col == nil {
			continue
		}
		if col.Kind == table.Numeric {
			out = append(out, evaluate.Variable{Name: col.Name, Num: col.Num})
		} else {
			out = append(out, evaluate.Variable{Name: col.Name, Factor: factor(t, col.Name)})
		}
	}
	return out
}

// groupArms gives each row's arm from the group column's codes and levels.
func groupArms(g *Group, codes []int32, levels []string) []int8 {
	levelArm := make([]int8, len(levels))
	for i, lv := range levels {
		levelArm[i] = evaluate.Excluded
		if len(g.Comparison) == 0 {
			levelArm[i] = evaluate.Comparison
		}
		for _, v := range g.Comparison {
			if sameValue(v, lv) {
				levelArm[i] = evaluate.Comparison
			}
		}
		for _, v := range g.Treated {
			if sameValue(v, lv) {
				levelArm[i] = evaluate.Treated
			}
		}
	}
	arms := make([]int8, len(codes))
	for r, code := range codes {
		if code < 0 {
			arms[r] = evaluate.Excluded
		} else {
			arms[r] = levelArm[code]
		}
	}
	return arms
}

// asFactor returns a column's codes and levels: a categorical column's
// own, or for a numeric column its distinct values in numeric order.
func asFactor(col *table.Column) ([]int32, []string) {
	if col.Kind == table.Categorical {
		return col.Codes, col.Levels
	}
	var vals []float64
	seen := map[float64]bool{}
	for _, v := range col.Num {
		if !math.IsNaN(v) && !seen[v] {
			seen[v] = true
			vals = append(vals, v)
		}
	}
	sort.Float64s(vals)
	index := make(map[float64]int32, len(vals))
	levels := make([]string, len(vals))
	for i, v := range vals {
		index[v] = int32(i)
		levels[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	codes := make([]int32, len(col.Num))
	for r, v := range col.Num {
		if math.IsNaN(v) {
			codes[r] = -1
		} else {
			codes[r] = index[v]
		}
	}
	return codes, levels
}
