package evaluate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/evaluate/multilevel"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/regress"
)

// The analyses of pupils in clusters (docs/methods.md §9): for every
// continuous outcome of a two-arm design with a cluster column (a
// cluster-rct, or an rct or two-group design spanning several schools),
// for all pupils and within each subgroup level,
//
//   - multilevel: the random-intercept model
//     y ~ treatment + pretest + covariates + (1 | cluster) by REML, the
//     EEF's effect sizes from its null model, the ICC and eefAnalytics'
//     effect sizes (multilevelRows), and the treatment × subgroup
//     interaction in the same model (multilevelInteraction);
//   - cluster_robust: the OLS ANCOVA with CR2 standard errors and
//     Satterthwaite degrees of freedom (clusterRobustRows).

// clustered reports whether the design's outcomes get the multilevel and
// cluster_robust rows: a two-arm design with clusters, not matched (the
// matched sample has its own analyses).
func (r *runner) clustered() bool { return clusteredDesign(r.in) }

func clusteredDesign(in Input) bool {
	if in.Cluster == nil {
		return false
	}
	switch in.Design {
	case DesignClusterRCT, DesignRCT, DesignTwoGroup:
		return true
	}
	return false
}

// reasonMissingCluster is why a pupil is left out of the multilevel and
// cluster_robust analyses: no value in the cluster column.
func reasonMissingCluster(name string) string { return "missing " + name + " (cluster)" }

// eefZ is the normal quantile of the multilevel effect sizes' intervals:
// the EEF's 1.96 at the 95% level (its analysis guidance and eefAnalytics
// round it so), the exact quantile at any other level the design asks for.
func eefZ(conf float64) float64 {
	if conf == 0.95 {
		return multilevel.EEFZ
	}
	return multilevel.Z(conf)
}

// clusterModel is one regression over the pupils of a group who have every
// value it needs and a cluster: its terms and the outcome and cluster of
// each pupil, gathered once.
type clusterModel struct {
	spec  ancovaSpec
	a     *ANCOVA // Rows, Excluded, Dropped, Adjusted, T, C (Fit unused)
	terms []term
	names []string
	y     []float64 // outcome of a.Rows
	cl    []int32   // cluster code of a.Rows
	nCl   int
}

// newClusterModel chooses the pupils (those of rows with every value of
// spec and a cluster) and the terms of one model. anc, when not nil, is
// the ANCOVA of the same spec over the same rows: its sample is reused.
func newClusterModel(spec ancovaSpec, f *Factor, rows []int32, anc *ANCOVA) (*clusterModel, error) {
	m := &clusterModel{spec: spec, a: &ANCOVA{}, nCl: len(f.Levels)}
	var keep []int32
	var excluded []Exclusion
	if anc != nil {
		keep, excluded = anc.Rows, append([]Exclusion(nil), anc.Excluded...)
	} else {
		keep, excluded = spec.sample(rows)
	}
	noCluster := 0
	for _, i := range keep {
		if f.Codes[i] < 0 {
			noCluster++
		}
	}
	if noCluster > 0 {
		k := make([]int32, 0, len(keep)-noCluster)
		for _, i := range keep {
			if f.Codes[i] >= 0 {
				k = append(k, i)
			}
		}
		keep = k
		excluded = append(excluded, Exclusion{Reason: reasonMissingCluster(f.Name), Count: noCluster})
	}
	m.a.Rows, m.a.Excluded = keep, excluded
	m.terms = spec.terms(m.a)
	if anc != nil && noCluster == 0 {
		m.a.T, m.a.C = anc.T, anc.C
	} else {
		m.a.T, m.a.C = armSummaries(spec.y, spec.arm, keep)
	}
	if m.a.T.N == 0 || m.a.C.N == 0 {
		return m, fmt.Errorf("no %s pupils with every value the model needs and a %s", emptyArm(m.a.T.N), f.Name)
	}
	p := len(m.terms) + 1
	if p > maxCoefficients {
		return m, &ModelSizeError{Coefficients: p, Hint: widestFactor(spec)}
	}
	if len(keep) <= p {
		return m, fmt.Errorf("too few pupils for the model: %d pupils for %d coefficients", len(keep), p)
	}
	m.names = make([]string, p)
	m.names[0] = regress.Intercept
	for j, t := range m.terms {
		m.names[j+1] = t.name
	}
	m.y = gather(spec.y, keep)
	m.cl = make([]int32, len(keep))
	for r, i := range keep {
		m.cl[r] = f.Codes[i]
	}
	return m, nil
}

// data is the model as evaluate/multilevel takes it.
func (m *clusterModel) data() multilevel.Data {
	return multilevel.Data{Y: m.y, Names: m.names, Fill: m.fill, Cluster: m.cl, NClusters: m.nCl}
}

// fill writes rows [start, end) of the design matrix X, row-major, a
// column at a time (the kind of each term is looked at once per column).
func (m *clusterModel) fill(start, end int, dst []float64) {
	m.fillStride(start, end, dst, len(m.names))
}

// fillY is fill with the outcome as a last column (regress.OLSRows).
func (m *clusterModel) fillY(start, end int, dst []float64) {
	p := len(m.names)
	m.fillStride(start, end, dst, p+1)
	for r := start; r < end; r++ {
		dst[(r-start)*(p+1)+p] = m.y[r]
	}
}

func (m *clusterModel) fillStride(start, end int, dst []float64, stride int) {
	rows := m.a.Rows[start:end]
	arm := m.spec.arm
	for r := range rows {
		dst[r*stride] = 1
	}
	for j := range m.terms {
		t := &m.terms[j]
		col := dst[j+1:]
		switch {
		case t.treat:
			for r, i := range rows {
				col[r*stride] = b2f(arm[i] == Treated)
			}
		case t.num != nil && !t.byTreat:
			for r, i := range rows {
				col[r*stride] = t.num[i]
			}
		case t.fac != nil && !t.byTreat:
			codes, l := t.fac.Codes, t.level
			for r, i := range rows {
				col[r*stride] = b2f(codes[i] == l)
			}
		default:
			for r, i := range rows {
				col[r*stride] = t.value(arm, i)
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// formula is the model in lme4's notation, e.g.
// "reading_post ~ treatment + reading_pre + fsm + (1 | school)".
func (m *clusterModel) formula(outcome, cluster string) string {
	return outcome + " ~ " + strings.Join(m.names[1:], " + ") + " + (1 | " + cluster + ")"
}

// adjustedFor is "adjusted for X, Y" (or "no covariates"), with the
// covariates dropped as constant.
func (m *clusterModel) adjustedFor() string {
	s := "no covariates"
	if len(m.a.Adjusted) > 0 {
		s = "adjusted for " + strings.Join(m.a.Adjusted, ", ")
	}
	if len(m.a.Dropped) > 0 {
		s += "; dropped (constant here): " + strings.Join(m.a.Dropped, ", ")
	}
	return s
}

// clusterRows are the multilevel and cluster_robust rows of outcome oc
// in group g; anc is the group's ANCOVA (nil when there is none), whose
// sample and coefficients they reuse when they can. One pass over the
// pupils (multilevel.NewSums) gives the statistics of both.
func (r *runner) clusterRows(oc *Outcome, g group, anc *ANCOVA, all bool) []Result {
	spec := ancovaSpec{arm: r.in.Arm, y: oc.Y, pre: oc.Pre, preName: oc.PreColumn, covs: r.in.Covariates}
	m, err := newClusterModel(spec, r.in.Cluster, g.rows, anc)
	if all {
		for _, e := range m.a.Excluded {
			r.exclude(oc, AnalysisMultilevel, e.Reason, e.Count)
			r.exclude(oc, AnalysisClusterRobust, e.Reason, e.Count)
		}
	}
	var sums *multilevel.Sums
	if err == nil {
		sums, err = multilevel.NewSums(m.data())
	}
	if err != nil {
		r.caveat("%s: no multilevel model or cluster-robust standard errors: %v", where(oc, g, all), err)
		return nil
	}
	out := r.multilevelRows(oc, g, m, sums, all)
	return append(out, r.clusterRobustRows(oc, g, m, sums, anc, all)...)
}

// where names an outcome, and the subgroup unless it is all pupils.
func where(oc *Outcome, g group, all bool) string {
	if all {
		return oc.Name()
	}
	return oc.Name() + ", " + g.name
}

// multilevelRows fits the random-intercept model and its null model
// y ~ 1 + (1 | cluster) on the same pupils, and returns the rows of
// Analysis "multilevel":
//
//   - mean_difference: the treatment coefficient b, its SE, t test and
//     interval on Satterthwaite's df (as lmerTest);
//   - hedges_g: b / √(τ₀² + σ₀²), interval (b ± z SE)/√(τ₀² + σ₀²)
//     (z = 1.96 at 95%, eefZ), no J (EEF analysis guidance); the t
//     interval over the same SD in the Alt fields; the coefficient's t
//     and p;
//   - hedges_g_within: the same over σ₀;
//   - icc: τ₀² / (τ₀² + σ₀²);
//   - eef_g_{within,total}_{conditional,unconditional}: eefAnalytics'
//     effect sizes with Hedges' (2007) standard errors from the full
//     (conditional) or null (unconditional) model's variances.
//
// For all pupils it also records the model in the report's Clustering
// block, and words its warnings as caveats.
func (r *runner) multilevelRows(oc *Outcome, g group, m *clusterModel, sums *multilevel.Sums, all bool) []Result {
	at := where(oc, g, all)
	stats := sums.Stats()
	full, err := stats.Fit()
	var null *multilevel.Fit
	if err == nil {
		null, err = stats.FitNull()
	}
	var layout multilevel.Layout
	if err == nil {
		layout, err = sums.Layout(1) // the treatment follows the intercept
	}
	if err != nil {
		r.caveat("%s: no multilevel model: %v", at, err)
		return nil
	}
	clustersTreated := 0
	if layout.Level == multilevel.ClusterLevel {
		clustersTreated = len(layout.Treated)
	}
	r.noteMultilevel(oc, g, full.Sigma2, full.Tau2, null.Sigma2, null.Tau2, full.Clusters, clustersTreated,
		len(m.names)-2, full.Boundary)
	conf := r.o.Confidence
	z := eefZ(conf)
	test := full.Test(full.Index(TreatmentTerm), conf)
	cname := r.in.Cluster.Name
	nt, nc := intPtr(m.a.T.N), intPtr(m.a.C.N)
	warn := mlWarnings(r.in.Design, full, null, test, layout)
	words := clusterWarningWords(warn, warnInfo{outcome: oc.Column, cluster: cname, clusters: full.Clusters,
		icc: null.ICC(), df: test.DF, layout: layout})
	model := fmt.Sprintf("random-intercept model %s by REML (%s); %d clusters", m.formula(oc.Column, cname), m.adjustedFor(), full.Clusters)
	warnNote := ""
	if len(words) > 0 {
		warnNote = "; " + strings.Join(words, "; ")
	}

	md := newRow(AnalysisMultilevel, MeasureMeanDifference)
	md.Estimate, md.SE, md.DF, md.Statistic = Num(test.Estimate), Num(test.SE), Num(test.DF), Num(test.T)
	md.CILow, md.CIHigh, md.CIMethod, md.PValue = Num(test.Lower), Num(test.Upper), "t", Num(test.P)
	md.Note = "treatment coefficient of the " + model + "; t test and interval on Satterthwaite's degrees of freedom (as lmerTest)"
	if test.Undefined != "" {
		md.Note += "; " + test.Undefined
	}
	md.Note += warnNote

	total, within := multilevel.EEFEffects(test, null, z)
	zWord := fmt.Sprintf("(b ± %s SE)/SD", fmtG(z))
	if conf == 0.95 {
		zWord = "(b ± 1.96 SE)/SD, the EEF's convention for 95%"
	}
	sd0 := fmt.Sprintf("τ₀² = %s, σ₀² = %s", fmtG(null.Tau2), fmtG(null.Sigma2))
	gRow := func(measure Measure, e multilevel.Effect, sd float64, what string) Result {
		x := newRow(AnalysisMultilevel, measure)
		x.Estimate, x.SE, x.CILow, x.CIHigh, x.CIMethod = Num(e.G), Num(e.SE), Num(e.Lower), Num(e.Upper), CINormal
		x.CILowAlt, x.CIHighAlt, x.CIMethodAlt = Num(test.Lower/sd), Num(test.Upper/sd), "t"
		x.DF, x.Statistic, x.PValue = Num(test.DF), Num(test.T), Num(test.P)
		x.MonthsProgress = monthsPtr(e.G, r.o.MonthsTable)
		x.ImprovementIndex = Num(rating.ImprovementIndex(e.G))
		x.Note = fmt.Sprintf("EEF effect size: the multilevel treatment coefficient b over %s of the null model %s ~ 1 + (1 | %s) "+
			"fitted by REML on the same pupils (%s); interval %s, no small-sample correction; the t interval on "+
			"Satterthwaite's df in the alternative interval, and the coefficient's t test",
			what, oc.Column, cname, sd0, zWord)
		if e.Undefined != "" {
			x.Note += "; " + e.Undefined
			x.MonthsProgress, x.ImprovementIndex = nil, NaN
		}
		x.Note += warnNote
		return x
	}
	out := []Result{md,
		gRow(MeasureHedgesG, total, math.Sqrt(null.Tau2+null.Sigma2), "the total SD √(τ₀² + σ₀²)"),
		gRow(MeasureHedgesGWithin, within, math.Sqrt(null.Sigma2), "the within-cluster SD σ₀"),
	}

	icc := newRow(AnalysisMultilevel, MeasureICC)
	icc.Estimate = Num(null.ICC())
	icc.Note = fmt.Sprintf("intraclass correlation of %s: τ₀²/(τ₀² + σ₀²) of the null model %s ~ 1 + (1 | %s) by REML (%s; %d clusters); "+
		"the full model's (conditional) ICC is %s", oc.Column, oc.Column, cname, sd0, null.Clusters, fmtG(full.ICC()))
	if null.Boundary {
		icc.Note += "; the null model's τ₀² is 0 (the clusters do not differ beyond chance)"
	}
	out = append(out, icc)

	cond := layout.Effects(test.Estimate, full, z)
	uncond := layout.Effects(test.Estimate, null, z)
	for _, e := range []struct {
		measure Measure
		e       multilevel.Effect
		what    string
	}{
		{MeasureEEFWithinConditional, cond.Within, "within-cluster, variances of the full (conditional) model"},
		{MeasureEEFTotalConditional, cond.Total, "total, variances of the full (conditional) model"},
		{MeasureEEFWithinUnconditional, uncond.Within, "within-cluster, variances of the null (unconditional) model"},
		{MeasureEEFTotalUnconditional, uncond.Total, "total, variances of the null (unconditional) model"},
	} {
		x := newRow(AnalysisMultilevel, e.measure)
		x.Estimate, x.SE, x.CILow, x.CIHigh, x.CIMethod = Num(e.e.G), Num(e.e.SE), Num(e.e.Lower), Num(e.e.Upper), CINormal
		if finite(e.e.G) {
			// One p-value per comparison: the model's test of b.
			x.DF, x.Statistic, x.PValue = Num(test.DF), Num(test.T), Num(test.P)
		}
		x.MonthsProgress = monthsPtr(e.e.G, r.o.MonthsTable)
		x.ImprovementIndex = Num(rating.ImprovementIndex(e.e.G))
		x.Note = fmt.Sprintf("eefAnalytics effect size (%s) with Hedges' (2007) standard error; interval g ± %s SE; "+
			"the multilevel model's t test of the treatment coefficient", e.what, fmtG(z))
		if e.e.Undefined != "" {
			x.Note += "; " + e.e.Undefined
			x.MonthsProgress, x.ImprovementIndex = nil, NaN
		}
		out = append(out, x)
	}
	for i := range out {
		out[i].NTreated, out[i].NComparison = nt, nc
	}

	if all {
		for _, s := range words {
			r.caveat("%s: %s", oc.Name(), s)
		}
		r.clustering(oc, m, full, null, layout, warn)
	} else {
		for k, w := range warn {
			switch w {
			case multilevel.WarnNotConverged, multilevel.WarnBoundary:
				r.caveat("%s: %s", at, words[k])
			}
		}
	}
	return label(out, oc, g.name, "")
}

// mlWarnings gathers the warnings of a multilevel analysis, each once, in
// a fixed order: the fit's convergence and boundary, the null model's ICC,
// the clusters and degrees of freedom, the layout.
func mlWarnings(design Design, full, null *multilevel.Fit, test multilevel.Test, l multilevel.Layout) []multilevel.Warning {
	var w []multilevel.Warning
	seen := map[multilevel.Warning]bool{}
	add := func(ws ...multilevel.Warning) {
		for _, x := range ws {
			if !seen[x] {
				seen[x] = true
				w = append(w, x)
			}
		}
	}
	has := func(f *multilevel.Fit, x multilevel.Warning) bool {
		for _, y := range f.Warnings {
			if y == x {
				return true
			}
		}
		return false
	}
	if has(full, multilevel.WarnNotConverged) || has(null, multilevel.WarnNotConverged) {
		add(multilevel.WarnNotConverged)
	}
	if full.Boundary {
		add(multilevel.WarnBoundary)
	}
	if null.Boundary || has(null, multilevel.WarnICCNearZero) {
		add(multilevel.WarnICCNearZero)
	}
	lw := l.Warnings
	if design == DesignClusterRCT {
		lw = l.ClusterRCTWarnings()
	}
	for _, x := range lw {
		if x == multilevel.WarnFewClusters {
			add(x)
		}
	}
	add(test.Warnings...)
	for _, x := range lw {
		add(x)
	}
	return w
}

// ClusterNouns are the words for the clusters of column name: "school",
// "schools" when the name says school, "class", "classes" when it says
// class, else "cluster", "clusters". Run's caveats and the reports use them.
func ClusterNouns(name string) (one, many string) {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "school"):
		return "school", "schools"
	case strings.Contains(n, "class"):
		return "class", "classes"
	}
	return "cluster", "clusters"
}

// warnInfo is what the words of the warnings of a multilevel analysis
// quote.
type warnInfo struct {
	outcome, cluster string  // the outcome and cluster columns
	clusters         int     // clusters holding the pupils analysed
	icc, df          float64 // the outcome's ICC; the treatment test's df
	layout           multilevel.Layout
	mixed            []string // some clusters holding both arms, to name
}

// clusterWarningWords words each warning of a multilevel analysis as a
// sentence (without the outcome's name): the caveats of Run and the
// warnings of Check.
func clusterWarningWords(ws []multilevel.Warning, w warnInfo) []string {
	one, many := ClusterNouns(w.cluster)
	l := w.layout
	out := make([]string, 0, len(ws))
	for _, c := range ws {
		var s string
		switch c {
		case multilevel.WarnNotConverged:
			s = "the multilevel model did not converge (the REML criterion is not flat where the search stopped), " +
				"so its estimates are not reliable: look at the cluster_robust rows instead, and at the data of each " + one
		case multilevel.WarnBoundary:
			s = fmt.Sprintf("the multilevel model found no variation between %s beyond what the pupils explain (τ² = 0, "+
				"a boundary fit): it reduced to ordinary least squares, so its coefficient is the ANCOVA's", many)
		case multilevel.WarnICCNearZero:
			s = fmt.Sprintf("the %s barely differ in %s (ICC %s, below %s): clustering matters little here, and the "+
				"multilevel and OLS analyses should agree", many, w.outcome, fmtG(w.icc), fmtG(multilevel.ICCNearZero))
		case multilevel.WarnFewClusters:
			s = fmt.Sprintf("the estimate rests on few %s: only %d %s clusters hold the pupils (fewer than %d), "+
				"so the between-%s variance and the interval are uncertain", many, w.clusters, w.cluster, multilevel.FewClusters, one)
		case multilevel.WarnFewDF:
			s = fmt.Sprintf("the estimate rests on few %s: the multilevel test of the treatment has %s degrees of freedom "+
				"(fewer than %d), so its interval is wide and the normal (1.96) interval of hedges_g is too narrow", many,
				fmtG(w.df), multilevel.FewDF)
		case multilevel.WarnOneClusterArm:
			s = fmt.Sprintf("the programme cannot be told apart from the %s: %s", one, oneClusterArm(l, one))
		case multilevel.WarnMixedClusters:
			eg := ""
			if len(w.mixed) > 0 {
				eg = fmt.Sprintf(" (e.g. %q)", w.mixed)
			}
			s = fmt.Sprintf("the design is a cluster-rct (whole %s allocated), but the treatment varies within %d of the "+
				"%d %s clusters%s: check the group and cluster columns (the multilevel model still allows for the clustering)",
				many, l.Mixed, l.Clusters, w.cluster, eg)
		default:
			s = string(c)
		}
		out = append(out, s)
	}
	return out
}

// oneClusterArm says which arms are a single cluster.
func oneClusterArm(l multilevel.Layout, one string) string {
	t, c := len(l.Treated) == 1, len(l.Control) == 1
	switch {
	case t && c:
		return fmt.Sprintf("each group is a single %s, so any difference between them may be the %ss', not the programme's", one, one)
	case t:
		return fmt.Sprintf("every intervention pupil is in one %s, so the effect cannot be separated from that %s's", one, one)
	}
	return fmt.Sprintf("every comparison pupil is in one %s, so the effect cannot be separated from that %s's", one, one)
}

// clusteringOf returns the report's Clustering block, made on first use.
func (r *runner) clusteringOf() *Clustering {
	if r.rep.Clustering == nil {
		r.rep.Clustering = &Clustering{Column: r.in.Cluster.Name, Outcomes: []ClusteredOutcome{}}
	}
	return r.rep.Clustering
}

// clustering records the multilevel model of outcome oc (all pupils) in
// the report's Clustering block.
func (r *runner) clustering(oc *Outcome, m *clusterModel, full, null *multilevel.Fit, l multilevel.Layout, warn []multilevel.Warning) {
	co := ClusteredOutcome{
		Outcome: oc.Column, Model: m.formula(oc.Column, r.in.Cluster.Name),
		Layout: string(l.Level), Pupils: full.N, Clusters: l.Clusters,
		ClustersTreated: len(l.Treated), ClustersComparison: len(l.Control), ClustersBoth: l.Mixed,
		MeanClusterSize: Num(float64(full.N) / float64(l.Clusters)),
		ICC:             Num(null.ICC()), Tau2: Num(null.Tau2), Sigma2: Num(null.Sigma2),
		ICCConditional: Num(full.ICC()), ICCPretest: NaN,
		Boundary: full.Boundary, Converged: full.Converged && null.Converged, Warnings: []string{},
	}
	co.Description = describeModel(oc, m, r.in.Cluster.Name)
	if oc.Pre != nil {
		if f, err := multilevel.Null(gather(oc.Pre, m.a.Rows), m.cl, m.nCl); err == nil {
			co.ICCPretest = Num(f.ICC())
		}
	}
	for _, w := range warn {
		co.Warnings = append(co.Warnings, string(w))
	}
	c := r.clusteringOf()
	c.Outcomes = append(c.Outcomes, co)
}

// describeModel is the multilevel model in words.
func describeModel(oc *Outcome, m *clusterModel, cname string) string {
	one, _ := ClusterNouns(cname)
	adj := ""
	if len(m.a.Adjusted) > 0 {
		adj = ", adjusting for " + strings.Join(m.a.Adjusted, ", ")
	}
	each := one
	if !strings.EqualFold(one, cname) {
		each += " (" + cname + ")"
	}
	return fmt.Sprintf("a linear mixed model of %s on the programme%s, with a random intercept for each %s, "+
		"fitted by restricted maximum likelihood (REML) as the EEF does; the effect size divides the programme's "+
		"coefficient by the outcome's total standard deviation from the same model without predictors",
		oc.Column, adj, each)
}

// clusterRobustRows are the rows of Analysis "cluster_robust": the OLS
// regression of the outcome on the treatment, pretest and covariates over
// the model's pupils (the ANCOVA's coefficients when it has the same
// pupils) with CR2 cluster-robust standard errors (Bell & McCaffrey 2002)
// and Satterthwaite degrees of freedom (Pustejovsky & Tipton 2018), as
// clubSandwich::vcovCR(type = "CR2") and coef_test:
//
//   - mean_difference: the treatment coefficient b, CR2 SE, t test and
//     interval on the Satterthwaite df;
//   - hedges_g: on the ancova g's scale, J·b / s_p (s_p the unadjusted
//     pooled SD of the outcome, J = 1 − 3/(4N − 9)), the interval and SE
//     scaled alike, the same t and p.
func (r *runner) clusterRobustRows(oc *Outcome, g group, m *clusterModel, sums *multilevel.Sums, anc *ANCOVA, all bool) []Result {
	at := where(oc, g, all)
	n := len(m.a.Rows)
	var coef []float64
	var perfect bool
	if anc != nil && anc.Fit != nil && len(anc.Rows) == n && slices.Equal(anc.Fit.Names, m.names) {
		coef, perfect = anc.Fit.Coef, anc.Fit.PerfectFit // the same pupils (a subset in the same order) and terms
	} else {
		fit, err := regress.OLSRows(n, m.names, m.fillY)
		if err != nil {
			r.caveat("%s: no cluster-robust standard errors: %v", at, err)
			return nil
		}
		coef, perfect = fit.Coef, fit.PerfectFit
	}
	v, err := sums.CR2(coef)
	if err != nil {
		r.caveat("%s: no cluster-robust standard errors: %v", at, err)
		return nil
	}
	j := 1 // the treatment term follows the intercept
	t := v.Test(j, coef[j], r.o.Confidence)
	_, many := ClusterNouns(r.in.Cluster.Name)
	note := fmt.Sprintf("OLS coefficient (%s) with CR2 cluster-robust standard error by %s (Bell & McCaffrey 2002) and "+
		"Satterthwaite degrees of freedom (Pustejovsky & Tipton 2018), as clubSandwich; %d clusters",
		m.adjustedFor(), r.in.Cluster.Name, v.Clusters)
	if t.Undefined != "" {
		note += "; " + t.Undefined
	} else if t.DF < multilevel.FewDF {
		note += fmt.Sprintf("; only %s degrees of freedom: the estimate rests on few %s", fmtG(t.DF), many)
	}
	nt, nc := intPtr(m.a.T.N), intPtr(m.a.C.N)

	md := newRow(AnalysisClusterRobust, MeasureMeanDifference)
	md.Note = note
	gr := newRow(AnalysisClusterRobust, MeasureHedgesG)
	gr.Note = note + "; g = J·b / unadjusted pooled SD of the outcome, as the ancova g"
	k, why := gScale(m.a.T, m.a.C)
	switch {
	case perfect:
		addNote(&md, whyPerfectFit)
		addNote(&gr, whyPerfectFit)
	default:
		md.Estimate, md.SE, md.DF, md.Statistic, md.PValue = Num(t.Estimate), Num(t.SE), Num(t.DF), Num(t.T), Num(t.P)
		md.CILow, md.CIHigh, md.CIMethod = Num(t.Lower), Num(t.Upper), "t"
		if why != "" {
			addNote(&gr, why)
			break
		}
		gr.Estimate, gr.SE, gr.DF, gr.Statistic, gr.PValue = Num(k*t.Estimate), Num(k*t.SE), Num(t.DF), Num(t.T), Num(t.P)
		gr.CILow, gr.CIHigh, gr.CIMethod = Num(k*t.Lower), Num(k*t.Upper), "t"
		gr = withMonths(gr, r.o)
	}
	out := []Result{md, gr}
	for i := range out {
		out[i].NTreated, out[i].NComparison = nt, nc
	}
	return label(out, oc, g.name, "")
}

// clusteredInteraction, in a design with clusters, notes that the OLS
// interaction rows of a score (the task's rows so far) ignore the
// clustering and adds the interaction in the mixed model.
func (r *runner) clusteredInteraction(oc *Outcome, by *Factor) []Result {
	if !r.clustered() {
		return nil
	}
	switch {
	case oc.Type == "" || oc.Type == TypeContinuous:
		ignoresClustering(r.rep.Results, r.in.Cluster.Name)
		return r.multilevelInteraction(oc, by)
	case oc.Type == TypeOrdinal && oc.Scale != "":
		ignoresClustering(r.rep.Results, r.in.Cluster.Name)
		return asInterval(r.multilevelInteraction(oc, by))
	}
	return nil
}

// multilevelInteraction fits the treatment × subgroup model
//
//	y ~ treatment + pretest + covariates + by + treatment:by + (1 | cluster)
//
// by REML over all analysed pupils with a value of by and a cluster, and
// returns one row per non-reference level L (Analysis "multilevel",
// Measure "interaction_L", Subgroup "BY=L"): the coefficient of
// treatment:by=L with its t test and interval on Satterthwaite's df. When
// some level lacks an arm, the OLS interaction's caveat already says so
// and there are no rows.
func (r *runner) multilevelInteraction(oc *Outcome, by *Factor) []Result {
	spec := ancovaSpec{arm: r.in.Arm, y: oc.Y, pre: oc.Pre, preName: oc.PreColumn, covs: r.in.Covariates, by: by, withInteraction: true}
	m, err := newClusterModel(spec, r.in.Cluster, r.groups[0].rows, nil)
	if err != nil {
		return nil
	}
	nt := make([]int, len(by.Levels))
	nc := make([]int, len(by.Levels))
	for _, i := range m.a.Rows {
		if r.in.Arm[i] == Treated {
			nt[by.Codes[i]]++
		} else {
			nc[by.Codes[i]]++
		}
	}
	for l := range by.Levels {
		if nt[l]+nc[l] > 0 && (nt[l] == 0 || nc[l] == 0) {
			return nil
		}
	}
	prefix := TreatmentTerm + ":" + by.Name + "="
	var idx []int
	for j, nm := range m.names {
		if strings.HasPrefix(nm, prefix) {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	fit, err := multilevel.REML(m.data())
	if err != nil {
		var ce *multilevel.CollinearError
		if !errors.As(err, &ce) {
			r.caveat("%s: no treatment × %s interaction in the multilevel model: %v", oc.Name(), by.Name, err)
		}
		return nil
	}
	ref := by.Levels[presentLevels(by, m.a.Rows)[0]]
	cname := r.in.Cluster.Name
	var out []Result
	for _, j := range idx {
		level := strings.TrimPrefix(m.names[j], prefix)
		l := int32(-1)
		for k, s := range by.Levels {
			if s == level {
				l = int32(k)
			}
		}
		t := fit.Test(j, r.o.Confidence)
		row := newRow(AnalysisMultilevel, MeasureInteraction(level))
		row.Outcome, row.Label, row.Subgroup = oc.Column, oc.Label, by.Name+"="+level
		row.Estimate, row.SE, row.DF, row.Statistic, row.PValue = Num(t.Estimate), Num(t.SE), Num(t.DF), Num(t.T), Num(t.P)
		row.CILow, row.CIHigh, row.CIMethod = Num(t.Lower), Num(t.Upper), "t"
		row.NTreated, row.NComparison = intPtr(nt[l]), intPtr(nc[l])
		row.Note = fmt.Sprintf("treatment effect for %s=%s minus treatment effect for %s=%s (reference), outcome scale, "+
			"in the random-intercept model %s by REML (%s); Satterthwaite's degrees of freedom",
			by.Name, level, by.Name, ref, m.formula(oc.Column, cname), m.adjustedFor())
		if t.Undefined != "" {
			row.Note += "; " + t.Undefined
		}
		if fit.Boundary {
			row.Note += "; τ² = 0: the model reduced to ordinary least squares"
		}
		if !fit.Converged {
			row.Note += "; the model did not converge: not reliable"
			r.caveat("%s: the multilevel treatment × %s model did not converge, so its interaction rows are not reliable", oc.Name(), by.Name)
		}
		out = append(out, row)
	}
	return out
}

// ignoresClustering adds to the notes of rows that treat pupils as
// independent (unadjusted, ancova, gain, did, interaction) that they
// ignore the clustering.
func ignoresClustering(rows []Result, cluster string) {
	const s = "treats pupils as independent, ignoring their clustering by %s: the interval is too narrow " +
		"(see the multilevel and cluster_robust rows)"
	for k := range rows {
		switch rows[k].Analysis {
		case AnalysisUnadjusted, AnalysisANCOVA, AnalysisGain, AnalysisDiD, AnalysisInteraction:
			if rows[k].Note != "" {
				rows[k].Note += "; "
			}
			rows[k].Note += fmt.Sprintf(s, cluster)
		}
	}
}
