package designs

import (
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// loadIn copies the named data files from fixtures/designs into a fresh
// folder, writes src there as design.yaml and loads it. It returns the
// evaluation, or the problems as text with the folder taken out.
func loadIn(t *testing.T, src string, data ...string) (*Evaluation, []string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range data {
		b, err := os.ReadFile(filepath.Join("..", "fixtures", "designs", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "design.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path, DesignColumns)
	if err == nil {
		if e == nil || e.Table == nil || e.DataPath != filepath.Join(dir, data[0]) {
			t.Fatalf("Load returned %+v", e)
		}
		return e, nil
	}
	if e != nil {
		t.Errorf("Load returned an evaluation and an error")
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, want Problems: %v", err, err)
	}
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	return nil, msgs
}

// design returns a two-group design on file with the given replacements.
func design(file string, repl ...string) string {
	src := `title: Year 7 reading catch-up
design: two-group
data:
  file: ` + file + `
  id: upn
group:
  column: intervention
  treated: [Y]
  comparison: [N]
cluster: school
outcomes:
  - column: reading_post
    pretest: reading_pre
covariates: [gender, ks2_read]
subgroups: [fsm]
`
	return strings.NewReplacer(repl...).Replace(src)
}

func TestLoad_bad(t *testing.T) {
	tests := []struct {
		name string
		src  string
		data string
		want []string
	}{
		{"treated value not in the data",
			design("pupils.csv", "treated: [Y]", "treated: [Yes]"), "pupils.csv",
			[]string{`design.yaml:8:13: treated value "Yes" never occurs in column "intervention" of pupils.csv (values seen: "N", "W", "Y")`}},
		{"comparison value not in the data, near one that is",
			design("pupils.csv", "comparison: [N]", "comparison: [n, X]"), "pupils.csv",
			[]string{
				`design.yaml:9:16: comparison value "n" never occurs in column "intervention" of pupils.csv (values seen: "N", "W", "Y"; did you mean "N"?)`,
				`design.yaml:9:19: comparison value "X" never occurs in column "intervention" of pupils.csv (values seen: "N", "W", "Y")`,
			}},
		{"outcome column misspelt",
			design("pupils.csv", "column: reading_post", "column: reading_pst"), "pupils.csv",
			[]string{`design.yaml:12:13: column "reading_pst" is not in pupils.csv (did you mean "reading_post"?)`}},
		{"covariate not in the data, nothing near",
			design("pupils.csv", "[gender, ks2_read]", "[gender, ethnicity]"), "pupils.csv",
			[]string{`design.yaml:14:22: column "ethnicity" is not in pupils.csv (the columns are: "upn", "intervention", "reading_pre", "reading_post", "fsm", "eal", "school", "gender", "ks2_read", "year_group", "passed")`}},
		{"group, cluster, id and subgroup columns misspelt",
			design("pupils.csv", "id: upn", "id: UPN", "column: intervention", "column: interventon", "cluster: school", "cluster: schools", "[fsm]", "[FSM, pp]"), "pupils.csv",
			[]string{
				`design.yaml:5:7: column "UPN" is not in pupils.csv (did you mean "upn"?)`,
				`design.yaml:7:11: column "interventon" is not in pupils.csv (did you mean "intervention"?)`,
				`design.yaml:10:10: column "schools" is not in pupils.csv (did you mean "school"?)`,
				`design.yaml:15:13: column "FSM" is not in pupils.csv (did you mean "fsm"?)`,
				`design.yaml:15:18: column "pp" is not in pupils.csv (the columns are: "upn", "intervention", "reading_pre", "reading_post", "fsm", "eal", "school", "gender", "ks2_read", "year_group", "passed")`,
			}},
		{"group column with one arm only",
			design("one_arm.csv", "  comparison: [N]\n", ""), "one_arm.csv",
			[]string{`design.yaml:7:11: column "intervention" of one_arm.csv holds only treated values ("Y"): there is no comparison group (a comparison needs pupils who did not have the programme: add them, or use design: pre-post)`}},
		{"comparison value absent because there is one arm",
			design("one_arm.csv"), "one_arm.csv",
			[]string{`design.yaml:9:16: comparison value "N" never occurs in column "intervention" of one_arm.csv (values seen: "Y")`}},
		{"all outcome values missing",
			design("no_outcome.csv"), "no_outcome.csv",
			[]string{`design.yaml:12:13: every value of outcome "reading_post" is missing in no_outcome.csv (fill in the scores, or check that this is the right column)`}},
		{"no outcome in the treated group",
			design("no_treated_outcome.csv"), "no_treated_outcome.csv",
			[]string{`design.yaml:12:13: no pupil in the treated group has a value of outcome "reading_post" in no_treated_outcome.csv (fill in the scores for that group; without them there is nothing to compare)`}},
		{"binary outcome that is not 0/1",
			design("pupils.csv", "    pretest: reading_pre", "    type: binary"), "pupils.csv",
			[]string{`design.yaml:12:13: outcome "reading_post" is binary, but pupils.csv has 104 in row 2 (a binary outcome is 1 (yes) or 0 (no) for each pupil; use type: continuous or ordinal for scores)`}},
		{"pretest that is not a number",
			design("bad_pretest.csv"), "bad_pretest.csv",
			[]string{`bad_pretest.csv, row 7, column "reading_pre": "n/a" is not a number (missing values: "", "NA"; add "n/a" under data.missing)`}},
		{"design problems and data problems together",
			design("pupils.csv", "    pretest: reading_pre", "    pretset: reading_pre", "treated: [Y]", "treated: [y]"), "pupils.csv",
			[]string{
				`design.yaml:8:13: treated value "y" never occurs in column "intervention" of pupils.csv (values seen: "N", "W", "Y"; did you mean "Y"?)`,
				`design.yaml:13:5: unknown field "pretset" (did you mean "pretest"?)`,
			}},
		{"every covariate value missing",
			design("pupils.csv", "[gender, ks2_read]", "[gender, passed]", "file: pupils.csv", "file: pupils.csv\n  missing: [\"\", \"0\", \"1\"]"), "pupils.csv",
			[]string{`design.yaml:15:22: every value of covariate "passed" is missing in pupils.csv (fill it in, or remove it from covariates)`}},
		{"exact-matching column misspelt",
			design("pupils.csv", "design: two-group", "design: matched") + "matching:\n  covariates: [ks2_read, fsm]\n  exact: [yeargroup]\n", "pupils.csv",
			[]string{`design.yaml:18:11: column "yeargroup" is not in pupils.csv (did you mean "year_group"?)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadIn(t, tt.src, tt.data)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLoad_textOutcomeReportedOnce(t *testing.T) {
	// Read reports each word in the numeric outcome column once, with its
	// rows; Load does not add that every value is missing.
	_, got := loadIn(t, design("text_outcome.csv"), "text_outcome.csv")
	if len(got) != 2 {
		t.Fatalf("%d problems, want 2 (one per word):\n%s", len(got), strings.Join(got, "\n"))
	}
	if want := `text_outcome.csv, column "reading_post": "good" is not a number, in rows 2, 4, 6, 8, 11, 12 and 2 more rows`; !strings.HasPrefix(got[0], want) {
		t.Errorf("first problem %q, want it to start %q", got[0], want)
	}
	for _, g := range got {
		if strings.Contains(g, "every value") || strings.Contains(g, "no pupil") {
			t.Errorf("reported twice: %s", g)
		}
	}
}

func TestLoad_clusterRCTNeedsClusters(t *testing.T) {
	// year_group has two values: fine. A constant column has one.
	src := design("one_arm.csv", "design: two-group", "design: cluster-rct", "column: intervention", "column: fsm",
		"cluster: school", "cluster: intervention", "[fsm]", "[eal]")
	_, got := loadIn(t, src, "one_arm.csv")
	want := []string{`design.yaml:10:10: column "intervention" of one_arm.csv has only one cluster ("Y") (a cluster-randomised trial compares whole schools or classes: it needs several of them)`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoad_parseProblemsOnly(t *testing.T) {
	// With the data file unusable, Load reports the design's problems and
	// does not try to read it.
	_, got := loadIn(t, design("pupils.xls", "title:", "titel:"), "pupils.csv")
	want := []string{
		`design.yaml:1:1: unknown field "titel" (did you mean "title"?)`,
		`design.yaml:4:9: data file "pupils.xls" is an old-style Excel file (open it in Excel and save it as an Excel Workbook (.xlsx), then write that name here)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoad_fixture(t *testing.T) {
	e, err := Load("../fixtures/designs/design.yaml", DesignColumns)
	if err != nil {
		t.Fatal(err)
	}
	if e.DataPath != filepath.Join("..", "fixtures", "designs", "pupils.csv") || e.Table.Rows() != 16 {
		t.Errorf("DataPath %q, %d rows", e.DataPath, e.Table.Rows())
	}
}

func TestEvaluation_Input(t *testing.T) {
	e, probs := loadIn(t, design("pupils.csv"), "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	in := e.Input()
	const T, C, X = evaluate.Treated, evaluate.Comparison, evaluate.Excluded
	// intervention: Y Y N N Y Y N N Y Y N "" Y Y N W
	wantArm := []int8{T, T, C, C, T, T, C, C, T, T, C, X, T, T, C, X}
	if !reflect.DeepEqual(in.Arm, wantArm) {
		t.Errorf("Arm = %v, want %v", in.Arm, wantArm)
	}
	if in.Title != "Year 7 reading catch-up" || in.Design != TwoGroup || in.Confidence != 0.95 ||
		in.MonthsTable != "toolkit" || in.CIMethod != "normal" || in.Seed != 1 || in.Matching != nil {
		t.Errorf("header or defaults wrong: %+v", in)
	}
	if len(in.Outcomes) != 1 {
		t.Fatalf("%d outcomes", len(in.Outcomes))
	}
	o := in.Outcomes[0]
	if o.Column != "reading_post" || o.PreColumn != "reading_pre" || o.Type != "continuous" ||
		o.Y[0] != 104 || !math.IsNaN(o.Y[8]) || o.Pre[15] != 101 || len(o.Y) != 16 {
		t.Errorf("outcome wrong: %+v", o)
	}
	if in.Cluster == nil || !reflect.DeepEqual(in.Cluster.Levels, []string{"Ash", "Birch", "Cedar", "Damson"}) ||
		in.Cluster.Codes[4] != 1 || in.Cluster.Name != "school" {
		t.Errorf("cluster wrong: %+v", in.Cluster)
	}
	if len(in.Covariates) != 2 {
		t.Fatalf("covariates: %+v", in.Covariates)
	}
	g, k := in.Covariates[0], in.Covariates[1]
	if g.Name != "gender" || g.Factor == nil || g.Num != nil || !reflect.DeepEqual(g.Factor.Levels, []string{"F", "M"}) ||
		!reflect.DeepEqual(g.Factor.Codes[:4], []int32{0, 1, 0, 1}) {
		t.Errorf("categorical covariate wrong: %+v", g)
	}
	if k.Name != "ks2_read" || k.Factor != nil || k.Num[0] != 101 {
		t.Errorf("numeric covariate wrong: %+v", k)
	}
	if len(in.Subgroups) != 1 || in.Subgroups[0].Name != "fsm" || !reflect.DeepEqual(in.Subgroups[0].Levels, []string{"N", "Y"}) ||
		!reflect.DeepEqual(in.Subgroups[0].Codes[:4], []int32{1, 0, 0, 1}) {
		t.Errorf("subgroups wrong: %+v", in.Subgroups)
	}
	if o.Direction != evaluate.DirectionHigher {
		t.Errorf("default direction %q", o.Direction)
	}
}

func TestEvaluation_Input_direction(t *testing.T) {
	src := design("pupils.csv", "    pretest: reading_pre", "    pretest: reading_pre\n    direction: lower")
	e, probs := loadIn(t, src, "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	if d := e.Input().Outcomes[0].Direction; d != evaluate.DirectionLower {
		t.Errorf("direction %q", d)
	}
}

func TestEvaluation_Input_comparisonDefault(t *testing.T) {
	// Without comparison:, every other value is the comparison ("W" too);
	// a blank group is still excluded.
	e, probs := loadIn(t, design("pupils.csv", "  comparison: [N]\n", ""), "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	in := e.Input()
	const T, C, X = evaluate.Treated, evaluate.Comparison, evaluate.Excluded
	want := []int8{T, T, C, C, T, T, C, C, T, T, C, X, T, T, C, C}
	if !reflect.DeepEqual(in.Arm, want) {
		t.Errorf("Arm = %v, want %v", in.Arm, want)
	}
}

func TestEvaluation_Input_numericGroupValues(t *testing.T) {
	// treated: 7.0 matches the data's "7"; year 8 is the comparison.
	e, probs := loadIn(t, design("pupils.csv", "column: intervention", "column: year_group", "treated: [Y]", "treated: 7.0", "comparison: [N]", "comparison: 8"), "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	in := e.Input()
	for i, a := range in.Arm {
		if want := map[bool]int8{true: evaluate.Treated, false: evaluate.Comparison}[i < 8]; a != want {
			t.Fatalf("Arm = %v", in.Arm)
		}
	}
}

func TestEvaluation_Input_prePost(t *testing.T) {
	src := "title: t\ndesign: pre-post\ndata: {file: pupils.csv}\noutcomes:\n  - column: reading_post\n    pretest: reading_pre\n    label: Reading age\nanalysis:\n  confidence: 0.9\n  ci_method: noncentral-t\n  months_table: report\n  seed: 7\n"
	e, probs := loadIn(t, src, "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	in := e.Input()
	if in.Arm != nil || in.Cluster != nil || in.Covariates != nil || in.Subgroups != nil {
		t.Errorf("pre-post input has arms, cluster or covariates: %+v", in)
	}
	if in.Confidence != 0.9 || in.CIMethod != "noncentral-t" || in.MonthsTable != "report" || in.Seed != 7 || in.Outcomes[0].Label != "Reading age" {
		t.Errorf("analysis settings not passed on: %+v", in)
	}
}

func TestEvaluation_Input_matched(t *testing.T) {
	base := design("pupils.csv", "design: two-group", "design: matched")
	e, probs := loadIn(t, base+"matching:\n  covariates: [ks2_read, fsm]\n  exact: [year_group]\n", "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	m := e.Input().Matching
	if m == nil || m.Distance != "logit" || m.Ratio != 1 || m.Order != "largest" || !math.IsNaN(m.Caliper) ||
		m.CaliperScale != "probability" || m.Replace || m.Seed != 1 {
		t.Fatalf("matching defaults wrong: %+v", m)
	}
	if len(m.Covariates) != 2 || m.Covariates[0].Num == nil || m.Covariates[1].Factor == nil ||
		len(m.Exact) != 1 || !reflect.DeepEqual(m.Exact[0].Levels, []string{"7", "8"}) {
		t.Errorf("matching variables wrong: %+v", m)
	}
	e, probs = loadIn(t, base+"matching:\n  covariates: ks2_read\n  distance: mahalanobis\n  caliper_scale: logit\n  ratio: 2\n  replace: true\n  order: random\nanalysis:\n  seed: 99\n", "pupils.csv")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	m = e.Input().Matching
	if m.Distance != "mahalanobis" || !math.IsNaN(m.Caliper) || m.CaliperScale != "logit" || m.Ratio != 2 || !m.Replace ||
		m.Order != "random" || m.Seed != 99 {
		t.Errorf("matching settings wrong: %+v", m)
	}
}

func TestTableOptions(t *testing.T) {
	d, probs := parseIn(t, "title: t\ndesign: matched\ndata: {file: pupils.csv, sheet: S, id: upn, missing: [\"-\"]}\ngroup: {column: arm, treated: Y}\ncluster: school\noutcomes:\n  - {column: post, pretest: pre}\nsubgroups: [fsm]\ncovariates: [age]\nmatching: {covariates: [pre], exact: [yg]}\n")
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	o := tableOptions(d, AllColumns)
	want := table.Options{Sheet: "S", Missing: []string{"-"},
		Numeric:     map[string]bool{"post": true, "pre": true},
		Categorical: map[string]bool{"school": true, "arm": true, "fsm": true, "yg": true},
		Text:        map[string]bool{"upn": true},
		Variables:   map[string]bool{"age": true, "pre": true}}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("tableOptions = %+v, want %+v", o, want)
	}
	// Without all: only the columns the design names are kept.
	want.Keep = map[string]bool{"upn": true, "school": true, "arm": true, "post": true, "pre": true, "age": true, "fsm": true, "yg": true}
	if o := tableOptions(d, DesignColumns); !reflect.DeepEqual(o, want) {
		t.Errorf("tableOptions = %+v, want %+v", o, want)
	}
}

// updateCatalogue rewrites fixtures/designs/bad/*.want from what Load says
// now; read every diff before committing it.
var updateCatalogue = flag.Bool("update-catalogue", false, "rewrite fixtures/designs/bad/*.want")

// TestLoad_catalogue loads each bad design in fixtures/designs/bad and
// compares every problem reported with NAME.want (paths shown relative to
// fixtures/designs/bad). Every file must give at least one problem, each
// a *DesignError positioned in the YAML or a *table.DataError naming the data
// file.
func TestLoad_catalogue(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "designs", "bad")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) < 20 {
		t.Fatalf("%d bad designs found, want at least 20 (%v)", len(files), err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			e, err := Load(path, DesignColumns)
			if err == nil || e != nil {
				t.Fatalf("Load(%s) = %v, %v; want problems", path, e, err)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %T is not Problems: %v", err, err)
			}
			var lines []string
			for _, p := range ps {
				var de *DesignError
				var da *table.DataError
				switch {
				case errors.As(p, &de):
					if de.File != path {
						t.Errorf("problem names %q, not the design file", de.File)
					}
				case errors.As(p, &da):
					if da.File == "" {
						t.Errorf("data problem names no file: %v", p)
					}
				default:
					t.Errorf("problem %T is neither a DesignError nor a DataError: %v", p, p)
				}
				msg := strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), "")
				msg = strings.ReplaceAll(msg, filepath.Dir(dir)+string(filepath.Separator), "")
				lines = append(lines, msg)
			}
			got := strings.Join(lines, "\n") + "\n"
			wantPath := filepath.Join(dir, name+".want")
			if *updateCatalogue {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run go test -run TestLoad_catalogue -update-catalogue, then read the new file)", err)
			}
			if got != string(want) {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// bigTable is n synthetic pupils with the columns of design("pupils.csv").
func bigTable(n int) *table.Table {
	var cols []*table.Column
	num := func(name string, f func(i int) float64) {
		c := &table.Column{Name: name, Kind: table.Numeric, Num: make([]float64, n)}
		for i := range c.Num {
			c.Num[i] = f(i)
		}
		cols = append(cols, c)
	}
	cat := func(name string, levels []string, f func(i int) int32) {
		c := &table.Column{Name: name, Kind: table.Categorical, Codes: make([]int32, n), Levels: levels}
		for i := range c.Codes {
			c.Codes[i] = f(i)
		}
		cols = append(cols, c)
	}
	cat("upn", []string{"x"}, func(i int) int32 { return 0 })
	cat("intervention", []string{"N", "Y"}, func(i int) int32 { return int32(i % 2) })
	num("reading_pre", func(i int) float64 { return float64(80 + i%40) })
	num("reading_post", func(i int) float64 { return float64(85 + i%43) })
	cat("fsm", []string{"N", "Y"}, func(i int) int32 { return int32(i % 3 % 2) })
	cat("school", []string{"A", "B", "C", "D"}, func(i int) int32 { return int32(i % 4) })
	cat("gender", []string{"F", "M"}, func(i int) int32 { return int32(i % 2) })
	num("ks2_read", func(i int) float64 { return float64(90 + i%20) })
	return table.NewTable("pupils.csv", cols...)
}

// BenchmarkLoadChecks is Load's checks of a design against 1,000,000
// pupils (reading the file is Read's benchmark).
func BenchmarkLoadChecks(b *testing.B) {
	t := bigTable(1_000_000)
	src := design("pupils.csv")
	for b.Loop() {
		d, p := parseAll("../fixtures/designs/design.yaml", []byte(src))
		c := &checker{p: p, d: d, t: t, file: "pupils.csv", reported: map[string]bool{}}
		c.check()
		if len(p.errs) > 0 {
			b.Fatal(p.problems())
		}
	}
}

// BenchmarkInput is Evaluation.Input on 1,000,000 pupils.
func BenchmarkInput(b *testing.B) {
	t := bigTable(1_000_000)
	d, err := ParseBytes("../fixtures/designs/design.yaml", []byte(design("pupils.csv")))
	if err != nil {
		b.Fatal(err)
	}
	e := &Evaluation{Design: d, Table: t}
	for b.Loop() {
		if in := e.Input(); len(in.Arm) != 1_000_000 {
			b.Fatal(len(in.Arm))
		}
	}
}
