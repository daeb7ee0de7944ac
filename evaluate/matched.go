package evaluate

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// MatchedRows returns the matched-sample rows of every outcome
// with HC1 robust standard errors (each pupil its own cluster). Prefer
// MatchedResults, which clusters on the matched sets as MatchIt advises
// and adds the balance rows.
func MatchedRows(in Input, weights []float64, o Options) []Result {
	return matchedRows(in, weights, nil, o)
}

// MatchedResults returns the rows of a matched design: for every
// continuous outcome the rows of MatchedRows with standard errors
// clustered on the matched sets (pairs) when matching was without
// replacement (HC1 otherwise), then the balance rows of MatchBalanceRows.
func MatchedResults(in Input, m *MatchResult, o Options) []Result {
	var cl []int32
	for _, s := range m.Subclass {
		if s >= 0 {
			cl = m.Subclass
			break
		}
	}
	rows := matchedRows(in, m.Weights, cl, o)
	return append(rows, MatchBalanceRows(m.Report)...)
}

// matchedRows: for each continuous outcome, on the pupils with weight > 0
// and the outcome present,
//
//   - analysis "matched", mean_difference: the coefficient b of the
//     treatment in the weighted regression y ~ 1 + treated (weights = the
//     matching weights): the weighted mean difference. SE cluster-robust
//     (CR1) by matched set, or HC1; t test on n − 2 df (R: lm with
//     weights, sandwich::vcovCL, as coeftest);
//   - analysis "matched", hedges_g: g = J b / s, s the pooled SD of the
//     outcome in the matched sample (weighted SDs by arm, MatchIt's wvar,
//     pooled with the matched counts), J = 1 − 3/(4N − 9) with N the
//     matched pupils; interval and test those of b, scaled (CIMethod "t");
//   - analysis "matched_adjusted": the same from y ~ 1 + treated + matching
//     covariates (+ the pretest), weighted: the doubly robust estimate
//     (Ho, Imai, King & Stuart 2007, doi:10.1093/pan/mpl013), on the
//     matched pupils with every covariate and the pretest; its counts, s
//     and J are those of these pupils (the same as the unadjusted rows'
//     when none is missing).
func matchedRows(in Input, w []float64, cluster []int32, o Options) []Result {
	o = o.withDefaults()
	var out []Result
	if in.Matching == nil || len(w) != len(in.Arm) {
		return nil
	}
	covs := in.Matching.Covariates
	for _, oc := range in.Outcomes {
		var rows []int
		var nt, nc int
		for i, a := range in.Arm {
			if w[i] > 0 && (a == Treated || a == Comparison) && !math.IsNaN(oc.Y[i]) {
				rows = append(rows, i)
				if a == Treated {
					nt++
				} else {
					nc++
				}
			}
		}
		if nt == 0 || nc == 0 {
			continue // e.g. a questionnaire the comparison pupils were not given
		}
		switch oc.Type {
		case TypeBinary:
			out = append(out, matchedBinaryResults(in, oc, rows, w, cluster, covs, o)...)
			continue
		case TypeOrdinal:
			out = append(out, matchedOrdinalResults(in, oc, rows, w, o)...)
			if oc.Scale == "" {
				continue
			}
			out = append(out, asInterval(matchedOutcomeRows(in, oc, rows, w, cluster, covs, o))...)
			out = append(out, asInterval(matchedSubgroupRows(in, oc, rows, w, cluster, covs, o, matchedOutcomeRows))...)
			continue
		}
		out = append(out, matchedOutcomeRows(in, oc, rows, w, cluster, covs, o)...)
		out = append(out, matchedSubgroupRows(in, oc, rows, w, cluster, covs, o, matchedOutcomeRows)...)
	}
	return out
}

// matchedSubgroupRows repeats the matched analyses within each level of
// each subgroup column (FSM, pupil premium, ...): the matched pupils of that
// level, with their matching weights. Pairs whose members fall in different
// levels are split, so a subgroup's balance is guaranteed only when its
// column is among matching.exact; the rows' notes say so otherwise. A level
// with fewer than 2 matched pupils in an arm is skipped. of gives the rows
// of one group of pupils (matchedOutcomeRows, or matchedBinaryRows for a
// yes/no outcome).
func matchedSubgroupRows(in Input, oc Outcome, rows []int, w []float64, cluster []int32, covs []Variable, o Options,
	of func(in Input, oc Outcome, rows []int, w []float64, cluster []int32, covs []Variable, o Options) []Result) []Result {
	var out []Result
	for _, f := range in.Subgroups {
		exact := false
		for _, e := range in.Matching.Exact {
			if e.Name == f.Name {
				exact = true
			}
		}
		for _, lv := range in.levelOrder(&f) {
			level := f.Levels[lv]
			var sub []int
			nt, nc := 0, 0
			for _, i := range rows {
				if f.Codes[i] == lv {
					sub = append(sub, i)
					if in.Arm[i] == Treated {
						nt++
					} else {
						nc++
					}
				}
			}
			if nt < 2 || nc < 2 {
				continue
			}
			for _, r := range of(in, oc, sub, w, cluster, covs, o) {
				r.Subgroup = f.Name + "=" + level
				if !exact {
					r.Note += "; within the matched sample, pupils with " + r.Subgroup +
						" (not matched exactly on " + f.Name + ", so some pairs are split)"
				}
				out = append(out, r)
			}
		}
	}
	return out
}

func matchedOutcomeRows(in Input, oc Outcome, rows []int, w []float64, cluster []int32, covs []Variable, o Options) []Result {
	label := func(r Result) Result {
		r.Outcome, r.Label = oc.Column, oc.Label
		return r
	}
	// The pupils of each arm among rs, and the scale of g over them: J over
	// the weighted pooled SD of the outcome (each fit's own pupils, so the
	// adjusted rows, which leave out pupils missing a covariate or the
	// pretest, count and standardise over the pupils they analyse).
	armsOf := func(rs []int) (nt, nc *int, scale float64, whyG string) {
		var yt, yc, wt, wc []float64
		for _, i := range rs {
			if in.Arm[i] == Treated {
				yt, wt = append(yt, oc.Y[i]), append(wt, w[i])
			} else {
				yc, wc = append(yc, oc.Y[i]), append(wc, w[i])
			}
		}
		st, sc := sample.Weighted(yt, wt), sample.Weighted(yc, wc)
		scale, whyG = gScale(st, sc)
		return intPtr(st.N), intPtr(sc.N), scale, whyG
	}

	fitRows := func(analysis Analysis, rs []int, X *mat.Dense, names []string, y, ww []float64, cl []int32, note string) []Result {
		nt, nc, scale, whyG := armsOf(rs)
		md, g := newRow(analysis, MeasureMeanDifference), newRow(analysis, MeasureHedgesG)
		md.NTreated, md.NComparison, g.NTreated, g.NComparison = nt, nc, nt, nc
		f, err := regress.WLS(X, y, ww, names, cl)
		if err != nil {
			md.Note = err.Error()
			g.Note = err.Error()
			return []Result{label(md), label(g)}
		}
		b, se := f.Coef[1], f.SE[1]
		tc := ttest.TCrit(o.Confidence, float64(f.DF))
		lo, hi := b-tc*se, b+tc*se
		if len(f.Dropped) > 0 {
			note += "; dropped (constant or collinear in the matched sample): " + strings.Join(f.Dropped, ", ")
		}
		seKind := "robust (HC1)"
		if cl != nil {
			seKind = fmt.Sprintf("clustered on %d matched sets (CR1)", f.Clusters)
		}
		md.Note = note + "; weighted by the matching weights; SE " + seKind
		g.Note = md.Note + "; g = J·b / pooled SD of the outcome in the matched sample (weighted)"
		if f.PerfectFit {
			addNote(&md, whyPerfectFit)
			addNote(&g, whyPerfectFit)
			return []Result{label(md), label(g)}
		}
		md.Estimate, md.SE, md.CILow, md.CIHigh = Num(b), Num(se), Num(lo), Num(hi)
		md.CIMethod, md.DF, md.Statistic, md.PValue = "t", Num(f.DF), Num(f.T[1]), Num(f.P[1])
		if whyG != "" {
			addNote(&g, whyG)
			return []Result{label(md), label(g)}
		}
		g.Estimate, g.SE, g.CILow, g.CIHigh = Num(scale*b), Num(scale*se), Num(scale*lo), Num(scale*hi)
		g.CIMethod, g.DF, g.Statistic, g.PValue = "t", Num(f.DF), Num(f.T[1]), Num(f.P[1])
		g = withMonths(g, o)
		return []Result{label(md), label(g)}
	}

	// Sub-arrays on the analysed rows.
	sub := func(rs []int) ([]float64, []float64, []int32) {
		y := make([]float64, len(rs))
		ww := make([]float64, len(rs))
		var cl []int32
		if cluster != nil {
			cl = make([]int32, len(rs))
		}
		for k, i := range rs {
			y[k], ww[k] = oc.Y[i], w[i]
			if cl != nil {
				cl[k] = cluster[i]
			}
		}
		return y, ww, cl
	}

	// Unadjusted: y ~ 1 + treated.
	X := mat.NewDense(max(len(rows), 1), 2, nil)
	for k, i := range rows {
		X.Set(k, 0, 1)
		if in.Arm[i] == Treated {
			X.Set(k, 1, 1)
		}
	}
	y, ww, cl := sub(rows)
	out := fitRows(AnalysisMatched, rows, X, []string{regress.Intercept, TreatmentTerm}, y, ww, cl, "matched sample")

	// Adjusted: + matching covariates (+ pretest), on rows with them all.
	vars := append([]Variable(nil), covs...)
	if oc.Pre != nil {
		dup := false
		for _, v := range covs {
			if v.Name == oc.PreColumn {
				dup = true
			}
		}
		if !dup {
			vars = append(vars, Variable{Name: oc.PreColumn, Num: oc.Pre})
		}
	}
	var arows []int
	for _, i := range rows {
		ok := true
		for _, v := range vars {
			if v.Missing(i) {
				ok = false
				break
			}
		}
		if ok {
			arows = append(arows, i)
		}
	}
	Xc, cnames, _ := regress.DesignMatrix(vars, arows, true)
	_, pc := Xc.Dims()
	XA := mat.NewDense(max(len(arows), 1), pc+1, nil)
	for k, i := range arows {
		XA.Set(k, 0, 1)
		if in.Arm[i] == Treated {
			XA.Set(k, 1, 1)
		}
		for j := 1; j < pc; j++ {
			XA.Set(k, j+1, Xc.At(k, j))
		}
	}
	anames := append([]string{regress.Intercept, TreatmentTerm}, cnames[1:]...)
	y, ww, cl = sub(arows)
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name
	}
	out = append(out, fitRows(AnalysisMatchedAdjusted, arows, XA, anames, y, ww, cl, "matched sample, adjusted for "+strings.Join(names, ", "))...)
	return out
}

// MatchBalanceRows turns a matching report's balance table into result
// rows: measure "smd_<covariate>" ("smd_<covariate>=<level>" for a level
// of a categorical covariate), analysis "unadjusted" before matching and
// "matched" after, subgroup "all", estimate the SMD (denominator as in
// MatchReport.SMDDenominator), note the WWC class. The propensity score
// row is included as smd_propensity_score.
func MatchBalanceRows(m *MatchReport) []Result {
	if m == nil {
		return nil
	}
	var out []Result
	for _, b := range m.Balance {
		analysis := AnalysisUnadjusted
		if b.Sample == "after_matching" {
			analysis = AnalysisMatched
		}
		r := newRow(analysis, MeasureSMD(b.Name()))
		r.Outcome = b.Name()
		r.Estimate = b.SMD
		nt, nc := m.Counts.Treated.All-m.Counts.Treated.Discarded, m.Counts.Comparison.All-m.Counts.Comparison.Discarded
		if analysis == AnalysisMatched {
			nt, nc = m.Counts.Treated.Matched, m.Counts.Comparison.Matched
		}
		r.NTreated, r.NComparison = intPtr(nt), intPtr(nc)
		r.Note = fmt.Sprintf("baseline balance: means %.4g vs %.4g; WWC: %s", float64(b.MeanT), float64(b.MeanC), b.WWC)
		out = append(out, r)
	}
	return out
}
