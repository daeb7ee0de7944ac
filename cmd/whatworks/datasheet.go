package main

import (
	"math"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/workbook"
)

// dataSheet is the workbook's optional Data sheet: every pupil row as read,
// then whatworks' flags: the pupil's arm and, for each outcome, whether the
// pupil was analysed and, if not, why; for a matched design also the
// propensity score and matching weight (0 = not in the matched sample).
func dataSheet(ev *designs.Evaluation, in evaluate.Input, m *evaluate.MatchReport) *workbook.DataSheet {
	t := ev.Table
	ds := &workbook.DataSheet{Header: append(t.Names(), "whatworks_arm")}
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
		row = append(row, evaluate.ArmName(in, i))
		for _, oc := range in.Outcomes {
			row = append(row, evaluate.PupilStatus(in, oc, i))
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
