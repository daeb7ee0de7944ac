package designs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// checker checks a design against its data.
type checker struct {
	p    *parser
	d    *Design
	t    *table.Table
	file string // data.file as written, for messages
	// reported holds columns with values Read has already reported, which
	// are not reported again as missing.
	reported map[string]bool
	// warnings are things to say that do not stop the evaluation.
	warnings []string
	// dataErrs are problems with cells of the data (answers that do not
	// fit a binary outcome or a scale; designs/survey.go).
	dataErrs Problems
	// surveyOnly are the columns of survey outcomes (binary or ordinal,
	// with a pretest) that the comparison group may leave unanswered: a
	// questionnaire only participants filled in.
	surveyOnly map[string]bool
}

// newChecker checks d against t; dataProbs are the problems Read found,
// whose columns are not reported again.
func newChecker(p *parser, d *Design, t *table.Table, dataProbs Problems) *checker {
	c := &checker{p: p, d: d, t: t, file: strings.TrimSpace(d.Data.File), reported: map[string]bool{}}
	for _, e := range dataProbs {
		var de *table.DataError
		if errors.As(e, &de) && de.Column != "" {
			c.reported[de.Column] = true
		}
	}
	return c
}

func (c *checker) at(path string) pos { return c.p.pos.at(path) }

// column returns the named column, reporting at path when it is not in
// the data; nil when it is not in the data or not kept (the identifier,
// in analyses).
func (c *checker) column(path, name string) *table.Column {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	if slices.Contains(c.t.Header, name) {
		return c.t.Column(name) // nil when not kept
	}
	names := c.t.Header
	h := hint.DidYouMean(name, names)
	if h == "" {
		h = fmt.Sprintf("the columns are: %s", hint.Quote(names, 15))
	}
	c.p.errPos(c.at(path), h, "column %q is not in %s", name, c.file)
	return nil
}

// allMissing reports whether every value of col is missing.
func allMissing(col *table.Column) bool {
	for i := 0; i < col.Len(); i++ {
		if !col.IsMissing(i) {
			return false
		}
	}
	return true
}

// check runs every check of the design against its data, in the order of
// the design file: the id column, the group, the cluster, each outcome and
// its pretest, then the lists of columns.
func (c *checker) check() {
	d := c.d
	if d.Data.ID != "" {
		c.column("data.id", d.Data.ID)
	}
	arms := c.checkGroup()
	c.checkAllocation(arms)
	c.checkCluster()
	c.checkSurvey()
	c.surveyOnly = map[string]bool{}
	for _, o := range d.Outcomes {
		if (o.Type == evaluate.TypeBinary || o.Type == evaluate.TypeOrdinal) && strings.TrimSpace(o.Pretest) != "" {
			c.surveyOnly[strings.TrimSpace(o.Column)] = true
			c.surveyOnly[strings.TrimSpace(o.Pretest)] = true
		}
	}
	for i, o := range d.Outcomes {
		c.checkOutcomePair(fmt.Sprintf("outcomes.%d", i), o, arms)
	}
	c.varList("covariates", "covariate", d.Covariates)
	c.varList("subgroups", "subgroup", d.Subgroups)
	c.checkDisadvantaged()
	if m := d.Matching; m != nil {
		c.varList("matching.covariates", "matching covariate", m.Covariates)
		c.varList("matching.exact", "exact-matching column", m.Exact)
	}
}

// checkCluster checks that the cluster column has values and, in a
// cluster-randomised trial, more than one cluster.
func (c *checker) checkCluster() {
	d := c.d
	if d.Cluster == "" {
		return
	}
	col := c.column("cluster", d.Cluster)
	if col == nil {
		return
	}
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

// checkOutcomePair checks one outcome (at path) and its pretest, each on
// its own and then together: some pupil must have both.
func (c *checker) checkOutcomePair(path string, o Outcome, arms []int8) {
	y := c.outcomeColumn(path+".column", &o, o.Column, false)
	if y != nil {
		c.checkOutcome(path+".column", "outcome", y, o.Type, arms)
		if (o.Type == "" || o.Type == evaluate.TypeContinuous) && y.Kind == table.Numeric && !c.reported[y.Name] && c.d.scaleNamed(o.Column) == nil {
			c.twoValued(path+".column", y, o.Type)
		}
	}
	if o.Pretest == "" {
		return
	}
	pre := c.outcomeColumn(path+".pretest", &o, o.Pretest, true)
	if pre == nil {
		return
	}
	c.checkOutcome(path+".pretest", "pretest", pre, "", arms)
	if y == nil || y.Kind != table.Numeric || pre.Kind != table.Numeric || allMissing(y) || allMissing(pre) {
		return
	}
	for r := range y.Num {
		if !math.IsNaN(y.Num[r]) && !math.IsNaN(pre.Num[r]) {
			return
		}
	}
	c.p.errPos(c.at(path+".pretest"), "check that the pretest and outcome are on the same rows, one row per pupil",
		"no pupil in %s has both %q and %q", c.file, pre.Name, y.Name)
}

// varList checks that each listed column exists and has values, and
// that the levels of a subgroup or exact-matching column are not one
// value typed two ways.
func (c *checker) varList(path, what string, names []string) {
	for i, n := range names {
		p := fmt.Sprintf("%s.%d", path, i)
		col := c.column(p, n)
		switch {
		case col == nil:
		case allMissing(col):
			c.p.errPos(c.at(p), "fill it in, or remove it from "+path,
				"every value of %s %q is missing in %s", what, col.Name, c.file)
		case path == "subgroups" || path == "matching.exact":
			c.levelVariants(p, what, col)
		}
	}
}

// checkOutcome checks an outcome or pretest column: it has values, in
// each arm, and a binary outcome is 0 or 1.
func (c *checker) checkOutcome(path, what string, col *table.Column, typ string, arms []int8) {
	if col.Kind != table.Numeric || c.reported[col.Name] {
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
			if inArm[a] && n[a] == 0 && a == int(evaluate.Comparison) && c.surveyOnly[col.Name] && n[evaluate.Treated] > 0 {
				if what == "outcome" {
					c.warnings = append(c.warnings, fmt.Sprintf("%s: no comparison pupil answered %q, so it is compared before and after "+
						"among the intervention pupils only (no comparison group)", c.file, col.Name))
				}
				continue
			}
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
					"outcome %q is binary, but %s has %s in row %d", col.Name, c.file, strconv.FormatFloat(v, 'g', -1, 64), c.t.Row(r))
				break
			}
		}
	}
}

// twoValued refuses an outcome analysed as a score whose pupils have only
// two distinct values (0 and 1, 1 and 2, ...), each held by at least two
// pupils: a yes/no answer, whose mean difference, effect size and months'
// progress mean nothing. (Two pupils with two scores are not refused.) It is
// reported at the outcome's type when the design gives one, else at its
// column, and points to type: binary.
func (c *checker) twoValued(path string, col *table.Column, typ string) {
	var vals []float64
	var count [2]int
	for _, v := range col.Num {
		if math.IsNaN(v) {
			continue
		}
		k := slices.Index(vals, v)
		if k < 0 {
			if vals = append(vals, v); len(vals) > 2 {
				return
			}
			k = len(vals) - 1
		}
		count[k]++
	}
	if len(vals) != 2 || count[0] < 2 || count[1] < 2 {
		return // one value (evaluate.Unusable says so), or too few pupils to tell
	}
	slices.Sort(vals)
	at := path
	how := "no type, so it is analysed as a score"
	if typ != "" {
		at = strings.TrimSuffix(path, ".column") + ".type"
		how = "type: " + typ
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	hint := "if it is a yes/no answer, write type: binary under this outcome"
	if vals[0] != 0 || vals[1] != 1 {
		hint += fmt.Sprintf(" with positive: %s (the answer counted as yes)", f(vals[1]))
	}
	hint += "; if it is a score, check that this is the right column"
	c.p.errPos(c.p.pos.at(at, path), hint,
		"outcome %q has %s, but its column in %s has only two values: %s and %s",
		col.Name, how, c.file, f(vals[0]), f(vals[1]))
}

// outcomeColumn is the column an outcome or pretest name stands for: a
// scale's scores, a binary outcome's 0/1 answers or an ordinal item's
// answers as numbers (Evaluation.surveyColumn), else the data column
// (reported at path when it is not there).
func (c *checker) outcomeColumn(path string, o *Outcome, name string, pretest bool) *table.Column {
	e := &Evaluation{Design: c.d, Table: c.t}
	if col := e.surveyColumn(o, name, pretest); col != nil {
		return col
	}
	if c.d.scaleNamed(name) != nil {
		return nil // its items are reported where they are listed
	}
	return c.column(path, name)
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
	ok := c.groupValuesOccur("group.treated", "treated", g.Treated, col.Name, levels)
	ok = c.groupValuesOccur("group.comparison", "comparison", g.Comparison, col.Name, levels) && ok
	if !ok || !c.groupVariants(col.Name, codes, levels) {
		return nil
	}
	arms := groupArms(g, codes, levels)
	c.leftOut(col.Name, codes, levels, arms)
	var n [2]int
	for _, a := range arms {
		if a >= 0 {
			n[a]++
		}
	}
	if n[evaluate.Comparison] == 0 {
		c.p.errPos(c.at("group.column"), "a comparison needs pupils who did not have the programme: add them, or use design: pre-post",
			"column %q of %s holds only treated values (%s): there is no comparison group", col.Name, c.file, hint.Quote(levels, 20))
		return nil
	}
	return arms
}

// groupValuesOccur reports each value of a treated or comparison list (at
// path) that is not among the group column's levels, and whether all
// occur.
func (c *checker) groupValuesOccur(path, what string, vals []string, column string, levels []string) bool {
	ok := true
	for i, v := range vals {
		if strings.TrimSpace(v) == "" || slices.ContainsFunc(levels, func(lv string) bool { return sameValue(v, lv) }) {
			continue
		}
		ok = false
		h := "values seen: " + hint.Quote(levels, 20)
		if s := hint.Nearest(v, levels); s != "" {
			h += fmt.Sprintf("; did you mean %q?", s)
		}
		c.p.errPos(c.at(fmt.Sprintf("%s.%d", path, i)), h,
			"%s value %s never occurs in column %q of %s", what, hint.Value(v), column, c.file)
	}
	return ok
}

// groupVariants reports each value of the group column that is not a
// treated or comparison value but looks like one typed differently
// (variantOf), with its rows, and whether there are none. Left alone,
// those pupils would silently join the comparison group (when comparison
// is not given) or be left out.
func (c *checker) groupVariants(column string, codes []int32, levels []string) bool {
	g := c.d.Group
	counts := levelCounts(codes, levels)
	type declared struct {
		path, what, value string
		n                 int
	}
	var decl []declared
	for _, l := range []struct {
		path, what string
		vals       []string
	}{{"group.treated", "treated", g.Treated}, {"group.comparison", "comparison", g.Comparison}} {
		for i, v := range l.vals {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			n := 0
			for k, lv := range levels {
				if sameValue(v, lv) {
					n += counts[k]
				}
			}
			decl = append(decl, declared{fmt.Sprintf("%s.%d", l.path, i), l.what, v, n})
		}
	}
	fate := "left out of both groups"
	if len(g.Comparison) == 0 {
		fate = "in the comparison group"
	}
	ok := true
	for k, lv := range levels {
		if slices.ContainsFunc(decl, func(d declared) bool { return sameValue(d.value, lv) }) {
			continue
		}
		for _, d := range decl {
			kind := variantOf(lv, d.value, counts[k], d.n)
			if kind == notVariant {
				continue
			}
			ok = false
			rows := levelRows(c.t, codes, int32(k))
			c.p.errPos(c.at(d.path),
				fmt.Sprintf("did you mean %s? correct those rows, or list %s under treated or comparison if it is a group of its own", hint.Value(d.value), hint.Value(lv)),
				"%s in column %q of %s (%s) %s: those pupils would be %s",
				hint.Value(lv), column, c.file, rows, kind.how(fmt.Sprintf("%s value %s", d.what, hint.Value(d.value))), fate)
			break
		}
	}
	return ok
}

// leftOut notes, as a warning, every pupil in neither group: by value,
// with their rows.
func (c *checker) leftOut(column string, codes []int32, levels []string, arms []int8) {
	byLevel := map[int32]*hint.RowList{}
	var order []int32
	n := 0
	for i, a := range arms {
		if a != evaluate.Excluded {
			continue
		}
		n++
		k := codes[i]
		r := byLevel[k]
		if r == nil {
			r = &hint.RowList{}
			byLevel[k] = r
			order = append(order, k)
		}
		r.Add(c.t.Row(i))
	}
	if n == 0 {
		return
	}
	parts := make([]string, len(order))
	for j, k := range order {
		if k < 0 {
			parts[j] = fmt.Sprintf("no value in %s", byLevel[k])
		} else {
			parts[j] = fmt.Sprintf("%s in %s", hint.Value(levels[k]), byLevel[k])
		}
	}
	pupils := "pupils are"
	if n == 1 {
		pupils = "pupil is"
	}
	c.warnings = append(c.warnings, fmt.Sprintf("%s: %s %s in neither group and will be left out (column %q: %s)",
		c.file, hint.Count(n), pupils, column, strings.Join(parts, "; ")))
}

// levelVariants reports each level of a subgroup or exact-matching column
// (at path) that looks like another level typed differently: left alone,
// it would be a subgroup of its own.
func (c *checker) levelVariants(path, what string, col *table.Column) {
	if col.Kind != table.Categorical {
		return
	}
	counts := levelCounts(col.Codes, col.Levels)
	for k, lv := range col.Levels {
		for j, other := range col.Levels {
			if j == k || counts[k] > counts[j] || counts[k] == counts[j] && k < j {
				continue // the rarer of two (the later on a tie) is the variant
			}
			kind := variantOf(lv, other, counts[k], counts[j])
			if kind == notVariant {
				continue
			}
			rows := levelRows(c.t, col.Codes, int32(k))
			c.p.errPos(c.at(path), fmt.Sprintf("did you mean %s? correct those rows", hint.Value(other)),
				"%s %q of %s has %s (%s), which %s: they would be two %ss",
				what, col.Name, c.file, hint.Value(lv), rows, kind.how(fmt.Sprintf("%s (%s pupils)", hint.Value(other), hint.Count(counts[j]))), what)
			break
		}
	}
}
