package evaluate

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/match"
)

// matchCases maps the golden cases of fixtures/matching/golden.R to
// MatchSpec settings.
func matchCaseSpec(name string, s matchSet, d matchData, t testing.TB) func(*MatchSpec) {
	switch name {
	case "nearest":
		return func(*MatchSpec) {}
	case "ratio2":
		return func(m *MatchSpec) { m.Ratio = 2 }
	case "replace":
		return func(m *MatchSpec) { m.Replace = true }
	case "exact":
		return func(m *MatchSpec) { m.Exact = []Factor{*d.factor(s.exact)} }
	case "mahalanobis":
		return func(m *MatchSpec) { m.Distance = "mahalanobis" }
	case "mahalanobis_ratio2":
		return func(m *MatchSpec) { m.Distance = "mahalanobis"; m.Ratio = 2 }
	case "mahalanobis_replace":
		return func(m *MatchSpec) { m.Distance = "mahalanobis"; m.Replace = true }
	case "caliper":
		return func(m *MatchSpec) { m.Caliper = 0.2 }
	case "caliper_logit":
		return func(m *MatchSpec) { m.Caliper = 0.2; m.CaliperScale = "logit" }
	case "replace_ratio2":
		return func(m *MatchSpec) { m.Replace = true; m.Ratio = 2 }
	case "caliper_ratio2":
		return func(m *MatchSpec) { m.Caliper = 0.05; m.Ratio = 2 }
	}
	t.Fatalf("no spec for golden case %q", name)
	return nil
}

// TestMatch_R compares every golden case with MatchIt: the matched sets,
// the weights, the caliper, the sample sizes and summary()'s balance.
func TestMatch_R(t *testing.T) {
	for _, set := range []string{"lalonde", "infert"} {
		g := loadMatchGolden(t, set)
		names := make([]string, 0, len(g.Cases))
		for c := range g.Cases {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, cname := range names {
			gc := g.Cases[cname]
			t.Run(set+"/"+cname, func(t *testing.T) {
				s := matchSets[set]
				in, d := s.input(t)
				matchCaseSpec(cname, s, d, t)(in.Matching)
				res, err := Match(in)
				if err != nil {
					t.Fatal(err)
				}
				// Matched sets (R: the match.matrix), compared as sets.
				want := map[int][]int{}
				for _, raw := range gc.Pairs {
					var p []int
					if err := json.Unmarshal(raw, &p); err != nil {
						var one int
						if err := json.Unmarshal(raw, &one); err != nil {
							t.Fatal(err)
						}
						p = []int{one}
					}
					if len(p) > 1 {
						c := append([]int(nil), p[1:]...)
						for k := range c {
							c[k]--
						}
						sort.Ints(c)
						want[p[0]-1] = c
					}
				}
				got := map[int][]int{}
				for _, ms := range res.Sets {
					c := append([]int(nil), ms.Controls...)
					sort.Ints(c)
					got[ms.Treated] = c
				}
				if len(got) != len(want) {
					t.Errorf("%d matched sets, MatchIt %d", len(got), len(want))
				}
				// A set may differ only by an exact tie: a comparison pupil at
				// the same distance as MatchIt's choice. MatchIt breaks exact
				// ties in Mahalanobis distance by rounding noise and, with
				// replacement, by std::partial_sort; whatworks by data order.
				distTo := matchDistanceFunc(t, cname, in, res)
				bad, ties := 0, 0
				for tr, c := range want {
					if fmt.Sprint(got[tr]) == fmt.Sprint(c) {
						continue
					}
					if len(got[tr]) == len(c) && sameDistances(distTo, tr, got[tr], c) {
						ties++
						continue
					}
					if bad < 5 {
						t.Errorf("%s matched to %v, MatchIt %v", d.cols["id"][tr], ids(d, got[tr]), ids(d, c))
					}
					bad++
				}
				if bad > 0 {
					t.Errorf("%d of %d matched sets differ", bad, len(want))
				}
				if ties > 0 {
					// Weights and balance then differ legitimately.
					t.Logf("%d matched sets differ from MatchIt only by exactly tied distances; weights and balance not compared", ties)
					return
				}
				for i, w := range gc.Weights {
					checkClose(t, fmt.Sprintf("weight row %d", i+1), res.Weights[i], w, 1e-9)
				}
				if gc.Caliper != nil {
					checkClose(t, "caliper", float64(res.Report.Caliper), *gc.Caliper, 1e-9)
				}
				// Sample sizes.
				c := res.Report.Counts
				for k, row := range gc.NN.Rows {
					var gotC, gotT float64
					switch row {
					case "All (ESS)":
						gotC, gotT = float64(c.Comparison.ESSAll), float64(c.Treated.ESSAll)
					case "All":
						gotC, gotT = float64(c.Comparison.All), float64(c.Treated.All)
					case "Matched (ESS)":
						gotC, gotT = float64(c.Comparison.ESSMatched), float64(c.Treated.ESSMatched)
					case "Matched":
						gotC, gotT = float64(c.Comparison.Matched), float64(c.Treated.Matched)
					case "Unmatched":
						gotC, gotT = float64(c.Comparison.Unmatched), float64(c.Treated.Unmatched)
					case "Discarded":
						gotC, gotT = float64(c.Comparison.Discarded), float64(c.Treated.Discarded)
					}
					checkClose(t, row+" control", gotC, gc.NN.Control[k], 1e-9)
					checkClose(t, row+" treated", gotT, gc.NN.Treated[k], 1e-9)
				}
				// Balance: summary(m)$sum.all / $sum.matched.
				byName := map[string]Balance{}
				for _, b := range res.Report.Balance {
					nm := b.Variable + b.Level
					if b.Variable == "propensity_score" {
						nm = "distance"
					}
					byName[b.Sample+"/"+nm] = b
				}
				for _, part := range []struct {
					sample string
					rows   []goldenBal
				}{{"before_matching", gc.Before}, {"after_matching", gc.After}} {
					for _, gb := range part.rows {
						if gb.Variable == "distance" && strings.HasPrefix(cname, "caliper_logit") {
							continue // R's distance is the logit here; ours is the probability
						}
						b, ok := byName[part.sample+"/"+gb.Variable]
						if !ok {
							t.Errorf("%s: no balance row for %s", part.sample, gb.Variable)
							continue
						}
						what := part.sample + " " + gb.Variable
						checkClose(t, what+" mean treated", float64(b.MeanT), gb.MeanT, 1e-9)
						checkClose(t, what+" mean comparison", float64(b.MeanC), gb.MeanC, 1e-9)
						checkClose(t, what+" smd", float64(b.SMD), gb.SMD, 1e-9)
						vr := math.NaN()
						if gb.VarRatio != nil {
							vr = *gb.VarRatio
						}
						checkClose(t, what+" variance ratio", float64(b.VarRatio), vr, 1e-9)
					}
				}
			})
		}
	}
}

func TestMatch_errorsAndWarnings(t *testing.T) {
	s := matchSets["lalonde"]
	in, _ := s.input(t)

	// No matching section.
	bad := in
	bad.Matching = nil
	if _, err := Match(bad); err == nil {
		t.Error("no matching settings accepted")
	}
	for _, mod := range []func(*MatchSpec){
		func(m *MatchSpec) { m.Distance = "euclid" },
		func(m *MatchSpec) { m.Order = "biggest" },
		func(m *MatchSpec) { m.Distance = "mahalanobis"; m.Caliper = 0.2 },
		func(m *MatchSpec) { m.Ratio = -1 },
		func(m *MatchSpec) { m.Covariates = nil },
	} {
		in2, _ := s.input(t)
		mod(in2.Matching)
		if _, err := Match(in2); err == nil {
			t.Errorf("bad settings %+v accepted", *in2.Matching)
		}
	}

	// Missing covariates are left out and counted; no caliper is warned.
	in3, _ := s.input(t)
	in3.Matching.Covariates[0].Num[0] = math.NaN() // a treated pupil (NSW1)
	res, err := Match(in3)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Counts.Treated.Discarded != 1 || res.Weights[0] != 0 || res.Report.Arm[0] != Excluded {
		t.Errorf("missing covariate: counts %+v weight %v", res.Report.Counts.Treated, res.Weights[0])
	}
	joined := strings.Join(res.Report.Warnings, "\n")
	for _, want := range []string{"left out of matching because a matching covariate is missing", "no caliper", "still differ by more than 0.1"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning containing %q in:\n%s", want, joined)
		}
	}

	// A pool smaller than the treated group (ratio 3 needs 555 of 429).
	in4, _ := s.input(t)
	in4.Matching.Ratio = 3
	res, err = Match(in4)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Report.Warnings, "\n"), "comparison pool (429 pupils) is smaller") {
		t.Errorf("no small-pool warning in %q", res.Report.Warnings)
	}

	// Common support: with the caliper, lalonde has treated pupils above
	// every control's propensity score.
	if !strings.Contains(strings.Join(res.Report.Warnings, "\n"), "outside the range of the comparison pool") {
		t.Errorf("no common-support warning in %q", res.Report.Warnings)
	}
}

func TestMatch_deterministicRandomOrder(t *testing.T) {
	s := matchSets["lalonde"]
	run := func(seed uint64) []float64 {
		in, _ := s.input(t)
		in.Matching.Order = "random"
		in.Matching.Seed = seed
		in.Matching.Caliper = 0.1
		res, err := Match(in)
		if err != nil {
			t.Fatal(err)
		}
		return res.Weights
	}
	a, b, c := run(1), run(1), run(2)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("same seed, different matches")
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Log("seeds 1 and 2 give the same matches (possible but unlikely)")
	}
}

func ids(d matchData, rows []int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = d.cols["id"][r]
	}
	return out
}

// matchDistanceFunc returns the matching distance between two rows for a
// golden case.
func matchDistanceFunc(t testing.TB, cname string, in Input, res *MatchResult) func(a, b int) float64 {
	if strings.HasPrefix(cname, "mahalanobis") {
		rows := make([]int, len(in.Arm))
		for i := range rows {
			rows[i] = i
		}
		dist, err := match.MahalanobisDistance(in.Matching.Covariates, rows, in.Arm)
		if err != nil {
			t.Fatal(err)
		}
		return dist
	}
	ps := res.PS
	if cname == "caliper_logit" {
		return func(a, b int) float64 {
			return math.Abs(math.Log(ps[a]/(1-ps[a])) - math.Log(ps[b]/(1-ps[b])))
		}
	}
	return func(a, b int) float64 { return math.Abs(ps[a] - ps[b]) }
}

func sameDistances(dist func(a, b int) float64, tr int, x, y []int) bool {
	dx := make([]float64, len(x))
	dy := make([]float64, len(y))
	for i := range x {
		dx[i] = dist(tr, x[i])
		dy[i] = dist(tr, y[i])
	}
	sort.Float64s(dx)
	sort.Float64s(dy)
	for i := range dx {
		if math.Abs(dx[i]-dy[i]) > 1e-9*math.Max(1, dx[i]) {
			return false
		}
	}
	return true
}

// TestMatchedResults_R checks the effect on the matched lalonde sample
// (outcome re78) against R: lm(re78 ~ treat, weights) and the model with
// the matching covariates, sandwich::vcovCL (type HC1) clustered on the
// matched set (HC1 per pupil with replacement); see golden.R.
func TestMatchedResults_R(t *testing.T) {
	g := loadMatchGolden(t, "lalonde")
	for _, cname := range []string{"nearest", "ratio2", "replace"} {
		t.Run(cname, func(t *testing.T) {
			s := matchSets["lalonde"]
			in, d := s.input(t)
			matchCaseSpec(cname, s, d, t)(in.Matching)
			in.Outcomes = []Outcome{{Column: "re78", Type: "continuous", Y: d.num(t, "re78")}}
			m, err := Match(in)
			if err != nil {
				t.Fatal(err)
			}
			rows := MatchedResults(in, m, Options{})
			found := 0
			for _, r := range rows {
				if r.Outcome != "re78" {
					continue
				}
				ge, ok := g.Effects[cname+"/"+string(r.Analysis)]
				if !ok {
					t.Fatalf("no golden for %s/%s", cname, r.Analysis)
				}
				what := cname + " " + string(r.Analysis) + " " + string(r.Measure)
				switch r.Measure {
				case "mean_difference":
					found++
					checkClose(t, what, float64(r.Estimate), ge.B, 1e-9)
					checkClose(t, what+" se", float64(r.SE), ge.SE, 1e-8)
					checkClose(t, what+" p", float64(r.PValue), ge.P, 1e-8)
					checkClose(t, what+" df", float64(r.DF), ge.DF, 0)
					checkClose(t, what+" lo", float64(r.CILow), ge.Lo, 1e-8)
					checkClose(t, what+" hi", float64(r.CIHigh), ge.Hi, 1e-8)
				case "hedges_g":
					found++
					checkClose(t, what, float64(r.Estimate), ge.G, 1e-9)
					checkClose(t, what+" lo", float64(r.CILow), ge.GLo, 1e-8)
					checkClose(t, what+" hi", float64(r.CIHigh), ge.GHi, 1e-8)
				}
			}
			if found != 4 {
				t.Errorf("%d effect rows, want 4", found)
			}
			// Balance rows: one per balance entry, before and after.
			nb := 0
			for _, r := range rows {
				if strings.HasPrefix(string(r.Measure), "smd_") {
					nb++
					if r.Analysis != "unadjusted" && r.Analysis != "matched" {
						t.Errorf("balance row analysis %q", r.Analysis)
					}
				}
			}
			if nb != len(m.Report.Balance) {
				t.Errorf("%d balance rows, want %d", nb, len(m.Report.Balance))
			}
		})
	}
}

func TestMatch_exactCells(t *testing.T) {
	// Every matched set lies within one exact cell, for both distances and
	// every order.
	s := matchSets["lalonde"]
	for _, dist := range []string{"logit", "mahalanobis"} {
		for _, order := range []string{"", "smallest", "data", "random"} {
			in, d := s.input(t)
			race := d.factor("race")
			in.Matching.Distance = dist
			in.Matching.Order = order
			in.Matching.Seed = 7
			in.Matching.Exact = []Factor{*race}
			res, err := Match(in)
			if err != nil {
				t.Fatal(dist, order, err)
			}
			for _, ms := range res.Sets {
				for _, c := range ms.Controls {
					if race.Codes[c] != race.Codes[ms.Treated] {
						t.Fatalf("%s/%s: %s matched across race to %s", dist, order, d.cols["id"][ms.Treated], d.cols["id"][c])
					}
				}
			}
			if res.Report.Settings["exact"] != "race" || res.Report.Settings["distance"] != dist {
				t.Errorf("settings %v", res.Report.Settings)
			}
		}
	}
}

func TestMatch_reportJSON(t *testing.T) {
	in, _ := matchSets["lalonde"].input(t)
	in.Matching.Caliper = 0.2
	res, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	// Pupil-level values stay out of the JSON.
	for _, bad := range []string{`"PS"`, `"Arm"`, `"Weights"`, `"ps"`} {
		if strings.Contains(js, bad) {
			t.Errorf("JSON contains %s", bad)
		}
	}
	for _, want := range []string{`"caliper":0.0580626744`, `"matched":113`, `"sample":"after_matching"`, `"term":"race=hispan"`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestMatch_constantCovariate(t *testing.T) {
	in, _ := matchSets["lalonde"].input(t)
	n := len(in.Arm)
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	in.Matching.Covariates = append(in.Matching.Covariates, Variable{Name: "year", Num: ones})
	_, err := Match(in)
	if err == nil || !strings.Contains(err.Error(), `"year" has the same value for every pupil`) {
		t.Errorf("err = %v", err)
	}
}

// Mahalanobis matching on one covariate is nearest-neighbour matching on
// it: each pupil who took part (in data order) takes the nearest unused
// comparison pupil, the first in data order on a tie (prior 10 is as near
// to 11 as to 9; 11 comes first).
func ExampleMatch() {
	prior := []float64{10, 20, 30, 11, 19, 25, 31, 40, 9}
	arm := []int8{Treated, Treated, Treated, Comparison, Comparison, Comparison, Comparison, Comparison, Comparison}
	res, err := Match(Input{Arm: arm, Matching: &MatchSpec{
		Covariates: []Variable{{Name: "prior", Num: prior}},
		Distance:   "mahalanobis",
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Sets {
		fmt.Printf("row %d (prior %v) matched to row %d (prior %v)\n", s.Treated+1, prior[s.Treated], s.Controls[0]+1, prior[s.Controls[0]])
	}
	fmt.Println("weights:", res.Weights)
	// Output:
	// row 1 (prior 10) matched to row 4 (prior 11)
	// row 2 (prior 20) matched to row 5 (prior 19)
	// row 3 (prior 30) matched to row 7 (prior 31)
	// weights: [1 1 1 1 1 0 1 0 0]
}
