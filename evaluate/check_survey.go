package evaluate

import (
	"fmt"
	"math"
)

// ProportionCheck is the share of one arm's pupils answering yes to a
// yes/no outcome (or its pretest).
type ProportionCheck struct {
	Outcome    string `json:"outcome"`
	Variable   string `json:"variable"` // the outcome or its pretest
	Time       string `json:"time"`     // pre | post
	Arm        string `json:"arm"`
	N          int    `json:"n"`   // pupils with an answer
	Yes        int    `json:"yes"` // of them, answering yes (1)
	Proportion Num    `json:"proportion"`
}

// ExpectedCheck is the expected counts of the 2×2 table of a yes/no
// outcome by arm if the outcome did not depend on the arm (rows
// intervention, comparison; columns yes, no). The chi-square p is
// unreliable when one is under 5 (Cochran 1954): whatworks then leads
// with Fisher's exact p.
type ExpectedCheck struct {
	Outcome  string        `json:"outcome"`
	Subgroup string        `json:"subgroup"`
	Expected [2][2]float64 `json:"expected"`
	Min      Num           `json:"min"`
}

// surveyChecks adds what Check says about yes/no outcomes and scales: the
// share answering yes in each arm, the expected counts of the 2×2 table
// (a warning under 5), each scale's answer counts, items nobody varies on
// and pupils short of min_items.
func (k *checker) surveyChecks() {
	in, c := k.in, k.c
	for i := range in.Outcomes {
		oc := &in.Outcomes[i]
		if oc.Type != TypeBinary {
			continue
		}
		vars := []struct {
			name, time string
			x          []float64
		}{{oc.Column, TimePost, oc.Y}}
		if oc.Pre != nil && isBinary(oc.Pre, k.all) {
			vars = append([]struct {
				name, time string
				x          []float64
			}{{oc.PreColumn, TimePre, oc.Pre}}, vars...)
		}
		for _, v := range vars {
			for _, a := range k.arms {
				pc := ProportionCheck{Outcome: oc.Column, Variable: v.name, Time: v.time, Arm: a.name, Proportion: NaN}
				for _, j := range a.rows {
					if x := v.x[j]; !math.IsNaN(x) {
						pc.N++
						if x == 1 {
							pc.Yes++
						}
					}
				}
				if pc.N > 0 {
					pc.Proportion = Num(float64(pc.Yes) / float64(pc.N))
				}
				c.Proportions = append(c.Proportions, pc)
			}
		}
		if !k.r.twoArm() || k.r.treatedOnly(oc) {
			continue
		}
		for _, g := range k.r.groups {
			t := binaryCounts(oc.Y, in.Arm, g.rows)
			if t.N1 == 0 || t.N0 == 0 {
				continue
			}
			ec := ExpectedCheck{Outcome: oc.Column, Subgroup: g.name, Expected: t.Expected(), Min: Num(t.MinExpected())}
			c.Expected = append(c.Expected, ec)
			if m := float64(ec.Min); m < smallExpected {
				where := ""
				if g.name != SubgroupAll {
					where = ", " + g.name
				}
				k.warn("%s%s: an expected count of the yes/no table is %.1f, under %d: the chi-square p-value is unreliable there, "+
					"so whatworks leads with Fisher's exact p", oc.Name(), where, m, smallExpected)
			}
		}
	}
	for si := range in.Scales {
		s := &in.Scales[si]
		rep, _ := k.r.scaleReport(s, k.r.groups[0])
		c.Scales = append(c.Scales, rep)
		for _, it := range rep.Stats {
			used, answer := 0, 0
			for v := range it.Answers[0].Counts {
				n := 0
				for _, a := range it.Answers {
					if v < len(a.Counts) {
						n += a.Counts[v]
					}
				}
				if n > 0 {
					used++
					answer = v
				}
			}
			if used == 1 {
				what := fmtG(s.Rule.Min + float64(answer))
				if answer < len(s.Levels) {
					what = s.Levels[answer]
				}
				k.warn("scale %s: every pupil who answered %s gave the same answer (%s), so it cannot tell pupils apart (it is left out of Cronbach's alpha)",
					s.Name, it.Item, what)
			}
		}
		if rep.Short > 0 {
			who, have := fmt.Sprintf("%d pupils", rep.Short), "they have"
			if rep.Short == 1 {
				who, have = "1 pupil", "it has"
			}
			k.warn("scale %s: %s answered some items but fewer than %d (min_items), so %s no score", s.Name, who, rep.MinItems, have)
		}
	}
}
