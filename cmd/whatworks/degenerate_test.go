package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
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

// TestDegenerateMatching runs matched designs on covariates that cannot be
// matched on, end to end with the workbook and plots (issue 15 item 4):
// a constant covariate, one that is the group itself and collinear ones
// under a logit distance stop check and analyse alike (exit 3, the
// covariate named); collinear ones under Mahalanobis distance match, and
// the propensity plot, which has no scores to draw, is left out with the
// reason among the caveats.
func TestDegenerateMatching(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var csv strings.Builder
	csv.WriteString("upn,intervention,reading_pre,reading_post,pre2,k,took_part\n")
	for i := 0; i < 240; i++ {
		tr := i < 40
		pre := 90 + 20*rng.Float64()
		if tr {
			pre += 3
		}
		pre = math.Round(pre*1000) / 1000 // as written, so that pre2 is exactly twice it
		post := pre + 5*rng.Float64()
		part := 0
		if tr {
			part = 1
			post += 2
		}
		fmt.Fprintf(&csv, "P%d,%s,%.3f,%.3f,%.3f,3,%d\n", i+1, map[bool]string{true: "Y", false: "N"}[tr], pre, post, 2*pre, part)
	}
	design := func(covs, distance string) string {
		return "title: Matching test\ndesign: matched\ndata:\n  file: pupils.csv\n  id: upn\ngroup:\n  column: intervention\n  treated: [Y]\n" +
			"  comparison: [N]\noutcomes:\n  - column: reading_post\n    pretest: reading_pre\nmatching:\n  covariates: [" + covs + "]\n  distance: " + distance + "\n"
	}
	for _, c := range []struct {
		name, covs, distance string
		code                 int
		want                 string
	}{
		{"constant covariate", "reading_pre, k", "logit", 3, `covariate "k" has the same value for every pupil`},
		{"covariate is the group", "reading_pre, took_part", "logit", 3, `covariate "took_part" separates the groups completely`},
		{"collinear, logit", "reading_pre, pre2", "logit", 3, `"pre2" is a linear combination`},
		{"collinear, Mahalanobis", "reading_pre, pre2", "mahalanobis", 0, "the propensity score (used only for the plots and the order of matching) could not be estimated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range map[string]string{"pupils.csv": csv.String(), "design.yaml": design(c.covs, c.distance)} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, "design.yaml")
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"whatworks", "analyse", path, "-o", filepath.Join(dir, "r.xlsx"), "--plots", filepath.Join(dir, "plots")},
				strings.NewReader(""), &out, &errb)
			said := strings.Join(strings.Fields(out.String()+errb.String()), " ")
			if code != c.code || !strings.Contains(said, c.want) {
				t.Fatalf("analyse: exit %d (want %d), %q not said:\n%s%s", code, c.code, c.want, out.String(), errb.String())
			}
			if c.code != 0 {
				var cout, cerr bytes.Buffer
				if cc := run(context.Background(), []string{"whatworks", "check", path}, strings.NewReader(""), &cout, &cerr); cc != c.code ||
					!strings.Contains(strings.Join(strings.Fields(cout.String()+cerr.String()), " "), c.want) {
					t.Errorf("check: exit %d (want %d) without %q:\n%s%s", cc, c.code, c.want, cout.String(), cerr.String())
				}
				return
			}
			if _, err := os.Stat(filepath.Join(dir, "r.xlsx")); err != nil {
				t.Errorf("no workbook: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "plots", "love-plot.png")); err != nil {
				t.Errorf("no Love plot: %v", err)
			}
		})
	}
}
