package evaluate

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/internal/golden"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// The golden values come from fixtures/continuous/golden.R (R 4.2.2,
// effectsize 0.8.3, metafor 3.8.1, MASS 7.3-58.2), printed with 15
// significant digits; fixtures/continuous/README.md names the R call behind
// each value. Closed forms must agree to 1e-9 (relative to the value's size
// when it exceeds 1), intervals found by root finding to 1e-6.

const (
	esTolClosed = 1e-9
	esTolRoot   = 1e-6
)

var esFixtureDir = filepath.Join("..", "fixtures", "continuous")

type esGolden = golden.Table

func esLoadGolden(t *testing.T) esGolden {
	t.Helper()
	return golden.Load(t, filepath.Join(esFixtureDir, "golden.csv"))
}

func esNear(got, want, tol float64) bool { return golden.Near(got, want, tol) }

func esCheck(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	golden.Check(t, what, got, want, tol)
}

func esCheckNCP(t *testing.T, g esGolden, what string, got float64, c, m, field string) {
	t.Helper()
	golden.CheckNCP(t, g, what, got, c, m, field)
}

func esCheckP(t *testing.T, what string, got, want float64) {
	t.Helper()
	golden.CheckP(t, what, got, want)
}

func esReadCSV(t *testing.T, name string) (header []string, cols [][]float64) {
	t.Helper()
	return golden.ReadCSV(t, filepath.Join(esFixtureDir, name))
}

// esTwoGroupData returns the treated and comparison values of a data_CASE.csv
// with columns treated, y.
func esTwoGroupData(t *testing.T, c string) (x, y []float64) {
	t.Helper()
	_, cols := esReadCSV(t, "data_"+c+".csv")
	for i, tr := range cols[0] {
		if tr == 1 {
			x = append(x, cols[1][i])
		} else {
			y = append(y, cols[1][i])
		}
	}
	return x, y
}

var esTwoGroupCases = []string{
	"anorexia_ft_cont",         // MASS::anorexia, Postwt, FT vs Cont
	"anorexia_ft_cont_pre",     // MASS::anorexia, Prewt, FT vs Cont
	"toothgrowth_oj_vc",        // datasets::ToothGrowth, len, OJ vs VC
	"mtcars_am",                // datasets::mtcars, mpg, manual vs automatic
	"chickwts_soybean_linseed", // datasets::chickwts, weight, soybean vs linseed
	"birthwt_smoke",            // MASS::birthwt, bwt, smoker vs non-smoker
	"iris_versicolor_setosa",   // datasets::iris, Sepal.Length
}

func TestGoldenTwoGroup(t *testing.T) {
	g := esLoadGolden(t)
	for _, c := range esTwoGroupCases {
		t.Run(c, func(t *testing.T) {
			x, y := esTwoGroupData(t, c)
			st, sc := sample.Of(x), sample.Of(y)
			if float64(st.N) != g.Get(t, c, "summary", "n_t") || float64(sc.N) != g.Get(t, c, "summary", "n_c") {
				t.Fatalf("n = %d, %d; R gives %v, %v", st.N, sc.N, g.Get(t, c, "summary", "n_t"), g.Get(t, c, "summary", "n_c"))
			}
			esCheck(t, "mean_t", st.Mean, g.Get(t, c, "summary", "mean_t"), esTolClosed)
			esCheck(t, "mean_c", sc.Mean, g.Get(t, c, "summary", "mean_c"), esTolClosed)
			esCheck(t, "sd_t", st.SD, g.Get(t, c, "summary", "sd_t"), esTolClosed)
			esCheck(t, "sd_c", sc.SD, g.Get(t, c, "summary", "sd_c"), esTolClosed)
			esCheck(t, "PooledSD", sample.PooledSD(st, sc), g.Get(t, c, "summary", "sd_pooled"), esTolClosed)

			for _, m := range []struct {
				name string
				tt   ttest.Result
			}{{"welch", ttest.Welch(st, sc, 0.95)}, {"student", ttest.Student(st, sc, 0.95)}} {
				esCheck(t, m.name+" diff", m.tt.Diff, g.Get(t, c, m.name, "diff"), esTolClosed)
				esCheck(t, m.name+" se", m.tt.SE, g.Get(t, c, m.name, "se"), esTolClosed)
				esCheck(t, m.name+" t", m.tt.T, g.Get(t, c, m.name, "t"), esTolClosed)
				esCheck(t, m.name+" df", m.tt.DF, g.Get(t, c, m.name, "df"), esTolClosed)
				esCheckP(t, m.name+" p", m.tt.P, g.Get(t, c, m.name, "p"))
				esCheck(t, m.name+" low", m.tt.Low, g.Get(t, c, m.name, "low"), esTolClosed)
				esCheck(t, m.name+" high", m.tt.High, g.Get(t, c, m.name, "high"), esTolClosed)
			}

			n := st.N + sc.N
			h := math.Sqrt(1/float64(st.N) + 1/float64(sc.N))
			d := effectsize.CohensD(st, sc)
			for _, conf := range []float64{0.95, 0.90} {
				sfx := ""
				if conf == 0.90 {
					sfx = "_90"
				}
				esCheck(t, "cohens_d"+sfx, d, g.Get(t, c, "cohens_d"+sfx, "est"), esTolClosed)
				lo, hi := ttest.NoncentralCI(d/h, float64(n-2), conf)
				esCheckNCP(t, g, "cohens_d low"+sfx, lo*h, c, "cohens_d"+sfx, "low")
				esCheckNCP(t, g, "cohens_d high"+sfx, hi*h, c, "cohens_d"+sfx, "high")

				j := effectsize.HedgesJExact(float64(n - 2))
				esCheck(t, "HedgesGExact"+sfx, effectsize.HedgesGExact(st, sc), g.Get(t, c, "hedges_g_exact"+sfx, "est"), esTolClosed)
				esCheck(t, "hedges_g exact low"+sfx, j*lo*h, g.Get(t, c, "hedges_g_exact"+sfx, "low"), esTolRoot)
				esCheck(t, "hedges_g exact high"+sfx, j*hi*h, g.Get(t, c, "hedges_g_exact"+sfx, "high"), esTolRoot)

				gd := effectsize.GlassDelta(st, sc)
				esCheck(t, "glass_delta"+sfx, gd, g.Get(t, c, "glass_delta"+sfx, "est"), esTolClosed)
				hd := math.Sqrt(1/float64(sc.N) + st.SD*st.SD/(float64(st.N)*sc.SD*sc.SD))
				glo, ghi := ttest.NoncentralCI(gd/hd, float64(sc.N-1), conf)
				esCheckNCP(t, g, "glass_delta low"+sfx, glo*hd, c, "glass_delta"+sfx, "low")
				esCheckNCP(t, g, "glass_delta high"+sfx, ghi*hd, c, "glass_delta"+sfx, "high")

				// The rows carry the same numbers.
				rows := TwoGroupRows(st, sc, Options{Confidence: conf, CIMethod: CINoncentralT})
				byMeasure := map[string]Result{}
				for _, r := range rows {
					byMeasure[string(r.Measure)] = r
				}
				esCheck(t, "row cohens_d low"+sfx, float64(byMeasure["cohens_d"].CILow), g.Get(t, c, "cohens_d"+sfx, "low_exact"), 1e-8)
				esCheck(t, "row glass_delta high"+sfx, float64(byMeasure["glass_delta"].CIHigh), g.Get(t, c, "glass_delta"+sfx, "high_exact"), 1e-8)
				jj := effectsize.HedgesJ(float64(n - 2))
				esCheck(t, "row hedges_g low"+sfx, float64(byMeasure["hedges_g"].CILow), jj/j*g.Get(t, c, "hedges_g_exact"+sfx, "low"), esTolRoot)
				esCheck(t, "row hedges_g ci_low_alt (normal)"+sfx, float64(byMeasure["hedges_g"].CILowAlt),
					float64(byMeasure["hedges_g"].Estimate)-ttest.ZCrit(conf)*float64(byMeasure["hedges_g"].SE), esTolClosed)
			}

			// EEF convention: J = 1 - 3/(4N - 9), SE by the normal approximation.
			geef := effectsize.HedgesG(st, sc)
			esCheck(t, "HedgesG (EEF J)", geef, g.Get(t, c, "hedges_g_eef", "est"), esTolClosed)
			esCheck(t, "HedgesGSE", effectsize.HedgesGSE(geef, st.N, sc.N), g.Get(t, c, "hedges_g_eef", "se"), esTolClosed)
			// metafor::escalc("SMD"): exact-J g and vi = 1/n1 + 1/n2 + g²/(2N).
			yi := g.Get(t, c, "metafor_smd", "yi")
			esCheck(t, "HedgesGExact vs metafor yi", effectsize.HedgesGExact(st, sc), yi, esTolClosed)
			esCheck(t, "HedgesGSE² vs metafor vi", math.Pow(effectsize.HedgesGSE(yi, st.N, sc.N), 2), g.Get(t, c, "metafor_smd", "vi"), esTolClosed)

			rows := TwoGroupRows(st, sc, Options{})
			md := rows[0]
			if md.Measure != "mean_difference" || md.CIMethod != "welch" {
				t.Fatalf("first row = %s/%s, want mean_difference/welch", md.Measure, md.CIMethod)
			}
			esCheck(t, "row mean_difference p", float64(md.PValue), g.Get(t, c, "welch", "p"), esTolClosed)
			esCheck(t, "row mean_difference ci_low_alt (student)", float64(md.CILowAlt), g.Get(t, c, "student", "low"), esTolClosed)
			hg := rows[2]
			if hg.Measure != "hedges_g" || hg.CIMethod != CINormal || hg.CIMethodAlt != CINoncentralT {
				t.Fatalf("third row = %s/%s/%s, want hedges_g/normal/noncentral-t", hg.Measure, hg.CIMethod, hg.CIMethodAlt)
			}
			esCheck(t, "row hedges_g", float64(hg.Estimate), g.Get(t, c, "hedges_g_eef", "est"), esTolClosed)
			esCheck(t, "row hedges_g se", float64(hg.SE), g.Get(t, c, "hedges_g_eef", "se"), esTolClosed)
			if hg.MonthsProgress == nil || *hg.MonthsProgress != rating.MonthsProgress(float64(hg.Estimate), rating.MonthsToolkit) {
				t.Errorf("row hedges_g months_progress = %v", hg.MonthsProgress)
			}
			// One p-value per comparison (issue 9): every row carries
			// Welch's t, df and p, with either interval shown.
			for _, method := range []string{CINormal, CINoncentralT} {
				for _, r := range TwoGroupRows(st, sc, Options{CIMethod: method}) {
					esCheckP(t, method+" row "+string(r.Measure)+" p", float64(r.PValue), g.Get(t, c, "welch", "p"))
					esCheck(t, method+" row "+string(r.Measure)+" statistic", float64(r.Statistic), g.Get(t, c, "welch", "t"), esTolClosed)
					esCheck(t, method+" row "+string(r.Measure)+" df", float64(r.DF), g.Get(t, c, "welch", "df"), esTolClosed)
				}
			}
			for _, r := range rows {
				if r.NTreated == nil || *r.NTreated != st.N || r.NComparison == nil || *r.NComparison != sc.N {
					t.Errorf("row %s: counts %v/%v, want %d/%d", r.Measure, r.NTreated, r.NComparison, st.N, sc.N)
				}
				if r.Analysis != "unadjusted" {
					t.Errorf("row %s: analysis %q", r.Measure, r.Analysis)
				}
			}
		})
	}
}

var esPairedCases = []string{
	"sleep",        // datasets::sleep, extra, drug 2 vs drug 1 on the same 10 patients
	"anorexia_ft",  // MASS::anorexia, FT: Prewt -> Postwt
	"anorexia_cbt", // MASS::anorexia, CBT: Prewt -> Postwt
	"sleep_4",      // the first 4 patients of sleep: a small sample
}

// TestGoldenPaired checks the paired rows against R 4.2.2
// (fixtures/continuous/golden.R): t.test(post, pre, paired = TRUE) and
// effectsize 0.8.3's cohens_d(post, pre, paired = TRUE) at 95% and 90%.
// d_z's interval is the noncentral t whatever Options.CIMethod says
// (issue 9), the normal one in the Alt fields; every row carries the
// paired t-test's statistic, df and p (one p-value per comparison).
func TestGoldenPaired(t *testing.T) {
	g := esLoadGolden(t)
	for _, c := range esPairedCases {
		t.Run(c, func(t *testing.T) {
			_, cols := esReadCSV(t, "data_"+c+".csv")
			pre, post := cols[0], cols[1]
			diff := make([]float64, len(pre))
			for i := range pre {
				diff[i] = post[i] - pre[i]
			}
			sd, sp, sq := sample.Of(diff), sample.Of(pre), sample.Of(post)
			tt := ttest.OneSample(sd, 0.95)
			for _, f := range []struct {
				name string
				v    float64
			}{{"diff", tt.Diff}, {"se", tt.SE}, {"t", tt.T}, {"df", tt.DF}, {"low", tt.Low}, {"high", tt.High}} {
				esCheck(t, "paired "+f.name, f.v, g.Get(t, c, "paired", f.name), esTolClosed)
			}
			esCheckP(t, "paired p", tt.P, g.Get(t, c, "paired", "p"))
			esCheck(t, "sd_diff", sd.SD, g.Get(t, c, "summary", "sd_diff"), esTolClosed)
			esCheck(t, "DiffSD", sample.DiffSD(sp, sq, g.Get(t, c, "summary", "r")), g.Get(t, c, "summary", "sd_diff"), esTolClosed)

			for _, method := range []string{CINormal, CINoncentralT} {
				rows := PrePostRows(sd, sp, sq, Options{CIMethod: method})
				m := map[string]Result{}
				for _, r := range rows {
					m[string(r.Measure)] = r
					if r.Analysis != "paired" || r.Note != PrePostCaveat || r.NComparison != nil || r.MonthsProgress != nil {
						t.Errorf("row %s: analysis %q, note %q, n_comparison %v, months %v", r.Measure, r.Analysis, r.Note, r.NComparison, r.MonthsProgress)
					}
					// One p-value per comparison: the paired t-test's.
					esCheck(t, "row "+string(r.Measure)+" p", float64(r.PValue), g.Get(t, c, "paired", "p"), esTolClosed)
					esCheck(t, "row "+string(r.Measure)+" statistic", float64(r.Statistic), g.Get(t, c, "paired", "t"), esTolClosed)
					esCheck(t, "row "+string(r.Measure)+" df", float64(r.DF), g.Get(t, c, "paired", "df"), 0)
				}
				dz := m["d_z"]
				esCheck(t, "d_z", float64(dz.Estimate), g.Get(t, c, "d_z", "est"), esTolClosed)
				if dz.CIMethod != CINoncentralT || dz.CIMethodAlt != CINormal {
					t.Errorf("%s: d_z interval %q, alt %q: want noncentral-t, normal", method, dz.CIMethod, dz.CIMethodAlt)
				}
				esCheckNCP(t, g, "d_z low ("+method+")", float64(dz.CILow), c, "d_z", "low")
				esCheckNCP(t, g, "d_z high ("+method+")", float64(dz.CIHigh), c, "d_z", "high")
				z := ttest.ZCrit(0.95)
				esCheck(t, "d_z normal low", float64(dz.CILowAlt), float64(dz.Estimate-Num(z)*dz.SE), esTolClosed)
				esCheck(t, "d_z normal high", float64(dz.CIHighAlt), float64(dz.Estimate+Num(z)*dz.SE), esTolClosed)
				esCheck(t, "d_av", float64(m["d_av"].Estimate), g.Get(t, c, "d_av", "est"), esTolClosed)
				esCheck(t, "g_av", float64(m["g_av"].Estimate), g.Get(t, c, "g_av", "est"), esTolClosed)
			}
			rows := PrePostRows(sd, sp, sq, Options{Confidence: 0.90})
			dz := rows[1]
			esCheck(t, "d_z 90% low (vs exact root)", float64(dz.CILow), g.Get(t, c, "d_z_90", "low_exact"), 1e-8)
			esCheck(t, "d_z 90% high (vs exact root)", float64(dz.CIHigh), g.Get(t, c, "d_z_90", "high_exact"), 1e-8)
			esCheck(t, "d_z 90% low (vs effectsize)", float64(dz.CILow), g.Get(t, c, "d_z_90", "low"), esTolRoot)
			esCheck(t, "d_z 90% high (vs effectsize)", float64(dz.CIHigh), g.Get(t, c, "d_z_90", "high"), esTolRoot)
		})
	}
}

func TestGoldenDiD(t *testing.T) {
	g := esLoadGolden(t)
	_, cols := esReadCSV(t, "data_anorexia_did.csv")
	var preT, preC, postT, postC, gainT, gainC []float64
	for i, tr := range cols[0] {
		if tr == 1 {
			preT, postT = append(preT, cols[1][i]), append(postT, cols[2][i])
			gainT = append(gainT, cols[2][i]-cols[1][i])
		} else {
			preC, postC = append(preC, cols[1][i]), append(postC, cols[2][i])
			gainC = append(gainC, cols[2][i]-cols[1][i])
		}
	}
	s := func(x []float64) Summary { return sample.Of(x) }
	c := "anorexia_did"
	row := DiDRow(s(preT), s(preC), s(postT), s(postC), Options{})
	esCheck(t, "did", float64(row.Estimate), g.Get(t, c, "did", "est"), esTolClosed)
	esCheck(t, "did se (r unknown)", float64(row.SE), g.Get(t, c, "did", "se_r0"), esTolClosed)
	row5 := DiDRowR(s(preT), s(preC), s(postT), s(postC), 0.5, Options{})
	esCheck(t, "did se (r = 0.5)", float64(row5.SE), g.Get(t, c, "did", "se_r05"), esTolClosed)
	if row.Analysis != "did" || row.Measure != "hedges_g" || row.CIMethod != CINormal {
		t.Errorf("did row = %s/%s/%s", row.Analysis, row.Measure, row.CIMethod)
	}
	z := ttest.ZCrit(0.95)
	esCheck(t, "did ci_low", float64(row.CILow), g.Get(t, c, "did", "est")-z*g.Get(t, c, "did", "se_r0"), esTolClosed)

	w := ttest.Welch(s(gainT), s(gainC), 0.95)
	esCheck(t, "gain diff", w.Diff, g.Get(t, c, "gain_welch", "diff"), esTolClosed)
	esCheck(t, "gain low", w.Low, g.Get(t, c, "gain_welch", "low"), esTolClosed)
	esCheck(t, "gain high", w.High, g.Get(t, c, "gain_welch", "high"), esTolClosed)
	esCheckP(t, "gain p", w.P, g.Get(t, c, "gain_welch", "p"))
	esCheck(t, "gain df", w.DF, g.Get(t, c, "gain_welch", "df"), esTolClosed)
	// The SD of the gains from each arm's correlation reproduces sd(gain).
	esCheck(t, "DiffSD treated", sample.DiffSD(s(preT), s(postT), g.Get(t, c, "summary", "r_ft")), s(gainT).SD, esTolClosed)
	esCheck(t, "DiffSD comparison", sample.DiffSD(s(preC), s(postC), g.Get(t, c, "summary", "r_cont")), s(gainC).SD, esTolClosed)
}

// Properties: swapping arms negates every row and mirrors the intervals
// (the g-level properties are tested in evaluate/effectsize).
func TestTwoGroupRows_swap(t *testing.T) {
	for _, c := range esTwoGroupCases {
		x, y := esTwoGroupData(t, c)
		st, sc := sample.Of(x), sample.Of(y)
		a, b := TwoGroupRows(st, sc, Options{}), TwoGroupRows(sc, st, Options{})
		for i := range a {
			if !esNear(float64(a[i].Estimate), -float64(b[i].Estimate), 1e-9) && a[i].Measure != MeasureGlassDelta {
				t.Errorf("%s %s: swap: %v vs %v", c, a[i].Measure, a[i].Estimate, b[i].Estimate)
			}
		}
		if !esNear(float64(a[2].CILow), -float64(b[2].CIHigh), 1e-9) || !esNear(float64(a[2].CILowAlt), -float64(b[2].CIHighAlt), 1e-6) {
			t.Errorf("%s: swapped hedges_g intervals not mirrored", c)
		}
	}
}

// Degenerate summaries give NaN rows, not a panic (the families' own NaNs
// are tested in evaluate/effectsize and evaluate/ttest).
func TestEffects_degenerate(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		t, c Summary
	}{
		{"empty treated", Summary{N: 0, Mean: nan, SD: nan}, Summary{N: 10, Mean: 1, SD: 1}},
		{"N = 2", Summary{N: 1, Mean: 3, SD: nan}, Summary{N: 1, Mean: 1, SD: nan}},
		{"zero SD", Summary{N: 5, Mean: 3, SD: 0}, Summary{N: 5, Mean: 1, SD: 0}},
		{"NaN SD", Summary{N: 5, Mean: 3, SD: nan}, Summary{N: 5, Mean: 1, SD: nan}},
		// Issue 9: one pupil v two gave J = 0, so g = 0.00 (CI ±2.40,
		// p = 1, "0 months"); it is undefined.
		{"1 v 2", Summary{N: 1, Mean: 3, SD: nan}, Summary{N: 2, Mean: 1, SD: 1}},
		{"2 v 1", Summary{N: 2, Mean: 3, SD: 1}, Summary{N: 1, Mean: 1, SD: nan}},
		{"infinite SD", Summary{N: 5, Mean: 2e307, SD: math.Inf(1)}, Summary{N: 5, Mean: 1, SD: 1}},
		{"infinite mean", Summary{N: 5, Mean: math.Inf(1), SD: nan}, Summary{N: 5, Mean: 1, SD: 1}},
	}
	for _, c := range cases {
		for _, method := range []string{CINormal, CINoncentralT} {
			rows := TwoGroupRows(c.t, c.c, Options{CIMethod: method}) // must not panic
			for _, r := range rows[1:] {
				if !math.IsNaN(float64(r.Estimate)) || !math.IsNaN(float64(r.CILow)) || !math.IsNaN(float64(r.PValue)) ||
					r.MonthsProgress != nil || !math.IsNaN(float64(r.ImprovementIndex)) {
					t.Errorf("%s: row %s = %v [%v, %v] p %v months %v, want NaN", c.name, r.Measure, r.Estimate, r.CILow, r.CIHigh, r.PValue, r.MonthsProgress)
				}
				if c.t.N > 0 && !strings.HasPrefix(r.Note, "undefined: ") {
					t.Errorf("%s: row %s has no reason: %q", c.name, r.Measure, r.Note)
				}
			}
			if md := rows[0]; math.IsInf(float64(md.Estimate), 0) || math.IsInf(float64(md.SE), 0) || math.IsInf(float64(md.CILow), 0) {
				t.Errorf("%s: mean difference %v (SE %v, CI %v)", c.name, md.Estimate, md.SE, md.CILow)
			}
		}
	}
	// N = 3 within one arm of two pupils: the mean difference stands, its test does not.
	md := TwoGroupRows(Summary{N: 1, Mean: 3, SD: nan}, Summary{N: 2, Mean: 1, SD: 1}, Options{})[0]
	if md.Estimate != 2 || !math.IsNaN(float64(md.PValue)) || !strings.Contains(md.Note, "fewer than 2 pupils") {
		t.Errorf("1 v 2: mean difference %v p %v note %q", md.Estimate, md.PValue, md.Note)
	}
	rows := PrePostRows(Summary{N: 1, Mean: 3, SD: nan}, Summary{N: 1, Mean: 3, SD: nan}, Summary{N: 1, Mean: 6, SD: nan}, Options{})
	for _, r := range rows {
		if !math.IsNaN(float64(r.Estimate)) || !strings.Contains(r.Note, "undefined: ") {
			t.Errorf("pre-post n = 1: %s = %v (%q), want NaN with a reason", r.Measure, r.Estimate, r.Note)
		}
	}
	// n = 2: J = 1 − 3/(4·1 − 1) = 0, so g_av is undefined (d_av is not).
	rows = PrePostRows(Summary{N: 2, Mean: 3, SD: 1}, Summary{N: 2, Mean: 3, SD: 1}, Summary{N: 2, Mean: 6, SD: 2}, Options{})
	if g := rows[3]; g.Measure != MeasureGAv || !math.IsNaN(float64(g.Estimate)) || !strings.Contains(g.Note, "J ≤ 0") {
		t.Errorf("pre-post n = 2: %s = %v (%q), want NaN, J ≤ 0", g.Measure, g.Estimate, g.Note)
	}
	// Every pupil gained the same: d_z undefined, the paired test too.
	rows = PrePostRows(Summary{N: 8, Mean: 5, SD: 0}, Summary{N: 8, Mean: 3, SD: 2}, Summary{N: 8, Mean: 8, SD: 2}, Options{})
	for _, r := range rows {
		if !math.IsNaN(float64(r.PValue)) || r.Note == PrePostCaveat {
			t.Errorf("constant gain: %s p = %v (%q), want NaN with a reason", r.Measure, r.PValue, r.Note)
		}
	}
	if dz := rows[1]; !math.IsNaN(float64(dz.Estimate)) {
		t.Errorf("constant gain: d_z = %v, want NaN", dz.Estimate)
	}
	// A DiD whose large-sample variance is not positive (pre = post,
	// r = 1): the estimate, no SE (it was 0), interval or test.
	a, b := Summary{N: 10, Mean: 5, SD: 2}, Summary{N: 12, Mean: 4, SD: 2}
	did := DiDRowR(a, b, a, b, 1, Options{})
	if did.Estimate != 0 || !math.IsNaN(float64(did.SE)) || !math.IsNaN(float64(did.PValue)) || !strings.Contains(did.Note, "not positive") {
		t.Errorf("did with r = 1: %v se %v p %v (%q)", did.Estimate, did.SE, did.PValue, did.Note)
	}
}

// A bad confidence level reaching the row functions gives NaN intervals,
// not a panic (gonum's quantiles panic outside [0, 1]).
func TestRows_badConfidence(t *testing.T) {
	a, b := Summary{N: 20, Mean: 10, SD: 2}, Summary{N: 25, Mean: 9, SD: 2.5}
	for _, conf := range []float64{95, -1, 1, math.NaN()} {
		o := Options{Confidence: conf}
		rows := TwoGroupRows(a, b, o)
		rows = append(rows, DiDRow(a, b, a, b, o))
		rows = append(rows, PrePostRows(a, b, a, o)...)
		for _, r := range rows {
			if !math.IsNaN(float64(r.CILow)) || !math.IsNaN(float64(r.CIHigh)) {
				t.Errorf("confidence %v: %s/%s interval [%v, %v], want NaN", conf, r.Analysis, r.Measure, r.CILow, r.CIHigh)
			}
		}
	}
}

func BenchmarkTwoGroupRows(b *testing.B) {
	st, sc := Summary{N: 500000, Mean: 101.2, SD: 15.3}, Summary{N: 500000, Mean: 100, SD: 14.9}
	for b.Loop() {
		TwoGroupRows(st, sc, Options{})
	}
}

// TestNoteDisagreement: when an effect size's interval and the
// comparison's p-value disagree about zero, the row's note says so
// (issue 9); when they agree it says nothing.
func TestNoteDisagreement(t *testing.T) {
	c := Summary{N: 10, Mean: 0, SD: 1}
	seen := 0
	for diff := 0.5; diff < 1.5; diff += 0.01 {
		rows := TwoGroupRows(Summary{N: 10, Mean: diff, SD: 1}, c, Options{})
		noteDisagreement(rows, 0.95)
		for _, r := range rows {
			lo, hi, p := float64(r.CILow), float64(r.CIHigh), float64(r.PValue)
			disagree := (lo > 0 || hi < 0) != (p < 0.05)
			if got := strings.Contains(r.Note, "rest on different approximations"); got != disagree {
				t.Errorf("diff %.2f %s: [%.4f, %.4f] p = %.4f: note %q", diff, r.Measure, lo, hi, p, r.Note)
			}
			if disagree {
				seen++
			}
		}
	}
	if seen == 0 {
		t.Error("no disagreement found: the test does not test")
	}
	// A ratio's "no difference" is 1.
	r := newRow(AnalysisUnadjusted, MeasureOddsRatio)
	r.CILow, r.CIHigh, r.PValue = 0.5, 0.9, 0.2
	rows := []Result{r}
	noteDisagreement(rows, 0.95)
	if !strings.Contains(rows[0].Note, "excludes 1") {
		t.Errorf("odds ratio: note %q", rows[0].Note)
	}
	// The level and the threshold read as typed, not as 1 − 0.95 in
	// floating point (0.050000000000000044) or 100 × 0.57 (56.99999999999999).
	for _, c := range []struct {
		conf        float64
		level, alph string
	}{{0.95, "95%", "not below 0.05:"}, {0.57, "57%", "not below 0.43:"}, {0.9, "90%", "not below 0.1:"}} {
		r := newRow(AnalysisUnadjusted, MeasureOddsRatio)
		r.CILow, r.CIHigh, r.PValue = 1.1, 2, 0.6
		rows := []Result{r}
		noteDisagreement(rows, c.conf)
		if !strings.Contains(rows[0].Note, "the "+c.level+" interval") || !strings.Contains(rows[0].Note, c.alph) {
			t.Errorf("confidence %v: note %q", c.conf, rows[0].Note)
		}
	}
}
