package evaluate

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/binary"
	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// matchedBinaryResults are the matched-sample rows of a yes/no outcome,
// for all matched pupils with an answer (rows, with matching weights w)
// and then within each level of each subgroup column (as
// matchedSubgroupRows). cluster is each pupil's matched set (nil when
// matching was with replacement: each pupil is then its own cluster).
func matchedBinaryResults(in Input, oc Outcome, rows []int, w []float64, cluster []int32, covs []Variable, o Options) []Result {
	out := matchedBinaryRows(in, oc, rows, w, cluster, covs, o)
	return append(out, matchedSubgroupRows(in, oc, rows, w, cluster, covs, o, matchedBinaryRows)...)
}

// matchedBinaryRows are the rows of a yes/no outcome on the matched,
// weighted sample (docs/methods.md §10–11), standard errors clustered on
// the matched sets (CR1 for the linear model, as sandwich::vcovCL for lm;
// HC0 with the G/(G − 1) factor for the logistic model, as vcovCL for a
// glm):
//
//   - matched / proportion_intervention, proportion_comparison: the
//     weighted shares with the outcome (coefficients of y ~ 0 + intervention
//   - comparison by weighted least squares), t interval;
//   - matched / risk_difference: the weighted difference p1 − p0, the
//     treatment coefficient of y ~ 1 + treatment (the linear probability
//     model), t test on n − 2 df;
//   - matched / odds_ratio and cox_index: from the weighted logistic
//     regression y ~ 1 + treatment, Wald interval and z test;
//   - matched_adjusted / odds_ratio, cox_index and risk_difference: the
//     weighted logistic regression on the treatment, the matching
//     covariates and the pretest; the risk difference by g-computation
//     averaged over the matched intervention pupils (the effect on those
//     who took part, as MatchIt's documentation advises), delta-method SE
//     from the cluster-robust covariance.
func matchedBinaryRows(in Input, oc Outcome, rows []int, w []float64, cluster []int32, covs []Variable, o Options) []Result {
	o = o.withDefaults()
	var nT, nC int
	rows32 := make([]int32, len(rows))
	for k, i := range rows {
		rows32[k] = int32(i)
		if in.Arm[i] == Treated {
			nT++
		} else {
			nC++
		}
	}
	nt, nc := intPtr(nT), intPtr(nC)
	seKind := "robust (HC1)"
	logitSE := "robust (HC0)"
	if cluster != nil {
		seKind = "clustered on matched sets (CR1)"
		logitSE = "clustered on matched sets"
	}
	mk := func(a Analysis, m Measure) Result {
		x := newRow(a, m)
		x.Outcome, x.Label, x.NTreated, x.NComparison = oc.Column, oc.Label, nt, nc
		return x
	}
	out := []Result{mk(AnalysisMatched, MeasureProportionTreated), mk(AnalysisMatched, MeasureProportionComparison),
		mk(AnalysisMatched, MeasureRiskDifference), mk(AnalysisMatched, MeasureOddsRatio), mk(AnalysisMatched, MeasureCoxIndex)}
	if nT == 0 || nC == 0 {
		return nil
	}
	y := make([]float64, len(rows))
	ww := make([]float64, len(rows))
	var cl []int32
	if cluster != nil {
		cl = make([]int32, len(rows))
	}
	X2 := mat.NewDense(len(rows), 2, nil) // intervention, comparison
	X1 := mat.NewDense(len(rows), 2, nil) // intercept, treatment
	for k, i := range rows {
		y[k], ww[k] = oc.Y[i], w[i]
		if cl != nil {
			cl[k] = cluster[i]
		}
		X1.Set(k, 0, 1)
		if in.Arm[i] == Treated {
			X2.Set(k, 0, 1)
			X1.Set(k, 1, 1)
		} else {
			X2.Set(k, 1, 1)
		}
	}
	if f, err := regress.WLS(X2, y, ww, []string{"intervention", "comparison"}, cl); err == nil {
		tc := ttest.TCrit(o.Confidence, float64(f.DF))
		for j := 0; j < 2; j++ {
			x := &out[j]
			b, se := f.Coef[j], f.SE[j]
			x.Estimate, x.SE, x.CILow, x.CIHigh, x.CIMethod, x.DF = Num(b), Num(se), Num(b-tc*se), Num(b+tc*se), "t", Num(f.DF)
			x.Note = "weighted share with the outcome in the matched sample; SE " + seKind
		}
	}
	if f, err := regress.WLS(X1, y, ww, []string{regress.Intercept, TreatmentTerm}, cl); err == nil {
		x := &out[2]
		b, se := f.Coef[1], f.SE[1]
		tc := ttest.TCrit(o.Confidence, float64(f.DF))
		x.Estimate, x.SE, x.CILow, x.CIHigh, x.CIMethod = Num(b), Num(se), Num(b-tc*se), Num(b+tc*se), "t"
		x.DF, x.Statistic, x.PValue = Num(f.DF), Num(f.T[1]), Num(f.P[1])
		x.Note = fmt.Sprintf("weighted difference %s minus %s in the matched sample (linear probability model); SE %s",
			pct(float64(out[0].Estimate)), pct(float64(out[1].Estimate)), seKind)
	} else {
		out[2].Note = err.Error()
	}

	// Logistic models on the matched sample.
	clusterOf := func(model []int32) []int32 {
		codes := make([]int32, len(model))
		for k, i := range model {
			codes[k] = -1
			if cluster != nil {
				codes[k] = cluster[i]
			}
		}
		return codes
	}
	unadj := fitLogit(ancovaSpec{arm: in.Arm, y: oc.Y}, rows32, w)
	vcov, why := matchedVcov(unadj, oc.Y, clusterOf(unadj.a.Rows))
	if why == "" {
		b, se := unadj.fit.Coef[1], math.Sqrt(vcov.At(1, 1))
		if or, err := binary.OddsRatioWald(b, se, o.Confidence); err == nil {
			out[3].Note = "exp(b) of the weighted logistic regression on the treatment; SE " + logitSE
			out[4].Note = "WWC Cox index b/1.65 of the same regression"
			out[3] = fillMeasure(out[3], or, CINormal)
			out[4] = fillMeasure(out[4], coxOf(or), CINormal)
		}
	} else {
		out[3].Note, out[4].Note = "not estimated: "+why, "not estimated: "+why
	}

	// Adjusted: + matching covariates (+ pretest).
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
	adjRows := []Result{mk(AnalysisMatchedAdjusted, MeasureOddsRatio), mk(AnalysisMatchedAdjusted, MeasureCoxIndex), mk(AnalysisMatchedAdjusted, MeasureRiskDifference)}
	m := fitLogit(ancovaSpec{arm: in.Arm, y: oc.Y, covs: vars}, rows32, w)
	adj := "adjusted for " + strings.Join(m.a.Adjusted, ", ")
	if len(m.a.Adjusted) == 0 {
		adj = "no covariates"
	}
	if len(m.a.Dropped) > 0 {
		adj += "; dropped (constant in the matched sample): " + strings.Join(m.a.Dropped, ", ")
	}
	at, ac := 0, 0
	for _, i := range m.a.Rows {
		if in.Arm[i] == Treated {
			at++
		} else {
			ac++
		}
	}
	for k := range adjRows {
		adjRows[k].NTreated, adjRows[k].NComparison = intPtr(at), intPtr(ac)
	}
	vcov, why = matchedVcov(m, oc.Y, clusterOf(m.a.Rows))
	if why != "" {
		for k := range adjRows {
			adjRows[k].Note = "weighted logistic regression " + adj + ": not estimated: " + why
		}
		return append(out, adjRows...)
	}
	f := m.fit
	b, se := f.Coef[1], math.Sqrt(vcov.At(1, 1))
	adjRows[0].Note = "exp(b) of the weighted logistic regression " + adj + "; SE " + logitSE
	adjRows[1].Note = "WWC Cox index b/1.65 of the same regression"
	if or, err := binary.OddsRatioWald(b, se, o.Confidence); err == nil {
		adjRows[0] = fillMeasure(adjRows[0], or, CINormal)
		adjRows[1] = fillMeasure(adjRows[1], coxOf(or), CINormal)
	}
	var treated []int32
	var tw []float64
	for _, i := range m.a.Rows {
		if in.Arm[i] == Treated {
			treated = append(treated, i)
			tw = append(tw, w[i])
		}
	}
	gc, err := binary.GComputationRows(f.Coef, vcov, len(treated), m.counterfactual(in.Arm, treated), tw, o.Confidence)
	if err != nil {
		adjRows[2].Note = "g-computation failed: " + err.Error()
		return append(out, adjRows...)
	}
	adjRows[2].Note = fmt.Sprintf("adjusted difference by g-computation over the matched intervention pupils: their mean predicted probability "+
		"as they are (%s) minus had they not taken part (%s), from the weighted logistic regression %s; delta-method SE, %s",
		pct(gc.Treated), pct(gc.Control), adj, logitSE)
	adjRows[2] = fillMeasure(adjRows[2], gc.Difference, CINormal)
	return append(out, adjRows...)
}

// matchedVcov is the cluster-robust covariance of a weighted logistic fit
// on the matched sample, or why there is none.
func matchedVcov(m logitModel, y []float64, codes []int32) (*mat.SymDense, string) {
	if m.failed != "" {
		return nil, m.failed
	}
	yy := gather(y, m.a.Rows)
	v, _, err := m.fit.ClusterVcov(m.X, yy, codes)
	if err != nil {
		return nil, err.Error()
	}
	return v, ""
}
