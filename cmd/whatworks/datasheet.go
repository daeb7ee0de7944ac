package main

import (
	"math"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
)

// dataSheet is the workbook's optional Data sheet: every pupil row as read,
// then whatworks' flags: the pupil's arm and, for each outcome, whether the
// pupil was analysed and, if not, why; for a matched design also the
// propensity score and matching weight (0 = not in the matched sample).
func dataSheet(ev *designs.Evaluation, in evaluate.Input, m *evaluate.MatchReport) *reports.DataSheet {
	t := ev.Table
	ds := &reports.DataSheet{Header: append(t.Names(), "whatworks_arm")}
	for _, oc := range in.Outcomes {
		ds.Header = append(ds.Header, "whatworks_"+oc.Column)
	}
	matched := m != nil && len(m.Weights) == t.Rows() && len(m.PS) == t.Rows()
	if matched {
		ds.Header = append(ds.Header, "whatworks_propensity_score", "whatworks_match_weight")
	}
	for i := 0; i < t.Rows(); i++ {
		row := make([]any, 0, len(ds.Header))
		for _, c := range t.Columns {
			switch {
			case c.IsMissing(i):
				row = append(row, nil)
			case c.Kind == table.Numeric:
				row = append(row, c.Num[i])
			default:
				row = append(row, c.Text(i))
			}
		}
		row = append(row, armName(in, i))
		for _, oc := range in.Outcomes {
			row = append(row, pupilStatus(in, oc, i))
		}
		if matched {
			var ps any
			if !math.IsNaN(m.PS[i]) {
				ps = m.PS[i]
			}
			row = append(row, ps, m.Weights[i])
		}
		ds.Rows = append(ds.Rows, row)
	}
	return ds
}

func armName(in evaluate.Input, i int) string {
	if in.Arm == nil {
		return "all"
	}
	switch in.Arm[i] {
	case evaluate.Treated:
		return "intervention"
	case evaluate.Comparison:
		return "comparison"
	}
	return "excluded: in neither group"
}

// pupilStatus says whether pupil i is in the analyses of outcome oc.
func pupilStatus(in evaluate.Input, oc evaluate.Outcome, i int) string {
	if in.Arm != nil && in.Arm[i] == evaluate.Excluded {
		return "excluded: in neither group"
	}
	if math.IsNaN(oc.Y[i]) {
		return "excluded: outcome missing"
	}
	if oc.Pre != nil && math.IsNaN(oc.Pre[i]) {
		if in.Arm == nil {
			return "excluded: pre-test missing"
		}
		return "analysed; left out of adjusted analyses: pre-test missing"
	}
	for _, v := range in.Covariates {
		if (v.Num != nil && math.IsNaN(v.Num[i])) || (v.Factor != nil && v.Factor.Codes[i] < 0) {
			return "analysed; left out of adjusted analyses: " + v.Name + " missing"
		}
	}
	return "analysed"
}
