package evaluate

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// metaFixtures holds the goldens of evaluate/meta: R 4.2.2, metafor 3.8-1
// (fixtures/meta/golden.R, README.md).
const metaFixtures = "../fixtures/meta"

// metaGolden reads golden.csv's values of one set, keyed
// "fit|quantity|index".
func metaGolden(t *testing.T, set string) map[string]float64 {
	t.Helper()
	recs := readCSVFile(t, filepath.Join(metaFixtures, "golden.csv"))
	out := map[string]float64{}
	for _, r := range recs[1:] {
		if r[0] != set {
			continue
		}
		v := math.NaN()
		if r[4] != "NA" {
			var err error
			if v, err = strconv.ParseFloat(r[4], 64); err != nil {
				t.Fatal(err)
			}
		}
		out[r[1]+"|"+r[2]+"|"+r[3]] = v
	}
	return out
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// molloyInput is fixtures/meta/molloy2014.csv as a pooling by controls
// with the slope on meanage.
func molloyInput(t *testing.T) PoolInput {
	recs := readCSVFile(t, filepath.Join(metaFixtures, "molloy2014.csv"))
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	in := PoolInput{Title: "molloy2014", Measure: PoolEffectSize, By: "controls", Moderator: "meanage"}
	for i, r := range recs[1:] {
		in.Studies = append(in.Studies, PoolStudy{
			// Two studies share an author and year: the index keeps names apart.
			Name: r[col["study"]] + " #" + strconv.Itoa(i+1), Input: "yi, vi",
			Yi: num(r[col["yi"]]), Vi: num(r[col["vi"]]),
			Level: r[col["controls"]], X: num(r[col["meanage"]]),
		})
	}
	return in
}

func findPoolRow(rep *PoolReport, sub, analysis, measure string) *PoolRow {
	for i := range rep.Results {
		x := &rep.Results[i]
		if x.Subgroup == sub && x.Analysis == analysis && x.Measure == measure {
			return x
		}
	}
	return nil
}

// TestPool_molloy2014 checks every row of the pooling of
// dat.molloy2014 against metafor. R 4.2.2, metafor 3.8-1:
// rma(yi, vi, method, test) with confint() and predict(); the subgroups
// as rma(..., subset = controls == LEVEL); q_between as
// rma(yi, vi, mods = ~ factor(controls)); the slope as
// rma(yi, vi, mods = ~ meanage); leave1out() and regtest() of the
// headline fit (fixtures/meta/golden.R).
func TestPool_molloy2014(t *testing.T) {
	gold := metaGolden(t, "molloy2014")
	rep, err := Pool(molloyInput(t))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	check := func(what string, got Num, key string) {
		t.Helper()
		want, ok := gold[key]
		if !ok {
			t.Fatalf("%s: no golden %q", what, key)
		}
		g := float64(got)
		if math.IsNaN(want) != math.IsNaN(g) || math.Abs(g-want) > 1e-8*math.Max(1, math.Abs(want)) {
			t.Errorf("%s (%s): got %.15g, want %.15g", what, key, g, want)
		}
		checked++
	}
	type q struct {
		field func(*PoolRow) Num
		name  string
	}
	est := func(x *PoolRow) Num { return x.Estimate }
	se := func(x *PoolRow) Num { return x.SE }
	lo := func(x *PoolRow) Num { return x.CILow }
	hi := func(x *PoolRow) Num { return x.CIHigh }
	df := func(x *PoolRow) Num { return x.DF }
	p := func(x *PoolRow) Num { return x.PValue }
	stat := func(x *PoolRow) Num { return x.Statistic }
	measures := map[string][]q{
		PoolPooled:     {{est, "estimate"}, {se, "se"}, {lo, "ci_low"}, {hi, "ci_high"}, {df, "df"}, {p, "pval"}, {stat, "stat"}},
		PoolTau2:       {{est, "tau2"}, {lo, "tau2_ci_low"}, {hi, "tau2_ci_high"}},
		PoolI2:         {{est, "i2"}, {lo, "i2_ci_low"}, {hi, "i2_ci_high"}},
		PoolH2:         {{est, "h2"}, {lo, "h2_ci_low"}, {hi, "h2_ci_high"}},
		PoolQ:          {{est, "q"}, {df, "q_df"}, {p, "q_pval"}},
		PoolPrediction: {{lo, "pi_low"}, {hi, "pi_high"}},
	}
	fits := []struct{ sub, prefix string }{{"all", ""}, {"controls=multiple", "subgroup:multiple:"}, {"controls=none", "subgroup:none:"}}
	for _, f := range fits {
		for _, m := range []string{"meta_fe", "meta_dl", "meta_reml", "meta_pm", "meta_reml_knha"} {
			for measure, qs := range measures {
				x := findPoolRow(rep, f.sub, m, measure)
				if x == nil {
					t.Fatalf("no row %s %s %s", f.sub, m, measure)
				}
				for _, qq := range qs {
					key := f.prefix + m + "|" + qq.name + "|"
					if _, ok := gold[key]; !ok && m == "meta_fe" {
						// metafor gives FE no Q-profile and no predict();
						// whatworks: no τ² interval, PI = CI.
						continue
					}
					check(f.sub+" "+m+" "+measure, qq.field(x), key)
				}
			}
		}
	}
	qb := findPoolRow(rep, "controls", "meta_reml", PoolQBetween)
	check("q_between", qb.Estimate, "factor:meta_reml|qm|")
	check("q_between df", qb.DF, "factor:meta_reml|qm_df1|")
	check("q_between p", qb.PValue, "factor:meta_reml|qm_pval|")
	for _, m := range []string{"meta_fe", "meta_dl", "meta_reml", "meta_pm", "meta_reml_knha"} {
		x := findPoolRow(rep, "all", m, "slope_meanage")
		check("slope "+m, x.Estimate, "slope:"+m+"|coef|2")
		check("slope se "+m, x.SE, "slope:"+m+"|coef_se|2")
		check("slope lo "+m, x.CILow, "slope:"+m+"|coef_ci_low|2")
		check("slope hi "+m, x.CIHigh, "slope:"+m+"|coef_ci_high|2")
		check("slope p "+m, x.PValue, "slope:"+m+"|coef_pval|2")
	}

	h := rep.Headline
	if h.Analysis != "meta_reml_knha" || !strings.Contains(h.Reason, "vary between studies") {
		t.Errorf("headline %s (%s): want meta_reml_knha for τ² > 0 with k = 16", h.Analysis, h.Reason)
	}
	check("headline", h.Estimate, "meta_reml_knha|estimate|")
	check("headline PI low", h.PILow, "meta_reml_knha|pi_low|")
	for i, s := range rep.Studies {
		idx := strconv.Itoa(i + 1)
		check("weight FE", s.Weights.FE, "meta_fe|weight|"+idx)
		check("weight DL", s.Weights.DL, "meta_dl|weight|"+idx)
		check("weight REML", s.Weights.REML, "meta_reml|weight|"+idx)
		check("weight PM", s.Weights.PM, "meta_pm|weight|"+idx)
		check("leave-one-out", s.LeaveOneOut.Estimate, "loo:meta_reml_knha|estimate|"+idx)
		check("leave-one-out lo", s.LeaveOneOut.CILow, "loo:meta_reml_knha|ci_low|"+idx)
		check("leave-one-out tau2", s.LeaveOneOut.Tau2, "loo:meta_reml_knha|tau2|"+idx)
		check("leave-one-out i2", s.LeaveOneOut.I2, "loo:meta_reml_knha|i2|"+idx)
	}
	e := rep.SmallStudy
	check("egger stat", e.Statistic, "egger:meta_reml_knha|stat|")
	check("egger p", e.PValue, "egger:meta_reml_knha|pval|")
	check("egger df", e.DF, "egger:meta_reml_knha|df|")
	check("egger limit", e.Limit, "egger:meta_reml_knha|limit|")
	if rep.Funnel == nil || rep.Funnel.Centre != float64(h.Estimate) {
		t.Errorf("funnel %+v: want one centred on the headline estimate", rep.Funnel)
	}
	t.Logf("%d values agree with metafor to 1e-8", checked)
}

func TestPool_special(t *testing.T) {
	one := PoolInput{Measure: PoolHedgesG, Studies: []PoolStudy{{Name: "a", Yi: 0.2, Vi: 0.01}}}
	rep, err := Pool(one)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Headline.Analysis != "meta_reml" || rep.Headline.Estimate != 0.2 || math.IsNaN(float64(rep.Headline.CILow)) {
		t.Errorf("one study: headline %+v, want the study's own effect with its z interval", rep.Headline)
	}
	if x := findPoolRow(rep, "all", "meta_reml", PoolTau2); !math.IsNaN(float64(x.Estimate)) || x.Note == "" {
		t.Errorf("one study: tau2 row %+v, want null with a reason", x)
	}
	if rep.SmallStudy.Note == "" || !math.IsNaN(float64(rep.SmallStudy.PValue)) || rep.Funnel != nil {
		t.Errorf("one study: Egger %+v, want not tested", rep.SmallStudy)
	}
	if m := rep.Headline.MonthsProgress; m == nil || *m != 3 {
		t.Errorf("g = 0.2: months %v, want 3", m)
	}

	// Identical studies: Knapp–Hartung's interval has no width (its scale
	// factor is 0, as metafor gives it: R 4.2.2, metafor 3.8-1,
	// rma(c(.3, .3, .3), c(.01, .01, .01), test = "knha") has se 0), so
	// the headline takes REML's z interval, 0.3 ± 1.96·sqrt(.01/3).
	same := PoolInput{Measure: PoolHedgesG, Studies: []PoolStudy{{Name: "a", Yi: 0.3, Vi: 0.01}, {Name: "b", Yi: 0.3, Vi: 0.01}, {Name: "c", Yi: 0.3, Vi: 0.01}}}
	rep, err = Pool(same)
	if err != nil {
		t.Fatal(err)
	}
	if h := rep.Headline; h.Analysis != "meta_reml" || math.Abs(float64(h.CIHigh)-(0.3+1.959963984540054*math.Sqrt(0.01/3))) > 1e-9 {
		t.Errorf("identical studies: headline %s %v to %v, want meta_reml's z interval", h.Analysis, h.CILow, h.CIHigh)
	}

	bad := []struct {
		name string
		in   PoolInput
		want string
	}{
		{"no studies", PoolInput{Measure: PoolHedgesG}, "no studies"},
		{"unknown scale", PoolInput{Measure: "smd", Studies: one.Studies}, "unknown effect size scale"},
		{"zero variance", PoolInput{Measure: PoolHedgesG, Studies: []PoolStudy{{Name: "a", Yi: 0.2}}}, "not a positive number"},
		{"no level", PoolInput{Measure: PoolHedgesG, By: "region", Studies: one.Studies}, `study "a" has no value of region`},
		{"moderator NaN", PoolInput{Measure: PoolHedgesG, Moderator: "fsm", Studies: []PoolStudy{{Name: "a", Yi: 0.2, Vi: 0.01, X: math.NaN()}}}, "not a number"},
		{"bad confidence", PoolInput{Measure: PoolHedgesG, Confidence: 95, Studies: one.Studies}, "confidence level"},
	}
	for _, c := range bad {
		_, err := Pool(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// A moderator with one level, or one a meta-regression cannot fit, gives
// rows of NaN with the reason, not an error.
func TestPool_moderatorNotEstimable(t *testing.T) {
	in := PoolInput{Measure: PoolHedgesG, By: "region", Moderator: "fsm"}
	for i, y := range []float64{0.1, 0.3, 0.2} {
		in.Studies = append(in.Studies, PoolStudy{Name: string(rune('a' + i)), Yi: y, Vi: 0.02, Level: "north", X: 20})
	}
	rep, err := Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	qb := findPoolRow(rep, "region", "meta_reml", PoolQBetween)
	if qb == nil || !math.IsNaN(float64(qb.Estimate)) || !strings.Contains(qb.Note, "no levels to compare") {
		t.Errorf("q_between %+v: want null with a reason", qb)
	}
	sl := findPoolRow(rep, "all", "meta_reml", "slope_fsm")
	if sl == nil || !math.IsNaN(float64(sl.Estimate)) || !strings.HasPrefix(sl.Note, "not estimable") {
		t.Errorf("slope %+v: want null with a reason", sl)
	}
}

// The odds-ratio scale of a pooled log odds ratio is its exponential.
func TestPool_oddsRatio(t *testing.T) {
	in := PoolInput{Measure: PoolLogOddsRatio, Studies: []PoolStudy{
		{Name: "a", Yi: math.Log(2), Vi: 0.1}, {Name: "b", Yi: math.Log(1.5), Vi: 0.2}}}
	rep, err := Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	h := rep.Headline
	if h.OddsRatio == nil || math.Abs(float64(h.OddsRatio.Estimate)-math.Exp(float64(h.Estimate))) > 1e-15 {
		t.Errorf("odds ratio %+v for log OR %v", h.OddsRatio, h.Estimate)
	}
	if h.MonthsProgress != nil {
		t.Errorf("log odds ratio: months %v, want none", *h.MonthsProgress)
	}
}

// A study whose effect entered with its sign reversed (lower is better
// for its outcome) is named in a caveat.
func TestPool_reversedCaveat(t *testing.T) {
	in := PoolInput{Measure: PoolHedgesG, Studies: []PoolStudy{{Name: "Ash", Yi: 0.2, Vi: 0.01}, {Name: "Birch", Yi: 0.3, Vi: 0.02, Reversed: true}}}
	rep, err := Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Caveats, "\n"), "Lower is better for the outcome of Birch: each such effect enters with its sign reversed") {
		t.Errorf("caveats %q", rep.Caveats)
	}
}

// A study pooled from the first of its several outcomes is named in a
// caveat, with the outcomes left out.
func TestPool_otherOutcomesCaveat(t *testing.T) {
	in := PoolInput{Measure: PoolHedgesG, Studies: []PoolStudy{{Name: "Ash", Outcome: "Reading", Yi: 0.2, Vi: 0.01, OtherOutcomes: []string{"Maths"}}, {Name: "Birch", Yi: 0.3, Vi: 0.02}}}
	rep, err := Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Caveats, "\n"), "Ash has 2 outcomes: its first, Reading, is pooled, not Maths; name the one to pool with --outcome.") {
		t.Errorf("caveats %q", rep.Caveats)
	}
}
