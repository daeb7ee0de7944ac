package evaluate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/internal/parallel"
	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// Caveats Run may add to a report.
const (
	CaveatSmallSamples = "small samples: estimates are imprecise"
	// CaveatCluster is said of every design with a cluster column.
	CaveatCluster = "pupils are grouped in clusters (schools or classes), and pupils of one cluster resemble each other: " +
		"the headline comes from the model the EEF uses for this, a multilevel model of pupils within their clusters " +
		"(fitted by REML, with Satterthwaite degrees of freedom), and beside it the ANCOVA is given with standard errors " +
		"that allow for the clusters (CR2); the other results on the Results sheet (unadjusted, ANCOVA, gain scores, " +
		"difference in differences and subgroup interactions) treat pupils as independent, so their confidence " +
		"intervals are too narrow and their p-values too small"
	// CaveatClusterUnknown is said of a cluster-rct without a cluster
	// column: nothing can allow for the clustering.
	CaveatClusterUnknown = "pupils were allocated in clusters, but no cluster column was given, so these analyses treat " +
		"pupils as independent: their confidence intervals are too narrow and their p-values too small (a mismatch of " +
		"unit of assignment and unit of analysis, WWC; Hedges 2007); name the school or class column as cluster"
)

// smallArm is the arm size below which Run warns that estimates are imprecise.
const smallArm = 30

// group is a set of pupils analysed together: all pupils, or one level of
// one subgroup column.
type group struct {
	name  string  // "all" or "COLUMN=VALUE"
	rows  []int32 // pupils in an arm (two-arm designs) or every pupil (pre-post)
	by    *Factor // the subgroup column (nil for all)
	level int32
	split []armRows // rows by arm (runner.arms)
}

// Run runs every analysis the design implies, for each outcome, for all
// pupils and for each level of each subgroup column:
//
//   - two-arm designs (two-group, rct, cluster-rct, matched): unadjusted
//     (TwoGroupRows), ancova (with a pretest or covariates: FitANCOVA),
//     gain (post − pre, TwoGroupRows on the gains) and did (DiDRowR, with
//     the pooled within-arm pre–post correlation); for each subgroup
//     column, the treatment × subgroup interaction and the attainment gap
//     (subgroup.go); with a cluster column (cluster-rct, rct, two-group),
//     the multilevel and cluster_robust rows and the interaction in the
//     mixed model (run_cluster.go), and for cluster-rct designs the
//     secondary cluster_corrected rows; the matched rows for matched
//     designs;
//   - pre-post designs: paired (PrePostRows) for pupils with both scores,
//     and the gap between subgroup levels.
//
// Yes/no (binary) outcomes get the rows of BinaryRows, the logistic
// regression (logistic rows), Fisher's exact test, McNemar's test before
// and after, and cluster_robust rows (run_binary*.go); ordinal outcomes the
// rank-biserial rows (run_ordinal.go), a scale score also every continuous
// row, noted as treating the scale as interval; continuous outcomes of
// two-arm designs an unadjusted rank_biserial row as a robustness check;
// each scale of Input.Scales a reliability row (survey.go).
// Rows are ordered: outcomes in design order; within an outcome, "all",
// then each subgroup column's levels in order, its interaction rows and
// its gap rows; analyses in a fixed order. PAdjusted is the
// Benjamini–Hochberg adjustment across outcomes within each family of
// rows that share subgroup, analysis and measure (docs/methods.md §14).
//
// Run returns an error for inconsistent input (slices of different
// lengths, unknown design or settings), an *UnusableError for the problems
// Check lists as unusable (see Unusable), and an error for collinear
// covariates in the all-pupil ANCOVA; problems confined to one subgroup
// become caveats.
func Run(ctx context.Context, in Input) (*Report, error) {
	o := Options{Confidence: in.Confidence, CIMethod: in.CIMethod, MonthsTable: in.MonthsTable}.withDefaults()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := validateInput(in); err != nil {
		return nil, err
	}
	if p := Unusable(in); len(p) > 0 {
		return nil, &UnusableError{Problems: p}
	}
	if err := checkRating(in); err != nil {
		return nil, err
	}
	rep := &Report{
		Title: in.Title, Design: in.Design, Confidence: o.Confidence, CIMethod: o.CIMethod,
		MonthsTable: o.MonthsTable, Outcomes: outcomeInfos(in), Subgroups: subgroupReports(in), Results: []Result{}, Descriptives: []Descriptive{},
		Balance: []Balance{}, Scales: []ScaleReport{}, Exclusions: []Exclusion{}, Caveats: []string{},
	}
	for _, v := range in.Covariates {
		rep.Covariates = append(rep.Covariates, v.Name)
	}
	r := &runner{in: in, o: o, rep: rep, n: pupils(in)}
	if err := r.run(ctx); err != nil {
		return nil, err
	}
	adjustP(rep.Results)
	noteDisagreement(rep.Results, o.Confidence)
	if err := r.rate(); err != nil {
		return nil, err
	}
	r.missingCaveats()
	return rep, nil
}

// pupils is the number of rows of an Input.
func pupils(in Input) int {
	if in.Arm != nil {
		return len(in.Arm)
	}
	for _, oc := range in.Outcomes {
		return len(oc.Y)
	}
	return 0
}

func validateInput(in Input) error {
	switch in.Design {
	case DesignPrePost, DesignTwoGroup, DesignRCT, DesignClusterRCT, DesignMatched:
	default:
		return fmt.Errorf("unknown design %q (use pre-post, two-group, rct, cluster-rct or matched)", in.Design)
	}
	if len(in.Outcomes) == 0 {
		return errors.New("the design names no outcome to analyse")
	}
	n := pupils(in)
	if in.Design != DesignPrePost && in.Arm == nil {
		return fmt.Errorf("a %s design needs an arm for every pupil", in.Design)
	}
	check := func(what string, m int) error {
		if m != n {
			return fmt.Errorf("evaluate: %s has %d rows, expected %d", what, m, n)
		}
		return nil
	}
	for _, oc := range in.Outcomes {
		if err := check("outcome "+oc.Column, len(oc.Y)); err != nil {
			return err
		}
		if oc.Pre != nil {
			if err := check("pretest "+oc.PreColumn, len(oc.Pre)); err != nil {
				return err
			}
		}
		if err := checkType(oc); err != nil {
			return err
		}
		if in.Design == DesignPrePost && oc.Pre == nil {
			return fmt.Errorf("outcome %q has no pretest: a pre-post design compares each pupil's pretest with their outcome (add pretest: COLUMN to the outcome)", oc.Column)
		}
	}
	for _, c := range in.Covariates {
		if c.Factor != nil {
			if err := check("covariate "+c.Name, len(c.Factor.Codes)); err != nil {
				return err
			}
		} else if err := check("covariate "+c.Name, len(c.Num)); err != nil {
			return err
		}
	}
	for _, s := range in.Subgroups {
		if err := check("subgroup "+s.Name, len(s.Codes)); err != nil {
			return err
		}
	}
	if in.Cluster != nil {
		if err := check("cluster "+in.Cluster.Name, len(in.Cluster.Codes)); err != nil {
			return err
		}
	}
	return checkSubgroups(in)
}

// runner carries one Run's state.
type runner struct {
	in     Input
	o      Options
	rep    *Report
	n      int
	groups []group
}

func (r *runner) twoArm() bool { return r.in.Design != DesignPrePost }

// makeGroups lists all pupils, then each level of each subgroup column.
func (r *runner) makeGroups() {
	all := make([]int32, 0, r.n)
	for i := 0; i < r.n; i++ {
		if !r.twoArm() || r.in.Arm[i] == Treated || r.in.Arm[i] == Comparison {
			all = append(all, int32(i))
		}
	}
	r.groups = []group{{name: SubgroupAll, rows: all}}
	for k := range r.in.Subgroups {
		f := &r.in.Subgroups[k]
		// Counted first, so each level's rows are allocated once at their
		// size (appending would leave up to half of each unused).
		count := make([]int, len(f.Levels))
		for _, i := range all {
			if c := f.Codes[i]; c >= 0 {
				count[c]++
			}
		}
		per := make([][]int32, len(f.Levels))
		for l := range per {
			per[l] = make([]int32, 0, count[l])
		}
		for _, i := range all {
			if c := f.Codes[i]; c >= 0 {
				per[c] = append(per[c], i)
			}
		}
		for _, l := range r.in.levelOrder(f) {
			r.groups = append(r.groups, group{name: f.Name + "=" + f.Levels[l], rows: per[l], by: f, level: l})
		}
	}
	for k := range r.groups {
		r.groups[k].split = r.arms(r.groups[k].rows)
	}
	if r.twoArm() {
		if ex := r.n - len(all); ex > 0 {
			r.rep.Exclusions = append(r.rep.Exclusions, Exclusion{Analysis: AllAnalyses, Reason: ReasonNeitherArm, Count: ex})
		}
	}
}

func (r *runner) run(ctx context.Context) error {
	r.makeGroups()
	r.rep.Caveats = append(r.rep.Caveats, r.dataCaveats()...)
	r.rep.Caveats = append(r.rep.Caveats, r.smallSubgroups()...)
	switch r.in.Design {
	case DesignPrePost:
		r.rep.Caveats = append(r.rep.Caveats, "Without a comparison group the change cannot be attributed to the programme: "+
			"this is OfS Type 2 (empirical) evidence, not causal.")
	case DesignClusterRCT:
		if r.in.Cluster == nil {
			r.rep.Caveats = append(r.rep.Caveats, CaveatClusterUnknown)
		}
	}
	if r.clustered() {
		r.rep.Caveats = append(r.rep.Caveats, CaveatCluster)
	}
	// The work as independent tasks, in report order.
	tasks := []func(*runner) error{func(t *runner) error { t.describe(); return nil }}
	for k := range r.in.Outcomes {
		tasks = append(tasks, r.outcomeTasks(&r.in.Outcomes[k])...)
	}
	if len(r.in.Scales) > 0 {
		tasks = append(tasks, func(t *runner) error { t.scaleReports(); return nil })
	}
	if err := r.runTasks(ctx, tasks); err != nil {
		return err
	}
	if r.in.Design == DesignMatched {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.matched(); err != nil {
			return err
		}
	}
	return nil
}

// outcomeTasks are the analyses of one outcome: one task per group, and
// after the last level of each subgroup column its interaction and gap.
// Which analyses a group gets depends on the outcome's type (groupRows,
// interactionRows, gapRows in run_types.go).
func (r *runner) outcomeTasks(oc *Outcome) []func(*runner) error {
	var tasks []func(*runner) error
	adjusted := oc.Pre != nil || len(r.in.Covariates) > 0
	only := r.treatedOnly(oc)
	if only {
		tasks = append(tasks, func(t *runner) error {
			t.caveat("%s: only intervention pupils answered, so it is compared before and after among them: without a comparison group "+
				"the change cannot be attributed to the programme (OfS Type 2 evidence)", oc.Name())
			return nil
		})
	}
	for gi := range r.groups {
		g := r.groups[gi]
		all := gi == 0
		tasks = append(tasks, func(t *runner) error {
			rows, err := t.groupRows(oc, g, adjusted, all, only)
			if err != nil {
				return fmt.Errorf("outcome %q: %w", oc.Column, err)
			}
			t.rep.Results = append(t.rep.Results, rows...)
			return nil
		})
		if g.by != nil && (gi+1 == len(r.groups) || r.groups[gi+1].by != g.by) {
			by := g.by
			if r.twoArm() && !only {
				tasks = append(tasks, func(t *runner) error {
					ref := t.in.referenceFirst(by) // the disadvantaged level is not the reference
					t.rep.Results = append(t.rep.Results, t.interactionRows(oc, ref)...)
					t.rep.Results = append(t.rep.Results, t.clusteredInteraction(oc, ref)...)
					return nil
				})
			}
			tasks = append(tasks, func(t *runner) error {
				t.rep.Results = append(t.rep.Results, t.gapRows(oc, by)...)
				return nil
			})
		}
	}
	return tasks
}

// runTasks runs tasks on up to GOMAXPROCS goroutines, each into a report
// of its own, and appends their rows, caveats, exclusions and balance to
// r.rep in task order, so the report does not depend on the scheduling.
// The first error in task order wins.
func (r *runner) runTasks(ctx context.Context, tasks []func(*runner) error) error {
	reps := make([]*Report, len(tasks))
	errs := make([]error, len(tasks))
	var mu sync.Mutex
	ended := 0
	parallel.For(len(tasks), func(k int) {
		if err := ctx.Err(); err != nil {
			errs[k] = err
			return
		}
		t := *r
		t.rep = &Report{}
		errs[k] = tasks[k](&t)
		reps[k] = t.rep
		if r.in.Progress != nil {
			mu.Lock()
			ended++
			r.in.Progress(ended, len(tasks))
			mu.Unlock()
		}
	})
	for k, rep := range reps {
		if errs[k] != nil {
			return errs[k]
		}
		r.rep.Results = append(r.rep.Results, rep.Results...)
		r.rep.Descriptives = append(r.rep.Descriptives, rep.Descriptives...)
		r.rep.Balance = append(r.rep.Balance, rep.Balance...)
		r.rep.Exclusions = append(r.rep.Exclusions, rep.Exclusions...)
		r.rep.Caveats = append(r.rep.Caveats, rep.Caveats...)
		if rep.Clustering != nil {
			c := r.clusteringOf()
			c.Outcomes = append(c.Outcomes, rep.Clustering.Outcomes...)
		}
		r.rep.Scales = append(r.rep.Scales, rep.Scales...)
		r.rep.bases = append(r.rep.bases, rep.bases...)
	}
	return nil
}

func (r *runner) caveat(format string, args ...any) {
	r.rep.Caveats = append(r.rep.Caveats, fmt.Sprintf(format, args...))
}

// label fills the identifying fields of rows.
func label(rows []Result, oc *Outcome, subgroup string, analysis Analysis) []Result {
	for i := range rows {
		rows[i].Outcome, rows[i].Label, rows[i].Subgroup = oc.Column, oc.Label, subgroup
		if analysis != "" {
			rows[i].Analysis = analysis
		}
	}
	return rows
}

func (r *runner) exclude(oc *Outcome, analysis Analysis, reason string, count int) {
	if count > 0 {
		r.rep.Exclusions = append(r.rep.Exclusions, Exclusion{Outcome: oc.Column, Analysis: analysis, Reason: reason, Count: count})
	}
}

// twoArmGroup is unadjusted, ancova, gain, did (and cluster_corrected)
// for one outcome and one group of pupils.
func (r *runner) twoArmGroup(oc *Outcome, g group, adjusted, all bool) ([]Result, error) {
	arm := r.in.Arm
	var out []Result

	// Unadjusted: pupils with the outcome.
	t, c := armSummaries(oc.Y, arm, g.rows)
	if all {
		r.exclude(oc, AnalysisUnadjusted, ReasonMissingOutcome, len(g.rows)-t.N-c.N)
		r.smallAndMissing(oc, t, c)
	}
	if t.N == 0 || c.N == 0 {
		r.caveat("%s, %s: no %s pupils with an outcome, so the arms cannot be compared", oc.Name(), g.name, emptyArm(t.N))
		return nil, nil
	}
	unadj := label(TwoGroupRows(t, c, r.o), oc, g.name, AnalysisUnadjusted)
	out = append(out, unadj...)
	if oc.Type == "" || oc.Type == TypeContinuous {
		out = append(out, r.rankRow(oc, g, true)...)
	}

	// ANCOVA.
	var anc *ANCOVA
	if adjusted {
		a, err := FitANCOVA(arm, oc.Y, oc.Pre, oc.PreColumn, r.in.Covariates, g.rows)
		if all {
			for _, e := range a.Excluded {
				r.exclude(oc, AnalysisANCOVA, e.Reason, e.Count)
			}
		}
		switch {
		case err != nil && all:
			var ce *regress.CollinearError
			var se *ModelSizeError
			if errors.As(err, &ce) || errors.As(err, &se) {
				return nil, fmt.Errorf("ancova: %w", err)
			}
			r.caveat("%s: no ANCOVA: %v", oc.Name(), err)
			r.balance(oc, nonMissing(oc.Y, g.rows))
		case err != nil:
			r.caveat("%s, %s: no ANCOVA: %v", oc.Name(), g.name, err)
		default:
			anc = a
			r.noteANCOVA(oc, g, a)
			out = append(out, label(a.Results(r.o), oc, g.name, "")...)
			if all {
				r.balance(oc, a.Rows)
			}
		}
	} else if all {
		r.balance(oc, nonMissing(oc.Y, g.rows))
	}

	// Gain and difference in differences: pupils with both scores.
	if oc.Pre != nil {
		both := bothScores(oc, g.rows)
		if all {
			missY, missPre := missingScores(oc, g.rows)
			for _, a := range []Analysis{AnalysisGain, AnalysisDiD} {
				r.exclude(oc, a, ReasonMissingOutcome, missY)
				r.exclude(oc, a, ReasonMissingPretest, missPre)
			}
		}
		// The gains' summaries by arm, computed as they are read (a copy of
		// every pupil's gain is 40 MB at 5,000,000 pupils).
		gainOf := func(want int8) Summary {
			return sample.OfFunc(len(both), func(k int) (float64, bool) {
				i := both[k]
				return oc.Y[i] - oc.Pre[i], arm[i] == want
			})
		}
		gt, gc := gainOf(Treated), gainOf(Comparison)
		if gt.N > 0 && gc.N > 0 {
			out = append(out, label(gainRows(gt, gc, r.o), oc, g.name, AnalysisGain)...)
			preT, preC := armSummaries(oc.Pre, arm, both)
			postT, postC := armSummaries(oc.Y, arm, both)
			split := r.arms(both)
			rho := sample.PooledCorrelation(oc.Pre, oc.Y, split[0].rows, split[1].rows)
			out = append(out, label([]Result{DiDRowR(preT, preC, postT, postC, rho, r.o)}, oc, g.name, AnalysisDiD)...)
		}
	}

	if r.clustered() {
		ignoresClustering(out, r.in.Cluster.Name)
		out = append(out, r.clusterRows(oc, g, anc, all)...)
	}
	if r.in.Design == DesignClusterRCT && r.in.Cluster != nil {
		out = append(out, label(r.clusterCorrected(oc, g.rows, out), oc, g.name, AnalysisClusterCorrected)...)
	}
	return out, nil
}

// smallAndMissing adds the small-sample caveat. Pupils lost or missing
// are said after the ratings (missingCaveats), by the WWC's attrition
// boundaries.
func (r *runner) smallAndMissing(oc *Outcome, t, c Summary) {
	if t.N < smallArm || c.N < smallArm {
		r.caveat("%s: %s (%d intervention and %d comparison pupils with an outcome; fewer than %d in an arm)",
			oc.Name(), CaveatSmallSamples, t.N, c.N, smallArm)
	}
}

// nonMissing are the rows where x is not NaN.
func nonMissing(x []float64, rows []int32) []int32 {
	out := make([]int32, 0, len(rows))
	for _, i := range rows {
		if !math.IsNaN(x[i]) {
			out = append(out, i)
		}
	}
	return out
}

// bothScores are the rows with both the pretest and the outcome.
func bothScores(oc *Outcome, rows []int32) []int32 {
	out := make([]int32, 0, len(rows))
	for _, i := range rows {
		if !math.IsNaN(oc.Y[i]) && !math.IsNaN(oc.Pre[i]) {
			out = append(out, i)
		}
	}
	return out
}

// prePostGroup runs the paired analysis of one outcome of a pre-post
// design for one group.
func (r *runner) prePostGroup(oc *Outcome, g group, all bool) {
	both := bothScores(oc, g.rows)
	if all {
		missY, missPre := missingScores(oc, g.rows)
		r.exclude(oc, AnalysisPaired, ReasonMissingOutcome, missY)
		r.exclude(oc, AnalysisPaired, ReasonMissingPretest, missPre)
		if len(both) < smallArm {
			r.caveat("%s: %s (%d pupils with both scores)", oc.Name(), CaveatSmallSamples, len(both))
		}
	}
	if len(both) == 0 {
		r.caveat("%s, %s: no pupils with both scores", oc.Name(), g.name)
		return
	}
	diff := make([]float64, len(both))
	pre := make([]float64, len(both))
	post := make([]float64, len(both))
	for k, i := range both {
		pre[k], post[k] = oc.Pre[i], oc.Y[i]
		diff[k] = post[k] - pre[k]
	}
	r.notePaired(oc, g, both)
	rows := PrePostRows(sample.Of(diff), sample.Of(pre), sample.Of(post), r.o)
	r.rep.Results = append(r.rep.Results, label(rows, oc, g.name, AnalysisPaired)...)
}

// adjustP fills PAdjusted: Benjamini–Hochberg across outcomes within each
// family of rows sharing subgroup, analysis and measure.
func adjustP(rows []Result) {
	fam := map[string][]int{}
	var keys []string
	for i := range rows {
		k := rows[i].Subgroup + "\x00" + string(rows[i].Analysis) + "\x00" + string(rows[i].Measure)
		if _, ok := fam[k]; !ok {
			keys = append(keys, k)
		}
		fam[k] = append(fam[k], i)
	}
	sort.Strings(keys)
	for _, k := range keys {
		idx := fam[k]
		p := make([]float64, len(idx))
		for j, i := range idx {
			p[j] = float64(rows[i].PValue)
		}
		adj := ttest.BenjaminiHochberg(p)
		for j, i := range idx {
			rows[i].PAdjusted = Num(adj[j])
		}
	}
}

// clusterCorrected returns the cluster_corrected rows of a cluster-rct
// design: the unadjusted and (when there is one) the ANCOVA Hedges' g,
// with the WWC mismatch correction and the outcome's ICC.
func (r *runner) clusterCorrected(oc *Outcome, rows []int32, all []Result) []Result {
	rho, m, _ := effectsize.ICC(oc.Y, r.in.Cluster.Codes, len(r.in.Cluster.Levels), rows)
	if math.IsNaN(rho) || m < 2 {
		return nil
	}
	var out []Result
	for _, src := range all {
		if src.Measure != MeasureHedgesG || (src.Analysis != AnalysisUnadjusted && src.Analysis != AnalysisANCOVA) {
			continue
		}
		g := float64(src.Estimate)
		if !finite(g) {
			continue // the source row says why it is undefined
		}
		nt, nc := *src.NTreated, *src.NComparison
		tA, h, p, se := effectsize.ClusterCorrect(g, nt, nc, m, rho)
		q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: h}.Quantile((1 + r.o.Confidence) / 2)
		row := newRow(AnalysisClusterCorrected, MeasureHedgesG)
		if src.Analysis == AnalysisANCOVA {
			row.Measure = MeasureHedgesGAdjusted
		}
		row.Estimate, row.SE, row.DF, row.Statistic, row.PValue = Num(g), Num(se), Num(h), Num(tA), Num(p)
		row.CILow, row.CIHigh, row.CIMethod = Num(g-q*se), Num(g+q*se), "t"
		row.NTreated, row.NComparison = src.NTreated, src.NComparison
		row.MonthsProgress, row.ImprovementIndex = src.MonthsProgress, src.ImprovementIndex
		row.Note = fmt.Sprintf("secondary: the %s g with the WWC correction for clustering (Hedges 2007), the correction "+
			"made when only summary statistics exist (the multilevel rows analyse the pupils themselves): ICC = %s "+
			"(one-way ANOVA of the outcome), %d clusters, mean size %s", src.Analysis, fmtG(rho), m, fmtG(float64(nt+nc)/float64(m)))
		out = append(out, row)
	}
	return out
}

// gainRows are TwoGroupRows on the gain scores (post − pre). Their
// standardised measures divide by the SD of the gains, which is smaller
// than the outcome's SD whenever pre and post correlate, so they are not on
// the scale of the other effect sizes: they carry no months' progress or
// improvement index, and say so (the ancova and did rows are the
// comparable ones; WWC Procedures Handbook v4.1).
func gainRows(t, c Summary, o Options) []Result {
	rows := TwoGroupRows(t, c, o)
	for k := range rows {
		if rows[k].Measure == MeasureMeanDifference {
			continue
		}
		rows[k].MonthsProgress = nil
		rows[k].ImprovementIndex = NaN
		note := "standardised by the SD of the gain scores (post − pre), not of the outcome: that SD is smaller when pretest and outcome correlate, so this effect size is larger than, and not comparable with, the headline effect size; not converted to months' progress (compare the ancova or did rows)"
		if rows[k].Note != "" {
			note = rows[k].Note + "; " + note
		}
		rows[k].Note = note
	}
	return rows
}

// missingScores counts the rows without an outcome, and those with an
// outcome but no pretest: why pupils drop out of the analyses that need
// both scores.
func missingScores(oc *Outcome, rows []int32) (missY, missPre int) {
	for _, i := range rows {
		if math.IsNaN(oc.Y[i]) {
			missY++
		} else if math.IsNaN(oc.Pre[i]) {
			missPre++
		}
	}
	return missY, missPre
}
