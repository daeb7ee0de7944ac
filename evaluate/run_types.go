package evaluate

import (
	"fmt"
	"math"
	"strings"
)

// Which analyses an outcome gets, by its type (docs/methods.md §11–12):
// the dispatch of Run's per-group, interaction and gap tasks.

// checkType reports an unknown outcome type, and a yes/no outcome (or the
// yes/no pretest of a one-group design) with a value that is not 0 or 1.
func checkType(oc Outcome) error {
	switch oc.Type {
	case "", TypeContinuous, TypeOrdinal:
		return nil
	case TypeBinary:
		for i, v := range oc.Y {
			if !math.IsNaN(v) && v != 0 && v != 1 {
				return fmt.Errorf("outcome %q is a yes/no outcome, but pupil %d has %v: give 1 for yes and 0 for no", oc.Column, i+1, v)
			}
		}
		return nil
	}
	return fmt.Errorf("outcome %q has the unknown type %q (use %s, %s or %s)", oc.Column, oc.Type, TypeContinuous, TypeBinary, TypeOrdinal)
}

// groupRows are the rows of outcome oc for the pupils of group g.
// only says the outcome is a survey only the intervention pupils answered
// (treatedOnly).
func (r *runner) groupRows(oc *Outcome, g group, adjusted, all, only bool) ([]Result, error) {
	switch {
	case only || !r.twoArm() && (oc.Type == TypeBinary || oc.Type == TypeOrdinal):
		return r.surveyPaired(oc, g, all), nil
	case !r.twoArm():
		r.prePostGroup(oc, g, all)
		return nil, nil
	case oc.Type == TypeBinary:
		return r.independentOf(r.binaryTwoArmGroup(oc, g, adjusted, all), "the cluster_robust row"), nil
	case oc.Type == TypeOrdinal:
		out := r.independentOf(r.ordinalTwoArmGroup(oc, g, all), "no rank test that allows for clusters is used yet")
		if oc.Scale == "" {
			return out, nil
		}
		cont, err := r.twoArmGroup(oc, g, adjusted, all)
		return append(out, asInterval(cont)...), err
	}
	return r.twoArmGroup(oc, g, adjusted, all)
}

// interactionRows are the treatment × subgroup rows of outcome oc.
func (r *runner) interactionRows(oc *Outcome, by *Factor) []Result {
	switch oc.Type {
	case TypeBinary:
		return r.independentOf(r.binaryInteraction(oc, by), "no model of the interaction that allows for clusters is used yet")
	case TypeOrdinal:
		if oc.Scale == "" {
			return nil
		}
		return asInterval(r.interaction(oc, by))
	}
	return r.interaction(oc, by)
}

// gapRows are the attainment-gap rows of outcome oc between the levels of
// by.
func (r *runner) gapRows(oc *Outcome, by *Factor) []Result {
	switch oc.Type {
	case TypeBinary:
		return r.binaryGap(oc, by)
	case TypeOrdinal:
		if oc.Scale == "" {
			return nil
		}
		return asInterval(r.gap(oc, by))
	}
	return r.gap(oc, by)
}

// independentOf notes, in a design with a cluster column, that the rows of
// a yes/no or ordinal outcome that treat pupils as independent have
// intervals too narrow; see says what to look at instead.
func (r *runner) independentOf(rows []Result, see string) []Result {
	if !r.clustered() {
		return rows
	}
	for k := range rows {
		switch rows[k].Analysis {
		case AnalysisUnadjusted, AnalysisExact, AnalysisLogistic, AnalysisInteraction:
			if strings.HasPrefix(string(rows[k].Measure), "proportion_") {
				continue
			}
			addNote(&rows[k], fmt.Sprintf("treats pupils as independent, ignoring their clustering by %s: the interval is too narrow (%s)",
				r.in.Cluster.Name, see))
		}
	}
	return rows
}

// asInterval notes on each row that it treats a scale score as interval.
func asInterval(rows []Result) []Result {
	for k := range rows {
		addNote(&rows[k], NoteInterval)
	}
	return rows
}
