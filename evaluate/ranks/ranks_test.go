package ranks

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const fixture = "../../fixtures/ranks"

// records returns each row of a fixture CSV as a map from column name.
func records(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(fixture, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := make([]map[string]string, len(recs)-1)
	for i, r := range recs[1:] {
		out[i] = map[string]string{}
		for j, h := range recs[0] {
			out[i][h] = r[j]
		}
	}
	return out
}

// num reads a number as R writes it; NA is NaN.
func num(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NA" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("parsing %q: %v", s, err)
	}
	return v
}

// golden is golden.csv: case → quantity → value, from golden.R.
type golden map[string]map[string]float64

func readGolden(t testing.TB) golden {
	g := golden{}
	for _, r := range records(t, "golden.csv") {
		if g[r["case"]] == nil {
			g[r["case"]] = map[string]float64{}
		}
		g[r["case"]][r["quantity"]] = num(t, r["value"])
	}
	return g
}

var worst = map[string]float64{}

// check compares got with the golden value (absolute tolerance, relative
// above 1); NaN agrees only with NaN.
func (g golden) check(t *testing.T, c, q string, got, tol float64) {
	t.Helper()
	want, ok := g[c][q]
	if !ok {
		t.Fatalf("golden.csv has no %s %s", c, q)
	}
	if math.IsNaN(want) || math.IsNaN(got) {
		if math.IsNaN(want) != math.IsNaN(got) {
			t.Errorf("%s %s = %v, R gives %v", c, q, got, want)
		}
		return
	}
	d := math.Abs(got - want)
	if d > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s %s = %.15g, R gives %.15g (|Δ| = %.3g)", c, q, got, want, d)
	}
	worst[q] = math.Max(worst[q], d)
}

func logWorst(t *testing.T) {
	defer clear(worst)
	keys := make([]string, 0, len(worst))
	for k := range worst {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("worst |Δ| %-10s %.3g", k, worst[k])
	}
}

type sample struct{ x, y []float64 }

func twoSamples(t testing.TB) map[string]sample {
	out := map[string]sample{}
	for _, r := range records(t, "twosample.csv") {
		s := out[r["case"]]
		if r["arm"] == "x" {
			s.x = append(s.x, num(t, r["value"]))
		} else {
			s.y = append(s.y, num(t, r["value"]))
		}
		out[r["case"]] = s
	}
	return out
}

func pairedSamples(t testing.TB) map[string]sample {
	out := map[string]sample{}
	for _, r := range records(t, "paired.csv") {
		s := out[r["case"]]
		s.x = append(s.x, num(t, r["x"]))
		s.y = append(s.y, num(t, r["y"]))
		out[r["case"]] = s
	}
	return out
}

// TestMannWhitney_golden checks MannWhitney against R 4.2.2
// wilcox.test(x, y) (exact chosen by R's default rule, or exact = TRUE for
// exact_requested_60_55) and wilcox.test(x, y, exact = FALSE,
// correct = TRUE), and RankBiserial against effectsize 0.8.3
// rank_biserial(x, y), on mtcars, airquality, chickwts, ToothGrowth, psych's
// bfi and seeded data either side of the exact/normal switch. Closed forms
// and sums of exact probabilities: 1e-9.
func TestMannWhitney_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	for name, s := range twoSamples(t) {
		method := Auto
		if name == "exact_requested_60_55" {
			method = Exact
		}
		res, err := MannWhitney(s.x, s.y, method)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "w", res.W, tol)
		g.check(t, name, "p", res.P, tol)
		g.check(t, name, "exact", boolNum(res.Exact), 0)
		g.check(t, name, "n1", float64(res.N1), 0)
		g.check(t, name, "n2", float64(res.N2), 0)
		if math.IsNaN(res.P) && res.Reason == "" {
			t.Errorf("%s: NaN p without a reason", name)
		}
		normal, _ := MannWhitney(s.x, s.y, Normal)
		g.check(t, name, "p_normal", normal.P, tol)
		if normal.Exact {
			t.Errorf("%s: Normal gave an exact p", name)
		}

		rb, err := RankBiserial(s.x, s.y, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		g.check(t, name, "r", rb.R, tol)
		if math.Abs(rb.R) == 1 {
			// effectsize gives the degenerate interval r to r.
			if !math.IsNaN(rb.CILow) || !math.IsNaN(rb.CIHigh) || rb.Reason == "" {
				t.Errorf("%s: r = ±1 gives interval %v to %v (%q), want NaN with a reason", name, rb.CILow, rb.CIHigh, rb.Reason)
			}
			continue
		}
		g.check(t, name, "r_lo", rb.CILow, tol)
		g.check(t, name, "r_hi", rb.CIHigh, tol)
	}
}

// TestWilcoxonSignedRank_golden checks WilcoxonSignedRank against R 4.2.2
// wilcox.test(x, y, paired = TRUE) (and exact = TRUE for
// exact_requested_60, and exact = FALSE, correct = TRUE) and
// PairedRankBiserial against effectsize 0.8.3 rank_biserial(x − y), on
// sleep, anorexia, immer, psych's sat.act and bfi, and seeded data either
// side of the switch. 1e-9.
func TestWilcoxonSignedRank_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	for name, s := range pairedSamples(t) {
		method := Auto
		if name == "exact_requested_60" {
			method = Exact
		}
		res, err := WilcoxonSignedRank(s.x, s.y, method)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "v", res.V, tol)
		g.check(t, name, "p", res.P, tol)
		g.check(t, name, "exact", boolNum(res.Exact), 0)
		g.check(t, name, "n", float64(res.N), 0)
		g.check(t, name, "zeros", float64(res.Zeros), 0)
		if math.IsNaN(res.P) && res.Reason == "" {
			t.Errorf("%s: NaN p without a reason", name)
		}
		normal, _ := WilcoxonSignedRank(s.x, s.y, Normal)
		g.check(t, name, "p_normal", normal.P, tol)

		rb, err := PairedRankBiserial(s.x, s.y, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := g[name]["r"]; !ok {
			continue // all zero or a single value: effectsize is not defined there (see TestPairedRankBiserial_special)
		}
		g.check(t, name, "r", rb.R, tol)
		if math.Abs(rb.R) == 1 {
			if !math.IsNaN(rb.CILow) || rb.Reason == "" {
				t.Errorf("%s: r = ±1 gives interval %v to %v, want NaN with a reason", name, rb.CILow, rb.CIHigh)
			}
			continue
		}
		g.check(t, name, "r_lo", rb.CILow, tol)
		g.check(t, name, "r_hi", rb.CIHigh, tol)
		if res.Zeros == 0 {
			// Without zero differences effectsize's two-vector call agrees.
			g.check(t, name, "r_lo_twovector", rb.CILow, tol)
		}
	}
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestPairedRankBiserial_special: the cases effectsize 0.8.3 gets wrong
// (a single distinct difference is given r = 1 whatever its sign, and all
// zero differences r = 1) are r = −1 and NaN here.
func TestPairedRankBiserial_special(t *testing.T) {
	tests := []struct {
		name   string
		x, y   []float64
		r      float64
		reason string
	}{
		{"all down by 1", []float64{1, 1, 1}, []float64{2, 2, 2}, -1, "same sign"},
		{"all up by 2", []float64{3, 3, 5}, []float64{1, 1, 3}, 1, "same sign"},
		{"all zero", []float64{1, 2, 3}, []float64{1, 2, 3}, math.NaN(), "every difference is zero"},
		{"one pair missing", []float64{2, math.NaN(), 4, 1}, []float64{1, 1, 1, 3}, (1 + 3 - 2.0) / 6, ""},
	}
	for _, tc := range tests {
		c, err := PairedRankBiserial(tc.x, tc.y, 0.95)
		if err != nil {
			t.Fatal(err)
		}
		if !(c.R == tc.r || math.IsNaN(c.R) && math.IsNaN(tc.r)) {
			t.Errorf("%s: r = %v, want %v", tc.name, c.R, tc.r)
		}
		if !strings.Contains(c.Reason, tc.reason) {
			t.Errorf("%s: reason %q, want %q", tc.name, c.Reason, tc.reason)
		}
	}
}

// TestRanks_properties: swapping the arms negates r and keeps p; the
// exact null distributions sum to C(m + n, m) and 2ⁿ and are symmetric.
func TestRanks_properties(t *testing.T) {
	s := twoSamples(t)["chickwts_casein_horsebean"]
	a, _ := MannWhitney(s.x, s.y, Auto)
	b, _ := MannWhitney(s.y, s.x, Auto)
	if a.P != b.P || a.W+b.W != float64(a.N1*a.N2) {
		t.Errorf("swapped: W %v + %v, p %v and %v", a.W, b.W, a.P, b.P)
	}
	ra, _ := RankBiserial(s.x, s.y, 0.95)
	rb, _ := RankBiserial(s.y, s.x, 0.95)
	if ra.R != -rb.R || math.Abs(ra.CILow+rb.CIHigh) > 1e-15 {
		t.Errorf("swapped: r %v and %v", ra.R, rb.R)
	}
	p := pairedSamples(t)["anorexia_ft"]
	pa, _ := PairedRankBiserial(p.x, p.y, 0.95)
	pb, _ := PairedRankBiserial(p.y, p.x, 0.95)
	if pa.R != -pb.R {
		t.Errorf("swapped pairs: r %v and %v", pa.R, pb.R)
	}

	c := rankSumCounts(7, 5)
	total := 0.0
	for u, v := range c {
		total += v
		if v != c[len(c)-1-u] {
			t.Errorf("rank-sum counts not symmetric at %d", u)
		}
	}
	if total != 792 { // C(12, 5)
		t.Errorf("rank-sum counts sum to %v, want 792", total)
	}
	sr := signedRankCounts(10)
	total = 0
	for _, v := range sr {
		total += v
	}
	if total != 1024 || sr[0] != 1 || sr[55] != 1 || sr[3] != 2 {
		t.Errorf("signed-rank counts: total %v, %v", total, sr[:4])
	}
}

// TestRanks_notes: asking for an exact p with ties says why it was not
// given.
func TestRanks_notes(t *testing.T) {
	r, _ := MannWhitney([]float64{1, 2, 2}, []float64{3, 4}, Exact)
	if r.Exact || !strings.Contains(r.Note, "ties") {
		t.Errorf("exact with ties: %+v", r)
	}
	r, _ = MannWhitney([]float64{1, 2, 2}, []float64{3, 4}, Auto)
	if r.Note != "" {
		t.Errorf("auto with ties has a note: %q", r.Note)
	}
	big := make([]float64, 501)
	for i := range big {
		big[i] = float64(i) + 0.5
	}
	r, _ = MannWhitney(big[:101], big[101:201], Exact)
	if r.Exact || !strings.Contains(r.Note, "too large") {
		t.Errorf("exact for 101 × 100: %+v", r)
	}
	r, _ = MannWhitney(big[:100], big[100:200], Exact)
	if !r.Exact {
		t.Errorf("exact for 100 × 100 not given: %+v", r)
	}
	w, _ := WilcoxonSignedRank(big, make([]float64, 501), Exact)
	if w.Exact || !strings.Contains(w.Note, "more than 500") {
		t.Errorf("exact for 501 differences: %+v", w)
	}
	s, _ := WilcoxonSignedRank([]float64{1, 2, 3}, []float64{1, 1, 1}, Exact)
	if s.Exact || !strings.Contains(s.Note, "zero differences") || s.Zeros != 1 {
		t.Errorf("exact with a zero: %+v", s)
	}
}

func TestRanks_errors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"empty y", func() error { _, err := MannWhitney([]float64{1}, []float64{nan}, Auto); return err }, "1 values in x and 0 in y"},
		{"lengths", func() error { _, err := WilcoxonSignedRank([]float64{1}, []float64{1, 2}, Auto); return err }, "1 values after and 2 before"},
		{"no pair", func() error { _, err := WilcoxonSignedRank([]float64{nan}, []float64{1}, Auto); return err }, "no pair"},
		{"level", func() error { _, err := RankBiserial([]float64{1}, []float64{2}, 0); return err }, "confidence level 0"},
		{"paired level", func() error { _, err := PairedRankBiserial([]float64{1}, []float64{2}, 2); return err }, "confidence level 2"},
		{"rb empty", func() error { _, err := RankBiserial(nil, []float64{2}, 0.95); return err }, "0 values in x"},
	}
	for _, tc := range tests {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkRankSumCounts: the largest exact null distribution Exact
// computes, n1 = n2 = 100.
func BenchmarkRankSumCounts(b *testing.B) {
	for range b.N {
		rankSumCounts(100, 100)
	}
}

// The merge walk over sorted arms gives the rank sum and tie sum of the
// mid-ranks of both arms together, exactly, with ties within and across
// arms; MannWhitneyInPlace gives MannWhitney's result.
func TestMergedRankSumIsMidRanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range [][2]int{{1, 1}, {1, 5}, {4, 3}, {60, 70}, {500, 20}} {
		for _, levels := range []int{2, 5, 1000000} {
			x := make([]float64, size[0])
			y := make([]float64, size[1])
			for i := range x {
				x[i] = float64(rng.IntN(levels))
			}
			for i := range y {
				y[i] = float64(rng.IntN(levels))
			}
			r, tieRef := midRanks(append(append([]float64{}, x...), y...))
			sumRef := 0.0
			for _, v := range r[:len(x)] {
				sumRef += v
			}
			sum, tie := mergedRankSum(sortedCopy(x), sortedCopy(y))
			if sum != sumRef || tie != tieRef {
				t.Errorf("%v, %d levels: rank sum %v tie sum %v, want %v %v", size, levels, sum, tie, sumRef, tieRef)
			}
			want, err1 := MannWhitney(x, y, Auto)
			got, err2 := MannWhitneyInPlace(append([]float64{}, x...), append([]float64{}, y...), Auto)
			if err1 != nil || err2 != nil || fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
				t.Errorf("%v, %d levels: MannWhitneyInPlace = %+v, %v; MannWhitney = %+v, %v", size, levels, got, err2, want, err1)
			}
		}
	}
	if _, err := MannWhitneyInPlace([]float64{1, math.NaN()}, []float64{2}, Auto); err == nil {
		t.Error("MannWhitneyInPlace with a NaN: no error")
	}
}

// TestMannWhitney_farTail: a p-value far in the tail is small, not 0
// (1 − Φ(z) in floating point is 0 beyond z ≈ 8.3; Φ(−z) is not).
// R 4.2.2: wilcox.test(61:120, 1:60, exact = FALSE, correct = TRUE)$p.value
// = 3.55657097498477e-21.
func TestMannWhitney_farTail(t *testing.T) {
	x, y := make([]float64, 60), make([]float64, 60)
	for i := range x {
		x[i], y[i] = float64(61+i), float64(1+i)
	}
	res, err := MannWhitney(x, y, Normal)
	if err != nil {
		t.Fatal(err)
	}
	if want := 3.55657097498477e-21; math.Abs(res.P-want) > 1e-9*want {
		t.Errorf("p = %g, want %g", res.P, want)
	}
}
