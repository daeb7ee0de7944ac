package evaluate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/binary"
	"github.com/whatworks/whatworks/evaluate/regress"
)

// The analyses of a yes/no outcome (docs/methods.md §11). Estimates of
// proportions and risk differences are proportions (0.14 is 14
// percentage points); reports show them as percentages and points.

// coxDivisor turns a log odds ratio into the Cox index (WWC; binary.Compare).
const coxDivisor = 1.65

// smallExpected is the expected count below which the chi-square p is
// unreliable and Fisher's exact p is the headline's (Cochran 1954).
const smallExpected = 5

// binaryCounts returns the 2×2 table of outcome y by arm over rows (pupils
// without an answer left out).
func binaryCounts(y []float64, arm []int8, rows []int32) binary.Table {
	var t binary.Table
	for _, i := range rows {
		v := y[i]
		if math.IsNaN(v) {
			continue
		}
		switch arm[i] {
		case Treated:
			t.N1++
			if v == 1 {
				t.Events1++
			}
		case Comparison:
			t.N0++
			if v == 1 {
				t.Events0++
			}
		}
	}
	return t
}

// isBinary reports whether every value of x over rows is 0, 1 or NaN, and
// some value is there.
func isBinary(x []float64, rows []int32) bool {
	some := false
	for _, i := range rows {
		v := x[i]
		if math.IsNaN(v) {
			continue
		}
		if v != 0 && v != 1 {
			return false
		}
		some = true
	}
	return some
}

// measureRow fills a row from a binary.Measure.
func measureRow(analysis Analysis, measure Measure, m binary.Measure, ciMethod string) Result {
	row := newRow(analysis, measure)
	row.Estimate, row.SE, row.CILow, row.CIHigh = Num(m.Estimate), Num(m.SE), Num(m.CILow), Num(m.CIHigh)
	row.Statistic, row.DF, row.PValue = Num(m.Statistic), Num(m.DF), Num(m.P)
	if !math.IsNaN(m.CILow) {
		row.CIMethod = ciMethod
	}
	var notes []string
	if m.Corrected {
		notes = append(notes, "0.5 added to every cell because one was 0 (Haldane)")
	}
	if m.Reason != "" {
		notes = append(notes, m.Reason)
	}
	row.Note = strings.Join(notes, "; ")
	return row
}

// proportionRow is the share of n pupils with the outcome (x of them) with
// its Wilson interval.
func proportionRow(analysis Analysis, measure Measure, x, n int, what string, o Options) Result {
	row := newRow(analysis, measure)
	if n == 0 {
		row.Note = "no " + what + " with an answer"
		return row
	}
	lo, hi, _ := binary.Wilson(x, n, o.Confidence)
	row.Estimate, row.CILow, row.CIHigh, row.CIMethod = Num(float64(x)/float64(n)), Num(lo), Num(hi), "wilson"
	row.SE = Num(math.Sqrt(float64(x) * float64(n-x) / float64(n) / float64(n) / float64(n)))
	row.Note = fmt.Sprintf("%d of %d %s (Wilson interval)", x, n, what)
	return row
}

// addNote appends a clause to a row's note.
func addNote(row *Result, s string) {
	if s == "" {
		return
	}
	if row.Note == "" {
		row.Note = s
		return
	}
	row.Note += "; " + s
}

// BinaryRows returns the unadjusted comparison of a yes/no outcome between
// the arms from its 2×2 table (rows with Analysis "unadjusted" and
// "exact", Subgroup "all", Outcome empty; docs/methods.md §11):
//
//   - proportion_intervention, proportion_comparison: the share of each
//     arm's pupils with the outcome, with the Wilson interval (R's
//     prop.test(correct = FALSE));
//   - risk_difference p1 − p0 (Wald interval, unpooled SE), risk_ratio
//     (interval on the log scale), odds_ratio (Woolf) and cox_index
//     (ln OR / 1.65, WWC), each with the p of Pearson's chi-square without
//     continuity correction (Statistic X², DF 1), as binary.Compare;
//   - exact / odds_ratio: Fisher's exact test as R's fisher.test
//     (conditional maximum-likelihood odds ratio, exact interval, p), the
//     headline's p when an expected count is under 5 (HeadlineP).
//
// NTreated and NComparison are the pupils with an answer in each arm.
// Months' progress does not apply.
func BinaryRows(t binary.Table, o Options) ([]Result, error) {
	o = o.withDefaults()
	u, err := binary.Compare(t, o.Confidence)
	if err != nil {
		return nil, err
	}
	f, err := binary.Fisher(t, o.Confidence)
	if err != nil {
		return nil, err
	}
	rows := []Result{
		proportionRow(AnalysisUnadjusted, MeasureProportionTreated, t.Events1, t.N1, "intervention pupils", o),
		proportionRow(AnalysisUnadjusted, MeasureProportionComparison, t.Events0, t.N0, "comparison pupils", o),
	}
	chi := fmt.Sprintf("p from Pearson's chi-square without continuity correction, X² = %s", fmtG(u.ChiSquare.Statistic))
	if math.IsNaN(u.ChiSquare.Statistic) {
		chi = ""
	}
	rd := measureRow(AnalysisUnadjusted, MeasureRiskDifference, u.RiskDifference, CINormal)
	rd.Note = joinNotes(fmt.Sprintf("%s minus %s; Wald interval (unpooled SE)", pct(u.P1), pct(u.P0)), chi, rd.Note)
	rr := measureRow(AnalysisUnadjusted, MeasureRiskRatio, u.RiskRatio, "log")
	rr.Note = joinNotes("SE and interval on the log scale (Katz)", chi, rr.Note)
	or := measureRow(AnalysisUnadjusted, MeasureOddsRatio, u.OddsRatio, "woolf")
	or.Note = joinNotes("SE of the log odds ratio, Woolf interval", chi, or.Note)
	cox := measureRow(AnalysisUnadjusted, MeasureCoxIndex, u.CoxIndex, "woolf")
	cox.Note = joinNotes("WWC Cox index ln(OR)/1.65, on the scale of a standardised mean difference", chi, cox.Note)
	rows = append(rows, rd, rr, or, cox)

	ex := newRow(AnalysisExact, MeasureOddsRatio)
	ex.Estimate, ex.CILow, ex.CIHigh, ex.PValue = Num(f.OddsRatio), Num(f.CILow), Num(f.CIHigh), Num(f.P)
	if !math.IsNaN(f.CILow) {
		ex.CIMethod = "exact"
	}
	ex.Note = fmt.Sprintf("Fisher's exact test (conditional maximum-likelihood odds ratio, exact interval); smallest expected count %s", fmtG(u.MinExpected))
	if u.MinExpected < smallExpected {
		ex.Note += fmt.Sprintf(", under %d: this p is the one to use", smallExpected)
	}
	addNote(&ex, f.Reason)
	rows = append(rows, ex)
	for i := range rows {
		rows[i].NTreated, rows[i].NComparison = intPtr(t.N1), intPtr(t.N0)
	}
	return rows, nil
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "; ")
}

// pct is a proportion as a percentage for notes: "61.3%".
func pct(p float64) string { return fmt.Sprintf("%.1f%%", 100*p) }

// binaryTwoArmGroup is the analyses of a yes/no outcome for one group of
// pupils of a two-arm design: BinaryRows, the logistic regression on the
// pretest and covariates (logistic rows) and, with a cluster column, the
// linear probability model with cluster-robust errors.
func (r *runner) binaryTwoArmGroup(oc *Outcome, g group, adjusted, all bool) []Result {
	arm := r.in.Arm
	t, c := armSummaries(oc.Y, arm, g.rows)
	if all {
		r.exclude(oc, AnalysisUnadjusted, ReasonMissingOutcome, len(g.rows)-t.N-c.N)
		r.smallAndMissing(oc, t, c)
	}
	if t.N == 0 || c.N == 0 {
		r.caveat("%s, %s: no %s pupils with an answer, so the arms cannot be compared", oc.Name(), g.name, emptyArm(t.N))
		return nil
	}
	tab := binaryCounts(oc.Y, arm, g.rows)
	rows, err := BinaryRows(tab, r.o)
	if err != nil {
		r.caveat("%s, %s: %v", oc.Name(), g.name, err)
		return nil
	}
	if all {
		if u, err := binary.Compare(tab, r.o.Confidence); err == nil && u.MinExpected < smallExpected {
			r.caveat("%s: an expected count is under %d (smallest %s), so the chi-square p-value is unreliable: "+
				"the headline uses Fisher's exact p (the exact row)", oc.Name(), smallExpected, fmtG(u.MinExpected))
		}
	}
	out := label(rows, oc, g.name, "")
	spec := ancovaSpec{arm: arm, y: oc.Y, pre: oc.Pre, preName: oc.PreColumn, covs: r.in.Covariates}
	if adjusted {
		lg, a := r.logisticRows(oc, spec, g.rows, g.name)
		if all && a != nil {
			for _, e := range a.Excluded {
				r.exclude(oc, AnalysisLogistic, e.Reason, e.Count)
			}
			r.balance(oc, a.Rows)
		}
		out = append(out, label(lg, oc, g.name, "")...)
	} else if all {
		r.balance(oc, nonMissing(oc.Y, g.rows))
	}
	if r.clustered() {
		if row, ok := r.binaryClusterRobust(oc, spec, g.rows); ok {
			out = append(out, label([]Result{row}, oc, g.name, "")...)
		}
	}
	return out
}

// logitModel is a logistic regression of a yes/no outcome fitted over some
// pupils: the design (intercept, then the terms), the fit, and the words
// for a fit that failed.
type logitModel struct {
	a     *ANCOVA // the pupils (Rows), exclusions, dropped and adjusted terms
	terms []term
	X     *mat.Dense
	names []string
	fit   *regress.LogitFit
	// failed says in words why there is no estimate ("" when there is one).
	failed string
}

// fitLogit fits the logistic regression of spec over rows (weights w by
// pupil index, nil for none).
func fitLogit(spec ancovaSpec, rows []int32, w []float64) logitModel {
	m := logitModel{a: &ANCOVA{}}
	m.a.Rows, m.a.Excluded = spec.sample(rows)
	if w != nil {
		kept := m.a.Rows[:0:0]
		for _, i := range m.a.Rows {
			if w[i] > 0 {
				kept = append(kept, i)
			}
		}
		m.a.Rows = kept
	}
	m.terms = spec.terms(m.a)
	m.a.T, m.a.C = armSummaries(spec.y, spec.arm, m.a.Rows)
	if m.a.T.N == 0 || m.a.C.N == 0 {
		m.failed = fmt.Sprintf("no %s pupils with every value the regression needs", emptyArm(m.a.T.N))
		return m
	}
	p := len(m.terms) + 1
	if p > maxCoefficients {
		m.failed = (&ModelSizeError{Coefficients: p, Hint: widestFactor(spec)}).Error()
		return m
	}
	m.names = append([]string{regress.Intercept}, make([]string, len(m.terms))...)
	for j, t := range m.terms {
		m.names[j+1] = t.name
	}
	n := len(m.a.Rows)
	if n <= p {
		m.failed = fmt.Sprintf("too few pupils for the regression: %d pupils for %d coefficients", n, p)
		return m
	}
	m.X = mat.NewDense(n, p, nil)
	raw := m.X.RawMatrix()
	y := make([]float64, n)
	var ww []float64
	if w != nil {
		ww = make([]float64, n)
	}
	for k, i := range m.a.Rows {
		row := raw.Data[k*raw.Stride : k*raw.Stride+p]
		row[0] = 1
		for j := range m.terms {
			row[j+1] = m.terms[j].value(spec.arm, i)
		}
		y[k] = spec.y[i]
		if w != nil {
			ww[k] = w[i]
		}
	}
	fit, err := regress.LogisticWeighted(m.X, y, ww, m.names)
	switch {
	case errors.Is(err, regress.ErrCollinear):
		m.failed = "the covariates are collinear: " + strings.TrimPrefix(err.Error(), regress.ErrCollinear.Error()+": ")
		return m
	case err != nil:
		m.failed = err.Error()
		if why := separationWords(spec, m.terms, m.a.Rows); why != "" {
			m.failed = "separation: " + why
		}
		return m
	}
	m.fit = fit
	if !fit.Converged || fit.FittedBoundary > 0 || fit.Vcov == nil {
		why := separationWords(spec, m.terms, m.a.Rows)
		if why == "" {
			why = "a combination of the pretest and covariates predicts the outcome exactly for some pupils"
		}
		m.failed = "separation: " + why + ", so the regression has no finite estimate (the model's probabilities reach 0% or 100%); " +
			"leave that covariate out, or merge its small categories"
	}
	return m
}

// counterfactual is the Counterfactual of g-computation for the model's
// pupils rows[k]: row k of the design with the treatment set to treated
// (and every treatment × subgroup term rebuilt to match).
func (m logitModel) counterfactual(arm []int8, rows []int32) binary.Counterfactual {
	return func(k int, treated bool, dst []float64) {
		i := rows[k]
		dst[0] = 1
		tv := 0.0
		if treated {
			tv = 1
		}
		for j := range m.terms {
			t := &m.terms[j]
			switch {
			case t.treat:
				dst[j+1] = tv
			case t.byTreat:
				base := *t
				base.byTreat = false
				dst[j+1] = base.value(arm, i) * tv
			default:
				dst[j+1] = t.value(arm, i)
			}
		}
	}
}

// separationWords explains in words what predicts a yes/no outcome
// perfectly among the pupils of a logistic regression: the arm, a level of
// a categorical covariate (or a 0/1 covariate) in which every pupil, or no
// pupil, had the outcome, or a numeric covariate whose values for pupils
// with and without the outcome do not overlap. "" when no single
// variable does.
func separationWords(spec ancovaSpec, terms []term, rows []int32) string {
	y := spec.y
	var msgs []string
	all := func(what string, sel func(i int32) bool) {
		n, events := 0, 0
		for _, i := range rows {
			if sel(i) {
				n++
				if y[i] == 1 {
					events++
				}
			}
		}
		switch {
		case n > 0 && events == n:
			msgs = append(msgs, fmt.Sprintf("every one of the %d %s had the outcome", n, what))
		case n > 0 && events == 0:
			msgs = append(msgs, fmt.Sprintf("none of the %d %s had the outcome", n, what))
		}
	}
	all("intervention pupils", func(i int32) bool { return spec.arm[i] == Treated })
	all("comparison pupils", func(i int32) bool { return spec.arm[i] == Comparison })
	numeric := func(name string, x []float64) {
		if isBinary(x, rows) {
			for _, v := range []float64{0, 1} {
				all(fmt.Sprintf("pupils with %s = %v", name, v), func(i int32) bool { return x[i] == v })
			}
			return
		}
		lo1, hi1, lo0, hi0 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, i := range rows {
			if y[i] == 1 {
				lo1, hi1 = math.Min(lo1, x[i]), math.Max(hi1, x[i])
			} else {
				lo0, hi0 = math.Min(lo0, x[i]), math.Max(hi0, x[i])
			}
		}
		switch {
		case math.IsInf(lo1, 0) || math.IsInf(lo0, 0):
		case lo1 >= hi0:
			msgs = append(msgs, fmt.Sprintf("every pupil with the outcome has a %s of %v or more, and every pupil without it %v or less", name, lo1, hi0))
		case hi1 <= lo0:
			msgs = append(msgs, fmt.Sprintf("every pupil with the outcome has a %s of %v or less, and every pupil without it %v or more", name, hi1, lo0))
		}
	}
	if spec.pre != nil {
		numeric(spec.preName, spec.pre)
	}
	for k := range spec.covs {
		c := &spec.covs[k]
		if c.Factor == nil {
			numeric(c.Name, c.Num)
			continue
		}
		for _, l := range presentLevels(c.Factor, rows) {
			all(fmt.Sprintf("pupils with %s = %s", c.Name, c.Factor.Levels[l]), func(i int32) bool { return c.Factor.Codes[i] == l })
		}
	}
	if spec.by != nil {
		for _, l := range presentLevels(spec.by, rows) {
			for _, a := range []int8{Treated, Comparison} {
				who := ArmIntervention
				if a == Comparison {
					who = ArmComparison
				}
				all(fmt.Sprintf("%s pupils with %s = %s", who, spec.by.Name, spec.by.Levels[l]),
					func(i int32) bool { return spec.by.Codes[i] == l && spec.arm[i] == a })
			}
		}
	}
	return strings.Join(msgs, "; ")
}

// logisticRows fits the logistic regression of a yes/no outcome on the
// treatment, the pretest and the covariates over rows (complete cases) and
// returns its rows (Analysis "logistic"):
//
//   - odds_ratio: exp(b) of the treatment with the Wald interval and z test
//     (R: summary(glm(family = binomial)), exp(confint.default));
//   - cox_index: b / 1.65 with the Wald interval divided the same way;
//   - risk_difference: the adjusted difference by g-computation, the mean
//     predicted probability of the analysed pupils with every one in the
//     programme minus with none, delta-method SE from the model's
//     covariance, z interval and p (binary.GComputation).
//
// Separation (a variable that predicts the outcome exactly) leaves the
// rows empty, with the explanation in the note and a caveat.
func (r *runner) logisticRows(oc *Outcome, spec ancovaSpec, rows []int32, sub string) ([]Result, *ANCOVA) {
	m := fitLogit(spec, rows, nil)
	out := []Result{newRow(AnalysisLogistic, MeasureOddsRatio), newRow(AnalysisLogistic, MeasureCoxIndex), newRow(AnalysisLogistic, MeasureRiskDifference)}
	nt, nc := intPtr(m.a.T.N), intPtr(m.a.C.N)
	for i := range out {
		out[i].NTreated, out[i].NComparison = nt, nc
	}
	adj := "no covariates"
	if len(m.a.Adjusted) > 0 {
		adj = "adjusted for " + strings.Join(m.a.Adjusted, ", ")
	}
	if len(m.a.Dropped) > 0 {
		adj += "; dropped (constant here): " + strings.Join(m.a.Dropped, ", ")
	}
	if m.failed != "" {
		for i := range out {
			out[i].Note = "logistic regression " + adj + ": not estimated: " + m.failed
		}
		where := ""
		if sub != SubgroupAll {
			where = ", " + sub
		}
		r.caveat("%s%s: no logistic regression: %s", oc.Name(), where, m.failed)
		return out, m.a
	}
	f := m.fit
	j := 1 // the treatment column
	b, se := f.Coef[j], math.Sqrt(f.Vcov.At(j, j))
	out[0].Note = "exp(b) of a logistic regression " + adj + "; Wald interval and z test"
	out[1].Note = "WWC Cox index b/1.65 of the logistic regression " + adj
	if or, err := binary.OddsRatioWald(b, se, r.o.Confidence); err == nil {
		out[0] = fillMeasure(out[0], or, CINormal)
		out[1] = fillMeasure(out[1], coxOf(or), CINormal)
	}
	// Column 1 of the design is the treatment, and no other column is
	// built from it here (no interaction): GComputation sets it to 1 and 0.
	gc, err := binary.GComputation(f.Coef, f.Vcov, m.X, 1, nil, r.o.Confidence)
	if err != nil {
		out[2].Note = "g-computation failed: " + err.Error()
		return out, m.a
	}
	out[2].Note = fmt.Sprintf("adjusted difference by g-computation: mean predicted probability with every analysed pupil in the programme (%s) "+
		"minus with none (%s), from a logistic regression %s; delta-method SE, z test", pct(gc.Treated), pct(gc.Control), adj)
	out[2] = fillMeasure(out[2], gc.Difference, CINormal)
	return out, m.a
}

// fillMeasure copies a binary.Measure into row, keeping its identity, ns
// and note (to which the measure's own remarks are added).
func fillMeasure(row Result, m binary.Measure, ciMethod string) Result {
	x := measureRow(row.Analysis, row.Measure, m, ciMethod)
	x.Outcome, x.Label, x.Subgroup = row.Outcome, row.Label, row.Subgroup
	x.NTreated, x.NComparison = row.NTreated, row.NComparison
	own := x.Note
	x.Note = row.Note
	addNote(&x, own)
	return x
}

// coxOf is the Cox index of an odds ratio: ln(OR)/1.65 with its interval's
// ends logged and divided the same way (WWC).
func coxOf(or binary.Measure) binary.Measure {
	cox := or
	cox.Estimate, cox.SE = math.Log(or.Estimate)/coxDivisor, or.SE/coxDivisor
	cox.CILow, cox.CIHigh = math.Log(or.CILow)/coxDivisor, math.Log(or.CIHigh)/coxDivisor
	return cox
}

// binaryClusterRobust is the cluster_robust / risk_difference row of a
// design with a cluster column (a cluster-randomised trial; a two-group
// design or rct with pupils in schools): the treatment coefficient of the linear
// probability model (OLS of the 0/1 outcome on the treatment, pretest and
// covariates) with CR2 cluster-robust standard errors and Satterthwaite
// degrees of freedom (clubSandwich; docs/methods.md §9), over the pupils
// with every value and a cluster.
func (r *runner) binaryClusterRobust(oc *Outcome, spec ancovaSpec, rows []int32) (Result, bool) {
	cl := r.in.Cluster
	withCluster := make([]int32, 0, len(rows))
	for _, i := range rows {
		if cl.Codes[i] >= 0 {
			withCluster = append(withCluster, i)
		}
	}
	a := &ANCOVA{}
	a.Rows, a.Excluded = spec.sample(withCluster)
	terms := spec.terms(a)
	a.T, a.C = armSummaries(spec.y, spec.arm, a.Rows)
	row := newRow(AnalysisClusterRobust, MeasureRiskDifference)
	row.NTreated, row.NComparison = intPtr(a.T.N), intPtr(a.C.N)
	p := len(terms) + 1
	n := len(a.Rows)
	if a.T.N == 0 || a.C.N == 0 || n <= p {
		return row, false
	}
	names := []string{regress.Intercept}
	for _, t := range terms {
		names = append(names, t.name)
	}
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	codes := make([]int32, n)
	for k, i := range a.Rows {
		X.Set(k, 0, 1)
		for j := range terms {
			X.Set(k, j+1, terms[j].value(spec.arm, i))
		}
		y[k] = spec.y[i]
		codes[k] = cl.Codes[i]
	}
	fit, err := regress.OLS(X, y, names)
	if err != nil {
		row.Note = "linear probability model not estimated: " + err.Error()
		return row, true
	}
	resid := make([]float64, n)
	for k := range resid {
		e := y[k]
		for j := 0; j < p; j++ {
			e -= X.At(k, j) * fit.Coef[j]
		}
		resid[k] = e
	}
	// Renumber the clusters present.
	index := map[int32]int32{}
	for k, c := range codes {
		if _, ok := index[c]; !ok {
			index[c] = int32(len(index))
		}
		codes[k] = index[c]
	}
	v, err := regress.CR2(X, resid, codes, len(index))
	if err != nil {
		row.Note = "cluster-robust errors not computed: " + err.Error()
		return row, true
	}
	tt := v.Test(1, fit.Coef[1], r.o.Confidence)
	row.Estimate, row.SE, row.DF, row.Statistic, row.PValue = Num(tt.Estimate), Num(tt.SE), Num(tt.DF), Num(tt.T), Num(tt.P)
	row.CILow, row.CIHigh, row.CIMethod = Num(tt.Lower), Num(tt.Upper), "t"
	adj := "no covariates"
	if len(a.Adjusted) > 0 {
		adj = "adjusted for " + strings.Join(a.Adjusted, ", ")
	}
	row.Note = fmt.Sprintf("linear probability model (OLS of the 0/1 outcome on the treatment, %s) with CR2 cluster-robust SE and "+
		"Satterthwaite df over %d %s clusters (clubSandwich); a multilevel logistic model is not yet used", adj, len(index), cl.Name)
	addNote(&row, tt.Undefined)
	return row, true
}

// binaryPaired is the before/after comparison of a yes/no answer over the
// pupils of rows with both answers (Analysis "paired"):
// proportion_pre and proportion_post (Wilson intervals), and
// risk_difference p_post − p_pre with the interval
// ± z sqrt(b + c − (b − c)²/n)/n, McNemar's p (without continuity
// correction; Statistic X², DF 1) and the exact McNemar p in PValueExact
// (binary.ComparePaired).
func (r *runner) binaryPaired(oc *Outcome, rows []int32) ([]Result, error) {
	both := bothScores(oc, rows)
	pre, post := gather(oc.Pre, both), gather(oc.Y, both)
	pt, err := binary.PairedTableOf(pre, post)
	if err != nil {
		return nil, err
	}
	if pt.N() == 0 {
		return nil, nil
	}
	p, err := binary.ComparePaired(pt, r.o.Confidence)
	if err != nil {
		return nil, err
	}
	n := pt.N()
	out := []Result{
		proportionRow(AnalysisPaired, MeasureProportionPre, pt.Both+pt.Lost, n, "pupils before", r.o),
		proportionRow(AnalysisPaired, MeasureProportionPost, pt.Both+pt.Gained, n, "pupils after", r.o),
	}
	rd := measureRow(AnalysisPaired, MeasureRiskDifference, p.Difference, CINormal)
	rd.PValueExact = Num(p.ExactP)
	rd.Note = joinNotes(fmt.Sprintf("%s after minus %s before, %d pupils with both answers (%d changed to yes, %d to no); "+
		"p from McNemar's test without continuity correction, p_value_exact from the exact (binomial) McNemar test",
		pct(p.PPost), pct(p.PPre), n, pt.Gained, pt.Lost), rd.Note)
	out = append(out, rd)
	for i := range out {
		out[i].NTreated = intPtr(n)
	}
	return out, nil
}
