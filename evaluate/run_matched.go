package evaluate

import (
	"sort"

	"github.com/whatworks/whatworks/evaluate/rating"
)

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
	r.matchedBaseline(m.Report)
	r.rep.Results = append(r.rep.Results, MatchedResults(r.in, m, r.o)...)
	// Outcome order; rows of anything else (balance rows) last.
	pos := map[string]int{}
	for k, oc := range r.in.Outcomes {
		if _, ok := pos[oc.Column]; !ok {
			pos[oc.Column] = k
		}
	}
	// A pretest scale's reliability row stays with its outcome.
	for k, oc := range r.in.Outcomes {
		if _, ok := pos[oc.PreScale]; !ok && oc.PreScale != "" {
			pos[oc.PreScale] = k
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

// matchedBaseline adds the WWC baseline-equivalence caveat of each
// outcome's pretest in the matched sample: from the after-matching balance
// when the pretest is a matching covariate, else a caveat that its balance
// was not checked. The SMD there divides by the SD of the pupils who took
// part before matching (MatchIt's convention), not the pooled SD.
func (r *runner) matchedBaseline(m *MatchReport) {
	if m == nil {
		return
	}
	for k := range r.in.Outcomes {
		oc := &r.in.Outcomes[k]
		if oc.Pre == nil || r.treatedOnly(oc) {
			continue
		}
		found := false
		for _, b := range m.Balance {
			if b.Sample != "after_matching" || b.Variable != oc.PreColumn || b.Level != "" {
				continue
			}
			found = true
			switch b.WWC {
			case rating.WWCFails:
				r.caveat("%s: even after matching the groups are far apart on %s (standardised difference %s, "+
					"more than the 0.25 the What Works Clearinghouse allows), so the results may be biased",
					oc.Name(), oc.PreColumn, smdWords(float64(b.SMD)))
			case rating.WWCAdjust:
				r.caveat("%s: after matching the groups are a little apart on %s (standardised difference %s, "+
					"between 0.05 and 0.25): rely on the matched results adjusted for it",
					oc.Name(), oc.PreColumn, smdWords(float64(b.SMD)))
			}
		}
		if !found {
			r.caveat("%s: the pretest %s is not among matching.covariates, so the matched groups may differ on it: "+
				"add it to the matching covariates, or rely on the matched results adjusted for it",
				oc.Name(), oc.PreColumn)
		}
	}
}
