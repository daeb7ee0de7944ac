package testreport

import (
	"math"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/power"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// rateSpec says how to rate the hand-built reports' headlines: which rows
// are the headlines, and the test data the rating reads beyond them (how
// many pupils were allocated, lost before the data, missing an outcome;
// the R² of the pretest; the baseline balance; the declared threats; the
// cost).
type rateSpec struct {
	analysis evaluate.Analysis
	measure  evaluate.Measure
	// beforeData and missing are the pupils of each arm (intervention,
	// comparison) of all pupils lost before the data and missing the
	// outcome; known says the design gave the allocation.
	beforeData, missing [2]int
	known               bool
	pool                bool // the comparison arm is a pool (matched)
	r2, baselineG       float64
	adjusted            bool
	threats             []rating.PadlockThreat
	cost                float64 // NaN: none
}

// rate fills r.Security (and r.Flow, for all pupils) for each headline
// row of r by spec, with evaluate/rating and evaluate/power, as Run does
// from data: test data, but every rating follows from it by the rules.
func rate(r *evaluate.Report, sp rateSpec) {
	for _, x := range r.Results {
		if x.Analysis != sp.analysis || x.Measure != sp.measure {
			continue
		}
		all := x.Subgroup == evaluate.SubgroupAll
		nT, nC := 0, 0
		if x.NTreated != nil {
			nT = *x.NTreated
		}
		if x.NComparison != nil {
			nC = *x.NComparison
		}
		arm := func(name string, n, i int) evaluate.FlowArm {
			a := evaluate.FlowArm{Arm: name, Analysed: n, InData: n}
			if all {
				a.InData += sp.missing[i]
				if sp.missing[i] > 0 {
					a.LeftOut = []evaluate.FlowLoss{{Reason: "missing outcome", Count: sp.missing[i]}}
				}
			}
			a.Allocated, a.AllocationKnown = a.InData, false
			if all && sp.known {
				a.Allocated, a.AllocationKnown = a.InData+sp.beforeData[i], true
			}
			return a
		}
		f := evaluate.Flow{Outcome: x.Outcome, Subgroup: x.Subgroup, Analysis: x.Analysis, Measure: x.Measure}
		design := r.Design
		if design == power.PrePost {
			f.Arms = []evaluate.FlowArm{arm("all", nT, 0)}
		} else {
			f.Arms = []evaluate.FlowArm{arm("intervention", nT, 0), arm("comparison", nC, 1)}
			f.Arms[1].Pool = sp.pool
		}
		c := rating.AttritionCounts{AllocatedTreated: f.Arms[0].Allocated, AnalysedTreated: nT,
			AllocationKnown: f.Arms[0].AllocationKnown}
		if len(f.Arms) == 2 && !sp.pool {
			c.AllocatedComparison, c.AnalysedComparison = f.Arms[1].Allocated, nC
		}
		att, err := rating.Attrition(c, "")
		if err != nil {
			panic(err)
		}
		if !all && sp.known {
			att.Notes = []string{evaluate.SubgroupAllocationUnknown}
		}
		m, err := power.AchievedMDES(power.Achieved{Design: design, NTreated: nT, NComparison: nC, R2: sp.r2, Covariates: 1})
		if err != nil {
			panic(err)
		}
		g := sp.baselineG
		if design == power.PrePost {
			g = math.NaN()
		}
		s := evaluate.Security{Outcome: x.Outcome, Subgroup: x.Subgroup, Analysis: x.Analysis, Measure: x.Measure,
			Design: r.Design, PretestAdjusted: sp.adjusted, BaselineG: g, Flow: f, Attrition: att,
			MDES: evaluate.AchievedMDES{MDES: m.MDES, SE: m.SE, DF: m.DF, NTreated: nT, NComparison: nC, R2: sp.r2,
				R2Cluster: math.NaN(), ICC: math.NaN(), Covariates: 1, Basis: "It rests on test data."},
			CostPerPupil: sp.cost, Cost: rating.CostRating(sp.cost)}
		if s.Padlocks, err = rating.Padlocks(rating.PadlockInput{Design: design, PretestAdjusted: sp.adjusted, MDES: m.MDES,
			Attrition: att.Overall, AllocationKnown: c.AllocationKnown, BaselineG: g, Threats: sp.threats}); err != nil {
			panic(err)
		}
		if s.WWC, err = rating.WWCRating(rating.WWCRatingInput{Design: design, Attrition: att.Class,
			AllocationKnown: c.AllocationKnown, BaselineG: g, Adjusted: sp.adjusted}); err != nil {
			panic(err)
		}
		if s.OfS, err = rating.OfSType(rating.OfSInput{Design: design, NAnalysed: nT + nC, BaselineG: g, Adjusted: sp.adjusted}); err != nil {
			panic(err)
		}
		r.Security = append(r.Security, s)
		if all {
			r.Flow = append(r.Flow, f)
		}
	}
}
