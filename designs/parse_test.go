package designs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// parseIn writes pupils.csv (and pupils.xlsx, pupils.xls) beside a design
// file in a fresh folder, parses src as that design file and returns the
// design and its problems as text, with the folder taken out of messages.
func parseIn(t *testing.T, src string) (*Design, []string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"pupils.csv", "pupils.xlsx", "pupils.xls"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("a,b\n1,2\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "old.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := ParseBytes(filepath.Join(dir, "design.yaml"), []byte(src))
	if err == nil {
		return d, nil
	}
	if d != nil {
		t.Errorf("ParseBytes returned a design and an error")
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, want Problems: %v", err, err)
	}
	var msgs []string
	for _, e := range ps {
		var de *DesignError
		if !errors.As(e, &de) {
			t.Errorf("problem %T is not a *DesignError: %v", e, e)
		}
		msgs = append(msgs, strings.ReplaceAll(e.Error(), dir+string(filepath.Separator), ""))
	}
	return nil, msgs
}

const goodTwoGroup = `title: Year 7 reading catch-up 2025/26
design: two-group
data:
  file: pupils.csv
  id: upn
group:
  column: intervention
  treated: [Y]
  comparison: [N]
outcomes:
  - column: reading_post
    pretest: reading_pre
covariates: [gender, eal]
subgroups: [fsm]
`

func TestParseBytes_bad(t *testing.T) {
	// A minimal valid two-group design; each case changes one thing.
	ok := func(repl ...string) string {
		return strings.NewReplacer(repl...).Replace(goodTwoGroup)
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown field with a near name",
			ok("    pretest: reading_pre", "    pretset: reading_pre"),
			[]string{`design.yaml:12:5: unknown field "pretset" (did you mean "pretest"?)`}},
		{"unknown field, no near name",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nnotes: hello"),
			[]string{`design.yaml:15:1: unknown field "notes" (fields allowed at the top level: title, design, data, group, cluster, outcomes, covariates, subgroups, analysis, matching, allocation, threats, rating, cost, plan, scales, publish)`}},
		{"direction unknown",
			ok("    pretest: reading_pre", "    pretest: reading_pre\n    direction: down"),
			[]string{`design.yaml:13:16: unknown outcome direction "down" (write direction: higher when higher scores are better (the default), or direction: lower when lower scores are better (a depression score, absences))`}},
		{"direction misspelt",
			ok("    pretest: reading_pre", "    pretest: reading_pre\n    direction: lowr"),
			[]string{`design.yaml:13:16: unknown outcome direction "lowr" (did you mean "lower"?)`}},
		{"unknown field differing in case",
			ok("title:", "Title:"),
			[]string{`design.yaml:1:1: unknown field "Title" (did you mean "title"?)`}},
		{"unknown field in group, by prefix",
			ok("  comparison: [N]", "  comparison: [N]\n  treat: [Z]"),
			[]string{`design.yaml:10:3: unknown field "treat" (did you mean "treated"?)`}},
		{"duplicate field",
			ok("subgroups: [fsm]", "subgroups: [fsm]\ntitle: again"),
			[]string{`design.yaml:15:1: duplicate field "title" (it is first given at line 1; keep one)`}},
		{"title missing",
			ok("title: Year 7 reading catch-up 2025/26\n", ""),
			[]string{`design.yaml:1:1: title is missing (add a line such as: title: Year 7 reading catch-up 2025/26)`}},
		{"title a list",
			ok("title: Year 7 reading catch-up 2025/26", "title: [a, b]"),
			[]string{`design.yaml:1:8: title must be text, not a list (write it as title: Year 7 reading catch-up 2025/26)`}},
		{"design unknown, near",
			ok("design: two-group", "design: two-groups"),
			[]string{`design.yaml:2:9: unknown design "two-groups" (did you mean "two-group"?)`}},
		{"design unknown, far",
			ok("design: two-group", "design: survey"),
			[]string{`design.yaml:2:9: unknown design "survey" (choose one of: pre-post, two-group, rct, cluster-rct, matched)`}},
		{"design missing",
			ok("design: two-group\n", ""),
			[]string{`design.yaml:1:1: design is missing (add a line design: followed by one of: pre-post, two-group, rct, cluster-rct, matched)`}},
		{"data missing",
			ok("data:\n  file: pupils.csv\n  id: upn\n", ""),
			[]string{`design.yaml:1:1: data is missing (add data: with a line below it such as   file: pupils.xlsx)`}},
		{"data.file missing",
			ok("  file: pupils.csv\n", ""),
			[]string{`design.yaml:3:1: data.file is missing (add a line below data: such as   file: pupils.xlsx)`}},
		{"data.file not found, near name",
			ok("file: pupils.csv", "file: pupil.csv"),
			[]string{`design.yaml:4:9: data file "pupil.csv" not found (did you mean "pupils.csv"?)`}},
		{"data.file not found, far",
			ok("file: pupils.csv", "file: results/year7.csv"),
			[]string{`design.yaml:4:9: data file "results/year7.csv" not found (looked in DIR; data.file is relative to the folder the design file is in)`}},
		{"data.file .xls",
			ok("file: pupils.csv", "file: pupils.xls"),
			[]string{`design.yaml:4:9: data file "pupils.xls" is an old-style Excel file (open it in Excel and save it as an Excel Workbook (.xlsx), then write that name here)`}},
		{"data.file wrong extension",
			ok("file: pupils.csv", "file: pupils.txt"),
			[]string{`design.yaml:4:9: data file "pupils.txt" is not a .csv or .xlsx file (whatworks reads .csv and .xlsx files; save the data in one of those)`}},
		{"data.file a folder",
			ok("file: pupils.csv", "file: old.csv\n  sheet: x"),
			[]string{`design.yaml:4:9: data file "old.csv" is a folder (name the file inside it, e.g. file: old.csv/pupils.xlsx)`}},
		{"group missing for two-group",
			ok("group:\n  column: intervention\n  treated: [Y]\n  comparison: [N]\n", ""),
			[]string{`design.yaml:2:9: a two-group design needs group (add group: with column: intervention and treated: [Y] below it, naming the column that says who had the programme)`}},
		{"group given for pre-post",
			ok("design: two-group", "design: pre-post"),
			[]string{`design.yaml:6:1: group is not used in a pre-post design (a pre-post design follows one group of pupils: remove group, or choose design: two-group)`}},
		{"treated missing",
			ok("  treated: [Y]\n", ""),
			[]string{`design.yaml:6:1: group.treated is missing (add a line below group: such as   treated: [Y]   (the value that marks pupils who had the programme))`}},
		{"treated and comparison overlap",
			ok("comparison: [N]", "comparison: [N, Y]"),
			[]string{`design.yaml:9:19: value "Y" is both treated and comparison (a pupil is in one group only: remove it from treated or from comparison)`}},
		{"treated a mapping",
			ok("treated: [Y]", "treated: {a: 1}"),
			[]string{`design.yaml:8:12: group.treated must be a list of column names or values, not a set of fields (write it as treated: [Y])`,
				`design.yaml:8:12: group.treated is empty (give the value that marks pupils who had the programme, e.g. treated: [Y])`}[:1]},
		{"cluster missing for cluster-rct",
			ok("design: two-group", "design: cluster-rct"),
			[]string{`design.yaml:2:9: a cluster-rct design needs cluster (add a line such as: cluster: school (the column that says which school or class each pupil is in))`}},
		{"outcomes missing",
			ok("outcomes:\n  - column: reading_post\n    pretest: reading_pre\n", ""),
			[]string{`design.yaml:1:1: outcomes is missing (add outcomes: with at least one line below it such as   - column: reading_post)`}},
		{"outcomes empty list",
			ok("outcomes:\n  - column: reading_post\n    pretest: reading_pre\n", "outcomes: []\n"),
			[]string{`design.yaml:10:11: outcomes is empty (add at least one outcome on the line below, e.g.   - column: reading_post)`}},
		{"outcomes a mapping",
			ok("  - column: reading_post\n    pretest: reading_pre", "  column: reading_post"),
			[]string{`design.yaml:11:3: outcomes must be a list of outcomes, not a set of fields (write each outcome on its own line below, starting "- ", e.g. "- column: reading_post")`}},
		{"outcome without column",
			ok("  - column: reading_post\n    pretest", "  - pretest"),
			[]string{`design.yaml:11:5: outcome column is missing (add column: NAME to this outcome, naming the column that holds it)`}},
		{"outcome type unknown",
			ok("    pretest: reading_pre", "    pretest: reading_pre\n    type: continous"),
			[]string{`design.yaml:13:11: unknown outcome type "continous" (did you mean "continuous"?)`}},
		{"outcome is its own pretest",
			ok("pretest: reading_pre", "pretest: reading_post"),
			[]string{`design.yaml:12:14: outcome "reading_post" is also its own pretest (the pretest is the same measure taken before the programme, in a column of its own)`}},
		{"outcome listed twice",
			ok("covariates:", "  - reading_post\ncovariates:"),
			[]string{`design.yaml:13:5: outcome "reading_post" is listed twice (it is first listed at line 11; list each outcome once)`}},
		{"pre-post outcome without pretest",
			"title: t\ndesign: pre-post\ndata: {file: pupils.csv}\noutcomes:\n  - column: reading_post\n",
			[]string{`design.yaml:5:13: outcome "reading_post" needs a pretest in a pre-post design (a pre-post design compares each outcome with its pretest: add pretest: COLUMN below column:)`}},
		{"group column as covariate",
			ok("covariates: [gender, eal]", "covariates: [gender, intervention]"),
			[]string{`design.yaml:13:22: column "intervention" is the group column, so it cannot also be a covariate (the group column says who had the programme; use another column here)`}},
		{"outcome as subgroup",
			ok("subgroups: [fsm]", "subgroups: [reading_post]"),
			[]string{`design.yaml:14:13: column "reading_post" is an outcome, so it cannot also be a subgroup (an outcome is what the programme should change; adjusting for it or grouping by it would hide the effect)`}},
		{"covariate listed twice",
			ok("covariates: [gender, eal]", "covariates: [gender, gender]"),
			[]string{`design.yaml:13:22: "gender" is listed twice in covariates (list it once)`}},
		{"confidence a word",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  confidence: high"),
			[]string{`design.yaml:16:15: analysis.confidence must be a number, not the text "high" (write it as confidence: 0.95)`}},
		{"confidence as a percentage",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  confidence: 95"),
			[]string{`design.yaml:16:15: analysis.confidence must be between 0 and 1, not 95 (write it as a proportion: confidence: 0.95)`}},
		{"confidence with a percent sign",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  confidence: 90%"),
			[]string{`design.yaml:16:15: analysis.confidence must be a number between 0 and 1, not "90%" (write it as a proportion: confidence: 0.9)`}},
		{"confidence out of range",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  confidence: 0"),
			[]string{`design.yaml:16:15: analysis.confidence must be between 0 and 1, not 0 (write it as confidence: 0.95)`}},
		{"confidence just over 1",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  confidence: 1.5"),
			[]string{`design.yaml:16:15: analysis.confidence must be between 0 and 1, not 1.5 (write it as confidence: 0.95)`}},
		{"ci_method and months_table unknown",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  ci_method: exact\n  months_table: reports"),
			[]string{`design.yaml:16:14: unknown analysis.ci_method "exact" (choose one of: normal, noncentral-t)`,
				`design.yaml:17:17: unknown analysis.months_table "reports" (did you mean "report"?)`}},
		{"seed negative",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nanalysis:\n  seed: -3"),
			[]string{`design.yaml:16:9: analysis.seed must be a whole number of 0 or more, not the number -3 (write it as seed: 1)`}},
		{"matching in a two-group design",
			ok("subgroups: [fsm]", "subgroups: [fsm]\nmatching:\n  covariates: [reading_pre]"),
			[]string{`design.yaml:15:1: matching is not used in a two-group design (matching applies only to design: matched; remove it, or change the design)`}},
		{"matched design without matching",
			ok("design: two-group", "design: matched"),
			[]string{`design.yaml:2:9: a matched design needs matching (add matching: with covariates: [ ... ] below it, naming what to match pupils on)`}},
		{"matching bad values",
			ok("design: two-group", "design: matched") + "matching:\n  covariates: []\n  ratio: 1.5\n  caliper: 0\n  distance: euclid\n  order: biggest\n  replace: maybe\n",
			[]string{
				`design.yaml:16:15: matching needs covariates (list what to match pupils on, e.g. covariates: [ks2_read, fsm, gender])`,
				`design.yaml:17:10: matching.ratio must be a whole number of 1 or more, not 1.5 (write a whole number of comparison pupils per treated pupil, e.g. ratio: 1)`,
				`design.yaml:18:12: matching.caliper must be more than 0, not 0 (write a positive number of standard deviations, e.g. caliper: 0.2, or remove caliper for none)`,
				`design.yaml:19:13: unknown matching.distance "euclid" (choose one of: logit, mahalanobis)`,
				`design.yaml:20:10: unknown matching.order "biggest" (choose one of: largest, smallest, data, random)`,
				`design.yaml:21:12: matching.replace must be true or false, not the text "maybe" (write it as replace: false)`,
			}},
		{"matching given as a list",
			ok("design: two-group", "design: matched") + "matching: [ks2_read]\n",
			[]string{`design.yaml:15:11: matching must be a set of fields, not a list (put its fields on the lines below, indented, e.g. covariates: [ks2_read, fsm])`}},
		{"matching misspelt",
			ok("design: two-group", "design: matched") + "matchng:\n  covariates: [ks2_read]\n",
			[]string{`design.yaml:15:1: unknown field "matchng" (did you mean "matching"?)`}},
		{"cost negative",
			ok("subgroups: [fsm]", "subgroups: [fsm]\ncost:\n  per_pupil: -5"),
			[]string{`design.yaml:16:14: cost.per_pupil must be 0 or more, not -5 (write the cost in pounds per pupil per year, e.g. per_pupil: 150)`}},
		{"publish bad values",
			ok("subgroups: [fsm]", "subgroups: [fsm]\npublish:\n  min_count: 1.5\n  rounding: hes"),
			[]string{
				`design.yaml:16:14: publish.min_count must be a whole number from 2 to 1000, not 1.5 (write the smallest group to show, in pupils, e.g. min_count: 10 (the DfE's threshold))`,
				`design.yaml:17:13: unknown publish.rounding "hes" (did you mean "hesa"?)`,
			}},
		{"several problems, sorted by line",
			ok("design: two-group", "design: rtc", "    pretest: reading_pre", "    pretset: reading_pre", "file: pupils.csv", "file: pupils.xls"),
			[]string{
				`design.yaml:2:9: unknown design "rtc" (did you mean "rct"?)`,
				`design.yaml:4:9: data file "pupils.xls" is an old-style Excel file (open it in Excel and save it as an Excel Workbook (.xlsx), then write that name here)`,
				`design.yaml:12:5: unknown field "pretset" (did you mean "pretest"?)`,
			}},
		{"empty file", "", []string{`design.yaml: design file is empty (start from the file that whatworks init writes)`}},
		{"only comments", "# nothing yet\n", []string{`design.yaml: design file has no fields, only comments (start from the file that whatworks init writes)`}},
		{"a list at the top", "- title: x\n- design: rct\n",
			[]string{`design.yaml:1:1: design file must be a set of fields, not a list (remove the leading "- ": the top level of a design file is fields such as title:, design:, data: and outcomes:)`}},
		{"a CSV file given as the design", "upn,group,score\n1,Y,3\n",
			[]string{`design.yaml:1:1: design file must be a set of fields, not a single piece of text (a design file starts with lines such as "title: ..." and "design: two-group"; is this the design file?)`}},
		{"binary garbage", "PK\x03\x04\x00\x00garbage",
			[]string{`design.yaml:1:5: design file is not text (binary data at this place) (a design file is plain text in YAML, such as design.yaml; the pupil data (.csv or .xlsx) is named inside it under data.file)`}},
		{"tab indentation", "title: x\ndata:\n\tfile: pupils.csv\n",
			[]string{`design.yaml:3:1: not valid YAML: found character that cannot start any token (indent with spaces, not tabs)`}},
		{"colon in an unquoted value", "title: Reading: Year 7\n",
			[]string{`design.yaml:1:1: not valid YAML: mapping values are not allowed in this context (a value that contains ": " needs quotes, e.g. title: "Reading: Year 7")`}},
		{"unclosed list", "title: x\ncovariates: [a, b\ndesign: rct\n",
			[]string{`design.yaml:2:1: not valid YAML: did not find expected ',' or ']' (a list is written [a, b] or as lines starting "- ")`}},
		{"two documents", ok("subgroups: [fsm]", "subgroups: [fsm]\n---\ntitle: second"),
			[]string{`design.yaml:15:1: design file holds more than one YAML document (keep one design per file: remove the "---" line and what follows, or split it into two files)`}},
		{"merge key", ok("group:", "base: &b\n  column: x\ngroup:\n  <<: *b"),
			[]string{`design.yaml:6:1: unknown field "base" (fields allowed at the top level: title, design, data, group, cluster, outcomes, covariates, subgroups, analysis, matching, allocation, threats, rating, cost, plan, scales, publish)`,
				`design.yaml:9:3: unknown field "<<" (merge keys (<<) are not supported: write the fields out)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := parseIn(t, tt.src)
			for i := range got {
				// The "not found" hint names the temporary folder.
				if j, k := strings.Index(got[i], "(looked in "), strings.Index(got[i], "; data.file"); j >= 0 && k > j {
					got[i] = got[i][:j] + "(looked in DIR" + got[i][k:]
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseBytes_good(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want func(d *Design) bool
	}{
		{"two-group", goodTwoGroup, func(d *Design) bool {
			return d.Design == TwoGroup && d.Group.Column == "intervention" &&
				reflect.DeepEqual(d.Group.Treated, StringList{"Y"}) && reflect.DeepEqual(d.Group.Comparison, StringList{"N"}) &&
				d.Outcomes[0].Pretest == "reading_pre" && d.Data.Missing == nil
		}},
		{"pre-post", "title: t\ndesign: pre-post\ndata:\n  file: pupils.csv\noutcomes:\n  - column: post\n    pretest: pre\n    type: ordinal\n",
			func(d *Design) bool { return d.Design == PrePost && d.Group == nil && d.Outcomes[0].Type == "ordinal" }},
		{"rct, treated as a bare number, one covariate as a scalar", "title: t\ndesign: rct\ndata: {file: pupils.xlsx, sheet: Pupils}\ngroup:\n  column: arm\n  treated: 1\noutcomes: [post]\ncovariates: gender\n",
			func(d *Design) bool {
				return d.Design == RCT && reflect.DeepEqual(d.Group.Treated, StringList{"1"}) && d.Outcomes[0].Column == "post" &&
					reflect.DeepEqual(d.Covariates, []string{"gender"}) && d.Data.Sheet == "Pupils"
			}},
		{"YAML 1.1 booleans kept as written", "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup:\n  column: arm\n  treated: [yes, Y, on]\n  comparison: [no, N, off, 0]\noutcomes: [post]\n",
			func(d *Design) bool {
				return reflect.DeepEqual(d.Group.Treated, StringList{"yes", "Y", "on"}) && reflect.DeepEqual(d.Group.Comparison, StringList{"no", "N", "off", "0"})
			}},
		{"cluster-rct", "title: t\ndesign: cluster-rct\ndata: {file: pupils.csv, missing: [\"\", NA, n/a, '-']}\ngroup: {column: arm, treated: [T]}\ncluster: school\noutcomes: [post]\nanalysis:\n  confidence: 0.9\n  ci_method: Noncentral-T\n  months_table: report\n  seed: 42\ncost:\n  per_pupil: 150\n",
			func(d *Design) bool {
				return d.Cluster == "school" && d.Analysis.Confidence == 0.9 && d.Analysis.CIMethod == "noncentral-t" &&
					d.Analysis.MonthsTable == "report" && *d.Analysis.Seed == 42 && *d.Cost.PerPupil == 150 &&
					reflect.DeepEqual(d.Data.Missing, StringList{"", "NA", "n/a", "-"})
			}},
		{"matched", "title: t\ndesign: matched\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: Y}\noutcomes:\n  - column: post\n    pretest: pre\nmatching:\n  covariates: [pre, fsm]\n  exact: year_group\n  distance: logit\n  caliper: 0.2\n  caliper_scale: logit\n  ratio: 2\n  replace: true\n  order: random\n",
			func(d *Design) bool {
				m := d.Matching
				return m != nil && reflect.DeepEqual(m.Covariates, []string{"pre", "fsm"}) && reflect.DeepEqual(m.Exact, []string{"year_group"}) &&
					m.Distance == "logit" && *m.Caliper == 0.2 && m.CaliperScale == "logit" && m.Ratio == 2 && m.Replace && m.Order == "random"
			}},
		{"one outcome's pretest is another's outcome", "title: t\ndesign: pre-post\ndata: {file: pupils.csv}\noutcomes:\n  - {column: mid, pretest: pre}\n  - {column: post, pretest: mid}\n",
			func(d *Design) bool { return len(d.Outcomes) == 2 }},
		{"anchors and aliases", "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: &t [Y]}\noutcomes: [post]\nsubgroups: *t\n",
			func(d *Design) bool { return reflect.DeepEqual(d.Subgroups, []string{"Y"}) }},
		{"directions", "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: arm, treated: Y}\n" +
			"outcomes:\n  - {column: post, direction: Lower}\n  - {column: absences, direction: lower is better}\n  - {column: reading, direction: higher}\n  - maths\n",
			func(d *Design) bool {
				return d.Outcomes[0].Direction == "lower" && d.Outcomes[1].Direction == "lower" && d.Outcomes[2].Direction == "higher" && d.Outcomes[3].Direction == ""
			}},
		{"byte-order mark and CRLF", "\ufefftitle: t\r\ndesign: rct\r\ndata: {file: pupils.csv}\r\ngroup: {column: arm, treated: Y}\r\noutcomes: [post]\r\n",
			func(d *Design) bool { return d.Title == "t" && d.Design == RCT }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, probs := parseIn(t, tt.src)
			if probs != nil {
				t.Fatalf("unexpected problems:\n%s", strings.Join(probs, "\n"))
			}
			if !tt.want(d) {
				t.Errorf("design not as expected: %+v", d)
			}
			if string(d.Source) != tt.src || filepath.Base(d.Path) != "design.yaml" {
				t.Errorf("Source or Path not kept")
			}
		})
	}
}

func TestParse_files(t *testing.T) {
	d, err := Parse("../fixtures/designs/design.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.Dir != "../fixtures/designs" || d.Title != "Year 7 reading catch-up 2025/26" {
		t.Errorf("Dir %q, Title %q", d.Dir, d.Title)
	}
	for _, tt := range []struct{ path, want string }{
		{"../fixtures/designs/nope.yaml", `../fixtures/designs/nope.yaml: design file not found (check the path; whatworks init DIR writes a design file to start from)`},
		{"../fixtures/designs", `../fixtures/designs: is a folder, not a design file (did you mean ../fixtures/designs/design.yaml?)`},
	} {
		_, err := Parse(tt.path)
		var de *DesignError
		if err == nil || !errors.As(err, &de) || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v, want %s", tt.path, err, tt.want)
		}
	}
}

func TestStringList_UnmarshalYAML(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want StringList
		err  string
	}{
		{"v: 1", StringList{"1"}, ""},
		{"v: yes", StringList{"yes"}, ""},
		{"v: [Y, 2, true, '']", StringList{"Y", "2", "true", ""}, ""},
		{"v: ~", nil, ""},
		{"v: {a: b}", nil, "line 1: want a value or a list of values, not a set of fields"},
		{"v: [[a]]", nil, "line 1: each entry must be a single value, not a list"},
	} {
		var got struct{ V StringList }
		err := yaml.Unmarshal([]byte(tt.src), &got)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %s", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.V, tt.want) {
			t.Errorf("%s: got %q, %v; want %q", tt.src, got.V, err, tt.want)
		}
	}
}

func ExampleParseBytes() {
	src := `title: Reading catch-up
design: pre-post
data:
  file: pupils.csv
outcomes:
  - column: reading_post
    pretset: reading_pre
analysis:
  confidence: 95
`
	_, err := ParseBytes("../fixtures/designs/design.yaml", []byte(src))
	fmt.Println(err)
	// Output:
	// ../fixtures/designs/design.yaml:7:5: unknown field "pretset" (did you mean "pretest"?)
	// ../fixtures/designs/design.yaml:9:15: analysis.confidence must be between 0 and 1, not 95 (write it as a proportion: confidence: 0.95)
}

// The publish block: its fields, and an empty block (the defaults).
func TestParse_publish(t *testing.T) {
	base := "title: t\ndesign: rct\ndata: {file: pupils.csv}\ngroup: {column: a, treated: [1]}\noutcomes: [b]\n"
	for _, tt := range []struct {
		src  string
		want Publish
	}{
		{"publish:\n  min_count: 5\n  rounding: HESA\n", Publish{MinCount: 5, Rounding: "hesa"}},
		{"publish: {rounding: ofs}\n", Publish{Rounding: "ofs"}},
		{"publish:\n", Publish{}},
	} {
		d, problems := parseIn(t, base+tt.src)
		if len(problems) > 0 || d == nil || d.Publish == nil || *d.Publish != tt.want {
			t.Errorf("%q: got %+v, problems %v; want %+v", tt.src, d, problems, tt.want)
		}
	}
}
