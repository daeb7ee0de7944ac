package evaluate

import (
	"fmt"
	"math"
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
		return r.binaryTwoArmGroup(oc, g, adjusted, all), nil
	case oc.Type == TypeOrdinal:
		out := r.ordinalTwoArmGroup(oc, g, all)
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
		return r.binaryInteraction(oc, by)
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

// asInterval notes on each row that it treats a scale score as interval.
func asInterval(rows []Result) []Result {
	for k := range rows {
		addNote(&rows[k], NoteInterval)
	}
	return rows
}
