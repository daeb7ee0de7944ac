package evaluate

// This file: the flow of pupils from allocation to the headline analysis
// (the CONSORT-style flow diagram), per outcome and arm, with the reasons
// pupils were lost. The reasons are status.go's, in its order; the rating
// of a headline (security.go) reads its attrition from here.

// Flow is how the pupils of one outcome went from allocation to the
// sample of its headline analysis (HeadlineRow), arm by arm.
type Flow struct {
	Outcome string `json:"outcome"`
	// Subgroup is "all" in Report.Flow; the ratings of subgroup levels
	// use flows of their own pupils.
	Subgroup string `json:"subgroup"`
	// Analysis and Measure name the headline row whose sample ends the
	// flow.
	Analysis Analysis `json:"analysis"`
	Measure  Measure  `json:"measure"`
	// NeitherArm counts the pupils of the data in neither arm (their
	// group value is neither a treated nor a comparison value, or is
	// missing): left out of every analysis. 0 for one group.
	NeitherArm int `json:"in_neither_arm"`
	// Arms are the intervention and comparison arms, or one arm "all"
	// for one group measured before and after.
	Arms []FlowArm `json:"arms"`
	// Caveats are the caveats about these pupils (missing.go: high
	// attrition, a headline model without many pupils who lack a
	// pretest), also in Report.Caveats; omitted when there are none.
	Caveats []string `json:"caveats,omitempty"`
	// Cluster is the design's cluster column ("" without one); each arm
	// then counts its clusters too.
	Cluster string `json:"cluster,omitempty"`
}

// FlowArm is one arm's pupils, from allocation to analysis.
type FlowArm struct {
	Arm string `json:"arm"` // intervention | comparison | all
	// Allocated is the pupils allocated to the arm before any loss: the
	// design's allocation when AllocationKnown, else the pupils in the
	// data (InData).
	Allocated       int  `json:"allocated"`
	AllocationKnown bool `json:"allocation_known"`
	// InData are the arm's pupils in the data; Allocated − InData were
	// lost before the data were entered (known only with the design's
	// allocation).
	InData int `json:"in_data"`
	// LeftOut are the pupils of the data left out of the headline
	// analysis, by reason, in status.go's order (missing outcome, missing
	// pretest, missing covariate X, missing cluster); for a matched
	// design, first those not in the matched sample.
	LeftOut []FlowLoss `json:"left_out"`
	// Analysed are the pupils of the headline row (its n_treated or
	// n_comparison).
	Analysed int `json:"analysed"`
	// Pool is true for the comparison arm of a matched design: a pool
	// the comparison group was matched from, whose unmatched pupils are
	// not lost.
	Pool bool `json:"pool"`
	// ClustersInData and ClustersAnalysed count the clusters (values of
	// the design's cluster column) with at least one of the arm's pupils
	// in the data, and in the analysed sample; 0 without a cluster
	// column.
	ClustersInData   int `json:"clusters_in_data,omitempty"`
	ClustersAnalysed int `json:"clusters_analysed,omitempty"`
}

// FlowLoss is a number of pupils left out, and why.
type FlowLoss struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Reasons of a flow beyond status.go's.
const (
	// ReasonNotMatched: a pupil of a matched design outside the matched
	// sample (no match within the caliper, or a matching covariate
	// missing).
	ReasonNotMatched = "not in the matched sample"
	// ReasonOther: left out of the headline model for a reason the flow
	// does not tell apart (a model that could not use every pupil).
	ReasonOther = "left out of the model for another reason"
)

// LostBeforeData is the pupils allocated to the arm but not in the data
// (0 when the allocation is not known).
func (a FlowArm) LostBeforeData() int {
	if !a.AllocationKnown {
		return 0
	}
	return a.Allocated - a.InData
}

// Lost is every pupil allocated to the arm but not analysed.
func (a FlowArm) Lost() int { return a.Allocated - a.Analysed }

// flowSample says which values the sample of a headline row needs.
type flowSample struct {
	pre, covs, cluster, matched bool
	// treatedOnly: a survey only the intervention pupils answered,
	// compared before and after among them.
	treatedOnly bool
}

// sampleOf is the sample rule of headline row h of outcome oc.
func (r *runner) sampleOf(oc *Outcome, h *Result) flowSample {
	var s flowSample
	switch h.Analysis {
	case AnalysisANCOVA, AnalysisLogistic:
		s.pre, s.covs = true, true
	case AnalysisMultilevel, AnalysisClusterRobust:
		s.pre, s.covs, s.cluster = true, true, true
	case AnalysisClusterCorrected:
		s.pre, s.covs = h.Measure == MeasureHedgesGAdjusted, h.Measure == MeasureHedgesGAdjusted
	case AnalysisPaired:
		s.pre = true
		s.treatedOnly = r.twoArm()
	case AnalysisMatched, AnalysisMatchedAdjusted:
		s.matched = true
	}
	s.pre = s.pre && oc.Pre != nil
	return s
}

// flow is the flow of outcome oc in group g to the sample of its headline
// row h, and the pupils of that sample.
func (r *runner) flow(oc *Outcome, g group, h *Result) (Flow, []int32) {
	f := Flow{Outcome: oc.Column, Subgroup: g.name, Analysis: h.Analysis, Measure: h.Measure}
	s := r.sampleOf(oc, h)
	oneGroup := !r.twoArm() || s.treatedOnly
	arms := []FlowArm{{Arm: ArmIntervention}, {Arm: ArmComparison}}
	if oneGroup {
		arms = []FlowArm{{Arm: ArmAll}}
		if s.treatedOnly {
			arms[0].Arm = ArmIntervention
		}
	}
	armOf := func(i int32) int {
		if oneGroup || r.in.Arm[i] == Treated {
			return 0
		}
		return 1
	}
	var pre []float64
	if s.pre {
		pre = oc.Pre
	}
	var covs []Variable
	if s.covs {
		covs = r.in.Covariates
	}
	var weights []float64
	if s.matched && r.rep.Matching != nil && len(r.rep.Matching.Weights) == r.n {
		weights = r.rep.Matching.Weights
	}
	var armCodes []int8
	if r.twoArm() {
		armCodes = r.in.Arm
	}
	counts := make([]map[string]int, len(arms))
	order := []string{}
	seen := map[string]bool{}
	kept := make([]int, len(arms))
	keptRows := make([]int32, 0, len(g.rows))
	for k := range counts {
		counts[k] = map[string]int{}
	}
	// The clusters of each arm in the data and analysed.
	var clIn, clKept []map[int32]bool
	if r.in.Cluster != nil {
		f.Cluster = r.in.Cluster.Name
		for range arms {
			clIn, clKept = append(clIn, map[int32]bool{}), append(clKept, map[int32]bool{})
		}
	}
	for _, i := range g.rows {
		if s.treatedOnly && r.in.Arm[i] != Treated {
			continue
		}
		a := armOf(i)
		arms[a].InData++
		if clIn != nil && r.in.Cluster.Codes[i] >= 0 {
			clIn[a][r.in.Cluster.Codes[i]] = true
		}
		reason := ""
		if weights != nil && !(weights[i] > 0) {
			reason = ReasonNotMatched
		} else {
			reason = exclusion(armCodes, oc.Y, pre, covs, nil, i)
			if reason == "" && s.cluster && r.in.Cluster != nil && r.in.Cluster.Codes[i] < 0 {
				reason = reasonMissingCluster(r.in.Cluster.Name)
			}
		}
		if reason == "" {
			kept[a]++
			keptRows = append(keptRows, i)
			if clKept != nil && r.in.Cluster.Codes[i] >= 0 {
				clKept[a][r.in.Cluster.Codes[i]] = true
			}
			continue
		}
		if !seen[reason] {
			seen[reason] = true
			order = append(order, reason)
		}
		counts[a][reason]++
	}
	order = flowOrder(order, oc, r.in.Covariates, r.in.Cluster)
	for a := range arms {
		for _, reason := range order {
			if n := counts[a][reason]; n > 0 {
				arms[a].LeftOut = append(arms[a].LeftOut, FlowLoss{Reason: reason, Count: n})
			}
		}
		analysed := kept[a]
		if n := flowN(h, a, oneGroup); n >= 0 && n != kept[a] {
			analysed = n
			if n < kept[a] {
				arms[a].LeftOut = append(arms[a].LeftOut, FlowLoss{Reason: ReasonOther, Count: kept[a] - n})
			}
		}
		arms[a].Analysed = analysed
		if clIn != nil {
			arms[a].ClustersInData, arms[a].ClustersAnalysed = len(clIn[a]), len(clKept[a])
		}
		arms[a].Allocated = arms[a].InData
		if al := r.in.Allocation; al != nil && !(a == 1 && r.in.Design == DesignMatched) {
			switch {
			case g.name == SubgroupAll && a == 0:
				arms[a].Allocated, arms[a].AllocationKnown = al.Treated, true
			case g.name == SubgroupAll:
				arms[a].Allocated, arms[a].AllocationKnown = al.Comparison, true
			case r.noLossBeforeData(s.treatedOnly):
				// Every allocated pupil is in the data, so a subgroup's
				// pupils in the data are those allocated.
				arms[a].AllocationKnown = true
			}
		}
		if arms[a].LeftOut == nil {
			arms[a].LeftOut = []FlowLoss{}
		}
	}
	if r.in.Design == DesignMatched && !oneGroup {
		arms[1].Pool = true
	}
	if g.name == SubgroupAll && r.twoArm() {
		f.NeitherArm = r.n - len(g.rows)
	}
	f.Arms = arms
	return f, keptRows
}

// noLossBeforeData reports whether the data hold every pupil the design
// says was allocated, in each arm.
func (r *runner) noLossBeforeData(treatedOnly bool) bool {
	al := r.in.Allocation
	if al == nil {
		return false
	}
	t, c := r.inData()
	if !r.twoArm() {
		return al.Treated == t
	}
	if treatedOnly || r.in.Design == DesignMatched {
		return al.Treated == t
	}
	return al.Treated == t && al.Comparison == c
}

// inData counts the pupils of the data in each arm (every pupil, in
// the first count, for one group).
func (r *runner) inData() (treated, comparison int) {
	if !r.twoArm() {
		return r.n, 0
	}
	for _, a := range r.in.Arm {
		switch a {
		case Treated:
			treated++
		case Comparison:
			comparison++
		}
	}
	return treated, comparison
}

// flowN is the headline row's count of arm a (n_treated, or n_comparison
// for a = 1); −1 when the row has none.
func flowN(h *Result, a int, oneGroup bool) int {
	p := h.NTreated
	if a == 1 && !oneGroup {
		p = h.NComparison
	}
	if p == nil {
		return -1
	}
	return *p
}

// flowOrder puts the reasons seen in status.go's order: not matched,
// outcome, pretest, each covariate, cluster.
func flowOrder(seen []string, oc *Outcome, covs []Variable, cluster *Factor) []string {
	want := []string{ReasonNotMatched, ReasonMissingOutcome, ReasonMissingPretest}
	for _, c := range covs {
		want = append(want, reasonMissingCovariate(c.Name))
	}
	if cluster != nil {
		want = append(want, reasonMissingCluster(cluster.Name))
	}
	has := map[string]bool{}
	for _, s := range seen {
		has[s] = true
	}
	var out []string
	for _, w := range want {
		if has[w] {
			out = append(out, w)
			delete(has, w)
		}
	}
	for _, s := range seen { // anything else, in the order met
		if has[s] {
			out = append(out, s)
			delete(has, s)
		}
	}
	return out
}
