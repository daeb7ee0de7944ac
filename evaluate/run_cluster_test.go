package evaluate

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

// The multilevel and cluster_robust rows of Run against R 4.2.2 (lme4
// 1.1-31, lmerTest 3.1-3, clubSandwich 0.5.8):
// fixtures/multilevel/golden_run.R, golden_run.csv.

// mlGolden reads golden_run.csv as data → group → quantity → value.
func mlGolden(t testing.TB) map[string]map[string]map[string]float64 {
	t.Helper()
	tab := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "multilevel", "golden_run.csv"))
	v := tab.Num(t, "value")
	out := map[string]map[string]map[string]float64{}
	for i := range v {
		d, g, q := tab.Cols["data"][i], tab.Cols["group"][i], tab.Cols["quantity"][i]
		if out[d] == nil {
			out[d] = map[string]map[string]float64{}
		}
		if out[d][g] == nil {
			out[d][g] = map[string]float64{}
		}
		out[d][g][q] = v[i]
	}
	return out
}

func mlFixture(t testing.TB, name string) golden.Columns {
	t.Helper()
	return golden.ReadColumns(t, filepath.Join(golden.Fixtures, "multilevel", name))
}

// Tolerances: iterative fits (lme4's optimiser stops about 1e-7 from the
// optimum; lmerTest differentiates numerically) and closed forms (CR2).
const (
	tolFit = 1e-4
	tolCR2 = 1e-6
)

// mlCase is a clustered data set as Run sees it, with the golden group of
// each subgroup ("all", "minority=0", ...).
type mlCase struct {
	data string
	in   Input
	subs []string
}

func mlCases(t *testing.T) []mlCase {
	crt, mst, hsb, cls := mlFixture(t, "crt.csv"), mlFixture(t, "mst.csv"), mlFixture(t, "hsb.csv"), mlFixture(t, "classes.csv")
	eef := func(tab golden.Columns, design Design) Input {
		return Input{
			Design: design, Arm: armsFrom(tab.Num(t, "Intervention")), Confidence: 0.95, Cluster: tab.Factor("School"),
			Outcomes: []Outcome{{Column: "Posttest", Type: "continuous", Y: tab.Num(t, "Posttest"),
				PreColumn: "Prettest", Pre: tab.Num(t, "Prettest")}},
		}
	}
	return []mlCase{
		{"crt", eef(crt, DesignClusterRCT), []string{"all"}},
		// mstData randomised pupils within schools: an rct with clusters.
		{"mst", eef(mst, DesignRCT), []string{"all"}},
		// High School and Beyond: Catholic schools against the others,
		// adjusting for SES, with a minority subgroup.
		{"hsb", Input{
			Design: DesignClusterRCT, Arm: armsFrom(hsb.Num(t, "catholic")), Confidence: 0.95, Cluster: hsb.Factor("school"),
			Outcomes:   []Outcome{{Column: "mathach", Type: "continuous", Y: hsb.Num(t, "mathach")}},
			Covariates: []Variable{{Name: "ses", Num: hsb.Num(t, "ses")}},
			Subgroups:  []Factor{*hsb.Factor("minority")},
		}, []string{"all", "minority=0", "minority=1"}},
		{"classes", Input{
			Design: DesignClusterRCT, Arm: armsFrom(cls.Num(t, "treated")), Confidence: 0.95, Cluster: cls.Factor("class"),
			Outcomes: []Outcome{{Column: "post", Type: "continuous", Y: cls.Num(t, "post"),
				PreColumn: "pre", Pre: cls.Num(t, "pre")}},
		}, []string{"all"}},
	}
}

// TestRun_multilevel checks every multilevel and cluster_robust row of
// Run, for all pupils and within subgroup levels, against lme4/lmerTest
// (the model y ~ treatment + pretest/covariates + (1 | cluster) and its
// null model, by REML), the EEF's effect sizes, eefAnalytics' effect sizes
// (Hedges 2007, written out in golden_run.R) and clubSandwich's CR2 with
// Satterthwaite df.
func TestRun_multilevel(t *testing.T) {
	gold := mlGolden(t)
	worst := map[float64]float64{} // tolerance → largest |Δ| (relative above 1)
	defer func() { t.Logf("largest differences from R: fits %.2g, CR2 %.2g", worst[tolFit], worst[tolCR2]) }()
	for _, c := range mlCases(t) {
		t.Run(c.data, func(t *testing.T) {
			rep, err := Run(context.Background(), c.in)
			if err != nil {
				t.Fatal(err)
			}
			oc := c.in.Outcomes[0].Column
			for _, sub := range c.subs {
				g := gold[c.data][sub]
				if g == nil {
					t.Fatalf("no golden group %s/%s", c.data, sub)
				}
				chk := func(what string, got Num, q string, tol float64) {
					t.Helper()
					want, ok := g[q]
					if !ok {
						t.Fatalf("no golden %s", q)
					}
					worst[tol] = max(worst[tol], math.Abs(float64(got)-want)/math.Max(1, math.Abs(want)))
					if !ancNear(float64(got), want, tol) {
						t.Errorf("%s %s: %s = %.15g, R says %.15g", c.data, sub, what, float64(got), want)
					}
				}
				md := findRow(t, rep, oc, sub, AnalysisMultilevel, MeasureMeanDifference)
				chk("b", md.Estimate, "ml.estimate", tolFit)
				chk("SE", md.SE, "ml.se", tolFit)
				chk("df", md.DF, "ml.df", tolFit)
				chk("t", md.Statistic, "ml.t", tolFit)
				chk("p", md.PValue, "ml.p", tolFit)
				chk("lower", md.CILow, "ml.lower", tolFit)
				chk("upper", md.CIHigh, "ml.upper", tolFit)
				if n := *md.NTreated + *md.NComparison; n != int(g["n"]) {
					t.Errorf("%s %s: %d pupils, R %v", c.data, sub, n, g["n"])
				}
				for _, m := range []struct {
					measure Measure
					q       string
				}{{MeasureHedgesG, "g"}, {MeasureHedgesGWithin, "g_within"}} {
					r := findRow(t, rep, oc, sub, AnalysisMultilevel, m.measure)
					chk(m.q, r.Estimate, m.q, tolFit)
					chk(m.q+" lower", r.CILow, m.q+".lower", tolFit)
					chk(m.q+" upper", r.CIHigh, m.q+".upper", tolFit)
					if r.MonthsProgress == nil || r.CIMethod != CINormal {
						t.Errorf("%s %s %s: months %v, CI method %q", c.data, sub, m.q, r.MonthsProgress, r.CIMethod)
					}
				}
				chk("icc", findRow(t, rep, oc, sub, AnalysisMultilevel, MeasureICC).Estimate, "icc", tolFit)
				for _, m := range []struct {
					measure Measure
					q       string
				}{
					{MeasureEEFWithinConditional, "eef.within.conditional"},
					{MeasureEEFTotalConditional, "eef.total.conditional"},
					{MeasureEEFWithinUnconditional, "eef.within.unconditional"},
					{MeasureEEFTotalUnconditional, "eef.total.unconditional"},
				} {
					r := findRow(t, rep, oc, sub, AnalysisMultilevel, m.measure)
					chk(m.q, r.Estimate, m.q, tolFit)
					chk(m.q+" SE", r.SE, m.q+".se", tolFit)
					chk(m.q+" lower", r.CILow, m.q+".lower", tolFit)
					chk(m.q+" upper", r.CIHigh, m.q+".upper", tolFit)
				}
				cr := findRow(t, rep, oc, sub, AnalysisClusterRobust, MeasureMeanDifference)
				chk("CR2 b", cr.Estimate, "cr2.estimate", tolCR2)
				chk("CR2 SE", cr.SE, "cr2.se", tolCR2)
				chk("CR2 df", cr.DF, "cr2.df", tolCR2)
				chk("CR2 p", cr.PValue, "cr2.p", tolCR2)
				chk("CR2 lower", cr.CILow, "cr2.lower", tolCR2)
				chk("CR2 upper", cr.CIHigh, "cr2.upper", tolCR2)
				cg := findRow(t, rep, oc, sub, AnalysisClusterRobust, MeasureHedgesG)
				chk("CR2 g", cg.Estimate, "cr2.g", tolCR2)
				chk("CR2 g lower", cg.CILow, "cr2.g.lower", tolCR2)
				chk("CR2 g upper", cg.CIHigh, "cr2.g.upper", tolCR2)
				if h := HeadlineRow(rep, oc, sub); h == nil || h.Analysis != AnalysisMultilevel || h.Measure != MeasureHedgesG {
					t.Errorf("%s %s: headline %+v, want the multilevel g", c.data, sub, h)
				}
			}
			if rep.Clustering == nil || len(rep.Clustering.Outcomes) != 1 {
				t.Fatalf("clustering block %+v", rep.Clustering)
			}
			co := rep.Clustering.Outcomes[0]
			if co.Clusters != int(gold[c.data]["all"]["clusters"]) || co.Pupils != int(gold[c.data]["all"]["n"]) {
				t.Errorf("clustering: %d clusters, %d pupils; R %v, %v", co.Clusters, co.Pupils,
					gold[c.data]["all"]["clusters"], gold[c.data]["all"]["n"])
			}
			if !ancNear(float64(co.ICC), gold[c.data]["all"]["icc"], tolFit) ||
				!ancNear(float64(co.ICCConditional), gold[c.data]["all"]["icc_conditional"], tolFit) {
				t.Errorf("clustering ICC %v, conditional %v", co.ICC, co.ICCConditional)
			}
			if !strings.Contains(strings.Join(rep.Caveats, "\n"), CaveatCluster) {
				t.Errorf("no clustering caveat: %q", rep.Caveats)
			}
			for _, r := range rep.Results {
				if (r.Analysis == AnalysisANCOVA || r.Analysis == AnalysisUnadjusted) && !strings.Contains(r.Note, "ignoring their clustering") {
					t.Errorf("%s/%s note does not say it ignores clustering: %q", r.Analysis, r.Measure, r.Note)
				}
			}
		})
	}
}

// TestRun_multilevelEEFAnalytics checks the eefAnalytics rows of crtData
// against the values eefAnalytics 1.1.3 prints (crtFREQ(Posttest ~
// Intervention + Prettest, random = "School", intervention =
// "Intervention", data = crtData), $ES and $Unconditional$ES, unrounded).
func TestRun_multilevelEEFAnalytics(t *testing.T) {
	c := mlCases(t)[0]
	rep, err := Run(context.Background(), c.in)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct {
		m         Measure
		g, lo, up float64
	}{
		{MeasureEEFWithinConditional, 0.808893445817308, 0.1017550253496579, 1.51603186628496},
		{MeasureEEFTotalConditional, 0.673904096558121, 0.0699344468749334, 1.27787374624131},
		{MeasureEEFWithinUnconditional, 0.701259897532229, 0.0353617278505060, 1.36715806721395},
		{MeasureEEFTotalUnconditional, 0.595945527831691, 0.0178128440213231, 1.17407821164206},
	} {
		r := findRow(t, rep, "Posttest", "all", AnalysisMultilevel, e.m)
		checkNum(t, string(e.m), r.Estimate, e.g, 1e-6)
		checkNum(t, string(e.m)+" lower", r.CILow, e.lo, 1e-6)
		checkNum(t, string(e.m)+" upper", r.CIHigh, e.up, 1e-6)
	}
}

// TestRun_multilevelInteraction checks the treatment × subgroup interaction
// of the mixed model against lmerTest: mathach ~ catholic + ses + minority
// + catholic:minority + (1 | school) on High School and Beyond.
func TestRun_multilevelInteraction(t *testing.T) {
	c := mlCases(t)[2]
	g := mlGolden(t)["hsb"]["interaction"]
	rep, err := Run(context.Background(), c.in)
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, rep, "mathach", "minority=1", AnalysisMultilevel, MeasureInteraction("1"))
	checkNum(t, "estimate", r.Estimate, g["ia.Estimate"], tolFit)
	checkNum(t, "SE", r.SE, g["ia.Std. Error"], tolFit)
	checkNum(t, "df", r.DF, g["ia.df"], tolFit)
	checkNum(t, "p", r.PValue, g["ia.Pr(>|t|)"], tolFit)
	checkNum(t, "lower", r.CILow, g["ia.lower"], tolFit)
	checkNum(t, "upper", r.CIHigh, g["ia.upper"], tolFit)
	ols := findRow(t, rep, "mathach", "minority=1", AnalysisInteraction, MeasureInteraction("1"))
	if !strings.Contains(ols.Note, "ignoring their clustering") {
		t.Errorf("OLS interaction note: %q", ols.Note)
	}
}

// TestRun_multilevelHeadline is issue 11's case: in a trial of 133 classes
// (fixtures/multilevel/classes.csv) the WWC-corrected g's interval crosses
// zero ("could be due to chance") while the multilevel model, which uses
// the pretest, gives g −0.19, 95% CI −0.27 to −0.11. The headline is the
// multilevel g; the cluster_corrected row stays, labelled secondary.
func TestRun_multilevelHeadline(t *testing.T) {
	c := mlCases(t)[3]
	g := mlGolden(t)["classes"]["all"]
	rep, err := Run(context.Background(), c.in)
	if err != nil {
		t.Fatal(err)
	}
	h := HeadlineRow(rep, "post", "all")
	if h == nil || h.Analysis != AnalysisMultilevel || h.Measure != MeasureHedgesG {
		t.Fatalf("headline %+v", h)
	}
	if !(h.CIHigh < 0) {
		t.Errorf("multilevel g interval %v to %v should exclude zero", h.CILow, h.CIHigh)
	}
	wwc := findRow(t, rep, "post", "all", AnalysisClusterCorrected, MeasureHedgesG)
	checkNum(t, "WWC g", wwc.Estimate, g["wwc.g"], 1e-9)
	checkNum(t, "WWC lower", wwc.CILow, g["wwc.lower"], 1e-9)
	checkNum(t, "WWC upper", wwc.CIHigh, g["wwc.upper"], 1e-9)
	if !(wwc.CILow < 0 && wwc.CIHigh > 0) || !strings.HasPrefix(wwc.Note, "secondary") {
		t.Errorf("cluster_corrected row: %v to %v, note %q", wwc.CILow, wwc.CIHigh, wwc.Note)
	}
}

// TestRun_multilevelWarnings: few clusters, an arm in one cluster and a
// cluster-rct whose clusters hold both arms are said in words.
func TestRun_multilevelWarnings(t *testing.T) {
	// Six clusters of eight pupils; cluster 0 is the only treated one in
	// "one", and clusters hold both arms in "mixed".
	n := 48
	y := make([]float64, n)
	pre := make([]float64, n)
	codes := make([]int32, n)
	for i := range y {
		codes[i] = int32(i / 8)
		pre[i] = float64((i*7)%11) + float64(i/8)
		y[i] = pre[i] + float64((i*5)%7) + 2*float64(i/8%3)
	}
	levels := []string{"a", "b", "c", "d", "e", "f"}
	cases := []struct {
		name   string
		design Design
		arm    func(i int) int8
		want   []string
	}{
		{"one", DesignClusterRCT, func(i int) int8 {
			if i < 8 {
				return Treated
			}
			return Comparison
		}, []string{"few schools", "cannot be told apart from the school"}},
		{"mixed", DesignClusterRCT, func(i int) int8 { return int8(i % 2) }, []string{"few schools", "varies within 6 of the 6"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			arm := make([]int8, n)
			for i := range arm {
				arm[i] = c.arm(i)
			}
			in := Input{Design: c.design, Arm: arm, Confidence: 0.95,
				Cluster:  &Factor{Name: "school", Codes: codes, Levels: levels},
				Outcomes: []Outcome{{Column: "y", Y: y, PreColumn: "pre", Pre: pre}}}
			rep, err := Run(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(rep.Caveats, "\n")
			checked := strings.Join(Check(in).Warnings, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("caveats lack %q:\n%s", w, all)
				}
				if !strings.Contains(checked, w) {
					t.Errorf("check's warnings lack %q:\n%s", w, checked)
				}
			}
		})
	}
}

// TestRun_multilevelConfidence: at a level other than 95% the EEF g's
// interval uses the exact normal quantile, not 1.96.
func TestRun_multilevelConfidence(t *testing.T) {
	c := mlCases(t)[0]
	c.in.Confidence = 0.9
	rep, err := Run(context.Background(), c.in)
	if err != nil {
		t.Fatal(err)
	}
	g := findRow(t, rep, "Posttest", "all", AnalysisMultilevel, MeasureHedgesG)
	z := (float64(g.CIHigh) - float64(g.Estimate)) / float64(g.SE)
	if math.Abs(z-1.6448536269514722) > 1e-9 {
		t.Errorf("90%% interval uses z = %.12g", z)
	}
}

// TestCheck_clusters: check reports the clusters per arm, the pupils of
// each cluster, and the ICC of the outcome and the pretest from the null
// model by REML (lme4 1.1-31, golden_run.R: icc and icc_pretest).
func TestCheck_clusters(t *testing.T) {
	gold := mlGolden(t)
	for _, c := range mlCases(t) {
		if c.data == "hsb" {
			continue // no pretest
		}
		t.Run(c.data, func(t *testing.T) {
			g := gold[c.data]["all"]
			ck := Check(c.in)
			cc := ck.Clustering
			if cc == nil {
				t.Fatal("no clustering block")
			}
			if cc.Clusters != int(g["clusters"]) || len(cc.PerCluster) != cc.Clusters {
				t.Errorf("%d clusters (%d listed), R %v", cc.Clusters, len(cc.PerCluster), g["clusters"])
			}
			pupils := 0
			for _, x := range cc.PerCluster {
				pupils += x.Treated + x.Comparison
			}
			if pupils != int(g["n"]) || !ancNear(float64(cc.MeanSize), g["n"]/g["clusters"], 1e-12) {
				t.Errorf("%d pupils, mean size %v", pupils, cc.MeanSize)
			}
			if len(cc.ICC) != 2 || cc.ICC[0].Role != "outcome" || cc.ICC[1].Role != "pretest" {
				t.Fatalf("ICC %+v", cc.ICC)
			}
			checkNum(t, "ICC of the outcome", cc.ICC[0].ICC, g["icc"], tolFit)
			checkNum(t, "ICC of the pretest", cc.ICC[1].ICC, g["icc_pretest"], tolFit)
			switch c.data {
			case "crt", "classes":
				if cc.Layout != "cluster" || cc.ClustersBoth != 0 || cc.ClustersTreated+cc.ClustersComparison != cc.Clusters {
					t.Errorf("layout %q, %d/%d/%d clusters", cc.Layout, cc.ClustersTreated, cc.ClustersComparison, cc.ClustersBoth)
				}
			case "mst":
				if cc.Layout == "cluster" || cc.ClustersBoth == 0 {
					t.Errorf("multisite layout %q with %d clusters holding both arms", cc.Layout, cc.ClustersBoth)
				}
			}
			rep, err := Run(context.Background(), c.in)
			if err != nil {
				t.Fatal(err)
			}
			checkNum(t, "Run's ICC of the pretest", rep.Clustering.Outcomes[0].ICCPretest, g["icc_pretest"], tolFit)
		})
	}
}

// TestRun_multilevelMissingCluster: pupils without a cluster are left out
// of the multilevel and cluster_robust analyses only, and counted; the
// cluster-robust coefficient is then the OLS fit on the pupils with one.
func TestRun_multilevelMissingCluster(t *testing.T) {
	c := mlCases(t)[0]
	cl := *c.in.Cluster
	cl.Codes = append([]int32(nil), cl.Codes...)
	var kept []int32
	for i := range cl.Codes {
		if i%50 == 7 {
			cl.Codes[i] = -1
		} else {
			kept = append(kept, int32(i))
		}
	}
	c.in.Cluster = &cl
	rep, err := Run(context.Background(), c.in)
	if err != nil {
		t.Fatal(err)
	}
	n := len(cl.Codes) - len(kept)
	for _, a := range []Analysis{AnalysisMultilevel, AnalysisClusterRobust} {
		found := false
		for _, e := range rep.Exclusions {
			if e.Analysis == a && e.Reason == reasonMissingCluster("School") && e.Count == n {
				found = true
			}
		}
		if !found {
			t.Errorf("no exclusion of %d pupils without a School from %s: %+v", n, a, rep.Exclusions)
		}
	}
	md := findRow(t, rep, "Posttest", "all", AnalysisMultilevel, MeasureMeanDifference)
	if got := *md.NTreated + *md.NComparison; got != len(kept) {
		t.Errorf("multilevel on %d pupils, want %d", got, len(kept))
	}
	if got := *findRow(t, rep, "Posttest", "all", AnalysisANCOVA, MeasureMeanDifference).NTreated; got+*md.NComparison == len(kept) {
		t.Errorf("the ancova lost the pupils without a cluster too")
	}
	oc := c.in.Outcomes[0]
	a, err := FitANCOVA(c.in.Arm, oc.Y, oc.Pre, oc.PreColumn, nil, kept)
	if err != nil {
		t.Fatal(err)
	}
	checkNum(t, "CR2 coefficient", findRow(t, rep, "Posttest", "all", AnalysisClusterRobust, MeasureMeanDifference).Estimate,
		a.Fit.Coef[a.Fit.Index(TreatmentTerm)], 1e-12)
	if s := PupilStatus(c.in, oc, 7); !strings.Contains(s, "multilevel") {
		t.Errorf("status of a pupil without a cluster: %q", s)
	}
}
