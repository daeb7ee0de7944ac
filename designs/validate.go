package designs

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/internal/regular"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// validate checks a parsed design on its own (without its data): required
// parts for the chosen design, parts that do not belong to it, columns
// given two roles that cannot go together, and the data file's name.
func (p *parser) validate(d *Design) {
	ps := p.pos
	has := func(path string) bool { _, ok := ps.m[path]; return ok }

	if strings.TrimSpace(d.Title) == "" {
		p.required("title", ps.root, "add a line such as: title: Year 7 reading catch-up 2025/26",
			"write what the evaluation is, e.g. title: Year 7 reading catch-up 2025/26")
	}
	if d.Design == "" {
		p.required("design", ps.root, "add a line design: followed by one of: "+strings.Join(evaluate.DesignNames(), ", "),
			"choose one of: "+strings.Join(evaluate.DesignNames(), ", "))
	}
	p.validateData(d)
	p.validateGroup(d)
	p.validateOutcomes(d)

	switch {
	case p.bad["cluster"] || p.suggested["cluster"]:
	case d.Design == ClusterRCT && strings.TrimSpace(d.Cluster) == "":
		if has("cluster") {
			p.errPos(ps.at("cluster"), "name the column that says which school or class each pupil is in", "cluster is empty")
		} else {
			p.errPos(ps.at("design"), "add a line such as: cluster: school (the column that says which school or class each pupil is in)",
				"a cluster-rct design needs cluster")
		}
	case has("cluster") && strings.TrimSpace(d.Cluster) == "":
		p.errPos(ps.at("cluster"), "name a column, or remove the line", "cluster is empty")
	}

	if d.Design == Matched {
		switch {
		case p.bad["matching"] || p.suggested["matching"] || p.bad["matching.covariates"]:
		case d.Matching == nil && !has("matching"):
			p.errPos(ps.at("design"), "add matching: with covariates: [ ... ] below it, naming what to match pupils on",
				"a matched design needs matching")
		case d.Matching == nil:
			p.errPos(ps.at("matching"), "add covariates: [ ... ] below it, naming what to match pupils on", "matching is empty")
		case len(d.Matching.Covariates) == 0:
			p.errPos(ps.at("matching.covariates", "matching:key"), "list what to match pupils on, e.g. covariates: [ks2_read, fsm, gender]",
				"matching needs covariates")
		}
	} else if has("matching") && d.Design != "" {
		p.errPos(ps.at("matching:key"), "matching applies only to design: matched; remove it, or change the design",
			"matching is not used in %s design", withArticle(d.Design))
	}
	p.validateLists(d)
	p.validateRoles(d)
	p.validatePlan(d)
	p.validateLengths(d)
	p.validateMatching(d)
	p.validateSurvey(d)
	p.validateAllocation(d)
}

// required reports a required field that is empty (given without a value)
// or missing (not given, reported at the parent's place), unless it was
// already reported as wrong or suggested for a misspelt field.
func (p *parser) required(path string, parent pos, missingHint, emptyHint string) {
	if p.bad[path] || p.suggested[path] {
		return
	}
	if _, given := p.pos.m[path+":key"]; given {
		p.errPos(p.pos.at(path, path+":key"), emptyHint, "%s is empty", label(path))
		return
	}
	p.errPos(parent, missingHint, "%s is missing", label(path))
}

func (p *parser) validateData(d *Design) {
	ps := p.pos
	if _, ok := ps.m["data"]; !ok || p.bad["data"] {
		if !p.bad["data"] && !p.suggested["data"] {
			p.errPos(ps.root, "add data: with a line below it such as   file: pupils.xlsx", "data is missing")
		}
		return
	}
	file := strings.TrimSpace(d.Data.File)
	if file == "" {
		p.required("data.file", ps.at("data:key"), "add a line below data: such as   file: pupils.xlsx",
			"name the pupil data file, e.g. file: pupils.xlsx")
		return
	}
	at := ps.at("data.file")
	ext := strings.ToLower(filepath.Ext(file))
	switch ext {
	case ".csv", ".xlsx":
	case ".xls":
		p.errPos(at, "open it in Excel and save it as an Excel Workbook (.xlsx), then write that name here",
			"data file %q is an old-style Excel file", file)
		return
	case ".xlsm":
		p.errPos(at, "save a copy as an Excel Workbook (.xlsx) and write that name here", "data file %q is a macro workbook", file)
		return
	case ".ods", ".numbers":
		p.errPos(at, "save it as .xlsx or .csv and write that name here", "data file %q is not a .csv or .xlsx file", file)
		return
	default:
		p.errPos(at, "whatworks reads .csv and .xlsx files; save the data in one of those", "data file %q is not a .csv or .xlsx file", file)
		return
	}
	// data.sheet with a CSV file is ignored: the issue's own example has
	// one, and the comment there says "xlsx only".
	full := resolveData(d)
	_, err := regular.Check(full, table.MaxFileSize)
	var nr *regular.NotRegularError
	var tl *regular.TooLargeError
	switch {
	case errors.As(err, &nr) && nr.What == "a folder":
		p.errPos(at, "name the file inside it, e.g. file: "+filepath.ToSlash(filepath.Join(file, "pupils.xlsx")), "data file %q is a folder", file)
	case errors.As(err, &nr):
		p.errPos(at, "name a CSV or Excel (.xlsx) file", "data file %q is %s, not a file", file, nr.What)
	case errors.As(err, &tl):
		p.errPos(at, "keep only the pupils and columns the evaluation needs, or split the file",
			"data file %q is %s, more than whatworks reads (%s)", file, regular.Bytes(tl.Size), regular.Bytes(tl.Limit))
	case err != nil && os.IsNotExist(err) && isLink(full):
		target, _ := os.Readlink(full)
		p.errPos(at, "point the link at the data file, or name the file itself", "data file %q is a link to %s, which does not exist", file, target)
	case err != nil && os.IsNotExist(err):
		hint := "looked in " + displayDir(d.Dir) + "; data.file is relative to the folder the design file is in"
		if s := nearFile(full); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		p.errPos(at, hint, "data file %q not found", file)
	case err != nil:
		p.errPos(at, "", "cannot open data file %q: %v", file, unwrapPath(err))
	default:
		p.dataOK = true
	}
}

// withArticle puts "a" or "an" before a design kind, as it is spoken
// ("an rct", "a two-group").
func withArticle(kind evaluate.Design) string {
	if kind == RCT {
		return "an " + string(kind)
	}
	return "a " + string(kind)
}

func displayDir(dir string) string {
	if dir == "" || dir == "." {
		return "the current folder"
	}
	return dir
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// nearFile suggests a file in the same folder whose name is close to the
// missing one (a typo, or the other extension).
func nearFile(full string) string {
	dir, base := filepath.Split(full)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if ext == ".csv" || ext == ".xlsx" {
			names = append(names, e.Name())
		}
		if len(names) > 200 {
			break
		}
	}
	s := hint.Nearest(base, names)
	if s == "" {
		// Same name, other extension.
		stem := strings.TrimSuffix(base, filepath.Ext(base))
		for _, n := range names {
			if strings.EqualFold(strings.TrimSuffix(n, filepath.Ext(n)), stem) {
				s = n
				break
			}
		}
	}
	return s
}

// resolveData is the data file's path: data.file relative to the design
// file's folder unless absolute.
func resolveData(d *Design) string {
	if d.dataPath != "" {
		return d.dataPath
	}
	f := strings.TrimSpace(d.Data.File)
	if filepath.IsAbs(f) {
		return filepath.Clean(f)
	}
	return filepath.Join(d.Dir, filepath.FromSlash(f))
}

func (p *parser) validateGroup(d *Design) {
	ps := p.pos
	if d.Design == PrePost {
		if _, ok := ps.m["group:key"]; ok {
			p.errPos(ps.at("group:key"), "a pre-post design follows one group of pupils: remove group, or choose design: two-group",
				"group is not used in a pre-post design")
		}
		return
	}
	if d.Design == "" {
		// Unknown design: check what was written, require nothing.
		if d.Group == nil {
			return
		}
	}
	if d.Group == nil {
		switch {
		case p.bad["group"] || p.suggested["group"]:
		case ps.m["group:key"] != pos{}:
			p.errPos(ps.at("group:key"), "add column: and treated: below it", "group is empty")
		default:
			p.errPos(ps.at("design"), "add group: with column: intervention and treated: [Y] below it, naming the column that says who had the programme",
				"%s design needs group", withArticle(d.Design))
		}
		return
	}
	g := d.Group
	if strings.TrimSpace(g.Column) == "" {
		p.required("group.column", ps.at("group:key"), "add a line below group: such as   column: intervention",
			"name the column that says who had the programme, e.g. column: intervention")
	}
	if len(g.Treated) == 0 {
		p.required("group.treated", ps.at("group:key"), "add a line below group: such as   treated: [Y]   (the value that marks pupils who had the programme)",
			"give the value that marks pupils who had the programme, e.g. treated: [Y]")
	}
	p.noBlanks(g.Treated, "group.treated", "treated value")
	p.noBlanks(g.Comparison, "group.comparison", "comparison value")
	for i, c := range g.Comparison {
		for _, t := range g.Treated {
			if sameValue(c, t) {
				p.errPos(ps.at(fmt.Sprintf("group.comparison.%d", i)), "a pupil is in one group only: remove it from treated or from comparison",
					"value %q is both treated and comparison", c)
			}
		}
	}
}

// noBlanks reports empty values in a list of group values.
func (p *parser) noBlanks(vals []string, path, what string) {
	for i, v := range vals {
		if strings.TrimSpace(v) == "" {
			p.errPos(p.pos.at(fmt.Sprintf("%s.%d", path, i)), "pupils with a blank group are left out of the comparison anyway; remove the empty value",
				"%s is empty", what)
		}
	}
}

func (p *parser) validateOutcomes(d *Design) {
	ps := p.pos
	if len(d.Outcomes) == 0 {
		if _, some := ps.m["outcomes.0"]; some {
			return // there were outcomes, each reported as wrong
		}
		p.required("outcomes", ps.root, "add outcomes: with at least one line below it such as   - column: reading_post",
			"add at least one outcome on the line below, e.g.   - column: reading_post")
		return
	}
	seen := map[string]int{}
	for i, o := range d.Outcomes {
		path := fmt.Sprintf("outcomes.%d", i)
		col := strings.TrimSpace(o.Column)
		if col == "" {
			p.required(path+".column", ps.at(path), "add column: NAME to this outcome, naming the column that holds it",
				"name the column holding the outcome, e.g. column: reading_post")
			continue
		}
		if j, dup := seen[col]; dup {
			p.errPos(ps.at(path+".column"), fmt.Sprintf("it is first listed at line %d; list each outcome once", ps.at(fmt.Sprintf("outcomes.%d.column", j)).line),
				"outcome %q is listed twice", col)
		}
		seen[col] = i
		pre := strings.TrimSpace(o.Pretest)
		if pre == col {
			p.errPos(ps.at(path+".pretest"), "the pretest is the same measure taken before the programme, in a column of its own",
				"outcome %q is also its own pretest", col)
		}
		if _, ok := ps.m[path+".pretest:key"]; ok && pre == "" && !p.bad[path+".pretest"] {
			p.errPos(ps.at(path+".pretest"), "name the baseline column, or remove the line", "pretest is empty")
		} else if d.Design == PrePost && pre == "" && !p.bad[path+".pretest"] && !p.suggested[path+".pretest"] {
			p.errPos(ps.at(path+".column", path), "a pre-post design compares each outcome with its pretest: add pretest: COLUMN below column:",
				"outcome %q needs a pretest in a pre-post design", col)
		}
	}
}

// validateLists reports columns listed twice in one list.
func (p *parser) validateLists(d *Design) {
	lists := []struct {
		path string
		vals []string
	}{
		{"covariates", d.Covariates},
		{"subgroups", d.Subgroups},
	}
	if d.Matching != nil {
		lists = append(lists, struct {
			path string
			vals []string
		}{"matching.covariates", d.Matching.Covariates}, struct {
			path string
			vals []string
		}{"matching.exact", d.Matching.Exact})
	}
	if d.Group != nil {
		lists = append(lists, struct {
			path string
			vals []string
		}{"group.treated", d.Group.Treated}, struct {
			path string
			vals []string
		}{"group.comparison", d.Group.Comparison})
	}
	for _, l := range lists {
		seen := map[string]bool{}
		for i, v := range l.vals {
			v = strings.TrimSpace(v)
			if v == "" && !strings.HasPrefix(l.path, "group.") {
				p.errPos(p.pos.at(fmt.Sprintf("%s.%d", l.path, i)), "name a column, or remove the empty entry", "empty entry in %s", l.path)
				continue
			}
			if seen[v] && v != "" {
				p.errPos(p.pos.at(fmt.Sprintf("%s.%d", l.path, i)), "list it once", "%q is listed twice in %s", v, l.path)
			}
			seen[v] = true
		}
	}
}

// role is one use of a column in a design, for clash checks.
type role struct {
	name string // "the group column", "an outcome", ...
	path string // its position key
	col  string
}

// validateRoles reports a column given two roles that cannot go together:
// the group column used as anything else, an outcome used as an adjustment
// or grouping variable, a measured score used as a category, the pupil
// identifier used as data.
func (p *parser) validateRoles(d *Design) {
	var roles []role
	add := func(name, path, col string) {
		if col = strings.TrimSpace(col); col != "" {
			roles = append(roles, role{name, path, col})
		}
	}
	if d.Group != nil {
		add("the group column", "group.column", d.Group.Column)
	}
	add("the pupil identifier (data.id)", "data.id", d.Data.ID)
	add("the cluster", "cluster", d.Cluster)
	for i, o := range d.Outcomes {
		add("an outcome", fmt.Sprintf("outcomes.%d.column", i), o.Column)
		add("a pretest", fmt.Sprintf("outcomes.%d.pretest", i), o.Pretest)
	}
	for i, c := range d.Covariates {
		add("a covariate", fmt.Sprintf("covariates.%d", i), c)
	}
	for i, c := range d.Subgroups {
		add("a subgroup", fmt.Sprintf("subgroups.%d", i), c)
	}
	if d.Matching != nil {
		for i, c := range d.Matching.Covariates {
			add("a matching covariate", fmt.Sprintf("matching.covariates.%d", i), c)
		}
		for i, c := range d.Matching.Exact {
			add("an exact-matching column", fmt.Sprintf("matching.exact.%d", i), c)
		}
	}
	clash := func(a, b string) bool {
		set := func(s string) bool { return a == s || b == s }
		switch {
		case a == b:
			// Two outcomes or two pretests on one column are caught
			// elsewhere or allowed (several outcomes may share a pretest).
			return false
		case set("the group column"), set("the pupil identifier (data.id)"):
			return true
		case set("an outcome") && set("a pretest"):
			// One outcome's pretest may be another's outcome (a mid-year
			// test); an outcome that is its own pretest is reported by
			// validateOutcomes.
			return false
		case set("an outcome"):
			return true // an outcome as covariate, subgroup, cluster...
		case set("a pretest"):
			return set("a subgroup") || set("the cluster") || set("an exact-matching column")
		case set("the cluster"):
			return set("a covariate") || set("a matching covariate")
		}
		return false
	}
	reported := map[[2]int]bool{}
	for j := range roles {
		for i := 0; i < j; i++ {
			a, b := roles[i], roles[j]
			if a.col != b.col || !clash(a.name, b.name) || reported[[2]int{i, j}] {
				continue
			}
			reported[[2]int{i, j}] = true
			p.errPos(p.pos.at(b.path), roleHint(a.name, b.name),
				"column %q is %s, so it cannot also be %s", b.col, a.name, b.name)
		}
	}
}

func roleHint(first, second string) string {
	switch {
	case first == "the group column":
		return "the group column says who had the programme; use another column here"
	case first == "an outcome" && second == "a pretest":
		return "the pretest is a baseline measured before the programme, in a column of its own"
	case first == "an outcome" || second == "an outcome":
		return "an outcome is what the programme should change; adjusting for it or grouping by it would hide the effect"
	case first == "the pupil identifier (data.id)" || second == "the pupil identifier (data.id)":
		return "the pupil identifier only tells pupils apart; use another column here"
	case first == "a pretest" || second == "a pretest":
		return "a pretest is a score; subgroups, clusters and exact matching need categories such as Y/N"
	case first == "the cluster" || second == "the cluster":
		return "the analysis already allows for clusters; remove it from the covariates"
	}
	return "use each column in one role"
}

// sameValue reports whether a value written in the design file equals a
// value in the data: the same text, or the same number ("1" and "1.0").
func sameValue(design, data string) bool {
	a, b := strings.TrimSpace(design), strings.TrimSpace(data)
	if a == b {
		return true
	}
	x, ok1 := valueNumber(a)
	y, ok2 := valueNumber(b)
	return ok1 && ok2 && x == y
}

// valueNumber parses a group value as a number, if it is one.
func valueNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsNaN(x)
}

// isLink reports whether path is a symbolic link (which may lead nowhere).
func isLink(path string) bool {
	st, err := os.Lstat(path)
	return err == nil && st.Mode()&os.ModeSymlink != 0
}
