package evaluate

// Which analyses an outcome gets, by its type (docs/methods.md §11–12):
// the dispatch of Run's per-group, interaction and gap tasks.

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
