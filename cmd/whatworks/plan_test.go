package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// versionRE is the version in a report's design line, which the golden
// files do not pin.
var versionRE = regexp.MustCompile(`whatworks \S+\.\n`)

// planCases are the README's plans and one of each kind; each has a
// golden text (testdata/plan/NAME.txt) and JSON (NAME.json).
var planCases = []struct {
	name string
	args []string
}{
	{"rct-60", []string{"--design", "rct", "--n", "60"}},
	{"rct-60-effect", []string{"--design", "rct", "--n", "60", "--r2-pupil", "0.5", "--effect", "0.2", "--attrition", "0.1"}},
	{"rct-n", []string{"--design", "rct", "--effect", "0.2", "--r2-pupil", "0.5", "--attrition", "0.1", "--fsm-share", "0.25"}},
	{"rct-unequal", []string{"--design", "rct", "--effect", "0.3", "--p-treated", "0.3", "--r2-pupil", "0.4", "--covariates", "2", "--power", "0.9"}},
	{"cluster-40x25", []string{"--design", "cluster-rct", "--clusters", "40", "--cluster-size", "25", "--icc", "0.15",
		"--r2-pupil", "0.5", "--r2-cluster", "0.5", "--fsm-share", "0.3", "--attrition", "0.1"}},
	{"cluster-power", []string{"--design", "cluster-rct", "--n", "1000", "--clusters", "40", "--effect", "0.2"}},
	{"cluster-schools", []string{"--design", "cluster-rct", "--cluster-size", "25", "--icc", "0.15", "--r2-pupil", "0.5", "--r2-cluster", "0.5", "--effect", "0.25"}},
	{"cluster-pupils", []string{"--design", "cluster-rct", "--clusters", "40", "--icc", "0.15", "--r2-pupil", "0.5", "--r2-cluster", "0.5", "--effect", "0.25"}},
	{"pre-post", []string{"--design", "pre-post", "--n", "60", "--r2-pupil", "0.49", "--attrition", "0.2"}},
	{"matched-file", []string{filepath.Join("..", "..", "fixtures", "examples", "outreach", "design.yaml"), "--effect", "0.25"}},
	{"demo-file", []string{filepath.Join("..", "..", "fixtures", "demo", "design.yaml"), "--r2-pupil", "0.5"}},
}

// TestPlan_golden runs each plan twice, as text and with --json -, and
// compares both with the golden files; the text on standard error with
// --json - is the same text.
func TestPlan_golden(t *testing.T) {
	for _, c := range planCases {
		t.Run(c.name, func(t *testing.T) {
			code, text, stderr := runCLI(t, append([]string{"plan"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			text = versionRE.ReplaceAllString(text, "whatworks VERSION.\n")
			golden(t, "plan/"+c.name+".txt", []byte(text))
			code, js, stderr := runCLI(t, append(append([]string{"plan"}, c.args...), "--json", "-")...)
			if code != 0 {
				t.Fatalf("--json -: exit %d: %s", code, stderr)
			}
			if versionRE.ReplaceAllString(stderr, "whatworks VERSION.\n") != text {
				t.Errorf("with --json -, standard error is not the text")
			}
			js = strings.Replace(js, `"whatworks_version": "`+version+`"`, `"whatworks_version": "VERSION"`, 1)
			golden(t, "plan/"+c.name+".json", []byte(js))
		})
	}
}

type planJSON struct {
	Design string
	Solved string
	Plan   map[string]*float64
	EEF    struct {
		MDESPadlocks   int `json:"mdes_padlocks"`
		DesignPadlocks int `json:"design_padlocks"`
	}
	Recruit *struct {
		Pupils     float64
		Treated    *float64
		PerCluster *float64 `json:"per_cluster"`
	}
	Results []struct {
		Subgroup, Analysis, Measure string
		Estimate                    *float64
		NTreated                    *int `json:"n_treated"`
		NComparison                 *int `json:"n_comparison"`
		Months                      *int `json:"months_progress"`
	}
	Assumptions []string
}

func planRun(t *testing.T, args ...string) planJSON {
	t.Helper()
	code, out, stderr := runCLI(t, append(append([]string{"plan"}, args...), "--json", "-")...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var p planJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return p
}

func (p planJSON) row(subgroup, measure string) (float64, bool) {
	for _, r := range p.Results {
		if r.Subgroup == subgroup && r.Measure == measure && r.Analysis == "plan" && r.Estimate != nil {
			return *r.Estimate, true
		}
	}
	return math.NaN(), false
}

// TestPlan_agreesWithR: the command's numbers are the power package's,
// which fixtures/power/golden.R checks against R 4.2.2.
func TestPlan_agreesWithR(t *testing.T) {
	// golden.csv cl_40x25 (MDES) and sub_cl (a quarter of the pupils).
	p := planRun(t, "--design", "cluster-rct", "--clusters", "40", "--cluster-size", "25", "--icc", "0.15",
		"--r2-pupil", "0.5", "--r2-cluster", "0.5", "--fsm-share", "0.25")
	if m, _ := p.row("all", "mdes"); math.Abs(m-0.27601319621348) > 1e-9 {
		t.Errorf("MDES %.15g, R 0.27601319621348", m)
	}
	if m, _ := p.row("fsm", "mdes"); math.Abs(m-0.344115275193996) > 1e-9 {
		t.Errorf("FSM MDES %.15g, R 0.344115275193996", m)
	}
	if p.EEF.MDESPadlocks != 4 {
		t.Errorf("padlocks %d, want 4 (MDES 0.28)", p.EEF.MDESPadlocks)
	}
	// cl_40x25_e2: power 0.523450986113172 for 0.2.
	p = planRun(t, "--design", "cluster-rct", "--clusters", "40", "--cluster-size", "25", "--icc", "0.15",
		"--r2-pupil", "0.5", "--r2-cluster", "0.5", "--effect", "0.2")
	if w, _ := p.row("all", "power"); math.Abs(w-0.523450986113172) > 1e-9 || p.Solved != "power" {
		t.Errorf("power %.15g (%s), R 0.523450986113172", w, p.Solved)
	}
	// j_25_e25: 49 clusters of 25, made 25 per arm; m_40_e25: 894 per cluster.
	p = planRun(t, "--design", "cluster-rct", "--cluster-size", "25", "--icc", "0.15", "--r2-pupil", "0.5", "--r2-cluster", "0.5", "--effect", "0.25")
	if j, _ := p.row("all", "clusters"); j != 50 || p.Solved != "clusters" {
		t.Errorf("clusters %g (%s), want 50 from R's 49", j, p.Solved)
	}
	p = planRun(t, "--design", "cluster-rct", "--clusters", "40", "--icc", "0.15", "--r2-pupil", "0.5", "--r2-cluster", "0.5", "--effect", "0.25")
	if n, _ := p.row("all", "n_per_group"); n != 894*20 || *p.Plan["cluster_size"] != 894 {
		t.Errorf("n per group %g, cluster size %v; want 17880, R's 894", n, p.Plan["cluster_size"])
	}
	// n_ind_e2_r5: 395 pupils, so 198 per group; 10% attrition: 220.
	p = planRun(t, "--design", "rct", "--effect", "0.2", "--r2-pupil", "0.5", "--attrition", "0.1")
	if n, _ := p.row("all", "n_per_group"); n != 198 || p.Recruit == nil || *p.Recruit.Treated != 220 || p.Recruit.Pupils != 440 {
		t.Errorf("n per group %g, recruit %+v", n, p.Recruit)
	}
	// n_pp_e3: a pre-post design needs 72 pupils for 0.3 with r² = 0.36.
	p = planRun(t, "--design", "pre-post", "--effect", "0.3", "--r2-pupil", "0.36")
	if n, _ := p.row("all", "n_per_group"); n != 72 {
		t.Errorf("pre-post n %g, R 72", n)
	}
}

func TestPlan_usageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "plan needs --design"},
		{[]string{"--design", "rtc", "--n", "60"}, "--design rtc: unknown design"},
		{[]string{"--design", "rct"}, "plan needs --n (the pupils you have"},
		{[]string{"--design", "rct", "--n", "60", "--clusters", "10"}, "--clusters applies to --design cluster-rct, not to rct"},
		{[]string{"--design", "two-group", "--n", "60", "--icc", "0.1"}, "--icc applies to --design cluster-rct"},
		{[]string{"--design", "pre-post", "--n", "60", "--p-treated", "0.3"}, "--p-treated applies to designs with two groups"},
		{[]string{"--design", "cluster-rct", "--clusters", "40"}, "needs --cluster-size (pupils per school) or --n"},
		{[]string{"--design", "cluster-rct", "--cluster-size", "25"}, "needs --clusters (the schools you have)"},
		{[]string{"--design", "cluster-rct", "--effect", "0.2"}, "needs --cluster-size (to find the schools you need) or --clusters"},
		{[]string{"--design", "cluster-rct"}, "needs --clusters and --cluster-size (or --n)"},
		{[]string{"--design", "cluster-rct", "--n", "1000"}, "--n 1000 does not say how many schools"},
		{[]string{"--design", "cluster-rct", "--n", "1000", "--clusters", "40", "--cluster-size", "30"}, "give two of the three"},
		{[]string{"--design", "cluster-rct", "--n", "1000", "--cluster-size", "30"}, "not a whole number of schools"},
		{[]string{"--design", "rct", "--n", "60", "--power", "80"}, "--power 80: want a proportion between 0 and 1, e.g. --power 0.8"},
		{[]string{"--design", "rct", "--n", "60", "--attrition", "1"}, "--attrition 1: want a proportion from 0 up to (not including) 1"},
		{[]string{"--design", "rct", "--n", "60", "--effect", "-0.2"}, "--effect -0.2: want an effect size in SDs above 0"},
		{[]string{"--design", "rct", "--n", "1"}, "--n 1: want a whole number of pupils"},
		{[]string{"--design", "rct", "--n", "60.5"}, "invalid value"},
		{[]string{"--design", "rct", "--n", "3", "--covariates", "2"}, "need at least 5"},
		{[]string{"a.yaml", "b.yaml"}, "at most one design file"},
	} {
		code, _, stderr := runCLI(t, append([]string{"plan"}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("plan %v: exit %d, %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
}

// TestPlan_unreachable: no number of pupils per school reaches 0.2 with 10
// schools: a failure (exit 1) that says to add schools.
func TestPlan_unreachable(t *testing.T) {
	code, stdout, stderr := runCLI(t, "plan", "--design", "cluster-rct", "--clusters", "10", "--icc", "0.2", "--effect", "0.2")
	if code != exitFailure || stdout != "" || !strings.Contains(stderr, "add clusters") {
		t.Errorf("exit %d, %q, %q", code, stdout, stderr)
	}
}

// clusterDesign writes a cluster-rct design and its data before the
// programme: 6 schools of 20 to 30 pupils, 3 in each arm, no outcomes yet.
func clusterDesign(t *testing.T, planBlock string) string {
	t.Helper()
	dir := t.TempDir()
	design := "title: Maths mastery pilot\ndesign: cluster-rct\ndata:\n  file: pupils.csv\ngroup:\n  column: arm\n  treated: [T]\n" +
		"cluster: school\noutcomes:\n  - column: maths_post\n    pretest: maths_pre\n" + planBlock
	var b strings.Builder
	b.WriteString("pupil,school,arm,maths_pre,maths_post\n")
	for s, size := range []int{20, 22, 24, 26, 28, 30} {
		arm := "T"
		if s%2 == 1 {
			arm = "C"
		}
		for i := 0; i < size; i++ {
			b.WriteString(strings.Join([]string{"p", string(rune('A' + s)), arm, "100", ""}, ",") + "\n")
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, "design.yaml"), []byte(design), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte(b.String()), 0o644))
	return filepath.Join(dir, "design.yaml")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlan_designFile: a design file's kind, its data's schools and its
// plan: block are used, and flags override the block.
func TestPlan_designFile(t *testing.T) {
	path := clusterDesign(t, "plan:\n  icc: 0.15\n  r2_pupil: 0.5\n  r2_cluster: 0.5\n  fsm_share: 0.3\n  attrition: 0.1\n")
	p := planRun(t, path)
	if p.Design != "cluster-rct" || p.Solved != "mdes" || *p.Plan["clusters"] != 6 || *p.Plan["cluster_size"] != 25 ||
		*p.Plan["icc"] != 0.15 || *p.Plan["fsm_share"] != 0.3 || *p.Plan["p_treated"] != 0.5 {
		t.Errorf("plan %v", p.Plan)
	}
	if !strings.Contains(strings.Join(p.Assumptions, "\n"), `6 clusters ("school") of 25 pupils on average from the data: 3 in the programme and 3 in the comparison group`) {
		t.Errorf("assumptions %q", p.Assumptions)
	}
	// Flags override the block and the data.
	p = planRun(t, path, "--icc", "0.1", "--clusters", "40", "--cluster-size", "25", "--effect", "0.2")
	if *p.Plan["icc"] != 0.1 || *p.Plan["clusters"] != 40 || p.Solved != "power" {
		t.Errorf("flags did not override: %v, %s", p.Plan, p.Solved)
	}
	// The words follow the cluster column; the text says where sizes came from.
	_, text, _ := runCLI(t, "plan", path)
	if !strings.Contains(text, "With 6 schools of 25 pupils") {
		t.Errorf("text:\n%s", text)
	}
	// A bad plan: block is a positioned design error (exit 3).
	bad := clusterDesign(t, "plan:\n  power: 80%\n")
	code, _, stderr := runCLI(t, "plan", bad)
	if code != exitUnusable || !strings.Contains(stderr, `design.yaml:13:10: plan.power must be a proportion between 0 and 1, not "80%" (write it as a proportion: power: 0.8)`) {
		t.Errorf("bad plan block: exit %d, %s", code, stderr)
	}
	// The fresh template has no pupils: the usage error says so.
	dir := filepath.Join(t.TempDir(), "eval")
	if code, _, stderr := runCLI(t, "init", "--design", "cluster-rct", dir); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr = runCLI(t, "plan", filepath.Join(dir, "design.yaml"))
	if code != exitUsage || !strings.Contains(stderr, "no rows of data") || !strings.Contains(stderr, "plan: block") {
		t.Errorf("empty template: exit %d, %s", code, stderr)
	}
	code, text, stderr = runCLI(t, "plan", filepath.Join(dir, "design.yaml"), "--clusters", "20", "--cluster-size", "28")
	if code != 0 || !strings.Contains(text, "With 20 schools of 28 pupils") {
		t.Errorf("template with sizes as flags: exit %d, %s%s", code, text, stderr)
	}
}

// TestPlan_outputs: --json FILE and --plots DIR are written, and said so.
func TestPlan_outputs(t *testing.T) {
	dir := t.TempDir()
	js, plots := filepath.Join(dir, "plan.json"), filepath.Join(dir, "plots")
	code, stdout, stderr := runCLI(t, "plan", "--design", "rct", "--n", "120", "--effect", "0.3", "--json", js, "--plots", plots)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{js, filepath.Join(plots, "power-curve.png"), filepath.Join(plots, "power-curve.svg")} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(stdout, "wrote "+js) || !strings.Contains(stdout, "power-curve.svg") {
		t.Errorf("does not say what it wrote:\n%s", stdout)
	}
	// An output over the design file is refused before anything is done.
	path := clusterDesign(t, "")
	code, _, stderr = runCLI(t, "plan", path, "--json", path)
	if code != exitUsage || !strings.Contains(stderr, "design file") {
		t.Errorf("--json over the design: exit %d, %s", code, stderr)
	}
}

// TestPlan_README runs the README's plan examples and checks that their
// output is as the README shows it (each ```sh block starting "whatworks
// plan" followed by a block of its output).
func TestPlan_README(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```sh\n(whatworks plan [^`]*?)```\n```\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 2 {
		t.Fatalf("found %d plan examples in the README, want 2", len(blocks))
	}
	for _, m := range blocks {
		cmd := strings.Fields(strings.ReplaceAll(m[1], "\\\n", " "))
		for i, a := range cmd {
			if a == "plots/" {
				cmd[i] = filepath.Join(t.TempDir(), "plots")
			}
		}
		code, out, stderr := runCLI(t, cmd[1:]...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", m[1], code, stderr)
		}
		if !strings.Contains(out, m[2]) {
			t.Errorf("the README's output of\n%s\nis not what it prints:\n%s", m[1], out)
		}
	}
}
