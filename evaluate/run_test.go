package evaluate

import (
	"github.com/whatworks/whatworks/evaluate/internal/golden"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// ancGoldenRun reads golden_run.csv (name -> value), from R via golden.R.
func ancGoldenRun(t testing.TB) map[string]float64 {
	tab := ancFixture(t, "golden_run.csv")
	v := tab.Num(t, "value")
	out := map[string]float64{}
	for i, n := range tab.Cols["name"] {
		out[n] = v[i]
	}
	return out
}

// findRow returns the row with the given keys, failing the test if absent.
func findRow(t testing.TB, rep *Report, outcome, subgroup string, analysis Analysis, measure Measure) Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Outcome == outcome && r.Subgroup == subgroup && r.Analysis == analysis && r.Measure == measure {
			return r
		}
	}
	t.Fatalf("no row %s/%s/%s/%s", outcome, subgroup, analysis, measure)
	return Result{}
}

func armsFrom(x []float64) []int8 {
	a := make([]int8, len(x))
	for i, v := range x {
		a[i] = int8(v)
	}
	return a
}

func anorexiaInput(t testing.TB) Input {
	an := ancFixture(t, "anorexia_ft_cont.csv")
	return Input{
		Design: DesignRCT, Arm: armsFrom(an.Num(t, "treat")), Confidence: 0.95,
		Outcomes: []Outcome{{Column: "Postwt", Type: "continuous", Y: an.Num(t, "Postwt"),
			PreColumn: "Prewt", Pre: an.Num(t, "Prewt")}},
	}
}

func mstInput(t testing.TB) Input {
	mst := ancFixture(t, "mst.csv")
	return Input{
		Design: DesignRCT, Arm: armsFrom(mst.Num(t, "Intervention")), Confidence: 0.95,
		Outcomes: []Outcome{{Column: "Posttest", Type: "continuous", Y: mst.Num(t, "Posttest"),
			PreColumn: "Prettest", Pre: mst.Num(t, "Prettest")}},
		Subgroups: []Factor{*mst.Factor("site")},
	}
}

func checkNum(t *testing.T, what string, got Num, want, tol float64) {
	t.Helper()
	if !ancNear(float64(got), want, tol) {
		t.Errorf("%s = %.15g, R says %.15g", what, float64(got), want)
	}
}

// TestRun_anorexia checks the ANCOVA and gain rows of Run against R 4.2.2
// (fixtures/ancova/golden.R): lm(Postwt ~ treat + Prewt) on MASS::anorexia
// FT vs Cont, g = J b / s_p with CI scaled the same way, and
// t.test(Postwt - Prewt ~ treat) for the gain.
func TestRun_anorexia(t *testing.T) {
	gold, lm := ancGoldenRun(t), golden.LM(t)["anorexia_ft_cont"]["treat"]
	rep, err := Run(context.Background(), anorexiaInput(t))
	if err != nil {
		t.Fatal(err)
	}
	md := findRow(t, rep, "Postwt", "all", "ancova", "mean_difference")
	checkNum(t, "ancova b", md.Estimate, lm.Estimate, 1e-9)
	checkNum(t, "ancova se", md.SE, lm.SE, 1e-9)
	checkNum(t, "ancova lo", md.CILow, lm.Lo, 1e-9)
	checkNum(t, "ancova hi", md.CIHigh, lm.Hi, 1e-9)
	checkNum(t, "ancova p", md.PValue, lm.P, 1e-9)
	checkNum(t, "ancova df", md.DF, float64(lm.DF), 0)
	g := findRow(t, rep, "Postwt", "all", "ancova", "hedges_g")
	checkNum(t, "ancova g", g.Estimate, gold["anorexia.ancova.g"], 1e-9)
	checkNum(t, "ancova g lo", g.CILow, gold["anorexia.ancova.g_lo"], 1e-9)
	checkNum(t, "ancova g hi", g.CIHigh, gold["anorexia.ancova.g_hi"], 1e-9)
	if g.MonthsProgress == nil || *g.MonthsProgress != 12 || *g.NTreated != 17 || *g.NComparison != 26 {
		t.Errorf("months %v n %d/%d", g.MonthsProgress, *g.NTreated, *g.NComparison)
	}
	gain := findRow(t, rep, "Postwt", "all", "gain", "mean_difference")
	checkNum(t, "gain diff", gain.Estimate, gold["anorexia.gain.diff"], 1e-9)
	checkNum(t, "gain p", gain.PValue, gold["anorexia.gain.p"], 1e-9)
	checkNum(t, "gain lo", gain.CILow, gold["anorexia.gain.lo"], 1e-9)
	checkNum(t, "gain hi", gain.CIHigh, gold["anorexia.gain.hi"], 1e-9)
	findRow(t, rep, "Postwt", "all", "did", "hedges_g")
	findRow(t, rep, "Postwt", "all", "unadjusted", "hedges_g")
	// 17 and 26 pupils: the small-sample caveat.
	if !strings.Contains(strings.Join(rep.Caveats, "\n"), CaveatSmallSamples) {
		t.Errorf("no small-sample caveat in %q", rep.Caveats)
	}
	// Same input, same JSON, byte for byte.
	a, _ := json.Marshal(rep)
	rep2, _ := Run(context.Background(), anorexiaInput(t))
	b, _ := json.Marshal(rep2)
	if string(a) != string(b) {
		t.Error("two runs differ")
	}
}

// TestRun_mstSubgroups checks the subgroup rows against R 4.2.2 on the
// eefAnalytics mstData with site = letters[School %% 3 + 1]: ANCOVA g per
// site, the joint F test of treatment × site (anova(reduced, full)), the
// interaction coefficients, and the gap (site b minus site a) per arm.
func TestRun_mstSubgroups(t *testing.T) {
	gold, lm := ancGoldenRun(t), golden.LM(t)
	rep, err := Run(context.Background(), mstInput(t))
	if err != nil {
		t.Fatal(err)
	}
	checkNum(t, "mst ancova b", findRow(t, rep, "Posttest", "all", "ancova", "mean_difference").Estimate, 3.586310886208828, 1e-12)
	g := findRow(t, rep, "Posttest", "all", "ancova", "hedges_g")
	checkNum(t, "mst g", g.Estimate, gold["mst.ancova.g"], 1e-9)
	checkNum(t, "mst g lo", g.CILow, gold["mst.ancova.g_lo"], 1e-9)
	checkNum(t, "mst g hi", g.CIHigh, gold["mst.ancova.g_hi"], 1e-9)
	for _, lv := range []string{"a", "b", "c"} {
		g := findRow(t, rep, "Posttest", "site="+lv, "ancova", "hedges_g")
		checkNum(t, "site "+lv+" g", g.Estimate, gold["mst.site_"+lv+".ancova.g"], 1e-9)
		md := findRow(t, rep, "Posttest", "site="+lv, "ancova", "mean_difference")
		checkNum(t, "site "+lv+" b", md.Estimate, lm["mst_site_"+lv]["Intervention"].Estimate, 1e-9)
		checkNum(t, "site "+lv+" p", md.PValue, lm["mst_site_"+lv]["Intervention"].P, 1e-9)
	}
	for _, lv := range []string{"b", "c"} {
		r := findRow(t, rep, "Posttest", "site="+lv, "interaction", Measure("interaction_"+lv))
		w := lm["mst_interaction"]["Intervention:site"+lv]
		checkNum(t, "interaction "+lv, r.Estimate, w.Estimate, 1e-9)
		checkNum(t, "interaction se "+lv, r.SE, w.SE, 1e-9)
		checkNum(t, "interaction p "+lv, r.PValue, w.P, 1e-9)
		checkNum(t, "interaction lo "+lv, r.CILow, w.Lo, 1e-9)
		want := "F(2, " + fmtG(float64(w.DF)) + ") = " + fmtG(gold["mst.interaction.F"]) + ", p = " + fmtG(gold["mst.interaction.p"])
		if !strings.Contains(r.Note, want) {
			t.Errorf("note %q lacks %q", r.Note, want)
		}
	}
	for arm, name := range map[string]string{"1": "intervention", "0": "comparison"} {
		pre := findRow(t, rep, "Posttest", "site=b", "gap", Measure("gap_pre_"+name))
		checkNum(t, "gap pre "+name, pre.Estimate, gold["mst.gap.Prettest.arm"+arm], 1e-9)
		checkNum(t, "gap pre p "+name, pre.PValue, gold["mst.gap.Prettest.arm"+arm+".p"], 1e-9)
		post := findRow(t, rep, "Posttest", "site=b", "gap", Measure("gap_post_"+name))
		checkNum(t, "gap post "+name, post.Estimate, gold["mst.gap.Posttest.arm"+arm], 1e-9)
		checkNum(t, "gap post p "+name, post.PValue, gold["mst.gap.Posttest.arm"+arm+".p"], 1e-9)
		ch := findRow(t, rep, "Posttest", "site=b", "gap", Measure("gap_change_"+name))
		pg := findRow(t, rep, "Posttest", "site=b", "gap", Measure("gap_pre_"+name+"_g"))
		qg := findRow(t, rep, "Posttest", "site=b", "gap", Measure("gap_post_"+name+"_g"))
		checkNum(t, "gap change "+name, ch.Estimate, float64(qg.Estimate-pg.Estimate), 1e-12)
	}
	findRow(t, rep, "Posttest", "site=c", "gap", "gap_change")

	// Row order: all, then site=a, b, c, interaction, gap.
	var order []string
	for _, r := range rep.Results {
		k := r.Subgroup + "/" + string(r.Analysis)
		if len(order) == 0 || order[len(order)-1] != k {
			order = append(order, k)
		}
	}
	want := "all/unadjusted all/ancova all/gain all/did site=a/unadjusted site=a/ancova site=a/gain site=a/did " +
		"site=b/unadjusted site=b/ancova site=b/gain site=b/did site=c/unadjusted site=c/ancova site=c/gain site=c/did " +
		"site=b/interaction site=c/interaction site=b/gap site=c/gap site=b/gap site=c/gap site=b/gap site=c/gap " +
		"all/rating site=a/rating site=b/rating site=c/rating"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("row order\n%s\nwant\n%s", got, want)
	}
}

// smallInput is hand-checkable: 4 intervention and 4 comparison pupils.
//
//	intervention post 5 6 7 8  pre 1 2 3 4  (gain 4 each)
//	comparison   post 3 4 5 6  pre 1 2 3 4  (gain 2 each)
//
// post = pre + 4 treat + 0 exactly... plus an offset, so the ANCOVA
// treatment coefficient is 2 with zero residual: add noise-free jitter.
func smallInput() Input {
	return Input{
		Design: DesignTwoGroup, Confidence: 0.95,
		Arm: []int8{1, 1, 1, 1, 0, 0, 0, 0, -1},
		Outcomes: []Outcome{{Column: "read", Y: []float64{5, 6, 7, 9, 3, 4, 5, 6, 100},
			PreColumn: "ks2", Pre: []float64{1, 2, 3, 4, 1, 2, 3, 4, 100}}},
	}
}

func TestRun_small(t *testing.T) {
	rep, err := Run(context.Background(), smallInput())
	if err != nil {
		t.Fatal(err)
	}
	md := findRow(t, rep, "read", "all", "unadjusted", "mean_difference")
	// means 6.75 and 4.5
	checkNum(t, "unadjusted diff", md.Estimate, 2.25, 1e-12)
	gain := findRow(t, rep, "read", "all", "gain", "mean_difference")
	// gains 4 4 4 5 and 2 2 2 2
	checkNum(t, "gain diff", gain.Estimate, 2.25, 1e-12)
	// The ANCOVA: pre is balanced, so b equals the difference in means.
	a := findRow(t, rep, "read", "all", "ancova", "mean_difference")
	checkNum(t, "ancova b", a.Estimate, 2.25, 1e-12)
	if a.DF != 5 {
		t.Errorf("df %v, want 8 - 3", a.DF)
	}
	found := false
	for _, e := range rep.Exclusions {
		if e.Analysis == "all" && e.Reason == "in neither arm" && e.Count == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("exclusions %+v", rep.Exclusions)
	}
	// Descriptives: read, intervention: n 4, mean 6.75, min 5, max 9.
	for _, d := range rep.Descriptives {
		if d.Variable == "read" && d.Arm == "intervention" && d.Subgroup == "all" {
			if d.N != 4 || d.Mean != 6.75 || d.Min != 5 || d.Max != 9 || d.Time != "post" {
				t.Errorf("descriptive %+v", d)
			}
		}
	}
	if len(rep.Balance) != 1 || rep.Balance[0].SMD != 0 || rep.Balance[0].WWC != rating.WWCSatisfied {
		t.Errorf("balance %+v", rep.Balance)
	}
}

// TestRun_properties: swapping the arms negates every effect; a shift or
// a positive scale change of the outcome leaves the effect sizes alone.
func TestRun_properties(t *testing.T) {
	base := mstInput(t)
	ref, err := Run(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	swapped := base
	swapped.Arm = make([]int8, len(base.Arm))
	for i, a := range base.Arm {
		swapped.Arm[i] = 1 - a
	}
	sw, err := Run(context.Background(), swapped)
	if err != nil {
		t.Fatal(err)
	}
	moved := base
	oc := base.Outcomes[0]
	oc.Y = make([]float64, len(oc.Y))
	for i, v := range base.Outcomes[0].Y {
		oc.Y[i] = 3.5*v - 40
	}
	moved.Outcomes = []Outcome{oc}
	mv, err := Run(context.Background(), moved)
	if err != nil {
		t.Fatal(err)
	}
	// An affine change of the pretest leaves the ANCOVA untouched.
	preMoved := base
	oc2 := base.Outcomes[0]
	oc2.Pre = make([]float64, len(oc2.Pre))
	for i, v := range base.Outcomes[0].Pre {
		oc2.Pre[i] = 1000 - 0.25*v
	}
	preMoved.Outcomes = []Outcome{oc2}
	pm, err := Run(context.Background(), preMoved)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"all", "site=a", "site=b", "site=c"} {
		a := findRow(t, ref, "Posttest", sub, "ancova", "hedges_g")
		b := findRow(t, pm, "Posttest", sub, "ancova", "hedges_g")
		if !ancNear(float64(a.Estimate), float64(b.Estimate), 1e-9) || !ancNear(float64(a.PValue), float64(b.PValue), 1e-9) {
			t.Errorf("%s: pretest rescaled: g %v p %v, want %v %v", sub, b.Estimate, b.PValue, a.Estimate, a.PValue)
		}
	}
	for _, sub := range []string{"all", "site=a", "site=b", "site=c"} {
		for _, an := range []string{"ancova", "unadjusted", "gain"} {
			g := findRow(t, ref, "Posttest", sub, Analysis(an), "hedges_g")
			s := findRow(t, sw, "Posttest", sub, Analysis(an), "hedges_g")
			if !ancNear(float64(s.Estimate), -float64(g.Estimate), 1e-9) || !ancNear(float64(s.CILow), -float64(g.CIHigh), 1e-9) {
				t.Errorf("%s %s: swapped g %v [%v], want %v [%v]", sub, an, s.Estimate, s.CILow, -g.Estimate, -g.CIHigh)
			}
			if an == "gain" {
				continue // the gain's scale mixes pretest and outcome
			}
			m := findRow(t, mv, "Posttest", sub, Analysis(an), "hedges_g")
			if !ancNear(float64(m.Estimate), float64(g.Estimate), 1e-9) || !ancNear(float64(m.CIHigh), float64(g.CIHigh), 1e-9) {
				t.Errorf("%s %s: rescaled g %v, want %v", sub, an, m.Estimate, g.Estimate)
			}
		}
	}
}

// TestRun_missing counts the pupils each analysis leaves out, by reason.
func TestRun_missing(t *testing.T) {
	in := anorexiaInput(t)
	nan := math.NaN()
	in.Outcomes[0].Pre[0] = nan
	in.Outcomes[0].Pre[1] = nan
	in.Outcomes[0].Y[2] = nan
	in.Outcomes[0].Y[3], in.Outcomes[0].Pre[3] = nan, nan
	eal := make([]float64, len(in.Arm))
	for i := range eal {
		eal[i] = float64(i % 3)
	}
	eal[4] = nan
	in.Covariates = []Variable{{Name: "eal", Num: eal}}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range rep.Exclusions {
		got[string(e.Analysis)+"/"+e.Reason] = e.Count
	}
	want := map[string]int{
		"unadjusted/missing outcome": 2,
		"ancova/missing outcome":     2, "ancova/missing pretest": 2, "ancova/missing covariate eal": 1,
		"gain/missing outcome": 2, "gain/missing pretest": 2, "did/missing outcome": 2, "did/missing pretest": 2,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d excluded, want %d (all: %v)", k, got[k], v, got)
		}
	}
	a := findRow(t, rep, "Postwt", "all", "ancova", "hedges_g")
	if n := *a.NTreated + *a.NComparison; n != 43-5 {
		t.Errorf("ancova n %d, want 38", n)
	}
	u := findRow(t, rep, "Postwt", "all", "unadjusted", "hedges_g")
	if n := *u.NTreated + *u.NComparison; n != 41 {
		t.Errorf("unadjusted n %d, want 41", n)
	}
}

func TestRun_collinear(t *testing.T) {
	in := mstInput(t)
	mst := ancFixture(t, "mst.csv")
	in.Covariates = []Variable{{Name: "Prettest2", Num: mst.Num(t, "Prettest2")}}
	_, err := Run(context.Background(), in)
	want := `outcome "Posttest": ancova: covariates "Prettest" and "Prettest2" are collinear (one is a combination of the others); drop one`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

// TestRun_categoricalCovariate: the subgroup column also entered as a
// covariate is dropped where it is constant (within its own levels) and
// not duplicated in the interaction model; ToothGrowth's dose as a factor.
func TestRun_categoricalCovariate(t *testing.T) {
	tg := ancFixture(t, "toothgrowth.csv")
	dose := tg.Factor("dose")
	in := Input{
		Design: DesignTwoGroup, Confidence: 0.95, Arm: armsFrom(tg.Num(t, "vc")),
		Outcomes:   []Outcome{{Column: "len", Y: tg.Num(t, "len")}},
		Covariates: []Variable{{Name: "dose", Factor: dose}},
		Subgroups:  []Factor{*dose},
	}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	w := golden.LM(t)["toothgrowth"]["vc"]
	md := findRow(t, rep, "len", "all", "ancova", "mean_difference")
	checkNum(t, "vc coefficient", md.Estimate, w.Estimate, 1e-9)
	checkNum(t, "vc se", md.SE, w.SE, 1e-9)
	sub := findRow(t, rep, "len", "dose=1", "ancova", "mean_difference")
	if !strings.Contains(sub.Note, "dropped (constant here): dose") {
		t.Errorf("note %q", sub.Note)
	}
	findRow(t, rep, "len", "dose=2", "interaction", "interaction_2")
	// Balance by level: the arms are identical in dose.
	n := 0
	for _, b := range rep.Balance {
		if b.Variable == "dose" {
			n++
			if b.SMD != 0 || b.WWC != rating.WWCSatisfied {
				t.Errorf("balance %+v", b)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d dose balance rows", n)
	}
}

func TestRun_prePost(t *testing.T) {
	in := anorexiaInput(t)
	in.Design = DesignPrePost
	in.Arm = nil
	in.Subgroups = []Factor{{Name: "group", Levels: []string{"Cont", "FT"}, Codes: make([]int32, 43)}}
	an := ancFixture(t, "anorexia_ft_cont.csv")
	for i, v := range an.Num(t, "treat") {
		in.Subgroups[0].Codes[i] = int32(v)
	}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	findRow(t, rep, "Postwt", "all", "paired", "d_z")
	findRow(t, rep, "Postwt", "group=FT", "paired", "g_av")
	findRow(t, rep, "Postwt", "group=FT", "gap", "gap_change_all")
	if !strings.Contains(rep.Caveats[0], "OfS Type 2") {
		t.Errorf("caveats %q", rep.Caveats)
	}
	in.Outcomes[0].Pre = nil
	if _, err := Run(context.Background(), in); err == nil {
		t.Error("pre-post without a pretest: no error")
	}
}

func TestRun_cancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, anorexiaInput(t)); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestICC: a one-way ANOVA ICC by hand. Clusters {1,2,3} and {5,6,7}:
// MSB = 3·(2−4)²·2/1 = 24, MSW = (1+0+1)·2/4 = 1, n0 = 3:
// ρ = (24 − 1)/(24 + 2) = 23/26.
func TestICC(t *testing.T) {
	x := []float64{1, 2, 3, 5, 6, 7}
	f := &Factor{Name: "school", Levels: []string{"a", "b"}, Codes: []int32{0, 0, 0, 1, 1, 1}}
	rho, m, n := effectsize.ICC(x, f.Codes, len(f.Levels), []int32{0, 1, 2, 3, 4, 5})
	if !ancNear(rho, 23.0/26, 1e-12) || m != 2 || n != 6 {
		t.Errorf("ICC %v %d %d", rho, m, n)
	}
	// ρ = 0 leaves the statistic unchanged.
	tA, h, _, _ := effectsize.ClusterCorrect(0.3, 50, 50, 10, 0)
	t0 := 0.3 / math.Sqrt(100.0/2500+0.09/200)
	if !ancNear(tA, t0, 1e-12) || !ancNear(h, 98, 1e-12) {
		t.Errorf("t_A %v h %v", tA, h)
	}
}

// TestRun_cluster checks the cluster_corrected row against R 4.2.2 on the
// eefAnalytics crtData (golden.R): ICC of Posttest by one-way ANOVA, and
// the WWC (Hedges 2007) corrected t, df and p of the unadjusted g.
func TestRun_cluster(t *testing.T) {
	gold := ancGoldenRun(t)
	crt := ancFixture(t, "crt.csv")
	in := Input{
		Design: DesignClusterRCT, Arm: armsFrom(crt.Num(t, "Intervention")), Confidence: 0.95,
		Cluster: crt.Factor("School"),
		Outcomes: []Outcome{{Column: "Posttest", Y: crt.Num(t, "Posttest"),
			PreColumn: "Prettest", Pre: crt.Num(t, "Prettest")}},
	}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int32, len(in.Arm))
	for i := range all {
		all[i] = int32(i)
	}
	rho, _, _ := effectsize.ICC(in.Outcomes[0].Y, in.Cluster.Codes, len(in.Cluster.Levels), all)
	if !ancNear(rho, gold["crt.icc"], 1e-9) {
		t.Errorf("ICC %.15g, R says %.15g", rho, gold["crt.icc"])
	}
	r := findRow(t, rep, "Posttest", "all", "cluster_corrected", "hedges_g")
	checkNum(t, "g", r.Estimate, gold["crt.g"], 1e-9)
	checkNum(t, "t_A", r.Statistic, gold["crt.tA"], 1e-9)
	checkNum(t, "h", r.DF, gold["crt.h"], 1e-9)
	checkNum(t, "p", r.PValue, gold["crt.p"], 1e-9)
	findRow(t, rep, "Posttest", "all", "cluster_corrected", "hedges_g_adjusted")
	if !strings.Contains(strings.Join(rep.Caveats, "\n"), "too narrow") {
		t.Errorf("caveats %q", rep.Caveats)
	}
}

// TestRun_bh: with two outcomes, PAdjusted is p.adjust(p, "BH") within
// each family: min(2 p_small, p_large) and p_large.
func TestRun_bh(t *testing.T) {
	in := mstInput(t)
	second := in.Outcomes[0]
	second.Column = "Posttest_noisy"
	second.Y = make([]float64, len(in.Arm))
	for i, v := range in.Outcomes[0].Y {
		second.Y[i] = v + float64((i*37)%23)
	}
	in.Outcomes = append(in.Outcomes, second)
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	a := findRow(t, rep, "Posttest", "all", "ancova", "hedges_g")
	b := findRow(t, rep, "Posttest_noisy", "all", "ancova", "hedges_g")
	pa, pb := float64(a.PValue), float64(b.PValue)
	lo, hi := math.Min(pa, pb), math.Max(pa, pb)
	wantLo := math.Min(2*lo, hi)
	gotLo, gotHi := float64(a.PAdjusted), float64(b.PAdjusted)
	if pa > pb {
		gotLo, gotHi = gotHi, gotLo
	}
	if !ancNear(gotLo, wantLo, 1e-15) || !ancNear(gotHi, hi, 1e-15) {
		t.Errorf("adjusted %v %v from %v %v", a.PAdjusted, b.PAdjusted, pa, pb)
	}
}

// TestRun_degenerate: awkward data gives caveats and missing numbers,
// never a panic; what Check finds unusable, Run refuses with the same
// words (an *UnusableError).
func TestRun_degenerate(t *testing.T) {
	nan := math.NaN()
	cases := map[string]func(in *Input){
		"no comparison outcomes": func(in *Input) {
			for i := 4; i < 8; i++ {
				in.Outcomes[0].Y[i] = nan
			}
		},
		"constant outcome": func(in *Input) {
			for i := range in.Outcomes[0].Y {
				in.Outcomes[0].Y[i] = 3
			}
		},
		"no pretests": func(in *Input) {
			for i := range in.Outcomes[0].Pre {
				in.Outcomes[0].Pre[i] = nan
			}
		},
		"subgroup level in one arm": func(in *Input) {
			in.Subgroups = []Factor{{Name: "fsm", Levels: []string{"N", "Y"}, Codes: []int32{0, 0, 0, 1, 0, 0, 0, 0, -1}}}
		},
		"subgroup level empty": func(in *Input) {
			in.Subgroups = []Factor{{Name: "fsm", Levels: []string{"N", "Y", "Z"}, Codes: []int32{0, 1, 0, 1, 0, 1, 0, 1, 2}}}
		},
		"ordinal outcome": func(in *Input) { in.Outcomes[0].Type = "ordinal" },
		"constant covariate": func(in *Input) {
			in.Covariates = []Variable{{Name: "year", Num: []float64{7, 7, 7, 7, 7, 7, 7, 7, 7}}}
		},
	}
	for name, mod := range cases {
		t.Run(name, func(t *testing.T) {
			in := smallInput()
			mod(&in)
			chk := Check(in)
			rep, err := Run(context.Background(), in)
			if len(chk.Unusable) > 0 {
				var ue *UnusableError
				if !errors.As(err, &ue) || strings.Join(ue.Problems, "\n") != strings.Join(chk.Unusable, "\n") {
					t.Fatalf("Run: %v; Check: %q", err, chk.Unusable)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := json.Marshal(rep); err != nil {
				t.Fatal(err)
			}
			t.Log(strings.Join(rep.Caveats, "\n"))
		})
	}
}

// TestRun_matched: a matched design adds the matched rows after each
// outcome's own rows, the matching report and its balance.
func TestRun_matched(t *testing.T) {
	in := anorexiaInput(t)
	in.Design = DesignMatched
	in.Matching = &MatchSpec{Covariates: []Variable{{Name: "Prewt", Num: in.Outcomes[0].Pre}}, Ratio: 1}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Matching == nil {
		t.Fatal("no matching report")
	}
	g := findRow(t, rep, "Postwt", "all", "matched", "hedges_g")
	if *g.NTreated != 17 {
		t.Errorf("matched treated %d, want all 17", *g.NTreated)
	}
	last := -1
	for k, r := range rep.Results {
		if r.Outcome == "Postwt" {
			last = k
		}
	}
	if rep.Results[last].Analysis != AnalysisRating || rep.Results[last-4].Analysis != "matched_adjusted" {
		t.Errorf("last Postwt rows %+v, %+v", rep.Results[last-4], rep.Results[last])
	}
	in.Matching = nil
	if _, err := Run(context.Background(), in); err == nil {
		t.Error("matched design without matching settings: no error")
	}
}

func TestRun_emptyArm(t *testing.T) {
	in := smallInput()
	in.Arm = []int8{1, 1, 1, 1, 1, 1, 1, 1, -1}
	_, err := Run(context.Background(), in)
	if err == nil || !strings.Contains(err.Error(), "the comparison arm has 0 pupils") {
		t.Errorf("error %v", err)
	}
}

// TestRun_tooManyLevels: a covariate with hundreds of levels is refused
// with a message naming it.
func TestRun_tooManyLevels(t *testing.T) {
	in := benchInput(2000)
	f := &Factor{Name: "pupil_id", Codes: make([]int32, 2000)}
	for i := 0; i < 500; i++ {
		f.Levels = append(f.Levels, fmt.Sprintf("p%04d", i))
	}
	for i := range f.Codes {
		f.Codes[i] = int32(i % 500)
	}
	in.Covariates = append(in.Covariates, Variable{Name: "pupil_id", Factor: f})
	_, err := Run(context.Background(), in)
	if err == nil || !strings.Contains(err.Error(), `"pupil_id" has 500 levels`) {
		t.Errorf("error %v", err)
	}
}

// TestRun_random: random small inputs, with missing values, one-pupil
// cells and constant columns, never make Run or Check panic, and Run's
// JSON is the same twice.
func TestRun_random(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	designs := []Design{DesignTwoGroup, DesignRCT, DesignClusterRCT, DesignPrePost}
	for it := 0; it < 300; it++ {
		n := 2 + rng.IntN(40)
		pick := func(p float64, v float64) float64 {
			if rng.Float64() < p {
				return math.NaN()
			}
			return v
		}
		in := Input{Design: Design(designs[rng.IntN(len(designs))]), Confidence: 0.9}
		y, pre, cov := make([]float64, n), make([]float64, n), make([]float64, n)
		fac := &Factor{Name: "g", Levels: []string{"a", "b", "c"}, Codes: make([]int32, n)}
		sub := Factor{Name: "fsm", Levels: []string{"N", "Y"}, Codes: make([]int32, n)}
		cl := &Factor{Name: "school", Levels: []string{"s1", "s2", "s3", "s4"}, Codes: make([]int32, n)}
		if in.Design != DesignPrePost {
			in.Arm = make([]int8, n)
		}
		for i := 0; i < n; i++ {
			if in.Arm != nil {
				in.Arm[i] = int8(rng.IntN(3) - 1)
			}
			y[i] = pick(0.2, float64(rng.IntN(5)))
			pre[i] = pick(0.2, float64(rng.IntN(5)))
			cov[i] = pick(0.1, float64(rng.IntN(2)))
			fac.Codes[i] = int32(rng.IntN(4) - 1)
			sub.Codes[i] = int32(rng.IntN(3) - 1)
			cl.Codes[i] = int32(rng.IntN(4))
		}
		in.Outcomes = []Outcome{{Column: "y", Y: y, PreColumn: "pre", Pre: pre}}
		in.Covariates = []Variable{{Name: "x", Num: cov}, {Name: "g", Factor: fac}}
		in.Subgroups = []Factor{sub}
		if in.Design == DesignClusterRCT {
			in.Cluster = cl
		}
		_ = Check(in)
		rep, err := Run(context.Background(), in)
		if err != nil {
			continue // e.g. an empty arm, collinear covariates
		}
		a, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		rep2, _ := Run(context.Background(), in)
		b, _ := json.Marshal(rep2)
		if string(a) != string(b) {
			t.Fatalf("iteration %d: two runs differ", it)
		}
	}
}

// TestRun_descriptivesOutcomesAndCI: each descriptive names the outcomes
// it describes (a shared pretest both), and carries the t interval of its
// mean. R 4.2.2: t.test(c(2, 4, 4, 4, 5, 5, 7, 9))$conf.int.
func TestRun_descriptivesOutcomesAndCI(t *testing.T) {
	pre := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	y1 := []float64{2, 4, 4, 4, 5, 5, 7, 9, 3, 5, 6, 6, 7, 9, 9, 12}
	y2 := []float64{1, 3, 2, 5, 4, 6, 5, 7, 2, 3, 5, 4, 6, 8, 7, 9}
	arm := make([]int8, 16)
	for i := 8; i < 16; i++ {
		arm[i] = Treated
	}
	in := Input{Design: DesignRCT, Arm: arm, Confidence: 0.95, Outcomes: []Outcome{
		{Column: "read", Y: y1, PreColumn: "ks1", Pre: pre},
		{Column: "maths", Y: y2, PreColumn: "ks1", Pre: pre},
	}}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var sawPre bool
	for _, d := range rep.Descriptives {
		if d.Subgroup != SubgroupAll {
			continue
		}
		switch {
		case d.Variable == "ks1":
			sawPre = true
			if !slices.Equal(d.Outcomes, []string{"read", "maths"}) {
				t.Errorf("shared pretest describes %v", d.Outcomes)
			}
		case d.Variable == "read" && d.Arm == "comparison":
			checkNum(t, "CI low", d.CILow, 3.21251208176379, 1e-9)
			checkNum(t, "CI high", d.CIHigh, 6.78748791823621, 1e-9)
			if !slices.Equal(d.Outcomes, []string{"read"}) {
				t.Errorf("outcome describes %v", d.Outcomes)
			}
		}
	}
	if !sawPre {
		t.Error("no pretest descriptives")
	}
}
