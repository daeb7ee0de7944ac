package evaluate

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
)

// lunchInput is 48 pupils in two arms with a pretest and a three-level
// subgroup column lunch (free, paid, reduced: "free" sorts first).
func lunchInput(levels []string) Input {
	const n = 48
	in := Input{Design: DesignRCT, Confidence: 0.95, Arm: make([]int8, n)}
	y, pre := make([]float64, n), make([]float64, n)
	lunch := Factor{Name: "lunch", Levels: levels, Codes: make([]int32, n)}
	for i := range n {
		in.Arm[i] = int8(i % 2)
		lunch.Codes[i] = int32(i/2) % int32(len(levels))
		pre[i] = 50 + float64((i*37)%23)
		y[i] = pre[i] + 3*float64(in.Arm[i]) - 4*float64(lunch.Codes[i]) + float64((i*11)%7)
	}
	in.Outcomes = []Outcome{{Column: "score", Y: y, PreColumn: "pre", Pre: pre}}
	in.Subgroups = []Factor{lunch}
	return in
}

func subRow(rep *Report, sub string, a Analysis, m Measure) *Result {
	for i := range rep.Results {
		x := &rep.Results[i]
		if x.Subgroup == sub && x.Analysis == a && x.Measure == m {
			return x
		}
	}
	return nil
}

// A declared disadvantaged level (issue 9 item 5) comes first among its
// column's rows, its gap rows are it minus the other levels, and its
// interaction row is its effect minus the reference's; the numbers are
// those of the undeclared run with the sign turned (two levels), or of
// the level's own pupils against all the others (three levels).
func TestRun_disadvantagedLevel(t *testing.T) {
	ctx := context.Background()
	plain, err := Run(ctx, lunchInput([]string{"free", "paid"}))
	if err != nil {
		t.Fatal(err)
	}
	in := lunchInput([]string{"free", "paid"})
	in.SubgroupInfo = []Subgroup{{Column: "lunch", Disadvantaged: "free", Label: "pupils eligible for free school meals"}}
	decl, err := Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Subgroup{{Column: "lunch", Label: "pupils eligible for free school meals", Disadvantaged: "free", Levels: []string{"free", "paid"}}}
	if !reflect.DeepEqual(decl.Subgroups, want) {
		t.Errorf("subgroups %+v, want %+v", decl.Subgroups, want)
	}
	if got := plain.Subgroups[0]; got.Disadvantaged != "" || !reflect.DeepEqual(got.Levels, []string{"free", "paid"}) {
		t.Errorf("undeclared subgroups %+v", plain.Subgroups)
	}
	for _, m := range []Measure{"gap_pre_intervention", "gap_post_comparison_g", "gap_change_intervention", MeasureGapChange} {
		p, d := subRow(plain, "lunch=paid", AnalysisGap, m), subRow(decl, "lunch=free", AnalysisGap, m)
		if p == nil || d == nil {
			t.Fatalf("%s: rows %v and %v", m, p, d)
		}
		if math.Abs(float64(p.Estimate+d.Estimate)) > 1e-12 || math.Abs(float64(p.SE-d.SE)) > 1e-12 {
			t.Errorf("%s: declared %v (SE %v), undeclared %v (SE %v): want the sign turned", m, d.Estimate, d.SE, p.Estimate, p.SE)
		}
		if !strings.Contains(d.Note, "lunch=free minus lunch=paid (reference)") && m != MeasureGapChange {
			t.Errorf("%s note %q", m, d.Note)
		}
	}
	p := subRow(plain, "lunch=paid", AnalysisInteraction, MeasureInteraction("paid"))
	d := subRow(decl, "lunch=free", AnalysisInteraction, MeasureInteraction("free"))
	if p == nil || d == nil {
		t.Fatalf("interaction rows %v and %v", p, d)
	}
	if math.Abs(float64(p.Estimate+d.Estimate)) > 1e-9 || math.Abs(float64(p.SE-d.SE)) > 1e-9 || math.Abs(float64(p.PValue-d.PValue)) > 1e-9 {
		t.Errorf("interaction declared %+v, undeclared %+v", *d, *p)
	}
	// The declared level's rows come before the other level's.
	first := ""
	for _, x := range decl.Results {
		if strings.HasPrefix(x.Subgroup, "lunch=") {
			first = x.Subgroup
			break
		}
	}
	if first != "lunch=free" {
		t.Errorf("first subgroup row %q, want lunch=free", first)
	}

	// Three levels: free minus paid and reduced together.
	in = lunchInput([]string{"free", "paid", "reduced"})
	in.SubgroupInfo = []Subgroup{{Column: "lunch", Disadvantaged: "reduced"}}
	three, err := Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	g := subRow(three, "lunch=reduced", AnalysisGap, "gap_post_intervention")
	if g == nil {
		t.Fatal("no gap row of lunch=reduced")
	}
	var sd, so, nd, no float64
	for i, a := range in.Arm {
		if a != Treated {
			continue
		}
		if in.Subgroups[0].Codes[i] == 2 {
			sd += in.Outcomes[0].Y[i]
			nd++
		} else {
			so += in.Outcomes[0].Y[i]
			no++
		}
	}
	if want := sd/nd - so/no; math.Abs(float64(g.Estimate)-want) > 1e-12 {
		t.Errorf("gap %v, want %v", g.Estimate, want)
	}
	if !strings.Contains(g.Note, "lunch=reduced minus lunch=free/paid (reference)") {
		t.Errorf("note %q", g.Note)
	}
	if subRow(three, "lunch=paid", AnalysisGap, "gap_post_intervention") != nil {
		t.Error("a gap row of another level than the declared one")
	}
	if got := three.Subgroups[0].Levels; !reflect.DeepEqual(got, []string{"reduced", "free", "paid"}) {
		t.Errorf("levels %q", got)
	}

	in.SubgroupInfo = []Subgroup{{Column: "lunch", Disadvantaged: "Free"}}
	if _, err := Run(ctx, in); err == nil || err.Error() != `subgroup "lunch" has no level "Free" (its levels are free, paid, reduced)` {
		t.Errorf("error %v", err)
	}
}
