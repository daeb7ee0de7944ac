package designs

import (
	"errors"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/regular"
	"github.com/whatworks/whatworks/designs/table"
)

// Evaluation is a validated design with its data.
type Evaluation struct {
	Design *Design
	Table  *table.Table
	// DataPath is the data file's path, resolved against the design
	// file's folder.
	DataPath string
	// Warnings are things about the design or its data worth saying that
	// do not stop the evaluation (check lists them with its own; analyse
	// and match print them on standard error).
	Warnings []string
}

// Keep says which columns of the pupil data Load keeps in memory: only
// what the command needs, since at national scale every column is
// tens of megabytes.
type Keep int

const (
	// AnalysisColumns are the columns the analyses use: every column the
	// design names except the pupil identifier (analyse, match).
	AnalysisColumns Keep = iota
	// DesignColumns are every column the design names, the identifier too
	// (check, which looks for duplicate identifiers).
	DesignColumns
	// AllColumns are every column of the data file, for writing pupil rows
	// back out (analyse --include-data, match -o).
	AllColumns
)

// Load parses the design file at path, reads the data it names and checks
// the one against the other: every named column exists, the treated and
// comparison values occur in the group column, both arms have pupils,
// outcomes, pretests and covariates have values, binary outcomes are 0 or
// 1. Every problem is reported at once, as Problems: those about the
// design (*DesignError) positioned at the field of the YAML they concern
// and naming the data file, sorted by line; then those about the data file
// itself (*table.DataError) as Read found them.
//
// The data file is read with the design's missing-value tokens and sheet;
// outcome and pretest columns must be numbers; group, cluster, subgroup
// and exact-matching columns are read as labels, the id column as text;
// other columns are typed by their contents. keep says which columns stay
// in memory.
func Load(path string, keep Keep) (*Evaluation, error) {
	src, err := regular.ReadFile(path, MaxDesignSize)
	if err != nil {
		return nil, Problems{readDesignError(path, err)}
	}
	return load(path, src, "", keep)
}

// LoadWithData is Load for a design file's text src (named path in
// messages; data paths are relative to its folder) whose pupil data is
// the file at dataPath, whatever its data.file says: whatworks verify
// re-runs the design a workbook records on the data a funder was given.
func LoadWithData(path string, src []byte, dataPath string, keep Keep) (*Evaluation, error) {
	return load(path, src, dataPath, keep)
}

// load parses and checks the design src and reads its data (at dataPath
// when it is not "").
func load(path string, src []byte, dataPath string, keep Keep) (*Evaluation, error) {
	d, p := parseAllData(path, src, dataPath)
	if d == nil || !p.dataOK {
		return nil, p.problems()
	}
	dataPath = resolveData(d)
	t, rerr := table.Read(dataPath, tableOptions(d, keep))
	dataProbs := asProblems(rerr)
	var warnings []string
	if t != nil {
		var stop Problems
		t.Warnings, stop = stopOnNoValues(d, t.Warnings)
		dataProbs = append(dataProbs, stop...)
		c := newChecker(p, d, t, dataProbs)
		c.check()
		warnings = c.warnings
		dataProbs = append(dataProbs, c.dataErrs...)
	}
	var all Problems
	if err := p.problems(); err != nil {
		all = err.(Problems)
	}
	all = append(all, dataProbs...)
	if len(all) > 0 {
		return nil, all
	}
	ev := &Evaluation{Design: d, Table: t, DataPath: dataPath}
	for _, w := range t.Warnings {
		ev.Warnings = append(ev.Warnings, w.Error())
	}
	ev.Warnings = append(ev.Warnings, warnings...)
	return ev, nil
}

// asProblems lists the problems in err (nil, one error or Problems).
func asProblems(err error) Problems {
	if err == nil {
		return nil
	}
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return Problems{err}
}

// tableOptions says how to read and type the data a design names, and
// which columns to keep.
func tableOptions(d *Design, keep Keep) table.Options {
	o := table.Options{
		Sheet:       strings.TrimSpace(d.Data.Sheet),
		Numeric:     map[string]bool{},
		Categorical: map[string]bool{},
		Text:        map[string]bool{},
	}
	if keep != AllColumns {
		o.Keep = map[string]bool{}
		for _, c := range designColumns(d) {
			o.Keep[c] = true
		}
		if id := strings.TrimSpace(d.Data.ID); keep == AnalysisColumns && id != "" {
			delete(o.Keep, id)
		}
	}
	if d.Data.Missing != nil {
		o.Missing = []string(d.Data.Missing)
	}
	for _, out := range d.Outcomes {
		for _, c := range []string{out.Column, out.Pretest} {
			c = strings.TrimSpace(c)
			switch {
			case c == "" || d.scaleNamed(c) != nil:
				// a scale's score: its items are typed below
			case out.Type == "binary" && c == strings.TrimSpace(out.Column):
				o.Categorical[c] = true // yes/no answers as written
			case out.Type == "binary":
				// a yes/no pretest, or a score: typed by its contents
			case out.Type == "ordinal" && d.itemScale(c) != nil:
				// an item of a scale: typed below
			default:
				o.Numeric[c] = true
			}
		}
	}
	for _, s := range d.Scales {
		for _, it := range s.Items {
			if it = strings.TrimSpace(it); it == "" || o.Numeric[it] {
				continue
			}
			if len(s.Levels) > 0 {
				o.Categorical[it] = true
			} else {
				o.Numeric[it] = true
			}
		}
	}
	if id := strings.TrimSpace(d.Data.ID); id != "" && !o.Numeric[id] {
		o.Text[id] = true
	}
	vars := append([]string(nil), d.Covariates...)
	if d.Matching != nil {
		vars = append(vars, d.Matching.Covariates...)
	}
	for _, c := range vars {
		if c = strings.TrimSpace(c); c != "" {
			if o.Variables == nil {
				o.Variables = map[string]bool{}
			}
			o.Variables[c] = true
		}
	}
	cat := []string{d.Cluster}
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

// designColumns lists every column the design names.
func designColumns(d *Design) []string {
	cols := []string{d.Data.ID, d.Cluster}
	if d.Group != nil {
		cols = append(cols, d.Group.Column)
	}
	for _, o := range d.Outcomes {
		for _, c := range []string{o.Column, o.Pretest} {
			if d.scaleNamed(c) == nil {
				cols = append(cols, c)
			}
		}
	}
	for _, sc := range d.Scales {
		cols = append(cols, sc.Items...)
	}
	cols = append(cols, d.Covariates...)
	cols = append(cols, d.Subgroups...)
	if m := d.Matching; m != nil {
		cols = append(cols, m.Covariates...)
		cols = append(cols, m.Exact...)
	}
	out := cols[:0]
	for _, c := range cols {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// stopOnNoValues takes out of a table's warnings the formula cells with no
// saved value (XLSX) in an outcome, pretest or group column: those stop
// the evaluation, since whole arms or scores would silently go missing.
// Elsewhere they stay warnings.
func stopOnNoValues(d *Design, warnings []*table.DataError) (keep []*table.DataError, stop Problems) {
	key := map[string]bool{}
	for _, o := range d.Outcomes {
		key[strings.TrimSpace(o.Column)] = true
		key[strings.TrimSpace(o.Pretest)] = true
	}
	if d.Group != nil {
		key[strings.TrimSpace(d.Group.Column)] = true
	}
	for _, w := range warnings {
		if errors.Is(w, table.ErrNoSavedValue) && key[w.Column] {
			stop = append(stop, w)
			continue
		}
		keep = append(keep, w)
	}
	return keep, stop
}
