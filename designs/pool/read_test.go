package pool

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/meta"
	"github.com/whatworks/whatworks/reports/manifest"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestRead_effects(t *testing.T) {
	in, err := Read([]string{"testdata/effects.csv"}, Options{By: "region", Moderator: "FSM_share"})
	if err != nil {
		t.Fatal(err)
	}
	if in.Measure != evaluate.PoolHedgesG || len(in.Studies) != 3 {
		t.Fatalf("got %s with %d studies, want hedges_g with 3", in.Measure, len(in.Studies))
	}
	// The CI's SE: (0.6 − 0.1)/(2 · 1.959963984540054), R: qnorm(0.975).
	seCI := 0.5 / (2 * 1.959963984540054)
	want := []struct {
		name, input, level string
		yi, vi, x          float64
	}{
		{"Ash Primary", "yi, vi", "North", 0.21, 0.0121, 0.31},
		{"Birch Academy", "yi, se", "South", 0.05, 0.0081, 0.12},
		{"Cedar School", "yi, CI", "North", 0.35, seCI * seCI, 0.45},
	}
	for i, w := range want {
		s := in.Studies[i]
		if s.Name != w.name || s.Input != w.input || s.Level != w.level || !near(s.Yi, w.yi, 1e-15) || !near(s.Vi, w.vi, 1e-15) || s.X != w.x {
			t.Errorf("study %d: got %+v, want %+v", i+1, s, w)
		}
	}
	if s := in.Studies[0]; s.Source != "effects.csv, row 2" || len(s.Moderators) != 2 || s.Moderators[0] != (evaluate.PoolField{Name: "region", Value: "North"}) {
		t.Errorf("study 1: source %q, moderators %+v", s.Source, s.Moderators)
	}
}

// A study's g from summaries is the g of `whatworks effect` for the same
// numbers (evaluate.FromSummary): the unadjusted hedges_g row, or with a
// pretest the did row; vᵢ is the square of that row's SE.
func TestRead_summariesAgreeWithEffect(t *testing.T) {
	in, err := Read([]string{"testdata/summaries.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type arm struct {
		n        int
		mean, sd float64
	}
	rows := []struct {
		t, c, pt, pc arm
		r            float64
		analysis     string
	}{
		{arm{60, 104.2, 14.1}, arm{58, 101.5, 14.8}, arm{}, arm{}, math.NaN(), "unadjusted"},
		{arm{45, 31, 6}, arm{44, 29.5, 6.4}, arm{45, 25, 5.8}, arm{44, 24.6, 6.1}, math.NaN(), "did"},
		{arm{30, 98, 15}, arm{31, 97, 15.5}, arm{30, 95, 14}, arm{31, 96, 15}, 0.7, "did"},
	}
	for i, c := range rows {
		si := evaluate.SummaryInput{
			Treated:    evaluate.Summary{N: c.t.n, Mean: c.t.mean, SD: c.t.sd},
			Comparison: evaluate.Summary{N: c.c.n, Mean: c.c.mean, SD: c.c.sd}, PrePostR: c.r,
		}
		if c.pt.n > 0 {
			si.PreTreated = &evaluate.Summary{N: c.pt.n, Mean: c.pt.mean, SD: c.pt.sd}
			si.PreComparison = &evaluate.Summary{N: c.pc.n, Mean: c.pc.mean, SD: c.pc.sd}
		}
		res, err := evaluate.FromSummary(si)
		if err != nil {
			t.Fatal(err)
		}
		var row *evaluate.Result
		for j := range res {
			if string(res[j].Analysis) == c.analysis && res[j].Measure == "hedges_g" {
				row = &res[j]
			}
		}
		s := in.Studies[i]
		se := float64(row.SE)
		if !near(s.Yi, float64(row.Estimate), 1e-12) || !near(s.Vi, se*se, 1e-12) {
			t.Errorf("%s: yi %.15g vi %.15g, want effect's %s g %.15g and SE² %.15g", s.Name, s.Yi, s.Vi, c.analysis, float64(row.Estimate), se*se)
		}
		if *s.NTreated != c.t.n || *s.NComparison != c.c.n {
			t.Errorf("%s: n %d/%d", s.Name, *s.NTreated, *s.NComparison)
		}
	}
	if in.Studies[1].Input != "summaries and pretest (DiD)" || !strings.Contains(in.Studies[1].Note, "ignores the pre–post correlation") {
		t.Errorf("DiD without r: input %q, note %q", in.Studies[1].Input, in.Studies[1].Note)
	}
}

// Counts give log odds ratios by default (semicolon-delimited CSV), risk
// differences with --measure rd, as metafor's escalc (1/2 added to every
// cell of a table with a zero).
func TestRead_counts(t *testing.T) {
	for _, c := range []struct {
		measure, scale string
		f              func(meta.Counts) (meta.Effect, error)
	}{
		{"", evaluate.PoolLogOddsRatio, meta.LogOddsRatio},
		{"rd", evaluate.PoolRiskDifference, meta.RiskDifference},
	} {
		in, err := Read([]string{"testdata/counts.csv"}, Options{Measure: c.measure, By: "phase"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Measure != c.scale {
			t.Errorf("--measure %q: scale %s, want %s", c.measure, in.Measure, c.scale)
		}
		for i, cc := range []meta.Counts{{EventsT: 12, NT: 60, EventsC: 7, NC: 58}, {EventsT: 0, NT: 45, EventsC: 3, NC: 44}} {
			want, _ := c.f(cc)
			s := in.Studies[i]
			if s.Yi != want.Yi || s.Vi != want.Vi || s.Note != want.Note {
				t.Errorf("%s study %d: %+v, want %+v", c.scale, i+1, s, want)
			}
		}
	}
}

func TestRead_xlsx(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "schools.xlsx")
	f := excelize.NewFile()
	for i, row := range [][]any{{"study", "yi", "se", "phase"}, {"Ash", 0.2, 0.1, "primary"}, {"Birch", 0.1, -0.1, "secondary"}} {
		cellName, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cellName, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, err := Read([]string{path}, Options{})
	var de *table.DataError
	if !errors.As(err, &de) || de.Sheet != "Sheet1" || de.Row != 3 || de.Column != "se" || de.Value != "-0.1" {
		t.Fatalf("error %v, want one at sheet Sheet1, row 3, column se, value -0.1", err)
	}
}

// Every bad row is reported, at once, positioned, with how to fix it.
func TestRead_badRows(t *testing.T) {
	_, err := Read([]string{"testdata/bad.csv"}, Options{})
	var p table.Problems
	if !errors.As(err, &p) {
		t.Fatalf("error %v, want Problems", err)
	}
	want := []string{
		`testdata/bad.csv, row 2, column "vi": "-0.02" is negative, but a sampling variance is 0 or more (vi is the square of the standard error`,
		`testdata/bad.csv, row 3, column "vi": "" is empty: the study has no standard error, variance or confidence interval`,
		`testdata/bad.csv, row 4, column "study": "Ash Primary" is also the name of the study in bad.csv, row 2 (give each study its own name`,
		`testdata/bad.csv, row 5, column "yi": "n/a" is not a number`,
		`testdata/bad.csv, row 6, column "study": "" is empty (give each study a name`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if len(p) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(p), len(want), got)
	}
}

func TestRead_errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noForm := write("noform.csv", "school,effect,variance\nA,0.1,0.01\n")
	noVar := write("novar.csv", "study,yi\nA,0.1\n")
	partPre := write("partpre.csv", "study,n_t,mean_t,sd_t,n_c,mean_c,sd_c,pre_mean_t\nA,10,1,1,10,0,1,0\n")
	badSD := write("badsd.csv", "study,n_t,mean_t,sd_t,n_c,mean_c,sd_c\nA,10,1,0,10,0,1\nB,10.5,1,1,1,0,1\n")
	badCounts := write("badcounts.csv", "study,events_t,n_t,events_c,n_c\nA,12,10,1,10\n")
	noRegion := write("noregion.csv", "study,yi,vi,regoin\nA,0.1,0.01,N\n")
	emptyRegion := write("emptyregion.csv", "study,yi,vi,region\nA,0.1,0.01,\n")
	badCI := write("badci.csv", "study,yi,ci_low,ci_high\nA,0.9,0.1,0.5\n")
	dupB := write("dup2.csv", "study,yi,vi\nash primary,0.3,0.02\n")
	notJSON := write("x.json", `{"title": "x"}`)
	cases := []struct {
		name  string
		files []string
		o     Options
		want  string
	}{
		{"no form", []string{noForm}, Options{}, `row 1: is not a table of studies whatworks can pool`},
		{"no variance", []string{noVar}, Options{}, `has effect sizes (yi) but no column vi, se, or ci_low and ci_high`},
		{"part of the pretest", []string{partPre}, Options{}, `has some pretest columns but not "pre_sd_t", "pre_mean_c", "pre_sd_c"`},
		{"SD of 0", []string{badSD}, Options{}, `row 2, column "sd_t": "0" is not a usable standard deviation`},
		{"fractional n", []string{badSD}, Options{}, `row 3, column "n_t": "10.5" is not a whole number of pupils`},
		{"too few", []string{badSD}, Options{}, `row 3, column "n_c": "1" is too few pupils`},
		{"events > n", []string{badCounts}, Options{}, `column "events_t": "12" is more than the 10 pupils in the arm`},
		{"no --by column", []string{noRegion}, Options{By: "region"}, `row 1: has no column "region" (--by region needs it in every file) (did you mean "regoin"?)`},
		{"empty level", []string{emptyRegion}, Options{By: "region"}, `row 2, column "region": "" is empty (--by region needs every study's region`},
		{"estimate outside its CI", []string{badCI}, Options{}, `effect size 0.9 lies outside its interval (0.1, 0.5)`},
		{"duplicate across files", []string{"testdata/effects.csv", dupB}, Options{}, `dup2.csv, row 2, column "study": "ash primary" is also the name of the study in effects.csv, row 2`},
		{"summaries with --measure or", []string{"testdata/summaries.csv"}, Options{Measure: "or"}, `holds per-arm summaries (means and SDs), which give Hedges' g, but --measure is or`},
		{"counts with --measure g", []string{"testdata/counts.csv"}, Options{Measure: "g"}, `holds counts of pupils with an event, which give log odds ratios or risk differences, but --measure is g`},
		{"not results", []string{notJSON}, Options{}, `is JSON but not whatworks results`},
		{"missing file", []string{filepath.Join(dir, "nope.csv")}, Options{}, `cannot open the file`},
		{"effect column as moderator", []string{"testdata/effects.csv"}, Options{By: "vi"}, `is one of the columns the effect size is found from`},
	}
	for _, c := range cases {
		_, err := Read(c.files, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%v\nwant one containing\n%s", c.name, err, c.want)
		}
	}
}

// writeResults writes r as analyse --json would (schema 1).
func writeResults(t *testing.T, dir, name string, r evaluate.Report) string {
	t.Helper()
	data, err := json.Marshal(struct {
		Schema int `json:"schema_version"`
		evaluate.Report
	}{1, r})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRead_results(t *testing.T) {
	dir := t.TempDir()
	n := func(k int) *int { return &k }
	rows := func(outcome string, g, se float64) []evaluate.Result {
		return []evaluate.Result{
			{Outcome: outcome, Subgroup: "all", Analysis: "unadjusted", Measure: "hedges_g", Estimate: evaluate.Num(g + 0.1), SE: 0.2},
			{Outcome: outcome, Subgroup: "all", Analysis: "ancova", Measure: "hedges_g", Estimate: evaluate.Num(g), SE: evaluate.Num(se), NTreated: n(50), NComparison: n(48)},
			{Outcome: outcome, Subgroup: "fsm=Y", Analysis: "ancova", Measure: "hedges_g", Estimate: 0.9, SE: 0.3},
		}
	}
	a := writeResults(t, dir, "ash.json", evaluate.Report{Title: "Ash tutoring", Design: "rct", Results: append(rows("reading", 0.25, 0.11), rows("maths", 0.4, 0.12)...)})
	b := writeResults(t, dir, "birch.json", evaluate.Report{Title: "Birch tutoring", Design: "two-group", Results: rows("reading", 0.15, 0.1)})
	in, err := Read([]string{a, b}, Options{By: "design"})
	if err != nil {
		t.Fatal(err)
	}
	s := in.Studies[0]
	if s.Name != "Ash tutoring" || s.Yi != 0.25 || s.Vi != 0.11*0.11 || s.Outcome != "reading" || s.Level != "rct" || *s.NTreated != 50 ||
		s.Input != "whatworks results (ancova hedges_g)" {
		t.Errorf("first results: %+v", s)
	}
	in, err = Read([]string{a}, Options{Outcome: "MATHS"})
	if err != nil || in.Studies[0].Yi != 0.4 {
		t.Errorf("--outcome maths: %v %+v", err, in)
	}
	_, err = Read([]string{a}, Options{Outcome: "math"})
	if err == nil || !strings.Contains(err.Error(), `has no outcome "math" (--outcome) (did you mean "maths"?)`) {
		t.Errorf("--outcome math: %v", err)
	}
	pp := writeResults(t, dir, "pp.json", evaluate.Report{Title: "Summer school", Design: "pre-post", Results: []evaluate.Result{{Outcome: "y", Subgroup: "all", Analysis: "paired", Measure: "g_av", Estimate: 0.5, SE: 0.1}}})
	_, err = Read([]string{pp}, Options{})
	if err == nil || !strings.Contains(err.Error(), "is a pre-post evaluation") {
		t.Errorf("pre-post: %v", err)
	}
	same := writeResults(t, dir, "ash2.json", evaluate.Report{Title: "Ash tutoring", Design: "rct", Results: rows("reading", 0.3, 0.1)})
	_, err = Read([]string{a, same}, Options{})
	if err == nil || !strings.Contains(err.Error(), `ash2.json: the study "Ash tutoring" (the report's title) is also the name of the study in ash.json`) {
		t.Errorf("same title: %v", err)
	}
	pooled := filepath.Join(dir, "pooled.json")
	if err := os.WriteFile(pooled, []byte(`{"schema_version": 1, "command": "pool", "results": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Read([]string{pooled}, Options{})
	if err == nil || !strings.Contains(err.Error(), "is the JSON of whatworks pool") {
		t.Errorf("pool JSON: %v", err)
	}
	_, err = Read([]string{a}, Options{By: "region"})
	if err == nil || !strings.Contains(err.Error(), `has no value for "region" (--by region)`) {
		t.Errorf("--by region: %v", err)
	}
}

// A workbook written by analyse before workbooks carried their record is
// refused with what to pass instead.
func TestRead_analyseWorkbookOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Summary")
	f.NewSheet("Results")
	f.NewSheet("Method")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, err := Read([]string{path}, Options{})
	if err == nil || !strings.Contains(err.Error(), "is a workbook written by whatworks analyse before workbooks carried their results in a hidden record (write it again with this version") {
		t.Errorf("analyse workbook: %v", err)
	}
}

// Workbooks written by analyse are read from their hidden record: each
// gives its headline effect, as its JSON results would.
func TestRead_analyseWorkbook(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i, g := range []string{"0.2", "0.35"} {
		path := filepath.Join(dir, fmt.Sprintf("school-%d.xlsx", i))
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "Summary")
		f.NewSheet("Results")
		f.NewSheet("Method")
		// A workbook of each schema version: pool reads both.
		js := `{"schema_version":` + fmt.Sprint(i+1) + `,"title":"School ` + fmt.Sprint(i) + `","design":"rct","results":[{"outcome":"y","subgroup":"all","analysis":"ancova","measure":"hedges_g","estimate":` + g + `,"se":0.1,"n_treated":40,"n_comparison":41}]}`
		if err := manifest.Write(f, &manifest.Manifest{Command: "analyse", Results: json.RawMessage(js)}); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	in, err := Read(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Studies) != 2 || in.Studies[0].Name != "School 0" || in.Studies[1].Yi != 0.35 || math.Abs(in.Studies[1].Vi-0.01) > 1e-15 {
		t.Errorf("studies = %+v", in.Studies)
	}
	if in.Studies[0].Source != "school-0.xlsx" {
		t.Errorf("source = %q", in.Studies[0].Source)
	}
}

func FuzzReadResults(f *testing.F) {
	f.Add([]byte(`{"schema_version":1,"title":"a","design":"rct","results":[{"outcome":"y","subgroup":"all","analysis":"ancova","measure":"hedges_g","estimate":0.2,"se":0.1}]}`))
	f.Add([]byte(`{"schema_version":2}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readResults("x.json", data, "")
		if err != nil {
			var de *table.DataError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a DataError", err)
			}
			return
		}
		if res.row == nil || !(float64(res.row.SE) > 0) {
			t.Fatalf("accepted %s without a usable row", data)
		}
	})
}

// FuzzRead feeds tables of studies to Read: it never panics, and every
// problem is a positioned DataError.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"effects.csv", "summaries.csv", "counts.csv", "bad.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("study,yi,vi,region\nA,0.1,0.01,N\nB,0.2,0.02,\n"), "region")
	f.Add([]byte("study,n_t,mean_t,sd_t,n_c,mean_c,sd_c,pre_mean_t,pre_sd_t,pre_mean_c,pre_sd_c,r\nA,10,1,1,10,0,1,0,1,0,1,2\n"), "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, by string) {
		path := filepath.Join(dir, "studies.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := Read([]string{path}, Options{By: by})
		if err != nil {
			var p table.Problems
			var de *table.DataError
			if errors.As(err, &p) {
				for _, e := range p {
					if !errors.As(e, &de) {
						t.Fatalf("problem %v is not a DataError", e)
					}
				}
			} else if !errors.As(err, &de) {
				t.Fatalf("error %v is not a DataError", err)
			}
			return
		}
		for _, s := range in.Studies {
			if !(s.Vi > 0) || math.IsNaN(s.Yi) || math.IsInf(s.Yi, 0) || s.Name == "" {
				t.Fatalf("accepted a study that cannot be pooled: %+v", s)
			}
			if by != "" && s.Level == "" {
				t.Fatalf("study %q has no level of %q", s.Name, by)
			}
		}
	})
}

// TestRead_resultsLowerIsBetter: an evaluation whose outcome is one where
// lower is better (anxiety, absences) enters the pooling with its effect's
// sign reversed, so that above 0 means the programme helped in every
// study, and the study says so; pooled as it stood, a reduction in anxiety
// would count against the programme beside gains in reading.
func TestRead_resultsLowerIsBetter(t *testing.T) {
	dir := t.TempDir()
	row := func(o string, g float64) []evaluate.Result {
		return []evaluate.Result{{Outcome: o, Subgroup: "all", Analysis: "ancova", Measure: "hedges_g", Estimate: evaluate.Num(g), SE: 0.1}}
	}
	a := writeResults(t, dir, "a.json", evaluate.Report{Title: "Reading", Design: "rct", Results: row("reading", 0.2),
		Outcomes: []evaluate.OutcomeInfo{{Column: "reading", Direction: evaluate.DirectionHigher}}})
	b := writeResults(t, dir, "b.json", evaluate.Report{Title: "Anxiety", Design: "rct", Results: row("anxiety", -0.3),
		Outcomes: []evaluate.OutcomeInfo{{Column: "anxiety", Label: "Anxiety", Direction: evaluate.DirectionLower}}})
	in, err := Read([]string{a, b}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := in.Studies[0]; s.Yi != 0.2 || s.Reversed {
		t.Errorf("higher is better: %+v", s)
	}
	if s := in.Studies[1]; s.Yi != 0.3 || !s.Reversed || !strings.Contains(s.Note, "lower is better") {
		t.Errorf("lower is better: %+v", s)
	}
}

// Results with several outcomes, pooled without --outcome: the first of
// the design's outcomes is taken (never a balance row such as age), and
// the study lists the others, for the caveat.
func TestRead_resultsSeveralOutcomes(t *testing.T) {
	dir := t.TempDir()
	row := func(o string, g float64) evaluate.Result {
		return evaluate.Result{Outcome: o, Subgroup: "all", Analysis: "ancova", Measure: "hedges_g", Estimate: evaluate.Num(g), SE: 0.1}
	}
	a := writeResults(t, dir, "a.json", evaluate.Report{Title: "Ash", Design: "two-group",
		Results:  []evaluate.Result{{Outcome: "age", Subgroup: "all", Analysis: "unadjusted", Measure: "smd_age", Estimate: 0.1}, row("reading", 0.2), row("maths", 0.3)},
		Outcomes: []evaluate.OutcomeInfo{{Column: "reading", Label: "Reading"}, {Column: "maths", Label: "Maths"}}})
	in, err := Read([]string{a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := in.Studies[0]; s.Yi != 0.2 || !slices.Equal(s.OtherOutcomes, []string{"Maths"}) {
		t.Errorf("study %+v", s)
	}
	if in, err = Read([]string{a}, Options{Outcome: "maths"}); err != nil || len(in.Studies[0].OtherOutcomes) != 0 {
		t.Errorf("--outcome maths: %v %+v", err, in)
	}
	if _, err := Read([]string{a}, Options{Outcome: "age"}); err == nil || !strings.Contains(err.Error(), `its outcomes are "reading", "maths"`) {
		t.Errorf("--outcome age: %v", err)
	}
}
