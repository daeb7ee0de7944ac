package evaluate

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/power"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// This file: planning an evaluation before it starts (whatworks plan).
// Every number comes from evaluate/power (MDES, power, sizes; docs/methods.md
// §15) and evaluate/rating (the padlock criteria, §16); this file only
// gathers them into a PlanReport with rows shaped like Result.

// Plan is a planned design and its choices (package power), so that
// callers can read a PlanReport without importing the statistical family.
type Plan = power.Plan

// What a plan solves for (PlanInput.Solve, PlanReport.Solved); the values
// of package power.
const (
	SolveMDES     = power.SolveMDES     // sizes given
	SolvePower    = power.SolvePower    // sizes and effect given
	SolveN        = power.SolveN        // pupils, effect given
	SolveClusters = power.SolveClusters // clusters, effect given
)

// PlanInput is what a plan asks for, as plain values.
type PlanInput struct {
	Title   string // "" = "Plan"
	Outcome string // the outcome the rows name; "" = "outcome"
	// Plan is the design and its choices. Sizes not given are zero;
	// zero Alpha, Power and PTreated mean power's defaults.
	Plan power.Plan
	// Effect is the effect size to detect, in SDs; NaN when not given.
	Effect float64
	// Solve is what to solve for: power.SolveMDES (sizes given),
	// power.SolvePower (sizes and Effect given), power.SolveN or
	// power.SolveClusters (Effect given).
	Solve string
	// Pretest is true when the analysis will adjust for a pretest (the
	// design's outcome has one), for the design criterion of a two-group
	// design; an R2Pupil above 0 implies it.
	Pretest bool
	// Attrition is the expected proportion of pupils lost between
	// allocation and analysis; 0 = none expected.
	Attrition float64
	// FSMShare is the share of pupils who are disadvantaged (eligible for
	// free school meals), for their own MDES; 0 = not asked.
	FSMShare float64
	// MonthsTable is the EEF months' progress table: toolkit (default) or
	// report.
	MonthsTable string
	// ClusterWord names the clusters in sentences: "schools" (default),
	// "classes", ...
	ClusterWord string
	// Assumptions are what the caller assumed or took from elsewhere
	// (defaults, values from a design file or its data), one sentence
	// each; the report adds the power package's notes.
	Assumptions []string
}

// PlanReport is a plan with every number filled in: what reports turns into
// the plan's sentence, JSON and power curve.
type PlanReport struct {
	Title, Outcome string
	Design         Design
	// Solved is what was solved for (power.SolveMDES, ...).
	Solved      string
	MonthsTable string
	ClusterWord string
	// Result is the plan solved. A size solved for is whole in each arm
	// (power.WholeArms): pupils for an individual design, clusters for a
	// cluster-rct.
	Result power.Result
	// Effect is the effect given (NaN when none). Result.Power is the power
	// to detect it.
	Effect float64
	// PupilsTreated and PupilsComparison are the pupils analysed in each
	// arm (pre-post: all in PupilsTreated); ClustersTreated and
	// ClustersComparison the clusters of a cluster-rct. Expected counts:
	// whole when solved for, possibly not when given (61 pupils in two
	// equal groups are 30.5 each).
	PupilsTreated, PupilsComparison     float64
	ClustersTreated, ClustersComparison float64
	// MDESMonths and EffectMonths are the EEF months' progress of the MDES
	// and of Effect; nil for a pre-post design (its MDES is a change that
	// includes ordinary progress) and when there is no effect.
	MDESMonths, EffectMonths *int
	// PrePostCorrelation is the correlation of pre and post scores that a
	// pre-post plan assumes, √R2Pupil (docs/methods.md §15); NaN for
	// the other designs.
	PrePostCorrelation float64
	// MDESPadlocks is the most padlocks the MDES criterion allows
	// (rating.PadlocksForMDES) for PadlockMDES, the MDES at the EEF's
	// conventions (α = 0.05, power 0.8: Result.MDES when the plan uses
	// them); DesignLevel the design criterion's row.
	MDESPadlocks int
	PadlockMDES  float64
	DesignLevel  rating.PadlockDesignLevel
	// Recruit says how many to recruit for the expected attrition; nil when
	// no attrition is expected.
	Recruit *PlanRecruit
	// Subgroup is the disadvantaged pupils' plan; nil without FSMShare.
	Subgroup *PlanSubgroup
	// Needed, for a plan solved for power, are the sizes that reach the
	// target power for Effect: pupils (individual designs); clusters of
	// the same size, and pupils per cluster with the same clusters
	// (cluster-rct).
	Needed []PlanNeeded
	// Curve is the power at effect sizes from 0 up, for the power curve;
	// MonthsBands the months' progress bands over the same range (none for
	// pre-post).
	Curve       []PlanPoint
	MonthsBands []PlanBand
	// Results are the plan's rows (analysis "plan"; measures mdes, power,
	// n_per_group, clusters), for the JSON.
	Results []Result
	// Assumptions are the caller's, then the power package's notes.
	Assumptions []string
}

// PlanRecruit is how many pupils to recruit so that the planned number
// remain after the expected attrition (power.Recruit).
type PlanRecruit struct {
	Attrition float64
	// Pupils is the total; Treated and Comparison per arm (NaN when the
	// arms are not whole numbers); PerCluster for a cluster-rct.
	Pupils, Treated, Comparison, PerCluster float64
}

// PlanSubgroup is the plan for the disadvantaged pupils alone
// (power.Subgroup): the same design with Share of the pupils.
type PlanSubgroup struct {
	Share  float64
	Result power.Result
	Months *int // EEF months' progress of its MDES; nil for pre-post
	// PupilsTreated and PupilsComparison are the expected subgroup pupils
	// per arm.
	PupilsTreated, PupilsComparison float64
}

// PlanNeeded is a size that reaches the target power, or why none does.
type PlanNeeded struct {
	Result power.Result // solved for n or clusters; NaN MDES when Err is set
	Err    string       // why no size reaches the target ("" when one does)
	// Treated and Comparison split the solved size between the arms
	// (power.Arms): pupils, or clusters for a cluster design.
	Treated, Comparison float64
}

// PlanPoint is one point of the power curve.
type PlanPoint struct {
	Effect float64
	Power  float64
	// SubgroupPower is the disadvantaged pupils' power; NaN when none.
	SubgroupPower float64
}

// PlanBand is the range of effect sizes [From, To) that the months' table
// turns into Months.
type PlanBand struct {
	From, To float64
	Months   int
}

// planCurvePoints is the number of points on the power curve.
const planCurvePoints = 161

// RunPlan solves a plan and gathers what a report of it needs. Errors from
// the power package are returned wrapped; one wrapping
// power.ErrUnreachable means no size reaches the target.
func RunPlan(in PlanInput) (*PlanReport, error) {
	if in.Title == "" {
		in.Title = "Plan"
	}
	if in.Outcome == "" {
		in.Outcome = "outcome"
	}
	if in.MonthsTable == "" {
		in.MonthsTable = rating.MonthsToolkit
	}
	if in.ClusterWord == "" {
		in.ClusterWord = "schools"
	}
	if !(in.Attrition >= 0 && in.Attrition < 1) {
		return nil, fmt.Errorf("plan: attrition = %g: want the expected proportion lost, from 0 up to (not including) 1", in.Attrition)
	}
	if !(in.FSMShare >= 0 && in.FSMShare <= 1) {
		return nil, fmt.Errorf("plan: disadvantaged share = %g: want a proportion of pupils between 0 and 1", in.FSMShare)
	}
	r, err := power.Solve(in.Plan, in.Effect, in.Solve)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	// A size solved for is made whole in each arm: pupils, or clusters
	// when clusters were solved for (pupils per cluster solved for are
	// already whole, and the clusters given are kept).
	if in.Solve == power.SolveClusters || in.Solve == power.SolveN && r.Design != power.ClusterRCT {
		if r, err = power.WholeArms(r); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
	}
	p := r.Plan
	rep := &PlanReport{
		Title: in.Title, Outcome: in.Outcome, Design: Design(r.Design), Solved: in.Solve,
		MonthsTable: in.MonthsTable, ClusterWord: in.ClusterWord,
		Result: r, Effect: in.Effect, PadlockMDES: r.MDES,
	}
	if p.Alpha != power.DefaultAlpha || p.Power != power.DefaultPower {
		q := p
		q.Alpha, q.Power = power.DefaultAlpha, power.DefaultPower
		eef, err := power.MDES(q)
		if err != nil {
			return nil, fmt.Errorf("plan: the MDES at the EEF's alpha 0.05 and power 0.8: %w", err)
		}
		rep.PadlockMDES = eef.MDES
	}
	rep.MDESPadlocks = rating.PadlocksForMDES(rep.PadlockMDES)
	rep.DesignLevel, _ = rating.PadlocksForDesign(r.Design, in.Pretest || p.R2Pupil > 0)
	if r.Design == power.ClusterRCT {
		rep.ClustersTreated, rep.ClustersComparison = power.Arms(p)
		rep.PupilsTreated, rep.PupilsComparison = rep.ClustersTreated*p.ClusterSize, rep.ClustersComparison*p.ClusterSize
	} else {
		rep.PupilsTreated, rep.PupilsComparison = power.Arms(p)
	}
	rep.PrePostCorrelation = math.NaN()
	if r.Design == power.PrePost {
		rep.PrePostCorrelation = math.Sqrt(p.R2Pupil)
	}
	if r.Design != power.PrePost {
		rep.MDESMonths = planMonths(r.MDES, in.MonthsTable)
		rep.EffectMonths = planMonths(in.Effect, in.MonthsTable)
	}

	if in.Attrition > 0 {
		if rep.Recruit, err = planRecruit(rep, in.Attrition); err != nil {
			return nil, err
		}
	}
	if in.FSMShare > 0 {
		s, err := power.Subgroup(p, in.FSMShare)
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if !math.IsNaN(in.Effect) {
			sp, err := power.Power(s.Plan, in.Effect)
			if err != nil {
				return nil, fmt.Errorf("plan: disadvantaged pupils: %w", err)
			}
			s.Power, s.Effect = sp.Power, in.Effect
		}
		sub := &PlanSubgroup{Share: in.FSMShare, Result: s}
		if r.Design == power.ClusterRCT {
			sub.PupilsTreated, sub.PupilsComparison = rep.ClustersTreated*s.Plan.ClusterSize, rep.ClustersComparison*s.Plan.ClusterSize
		} else {
			sub.PupilsTreated, sub.PupilsComparison = power.Arms(s.Plan)
		}
		if r.Design != power.PrePost {
			sub.Months = planMonths(s.MDES, in.MonthsTable)
		}
		rep.Subgroup = sub
	}
	if in.Solve == power.SolvePower {
		rep.Needed = planNeeded(p, in.Effect)
	}
	if err := planCurve(rep); err != nil {
		return nil, err
	}
	rep.Results = planRows(rep)
	rep.Assumptions = append(append([]string(nil), in.Assumptions...), r.Notes...)
	if rep.Subgroup != nil {
		rep.Assumptions = append(rep.Assumptions, subgroupNotes(p, in.FSMShare)...)
	}
	return rep, nil
}

// subgroupNotes are the assumptions of the disadvantaged pupils' plan.
func subgroupNotes(p power.Plan, share float64) []string {
	s := fmt.Sprintf("the disadvantaged pupils' MDES assumes they are %s of the pupils in each arm, with the same ICC and R² as all pupils", planPercent(share))
	if p.Design == power.ClusterRCT {
		s = fmt.Sprintf("the disadvantaged pupils' MDES assumes they are %s of the pupils in every cluster, with the same ICC and R² as all pupils", planPercent(share))
	}
	return []string{s}
}

// planMonths is the EEF months' progress of an effect size (nil for NaN):
// the one place the plan reads the months' table.
func planMonths(g float64, table string) *int {
	return monthsPtr(g, table)
}

// planRecruit is the pupils to recruit so that the plan's remain after
// losing attrition: per arm when the arms are whole, per cluster for a
// cluster-rct (losing whole clusters is not modelled).
func planRecruit(rep *PlanReport, attrition float64) (*PlanRecruit, error) {
	p := rep.Result.Plan
	rc := &PlanRecruit{Attrition: attrition, Treated: math.NaN(), Comparison: math.NaN(), PerCluster: math.NaN()}
	var err error
	switch {
	case p.Design == power.ClusterRCT:
		if rc.PerCluster, err = power.Recruit(p.ClusterSize, attrition); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		rc.Pupils = rc.PerCluster * float64(p.Clusters)
		rc.Treated, rc.Comparison = rc.PerCluster*rep.ClustersTreated, rc.PerCluster*rep.ClustersComparison
	case p.Design == power.PrePost || !isWhole(rep.PupilsTreated) || !isWhole(rep.PupilsComparison):
		if rc.Pupils, err = power.Recruit(p.N, attrition); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if p.Design == power.PrePost {
			rc.Treated = rc.Pupils
		}
	default:
		if rc.Treated, err = power.Recruit(rep.PupilsTreated, attrition); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if rc.Comparison, err = power.Recruit(rep.PupilsComparison, attrition); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		rc.Pupils = rc.Treated + rc.Comparison
	}
	return rc, nil
}

// planNeeded solves for the sizes that reach the target power for effect:
// pupils for an individual design; for a cluster-rct, clusters of the
// same size and pupils per cluster with the same clusters.
func planNeeded(p power.Plan, effect float64) []PlanNeeded {
	solve := func(q power.Plan, what string, whole bool) PlanNeeded {
		r, err := power.Solve(q, effect, what)
		if err == nil && whole {
			r, err = power.WholeArms(r)
		}
		n := PlanNeeded{Result: r}
		n.Treated, n.Comparison = power.Arms(r.Plan)
		if err != nil {
			n.Err = err.Error()
		}
		return n
	}
	if p.Design != power.ClusterRCT {
		return []PlanNeeded{solve(p, power.SolveN, true)}
	}
	q := p
	q.N, q.Clusters = 0, 0
	out := []PlanNeeded{solve(q, power.SolveClusters, true)}
	q = p
	q.N, q.ClusterSize = 0, 0
	return append(out, solve(q, power.SolveN, false))
}

// planCurve fills the power curve and the months' bands: effect sizes
// from 0 to a round number past 2.5 times the MDES (so that the curve
// levels off, and the MDES is in the left part of the plot), half as much
// again as the effect given, and a quarter more than the disadvantaged
// pupils' MDES.
func planCurve(rep *PlanReport) error {
	hi := 2.5 * rep.Result.MDES
	if !math.IsNaN(rep.Effect) {
		hi = math.Max(hi, 1.5*math.Abs(rep.Effect))
	}
	if rep.Subgroup != nil {
		hi = math.Max(hi, 1.25*rep.Subgroup.Result.MDES)
	}
	step := 0.1
	if hi > 2 {
		step = 0.5
	}
	hi = math.Max(step, math.Ceil(hi/step-1e-9)*step)
	effects := make([]float64, planCurvePoints)
	for i := range effects {
		effects[i] = hi * float64(i) / float64(planCurvePoints-1)
	}
	pw, err := power.Curve(rep.Result.Plan, effects)
	if err != nil {
		return fmt.Errorf("plan: power curve: %w", err)
	}
	sub := make([]float64, len(effects))
	for i := range sub {
		sub[i] = math.NaN()
	}
	if rep.Subgroup != nil {
		if sub, err = power.Curve(rep.Subgroup.Result.Plan, effects); err != nil {
			return fmt.Errorf("plan: power curve of the disadvantaged pupils: %w", err)
		}
	}
	rep.Curve = make([]PlanPoint, len(effects))
	for i, e := range effects {
		rep.Curve[i] = PlanPoint{Effect: e, Power: pw[i], SubgroupPower: sub[i]}
	}
	if rep.Design == power.PrePost {
		return nil
	}
	// The table reads effect sizes rounded to two decimals, so a band
	// changes half-way between two hundredths.
	from, months := 0.0, *planMonths(0, rep.MonthsTable)
	for k := 1; float64(k)/100 <= hi+1e-9; k++ {
		m := *planMonths(float64(k)/100, rep.MonthsTable)
		if m != months {
			edge := (float64(k) - 0.5) / 100
			rep.MonthsBands = append(rep.MonthsBands, PlanBand{From: from, To: edge, Months: months})
			from, months = edge, m
		}
	}
	rep.MonthsBands = append(rep.MonthsBands, PlanBand{From: from, To: hi, Months: months})
	return nil
}

// planRows are the plan's rows: for all pupils mdes, power, n_per_group
// and (cluster-rct) clusters; for the disadvantaged pupils mdes and, with
// an effect, power.
func planRows(rep *PlanReport) []Result {
	r, p := rep.Result, rep.Result.Plan
	base := func(sub string, nt, nc float64) Result {
		x := Result{Outcome: rep.Outcome, Subgroup: sub, Analysis: AnalysisPlan,
			Estimate: Num(math.NaN()), SE: Num(math.NaN()), CILow: Num(math.NaN()), CIHigh: Num(math.NaN()),
			CILowAlt: Num(math.NaN()), CIHighAlt: Num(math.NaN()), DF: Num(r.DF), Statistic: Num(math.NaN()),
			PValue: Num(math.NaN()), PAdjusted: Num(math.NaN()), PValueExact: Num(math.NaN()), ImprovementIndex: Num(math.NaN())}
		if isWhole(nt) {
			x.NTreated = intPtr(int(nt))
		}
		if p.Design != power.PrePost && isWhole(nc) {
			x.NComparison = intPtr(int(nc))
		}
		return x
	}
	solvedNote := func(what string) string {
		if rep.Solved == what {
			return "solved for"
		}
		return ""
	}
	join := func(a, b string) string {
		switch {
		case a == "":
			return b
		case b == "":
			return a
		}
		return a + "; " + b
	}

	var rows []Result
	m := base(SubgroupAll, rep.PupilsTreated, rep.PupilsComparison)
	m.Measure, m.Estimate, m.SE, m.MonthsProgress = MeasureMDES, Num(r.MDES), Num(r.SE), rep.MDESMonths
	m.Note = join(solvedNote(power.SolveMDES), fmt.Sprintf("at power %g and alpha %g (two-sided)", p.Power, p.Alpha))
	if p.Design == power.PrePost {
		m.Note = join(m.Note, "a mean change from pre to post in SDs of the scores, not an effect of the programme")
	}
	rows = append(rows, m)

	pw := base(SubgroupAll, rep.PupilsTreated, rep.PupilsComparison)
	pw.Measure = MeasurePower
	if math.IsNaN(rep.Effect) {
		pw.Estimate = Num(p.Power)
		pw.Note = "the target power: the power to detect the MDES"
	} else {
		pw.Estimate = Num(r.Power)
		pw.MonthsProgress = rep.EffectMonths
		pw.Note = join(solvedNote(power.SolvePower), fmt.Sprintf("power to detect an effect of %g", rep.Effect))
	}
	rows = append(rows, pw)

	n := base(SubgroupAll, rep.PupilsTreated, rep.PupilsComparison)
	n.Measure, n.DF = MeasureNPerGroup, Num(math.NaN())
	switch {
	case p.Design == power.PrePost:
		n.Estimate = Num(r.N)
		n.Note = "one group measured twice: the pupils analysed"
	case p.PTreated == 0.5:
		n.Estimate = Num(r.N / 2)
		n.Note = "pupils analysed in each group"
	default:
		n.Note = "unequal groups: n_treated and n_comparison give each group's pupils analysed"
	}
	if p.Design != power.ClusterRCT {
		n.Note = join(solvedNote(power.SolveN), n.Note)
	} else if rep.Solved == power.SolveN {
		n.Note = join(fmt.Sprintf("solved for the pupils per cluster (%g)", p.ClusterSize), n.Note)
	}
	rows = append(rows, n)

	if p.Design == power.ClusterRCT {
		c := base(SubgroupAll, rep.PupilsTreated, rep.PupilsComparison)
		c.Measure, c.Estimate, c.DF = MeasureClusters, Num(float64(p.Clusters)), Num(math.NaN())
		c.Note = join(solvedNote(power.SolveClusters), fmt.Sprintf("clusters in all arms, %s pupils each", planNum(p.ClusterSize)))
		rows = append(rows, c)
	}

	if s := rep.Subgroup; s != nil {
		sm := base("fsm", s.PupilsTreated, s.PupilsComparison)
		sm.DF = Num(s.Result.DF)
		sm.Measure, sm.Estimate, sm.SE, sm.MonthsProgress = MeasureMDES, Num(s.Result.MDES), Num(s.Result.SE), s.Months
		sm.Note = fmt.Sprintf("disadvantaged pupils, %s of the pupils", planPercent(s.Share))
		rows = append(rows, sm)
		if !math.IsNaN(rep.Effect) {
			sp := base("fsm", s.PupilsTreated, s.PupilsComparison)
			sp.DF = Num(s.Result.DF)
			sp.Measure, sp.Estimate, sp.MonthsProgress = MeasurePower, Num(s.Result.Power), rep.EffectMonths
			sp.Note = fmt.Sprintf("disadvantaged pupils: power to detect an effect of %g", rep.Effect)
			rows = append(rows, sp)
		}
	}
	return rows
}

// isWhole reports whether x is a whole number (to 1e-9).
func isWhole(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x-math.Round(x)) <= 1e-9*math.Max(1, math.Abs(x))
}

func planNum(x float64) string {
	if isWhole(x) {
		return fmt.Sprint(math.Round(x))
	}
	return fmt.Sprintf("%.4g", x)
}

func planPercent(x float64) string {
	return fmt.Sprintf("%.4g%%", 100*x)
}

// PlanData are the sizes a plan can take from an evaluation's data
// (whatworks plan DESIGN, before or after the programme): the pupils, the
// share in the programme and, for a cluster-rct, the clusters and their
// mean size. A zero field was not found in the data. Notes say what was
// taken and how, one sentence each.
type PlanData struct {
	N           float64
	PTreated    float64
	Clusters    int
	ClusterSize float64
	Notes       []string
}

// PlanDataOf counts the sizes in in (its Arm, Cluster and Matching; the
// outcomes need not be filled in):
//
//   - the pupils in an arm (pre-post: every pupil). When the group column
//     does not yet put pupils in both arms (before allocation), every
//     pupil not excluded, with the share in the programme left to the plan;
//   - matched: the pupils in the programme and, for each, Matching.Ratio
//     comparison pupils, with P = 1/(1 + ratio) (the pool of possible
//     comparison pupils is not the sample);
//   - cluster-rct: the clusters of those pupils and their mean size; P is
//     the share of clusters in the programme when every cluster is in one
//     arm.
func PlanDataOf(in Input) PlanData {
	rows := 0
	switch {
	case len(in.Outcomes) > 0:
		rows = len(in.Outcomes[0].Y)
	case in.Arm != nil:
		rows = len(in.Arm)
	case in.Cluster != nil:
		rows = len(in.Cluster.Codes)
	}
	var d PlanData
	if rows == 0 {
		d.Notes = append(d.Notes, "no sizes were taken from the data: it has no pupils yet")
		return d
	}
	in2 := make([]bool, rows) // pupils counted
	nt, nc := 0, 0
	for i := range in2 {
		switch {
		case in.Arm == nil:
			in2[i] = true
		case in.Arm[i] == Treated:
			in2[i] = true
			nt++
		case in.Arm[i] == Comparison:
			in2[i] = true
			nc++
		}
	}
	allocated := in.Arm != nil && nt > 0 && nc > 0
	if in.Arm != nil && !allocated {
		for i := range in2 {
			in2[i] = in.Arm[i] != Excluded || nt+nc == 0
		}
	}
	count := 0
	for _, ok := range in2 {
		if ok {
			count++
		}
	}
	switch {
	case in.Design == DesignPrePost || in.Arm == nil:
		d.N = float64(count)
		d.Notes = append(d.Notes, fmt.Sprintf("%d pupils from the data", count))
	case in.Design == DesignMatched && nt > 0:
		ratio := 1
		if in.Matching != nil && in.Matching.Ratio > 0 {
			ratio = in.Matching.Ratio
		}
		d.N = float64(nt * (1 + ratio))
		d.PTreated = 1 / float64(1+ratio)
		d.Notes = append(d.Notes, fmt.Sprintf("%d pupils from the data: the %d in the programme, each matched to %d comparison %s", nt*(1+ratio), nt, ratio, plural(ratio, "pupil", "pupils")))
	case allocated:
		d.N = float64(count)
		d.PTreated = float64(nt) / float64(count)
		d.Notes = append(d.Notes, fmt.Sprintf("%d pupils from the data: %d in the programme and %d in the comparison group", count, nt, nc))
	default:
		d.N = float64(count)
		d.Notes = append(d.Notes, fmt.Sprintf("%d pupils from the data, not yet in two groups", count))
	}
	if in.Design != DesignClusterRCT || in.Cluster == nil {
		return d
	}
	// Clusters of the pupils counted; pupils without a cluster left out.
	arms := map[int32][2]int{}
	withCluster := 0
	for i, ok := range in2 {
		c := in.Cluster.Codes[i]
		if !ok || c < 0 {
			continue
		}
		withCluster++
		a := arms[c]
		if in.Arm != nil && in.Arm[i] == Treated {
			a[0]++
		} else if in.Arm != nil && in.Arm[i] == Comparison {
			a[1]++
		}
		arms[c] = a
	}
	if len(arms) == 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("no pupil has a value in the cluster column %q, so no clusters were taken from the data", in.Cluster.Name))
		return d
	}
	d.Clusters = len(arms)
	d.N = float64(withCluster)
	d.ClusterSize = float64(withCluster) / float64(d.Clusters)
	jt, jc, mixed := 0, 0, 0
	for _, a := range arms {
		switch {
		case a[0] > 0 && a[1] > 0:
			mixed++
		case a[0] > 0:
			jt++
		case a[1] > 0:
			jc++
		}
	}
	d.PTreated = 0
	note := fmt.Sprintf("%d clusters (%q) of %s pupils on average from the data", d.Clusters, in.Cluster.Name, planNum(d.ClusterSize))
	switch {
	case allocated && mixed == 0 && jt > 0 && jc > 0:
		d.PTreated = float64(jt) / float64(d.Clusters)
		note += fmt.Sprintf(": %d in the programme and %d in the comparison group", jt, jc)
	case mixed > 0:
		note += fmt.Sprintf("; %d of them have pupils in both groups, so the share of clusters in the programme is left to the plan", mixed)
	}
	d.Notes = append(d.Notes, note)
	return d
}

// plural is one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
