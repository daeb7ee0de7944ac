package evaluate

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/power"
)

// The README's cluster trial: 40 schools of 25 pupils, ICC 0.15, a pretest
// explaining half the variance at each level (R 4.2.2,
// fixtures/power/golden.R, case cl_40x25: MDES 0.27601319621348; sub_cl:
// 0.344115275193996 for a quarter of the pupils).
func TestRunPlan_clusterMDES(t *testing.T) {
	rep, err := RunPlan(PlanInput{
		Plan: power.Plan{Design: power.ClusterRCT, Clusters: 40, ClusterSize: 25,
			ICC: 0.15, R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1},
		Effect: math.NaN(), Solve: power.SolveMDES, FSMShare: 0.25, Attrition: 0.1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(rep.Result.MDES - 0.27601319621348); d > 1e-9 {
		t.Errorf("MDES %.15g", rep.Result.MDES)
	}
	if rep.MDESMonths == nil || *rep.MDESMonths != 4 || rep.MDESPadlocks != 4 || rep.DesignLevel.Padlocks != 5 {
		t.Errorf("months %v, padlocks %d, design %d; want 4, 4, 5", rep.MDESMonths, rep.MDESPadlocks, rep.DesignLevel.Padlocks)
	}
	if rep.ClustersTreated != 20 || rep.ClustersComparison != 20 || rep.PupilsTreated != 500 || rep.PupilsComparison != 500 {
		t.Errorf("arms: %g + %g clusters, %g + %g pupils", rep.ClustersTreated, rep.ClustersComparison, rep.PupilsTreated, rep.PupilsComparison)
	}
	if s := rep.Subgroup; s == nil || math.Abs(s.Result.MDES-0.344115275193996) > 1e-9 || s.PupilsTreated != 125 {
		t.Errorf("subgroup %+v", s)
	}
	// 25 analysed per school after losing 10%: ⌈25/0.9⌉ = 28 per school.
	if rc := rep.Recruit; rc == nil || rc.PerCluster != 28 || rc.Pupils != 1120 || rc.Treated != 560 {
		t.Errorf("recruit %+v", rep.Recruit)
	}
	want := []string{"all/mdes", "all/power", "all/n_per_group", "all/clusters", "fsm/mdes"}
	if got := rowKeys(rep.Results); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("rows %v, want %v", got, want)
	}
	c := rep.Results[3]
	if float64(c.Estimate) != 40 || *c.NTreated != 500 || *c.NComparison != 500 || c.Analysis != "plan" {
		t.Errorf("clusters row %+v", c)
	}
	if float64(rep.Results[1].Estimate) != 0.8 {
		t.Errorf("power row without an effect: %g, want the target 0.8", float64(rep.Results[1].Estimate))
	}
	if !strings.Contains(strings.Join(rep.Assumptions, " "), "equal size") {
		t.Errorf("assumptions %q lack the power package's note", rep.Assumptions)
	}
}

func rowKeys(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Subgroup+"/"+string(r.Measure))
	}
	return out
}

// Solving for pupils gives whole groups: golden.csv n_ind_e2_r5 finds 395
// pupils for 0.2 with R² = 0.5, so 198 per group; 10% attrition asks for
// ⌈198/0.9⌉ = 220 per group.
func TestRunPlan_solveN(t *testing.T) {
	rep, err := RunPlan(PlanInput{Plan: power.Plan{Design: power.RCT, R2Pupil: 0.5, Covariates: 1},
		Effect: 0.2, Solve: power.SolveN, Attrition: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.N != 396 || rep.PupilsTreated != 198 || !(rep.Result.MDES <= 0.2) || !(rep.Result.Power >= 0.8) {
		t.Errorf("N %g (%g per group), MDES %g, power %g", rep.Result.N, rep.PupilsTreated, rep.Result.MDES, rep.Result.Power)
	}
	if rep.Recruit.Treated != 220 || rep.Recruit.Pupils != 440 {
		t.Errorf("recruit %+v", rep.Recruit)
	}
	n := rep.Results[2]
	if n.Measure != "n_per_group" || float64(n.Estimate) != 198 || !strings.HasPrefix(n.Note, "solved for") {
		t.Errorf("n_per_group row %+v", n)
	}
	if m := rep.EffectMonths; m == nil || *m != 3 {
		t.Errorf("0.2 is 3 months' progress, got %v", m)
	}
}

// "Is 60 pupils enough?": the power for 0.2 and the pupils that reach 80%.
func TestRunPlan_powerAndNeeded(t *testing.T) {
	rep, err := RunPlan(PlanInput{Plan: power.Plan{Design: power.RCT, N: 60, R2Pupil: 0.5, Covariates: 1},
		Effect: 0.2, Solve: power.SolvePower})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := power.Power(power.Plan{Design: power.RCT, N: 60, R2Pupil: 0.5, Covariates: 1}, 0.2)
	if rep.Result.Power != want.Power || !(rep.Result.Power < 0.3) {
		t.Errorf("power %g, power package %g", rep.Result.Power, want.Power)
	}
	if len(rep.Needed) != 1 || rep.Needed[0].Result.N != 396 {
		t.Errorf("needed %+v", rep.Needed)
	}
}

func TestRunPlan_clusters(t *testing.T) {
	// golden.csv j_25_e25: 49 clusters of 25 for 0.25; 25 per arm → 50.
	rep, err := RunPlan(PlanInput{Plan: power.Plan{Design: power.ClusterRCT, ClusterSize: 25, ICC: 0.15,
		R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1}, Effect: 0.25, Solve: power.SolveClusters})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.Clusters != 50 || rep.ClustersTreated != 25 || rep.Result.N != 1250 {
		t.Errorf("%d clusters (%g treated), N %g", rep.Result.Clusters, rep.ClustersTreated, rep.Result.N)
	}
	// Power with 10 schools: no cluster size reaches 0.2, but more schools do.
	rep, err = RunPlan(PlanInput{Plan: power.Plan{Design: power.ClusterRCT, Clusters: 10, ClusterSize: 25, ICC: 0.2},
		Effect: 0.2, Solve: power.SolvePower})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Needed) != 2 || rep.Needed[0].Err != "" || rep.Needed[0].Result.ClusterSize != 25 ||
		!strings.Contains(rep.Needed[1].Err, "add clusters") {
		t.Errorf("needed %+v", rep.Needed)
	}
	// Solving for pupils per cluster when none suffices is an error
	// wrapping power.ErrUnreachable.
	_, err = RunPlan(PlanInput{Plan: power.Plan{Design: power.ClusterRCT, Clusters: 10, ICC: 0.2},
		Effect: 0.2, Solve: power.SolveN})
	if !errors.Is(err, power.ErrUnreachable) {
		t.Errorf("10 clusters for 0.2: %v", err)
	}
}

func TestRunPlan_prePost(t *testing.T) {
	rep, err := RunPlan(PlanInput{Plan: power.Plan{Design: power.PrePost, N: 60, R2Pupil: 0.49},
		Effect: math.NaN(), Solve: power.SolveMDES, Attrition: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.MDESMonths != nil || rep.DesignLevel.Padlocks != 0 || rep.MonthsBands != nil {
		t.Errorf("pre-post: months %v, design padlocks %d, bands %v", rep.MDESMonths, rep.DesignLevel.Padlocks, rep.MonthsBands)
	}
	if rep.Recruit.Pupils != 75 || rep.PupilsTreated != 60 {
		t.Errorf("recruit %+v", rep.Recruit)
	}
	if r := rep.Results[0]; r.NComparison != nil || *r.NTreated != 60 || r.MonthsProgress != nil {
		t.Errorf("pre-post mdes row %+v", r)
	}
}

// The months' bands follow the Toolkit table read at two decimals: 0
// months below 0.015, 1 month to 0.095, 2 to 0.185, ...
func TestRunPlan_curveAndBands(t *testing.T) {
	rep, err := RunPlan(PlanInput{Plan: power.Plan{Design: power.RCT, N: 200}, Effect: 0.3, Solve: power.SolvePower})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Curve[0].Effect != 0 || math.Abs(rep.Curve[0].Power-0.05) > 1e-9 {
		t.Errorf("curve starts at %+v; want power alpha at 0", rep.Curve[0])
	}
	last := rep.Curve[len(rep.Curve)-1]
	if !(last.Effect >= 2*rep.Result.MDES) || !(last.Power > 0.99) || !math.IsNaN(last.SubgroupPower) {
		t.Errorf("curve ends at %+v (MDES %g)", last, rep.Result.MDES)
	}
	for i := 1; i < len(rep.Curve); i++ {
		if rep.Curve[i].Power < rep.Curve[i-1].Power {
			t.Fatalf("power falls at %g", rep.Curve[i].Effect)
		}
	}
	b := rep.MonthsBands
	if len(b) < 4 || b[0] != (PlanBand{0, 0.015, 0}) || b[1] != (PlanBand{0.015, 0.095, 1}) || b[2] != (PlanBand{0.095, 0.185, 2}) {
		t.Errorf("bands %v", b)
	}
	if b[len(b)-1].To != last.Effect {
		t.Errorf("bands end at %g, curve at %g", b[len(b)-1].To, last.Effect)
	}
}

func TestRunPlan_errors(t *testing.T) {
	for _, in := range []PlanInput{
		{Plan: power.Plan{Design: power.RCT, N: 60}, Effect: math.NaN(), Solve: power.SolveMDES, Attrition: 1},
		{Plan: power.Plan{Design: power.RCT, N: 60}, Effect: math.NaN(), Solve: power.SolveMDES, FSMShare: 1.5},
		{Plan: power.Plan{Design: power.RCT, N: 2}, Effect: math.NaN(), Solve: power.SolveMDES},
		{Plan: power.Plan{Design: power.RCT, N: 60}, Effect: math.NaN(), Solve: "pupils"},
		{Plan: power.Plan{Design: "quasi", N: 60}, Effect: math.NaN(), Solve: power.SolveMDES},
	} {
		if _, err := RunPlan(in); err == nil || !strings.HasPrefix(err.Error(), "plan: ") {
			t.Errorf("%+v: err = %v", in, err)
		}
	}
}

func TestPlanDataOf(t *testing.T) {
	y := func(n int) []Outcome { return []Outcome{{Column: "post", Y: make([]float64, n)}} }
	f := func(name string, codes ...int32) *Factor {
		levels := []string{"A", "B", "C", "D"}
		return &Factor{Name: name, Codes: codes, Levels: levels}
	}
	T, C, X := Treated, Comparison, Excluded
	for _, c := range []struct {
		name string
		in   Input
		want PlanData
		note string
	}{
		{"pre-post: every pupil", Input{Design: "pre-post", Outcomes: y(5)}, PlanData{N: 5}, "5 pupils from the data"},
		{"two groups", Input{Design: "rct", Outcomes: y(5), Arm: []int8{T, T, C, C, X}},
			PlanData{N: 4, PTreated: 0.5}, "4 pupils from the data: 2 in the programme and 2 in the comparison group"},
		{"not yet allocated", Input{Design: "rct", Outcomes: y(3), Arm: []int8{X, X, X}},
			PlanData{N: 3}, "3 pupils from the data, not yet in two groups"},
		{"matched 1:2", Input{Design: "matched", Outcomes: y(10), Arm: []int8{T, T, T, C, C, C, C, C, C, C}, Matching: &MatchSpec{Ratio: 2}},
			PlanData{N: 9, PTreated: 1.0 / 3}, "9 pupils from the data: the 3 in the programme, each matched to 2 comparison pupils"},
		{"clusters, one arm each", Input{Design: "cluster-rct", Outcomes: y(6), Arm: []int8{T, T, T, C, C, C}, Cluster: f("school", 0, 0, 1, 2, 2, -1)},
			PlanData{N: 5, PTreated: 2.0 / 3, Clusters: 3, ClusterSize: 5.0 / 3}, `3 clusters ("school") of 1.667 pupils on average from the data: 2 in the programme and 1 in the comparison group`},
		{"clusters with both arms", Input{Design: "cluster-rct", Outcomes: y(4), Arm: []int8{T, C, T, C}, Cluster: f("school", 0, 0, 1, 1)},
			PlanData{N: 4, Clusters: 2, ClusterSize: 2}, "2 of them have pupils in both groups"},
		{"no pupils", Input{Design: "rct", Outcomes: y(0), Arm: []int8{}}, PlanData{}, "it has no pupils yet"},
	} {
		got := PlanDataOf(c.in)
		notes := strings.Join(got.Notes, " | ")
		got.Notes = nil
		if math.Abs(got.PTreated-c.want.PTreated) > 1e-12 || math.Abs(got.ClusterSize-c.want.ClusterSize) > 1e-12 {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		got.PTreated, got.ClusterSize, c.want.PTreated, c.want.ClusterSize = 0, 0, 0, 0
		if got.N != c.want.N || got.Clusters != c.want.Clusters {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		if !strings.Contains(notes, c.note) {
			t.Errorf("%s: notes %q, want %q", c.name, notes, c.note)
		}
	}
}

// The EEF's MDES criterion reads the MDES at α = 0.05 and power 0.8,
// whatever the plan's own target.
func TestRunPlan_padlocksAtEEFConventions(t *testing.T) {
	p := power.Plan{Design: power.RCT, N: 400, R2Pupil: 0.5, Covariates: 1, Power: 0.9}
	rep, err := RunPlan(PlanInput{Plan: p, Effect: math.NaN(), Solve: power.SolveMDES})
	if err != nil {
		t.Fatal(err)
	}
	p.Power = 0.8
	eef, _ := power.MDES(p)
	if rep.PadlockMDES != eef.MDES || rep.Result.MDES <= eef.MDES || rep.MDESPadlocks != 5 {
		t.Errorf("padlock MDES %g (plan %g, at 0.8 %g), %d padlocks", rep.PadlockMDES, rep.Result.MDES, eef.MDES, rep.MDESPadlocks)
	}
	if rep.Result.MDES <= 0.2 {
		t.Errorf("MDES at 0.9 is %g: the case does not test the rule", rep.Result.MDES)
	}
}
