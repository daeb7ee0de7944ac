package evaluate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
	"github.com/whatworks/whatworks/fixtures/gen/matchbench"
)

// matchInput is a matched-design Input on a golden data set of
// fixtures/matching with the matching options of one golden case.
func matchInput(t testing.TB, set, cname string) (Input, golden.Columns) {
	s := golden.MatchSets[set]
	arm, covs, d := s.Load(t)
	c := golden.MatchCaseOf(t, cname)
	sp := &MatchSpec{Covariates: covs, Distance: c.Distance, Caliper: c.Caliper, CaliperScale: c.CaliperScale, Ratio: c.Ratio, Replace: c.Replace}
	if c.Exact {
		sp.Exact = []Factor{*d.Factor(s.Exact)}
	}
	return Input{Design: "matched", Arm: arm, Matching: sp}, d
}

// TestMatchedResults_R checks the effect on the matched lalonde sample
// (outcome re78) against R: lm(re78 ~ treat, weights) and the model with
// the matching covariates, sandwich::vcovCL (type HC1) clustered on the
// matched set (HC1 per pupil with replacement); see golden.R.
func TestMatchedResults_R(t *testing.T) {
	g := golden.LoadMatch(t, "lalonde")
	for _, cname := range []string{"nearest", "ratio2", "replace"} {
		t.Run(cname, func(t *testing.T) {
			in, d := matchInput(t, "lalonde", cname)
			in.Outcomes = []Outcome{{Column: "re78", Type: "continuous", Y: d.Num(t, "re78")}}
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
					golden.Check(t, what, float64(r.Estimate), ge.B, 1e-9)
					golden.Check(t, what+" se", float64(r.SE), ge.SE, 1e-8)
					golden.Check(t, what+" p", float64(r.PValue), ge.P, 1e-8)
					golden.Check(t, what+" df", float64(r.DF), ge.DF, 0)
					golden.Check(t, what+" lo", float64(r.CILow), ge.Lo, 1e-8)
					golden.Check(t, what+" hi", float64(r.CIHigh), ge.Hi, 1e-8)
				case "hedges_g":
					found++
					golden.Check(t, what, float64(r.Estimate), ge.G, 1e-9)
					golden.Check(t, what+" lo", float64(r.CILow), ge.GLo, 1e-8)
					golden.Check(t, what+" hi", float64(r.CIHigh), ge.GHi, 1e-8)
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

func TestMatch_reportJSON(t *testing.T) {
	in, _ := matchInput(t, "lalonde", "nearest")
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

func TestMatch_noSettings(t *testing.T) {
	in, _ := matchInput(t, "lalonde", "nearest")
	in.Matching = nil
	if _, err := Match(in); err == nil {
		t.Error("no matching settings accepted")
	}
}

// BenchmarkMatchedResults20kFrom1M: the effect rows on the matched sample
// of evaluate/match's BenchmarkMatch20kFrom1M.
func BenchmarkMatchedResults20kFrom1M(b *testing.B) {
	d := matchbench.Generate(20000, 1000000, 1)
	in := Input{
		Design:   "matched",
		Arm:      d.Arm,
		Outcomes: []Outcome{{Column: "ks4", Type: "continuous", Y: d.KS4}},
		Matching: &MatchSpec{Covariates: d.Covariates(), Caliper: 0.2, Ratio: 1},
	}
	res, err := Match(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows := MatchedResults(in, res, Options{})
		if math.IsNaN(float64(rows[0].Estimate)) {
			b.Fatal("no estimate")
		}
	}
}
