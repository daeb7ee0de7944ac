package evaluate

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/power"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// This file: how secure each headline result is (docs/methods.md §16).
// After every analysis has run, Run rates the headline row of each outcome
// (all pupils and each subgroup level): the attrition from allocation to
// its sample (flow.go), the minimum detectable effect size of that sample
// (evaluate/power), the baseline balance of its pretest, the EEF padlocks,
// the WWC rating and the OfS standard of evidence (evaluate/rating), and
// the EEF cost rating. The ratings become result rows (Analysis "rating")
// and, step by step, Report.Security.

// Allocation is how many pupils were allocated to each arm before any loss
// (the design file's `allocation:`). Comparison is 0 for one group
// measured before and after, and for a matched design, whose comparison
// group is matched from a pool.
type Allocation struct {
	Treated, Comparison int
}

// Threat is one declared threat to validity and its level (low,
// moderate or high).
type Threat struct {
	Name, Level string
}

// ThreatNames are the threats to validity a design may declare, in the
// order the EEF lists them; "confounding" is combined with what the
// baseline balance shows (rating.PadlockConfoundingRule).
var ThreatNames = []string{"contamination", "concurrent_interventions", "implementation_fidelity",
	"missing_data", "measurement", "selective_reporting", rating.PadlockConfounding}

// ThreatLevels are the levels of a threat, lowest first.
var ThreatLevels = []string{rating.PadlockLow, rating.PadlockModerate, rating.PadlockHigh}

// WWCBoundaries are the WWC attrition boundaries; the first is the
// default.
var WWCBoundaries = []string{rating.AttritionCautious, rating.AttritionOptimistic}

// Security is the rating of one headline result, with every step.
type Security struct {
	Outcome  string
	Subgroup string // "all" or "COLUMN=VALUE"
	// Analysis and Measure name the headline row rated (HeadlineRow).
	Analysis Analysis
	Measure  Measure
	// Design is the design the rating read: the report's, except
	// pre-post for a survey only the intervention pupils answered,
	// compared before and after among them.
	Design Design
	// PretestAdjusted: the headline analysis adjusts for the pretest (or
	// matches on it). BaselineG is Hedges' g of the pretest between the
	// arms in the analysed sample (NaN without a pretest or a second arm).
	PretestAdjusted bool
	BaselineG       float64
	Flow            Flow
	Attrition       rating.AttritionRates
	MDES            AchievedMDES
	Padlocks        rating.PadlockResult
	WWC             rating.WWCRatingResult
	OfS             rating.OfSResult
	// Cost is the EEF cost rating (£ to £££££) of CostPerPupil, "" (and
	// CostPerPupil NaN) without a cost.
	Cost         string
	CostPerPupil float64
	// known and threats are what the ratings read of the allocation and
	// the declared threats (for RatingInputs).
	known   bool
	threats []RatingThreat
}

// AchievedMDES is the minimum detectable effect size of a headline's
// analysed sample (power.AchievedMDES, α = 0.05 two-sided, power 0.8),
// with what it read.
type AchievedMDES struct {
	MDES, SE, DF          float64 // NaN when it could not be computed
	NTreated, NComparison int
	// R2 is the pupil-level R² of the analysis's covariates (pre-post: the
	// squared pre–post correlation); R2Cluster, ICC and Clusters are a
	// cluster trial's.
	R2, R2Cluster, ICC float64
	Clusters           int
	Covariates         int
	// Basis says in a sentence where the inputs came from, or why there
	// is no MDES.
	Basis string
}

// ratingBasis is what an analysis knew about its sample that its rating
// needs: the R² of its covariates and, for a multilevel model, the ICC,
// the clusters and the cluster-level R². Run's tasks record one per
// outcome, group and kind of analysis (noteANCOVA, notePaired,
// noteMultilevel).
type ratingBasis struct {
	outcome, group string
	kind           Analysis // ancova | multilevel | paired
	r2, r2Cluster  float64
	icc            float64
	covariates     int
	clusters       int
	// clustersTreated: clusters wholly in the intervention arm of a
	// cluster-randomised layout (0 otherwise).
	clustersTreated int
	// boundary: the full multilevel model's τ² is 0.
	boundary bool
}

func (r *runner) noteBasis(b ratingBasis) { r.rep.bases = append(r.rep.bases, b) }

// noteANCOVA records the pupil-level R² of an ANCOVA's covariates, the
// share of the within-arm variance of the outcome they explain:
//
//	R² = 1 − RSS / ((n_t − 1)s_t² + (n_c − 1)s_c²)
//
// (the partial R² of the pretest and covariates given the treatment,
// PowerUp!'s R²; docs/methods.md §16).
func (r *runner) noteANCOVA(oc *Outcome, g group, a *ANCOVA) {
	if a == nil || a.Fit == nil {
		return
	}
	ssw := float64(a.T.N-1)*a.T.SD*a.T.SD + float64(a.C.N-1)*a.C.SD*a.C.SD
	r2 := 0.0
	if ssw > 0 {
		r2 = math.Max(0, 1-a.Fit.RSS/ssw)
	}
	r.noteBasis(ratingBasis{outcome: oc.Column, group: g.name, kind: AnalysisANCOVA, r2: r2,
		covariates: len(a.Fit.Names) - 2, icc: math.NaN()})
}

// notePaired records the squared correlation of the pretest and outcome
// of the pupils with both, the R² of a pre-post MDES.
func (r *runner) notePaired(oc *Outcome, g group, both []int32) {
	rho := sample.PooledCorrelation(oc.Pre, oc.Y, both)
	r2 := 0.0
	if !math.IsNaN(rho) {
		r2 = rho * rho
	}
	r.noteBasis(ratingBasis{outcome: oc.Column, group: g.name, kind: AnalysisPaired, r2: r2, icc: math.NaN()})
}

// noteMultilevel records a multilevel model's ICC (null model), clusters
// and the share of each level's variance the covariates explain, the
// proportional reduction from the null to the full model (Raudenbush &
// Bryk 2002, §4.2):
//
//	R²₁ = 1 − σ²_full/σ²_null,  R²₂ = 1 − τ²_full/τ²_null
//
// each at least 0. A full model at the boundary (τ² = 0) takes R²₂ =
// R²₁, rather than 1.
func (r *runner) noteMultilevel(oc *Outcome, g group, fullSigma2, fullTau2, nullSigma2, nullTau2 float64,
	clusters, clustersTreated, covariates int, boundary bool) {
	r1, r2 := 0.0, 0.0
	if nullSigma2 > 0 {
		r1 = math.Max(0, 1-fullSigma2/nullSigma2)
	}
	if nullTau2 > 0 {
		r2 = math.Max(0, 1-fullTau2/nullTau2)
	}
	if boundary || r2 >= 1 {
		r2 = r1
	}
	icc := math.NaN()
	if nullTau2+nullSigma2 > 0 {
		icc = nullTau2 / (nullTau2 + nullSigma2)
	}
	r.noteBasis(ratingBasis{outcome: oc.Column, group: g.name, kind: AnalysisMultilevel, r2: math.Min(r1, 0.999999),
		r2Cluster: math.Min(r2, 0.999999), icc: icc, covariates: covariates, clusters: clusters,
		clustersTreated: clustersTreated, boundary: boundary})
}

// basis finds the basis of kind recorded for outcome and group.
func (r *runner) basis(outcome, group string, kind Analysis) (ratingBasis, bool) {
	for _, b := range r.rep.bases {
		if b.outcome == outcome && b.group == group && b.kind == kind {
			return b, true
		}
	}
	return ratingBasis{}, false
}

// checkRating checks the rating's inputs: the allocation (no arm holds
// more pupils in the data than were allocated to it), the threats and the
// WWC boundary.
func checkRating(in Input) error {
	switch in.WWCBoundary {
	case "", rating.AttritionCautious, rating.AttritionOptimistic:
	default:
		return fmt.Errorf("unknown WWC attrition boundary %q (use cautious or optimistic)", in.WWCBoundary)
	}
	seen := map[string]bool{}
	for _, t := range in.Threats {
		if !contains(ThreatNames, t.Name) {
			return fmt.Errorf("unknown threat to validity %q (use %s)", t.Name, strings.Join(ThreatNames, ", "))
		}
		if !contains(ThreatLevels, t.Level) {
			return fmt.Errorf("threat %s: unknown level %q (use low, moderate or high)", t.Name, t.Level)
		}
		if seen[t.Name] {
			return fmt.Errorf("threat %s is given twice", t.Name)
		}
		seen[t.Name] = true
	}
	if in.CostPerPupil != nil && !(*in.CostPerPupil >= 0) {
		return fmt.Errorf("the cost per pupil is %v: want pounds, 0 or more", *in.CostPerPupil)
	}
	al := in.Allocation
	if al == nil {
		return nil
	}
	r := &runner{in: in, n: pupils(in)}
	t, c := r.inData()
	oneArm := in.Design == DesignPrePost || in.Design == DesignMatched
	switch {
	case al.Treated <= 0:
		return fmt.Errorf("allocation: %d pupils allocated to the intervention group: want at least 1", al.Treated)
	case oneArm && al.Comparison != 0:
		what := "one group has no comparison group"
		if in.Design == DesignMatched {
			what = "a matched design's comparison group is matched from a pool"
		}
		return fmt.Errorf("allocation: %s, so give only the pupils allocated to the programme (treated), not %d comparison pupils", what, al.Comparison)
	case !oneArm && al.Comparison <= 0:
		return fmt.Errorf("allocation: %d pupils allocated to the comparison group: want at least 1", al.Comparison)
	case al.Treated < t:
		return fmt.Errorf("allocation: %d pupils allocated to the intervention group, but the data hold %d of them", al.Treated, t)
	case !oneArm && al.Comparison < c:
		return fmt.Errorf("allocation: %d pupils allocated to the comparison group, but the data hold %d of them", al.Comparison, c)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rate rates the headline row of each outcome, for all pupils and each
// subgroup level, and adds the rating rows, Report.Security and
// Report.Flow (all pupils). An outcome's rating rows follow its other
// rows, in group order.
func (r *runner) rate() error {
	done := map[string]bool{}
	rows := map[string][]Result{}
	for k := range r.in.Outcomes {
		oc := &r.in.Outcomes[k]
		for _, g := range r.groups {
			key := oc.Column + "\x00" + g.name
			if done[key] {
				continue
			}
			done[key] = true
			hp := HeadlineRow(r.rep, oc.Column, g.name)
			if hp == nil {
				continue
			}
			h := *hp
			sec, err := r.security(oc, g, &h)
			if err != nil {
				return fmt.Errorf("rating %s, %s: %w", oc.Column, g.name, err)
			}
			r.rep.Security = append(r.rep.Security, sec)
			if g.name == SubgroupAll {
				r.rep.Flow = append(r.rep.Flow, sec.Flow)
			}
			rows[oc.Column] = append(rows[oc.Column], ratingRows(oc, sec, &h)...)
		}
	}
	r.rep.Results = insertAfterOutcomes(r.rep.Results, rows)
	return nil
}

// insertAfterOutcomes puts each outcome's extra rows after its last row
// (the rows of an outcome are contiguous), and those of an outcome without
// rows at the end, in the order of the results.
func insertAfterOutcomes(results []Result, extra map[string][]Result) []Result {
	if len(extra) == 0 {
		return results
	}
	n := len(results)
	for _, x := range extra {
		n += len(x)
	}
	out := make([]Result, 0, n)
	for i := range results {
		out = append(out, results[i])
		o := results[i].Outcome
		if i+1 == len(results) || results[i+1].Outcome != o {
			out = append(out, extra[o]...)
			delete(extra, o)
		}
	}
	return out
}

// security rates headline row h of outcome oc in group g.
func (r *runner) security(oc *Outcome, g group, h *Result) (Security, error) {
	s := r.sampleOf(oc, h)
	design := r.in.Design
	if h.Analysis == AnalysisPaired {
		design = DesignPrePost
	}
	sec := Security{Outcome: oc.Column, Subgroup: g.name, Analysis: h.Analysis, Measure: h.Measure,
		Design: design, CostPerPupil: math.NaN()}
	f, kept := r.flow(oc, g, h)
	sec.Flow = f
	sec.BaselineG, sec.PretestAdjusted = r.baseline(oc, h, s, kept)
	sec.Attrition = r.attrition(f, g)
	if n := r.subgroupAllocationNote(g); n != "" {
		sec.Attrition.Notes = []string{n}
	}
	sec.MDES = r.achievedMDES(oc, g, h, design, s, f, kept)

	threats := make([]rating.PadlockThreat, len(r.in.Threats))
	sec.threats = []RatingThreat{}
	for i, t := range r.in.Threats {
		threats[i] = rating.PadlockThreat{Name: t.Name, Level: t.Level}
		sec.threats = append(sec.threats, RatingThreat(t))
	}
	known := sec.Attrition.Counts.AllocationKnown || (g.name != SubgroupAll && r.in.Allocation != nil)
	sec.known = known
	var err error
	sec.Padlocks, err = rating.Padlocks(rating.PadlockInput{Design: design, PretestAdjusted: sec.PretestAdjusted,
		MDES: sec.MDES.MDES, Attrition: sec.Attrition.Overall, AllocationKnown: known,
		BaselineG: sec.BaselineG, Threats: threats})
	if err != nil {
		return sec, err
	}
	for i := range sec.Padlocks.Steps {
		st := &sec.Padlocks.Steps[i]
		switch st.Criterion {
		case "mdes":
			st.Explanation += " " + sec.MDES.Basis
		case "attrition":
			if n := r.subgroupAllocationNote(g); n != "" {
				st.Explanation += " " + n
			}
			if design == DesignMatched {
				st.Explanation += " " + matchedAttritionNote
			}
		}
	}
	sec.WWC, err = rating.WWCRating(rating.WWCRatingInput{Design: design, Attrition: sec.Attrition.Class,
		AllocationKnown: known, BaselineG: sec.BaselineG, Adjusted: sec.PretestAdjusted})
	if err != nil {
		return sec, err
	}
	n := 0
	for _, a := range f.Arms {
		n += a.Analysed
	}
	sec.OfS, err = rating.OfSType(rating.OfSInput{Design: design, NAnalysed: n,
		BaselineG: sec.BaselineG, Adjusted: sec.PretestAdjusted})
	if err != nil {
		return sec, err
	}
	if c := r.in.CostPerPupil; c != nil {
		sec.CostPerPupil = *c
		sec.Cost = rating.CostRating(*c)
	}
	return sec, nil
}

// matchedAttritionNote says what attrition means in a matched design.
const matchedAttritionNote = "In a matched design only the intervention group's losses count: the comparison group was chosen from a pool, whose unmatched pupils are not lost."

// subgroupAllocationNote says, for a subgroup level of a design that gives
// its allocation, how the level's allocation was found.
func (r *runner) subgroupAllocationNote(g group) string {
	if g.name == SubgroupAll || r.in.Allocation == nil {
		return ""
	}
	if r.noLossBeforeData(false) || (r.twoArm() && r.in.Design != DesignMatched && r.noLossBeforeData(true)) {
		return SubgroupAllocationInData
	}
	return SubgroupAllocationUnknown
}

// The notes (AttritionRates.Notes) of a subgroup level's rating when the
// design gives the pupils allocated for all pupils.
const (
	SubgroupAllocationInData  = "Every pupil allocated is in the data, so this subgroup's pupils in the data are those allocated."
	SubgroupAllocationUnknown = "The design gives the pupils allocated in all, not in this subgroup, so its pupils in the data were taken as allocated: its losses before the data were entered are unknown."
)

// attrition is the attrition of flow f: both arms of a comparison, the
// intervention arm alone for one group and for a matched design.
func (r *runner) attrition(f Flow, g group) rating.AttritionRates {
	t := f.Arms[0]
	c := rating.AttritionCounts{AllocatedTreated: t.Allocated, AnalysedTreated: t.Analysed,
		AllocationKnown: t.AllocationKnown}
	if len(f.Arms) == 2 && !f.Arms[1].Pool {
		a := f.Arms[1]
		c.AllocatedComparison, c.AnalysedComparison = a.Allocated, a.Analysed
		c.AllocationKnown = c.AllocationKnown && a.AllocationKnown
	}
	boundary := r.in.WWCBoundary
	att, err := rating.Attrition(c, boundary)
	if err != nil {
		att.Explanation = "Attrition could not be worked out: " + err.Error() + "."
		return att
	}
	if len(f.Arms) == 2 && f.Arms[1].Pool {
		att.Rule = "a matched comparison group is chosen from a pool: only the intervention group's losses are attrition"
		att.Explanation = fmt.Sprintf("%d of %d intervention pupils (%.1f%%) were lost between the start and the analysis. %s",
			t.Lost(), t.Allocated, 100*att.Overall, matchedAttritionNote)
	}
	return att
}

// baseline is Hedges' g of the pretest between the arms over the pupils
// of the analysed sample who have one, and whether the headline analysis
// adjusts for the pretest (or matches on it). A matched design reads the
// balance after matching (the matching weights; docs/methods.md §10).
func (r *runner) baseline(oc *Outcome, h *Result, s flowSample, kept []int32) (g float64, adjusted bool) {
	if oc.Pre == nil || !r.twoArm() || s.treatedOnly {
		return math.NaN(), false
	}
	if r.in.Design == DesignMatched && r.rep.Matching != nil {
		matchedOn := false
		if r.in.Matching != nil {
			for _, v := range r.in.Matching.Covariates {
				if v.Name == oc.PreColumn {
					matchedOn = true
				}
			}
		}
		adjusted = matchedOn || h.Analysis == AnalysisMatchedAdjusted
		for _, b := range r.rep.Matching.Balance {
			if b.Sample == "after_matching" && b.Variable == oc.PreColumn && b.Level == "" {
				return float64(b.SMD), adjusted
			}
		}
	} else {
		adjusted = s.pre
	}
	rows := make([]int32, 0, len(kept))
	for _, i := range kept {
		if !math.IsNaN(oc.Pre[i]) {
			rows = append(rows, i)
		}
	}
	t, c := armSummaries(oc.Pre, r.in.Arm, rows)
	if t.N < 2 || c.N < 2 {
		return math.NaN(), adjusted
	}
	return effectsize.HedgesG(t, c), adjusted
}

// achievedMDES is the MDES of headline row h's sample (power.AchievedMDES):
// its pupils per arm; the R² of the analysis's covariates (an ANCOVA's,
// noteANCOVA; a multilevel model's at each level, noteMultilevel; the
// squared pre–post correlation of one group, notePaired; 0 for an
// unadjusted comparison); for a cluster-randomised trial its clusters
// and ICC (the multilevel model's, else the one-way ANOVA ICC).
func (r *runner) achievedMDES(oc *Outcome, g group, h *Result, design Design, s flowSample, f Flow, kept []int32) AchievedMDES {
	m := AchievedMDES{MDES: math.NaN(), SE: math.NaN(), DF: math.NaN(), ICC: math.NaN()}
	m.NTreated = f.Arms[0].Analysed
	if len(f.Arms) == 2 {
		m.NComparison = f.Arms[1].Analysed
	}
	a := power.Achieved{Design: design, NTreated: m.NTreated, NComparison: m.NComparison}
	var basis []string
	pupils := fmt.Sprintf("%d pupils analysed", m.NTreated+m.NComparison)
	if len(f.Arms) == 2 {
		pupils = fmt.Sprintf("%d and %d pupils analysed", m.NTreated, m.NComparison)
	}
	basis = append(basis, pupils)
	ancova := func() {
		b, ok := r.basis(oc.Column, g.name, AnalysisANCOVA)
		what := "in the ANCOVA"
		if !ok && g.name != SubgroupAll {
			b, ok = r.basis(oc.Column, SubgroupAll, AnalysisANCOVA)
			what = "in the ANCOVA of all pupils"
		}
		if h.Analysis == AnalysisMatchedAdjusted {
			what = "in the ANCOVA of all pupils with the outcome (taken for the matched regression's)"
		}
		if ok {
			a.R2, a.Covariates = b.r2, b.covariates
			basis = append(basis, fmt.Sprintf("an R² of %.2f of the pretest and covariates %s", b.r2, what))
		}
	}
	clustered := design == DesignClusterRCT
	switch {
	case design == DesignPrePost:
		if b, ok := r.basis(oc.Column, g.name, AnalysisPaired); ok {
			a.R2 = b.r2
			basis = append(basis, fmt.Sprintf("a correlation of %.2f between the scores before and after (R² %.2f)", math.Sqrt(b.r2), b.r2))
		} else {
			basis = append(basis, "no correlation between the scores before and after taken into account")
		}
	case clustered && h.Analysis == AnalysisMultilevel:
		if b, ok := r.basis(oc.Column, g.name, AnalysisMultilevel); ok {
			a.R2, a.R2Cluster, a.ICC, a.Clusters, a.Covariates = b.r2, b.r2Cluster, b.icc, b.clusters, b.covariates
			a.ClustersTreated = b.clustersTreated
			basis = append(basis, fmt.Sprintf("%d clusters, an ICC of %.2f from the multilevel model without predictors, and R² of %.2f among pupils and %.2f among clusters from the multilevel model",
				b.clusters, b.icc, b.r2, b.r2Cluster))
		}
	case clustered:
		if s.pre || s.covs {
			ancova()
		}
		if r.in.Cluster == nil {
			basis = append(basis, "no cluster column, so the ICC is unknown")
			break
		}
		rho, k, _ := effectsize.ICC(oc.Y, r.in.Cluster.Codes, len(r.in.Cluster.Levels), kept)
		a.ICC, a.Clusters = rho, k
		basis = append(basis, fmt.Sprintf("%d clusters and an ICC of %.2f (one-way ANOVA of the outcome)", k, rho))
	case h.Analysis == AnalysisMatchedAdjusted || s.pre || s.covs:
		ancova()
	}
	if oc.Type == TypeBinary || oc.Type == TypeOrdinal && h.Measure == MeasureRankBiserial {
		basis = append(basis, "read on the scale of a standardised mean difference, as for a score")
	}
	m.R2, m.R2Cluster, m.ICC, m.Clusters, m.Covariates = a.R2, a.R2Cluster, a.ICC, a.Clusters, a.Covariates
	res, err := power.AchievedMDES(a)
	if err != nil {
		m.Basis = "It could not be computed: " + strings.TrimPrefix(err.Error(), "achieved mdes: ") + "."
		if clustered && r.in.Cluster == nil {
			m.Basis = "It could not be computed: the design names no cluster column, so the ICC is unknown."
		}
		return m
	}
	m.MDES, m.SE, m.DF = res.MDES, res.SE, res.DF
	m.Basis = "It rests on " + joinAnd(basis) + " (α = 0.05, power 0.8)."
	return m
}

// joinAnd joins phrases as "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// ratingRows are the rows of Analysis "rating" of a headline: eef_padlocks
// (with the WWC rating, the OfS type, the reasons and the cost rating),
// attrition_overall, attrition_differential and mdes_achieved.
func ratingRows(oc *Outcome, sec Security, h *Result) []Result {
	rated := fmt.Sprintf("rates the %s %s row", h.Analysis, h.Measure)
	p := newRow(AnalysisRating, MeasureEEFPadlocks)
	p.Estimate = Num(sec.Padlocks.Padlocks)
	p.WWCRating, p.OfSType, p.Reasons, p.CostRating = sec.WWC.Rating, sec.OfS.Name, sec.Padlocks.Reasons(), sec.Cost
	p.RatingInputs = &RatingInputs{Design: sec.Design, PretestAdjusted: sec.PretestAdjusted, MDES: Num(sec.MDES.MDES),
		Attrition: Num(sec.Attrition.Overall), AttritionClass: sec.Attrition.Class, AllocationKnown: sec.known,
		BaselineG: Num(sec.BaselineG), Threats: sec.threats, CostPerPupil: Num(sec.CostPerPupil)}
	p.Note = rated + "; " + rating.PadlockLabel

	ov := newRow(AnalysisRating, MeasureAttritionOverall)
	ov.Estimate = Num(sec.Attrition.Overall)
	ov.Note = strings.TrimSpace(sec.Attrition.Explanation + " " + strings.Join(capitalised(sec.Attrition.Notes), " "))

	df := newRow(AnalysisRating, MeasureAttritionDifferential)
	df.Estimate = Num(sec.Attrition.Differential)
	switch {
	case sec.Attrition.Class != "":
		df.Note = fmt.Sprintf("WWC attrition: %s (%s boundary; %s); %s", sec.Attrition.Class, sec.Attrition.Boundary,
			sec.Attrition.Rule, rating.AttritionBoundarySource)
	case sec.Attrition.Rule != "":
		df.Note = "not classified: " + sec.Attrition.Rule
	}

	md := newRow(AnalysisRating, MeasureMDESAchieved)
	md.Estimate, md.SE, md.DF = Num(sec.MDES.MDES), Num(sec.MDES.SE), Num(sec.MDES.DF)
	md.Note = "minimum detectable effect size of the analysed sample (Bloom 1995; Dong & Maynard 2013, PowerUp!). " + sec.MDES.Basis

	out := []Result{p, ov, df, md}
	for i := range out {
		out[i].NTreated, out[i].NComparison = h.NTreated, h.NComparison
	}
	return label(out, oc, sec.Subgroup, "")
}

// capitalised returns each sentence with a capital and a full stop.
func capitalised(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		if x == "" {
			continue
		}
		x = strings.ToUpper(x[:1]) + x[1:]
		if !strings.HasSuffix(x, ".") {
			x += "."
		}
		out[i] = x
	}
	return out
}
