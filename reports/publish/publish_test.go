package publish

import (
	"fmt"
	"math"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// HESA rounds counts to the nearest 5 (0, 1, 2 to 0); the OfS to the
// nearest 10; halves round up; a withheld count stays withheld.
func TestRoundCount(t *testing.T) {
	for _, tt := range []struct {
		rounding string
		in, want int
	}{
		{RoundNone, 7, 7}, {RoundHESA, 0, 0}, {RoundHESA, 2, 0}, {RoundHESA, 3, 5}, {RoundHESA, 7, 5},
		{RoundHESA, 8, 10}, {RoundHESA, 212, 210}, {RoundHESA, 213, 215}, {RoundOfS, 4, 0}, {RoundOfS, 5, 10},
		{RoundOfS, 14, 10}, {RoundOfS, 15, 20}, {RoundOfS, 208, 210}, {RoundHESA, Count, Count},
	} {
		if got := (Rules{Rounding: tt.rounding}).RoundCount(tt.in); got != tt.want {
			t.Errorf("%s: RoundCount(%d) = %d, want %d", tt.rounding, tt.in, got, tt.want)
		}
	}
}

func TestRules_Validate(t *testing.T) {
	for _, tt := range []struct {
		r  Rules
		ok bool
	}{
		{Rules{}, true}, {Rules{MinCount: 5, Rounding: RoundHESA}, true}, {Rules{MinCount: 1}, false}, {Rules{Rounding: "round"}, false},
	} {
		if err := tt.r.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: %v", tt.r, err)
		}
	}
}

// The marks: a withheld number is NaN to everything that does not know
// the mark, and a count no count can be.
func TestMarks(t *testing.T) {
	if !IsNum(Num()) || IsNum(evaluate.NaN) || !math.IsNaN(float64(Num())) || IsNum(0) {
		t.Error("a withheld number must be a NaN of its own")
	}
	if !IsCount(Count) || IsCount(0) || IsCountPtr(nil) {
		t.Error("Count must be the only withheld count")
	}
}

// report is two arms of an outcome, with two levels of fsm: fsmY has
// nt and nc pupils.
func report(nt, nc int) *evaluate.Report {
	n := func(v int) *int { return &v }
	r := &evaluate.Report{Outcomes: []evaluate.OutcomeInfo{{Column: "read", Type: evaluate.TypeContinuous}}}
	for _, g := range []struct {
		sub    string
		nt, nc int
	}{{"all", 100, 100}, {"fsm=Y", nt, nc}, {"fsm=N", 100 - nt, 100 - nc}} {
		r.Results = append(r.Results, evaluate.Result{Outcome: "read", Subgroup: g.sub, Analysis: evaluate.AnalysisUnadjusted,
			Measure: evaluate.MeasureHedgesG, Estimate: 0.2, SE: 0.1, CILow: 0, CIHigh: 0.4, DF: evaluate.Num(g.nt + g.nc - 2),
			NTreated: n(g.nt), NComparison: n(g.nc), PValue: 0.05})
		for _, arm := range []struct {
			name string
			n    int
		}{{"intervention", g.nt}, {"comparison", g.nc}} {
			r.Descriptives = append(r.Descriptives, evaluate.Descriptive{Variable: "read", Subgroup: g.sub, Arm: arm.name,
				Time: "post", N: arm.n, Mean: 100, SD: 15, Min: 60, Max: 140, Outcomes: []string{"read"}})
		}
	}
	r.Caveats = []string{"read, fsm=Y: small samples (3 intervention and 4 comparison pupils)", "read: the groups were a little apart"}
	return r
}

// A small level is withheld with its column's other level (all pupils
// less it would give it back), every group's smallest and largest score
// too; all pupils stay; the report given is not changed.
func TestApply_secondary(t *testing.T) {
	r := report(3, 4)
	p, sum := Apply(r, Rules{})
	if fmt.Sprint(sum.Levels) != "[fsm=N fsm=Y]" || len(sum.Outcomes) != 0 {
		t.Fatalf("withheld %v and %v, want both fsm levels and no outcome", sum.Levels, sum.Outcomes)
	}
	for i, x := range p.Results {
		if withheld := IsNum(x.Estimate) && IsCountPtr(x.NTreated) && IsNum(x.DF); withheld != (x.Subgroup != "all") {
			t.Errorf("results[%d] (%s): withheld %v", i, x.Subgroup, withheld)
		}
	}
	for i, d := range p.Descriptives {
		if withheld := IsCount(d.N) && IsNum(d.Mean); withheld != (d.Subgroup != "all") || !IsNum(d.Min) || !IsNum(d.Max) {
			t.Errorf("descriptives[%d] (%s %s): %+v", i, d.Subgroup, d.Arm, d)
		}
	}
	if len(p.Caveats) != 2 || p.Caveats[0] != "read: the groups were a little apart" {
		t.Errorf("caveats: %q", p.Caveats)
	}
	if *r.Results[1].NTreated != 3 || r.Descriptives[2].N != 3 || len(r.Caveats) != 2 || r.Caveats[0][:11] != "read, fsm=Y" {
		t.Error("Apply changed the report it was given")
	}
}

// Nothing small, nothing withheld but the scores of single pupils; HESA
// rounds the counts and withholds the degrees of freedom.
func TestApply_rounding(t *testing.T) {
	p, sum := Apply(report(40, 43), Rules{Rounding: RoundHESA})
	if len(sum.Levels)+len(sum.Outcomes) != 0 {
		t.Fatalf("withheld %v %v", sum.Levels, sum.Outcomes)
	}
	x := p.Results[1]
	if *x.NTreated != 40 || *x.NComparison != 45 || !IsNum(x.DF) || IsNum(x.Estimate) {
		t.Errorf("fsm=Y row: n %d/%d, df %v, estimate %v", *x.NTreated, *x.NComparison, x.DF, x.Estimate)
	}
}

// A yes/no outcome's group with fewer than 10 pupils answering yes is
// small, though it has 40 pupils.
func TestApply_fewYes(t *testing.T) {
	r := report(40, 43)
	r.Outcomes[0].Type = evaluate.TypeBinary
	for i := range r.Descriptives {
		r.Descriptives[i].Mean = 0.5
		if r.Descriptives[i].Subgroup == "fsm=Y" && r.Descriptives[i].Arm == "intervention" {
			r.Descriptives[i].Mean = 0.1 // 4 of 40
		}
	}
	_, sum := Apply(r, Rules{})
	if fmt.Sprint(sum.Levels) != "[fsm=N fsm=Y]" {
		t.Errorf("withheld %v, want both fsm levels", sum.Levels)
	}
}

func ExampleRules_RoundCount() {
	hesa := Rules{Rounding: RoundHESA}
	fmt.Println(hesa.RoundCount(2), hesa.RoundCount(3), hesa.RoundCount(212))
	// Output: 0 5 210
}
