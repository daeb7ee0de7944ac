package evaluate

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
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

type esGolden map[string]float64

func esLoadGolden(t *testing.T) esGolden {
	t.Helper()
	f, err := os.Open(filepath.Join(esFixtureDir, "golden.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	g := esGolden{}
	for _, r := range recs[1:] {
		v := math.NaN()
		if r[3] != "NA" {
			v, err = strconv.ParseFloat(r[3], 64)
			if err != nil {
				t.Fatalf("golden.csv: %v: %v", r, err)
			}
		}
		g[r[0]+"|"+r[1]+"|"+r[2]] = v
	}
	return g
}

// get returns a esGolden value and fails the test if it is absent.
func (g esGolden) get(t *testing.T, c, m, f string) float64 {
	t.Helper()
	v, ok := g[c+"|"+m+"|"+f]
	if !ok {
		t.Fatalf("golden.csv has no %s / %s / %s", c, m, f)
	}
	return v
}

// near reports whether got is within tol of want, relative for |want| > 1.
func esNear(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func esCheck(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !esNear(got, want, tol) {
		t.Errorf("%s = %.15g, R gives %.15g (diff %.3g, tol %g)", what, got, want, got-want, tol)
	}
}

// esCheckNCP checks a noncentral-t interval end (field "low" or "high" of a
// esGolden measure) two ways: against the end solved to full precision in R
// (uniroot on pt, tolerance 1e-14: field low_exact/high_exact) to 1e-8, and
// against effectsize's own answer. effectsize (0.8.3) finds the ends with
// optim's Nelder–Mead, which stops early: the esGolden "resid" field is how far
// its ends are from solving P(T <= t | ncp) = 1 - α/2, α/2. Where that
// residual is below 1e-7 the ends agree with effectsize to 1e-6; above, the
// difference is effectsize's (e.g. iris Glass's Δ, residual 7e-5) and only
// 1e-3 is required.
func esCheckNCP(t *testing.T, g esGolden, what string, got float64, c, m, field string) {
	t.Helper()
	esCheck(t, what+" (vs exact root)", got, g.get(t, c, m, field+"_exact"), 1e-8)
	tol := esTolRoot
	if r := g.get(t, c, m, "resid"); r > 1e-7 {
		tol = 1e-3
		t.Logf("%s: effectsize's optim residual %.2g; ours %.12g, effectsize %.12g", what, r, got, g.get(t, c, m, field))
	}
	esCheck(t, what+" (vs effectsize)", got, g.get(t, c, m, field), tol)
}

// esCheckP checks a p-value relative to its size (tiny p-values too).
func esCheckP(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !(math.Abs(got-want) <= esTolClosed*want) {
		t.Errorf("%s = %.15g, R gives %.15g (relative diff %.3g)", what, got, want, (got-want)/want)
	}
}

// esReadCSV reads a numeric fixture: header row, then numbers.
func esReadCSV(t *testing.T, name string) (header []string, cols [][]float64) {
	t.Helper()
	f, err := os.Open(filepath.Join(esFixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header = recs[0]
	cols = make([][]float64, len(header))
	for i, r := range recs[1:] {
		for j, s := range r {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s row %d: %v", name, i+2, err)
			}
			cols[j] = append(cols[j], v)
		}
	}
	return header, cols
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
			st, sc := Summarise(x), Summarise(y)
			if float64(st.N) != g.get(t, c, "summary", "n_t") || float64(sc.N) != g.get(t, c, "summary", "n_c") {
				t.Fatalf("n = %d, %d; R gives %v, %v", st.N, sc.N, g.get(t, c, "summary", "n_t"), g.get(t, c, "summary", "n_c"))
			}
			esCheck(t, "mean_t", st.Mean, g.get(t, c, "summary", "mean_t"), esTolClosed)
			esCheck(t, "mean_c", sc.Mean, g.get(t, c, "summary", "mean_c"), esTolClosed)
			esCheck(t, "sd_t", st.SD, g.get(t, c, "summary", "sd_t"), esTolClosed)
			esCheck(t, "sd_c", sc.SD, g.get(t, c, "summary", "sd_c"), esTolClosed)
			esCheck(t, "PooledSD", PooledSD(st, sc), g.get(t, c, "summary", "sd_pooled"), esTolClosed)

			for _, m := range []struct {
				name string
				tt   TTest
			}{{"welch", WelchTest(st, sc, 0.95)}, {"student", StudentTest(st, sc, 0.95)}} {
				esCheck(t, m.name+" diff", m.tt.Diff, g.get(t, c, m.name, "diff"), esTolClosed)
				esCheck(t, m.name+" se", m.tt.SE, g.get(t, c, m.name, "se"), esTolClosed)
				esCheck(t, m.name+" t", m.tt.T, g.get(t, c, m.name, "t"), esTolClosed)
				esCheck(t, m.name+" df", m.tt.DF, g.get(t, c, m.name, "df"), esTolClosed)
				esCheckP(t, m.name+" p", m.tt.P, g.get(t, c, m.name, "p"))
				esCheck(t, m.name+" low", m.tt.Low, g.get(t, c, m.name, "low"), esTolClosed)
				esCheck(t, m.name+" high", m.tt.High, g.get(t, c, m.name, "high"), esTolClosed)
			}

			n := st.N + sc.N
			h := math.Sqrt(1/float64(st.N) + 1/float64(sc.N))
			d := CohensD(st, sc)
			for _, conf := range []float64{0.95, 0.90} {
				sfx := ""
				if conf == 0.90 {
					sfx = "_90"
				}
				esCheck(t, "cohens_d"+sfx, d, g.get(t, c, "cohens_d"+sfx, "est"), esTolClosed)
				lo, hi := NoncentralCI(d/h, float64(n-2), conf)
				esCheckNCP(t, g, "cohens_d low"+sfx, lo*h, c, "cohens_d"+sfx, "low")
				esCheckNCP(t, g, "cohens_d high"+sfx, hi*h, c, "cohens_d"+sfx, "high")

				j := HedgesJExact(float64(n - 2))
				esCheck(t, "HedgesGExact"+sfx, HedgesGExact(st, sc), g.get(t, c, "hedges_g_exact"+sfx, "est"), esTolClosed)
				esCheck(t, "hedges_g exact low"+sfx, j*lo*h, g.get(t, c, "hedges_g_exact"+sfx, "low"), esTolRoot)
				esCheck(t, "hedges_g exact high"+sfx, j*hi*h, g.get(t, c, "hedges_g_exact"+sfx, "high"), esTolRoot)

				gd := GlassDelta(st, sc)
				esCheck(t, "glass_delta"+sfx, gd, g.get(t, c, "glass_delta"+sfx, "est"), esTolClosed)
				hd := math.Sqrt(1/float64(sc.N) + st.SD*st.SD/(float64(st.N)*sc.SD*sc.SD))
				glo, ghi := NoncentralCI(gd/hd, float64(sc.N-1), conf)
				esCheckNCP(t, g, "glass_delta low"+sfx, glo*hd, c, "glass_delta"+sfx, "low")
				esCheckNCP(t, g, "glass_delta high"+sfx, ghi*hd, c, "glass_delta"+sfx, "high")

				// The rows carry the same numbers.
				rows := TwoGroupRows(st, sc, Options{Confidence: conf, CIMethod: CINoncentralT})
				byMeasure := map[string]Result{}
				for _, r := range rows {
					byMeasure[r.Measure] = r
				}
				esCheck(t, "row cohens_d low"+sfx, float64(byMeasure["cohens_d"].CILow), g.get(t, c, "cohens_d"+sfx, "low_exact"), 1e-8)
				esCheck(t, "row glass_delta high"+sfx, float64(byMeasure["glass_delta"].CIHigh), g.get(t, c, "glass_delta"+sfx, "high_exact"), 1e-8)
				jj := HedgesJ(float64(n - 2))
				esCheck(t, "row hedges_g low"+sfx, float64(byMeasure["hedges_g"].CILow), jj/j*g.get(t, c, "hedges_g_exact"+sfx, "low"), esTolRoot)
				esCheck(t, "row hedges_g ci_low_alt (normal)"+sfx, float64(byMeasure["hedges_g"].CILowAlt),
					float64(byMeasure["hedges_g"].Estimate)-zCrit(conf)*float64(byMeasure["hedges_g"].SE), esTolClosed)
			}

			// EEF convention: J = 1 - 3/(4N - 9), SE by the normal approximation.
			geef := HedgesG(st, sc)
			esCheck(t, "HedgesG (EEF J)", geef, g.get(t, c, "hedges_g_eef", "est"), esTolClosed)
			esCheck(t, "HedgesGSE", HedgesGSE(geef, st.N, sc.N), g.get(t, c, "hedges_g_eef", "se"), esTolClosed)
			// metafor::escalc("SMD"): exact-J g and vi = 1/n1 + 1/n2 + g²/(2N).
			yi := g.get(t, c, "metafor_smd", "yi")
			esCheck(t, "HedgesGExact vs metafor yi", HedgesGExact(st, sc), yi, esTolClosed)
			esCheck(t, "HedgesGSE² vs metafor vi", math.Pow(HedgesGSE(yi, st.N, sc.N), 2), g.get(t, c, "metafor_smd", "vi"), esTolClosed)

			rows := TwoGroupRows(st, sc, Options{})
			md := rows[0]
			if md.Measure != "mean_difference" || md.CIMethod != "welch" {
				t.Fatalf("first row = %s/%s, want mean_difference/welch", md.Measure, md.CIMethod)
			}
			esCheck(t, "row mean_difference p", float64(md.PValue), g.get(t, c, "welch", "p"), esTolClosed)
			esCheck(t, "row mean_difference ci_low_alt (student)", float64(md.CILowAlt), g.get(t, c, "student", "low"), esTolClosed)
			hg := rows[2]
			if hg.Measure != "hedges_g" || hg.CIMethod != CINormal || hg.CIMethodAlt != CINoncentralT {
				t.Fatalf("third row = %s/%s/%s, want hedges_g/normal/noncentral-t", hg.Measure, hg.CIMethod, hg.CIMethodAlt)
			}
			esCheck(t, "row hedges_g", float64(hg.Estimate), g.get(t, c, "hedges_g_eef", "est"), esTolClosed)
			esCheck(t, "row hedges_g se", float64(hg.SE), g.get(t, c, "hedges_g_eef", "se"), esTolClosed)
			if hg.MonthsProgress == nil || *hg.MonthsProgress != MonthsProgress(float64(hg.Estimate), MonthsToolkit) {
				t.Errorf("row hedges_g months_progress = %v", hg.MonthsProgress)
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
}

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
			sd, sp, sq := Summarise(diff), Summarise(pre), Summarise(post)
			tt := OneSampleTest(sd, 0.95)
			for _, f := range []struct {
				name string
				v    float64
			}{{"diff", tt.Diff}, {"se", tt.SE}, {"t", tt.T}, {"df", tt.DF}, {"low", tt.Low}, {"high", tt.High}} {
				esCheck(t, "paired "+f.name, f.v, g.get(t, c, "paired", f.name), esTolClosed)
			}
			esCheckP(t, "paired p", tt.P, g.get(t, c, "paired", "p"))
			esCheck(t, "sd_diff", sd.SD, g.get(t, c, "summary", "sd_diff"), esTolClosed)
			esCheck(t, "DiffSD", DiffSD(sp, sq, g.get(t, c, "summary", "r")), g.get(t, c, "summary", "sd_diff"), esTolClosed)

			for _, method := range []string{CINormal, CINoncentralT} {
				rows := PrePostRows(sd, sp, sq, Options{CIMethod: method})
				m := map[string]Result{}
				for _, r := range rows {
					m[r.Measure] = r
					if r.Analysis != "paired" || r.Note != PrePostCaveat || r.NComparison != nil || r.MonthsProgress != nil {
						t.Errorf("row %s: analysis %q, note %q, n_comparison %v, months %v", r.Measure, r.Analysis, r.Note, r.NComparison, r.MonthsProgress)
					}
				}
				esCheck(t, "row paired p", float64(m["mean_difference"].PValue), g.get(t, c, "paired", "p"), esTolClosed)
				esCheck(t, "d_z", float64(m["d_z"].Estimate), g.get(t, c, "d_z", "est"), esTolClosed)
				lo, hi := m["d_z"].CILow, m["d_z"].CIHigh
				if method == CINormal {
					lo, hi = m["d_z"].CILowAlt, m["d_z"].CIHighAlt
				}
				esCheckNCP(t, g, "d_z low ("+method+")", float64(lo), c, "d_z", "low")
				esCheckNCP(t, g, "d_z high ("+method+")", float64(hi), c, "d_z", "high")
				esCheck(t, "d_av", float64(m["d_av"].Estimate), g.get(t, c, "d_av", "est"), esTolClosed)
				esCheck(t, "g_av", float64(m["g_av"].Estimate), g.get(t, c, "g_av", "est"), esTolClosed)
			}
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
	s := func(x []float64) Summary { return Summarise(x) }
	c := "anorexia_did"
	row := DiDRow(s(preT), s(preC), s(postT), s(postC), Options{})
	esCheck(t, "did", float64(row.Estimate), g.get(t, c, "did", "est"), esTolClosed)
	esCheck(t, "did se (r unknown)", float64(row.SE), g.get(t, c, "did", "se_r0"), esTolClosed)
	row5 := DiDRowR(s(preT), s(preC), s(postT), s(postC), 0.5, Options{})
	esCheck(t, "did se (r = 0.5)", float64(row5.SE), g.get(t, c, "did", "se_r05"), esTolClosed)
	if row.Analysis != "did" || row.Measure != "hedges_g" || row.CIMethod != CINormal {
		t.Errorf("did row = %s/%s/%s", row.Analysis, row.Measure, row.CIMethod)
	}
	z := zCrit(0.95)
	esCheck(t, "did ci_low", float64(row.CILow), g.get(t, c, "did", "est")-z*g.get(t, c, "did", "se_r0"), esTolClosed)

	w := WelchTest(s(gainT), s(gainC), 0.95)
	esCheck(t, "gain diff", w.Diff, g.get(t, c, "gain_welch", "diff"), esTolClosed)
	esCheck(t, "gain low", w.Low, g.get(t, c, "gain_welch", "low"), esTolClosed)
	esCheck(t, "gain high", w.High, g.get(t, c, "gain_welch", "high"), esTolClosed)
	esCheckP(t, "gain p", w.P, g.get(t, c, "gain_welch", "p"))
	esCheck(t, "gain df", w.DF, g.get(t, c, "gain_welch", "df"), esTolClosed)
	// The SD of the gains from each arm's correlation reproduces sd(gain).
	esCheck(t, "DiffSD treated", DiffSD(s(preT), s(postT), g.get(t, c, "summary", "r_ft")), s(gainT).SD, esTolClosed)
	esCheck(t, "DiffSD comparison", DiffSD(s(preC), s(postC), g.get(t, c, "summary", "r_cont")), s(gainC).SD, esTolClosed)
}

// TestPnt checks the noncentral t CDF against R's pt(t, df, ncp), over
// both its series and its normal-approximation branches.
func TestPnt(t *testing.T) {
	g := esLoadGolden(t)
	n := 0
	for _, tv := range []float64{-3, -0.5, 0.5, 2, 5, 12, 40} {
		for _, df := range []float64{3, 10, 50, 1e6} {
			for _, ncp := range []float64{-2, 0.3, 1.5, 4, 11, 39} {
				key := fmt.Sprintf("t=%g;df=%g;ncp=%g", tv, df, ncp)
				want, ok := g["pt|"+key+"|p"]
				if !ok {
					// R warned that it may have lost precision (values
					// within 1e-9 of 1): compare absolutely.
					want = g.get(t, "pt", key, "p_warned")
				}
				esCheck(t, "pnt("+key+")", pnt(tv, df, ncp), want, esTolClosed)
				n++
			}
		}
	}
	if n != 168 {
		t.Fatalf("checked %d values", n)
	}
}

// TestNoncentralCI_effectsize compares with effectsize:::.get_ncp_t itself.
func TestNoncentralCI_effectsize(t *testing.T) {
	g := esLoadGolden(t)
	for _, tv := range []float64{-2.5, 0.7, 3.1, 9} {
		for _, df := range []float64{8, 40, 300} {
			key := fmt.Sprintf("t=%g;df=%g", tv, df)
			lo, hi := NoncentralCI(tv, df, 0.95)
			esCheckNCP(t, g, "ncp low "+key, lo, "ncp", key, "low")
			esCheckNCP(t, g, "ncp high "+key, hi, "ncp", key, "high")
		}
	}
}

func TestNoncentralCI_coverage(t *testing.T) {
	// The interval's ends solve the defining equations, whatever R does.
	for _, c := range []struct{ t, df, conf float64 }{
		{2.1, 30, 0.95}, {-4, 12, 0.9}, {0, 5, 0.99}, {60, 2e6, 0.95}, {45, 1000, 0.95}, {-38, 200, 0.95}, {0.3, 1, 0.95},
	} {
		lo, hi := NoncentralCI(c.t, c.df, c.conf)
		a := 1 - c.conf
		if !(lo < hi) || !esNear(pnt(c.t, c.df, lo), 1-a/2, 1e-9) || !esNear(pnt(c.t, c.df, hi), a/2, 1e-9) {
			t.Errorf("NoncentralCI(%v, %v, %v) = (%v, %v): P = %v, %v", c.t, c.df, c.conf, lo, hi, pnt(c.t, c.df, lo), pnt(c.t, c.df, hi))
		}
	}
	for _, c := range []struct{ t, df, conf float64 }{
		{math.NaN(), 10, 0.95}, {1, 0, 0.95}, {1, 10, 1}, {math.Inf(1), 10, 0.95}, {1, 10, 0},
	} {
		lo, hi := NoncentralCI(c.t, c.df, c.conf)
		if !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("NoncentralCI(%v, %v, %v) = (%v, %v), want NaNs", c.t, c.df, c.conf, lo, hi)
		}
	}
}

func TestHedgesJExact(t *testing.T) {
	g := esLoadGolden(t)
	for _, df := range []float64{5, 20, 98, 1000} {
		esCheck(t, fmt.Sprintf("HedgesJExact(%g)", df), HedgesJExact(df), g.get(t, "j_exact", fmt.Sprintf("df=%g", df), "value"), esTolClosed)
	}
	// EEF approximation against its closed form 1 - 3/(4N - 9), N = 30.
	if got, want := HedgesJ(28), 1-3.0/(4*30-9); got != want {
		t.Errorf("HedgesJ(28) = %v, want %v", got, want)
	}
	for _, df := range []float64{0, 0.25, math.NaN()} {
		if !math.IsNaN(HedgesJ(df)) {
			t.Errorf("HedgesJ(%v) = %v, want NaN", df, HedgesJ(df))
		}
	}
	if !math.IsNaN(HedgesJExact(1)) || HedgesJExact(math.Inf(1)) != 1 {
		t.Errorf("HedgesJExact(1) = %v, HedgesJExact(+Inf) = %v", HedgesJExact(1), HedgesJExact(math.Inf(1)))
	}
}

// Properties: swapping arms negates g; shifting or rescaling the outcome
// leaves it unchanged.
func TestHedgesG_properties(t *testing.T) {
	for _, c := range esTwoGroupCases {
		x, y := esTwoGroupData(t, c)
		st, sc := Summarise(x), Summarise(y)
		g := HedgesG(st, sc)
		if sw := HedgesG(sc, st); !esNear(sw, -g, 1e-12) {
			t.Errorf("%s: swapping arms: %v, want %v", c, sw, -g)
		}
		for _, tr := range []struct{ a, b float64 }{{1, 1000}, {1, -37.5}, {2.54, 0}, {0.001, 5}, {-3, 0}} {
			f := func(v []float64) []float64 {
				out := make([]float64, len(v))
				for i := range v {
					out[i] = tr.a*v[i] + tr.b
				}
				return out
			}
			want := g
			if tr.a < 0 {
				want = -g // a reflection swaps the direction
			}
			if got := HedgesG(Summarise(f(x)), Summarise(f(y))); !esNear(got, want, 1e-9) {
				t.Errorf("%s: outcome × %v + %v: g = %v, want %v", c, tr.a, tr.b, got, want)
			}
		}
		// The rows negate too, intervals mirrored.
		a, b := TwoGroupRows(st, sc, Options{}), TwoGroupRows(sc, st, Options{})
		for i := range a {
			if !esNear(float64(a[i].Estimate), -float64(b[i].Estimate), 1e-9) && a[i].Measure != "glass_delta" {
				t.Errorf("%s %s: swap: %v vs %v", c, a[i].Measure, a[i].Estimate, b[i].Estimate)
			}
		}
		if !esNear(float64(a[2].CILow), -float64(b[2].CIHigh), 1e-9) || !esNear(float64(a[2].CILowAlt), -float64(b[2].CIHighAlt), 1e-6) {
			t.Errorf("%s: swapped hedges_g intervals not mirrored", c)
		}
	}
}

func TestEffects_degenerate(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		t, c Summary
	}{
		{"empty treated", Summary{0, nan, nan}, Summary{10, 1, 1}},
		{"N = 2", Summary{1, 3, nan}, Summary{1, 1, nan}},
		{"zero SD", Summary{5, 3, 0}, Summary{5, 1, 0}},
		{"NaN SD", Summary{5, 3, nan}, Summary{5, 1, nan}},
	}
	for _, c := range cases {
		if v := HedgesG(c.t, c.c); !math.IsNaN(v) {
			t.Errorf("%s: HedgesG = %v, want NaN", c.name, v)
		}
		if v := CohensD(c.t, c.c); !math.IsNaN(v) {
			t.Errorf("%s: CohensD = %v, want NaN", c.name, v)
		}
		w := WelchTest(c.t, c.c, 0.95)
		if !math.IsNaN(w.T) || !math.IsNaN(w.P) || !math.IsNaN(w.Low) {
			t.Errorf("%s: WelchTest = %+v, want NaN t, p, CI", c.name, w)
		}
		rows := TwoGroupRows(c.t, c.c, Options{}) // must not panic
		for _, r := range rows[1:] {
			if !math.IsNaN(float64(r.Estimate)) || !math.IsNaN(float64(r.CILow)) || r.MonthsProgress != nil {
				t.Errorf("%s: row %s = %v [%v, %v] months %v, want NaN", c.name, r.Measure, r.Estimate, r.CILow, r.CIHigh, r.MonthsProgress)
			}
		}
	}
	if v := GlassDelta(Summary{5, 3, 1}, Summary{5, 1, 0}); !math.IsNaN(v) {
		t.Errorf("GlassDelta with comparison SD 0 = %v", v)
	}
	if v := OneSampleTest(Summary{1, 3, nan}, 0.95); !math.IsNaN(v.T) || !math.IsNaN(v.Diff) {
		t.Errorf("OneSampleTest(n = 1) = %+v", v)
	}
	rows := PrePostRows(Summary{1, 3, nan}, Summary{1, 3, nan}, Summary{1, 6, nan}, Options{})
	for _, r := range rows {
		if !math.IsNaN(float64(r.Estimate)) {
			t.Errorf("pre-post n = 1: %s = %v, want NaN", r.Measure, r.Estimate)
		}
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

func BenchmarkNoncentralCI(b *testing.B) {
	for b.Loop() {
		NoncentralCI(3.7, 480, 0.95)
	}
}
