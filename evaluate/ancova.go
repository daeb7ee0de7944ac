package evaluate

import (
	"fmt"
	"strings"

	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// TreatmentTerm is the name of the treatment indicator column in the
// models' design matrices.
const TreatmentTerm = regress.TreatmentTerm

// term is one column of a regression design matrix.
type term struct {
	name  string
	treat bool      // the treatment indicator
	num   []float64 // a numeric column
	fac   *Factor   // with level: the indicator of one level
	level int32
	// byTreat multiplies the column by the treatment indicator
	// (treatment × subgroup interactions).
	byTreat bool
}

func (t *term) value(arm []int8, i int32) float64 {
	var v float64
	switch {
	case t.treat:
		v = 0
		if arm[i] == Treated {
			v = 1
		}
		return v
	case t.num != nil:
		v = t.num[i]
	case t.fac != nil:
		if t.fac.Codes[i] == t.level {
			v = 1
		}
	}
	if t.byTreat && arm[i] != Treated {
		return 0
	}
	return v
}

// ANCOVA is an analysis of covariance of one outcome: the OLS fit of
//
//	outcome ~ treatment + pretest + covariates
//
// on the pupils with every one of these values (complete cases for this
// analysis only), with the treatment effect on the outcome's scale and
// standardised.
type ANCOVA struct {
	Fit *regress.Fit
	// Rows are the analysed pupils (indices into the Input slices).
	Rows []int32
	// T and C summarise the outcome of the analysed pupils by arm.
	T, C Summary
	// Excluded counts the pupils left out, by reason ("missing outcome",
	// "missing pretest", "missing covariate X"); a pupil missing several
	// values is counted once, under the first of these.
	Excluded []Exclusion
	// Dropped names covariates left out of the model because they do not
	// vary among the analysed pupils (e.g. the subgroup's own column).
	Dropped []string
	// Adjusted names the pretest and covariates in the model, in order.
	Adjusted []string
}

// ancovaSpec describes one regression over a set of pupils.
type ancovaSpec struct {
	arm     []int8
	y       []float64
	pre     []float64 // nil: none
	preName string
	covs    []Variable
	// by adds the main effects of a factor and its interaction with the
	// treatment (the subgroup interaction model); withInteraction false
	// keeps only the main effects (the reduced model of the F test).
	by              *Factor
	withInteraction bool
}

// FitANCOVA fits outcome y on the treatment indicator (arm == Treated),
// the pretest pre (nil for none) and the covariates, over the pupils in
// rows (nil = every pupil) that are in an arm and have every value.
// Categorical covariates enter as indicators of each level but the first
// present (the reference level; Levels are sorted). A covariate that does
// not vary among the analysed pupils is dropped and named in Dropped.
// Collinear covariates give a *CollinearError naming them.
func FitANCOVA(arm []int8, y, pre []float64, preName string, covs []Variable, rows []int32) (*ANCOVA, error) {
	return fitModel(ancovaSpec{arm: arm, y: y, pre: pre, preName: preName, covs: covs}, rows)
}

func fitModel(s ancovaSpec, rows []int32) (*ANCOVA, error) {
	a := &ANCOVA{}
	a.Rows, a.Excluded = s.sample(rows)
	keep := a.Rows
	terms := s.terms(a)

	// Summaries of the outcome by arm in the analysed sample.
	a.T, a.C = armSummaries(s.y, s.arm, keep)
	if a.T.N == 0 || a.C.N == 0 {
		return a, fmt.Errorf("no %s pupils with every value the regression needs", emptyArm(a.T.N))
	}

	p := len(terms) + 1
	if p > maxCoefficients {
		return a, &ModelSizeError{Coefficients: p, Hint: widestFactor(s)}
	}
	names := make([]string, p)
	names[0] = regress.Intercept
	for j, t := range terms {
		names[j+1] = t.name
	}
	m := len(keep)
	if m <= p {
		return a, fmt.Errorf("too few pupils for the regression: %s every value it needs, for %d coefficients", havePupils(m), p)
	}
	fill := func(start, end int, dst []float64) {
		for r := start; r < end; r++ {
			i := keep[r]
			row := dst[(r-start)*(p+1) : (r-start+1)*(p+1)]
			row[0] = 1
			for j := range terms {
				row[j+1] = terms[j].value(s.arm, i)
			}
			row[p] = s.y[i]
		}
	}
	fit, err := regress.OLSRows(m, names, fill)
	if err != nil {
		return a, err
	}
	a.Fit = fit
	return a, nil
}

// sample returns the pupils of rows (every pupil when rows is nil) the
// model can use, and how many were left out for each reason, in a fixed
// order: outcome, pretest, covariates, subgroup.
func (s ancovaSpec) sample(rows []int32) (keep []int32, excluded []Exclusion) {
	order := []string{ReasonMissingOutcome, ReasonMissingPretest}
	for _, c := range s.covs {
		order = append(order, reasonMissingCovariate(c.Name))
	}
	if s.by != nil {
		order = append(order, reasonMissingSubgroup(s.by.Name))
	}
	counts := make(map[string]int)
	visit := func(i int32) {
		switch r := exclusion(s.arm, s.y, s.pre, s.covs, s.by, i); r {
		case "":
			keep = append(keep, i)
		case ReasonNeitherArm:
		default:
			counts[r]++
		}
	}
	if rows == nil {
		keep = make([]int32, 0, len(s.y))
		for i := range s.y {
			visit(int32(i))
		}
	} else {
		keep = make([]int32, 0, len(rows))
		for _, i := range rows {
			visit(i)
		}
	}
	for _, r := range order {
		if counts[r] > 0 {
			excluded = append(excluded, Exclusion{Reason: r, Count: counts[r]})
		}
		delete(counts, r) // a name shared by two covariates counts once
	}
	return keep, excluded
}

// terms lists the model's terms after the intercept: the treatment, the
// pretest, the covariates (categorical ones as dummies against their first
// level present), the subgroup's levels and, with an interaction, the
// treatment × subgroup terms; what does not vary in a.Rows is dropped and
// listed in a.Dropped, what is kept in a.Adjusted.
func (s ancovaSpec) terms(a *ANCOVA) []term {
	keep := a.Rows
	terms := []term{{name: TreatmentTerm, treat: true}}
	if s.pre != nil {
		if constantAt(s.pre, keep) {
			a.Dropped = append(a.Dropped, s.preName)
		} else {
			terms = append(terms, term{name: s.preName, num: s.pre})
			a.Adjusted = append(a.Adjusted, s.preName)
		}
	}
	for k := range s.covs {
		c := &s.covs[k]
		if s.by != nil && c.Factor != nil && c.Factor.Name == s.by.Name {
			continue // entered below as the subgroup's main effects
		}
		if c.Factor == nil {
			if constantAt(c.Num, keep) {
				a.Dropped = append(a.Dropped, c.Name)
				continue
			}
			terms = append(terms, term{name: c.Name, num: c.Num})
			a.Adjusted = append(a.Adjusted, c.Name)
			continue
		}
		lv := presentLevels(c.Factor, keep)
		if len(lv) < 2 {
			a.Dropped = append(a.Dropped, c.Name)
			continue
		}
		for _, l := range lv[1:] {
			terms = append(terms, term{name: c.Name + "=" + c.Factor.Levels[l], fac: c.Factor, level: l})
		}
		a.Adjusted = append(a.Adjusted, c.Name)
	}
	if s.by == nil {
		return terms
	}
	lv := presentLevels(s.by, keep)
	if len(lv) == 0 {
		return terms
	}
	for _, l := range lv[1:] {
		terms = append(terms, term{name: s.by.Name + "=" + s.by.Levels[l], fac: s.by, level: l})
	}
	if s.withInteraction {
		for _, l := range lv[1:] {
			terms = append(terms, term{name: TreatmentTerm + ":" + s.by.Name + "=" + s.by.Levels[l], fac: s.by, level: l, byTreat: true})
		}
	}
	return terms
}

// maxCoefficients bounds the size of a regression: a categorical
// covariate with hundreds of levels (a school column, say) would make the
// QR slow and its result hard to read.
const maxCoefficients = 300

// ModelSizeError reports a regression with more than maxCoefficients
// coefficients.
type ModelSizeError struct {
	Coefficients int
	Hint         string // which column to change
}

func (e *ModelSizeError) Error() string {
	return fmt.Sprintf("the regression would need %d coefficients (at most %d): %s", e.Coefficients, maxCoefficients, e.Hint)
}

// widestFactor names the categorical variable with the most levels.
func widestFactor(s ancovaSpec) string {
	var f *Factor
	for k := range s.covs {
		if c := s.covs[k].Factor; c != nil && (f == nil || len(c.Levels) > len(f.Levels)) {
			f = c
		}
	}
	if s.by != nil && (f == nil || len(s.by.Levels) > len(f.Levels)) {
		f = s.by
	}
	if f == nil {
		return "use fewer covariates"
	}
	return fmt.Sprintf("%q has %d levels; use a column with fewer categories, or leave it out", f.Name, len(f.Levels))
}

func emptyArm(nt int) string {
	if nt == 0 {
		return ArmIntervention
	}
	return ArmComparison
}

// constantAt reports whether x takes a single value over rows.
func constantAt(x []float64, rows []int32) bool {
	if len(rows) == 0 {
		return true
	}
	v := x[rows[0]]
	for _, i := range rows[1:] {
		if x[i] != v {
			return false
		}
	}
	return true
}

// presentLevels are the codes of f that occur among rows, in level order.
func presentLevels(f *Factor, rows []int32) []int32 {
	seen := make([]bool, len(f.Levels))
	for _, i := range rows {
		if c := f.Codes[i]; c >= 0 {
			seen[c] = true
		}
	}
	var out []int32
	for l, s := range seen {
		if s {
			out = append(out, int32(l))
		}
	}
	return out
}

// armSummaries summarises x over rows by arm (NaN skipped).
func armSummaries(x []float64, arm []int8, rows []int32) (t, c Summary) {
	return sample.OfWhere(x, rows, arm, Treated), sample.OfWhere(x, rows, arm, Comparison)
}

// Results returns the ANCOVA's two result rows (Analysis "ancova"):
//
//   - mean_difference: the treatment coefficient b with its t interval
//     and p on the residual df;
//   - hedges_g: the adjusted standardised effect g = J b / s_p, with s_p
//     the unadjusted pooled SD of the outcome among the analysed pupils and
//     J = 1 − 3/(4N − 9) (N analysed), its interval the coefficient's
//     interval scaled the same way (CIMethod "t") and the coefficient's
//     t and p.
//
// When the model predicts every pupil's outcome exactly
// (regress.Fit.PerfectFit: the pretest is the outcome, or the outcome
// does not vary within the arms) both rows are undefined, and so is g
// when s_p is 0; their Notes say why.
//
// docs/methods.md §4 (EEF and WWC adjusted effect size); WWC Procedures
// Handbook v4.1, Appendix E.
func (a *ANCOVA) Results(o Options) []Result {
	o = o.withDefaults()
	f := a.Fit
	j := f.Index(TreatmentTerm)
	b, se := f.Coef[j], f.SE[j]
	lo, hi := f.CI(j, o.Confidence)
	nt, nc := intPtr(a.T.N), intPtr(a.C.N)
	note := "adjusted for " + strings.Join(a.Adjusted, ", ")
	if len(a.Adjusted) == 0 {
		note = "no covariates"
	}
	if len(a.Dropped) > 0 {
		note += "; dropped (constant here): " + strings.Join(a.Dropped, ", ")
	}

	md := newRow(AnalysisANCOVA, MeasureMeanDifference)
	md.NTreated, md.NComparison, md.Note = nt, nc, note
	g := newRow(AnalysisANCOVA, MeasureHedgesG)
	g.NTreated, g.NComparison = nt, nc
	g.Note = note + "; g = J·b / unadjusted pooled SD of the outcome"
	if f.PerfectFit {
		addNote(&md, whyPerfectFit)
		addNote(&g, whyPerfectFit)
		return []Result{md, g}
	}
	md.Estimate, md.SE, md.CILow, md.CIHigh = Num(b), Num(se), Num(lo), Num(hi)
	md.CIMethod, md.DF, md.Statistic, md.PValue = "t", Num(f.DF), Num(f.T[j]), Num(f.P[j])

	k, why := gScale(a.T, a.C)
	if why != "" {
		addNote(&g, why)
		return []Result{md, g}
	}
	g.Estimate, g.SE, g.CILow, g.CIHigh = Num(k*b), Num(k*se), Num(k*lo), Num(k*hi)
	g.CIMethod, g.DF, g.Statistic, g.PValue = "t", Num(f.DF), Num(f.T[j]), Num(f.P[j])
	g = withMonths(g, o)
	return []Result{md, g}
}

// havePupils is "1 pupil has" or "N pupils have".
func havePupils(n int) string {
	return nPupils(n) + " " + plural(n, "has", "have")
}
