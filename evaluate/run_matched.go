package evaluate

import "sort"

// matched adds what a matched design adds to the report: the matching
// (Match), the matched-sample rows of every continuous outcome and the
// balance rows before and after matching (MatchedResults), the matching
// report, its balance table and its warnings (as caveats, prefixed
// "matching: "). Each outcome's matched rows follow its other rows; the
// balance rows (whose Outcome is the covariate) come last.
func (r *runner) matched() error {
	m, err := Match(r.in)
	if err != nil {
		return err
	}
	r.rep.Matching = m.Report
	if m.Report != nil {
		r.rep.Balance = append(r.rep.Balance, m.Report.Balance...)
		for _, w := range m.Report.Warnings {
			r.caveat("matching: %s", w)
		}
	}
	r.rep.Results = append(r.rep.Results, MatchedResults(r.in, m, r.o)...)
	// Outcome order; rows of anything else (balance rows) last.
	pos := map[string]int{}
	for k, oc := range r.in.Outcomes {
		if _, ok := pos[oc.Column]; !ok {
			pos[oc.Column] = k
		}
	}
	rank := func(row Result) int {
		if k, ok := pos[row.Outcome]; ok {
			return k
		}
		return len(r.in.Outcomes)
	}
	sort.SliceStable(r.rep.Results, func(a, b int) bool {
		return rank(r.rep.Results[a]) < rank(r.rep.Results[b])
	})
	return nil
}
