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

// The adjusted rows count, and standardise over, the pupils they analyse:
// with the pretest missing for some matched pupils, matched_adjusted has
// fewer pupils than matched, and its g is b·J/s over those pupils.
func TestMatchedAdjusted_countsItsOwnPupils(t *testing.T) {
	in, d := matchInput(t, "lalonde", "nearest")
	y := d.Num(t, "re78")
	pre := append([]float64(nil), d.Num(t, "re75")...)
	for i := 0; i < len(pre); i += 5 {
		pre[i] = math.NaN()
	}
	in.Outcomes = []Outcome{{Column: "re78", Type: "continuous", Y: y, Pre: pre, PreColumn: "re75_pre"}}
	m, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	rows := MatchedResults(in, m, Options{})
	get := func(a Analysis, ms Measure) Result {
		for _, r := range rows {
			if r.Outcome == "re78" && r.Analysis == a && r.Measure == ms {
				return r
			}
		}
		t.Fatalf("no %s %s row", a, ms)
		return Result{}
	}
	un, adj := get(AnalysisMatched, MeasureHedgesG), get(AnalysisMatchedAdjusted, MeasureHedgesG)
	nUn, nAdj := *un.NTreated+*un.NComparison, *adj.NTreated+*adj.NComparison
	if nAdj >= nUn {
		t.Fatalf("matched_adjusted has %d pupils, matched %d: want fewer (pretest missing for every fifth pupil)", nAdj, nUn)
	}
	md := get(AnalysisMatchedAdjusted, MeasureMeanDifference)
	if *md.NTreated != *adj.NTreated || *md.NComparison != *adj.NComparison {
		t.Errorf("mean_difference counts %d/%d, hedges_g %d/%d", *md.NTreated, *md.NComparison, *adj.NTreated, *adj.NComparison)
	}
	// g / b is J/s over the adjusted pupils, not the unadjusted sample's.
	gUn, bUn := float64(un.Estimate), float64(get(AnalysisMatched, MeasureMeanDifference).Estimate)
	if r1, r2 := gUn/bUn, float64(adj.Estimate)/float64(md.Estimate); math.Abs(r1-r2) < 1e-12*math.Abs(r1) {
		t.Errorf("matched_adjusted g/b = %v, the same as matched's %v: standardised over the unadjusted sample", r2, r1)
	}
}
