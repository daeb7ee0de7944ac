package scales

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const fixture = "../../fixtures/scales"

// columns reads a fixture CSV into its columns; "" and NA are NaN.
func columns(t testing.TB, name string) map[string][]float64 {
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
	out := map[string][]float64{}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			out[h] = append(out[h], num(t, r[j]))
		}
	}
	return out
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	if s == "" || s == "NA" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("parsing %q: %v", s, err)
	}
	return v
}

// golden reads golden.csv: case → quantity → value.
func golden(t testing.TB) map[string]map[string]float64 {
	f, err := os.Open(filepath.Join(fixture, "golden.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	g := map[string]map[string]float64{}
	for _, r := range recs[1:] {
		if g[r[0]] == nil {
			g[r[0]] = map[string]float64{}
		}
		g[r[0]][r[1]] = num(t, r[2])
	}
	return g
}

// scale is one scale of golden.R.
type scale struct {
	items []string
	s     Scale
}

func bfiScales() map[string]scale {
	five := func(p string) []string {
		return []string{p + "1", p + "2", p + "3", p + "4", p + "5"}
	}
	return map[string]scale{
		"agreeableness":     {five("A"), Scale{Min: 1, Max: 6, Reverse: []int{0}, MinItems: 3}},
		"conscientiousness": {five("C"), Scale{Min: 1, Max: 6, Reverse: []int{3, 4}, MinItems: 3}},
		"extraversion":      {five("E"), Scale{Min: 1, Max: 6, Reverse: []int{0, 1}, MinItems: 3}},
		"neuroticism":       {five("N"), Scale{Min: 1, Max: 6, MinItems: 3}},
		"openness":          {five("O"), Scale{Min: 1, Max: 6, Reverse: []int{1, 4}}},
		"agree_two_items":   {[]string{"A2", "A3"}, Scale{Min: 1, Max: 6, MinItems: 1}},
	}
}

func pick(cols map[string][]float64, names []string) [][]float64 {
	out := make([][]float64, len(names))
	for j, n := range names {
		out[j] = cols[n]
	}
	return out
}

// maxDelta is the largest |Δ| from R seen by near, logged by the golden
// tests (go test -v).
var maxDelta float64

func near(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	maxDelta = math.Max(maxDelta, math.Abs(got-want))
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// checkAlpha compares a Reliability with psych::alpha's numbers in g[c].
func checkAlpha(t *testing.T, g map[string]map[string]float64, c string, items []string, r Reliability) {
	t.Helper()
	const tol = 1e-9
	want := g[c]
	for _, q := range []struct {
		name string
		got  float64
	}{{"n_complete", float64(r.N)}, {"alpha", r.Alpha}, {"std_alpha", r.StdAlpha}} {
		if !near(q.got, want[q.name], tol) {
			t.Errorf("%s %s = %.15g, psych gives %.15g", c, q.name, q.got, want[q.name])
		}
	}
	for j, it := range items {
		for _, q := range []struct {
			name string
			got  float64
		}{{"item_total_", r.ItemTotal[j]}, {"item_rest_", r.ItemRest[j]}, {"alpha_drop_", r.AlphaIfDropped[j]}} {
			w, ok := want[q.name+it]
			switch {
			case !ok: // psych left the item out (no variance)
				if !math.IsNaN(q.got) {
					t.Errorf("%s %s%s = %v, want NaN (item left out)", c, q.name, it, q.got)
				}
			case q.name == "alpha_drop_" && len(items)-len(r.NoVariance) == 2:
				// psych reports C12/C22 for two items; one item has no alpha.
				if !math.IsNaN(q.got) {
					t.Errorf("%s %s%s = %v, want NaN (two items)", c, q.name, it, q.got)
				}
			case !near(q.got, w, tol):
				t.Errorf("%s %s%s = %.15g, psych gives %.15g", c, q.name, it, q.got, w)
			}
		}
	}
}

// TestScore_golden checks the scale scores of psych's bfi (2,800 people,
// five 1–6 scales with reverse items and min_items 3 or all) against
// golden.R's formula, itself checked there against
// psych::scoreItems(impute = "none"); and the counts of pupils short of
// min_items. Closed forms: 1e-12.
func TestScore_golden(t *testing.T) {
	g := golden(t)
	maxDelta = 0
	defer func() { t.Logf("worst |Δ| from R: %.3g", maxDelta) }()
	bfi := columns(t, "bfi.csv")
	want := columns(t, "scores.csv")
	for name, sc := range bfiScales() {
		res, err := sc.s.Score(pick(bfi, sc.items))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		bad := 0
		for i, v := range res.Score {
			if !near(v, want[name][i], 1e-12) {
				if bad++; bad < 5 {
					t.Errorf("%s pupil %d: score %v, R %v", name, i+1, v, want[name][i])
				}
			}
			if float64(res.Answered[i]) != want[name+"_answered"][i] {
				t.Errorf("%s pupil %d: %d answered, R %v", name, i+1, res.Answered[i], want[name+"_answered"][i])
			}
		}
		if float64(res.Short) != g[name]["short"] || float64(res.Unanswered) != g[name]["unanswered"] {
			t.Errorf("%s: short %d, unanswered %d; R %v, %v", name, res.Short, res.Unanswered, g[name]["short"], g[name]["unanswered"])
		}
	}
}

// TestAlpha_golden checks Reliability against psych 2.2.9
// psych::alpha(na.omit(keyed items)): raw and standardised alpha, alpha if
// each item is dropped, raw.r and r.drop, on bfi's five scales, a
// two-item scale and a small questionnaire with an item without variance.
// 1e-9.
func TestAlpha_golden(t *testing.T) {
	g := golden(t)
	maxDelta = 0
	defer func() { t.Logf("worst |Δ| from psych: %.3g", maxDelta) }()
	bfi := columns(t, "bfi.csv")
	for name, sc := range bfiScales() {
		r, err := sc.s.Reliability(pick(bfi, sc.items))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAlpha(t, g, name, sc.items, r)
	}
	small := columns(t, "small.csv")
	s := Scale{Min: 1, Max: 5, Reverse: []int{2}, MinItems: 3}
	items := []string{"q1", "q2", "q3", "q4"}
	res, err := s.Score(pick(small, items))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range res.Score {
		if w := g["small"][fmt.Sprintf("score_%d", i+1)]; !near(v, w, 1e-12) {
			t.Errorf("small pupil %d: score %v, R %v", i+1, v, w)
		}
	}
	if res.Short != 1 || res.Unanswered != 1 {
		t.Errorf("small: short %d, unanswered %d; want 1 and 1", res.Short, res.Unanswered)
	}
	r, err := s.Reliability(pick(small, items))
	if err != nil {
		t.Fatal(err)
	}
	checkAlpha(t, g, "small", items, r)
	if len(r.NoVariance) != 1 || r.NoVariance[0] != 3 || !strings.Contains(r.Reason, "no variance") {
		t.Errorf("small: no variance %v, reason %q", r.NoVariance, r.Reason)
	}
	s3 := Scale{Min: 1, Max: 5, Reverse: []int{2}}
	r, err = s3.Reliability(pick(small, items[:3]))
	if err != nil {
		t.Fatal(err)
	}
	checkAlpha(t, g, "small_three", items[:3], r)
}

// TestAlpha_special: the cases where alpha is undefined.
func TestAlpha_special(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		items  [][]float64
		reason string
	}{
		{"one item", [][]float64{{1, 2, 3}}, "1 of the 1 items vary"},
		{"one complete pupil", [][]float64{{1, 2, nan}, {2, nan, 3}}, "1 pupils answered every item"},
		{"no variance", [][]float64{{2, 2, 2}, {3, 3, 3}, {1, 2, 3}}, "1 of the 3 items vary"},
	}
	for _, tc := range tests {
		r, err := Alpha(tc.items)
		if err != nil {
			t.Fatal(err)
		}
		if !math.IsNaN(r.Alpha) || !strings.Contains(r.Reason, tc.reason) {
			t.Errorf("%s: alpha %v, reason %q; want NaN and %q", tc.name, r.Alpha, r.Reason, tc.reason)
		}
	}
	// Parallel items measured without error: alpha 1. Items that cancel: negative alpha is reported as it is.
	r, _ := Alpha([][]float64{{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}})
	if math.Abs(r.Alpha-1) > 1e-15 {
		t.Errorf("identical items: alpha %v", r.Alpha)
	}
	r, _ = Alpha([][]float64{{1, 2, 3, 4}, {4, 3, 2, 1.5}})
	if !(r.Alpha < 0) {
		t.Errorf("opposed items: alpha %v, want negative", r.Alpha)
	}
}

func TestScale_errors(t *testing.T) {
	items := [][]float64{{1, 2}, {3, 4}}
	tests := []struct {
		name  string
		s     Scale
		items [][]float64
		want  string
	}{
		{"no items", Scale{Min: 1, Max: 5}, nil, "at least one item"},
		{"min above max", Scale{Min: 5, Max: 1}, items, "min must be below max"},
		{"min_items", Scale{Min: 1, Max: 5, MinItems: 3}, items, "min_items is 3 for a scale of 2 items"},
		{"reverse out of range", Scale{Min: 1, Max: 5, Reverse: []int{2}}, items, "reverse item 3 is not among the 2 items"},
		{"reverse twice", Scale{Min: 1, Max: 5, Reverse: []int{1, 1}}, items, "reverse item 2 is listed twice"},
		{"answer out of range", Scale{Min: 1, Max: 3}, items, "item 2, pupil 2: answer 4 is outside 1 to 3"},
		{"ragged", Scale{Min: 1, Max: 5}, [][]float64{{1, 2}, {3}}, "item 2 has 1 answers and item 1 has 2"},
	}
	for _, tc := range tests {
		if _, err := tc.s.Score(tc.items); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Score error %v, want %q", tc.name, err, tc.want)
		}
		if _, err := tc.s.Reliability(tc.items); err == nil {
			t.Errorf("%s: Reliability gives no error", tc.name)
		}
	}
	if _, err := Alpha(nil); err == nil {
		t.Error("Alpha(nil) gives no error")
	}
	if _, err := Alpha([][]float64{{1, 2}, {1}}); err == nil {
		t.Error("ragged items give no error")
	}
}

func TestCounts(t *testing.T) {
	s := Scale{Min: 1, Max: 5, MinItems: 4, Reverse: []int{3}}
	c, missing, err := s.Counts([]float64{1, 5, 5, math.NaN(), 3, 2})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c) != "[1 1 1 0 2]" || missing != 1 {
		t.Errorf("counts %v, missing %d", c, missing)
	}
	if _, _, err := s.Counts([]float64{2.5}); err == nil || !strings.Contains(err.Error(), "not a whole number") {
		t.Errorf("error %v", err)
	}
	if _, _, err := s.Counts([]float64{6}); err == nil || !strings.Contains(err.Error(), "outside 1 to 5") {
		t.Errorf("error %v", err)
	}
	if _, _, err := (Scale{Min: 0.5, Max: 5}).Counts([]float64{1}); err == nil {
		t.Error("a range that is not whole numbers gives no error")
	}
}

func TestReverseScore(t *testing.T) {
	for _, c := range [][4]float64{{1, 1, 5, 5}, {4, 1, 5, 2}, {3, 1, 5, 3}, {0, 0, 10, 10}, {6, 1, 6, 1}} {
		if got := ReverseScore(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("ReverseScore(%v, %v, %v) = %v, want %v", c[0], c[1], c[2], got, c[3])
		}
	}
}
