package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

type jsonRow struct {
	Outcome, Subgroup, Analysis, Measure string
	Estimate                             *float64
	NTreated                             *int `json:"n_treated"`
	Months                               *int `json:"months_progress"`
}

func readResults(t *testing.T, b []byte) []jsonRow {
	t.Helper()
	var doc struct{ Results []jsonRow }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	if len(doc.Results) == 0 {
		t.Fatal("no results")
	}
	return doc.Results
}

func find(rows []jsonRow, outcome, subgroup, analysis, measure string) *jsonRow {
	for i, r := range rows {
		if r.Outcome == outcome && r.Subgroup == subgroup && r.Analysis == analysis && r.Measure == measure {
			return &rows[i]
		}
	}
	return nil
}

// TestDemo runs the README's first command and checks what it promises:
// the workbook, the JSON and the plots, and the same JSON on a second run.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, stdout, stderr := runCLI(t, "demo", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"design-report.xlsx", "results.json", "plots/forest.png", "plots/forest.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s", f)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(stdout), " "), "months' progress in reading") {
		t.Errorf("no headline about reading:\n%s", stdout)
	}
	first, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	rows := readResults(t, first)
	for _, sg := range []string{"all", "fsm=Y", "fsm=N"} {
		for _, an := range []string{"unadjusted", "ancova"} {
			if find(rows, "reading_post", sg, an, "hedges_g") == nil {
				t.Errorf("no %s hedges_g row for %s", an, sg)
			}
		}
	}
	if g := find(rows, "reading_post", "all", "gain", "hedges_g"); g == nil || g.Months != nil {
		t.Error("the gain-score g (divided by the SD of the gains) must not be converted to months' progress")
	}
	if g := find(rows, "reading_post", "all", "ancova", "hedges_g"); g == nil || g.Months == nil {
		t.Error("the ANCOVA g has no months' progress")
	}
	if code, _, stderr := runCLI(t, "demo", dir); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	second, _ := os.ReadFile(filepath.Join(dir, "results.json"))
	if !bytes.Equal(first, second) {
		t.Error("results.json differs between two runs on the same input")
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "design-report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	for _, want := range []string{"Summary", "Results", "Descriptives", "Balance", "Method"} {
		if !contains(sheets, want) {
			t.Errorf("workbook has no %s sheet (has %v)", want, sheets)
		}
	}
	if contains(sheets, "Data") {
		t.Error("the workbook has pupil rows without --include-data")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// demoDir copies the bundled demo into a temporary folder.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"design.yaml", "pupils.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "demo", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAnalyse_jsonOnStdout(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "--json", "-", "--no-workbook")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	readResults(t, []byte(stdout)) // standard output is JSON and nothing else
	if !strings.Contains(stderr, "Headlines") {
		t.Errorf("the summary should go to standard error with --json -:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "design-report.xlsx")); err == nil {
		t.Error("--no-workbook wrote a workbook")
	}
}

func TestAnalyse_analyzeAliasAndFlagsAfterDesign(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(dir, "report.xlsx")
	code, _, stderr := runCLI(t, "analyze", filepath.Join(dir, "design.yaml"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("-o after the design file was not honoured: %v", err)
	}
}

func TestAnalyse_passwordAndData(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(dir, "secret.xlsx")
	t.Setenv("WW_TEST_PASSWORD", "s3cret")
	code, _, stderr := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "-o", out,
		"--password-env", "WW_TEST_PASSWORD", "--include-data")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if f, err := excelize.OpenFile(out); err == nil {
		f.Close()
		t.Fatal("the encrypted workbook opened without its password")
	}
	f, err := excelize.OpenFile(out, excelize.Options{Password: "s3cret"})
	if err != nil {
		t.Fatalf("the workbook does not open with its password: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Data")
	if err != nil {
		t.Fatalf("no Data sheet with --include-data: %v", err)
	}
	if len(rows) != 227 || !contains(rows[0], "whatworks_arm") || !contains(rows[0], "whatworks_reading_post") {
		t.Errorf("Data sheet: %d rows, header %v; want 226 pupils + header with whatworks flags", len(rows), rows[0])
	}

	t.Setenv("WW_EMPTY", "")
	if code, _, _ := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "--password-env", "WW_EMPTY"); code != exitUsage {
		t.Errorf("an empty password variable: exit %d, want %d", code, exitUsage)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"analyse"},
		{"analyse", "a.yaml", "b.yaml"},
		{"check"},
		{"frobnicate"},
		{"analyse", "--no-such-flag", "x.yaml"},
		{"effect", "--n-t", "10"},
		{"init", "--design", "rtc", "somewhere"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
		if !strings.Contains(stderr, "whatworks:") {
			t.Errorf("%v: no error message: %q", args, stderr)
		}
	}
	code, stdout, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(stdout, "EXIT CODES") {
		t.Errorf("--help: exit %d, lists no exit codes:\n%s", code, stdout)
	}
}

// TestEffect checks the summary-statistics command on numbers a reader can
// work out by hand: means 10 and 8, both SDs 2, 50 pupils each, so d = 1
// and g = J = 1 - 3/(4*100 - 9) = 388/391.
func TestEffect(t *testing.T) {
	code, stdout, stderr := runCLI(t, "effect", "--n-t", "50", "--mean-t", "10", "--sd-t", "2",
		"--n-c", "50", "--mean-c", "8", "--sd-c", "2", "--json", "-", "--outcome", "maths")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readResults(t, []byte(stdout))
	for measure, want := range map[string]float64{"mean_difference": 2, "cohens_d": 1, "hedges_g": 388.0 / 391, "glass_delta": 1} {
		r := find(rows, "maths", rows[0].Subgroup, "unadjusted", measure)
		if r == nil || r.Estimate == nil {
			t.Errorf("no %s row", measure)
			continue
		}
		if math.Abs(*r.Estimate-want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", measure, *r.Estimate, want)
		}
	}
}

func TestInitThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "eval")
	code, stdout, stderr := runCLI(t, "init", "--design", "pre-post", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "whatworks check") {
		t.Errorf("init does not say what to do next:\n%s", stdout)
	}
	// The fresh template has no pupils yet: check says so, positioned.
	code, _, stderr = runCLI(t, "check", filepath.Join(dir, "design.yaml"))
	if code != exitUnusable || !strings.Contains(stderr, "pupils.xlsx") {
		t.Errorf("check on the empty template: exit %d, %s", code, stderr)
	}
	// init never overwrites.
	if code, _, _ := runCLI(t, "init", dir); code == 0 {
		t.Error("a second init into the same folder succeeded")
	}
}

func TestCheck_demo(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := runCLI(t, "check", filepath.Join(dir, "design.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Pupils per group", "intervention", "Missing values", "Duplicate pupil IDs",
		"reading_pre and reading_post: r = ", "Balance at baseline", "The evaluation can run"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestCheck_duplicateIDs(t *testing.T) {
	dir := demoDir(t)
	data, _ := os.ReadFile(filepath.Join(dir, "pupils.csv"))
	data = bytes.Replace(data, []byte("Y70002,"), []byte("Y70001,"), 1)
	os.WriteFile(filepath.Join(dir, "pupils.csv"), data, 0o644)
	_, stdout, _ := runCLI(t, "check", filepath.Join(dir, "design.yaml"))
	if !strings.Contains(stdout, `"Y70001" on rows 2, 3`) {
		t.Errorf("duplicate ID not reported with its rows:\n%s", stdout)
	}
}

func TestMatch_outreachExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "matched.csv")
	code, stdout, stderr := runCLI(t, "match", filepath.Join("..", "..", "fixtures", "examples", "outreach", "design.yaml"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Balance", "ks2_read", "SMD before", "Warnings"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("match output lacks %q", want)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	if !reflect.DeepEqual(h[len(h)-3:], []string{"propensity_score", "subclass", "weight"}) || h[0] != "upn" {
		t.Errorf("header %v: want the original columns then propensity_score, subclass, weight", h)
	}
	treated, comparison := 0, 0
	col := indexOf(h, "intervention")
	for _, r := range recs[1:] {
		if r[col] == "Y" {
			treated++
		} else {
			comparison++
		}
	}
	if treated == 0 || treated != comparison {
		t.Errorf("1:1 matching without replacement gave %d treated and %d comparison rows", treated, comparison)
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func TestMatch_notMatchedDesign(t *testing.T) {
	dir := demoDir(t)
	code, _, stderr := runCLI(t, "match", filepath.Join(dir, "design.yaml"))
	if code != exitUnusable || !strings.Contains(stderr, "design: matched") {
		t.Errorf("match on a two-group design: exit %d, %s", code, stderr)
	}
}

func TestFlagsFirst(t *testing.T) {
	app := newApp(nil, nil, nil)
	for _, tc := range []struct{ in, want []string }{
		{[]string{"w", "analyse", "d.yaml", "-o", "r.xlsx", "--json", "-"}, []string{"w", "analyse", "-o", "r.xlsx", "--json", "-", "--", "d.yaml"}},
		{[]string{"w", "analyse", "--include-data", "d.yaml"}, []string{"w", "analyse", "--include-data", "--", "d.yaml"}},
		{[]string{"w", "analyse", "d.yaml", "--plots=p"}, []string{"w", "analyse", "--plots=p", "--", "d.yaml"}},
		{[]string{"w", "analyse", "--", "-odd.yaml"}, []string{"w", "analyse", "--", "-odd.yaml"}},
		{[]string{"w", "nosuch", "x", "-y"}, []string{"w", "nosuch", "x", "-y"}},
	} {
		if got := flagsFirst(app, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("flagsFirst(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestAnalyse_matchedSample checks that a matched design reports its
// subgroups from the matched sample, and judges baseline balance after
// matching rather than in the pool the comparison group was drawn from.
func TestAnalyse_matchedSample(t *testing.T) {
	code, stdout, stderr := runCLI(t, "analyse", filepath.Join("..", "..", "fixtures", "examples", "outreach", "design.yaml"),
		"--json", "-", "--no-workbook")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readResults(t, []byte(stdout))
	all := find(rows, "reading_post", "all", "matched", "hedges_g")
	y := find(rows, "reading_post", "fsm=Y", "matched", "hedges_g")
	n := find(rows, "reading_post", "fsm=N", "matched", "hedges_g")
	if all == nil || y == nil || n == nil {
		t.Fatalf("matched hedges_g rows: all %v, fsm=Y %v, fsm=N %v", all != nil, y != nil, n != nil)
	}
	if *y.NTreated+*n.NTreated != *all.NTreated {
		t.Errorf("matched subgroups have %d + %d pupils who took part, the matched sample %d", *y.NTreated, *n.NTreated, *all.NTreated)
	}
	var doc struct{ Caveats []string }
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Caveats {
		if strings.Contains(c, "before the programme") {
			t.Errorf("a matched design is judged on the unmatched pool: %q", c)
		}
	}
}

func TestAnalyse_matchedDataSheet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.xlsx")
	code, _, stderr := runCLI(t, "analyse", filepath.Join("..", "..", "fixtures", "examples", "outreach", "design.yaml"),
		"-o", out, "--include-data")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	w := indexOf(h, "whatworks_match_weight")
	if w < 0 || indexOf(h, "whatworks_propensity_score") < 0 {
		t.Fatalf("Data sheet header %v lacks the propensity score and matching weight", h)
	}
	inSample := 0
	for _, r := range rows[1:] {
		if w < len(r) && r[w] != "0" {
			inSample++
		}
	}
	if inSample != 2*286 {
		t.Errorf("%d pupils have a matching weight, want 572 (286 pairs)", inSample)
	}
}

// TestAnalyse_terminalReport: the summary fits 100 columns and shows the
// headline estimates; --all adds every row.
func TestAnalyse_terminalReport(t *testing.T) {
	dir := demoDir(t)
	design := filepath.Join(dir, "design.yaml")
	for _, all := range []bool{false, true} {
		args := []string{"analyse", design, "--no-workbook", "--plots", filepath.Join(dir, "plots")}
		if all {
			args = append(args, "--all")
		}
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for i, l := range strings.Split(stdout, "\n") {
			if n := len([]rune(l)); n > 100 {
				t.Errorf("--all %v: line %d has %d columns: %q", all, i+1, n, l)
			}
		}
		if !strings.Contains(stdout, "plots"+string(filepath.Separator)+" (") || !strings.Contains(stdout, "each as PNG and SVG)") {
			t.Errorf("the plots are not named as a folder:\n%s", stdout)
		}
		if got := strings.Contains(stdout, "glass_delta"); got != all {
			t.Errorf("--all %v: every row printed: %v\n%s", all, got, stdout)
		}
		if !all && !strings.Contains(stdout, "Results: the headline estimate of each outcome") {
			t.Errorf("no headline table:\n%s", stdout)
		}
	}
}

// A pupil with no group is warned about once, by the design's check
// (column, value and row), not again as "in neither arm".
func TestCheck_neitherGroupOnce(t *testing.T) {
	dir := demoDir(t)
	data, _ := os.ReadFile(filepath.Join(dir, "pupils.csv"))
	lines := strings.SplitN(string(data), "\n", 3)
	head := strings.Split(lines[0], ",")
	cells := strings.Split(lines[1], ",")
	col := -1
	for i, h := range head {
		if h == "intervention" || h == "group" || h == "arm" {
			col = i
		}
	}
	if col < 0 {
		t.Skipf("the demo has no group column in %q", lines[0])
	}
	cells[col] = ""
	os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte(lines[0]+"\n"+strings.Join(cells, ",")+"\n"+lines[2]), 0o644)
	_, stdout, _ := runCLI(t, "check", filepath.Join(dir, "design.yaml"))
	if !strings.Contains(stdout, "in neither group and will be left out") || strings.Contains(stdout, "in neither arm and will be left out") {
		t.Errorf("want one warning about the pupil in neither group:\n%s", stdout)
	}
}

// check on a matched design says its balance table is before matching
// (analyse reports it after), lest "not equivalent" read as the matched
// groups'.
func TestCheck_matchedBalanceBeforeMatching(t *testing.T) {
	code, stdout, stderr := runCLI(t, "check", filepath.Join("..", "..", "fixtures", "examples", "outreach", "design.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Balance at baseline, before matching (") || !strings.Contains(stdout, "analyse reports the balance after matching)") {
		t.Errorf("no 'before matching' in the balance heading:\n%s", stdout)
	}
}
