package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDegenerateData runs analyse, end to end with the workbook, JSON and
// plots, on data that once gave Inf, NaN or a crash (issue 15 item 4):
// each either stops as check does (exit 3, the same words) or runs and
// says why rows are missing, with no Inf or NaN anywhere it prints or
// writes, and every output written.
func TestDegenerateData(t *testing.T) {
	cases := []struct {
		name string
		post func(i int, treated bool, pre float64) string
		code int
		want string // in standard error (code 3) or the caveats (code 0)
	}{
		{"constant outcome", func(int, bool, float64) string { return "100" }, 3, "has the same value for every pupil"},
		{"one value in each arm", func(_ int, tr bool, _ float64) string {
			if tr {
				return "110"
			}
			return "100"
		}, 3, "only two values"}, // one value in each arm: two values in all, so a yes/no answer by mistake
		{"a mistyped 1e308", func(i int, _ bool, pre float64) string {
			if i == 5 {
				return "1e308"
			}
			return fmt.Sprintf("%.3f", pre+float64(i%7))
		}, 0, "far too large for a score"},
		{"pretest is the outcome", func(_ int, _ bool, pre float64) string { return fmt.Sprintf("%.3f", pre) }, 0, "predicts outcome"},
		{"pretest plus 5", func(_ int, _ bool, pre float64) string { return fmt.Sprintf("%.3f", pre+5) }, 0, "predicts outcome"},
	}
	infNaN := regexp.MustCompile(`(?i)\binf(inity)?\b|\bnan\b`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			rng := rand.New(rand.NewPCG(1, 2))
			var csv strings.Builder
			csv.WriteString("upn,intervention,fsm,reading_pre,reading_post\n")
			for i := 0; i < 60; i++ {
				tr := i%2 == 0
				pre := 90 + 20*rng.Float64()
				fmt.Fprintf(&csv, "%d,%s,%s,%.3f,%s\n", i+1, map[bool]string{true: "Y", false: "N"}[tr],
					map[bool]string{true: "Y", false: "N"}[i%3 == 0], pre, c.post(i, tr, pre))
			}
			write := func(name, text string) {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("pupils.csv", csv.String())
			write("design.yaml", goodDesign)
			design := filepath.Join(dir, "design.yaml")
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"whatworks", "analyse", design,
				"-o", filepath.Join(dir, "r.xlsx"), "--json", filepath.Join(dir, "r.json"), "--plots", filepath.Join(dir, "plots")},
				strings.NewReader(""), &out, &errb)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out.String(), errb.String())
			}
			if c.code != 0 {
				if !strings.Contains(errb.String(), c.want) {
					t.Errorf("stderr %q lacks %q", errb.String(), c.want)
				}
				var cout, cerr bytes.Buffer
				if cc := run(context.Background(), []string{"whatworks", "check", design}, strings.NewReader(""), &cout, &cerr); cc != c.code ||
					!strings.Contains(cout.String()+cerr.String(), c.want) {
					t.Errorf("check exits %d (want %d) without %q:\n%s%s", cc, c.code, c.want, cout.String(), cerr.String())
				}
				if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
					t.Error("r.json written by a run that stopped")
				}
				return
			}
			caveats := out.String()[strings.Index(out.String(), "Caveats"):]
			if !strings.Contains(strings.Join(strings.Fields(caveats), " "), c.want) {
				t.Errorf("the caveats do not say %q:\n%s", c.want, caveats)
			}
			js, err := os.ReadFile(filepath.Join(dir, "r.json"))
			if err != nil {
				t.Fatal(err)
			}
			for what, text := range map[string]string{"stdout": out.String(), "stderr": errb.String(), "r.json": string(js)} {
				if m := infNaN.FindString(text); m != "" {
					t.Errorf("%s holds %q", what, m)
				}
			}
			for _, f := range []string{"r.xlsx", "plots"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
		})
	}
}
