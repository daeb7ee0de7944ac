package testreport

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/power"
	"github.com/whatworks/whatworks/evaluate/rating"
	"gonum.org/v1/gonum/stat/distuv"
)

// Hand-built reports for the tests. The numbers are internally consistent
// (effect sizes follow from the means, SDs and ns by the formulas in
// docs/methods.md §2, with the normal-approximation CI) but they are test data,
// not results of evaluate.Run.

func ip(n int) *int { return &n }

// toolkitMonths is the EEF Toolkit table of docs/methods.md §13, for test data.
func toolkitMonths(g float64) int {
	a := math.Round(math.Abs(g)*100) / 100
	upper := []float64{0.01, 0.09, 0.18, 0.26, 0.35, 0.44, 0.52, 0.61, 0.69, 0.78, 0.87, 0.95}
	m := 12
	for i, u := range upper {
		if a <= u+1e-12 {
			m = i
			break
		}
	}
	if g < 0 {
		return -m
	}
	return m
}

type armStats struct {
	n        int
	mean, sd float64
}

// smdRows returns the unadjusted rows (mean_difference, cohens_d, hedges_g,
// glass_delta) for one outcome and group, plus matching descriptives.
func smdRows(outcome, label, sub, analysis string, t, c armStats) []evaluate.Result {
	N := float64(t.n + c.n)
	sp := math.Sqrt((float64(t.n-1)*t.sd*t.sd + float64(c.n-1)*c.sd*c.sd) / (N - 2))
	diff := t.mean - c.mean
	seDiff := math.Sqrt(t.sd*t.sd/float64(t.n) + c.sd*c.sd/float64(c.n))
	d := diff / sp
	J := 1 - 3/(4*N-9)
	g := J * d
	seg := math.Sqrt(N/float64(t.n*c.n) + g*g/(2*N))
	glass := diff / c.sd
	z := 1.959963984540054
	tstat := diff / seDiff
	p := 2 * (1 - 0.5*math.Erfc(-math.Abs(tstat)/math.Sqrt2))
	mo := toolkitMonths(g)
	row := func(m string, est, se float64, ci string) evaluate.Result {
		return evaluate.Result{Outcome: outcome, Label: label, Subgroup: sub, Analysis: evaluate.Analysis(analysis), Measure: evaluate.Measure(m),
			Estimate: evaluate.Num(est), SE: evaluate.Num(se), CILow: evaluate.Num(est - z*se), CIHigh: evaluate.Num(est + z*se),
			CIMethod: ci, CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN, DF: evaluate.NaN, Statistic: evaluate.NaN, PValue: evaluate.NaN, PAdjusted: evaluate.NaN, PValueExact: evaluate.NaN,
			NTreated: ip(t.n), NComparison: ip(c.n), ImprovementIndex: evaluate.NaN}
	}
	md := row("mean_difference", diff, seDiff, "t")
	md.DF = evaluate.Num(N - 2)
	md.Statistic = evaluate.Num(tstat)
	md.PValue = evaluate.Num(p)
	cd := row("cohens_d", d, seg/J, "normal")
	hg := row("hedges_g", g, seg, "normal")
	hg.PValue = evaluate.Num(p)
	hg.MonthsProgress = ip(mo)
	hg.ImprovementIndex = evaluate.Num(100*0.5*math.Erfc(-g/math.Sqrt2) - 50)
	gd := row("glass_delta", glass, seg, "normal")
	return []evaluate.Result{md, cd, hg, gd}
}

func desc(outcome, variable, sub, arm, time string, s armStats, missing int) evaluate.Descriptive {
	// The 95% t interval of the mean, as evaluate gives it.
	half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(s.n - 1)}.Quantile(0.975) * s.sd / math.Sqrt(float64(s.n))
	return evaluate.Descriptive{Variable: variable, Subgroup: sub, Arm: arm, Time: time, N: s.n, Missing: missing,
		Mean: evaluate.Num(s.mean), SD: evaluate.Num(s.sd), Min: evaluate.Num(s.mean - 2.6*s.sd), Max: evaluate.Num(s.mean + 2.4*s.sd),
		Outcomes: []string{outcome}, CILow: evaluate.Num(s.mean - half), CIHigh: evaluate.Num(s.mean + half)}
}

// RCT is a two-outcome randomised trial with a pretest and an FSM
// subgroup: reading works (g about 0.2), maths does not (CI crosses zero;
// negative for FSM pupils); the FSM subgroup of maths is small.
func RCT() *evaluate.Report {
	r := &evaluate.Report{
		Title: "Reading Buddies pilot 2025-26", Design: "rct", Confidence: 0.95,
		CIMethod: "normal", MonthsTable: "toolkit",
	}
	type grp struct {
		sub          string
		preT, preC   armStats
		postT, postC armStats
	}
	outs := []struct {
		col, label, pre string
		groups          []grp
		adj             []float64 // ancova coefficient per group
	}{
		{"ks2_read", "Reading", "ks1_read", []grp{
			{"all", armStats{212, 15.1, 4.0}, armStats{208, 15.3, 4.1}, armStats{212, 104.9, 6.1}, armStats{208, 103.6, 6.3}},
			{"fsm=N", armStats{150, 15.6, 3.9}, armStats{152, 15.8, 4.0}, armStats{150, 105.6, 5.9}, armStats{152, 104.6, 6.0}},
			{"fsm=Y", armStats{62, 13.9, 4.1}, armStats{56, 14.0, 4.2}, armStats{62, 103.2, 6.4}, armStats{56, 101.0, 6.5}},
		}, []float64{1.45, 1.1, 2.05}},
		{"ks2_maths", "Maths", "ks1_maths", []grp{
			{"all", armStats{210, 15.0, 4.2}, armStats{207, 14.9, 4.3}, armStats{210, 104.1, 6.8}, armStats{207, 104.0, 6.9}},
			{"fsm=N", armStats{151, 15.4, 4.1}, armStats{151, 15.4, 4.2}, armStats{151, 104.9, 6.6}, armStats{151, 104.5, 6.7}},
			{"fsm=Y", armStats{8, 13.8, 4.3}, armStats{9, 13.5, 4.4}, armStats{8, 101.2, 7.1}, armStats{9, 102.1, 7.2}},
		}, []float64{0.15, 0.45, -0.9}},
	}
	for _, o := range outs {
		for gi, gr := range o.groups {
			r.Results = append(r.Results, smdRows(o.col, o.label, gr.sub, "unadjusted", gr.postT, gr.postC)...)
			// ANCOVA: coefficient b with SE shrunk by the pretest's R².
			N := float64(gr.postT.n + gr.postC.n)
			sp := math.Sqrt((float64(gr.postT.n-1)*gr.postT.sd*gr.postT.sd + float64(gr.postC.n-1)*gr.postC.sd*gr.postC.sd) / (N - 2))
			J := 1 - 3/(4*N-9)
			b := o.adj[gi]
			se := sp * math.Sqrt(1/float64(gr.postT.n)+1/float64(gr.postC.n)) * 0.6
			tcrit := 1.97
			tstat := b / se
			p := 2 * (1 - 0.5*math.Erfc(-math.Abs(tstat)/math.Sqrt2))
			if p < 1e-300 {
				p = 0
			}
			df := N - 3
			md := evaluate.Result{Outcome: o.col, Label: o.label, Subgroup: gr.sub, Analysis: "ancova", Measure: "mean_difference",
				Estimate: evaluate.Num(b), SE: evaluate.Num(se), CILow: evaluate.Num(b - tcrit*se), CIHigh: evaluate.Num(b + tcrit*se),
				CIMethod: "t", CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN, DF: evaluate.Num(df), Statistic: evaluate.Num(tstat), PValue: evaluate.Num(p), PAdjusted: evaluate.Num(math.Min(1, 2*p)), PValueExact: evaluate.NaN,
				NTreated: ip(gr.postT.n), NComparison: ip(gr.postC.n), ImprovementIndex: evaluate.NaN}
			g := J * b / sp
			hg := md
			hg.Measure = "hedges_g"
			hg.Estimate, hg.SE = evaluate.Num(g), evaluate.Num(J*se/sp)
			hg.CILow, hg.CIHigh = evaluate.Num(J*(b-tcrit*se)/sp), evaluate.Num(J*(b+tcrit*se)/sp)
			hg.MonthsProgress = ip(toolkitMonths(g))
			hg.ImprovementIndex = evaluate.Num(100*0.5*math.Erfc(-g/math.Sqrt2) - 50)
			r.Results = append(r.Results, md, hg)
			// Gain scores and difference-in-differences.
			gain := smdRows(o.col, o.label, gr.sub, "gain",
				armStats{gr.postT.n, gr.postT.mean - gr.preT.mean, 5.2}, armStats{gr.postC.n, gr.postC.mean - gr.preC.mean, 5.3})[0]
			r.Results = append(r.Results, gain)
			post := smdRows(o.col, o.label, gr.sub, "did", gr.postT, gr.postC)[2]
			pre := smdRows(o.col, o.label, gr.sub, "did", gr.preT, gr.preC)[2]
			did := post
			did.Estimate = post.Estimate - pre.Estimate
			did.SE = evaluate.Num(math.Hypot(float64(post.SE), float64(pre.SE)))
			did.CILow = did.Estimate - evaluate.Num(1.959963984540054)*did.SE
			did.CIHigh = did.Estimate + evaluate.Num(1.959963984540054)*did.SE
			did.PValue = evaluate.NaN
			did.MonthsProgress = ip(toolkitMonths(float64(did.Estimate)))
			did.Note = "g_post - g_pre (WWC)"
			r.Results = append(r.Results, did)

			r.Descriptives = append(r.Descriptives,
				desc(o.col, o.pre, gr.sub, "intervention", "pre", gr.preT, 3), desc(o.col, o.pre, gr.sub, "comparison", "pre", gr.preC, 2),
				desc(o.col, o.col, gr.sub, "intervention", "post", gr.postT, 5), desc(o.col, o.col, gr.sub, "comparison", "post", gr.postC, 7))
		}
	}
	r.Results = append(r.Results, evaluate.Result{Outcome: "ks2_read", Label: "Reading", Subgroup: "fsm", Analysis: "interaction",
		Measure: "treatment_x_fsm=Y", Estimate: 0.95, SE: 0.9, CILow: -0.82, CIHigh: 2.72, CIMethod: "t", CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN, DF: 414, Statistic: 1.056,
		PValue: 0.2917, PAdjusted: evaluate.NaN, PValueExact: evaluate.NaN, ImprovementIndex: evaluate.NaN, Note: "ANCOVA treatment × subgroup term"})
	r.Balance = []evaluate.Balance{
		{Variable: "ks1_read", Sample: "analysed", MeanT: 15.1, MeanC: 15.3, SDT: 4.0, SDC: 4.1, SMD: -0.049, VarRatio: 0.952, WWC: "satisfied"},
		{Variable: "ks1_maths", Sample: "analysed", MeanT: 15.0, MeanC: 14.9, SDT: 4.2, SDC: 4.3, SMD: 0.024, VarRatio: 0.954, WWC: "satisfied"},
		{Variable: "fsm", Level: "Y", Sample: "analysed", MeanT: 0.292, MeanC: 0.269, SDT: 0.456, SDC: 0.445, SMD: 0.051, VarRatio: 1.05, WWC: "adjust"},
		{Variable: "eal", Level: "Y", Sample: "analysed", MeanT: 0.21, MeanC: 0.11, SDT: 0.408, SDC: 0.313, SMD: 0.27, VarRatio: evaluate.NaN, WWC: "fails"},
	}
	r.Exclusions = []evaluate.Exclusion{
		{Outcome: "ks2_read", Analysis: "all", Reason: "outcome missing", Count: 12},
		{Outcome: "ks2_read", Analysis: "ancova", Reason: "pretest missing", Count: 5},
		{Outcome: "ks2_maths", Analysis: "all", Reason: "outcome missing", Count: 15},
	}
	r.Caveats = []string{
		"Fewer than 10 pupils in a group for Maths (pupils eligible for free school meals): treat that estimate with great caution.",
		"The arms differ at baseline on eal (standardised difference 0.27, more than 0.25): the ANCOVA adjusts only for the pretest.",
	}
	rate(r, rateSpec{analysis: "ancova", measure: "hedges_g", beforeData: [2]int{6, 7}, missing: [2]int{12, 11}, known: true,
		r2: 0.5, baselineG: -0.04, adjusted: true, cost: 150,
		threats: []rating.PadlockThreat{{Name: "contamination", Level: "low"}, {Name: "concurrent_interventions", Level: "moderate"},
			{Name: "missing_data", Level: "moderate"}}})
	return r
}

// PrePost is a single-group pre/post evaluation.
func PrePost() *evaluate.Report {
	r := &evaluate.Report{Title: "Summer school writing", Design: "pre-post", Confidence: 0.95, CIMethod: "normal", MonthsTable: "toolkit"}
	n := 48
	row := func(sub, m string, est, se float64, lo, hi, p float64) evaluate.Result {
		return evaluate.Result{Outcome: "writing", Label: "Writing", Subgroup: sub, Analysis: "paired", Measure: evaluate.Measure(m),
			Estimate: evaluate.Num(est), SE: evaluate.Num(se), CILow: evaluate.Num(lo), CIHigh: evaluate.Num(hi), CIMethod: "t", CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN,
			DF: evaluate.Num(float64(n - 1)), Statistic: evaluate.NaN, PValue: evaluate.Num(p), PAdjusted: evaluate.NaN, PValueExact: evaluate.NaN,
			NTreated: ip(n), NComparison: nil, ImprovementIndex: evaluate.NaN}
	}
	r.Results = []evaluate.Result{
		row("all", "mean_difference", 3.4, 0.9, 1.59, 5.21, 0.00043),
		row("all", "d_z", 0.545, 0.16, 0.24, 0.85, 0.00043),
		row("all", "d_av", 0.41, 0.12, 0.17, 0.65, 0.00043),
		row("all", "g_av", 0.403, 0.12, 0.167, 0.639, 0.00043),
	}
	r.Descriptives = []evaluate.Descriptive{
		desc("writing", "writing_pre", "all", "all", "pre", armStats{n, 21.2, 8.1}, 0),
		desc("writing", "writing", "all", "all", "post", armStats{n, 24.6, 8.5}, 2),
	}
	r.Caveats = []string{"Without a comparison group this change cannot be attributed to the programme (OfS Type 2 evidence)."}
	rate(r, rateSpec{analysis: "paired", measure: "g_av", beforeData: [2]int{5, 0}, missing: [2]int{2, 0}, known: true,
		r2: 0.6, cost: math.NaN()})
	return r
}

// QED is a two-group comparison without randomisation whose one
// outcome has a CI crossing zero.
func QED() *evaluate.Report {
	r := &evaluate.Report{Title: "Maths mentoring", Design: "two-group", Confidence: 0.95, CIMethod: "normal", MonthsTable: "toolkit"}
	r.Results = smdRows("gcse_maths", "GCSE maths", "all", "unadjusted", armStats{40, 5.1, 1.6}, armStats{44, 4.95, 1.7})
	r.Results = append(r.Results, smdRows("gcse_maths", "GCSE maths", "pp=yes", "unadjusted", armStats{15, 4.5, 1.6}, armStats{18, 4.7, 1.7})...)
	r.Descriptives = []evaluate.Descriptive{
		desc("gcse_maths", "gcse_maths", "all", "intervention", "post", armStats{40, 5.1, 1.6}, 0),
		desc("gcse_maths", "gcse_maths", "all", "comparison", "post", armStats{44, 4.95, 1.7}, 1),
	}
	return r
}

// Matched is a matched design with a filled MatchReport.
func Matched() *evaluate.Report {
	r := QED()
	r.Title, r.Design = "Maths mentoring (matched)", "matched"
	for i := range r.Results {
		r.Results[i].Analysis = "matched"
	}
	r.Matching = &evaluate.MatchReport{
		Settings: map[string]string{"distance": "logit", "caliper": "0.2", "caliper_scale": "probability", "ratio": "1",
			"replace": "false", "order": "largest", "exact": "", "seed": "1"},
		Caliper: 0.0312,
		Model: &evaluate.PropensityModel{Formula: "treated ~ ks3_maths + fsm", Converged: true, Iterations: 5,
			Deviance: 110.2, NullDeviance: 116.4, N: 90, Terms: []evaluate.Coefficient{
				{Term: "(Intercept)", Estimate: -2.1, SE: 0.9, Z: -2.33, PValue: 0.0197},
				{Term: "ks3_maths", Estimate: 0.31, SE: 0.15, Z: 2.07, PValue: 0.0386},
				{Term: "fsm=Y", Estimate: 0.4, SE: 0.46, Z: 0.87, PValue: 0.384},
			}},
		Counts: evaluate.MatchCounts{
			Treated:    evaluate.ArmCounts{All: 42, Matched: 40, Unmatched: 2, Discarded: 0, ESSAll: 42, ESSMatched: 40},
			Comparison: evaluate.ArmCounts{All: 48, Matched: 40, Unmatched: 8, Discarded: 0, ESSAll: 48, ESSMatched: 40},
		},
		Balance: []evaluate.Balance{
			{Variable: "distance", Sample: "before_matching", MeanT: 0.52, MeanC: 0.43, SDT: 0.12, SDC: 0.13, SMD: 0.72, VarRatio: 0.85, WWC: "fails"},
			{Variable: "distance", Sample: "after_matching", MeanT: 0.51, MeanC: 0.50, SDT: 0.12, SDC: 0.12, SMD: 0.03, VarRatio: 1.0, WWC: "satisfied"},
			{Variable: "ks3_maths", Sample: "before_matching", MeanT: 5.4, MeanC: 4.9, SDT: 1.5, SDC: 1.6, SMD: 0.32, VarRatio: 0.88, WWC: "fails"},
			{Variable: "ks3_maths", Sample: "after_matching", MeanT: 5.3, MeanC: 5.2, SDT: 1.5, SDC: 1.5, SMD: 0.07, VarRatio: 1.0, WWC: "adjust"},
		},
		SMDDenominator: "treated",
		Warnings:       []string{"8 comparison pupils were not matched and are left out of the matched analysis."},
	}
	rate(r, rateSpec{analysis: "matched", measure: "hedges_g", missing: [2]int{2, 8}, pool: true,
		r2: 0.4, baselineG: 0.07, adjusted: true, cost: math.NaN()})
	return r
}

// LalondeMatch matches MatchIt's lalonde data (fixtures/matching) with a
// caliper, as a realistic report for the plots.
func LalondeMatch(t testing.TB) (*evaluate.MatchResult, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(moduleRoot(), "fixtures", "matching", "lalonde.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) []string {
		j := -1
		for k, h := range recs[0] {
			if h == name {
				j = k
			}
		}
		out := make([]string, len(recs)-1)
		for i, r := range recs[1:] {
			out[i] = r[j]
		}
		return out
	}
	num := func(name string) []float64 {
		s := col(name)
		out := make([]float64, len(s))
		for i, v := range s {
			out[i], err = strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	race := col("race")
	levels := []string{"black", "hispan", "white"}
	fr := &evaluate.Factor{Name: "race", Levels: levels, Codes: make([]int32, len(race))}
	for i, v := range race {
		fr.Codes[i] = int32(sort.SearchStrings(levels, v))
	}
	tr := num("treat")
	arm := make([]int8, len(tr))
	for i, v := range tr {
		arm[i] = int8(v)
	}
	in := evaluate.Input{Arm: arm, Matching: &evaluate.MatchSpec{
		Covariates: []evaluate.Variable{
			{Name: "age", Num: num("age")}, {Name: "educ", Num: num("educ")},
			{Name: "race", Factor: fr}, {Name: "married", Num: num("married")},
			{Name: "nodegree", Num: num("nodegree")}, {Name: "re74", Num: num("re74")},
			{Name: "re75", Num: num("re75")},
		},
		Caliper: 0.2,
	}}
	res, err := evaluate.Match(in)
	if err != nil {
		t.Fatal(err)
	}
	return res, recs
}

// Plans are plans of each kind, solved by evaluate.RunPlan.
func Plans(t *testing.T) map[string]*evaluate.PlanReport {
	t.Helper()
	nan := math.NaN()
	out := map[string]*evaluate.PlanReport{}
	for name, in := range map[string]evaluate.PlanInput{
		// 40 schools of 25, the power to detect 0.2, and the FSM pupils.
		"cluster": {Plan: power.Plan{Design: power.ClusterRCT, Clusters: 40, ClusterSize: 25, ICC: 0.15,
			R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1}, Effect: 0.2, Solve: power.SolvePower, FSMShare: 0.3, Attrition: 0.1},
		"rct-60":   {Plan: power.Plan{Design: power.RCT, N: 60}, Effect: nan, Solve: power.SolveMDES},
		"rct-n":    {Plan: power.Plan{Design: power.RCT, R2Pupil: 0.5, Covariates: 1}, Effect: 0.2, Solve: power.SolveN, FSMShare: 0.25, Attrition: 0.1},
		"pre-post": {Plan: power.Plan{Design: power.PrePost, N: 60, R2Pupil: 0.49}, Effect: nan, Solve: power.SolveMDES, Attrition: 0.2},
		"matched":  {Plan: power.Plan{Design: power.Matched, N: 600, R2Pupil: 0.5, Covariates: 3}, Effect: 0.25, Solve: power.SolvePower},
		"schools":  {Plan: power.Plan{Design: power.ClusterRCT, ClusterSize: 25, ICC: 0.15, R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1}, Effect: 0.25, Solve: power.SolveClusters},
	} {
		r, err := evaluate.RunPlan(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = r
	}
	return out
}

// Pool pools six made-up schools (the README's example: Hedges' g
// and its variance from each school's summaries) by region, with the
// share of pupils eligible for free school meals as a numeric moderator.
func Pool(t *testing.T) *evaluate.PoolReport {
	t.Helper()
	in := evaluate.PoolInput{Title: "Reading tutoring in six schools", Measure: evaluate.PoolHedgesG, By: "region", Moderator: "fsm_share"}
	for _, s := range []struct {
		name, region string
		g, v, fsm    float64
		nt, nc       int
	}{
		{"Ash Primary", "North", 0.3208, 0.0413, 0.31, 48, 50},
		{"Birch Academy", "North", 0.0520, 0.0328, 0.42, 62, 60},
		{"Cedar School", "South", 0.6672, 0.0621, 0.18, 35, 33},
		{"Dale Primary", "South", -0.2370, 0.0363, 0.12, 54, 57},
		{"Elm Academy", "Midlands", 0.5324, 0.0488, 0.37, 41, 44},
		{"Fir Tree School", "Midlands", 0.1121, 0.0355, 0.26, 58, 55},
	} {
		nt, nc := s.nt, s.nc
		in.Studies = append(in.Studies, evaluate.PoolStudy{Name: s.name, Source: "schools.csv", Input: "summaries",
			Yi: s.g, Vi: s.v, Level: s.region, X: s.fsm, NTreated: &nt, NComparison: &nc,
			Moderators: []evaluate.PoolField{{Name: "region", Value: s.region}}})
	}
	r, err := evaluate.Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Funnel pools twelve made-up studies, enough for Egger's test and
// the funnel plot.
func Funnel(t *testing.T) *evaluate.PoolReport {
	t.Helper()
	in := evaluate.PoolInput{Title: "Twelve trials", Measure: evaluate.PoolHedgesG}
	g := []float64{0.12, 0.31, 0.05, 0.44, 0.18, 0.62, 0.09, 0.27, 0.51, 0.15, 0.38, 0.72}
	v := []float64{0.004, 0.012, 0.006, 0.030, 0.008, 0.055, 0.005, 0.015, 0.040, 0.010, 0.025, 0.070}
	for i := range g {
		in.Studies = append(in.Studies, evaluate.PoolStudy{Name: "Trial " + string(rune('A'+i)), Input: "yi, vi", Yi: g[i], Vi: v[i]})
	}
	r, err := evaluate.Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Score is one outcome's pupil scores in each arm (the fields of
// plot.Distribution, which this package cannot import: plot's own tests
// import it).
type Score struct {
	Outcome    string
	Label      string
	Treated    []float64
	Comparison []float64
}

// Scores are seeded normal scores matching RCT's reading and maths
// descriptives (PCG seed 1, 2).
func Scores() []Score {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := func(n int, mean, sd float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = mean + sd*rng.NormFloat64()
		}
		return v
	}
	return []Score{
		{Outcome: "ks2_read", Label: "Reading", Treated: gen(212, 104.9, 6.1), Comparison: gen(208, 103.6, 6.3)},
		{Outcome: "ks2_maths", Label: "Maths", Treated: gen(210, 104.1, 6.8), Comparison: gen(207, 104.0, 6.9)},
	}
}

// moduleRoot is the repository's root directory, found from this file's
// path, so that tests of any package under reports/ find fixtures/.
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}
