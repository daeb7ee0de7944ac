package designs

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// Evaluation is a validated design with its data.
type Evaluation struct {
	Design *Design
	Table  *Table
	// DataPath is the data file's path, resolved against the design
	// file's folder.
	DataPath string
}

// Load parses the design file at path, reads the data it names and checks
// the one against the other: every named column exists, the treated and
// comparison values occur in the group column, both arms have pupils,
// outcomes, pretests and covariates have values, binary outcomes are 0 or
// 1. Every problem is reported at once, as Problems: those about the
// design (*DesignError) positioned at the field of the YAML they concern
// and naming the data file, sorted by line; then those about the data file
// itself (*DataError) as Read found them.
//
// The data file is read with the design's missing-value tokens and sheet;
// outcome and pretest columns must be numbers; group, cluster, subgroup,
// exact-matching and id columns are read as labels; other columns are
// typed by their contents.
func Load(path string) (*Evaluation, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, Problems{readDesignError(path, err)}
	}
	d, p := parseAll(path, src)
	if d == nil || !p.dataOK {
		return nil, p.problems()
	}
	dataPath := resolveData(d)
	t, rerr := Read(dataPath, readOptions(d))
	var dataProbs Problems
	if rerr != nil {
		var ps Problems
		var de *DataError
		switch {
		case errors.As(rerr, &ps):
			dataProbs = ps
		case errors.As(rerr, &de):
			dataProbs = Problems{de}
		default:
			dataProbs = Problems{rerr}
		}
	}
	if t != nil {
		c := &checker{p: p, d: d, t: t, file: strings.TrimSpace(d.Data.File), reported: map[string]bool{}}
		for _, e := range dataProbs {
			var de *DataError
			if errors.As(e, &de) && de.Column != "" {
				c.reported[de.Column] = true
			}
		}
		c.check()
	}
	var all Problems
	if err := p.problems(); err != nil {
		all = err.(Problems)
	}
	all = append(all, dataProbs...)
	if len(all) > 0 {
		return nil, all
	}
	return &Evaluation{Design: d, Table: t, DataPath: dataPath}, nil
}

// readOptions builds the ReadOptions a design asks for.
func readOptions(d *Design) ReadOptions {
	o := ReadOptions{
		Sheet:       strings.TrimSpace(d.Data.Sheet),
		Numeric:     map[string]bool{},
		Categorical: map[string]bool{},
	}
	if d.Data.Missing != nil {
		o.Missing = []string(d.Data.Missing)
	}
	for _, out := range d.Outcomes {
		if c := strings.TrimSpace(out.Column); c != "" {
			o.Numeric[c] = true
		}
		if c := strings.TrimSpace(out.Pretest); c != "" {
			o.Numeric[c] = true
		}
	}
	cat := []string{d.Data.ID, d.Cluster}
	if d.Group != nil {
		cat = append(cat, d.Group.Column)
	}
	cat = append(cat, d.Subgroups...)
	if d.Matching != nil {
		cat = append(cat, d.Matching.Exact...)
	}
	for _, c := range cat {
		if c = strings.TrimSpace(c); c != "" && !o.Numeric[c] {
			o.Categorical[c] = true
		}
	}
	return o
}

// checker checks a design against its data.
type checker struct {
	p    *parser
	d    *Design
	t    *Table
	file string // data.file as written, for messages
	// reported holds columns with values Read has already reported, which
	// are not reported again as missing.
	reported map[string]bool
}

func (c *checker) at(path string) pos { return c.p.pos.at(path) }

// column returns the named column, reporting at path when it is not in
// the data.
func (c *checker) column(path, name string) *Column {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	if col := c.t.Column(name); col != nil {
		return col
	}
	names := c.t.Names()
	hint := didYouMean(name, names)
	if hint == "" {
		hint = fmt.Sprintf("the columns are: %s", quoteList(names, 15))
	}
	c.p.errPos(c.at(path), hint, "column %q is not in %s", name, c.file)
	return nil
}

// allMissing reports whether every value of col is missing.
func allMissing(col *Column) bool {
	for i := 0; i < col.Len(); i++ {
		if !col.IsMissing(i) {
			return false
		}
	}
	return true
}

func (c *checker) check() {
	d := c.d
	if d.Data.ID != "" {
		c.column("data.id", d.Data.ID)
	}
	arms := c.checkGroup()
	if d.Cluster != "" {
		if col := c.column("cluster", d.Cluster); col != nil {
			_, levels := asFactor(col)
			switch {
			case len(levels) == 0:
				c.p.errPos(c.at("cluster"), "fill in each pupil's school or class, or remove cluster",
					"every value of cluster column %q is missing in %s", col.Name, c.file)
			case d.Design == ClusterRCT && len(levels) < 2:
				c.p.errPos(c.at("cluster"), "a cluster-randomised trial compares whole schools or classes: it needs several of them",
					"column %q of %s has only one cluster (%q)", col.Name, c.file, levels[0])
			}
		}
	}
	for i, o := range d.Outcomes {
		path := fmt.Sprintf("outcomes.%d", i)
		y := c.column(path+".column", o.Column)
		if y != nil {
			c.checkOutcome(path+".column", "outcome", y, o.Type, arms)
		}
		if o.Pretest == "" {
			continue
		}
		pre := c.column(path+".pretest", o.Pretest)
		if pre == nil {
			continue
		}
		c.checkOutcome(path+".pretest", "pretest", pre, "", arms)
		if y != nil && y.Kind == Numeric && pre.Kind == Numeric && !allMissing(y) && !allMissing(pre) {
			both := 0
			for r := range y.Num {
				if !math.IsNaN(y.Num[r]) && !math.IsNaN(pre.Num[r]) {
					both++
				}
			}
			if both == 0 {
				c.p.errPos(c.at(path+".pretest"), "check that the pretest and outcome are on the same rows, one row per pupil",
					"no pupil in %s has both %q and %q", c.file, pre.Name, y.Name)
			}
		}
	}
	c.varList("covariates", "covariate", d.Covariates)
	c.varList("subgroups", "subgroup", d.Subgroups)
	if m := d.Matching; m != nil {
		c.varList("matching.covariates", "matching covariate", m.Covariates)
		c.varList("matching.exact", "exact-matching column", m.Exact)
	}
}

// varList checks that each listed column exists and has values.
func (c *checker) varList(path, what string, names []string) {
	for i, n := range names {
		p := fmt.Sprintf("%s.%d", path, i)
		col := c.column(p, n)
		if col != nil && allMissing(col) {
			c.p.errPos(c.at(p), "fill it in, or remove it from "+path,
				"every value of %s %q is missing in %s", what, col.Name, c.file)
		}
	}
}

// checkOutcome checks an outcome or pretest column: it has values, in
// each arm, and a binary outcome is 0 or 1.
func (c *checker) checkOutcome(path, what string, col *Column, typ string, arms []int8) {
	if col.Kind != Numeric || c.reported[col.Name] {
		return // Read has reported its values that are not numbers
	}
	if allMissing(col) {
		c.p.errPos(c.at(path), "fill in the scores, or check that this is the right column",
			"every value of %s %q is missing in %s", what, col.Name, c.file)
		return
	}
	if arms != nil {
		var n [2]int
		for r, a := range arms {
			if a >= 0 && !math.IsNaN(col.Num[r]) {
				n[a]++
			}
		}
		var inArm [2]bool
		for _, a := range arms {
			if a >= 0 {
				inArm[a] = true
			}
		}
		for a, name := range []string{"comparison", "treated"} {
			if inArm[a] && n[a] == 0 {
				c.p.errPos(c.at(path), "fill in the scores for that group; without them there is nothing to compare",
					"no pupil in the %s group has a value of %s %q in %s", name, what, col.Name, c.file)
			}
		}
	}
	if typ == "binary" {
		for r, v := range col.Num {
			if !math.IsNaN(v) && v != 0 && v != 1 {
				c.p.errPos(c.at(path), "a binary outcome is 1 (yes) or 0 (no) for each pupil; use type: continuous or ordinal for scores",
					"outcome %q is binary, but %s has %s in row %d", col.Name, c.file, strconv.FormatFloat(v, 'g', -1, 64), c.t.RowNumbers[r])
				break
			}
		}
	}
}

// checkGroup checks the group column against the treated and comparison
// values and returns each row's arm, or nil when there is no usable group.
func (c *checker) checkGroup() []int8 {
	d := c.d
	if d.Group == nil || d.Design == PrePost || strings.TrimSpace(d.Group.Column) == "" {
		return nil
	}
	g := d.Group
	col := c.column("group.column", g.Column)
	if col == nil {
		return nil
	}
	codes, levels := asFactor(col)
	if len(levels) == 0 {
		c.p.errPos(c.at("group.column"), "fill in, for each pupil, whether they had the programme (e.g. Y or N)",
			"every value of group column %q is missing in %s", col.Name, c.file)
		return nil
	}
	seen := quoteList(levels, 20)
	ok := true
	for _, l := range []struct {
		path, what string
		vals       []string
	}{{"group.treated", "treated", g.Treated}, {"group.comparison", "comparison", g.Comparison}} {
		for i, v := range l.vals {
			if strings.TrimSpace(v) == "" {
				continue
			}
			found := false
			for _, lv := range levels {
				if sameValue(v, lv) {
					found = true
					break
				}
			}
			if !found {
				ok = false
				hint := "values seen: " + seen
				if s := suggest(v, levels); s != "" {
					hint += fmt.Sprintf("; did you mean %q?", s)
				}
				c.p.errPos(c.at(fmt.Sprintf("%s.%d", l.path, i)), hint,
					"%s value %q never occurs in column %q of %s", l.what, v, col.Name, c.file)
			}
		}
	}
	if !ok {
		return nil
	}
	arms := groupArms(g, codes, levels)
	var n [2]int
	for _, a := range arms {
		if a >= 0 {
			n[a]++
		}
	}
	if n[evaluate.Comparison] == 0 {
		c.p.errPos(c.at("group.column"), "a comparison needs pupils who did not have the programme: add them, or use design: pre-post",
			"column %q of %s holds only treated values (%s): there is no comparison group", col.Name, c.file, seen)
		return nil
	}
	return arms
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
func asFactor(col *Column) ([]int32, []string) {
	if col.Kind == Categorical {
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
		out := evaluate.Outcome{Column: o.Column, Label: o.Label, Type: o.Type}
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
	in.Covariates = variables(t, d.Covariates)
	for _, s := range d.Subgroups {
		if f := factor(t, s); f != nil {
			in.Subgroups = append(in.Subgroups, *f)
		}
	}
	if m := d.Matching; m != nil && d.Design == Matched {
		spec := &evaluate.MatchSpec{
			Covariates:   variables(t, m.Covariates),
			Distance:     m.Distance,
			Caliper:      math.NaN(),
			CaliperScale: m.CaliperScale,
			Ratio:        m.Ratio,
			Replace:      m.Replace,
			Order:        m.Order,
			Seed:         in.Seed,
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
		in.Matching = spec
	}
	return in
}

// factor returns the named column as a factor, or nil if it is absent.
func factor(t *Table, name string) *evaluate.Factor {
	col := t.Column(strings.TrimSpace(name))
	if col == nil {
		return nil
	}
	codes, levels := asFactor(col)
	return &evaluate.Factor{Name: col.Name, Codes: codes, Levels: levels}
}

// variables returns the named columns as covariates: numeric columns as
// numbers, categorical ones as factors.
func variables(t *Table, names []string) []evaluate.Variable {
	var out []evaluate.Variable
	for _, n := range names {
		col := t.Column(strings.TrimSpace(n))
		if col == nil {
			continue
		}
		if col.Kind == Numeric {
			out = append(out, evaluate.Variable{Name: col.Name, Num: col.Num})
		} else {
			out = append(out, evaluate.Variable{Name: col.Name, Factor: factor(t, col.Name)})
		}
	}
	return out
}
