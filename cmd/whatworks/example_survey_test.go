package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExample_summerSchool runs the widening-participation example of
// fixtures/examples/summer-school as its README does (check, then analyse)
// and pins what a user sees: the check's survey sections, the headlines
// and the JSON, which reports' tests also read
// (fixtures/examples/summer-school/results.json; -update rewrites it).
func TestExample_summerSchool(t *testing.T) {
	design := filepath.Join("..", "..", "fixtures", "examples", "summer-school", "design.yaml")
	code, out, errs := runCLI(t, "check", design)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	for _, s := range []string{"Yes/no answers", "Expected counts of the yes/no tables", "Scale attitudes_post: 10 items",
		"The evaluation can run"} {
		if !strings.Contains(out, s) {
			t.Errorf("check does not say %q:\n%s", s, out)
		}
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "results.json")
	code, out, errs = runCLI(t, "analyse", design, "--json", js, "-o", filepath.Join(dir, "report.xlsx"), "--plots", filepath.Join(dir, "plots"))
	if code != 0 {
		t.Fatalf("analyse: exit %d: %s", code, errs)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, s := range []string{"% of participants progressed to higher education against", "of the matched comparison group:",
		"percentage points more", "Attitudes to higher education: agreement rose from", "on a 1–5 scale;", "of participants moved up"} {
		if !strings.Contains(flat, s) {
			t.Errorf("analyse does not say %q:\n%s", s, out)
		}
	}
	for _, f := range []string{"plots/proportions-progressed.png", "plots/likert-attitudes-post.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("no %s", f)
		}
	}
	got, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	got = withoutVersion(got)
	want := filepath.Join("..", "..", "fixtures", "examples", "summer-school", "results.json")
	if *update {
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/whatworks -run %s -update writes it)", err, t.Name())
	}
	if string(withoutVersion(w)) != string(got) {
		t.Errorf("the example's JSON differs from %s (read the diff, then -update)", want)
	}
}

// withoutVersion drops the whatworks_version line, which changes with
// every release.
func withoutVersion(b []byte) []byte {
	var keep []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.Contains(l, `"whatworks_version"`) {
			keep = append(keep, l)
		}
	}
	return []byte(strings.Join(keep, "\n"))
}
