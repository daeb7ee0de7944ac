package evaluate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

func TestSummariseWeighted(t *testing.T) {
	g := esLoadGolden(t)
	_, cols := esReadCSV(t, "data_weighted.csv")
	s := sample.Weighted(cols[0], cols[1])
	// R: weighted.mean(mtcars$mpg, mtcars$carb);
	//    sqrt(MatchIt:::wvar(mtcars$mpg, bin.var = FALSE, w = mtcars$carb))
	esCheck(t, "weighted mean", s.Mean, g.Get(t, "weighted", "mtcars_mpg_carb", "mean"), esTolClosed)
	esCheck(t, "weighted SD", s.SD, g.Get(t, "weighted", "mtcars_mpg_carb", "sd"), esTolClosed)
	if s.N != 32 {
		t.Errorf("N = %d, want 32", s.N)
	}
	// Equal weights give the ordinary SD; zero, negative and NaN weights
	// and NaN values drop out.
	x := []float64{2, 4, 4, 4, 5, 5, 7, 9, 100, 200, math.NaN()}
	w := []float64{3, 3, 3, 3, 3, 3, 3, 3, 0, math.NaN(), 3}
	s = sample.Weighted(x, w)
	if s.N != 8 || !esNear(s.Mean, 5, 1e-15) || !esNear(s.SD, math.Sqrt(32.0/7), 1e-14) {
		t.Errorf("sample.Weighted(equal weights) = %+v", s)
	}
	if s := sample.Weighted([]float64{1}, []float64{-1}); s.N != 0 || !math.IsNaN(s.Mean) {
		t.Errorf("sample.Weighted(negative weight) = %+v", s)
	}
}

func esSummaryPtr(s Summary) *Summary { return &s }

func TestFromSummary(t *testing.T) {
	g := esLoadGolden(t)
	nan := math.NaN()
	// MASS::anorexia, FT vs Cont: the post-test summaries give the rows of
	// the unadjusted comparison.
	x, y := esTwoGroupData(t, "anorexia_ft_cont")
	st, sc := sample.Of(x), sample.Of(y)
	px, py := esTwoGroupData(t, "anorexia_ft_cont_pre")
	pt, pc := sample.Of(px), sample.Of(py)

	rows, err := FromSummary(SummaryInput{Treated: st, Comparison: sc, PrePostR: nan})
	if err != nil {
		t.Fatal(err)
	}
	want := TwoGroupRows(st, sc, Options{})
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for i := range rows {
		a, _ := json.Marshal(rows[i])
		b, _ := json.Marshal(want[i])
		if string(a) != string(b) {
			t.Errorf("row %d:\n%s\nwant\n%s", i, a, b)
		}
	}
	esCheck(t, "effect hedges_g", float64(rows[2].Estimate), g.Get(t, "anorexia_ft_cont", "hedges_g_eef", "est"), esTolClosed)

	// With the pre-test: the baseline SMD and the WWC difference in differences.
	rows, err = FromSummary(SummaryInput{Treated: st, Comparison: sc, PreTreated: &pt, PreComparison: &pc, PrePostR: nan})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[4].Analysis != "baseline" || rows[5].Analysis != "did" {
		t.Fatalf("rows with a pre-test: %d, %v", len(rows), rows)
	}
	esCheck(t, "baseline g", float64(rows[4].Estimate), g.Get(t, "anorexia_ft_cont_pre", "hedges_g_eef", "est"), esTolClosed)
	if rows[4].Note != "WWC baseline equivalence: "+rating.WWCClass(float64(rows[4].Estimate)) {
		t.Errorf("baseline note %q", rows[4].Note)
	}
	esCheck(t, "did", float64(rows[5].Estimate), g.Get(t, "anorexia_did", "did", "est"), esTolClosed)
	esCheck(t, "did se", float64(rows[5].SE), g.Get(t, "anorexia_did", "did", "se_r0"), esTolClosed)

	// With the correlation too: the gain-score comparison.
	rows, err = FromSummary(SummaryInput{Treated: st, Comparison: sc, PreTreated: &pt, PreComparison: &pc, PrePostR: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || rows[6].Analysis != "gain" {
		t.Fatalf("rows with r: %d", len(rows))
	}
	esCheck(t, "did se r = 0.5", float64(rows[5].SE), g.Get(t, "anorexia_did", "did", "se_r05"), esTolClosed)
	gt := Summary{N: st.N, Mean: st.Mean - pt.Mean, SD: sample.DiffSD(pt, st, 0.5)}
	gc := Summary{N: sc.N, Mean: sc.Mean - pc.Mean, SD: sample.DiffSD(pc, sc, 0.5)}
	w := ttest.Welch(gt, gc, 0.95)
	if float64(rows[6].PValue) != w.P || float64(rows[6].CILow) != w.Low {
		t.Errorf("gain row %v, want %+v", rows[6], w)
	}

	// Single group: MASS::anorexia FT before and after, with the observed
	// correlation, reproduces the paired results of R.
	_, cols := esReadCSV(t, "data_anorexia_ft.csv")
	pre, post := sample.Of(cols[0]), sample.Of(cols[1])
	r := g.Get(t, "anorexia_ft", "summary", "r")
	rows, err = FromSummary(SummaryInput{Treated: post, PreTreated: &pre, PrePostR: r})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]Result{}
	for _, row := range rows {
		m[string(row.Measure)] = row
	}
	esCheck(t, "pre-post p", float64(m["mean_difference"].PValue), g.Get(t, "anorexia_ft", "paired", "p"), esTolClosed)
	esCheck(t, "pre-post high", float64(m["mean_difference"].CIHigh), g.Get(t, "anorexia_ft", "paired", "high"), esTolClosed)
	esCheck(t, "pre-post d_z", float64(m["d_z"].Estimate), g.Get(t, "anorexia_ft", "d_z", "est"), esTolClosed)
	esCheck(t, "pre-post d_z low", float64(m["d_z"].CILow), g.Get(t, "anorexia_ft", "d_z", "low_exact"), 1e-8)
	esCheck(t, "pre-post g_av", float64(m["g_av"].Estimate), g.Get(t, "anorexia_ft", "g_av", "est"), esTolClosed)
}

func TestFromSummary_errors(t *testing.T) {
	nan := math.NaN()
	ok := Summary{N: 20, Mean: 100, SD: 15}
	cases := []struct {
		name string
		in   SummaryInput
		want string
	}{
		{"n = 1", SummaryInput{Treated: Summary{N: 1, Mean: 100, SD: 15}, Comparison: ok, PrePostR: nan}, "intervention group: n = 1, need at least 2 pupils"},
		{"comparison SD 0", SummaryInput{Treated: ok, Comparison: Summary{N: 20, Mean: 90, SD: 0}, PrePostR: nan}, "comparison group: SD 0 must be greater than 0"},
		{"negative SD", SummaryInput{Treated: Summary{N: 20, Mean: 90, SD: -2}, Comparison: ok, PrePostR: nan}, "intervention group: SD -2 must be greater than 0"},
		{"NaN mean", SummaryInput{Treated: Summary{N: 20, Mean: nan, SD: 2}, Comparison: ok, PrePostR: nan}, "intervention group: mean NaN is not a number"},
		{"NaN SD", SummaryInput{Treated: ok, Comparison: Summary{N: 20, Mean: 1, SD: nan}, PrePostR: nan}, "comparison group: SD NaN is not a number"},
		{"one pre-test", SummaryInput{Treated: ok, Comparison: ok, PreTreated: esSummaryPtr(ok), PrePostR: nan}, "pre-test summary given for one group only"},
		{"bad pre-test", SummaryInput{Treated: ok, Comparison: ok, PreTreated: esSummaryPtr(ok), PreComparison: esSummaryPtr(Summary{N: 20, Mean: 1, SD: 0}), PrePostR: nan}, "comparison group pre-test: SD 0"},
		{"r > 1", SummaryInput{Treated: ok, Comparison: ok, PrePostR: 1.5}, "pre–post correlation 1.5 is not between -1 and 1"},
		{"gain n differs", SummaryInput{Treated: ok, Comparison: ok, PreTreated: esSummaryPtr(Summary{N: 25, Mean: 95, SD: 14}), PreComparison: esSummaryPtr(ok), PrePostR: 0.6}, "intervention group: pre-test n = 25 but post-test n = 20"},
		{"confidence", SummaryInput{Treated: ok, Comparison: ok, PrePostR: nan, Options: Options{Confidence: 95}}, "confidence level 95 is not between 0 and 1"},
		{"CI method", SummaryInput{Treated: ok, Comparison: ok, PrePostR: nan, Options: Options{CIMethod: "exact"}}, `unknown CI method "exact"`},
		{"months table", SummaryInput{Treated: ok, Comparison: ok, PrePostR: nan, Options: Options{MonthsTable: "eef"}}, `unknown months' progress table "eef"`},
		{"single group, no pre", SummaryInput{Treated: ok, PrePostR: nan}, "no comparison group and no pre-test"},
		{"single group, no r", SummaryInput{Treated: ok, PreTreated: esSummaryPtr(ok), PrePostR: nan}, "pre–post analysis needs the correlation"},
		{"single group, n differs", SummaryInput{Treated: ok, PreTreated: esSummaryPtr(Summary{N: 21, Mean: 1, SD: 2}), PrePostR: 0.5}, "pre-test n = 21 but post-test n = 20"},
		{"single group, r = 1 equal SDs", SummaryInput{Treated: ok, PreTreated: esSummaryPtr(ok), PrePostR: 1}, "leaves the changes an SD of 0"},
	}
	for _, c := range cases {
		_, err := FromSummary(c.in)
		if err == nil {
			t.Errorf("%s: no error, want %q", c.name, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to contain %q", c.name, err, c.want)
		}
		if e := err.Error(); strings.HasSuffix(e, ".") || strings.ToLower(e[:1]) != e[:1] {
			t.Errorf("%s: error %q is not lowercase without a final period", c.name, e)
		}
	}
}

// FuzzFromSummary: any summaries give rows or an error, never a panic.
func FuzzFromSummary(f *testing.F) {
	f.Add(20, 100.0, 15.0, 22, 95.0, 14.0, 0.6, true, 0.95)
	f.Add(2, 1.0, 1e-300, 2, -1.0, 1e300, math.NaN(), false, 0.5)
	f.Add(1_000_000, 0.1, 1.0, 900_000, 0.0, 1.0, 0.99, true, 0.999)
	f.Add(3, 5.0, 2.0, 0, 0.0, 0.0, 0.3, true, 0.9)
	f.Fuzz(func(t *testing.T, nt int, mt, st float64, nc int, mc, sc, r float64, pre bool, conf float64) {
		in := SummaryInput{
			Treated:    Summary{N: nt, Mean: mt, SD: st},
			Comparison: Summary{N: nc, Mean: mc, SD: sc},
			PrePostR:   r,
			Options:    Options{Confidence: conf, CIMethod: CINoncentralT},
		}
		if pre {
			in.PreTreated = &Summary{N: nt, Mean: mt / 2, SD: st}
			if nc != 0 {
				in.PreComparison = &Summary{N: nc, Mean: mc / 2, SD: sc * 1.1}
			}
		}
		rows, err := FromSummary(in)
		if err == nil && len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
	})
}
