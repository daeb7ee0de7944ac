package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/whatworks -run %s -update to create it)", err, t.Name())
	}
	if string(got) != string(want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(read the diff, then go test ./cmd/whatworks -run %s -update)", path, i+1, g[i], w[i], t.Name())
			}
		}
		t.Fatalf("%s differs in length: %d lines, want %d", path, len(g), len(w))
	}
}

// TestPool_golden runs the README's funder walk-through (six schools'
// summaries, made up) and compares the summary and the JSON with the
// goldens in testdata/pool.
func TestPool_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"schools", []string{"pool", "../../fixtures/examples/pool/schools.csv", "--by", "region", "--moderator", "fsm_share"}},
		{"schools-plain", []string{"pool", "../../fixtures/examples/pool/schools.csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden(t, "pool/"+c.name+".txt", []byte(stdout))
			for _, l := range strings.Split(stdout, "\n") {
				if n := len([]rune(l)); n > 100 {
					t.Errorf("line of %d columns (the summary fits 100):\n%s", n, l)
				}
			}
			code, stdout, stderr = runCLI(t, append(c.args, "--json", "-")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden(t, "pool/"+c.name+".json", []byte(stdout))
			if !strings.Contains(stderr, "Headline") {
				t.Errorf("with --json -, the summary goes to standard error:\n%s", stderr)
			}
		})
	}
}

// poolRow is a row of the pool JSON.
type poolRow struct {
	Subgroup, Analysis, Measure           string
	K                                     int
	Estimate, SE, CILow, CIHigh, DF, PVal *float64
}

func (r *poolRow) UnmarshalJSON(b []byte) error {
	var x struct {
		Subgroup, Analysis, Measure string
		K                           int
		Estimate, SE                *float64
		CILow                       *float64 `json:"ci_low"`
		CIHigh                      *float64 `json:"ci_high"`
		DF                          *float64 `json:"df"`
		PValue                      *float64 `json:"p_value"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	*r = poolRow{x.Subgroup, x.Analysis, x.Measure, x.K, x.Estimate, x.SE, x.CILow, x.CIHigh, x.DF, x.PValue}
	return nil
}

type poolDoc struct {
	Headline struct{ Analysis string }
	Results  []poolRow
	Studies  []struct {
		Study   string
		Yi, Vi  float64
		Weights map[string]float64
	}
	SmallStudy struct {
		Statistic *float64
		PValue    *float64 `json:"p_value"`
	} `json:"small_study_effects"`
}

// metaGolden reads fixtures/meta/golden.csv for one set, keyed
// "fit|quantity|index" (R 4.2.2, metafor 3.8-1: fixtures/meta/golden.R).
func metaGolden(t *testing.T, set string) map[string]float64 {
	t.Helper()
	f, err := os.Open("../../fixtures/meta/golden.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, r := range recs[1:] {
		if r[0] != set {
			continue
		}
		v := math.NaN()
		if r[4] != "NA" {
			v, _ = strconv.ParseFloat(r[4], 64)
		}
		out[r[1]+"|"+r[2]+"|"+r[3]] = v
	}
	return out
}

// checkAgainstMetafor compares the JSON's rows of every model (and the
// levels of by) with metafor's values.
func checkAgainstMetafor(t *testing.T, doc poolDoc, gold map[string]float64, levels []string, by string) int {
	t.Helper()
	n := 0
	cmp := func(what string, got *float64, key string) {
		t.Helper()
		want, ok := gold[key]
		if !ok {
			return // metafor gives FE no τ² interval and no predict()
		}
		g := math.NaN()
		if got != nil {
			g = *got
		}
		if math.IsNaN(want) != math.IsNaN(g) || math.Abs(g-want) > 1e-8*math.Max(1, math.Abs(want)) {
			t.Errorf("%s (%s): JSON %v, metafor %.15g", what, key, g, want)
		}
		n++
	}
	subs := []struct{ sub, prefix string }{{"all", ""}}
	for _, l := range levels {
		subs = append(subs, struct{ sub, prefix string }{by + "=" + l, "subgroup:" + l + ":"})
	}
	for _, s := range subs {
		for _, x := range doc.Results {
			if x.Subgroup != s.sub {
				continue
			}
			key := s.prefix + x.Analysis + "|"
			what := s.sub + " " + x.Analysis + " " + x.Measure
			switch x.Measure {
			case "pooled_effect":
				cmp(what, x.Estimate, key+"estimate|")
				cmp(what, x.SE, key+"se|")
				cmp(what, x.CILow, key+"ci_low|")
				cmp(what, x.CIHigh, key+"ci_high|")
				cmp(what, x.PVal, key+"pval|")
				cmp(what, x.DF, key+"df|")
			case "tau2":
				cmp(what, x.Estimate, key+"tau2|")
				cmp(what, x.CILow, key+"tau2_ci_low|")
				cmp(what, x.CIHigh, key+"tau2_ci_high|")
			case "i2", "h2":
				cmp(what, x.Estimate, key+x.Measure+"|")
				cmp(what, x.CILow, key+x.Measure+"_ci_low|")
				cmp(what, x.CIHigh, key+x.Measure+"_ci_high|")
			case "q":
				cmp(what, x.Estimate, key+"q|")
				cmp(what, x.DF, key+"q_df|")
				cmp(what, x.PVal, key+"q_pval|")
			case "prediction_interval":
				cmp(what, x.CILow, key+"pi_low|")
				cmp(what, x.CIHigh, key+"pi_high|")
			case "q_between":
				cmp(what, x.Estimate, "factor:meta_reml|qm|")
				cmp(what, x.DF, "factor:meta_reml|qm_df1|")
				cmp(what, x.PVal, "factor:meta_reml|qm_pval|")
			}
		}
	}
	for i, s := range doc.Studies {
		for m, w := range s.Weights {
			w := w
			cmp("weight "+s.Study, &w, m+"|weight|"+strconv.Itoa(i+1))
		}
	}
	return n
}

// The command's JSON agrees with metafor on dat.molloy2014 (effect sizes
// with a moderator) and on dat.bornmann2007 given as counts, pooled as
// log odds ratios (R 4.2.2, metafor 3.8-1; fixtures/meta/README.md).
func TestPool_agreesWithMetafor(t *testing.T) {
	dir := t.TempDir()
	// bornmann2007_or.csv also has escalc's yi and vi: keep the counts only.
	src, err := os.ReadFile("../../fixtures/meta/bornmann2007_or.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(src))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range recs {
		w.Write(r[:6]) // study, events_t, n_t, events_c, n_c, type
	}
	w.Flush()
	counts := filepath.Join(dir, "bornmann2007_counts.csv")
	if err := os.WriteFile(counts, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set    string
		args   []string
		by     string
		levels []string
	}{
		{"molloy2014", []string{"../../fixtures/meta/molloy2014.csv", "--measure", "other", "--by", "controls"}, "controls", []string{"multiple", "none"}},
		{"bornmann2007_or", []string{counts, "--by", "type"}, "type", []string{"Fellowship", "Grant"}},
	} {
		code, stdout, stderr := runCLI(t, append(append([]string{"pool"}, c.args...), "--json", "-")...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.set, code, stderr)
		}
		var doc poolDoc
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatal(err)
		}
		n := checkAgainstMetafor(t, doc, metaGolden(t, c.set), c.levels, c.by)
		if n < 300 {
			t.Errorf("%s: only %d values compared", c.set, n)
		}
		t.Logf("%s: %d values of the JSON agree with metafor to 1e-8", c.set, n)
	}
}

// TestPool_badInputs: every bad file is reported at once, positioned,
// exit 3, and nothing is written.
func TestPool_badInputs(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		want  []string
	}{
		{"negative variance", map[string]string{"s.csv": "study,yi,vi\nA,0.2,-0.01\nB,0.1,0.02\n"}, nil, 3,
			[]string{`s.csv, row 2, column "vi": "-0.01" is negative, but a sampling variance is 0 or more`}},
		{"missing SE", map[string]string{"s.csv": "study,yi,se\nA,0.2,0.1\nB,0.1,\n"}, nil, 3,
			[]string{`s.csv, row 3, column "se": "" is empty: the study has no standard error`}},
		{"duplicate study", map[string]string{"s.csv": "study,yi,se\nAsh,0.2,0.1\nAsh,0.1,0.1\n"}, nil, 3,
			[]string{`s.csv, row 3, column "study": "Ash" is also the name of the study in s.csv, row 2`}},
		{"non-numeric effect", map[string]string{"s.csv": "study,yi,se\nAsh,big,0.1\nB,0.1,0.1\n"}, nil, 3,
			[]string{`s.csv, row 2, column "yi": "big" is not a number`}},
		{"all at once", map[string]string{"s.csv": "study,yi,vi\nA,0.2,-0.01\nB,x,0.02\nA,0.1,0.01\nC,0.1,\n"}, nil, 3,
			[]string{`row 2, column "vi"`, `row 3, column "yi"`, `row 4, column "study"`, `row 5, column "vi"`}},
		{"two files", map[string]string{"a.csv": "study,yi,vi\nA,0.2,0.01\n", "b.csv": "study,yi,vi\nA,0.1,0\n"}, nil, 3,
			[]string{`b.csv, row 2, column "vi": "0" is not a usable sampling variance`, `b.csv, row 2, column "study": "A" is also the name of the study in a.csv, row 2`}},
		{"unknown columns", map[string]string{"s.csv": "school,g,variance\nA,0.2,0.01\n"}, nil, 3,
			[]string{`s.csv, row 1: is not a table of studies whatworks can pool`}},
		{"SD of zero", map[string]string{"s.csv": "study,n_t,mean_t,sd_t,n_c,mean_c,sd_c\nA,20,10,0,20,9,2\n"}, nil, 3,
			[]string{`s.csv, row 2, column "sd_t": "0" is not a usable standard deviation`}},
		{"--by column missing", map[string]string{"s.csv": "study,yi,vi\nA,0.2,0.01\n"}, []string{"--by", "region"}, 3,
			[]string{`s.csv, row 1: has no column "region" (--by region needs it in every file)`}},
		{"--moderator not a number", map[string]string{"s.csv": "study,yi,vi,fsm\nA,0.2,0.01,high\nB,0.1,0.01,0.3\n"}, []string{"--moderator", "fsm"}, 3,
			[]string{`s.csv, row 2, column "fsm": "high" is not a number`}},
		{"unknown measure", map[string]string{"s.csv": "study,yi,vi\nA,0.2,0.01\n"}, []string{"--measure", "smd"}, 2,
			[]string{`--measure "smd" is not a scale whatworks pools`}},
		{"no file", map[string]string{}, []string{"nope.csv"}, 3, []string{"nope.csv: cannot open the file"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var files []string
			for name, text := range tc.files {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
			if tc.name == "no file" {
				files = []string{filepath.Join(dir, "nope.csv")}
				tc.args = nil
			}
			// Files in a fixed order (maps are not).
			if len(files) == 2 && strings.HasSuffix(files[0], "b.csv") {
				files[0], files[1] = files[1], files[0]
			}
			before := snapshot(t, dir)
			out := filepath.Join(dir, "out")
			args := append(append([]string{"pool"}, files...), tc.args...)
			args = append(args, "--json", out+".json")
			code, stdout, stderr := runCLI(t, args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr+stdout, "panic") {
				t.Errorf("panicked:\n%s", stderr)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestPool_outputs runs the README's walk-through with every output: the
// workbook, the plots and the JSON, all written, and the same JSON twice.
func TestPool_outputs(t *testing.T) {
	dir := t.TempDir()
	args := []string{"pool", "../../fixtures/examples/pool/schools.csv", "--by", "region",
		"-o", filepath.Join(dir, "pooled.xlsx"), "--plots", filepath.Join(dir, "plots"), "--json", filepath.Join(dir, "pooled.json")}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"pooled.xlsx", "pooled.json", "plots/forest.png", "plots/forest.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("did not write %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "plots", "funnel.png")); err == nil {
		t.Error("a funnel plot for 6 studies (it needs 10)")
	}
	if !strings.Contains(stdout, "wrote "+filepath.Join(dir, "pooled.json")) {
		t.Errorf("no wrote line:\n%s", stdout)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "pooled.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Studies,Models,Moderators,Method" {
		t.Errorf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("Summary", "A5"); v != "All studies" {
		t.Errorf("Summary A5 = %q", v)
	}
	f.Close()
	first, _ := os.ReadFile(filepath.Join(dir, "pooled.json"))
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("second run: %s", stderr)
	}
	second, _ := os.ReadFile(filepath.Join(dir, "pooled.json"))
	if string(first) != string(second) {
		t.Error("two runs wrote different JSON")
	}

	// An output that cannot be written: nothing is written at all.
	dir2 := t.TempDir()
	before := snapshot(t, dir2)
	code, _, stderr = runCLI(t, "pool", "../../fixtures/examples/pool/schools.csv", "--json", filepath.Join(dir2, "pooled.json"),
		"-o", filepath.Join(dir2, "no-such-folder", "pooled.xlsx"))
	if code != 2 || !strings.Contains(stderr, "-o") {
		t.Errorf("exit %d, want 2 naming -o: %s", code, stderr)
	}
	if snapshot(t, dir2) != before {
		t.Error("a failed run left files behind")
	}
	// Never over an input.
	code, _, stderr = runCLI(t, "pool", "../../fixtures/examples/pool/schools.csv", "--json", "../../fixtures/examples/pool/schools.csv")
	if code != 2 || !strings.Contains(stderr, "never writes over its inputs") {
		t.Errorf("--json over the input: exit %d: %s", code, stderr)
	}
}

// A whatworks analyse JSON contributes its headline effect: for the demo,
// the ANCOVA Hedges' g of its outcome with its SE.
func TestPool_fromAnalyseJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, "demo", dir); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	results := filepath.Join(dir, "results.json")
	raw, _ := os.ReadFile(results)
	var rep struct {
		Title   string
		Results []struct {
			Outcome, Subgroup, Analysis, Measure string
			Estimate, SE                         float64
		}
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	var g, se float64
	for _, x := range rep.Results {
		if x.Subgroup == "all" && x.Analysis == "ancova" && x.Measure == "hedges_g" {
			g, se = x.Estimate, x.SE
			break
		}
	}
	code, stdout, stderr := runCLI(t, "pool", results, "../../fixtures/examples/pool/schools.csv", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		K       int
		Studies []struct {
			Study, Input string
			Yi, Vi       float64
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Studies[0]
	if doc.K != 7 || s.Study != rep.Title || s.Yi != g || s.Vi != se*se || s.Input != "whatworks results (ancova hedges_g)" {
		t.Errorf("k = %d, first study %+v; want %q with g %v, vi %v", doc.K, s, rep.Title, g, se*se)
	}
}

// whatworks init --pool writes the templates and says what to do next;
// the summaries template, filled in, pools.
func TestInitPool(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "grantees")
	code, stdout, stderr := runCLI(t, "init", "--pool", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"studies.csv", "effect-sizes.csv", "instructions.xlsx"} {
		if !strings.Contains(stdout, "wrote "+filepath.Join(dir, f)) {
			t.Errorf("did not write %s:\n%s", f, stdout)
		}
	}
	if !strings.Contains(stdout, "whatworks pool "+filepath.Join(dir, "studies.csv")) {
		t.Errorf("no next step:\n%s", stdout)
	}
	if code, _, _ := runCLI(t, "init", "--pool", dir); code == 0 {
		t.Error("a second init --pool into the same folder succeeded")
	}
	studies := filepath.Join(dir, "studies.csv")
	head, _ := os.ReadFile(studies)
	rows := "Ash,North,48,103.6,14.2,50,98.9,14.8\r\nBirch,South,62,98.1,15.1,60,97.3,15.6\r\n"
	if err := os.WriteFile(studies, append(head, rows...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "pool", studies, "--by", "region"); code != 0 {
		t.Errorf("pooling the filled-in template: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "init", "--pool", "--design", "rct", filepath.Join(t.TempDir(), "x")); code != 2 {
		t.Errorf("--pool with --design: exit %d: %s", code, stderr)
	}
}

// The README's funder walk-through quotes what the command prints: keep
// the quote true.
func TestPool_readmeQuote(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "prints, first:\n   ```\n")
	quote, _, ok2 := strings.Cut(after, "   ```")
	if !ok || !ok2 {
		t.Fatal("the README has no quote of what whatworks pool prints")
	}
	code, stdout, stderr := runCLI(t, "pool", "../../fixtures/examples/pool/schools.csv", "--by", "region")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, l := range strings.Split(strings.TrimRight(quote, "\n"), "\n") {
		l = strings.TrimPrefix(l, "   ")
		if !strings.Contains(stdout, l+"\n") {
			t.Errorf("README line not in the output:\n%s\noutput:\n%s", l, stdout)
		}
	}
}

// When REML's Fisher scoring does not converge (fixtures/meta's
// nonconvergence set, where metafor's rma(method = "REML") stops with an
// error), the REML rows use DerSimonian–Laird's τ² and say so in words.
func TestPool_remlFallbackSaysSo(t *testing.T) {
	code, stdout, stderr := runCLI(t, "pool", "../../fixtures/meta/nonconvergence.csv", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Results []struct {
			Analysis, Measure, Note string
		}
		Caveats []string
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range doc.Results {
		if x.Analysis == "meta_reml" && x.Measure == "pooled_effect" {
			found = strings.Contains(x.Note, "REML did not converge: the DerSimonian–Laird τ² was used")
		}
	}
	if !found {
		t.Errorf("the meta_reml row does not say it fell back to DL:\n%s", stdout)
	}
	if !strings.Contains(strings.Join(doc.Caveats, " "), "DerSimonian") || !strings.Contains(stderr, "DerSimonian") {
		t.Errorf("no caveat in words about the fallback:\ncaveats %q\nsummary %s", doc.Caveats, stderr)
	}
}
