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
		out = append(out, r.Subgroup+"/"+r.Measure)
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
