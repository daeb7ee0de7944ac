package designs

import (
	"errors"
	"os"
	"strings"

	"github.com/whatworks/whatworks/designs/table"
)

// Evaluation is a validated design with its data.
type Evaluation struct {
	Design *Design
	Table  *table.Table
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
// itself (*table.DataError) as Read found them.
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
	t, rerr := table.Read(dataPath, tableOptions(d))
	dataProbs := asProblems(rerr)
	if t != nil {
		newChecker(p, d, t, dataProbs).check()
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

// tableOptions says how to read and type the data a design names.
func tableOptions(d *Design) table.Options {
	o := table.Options{
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
