package designs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const planCluster = `title: t
design: cluster-rct
data: {file: pupils.csv}
group: {column: arm, treated: T}
cluster: school
outcomes: [post]
plan:
  icc: 0.15
  r2_pupil: 0.5
  r2_cluster: 0.4
  power: 0.8
  alpha: 0.05
  effect: 0.2
  attrition: 0.1
  fsm_share: 0.3
  clusters: 40
  cluster_size: 25
  covariates: 1
`

func TestParsePlan_good(t *testing.T) {
	d, probs := parseIn(t, planCluster)
	if probs != nil {
		t.Fatalf("problems:\n%s", strings.Join(probs, "\n"))
	}
	pl := d.Plan
	if pl == nil || *pl.ICC != 0.15 || *pl.R2Pupil != 0.5 || *pl.R2Cluster != 0.4 || *pl.Power != 0.8 ||
		*pl.Alpha != 0.05 || *pl.Effect != 0.2 || *pl.Attrition != 0.1 || *pl.FSMShare != 0.3 ||
		*pl.Clusters != 40 || *pl.ClusterSize != 25 || *pl.Covariates != 1 || pl.N != nil || pl.PTreated != nil {
		t.Errorf("plan %+v", pl)
	}
	// The flow form, on a cluster-rct; its icc on an rct is a
	// problem.
	flow := "plan: {icc: 0.15, r2_pupil: 0.5, power: 0.8, alpha: 0.05, effect: 0.2, attrition: 0.1, fsm_share: 0.3}\n"
	d, probs = parseIn(t, "title: t\ndesign: cluster-rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\ncluster: school\noutcomes: [post]\n"+flow)
	if probs != nil || *d.Plan.ICC != 0.15 || *d.Plan.FSMShare != 0.3 {
		t.Errorf("flow form: %+v, %v", d, probs)
	}
	_, probs = parseIn(t, "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\noutcomes: [post]\n"+flow)
	if probs == nil || !strings.Contains(probs[0], "design.yaml:6:8: plan.icc applies to a cluster-rct design, not to an rct design") {
		t.Errorf("icc on an rct: %v", probs)
	}
	_, probs = parseIn(t, "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\noutcomes: [post]\n"+
		"plan: {n: 60, p_treated: 0.4, r2_pupil: 0}\nplan_note: x\n")
	if probs == nil || len(probs) != 1 || !strings.Contains(probs[0], `unknown field "plan_note"`) {
		t.Errorf("problems %v", probs)
	}
	d, probs = parseIn(t, "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\noutcomes: [post]\n"+
		"plan: {n: 60, p_treated: 0.4, r2_pupil: 0}\n")
	if probs != nil || *d.Plan.N != 60 || *d.Plan.PTreated != 0.4 || *d.Plan.R2Pupil != 0 {
		t.Errorf("plan %+v, %v", d, probs)
	}
	// An empty block is allowed and gives no plan.
	if d, probs = parseIn(t, "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\noutcomes: [post]\nplan:\n"); probs != nil || d.Plan != nil {
		t.Errorf("empty plan: %+v, %v", d.Plan, probs)
	}
}

// TestParsePlan_bad: every problem positioned at the value (or key) it
// concerns, with the form to write.
func TestParsePlan_bad(t *testing.T) {
	with := func(old, new string) string { return strings.Replace(planCluster, old, new, 1) }
	for _, c := range []struct {
		name, src, want string
	}{
		{"percent", with("power: 0.8", "power: 80%"),
			`design.yaml:11:10: plan.power must be a proportion between 0 and 1, not "80%" (write it as a proportion: power: 0.8)`},
		{"power as a percentage number", with("power: 0.8", "power: 80"),
			`design.yaml:11:10: plan.power must be a proportion between 0 and 1, not 80 (write it as a proportion: power: 0.8)`},
		{"icc above 1", with("icc: 0.15", "icc: 1.5"),
			`design.yaml:8:8: plan.icc must be a proportion from 0 to 1, not 1.5 (write it as icc: 0.15)`},
		{"r2 of 1", with("r2_pupil: 0.5", "r2_pupil: 1"),
			`design.yaml:9:13: plan.r2_pupil must be a proportion from 0 up to (not including) 1, not 1 (write it as r2_pupil: 0.5)`},
		{"effect 0", with("effect: 0.2", "effect: 0"),
			`design.yaml:13:11: plan.effect must be an effect size in SDs above 0, not 0 (write it as effect: 0.2)`},
		{"attrition as text", with("attrition: 0.1", "attrition: ten percent"),
			`design.yaml:14:14: plan.attrition must be a number, not the text "ten percent" (write it as attrition: 0.1)`},
		{"clusters not whole", with("clusters: 40", "clusters: 40.5"),
			`design.yaml:16:13: plan.clusters must be a whole number of clusters (all groups), at least 3, not 40.5 (write it as clusters: 40)`},
		{"negative covariates", with("covariates: 1", "covariates: -1"),
			`design.yaml:18:15: plan.covariates must be a whole number of 0 or more, not -1 (write it as covariates: 1)`},
		{"misspelt field", with("fsm_share: 0.3", "fsm: 0.3"),
			`design.yaml:15:3: unknown field "fsm" (did you mean "fsm_share"?)`},
		{"a list", with("plan:\n  icc: 0.15", "plan: [0.15]\nx:\n  icc: 0.15"),
			`design.yaml:7:7: plan must be a set of fields, not a list (put its fields on the lines below, indented, e.g. effect: 0.2)`},
		{"n against clusters × size", with("  covariates: 1", "  covariates: 1\n  n: 900"),
			`design.yaml:19:3: plan.n is 900, but 40 clusters of 25 pupils are 1000 (give two of n, clusters and cluster_size: the third follows)`},
		{"p_treated on pre-post", "title: t\ndesign: pre-post\ndata: {file: pupils.csv}\noutcomes:\n  - {column: post, pretest: pre}\nplan:\n  p_treated: 0.5\n",
			`design.yaml:7:3: plan.p_treated applies to designs with two groups, not to a pre-post design (remove it: a pre-post design has one group)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := parseIn(t, c.src)
			if len(probs) == 0 || probs[0] != c.want {
				t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(probs, "\n"), c.want)
			}
		})
	}
}

func TestCheckPlanValue(t *testing.T) {
	for _, c := range []struct {
		name string
		x    float64
		ok   bool
	}{
		{"power", 0.8, true}, {"power", 80, false}, {"power", 1, false}, {"alpha", 0, false},
		{"icc", 0, true}, {"icc", 1, true}, {"icc", 1.2, false}, {"r2_pupil", 1, false},
		{"n", 60, true}, {"n", 1, false}, {"n", 60.5, false}, {"clusters", 2, false},
		{"cluster_size", 22.5, true}, {"effect", 0, false}, {"covariates", 0, true},
		{"attrition", 0, true}, {"fsm_share", 1, true}, {"fsm_share", 0, false}, {"nonsense", 1, false},
	} {
		ok, what, _ := CheckPlanValue(c.name, c.x)
		if ok != c.ok || what == "" {
			t.Errorf("CheckPlanValue(%q, %g) = %v, %q; want %v", c.name, c.x, ok, what, c.ok)
		}
	}
}

// TestReadForPlan: before the programme the outcome is empty, which Load
// refuses; ReadForPlan still gives the pupils, arms and clusters.
func TestReadForPlan(t *testing.T) {
	dir := t.TempDir()
	src := "title: t\ndesign: cluster-rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: T}\ncluster: school\noutcomes: [post]\n"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "design.yaml"), []byte(src), 0o644))
	must(os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte("school,arm,post\nA,T,\nA,T,\nB,C,\nC,T,\n"), 0o644))
	if _, err := Load(filepath.Join(dir, "design.yaml"), AnalysisColumns); err == nil {
		t.Fatal("Load accepted an empty outcome")
	}
	d, err := Parse(filepath.Join(dir, "design.yaml"))
	must(err)
	ev, err := ReadForPlan(d)
	must(err)
	in := ev.Input()
	if len(in.Arm) != 4 || in.Arm[2] != 0 || in.Arm[3] != 1 || in.Cluster == nil || len(in.Cluster.Levels) != 3 {
		t.Errorf("arms %v, cluster %+v", in.Arm, in.Cluster)
	}
	must(os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte("school,arm,post\nA,T,x\n"), 0o644))
	if _, err := ReadForPlan(d); err == nil {
		t.Error("a text outcome: no error")
	}
}
