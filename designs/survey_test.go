package designs

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// loadSurvey writes csv as pupils.csv and src as design.yaml in a fresh
// folder and loads them; it returns the evaluation or the problems as
// text with the folder taken out.
func loadSurvey(t *testing.T, src, csv string) (*Evaluation, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "design.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path, AnalysisColumns)
	if err == nil {
		return e, nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, want Problems: %v", err, err)
	}
	var msgs []string
	for _, p := range ps {
		var de *DesignError
		var da *table.DataError
		if !errors.As(p, &de) && !errors.As(p, &da) {
			t.Errorf("problem %T is neither a DesignError nor a DataError: %v", p, p)
		}
		msgs = append(msgs, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	return nil, msgs
}

const surveyCSV = `id,arm,progressed,q1_pre,q2_pre,q3_pre,q1_post,q2_post,q3_post
1,Y,Yes,Agree,Disagree,Neither,Strongly agree,Disagree,Agree
2,Y,yes,Neither,Neither,Agree,Agree,Strongly disagree,Agree
3,Y,No,Disagree,Agree,Disagree,Agree,Disagree,
4,Y,Yes,Agree,Disagree,Agree,Strongly agree,Strongly disagree,Strongly agree
5,N,No,,,,,,
6,N,no,,,,,,
7,N,Yes,,,,,,
8,N,NO,,,,,,
`

const surveyDesign = `title: Summer school
design: two-group
data:
  file: pupils.csv
  id: id
group:
  column: arm
  treated: [Y]
outcomes:
  - column: progressed
    type: binary
    positive: [Yes]
  - column: attitudes_post
    pretest: attitudes_pre
    type: ordinal
scales:
  - name: attitudes_pre
    items: [q1_pre, q2_pre, q3_pre]
    reverse: [q2_pre]
    min_items: 2
    levels: ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
  - name: attitudes_post
    items: [q1_post, q2_post, q3_post]
    reverse: [q2_post]
    min_items: 2
    levels: ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
`

func same(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(a[i] == b[i] || math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestSurvey_input: yes/no answers in any case become 1 and 0, text
// answers their place on the scale, a scale's name stands for its score
// (the mean of the answered items, reverse items flipped) and the scales
// go to evaluate with their items.
func TestSurvey_input(t *testing.T) {
	e, probs := loadSurvey(t, surveyDesign, surveyCSV)
	if probs != nil {
		t.Fatalf("problems: %v", probs)
	}
	in := e.Input()
	nan := math.NaN()
	if got, want := in.Outcomes[0].Y, []float64{1, 1, 0, 1, 0, 0, 1, 0}; !same(got, want) {
		t.Errorf("progressed = %v, want %v", got, want)
	}
	att := in.Outcomes[1]
	// Pupil 1 after: 5, 6 − 2 = 4, 4; pupil 3: 4, 4, no third (2 of 3 answered).
	if want := []float64{13.0 / 3, 13.0 / 3, 4, 5, nan, nan, nan, nan}; !same(att.Y, want) {
		t.Errorf("attitudes_post = %v, want %v", att.Y, want)
	}
	if want := []float64{(4 + 4 + 3) / 3.0, 10.0 / 3, (2 + 2 + 2) / 3.0, 4, nan, nan, nan, nan}; !same(att.Pre, want) {
		t.Errorf("attitudes_pre = %v, want %v", att.Pre, want)
	}
	if att.Scale != "attitudes_post" || att.PreScale != "attitudes_pre" || att.Min != 1 || att.Max != 5 || len(att.Levels) != 5 {
		t.Errorf("outcome %+v", att)
	}
	if len(in.Scales) != 2 || !reflect.DeepEqual(in.Scales[1].Items, []string{"q1_post", "q2_post", "q3_post"}) ||
		!reflect.DeepEqual(in.Scales[1].Rule.Reverse, []int{1}) || in.Scales[1].Rule.MinItems != 2 {
		t.Errorf("scales %+v", in.Scales)
	}
	if want := []float64{2, 1, 2, 1, nan, nan, nan, nan}; !same(in.Scales[1].Answers[1], want) {
		t.Errorf("q2_post answers %v, want %v", in.Scales[1].Answers[1], want)
	}
	if len(e.Warnings) == 0 || !strings.Contains(strings.Join(e.Warnings, "\n"), "no comparison pupil answered") {
		t.Errorf("warnings %q: want one that the comparison group did not answer", e.Warnings)
	}
	rep, err := evaluate.Run(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if x := evaluate.HeadlineRow(rep, "progressed", "all"); x == nil || x.Measure != evaluate.MeasureRiskDifference {
		t.Errorf("progressed headline %+v", x)
	}
	if x := evaluate.HeadlineRow(rep, "attitudes_post", "all"); x == nil || x.Analysis != evaluate.AnalysisPaired || x.Measure != evaluate.MeasureRankBiserial {
		t.Errorf("attitudes headline %+v", x)
	}
}

// TestSurvey_otherAnswer: with positive: given, a column with one other
// answer counts it as no.
func TestSurvey_otherAnswer(t *testing.T) {
	csv := "id,arm,hesa\n1,Y,Entered HE\n2,Y,Not entered\n3,N,Not entered\n4,N,Entered HE\n5,N,Not entered\n"
	src := strings.Replace(surveyDesign, "progressed\n    type: binary\n    positive: [Yes]", "hesa\n    type: binary\n    positive: [Entered HE]", 1)
	src = src[:strings.Index(src, "  - column: attitudes_post")]
	e, probs := loadSurvey(t, src, csv)
	if probs != nil {
		t.Fatalf("problems: %v", probs)
	}
	if got := e.Input().Outcomes[0].Y; !same(got, []float64{1, 0, 0, 1, 0}) {
		t.Errorf("hesa = %v", got)
	}
}

// TestSurvey_problems: every bad value or setting is a positioned
// problem with the fix.
func TestSurvey_problems(t *testing.T) {
	cases := []struct {
		name     string
		src, csv func(string) string
		want     []string
	}{
		{"an answer that is not yes or no", nil,
			func(s string) string { return strings.Replace(s, "2,Y,yes", "2,Y,Maybe", 1) },
			[]string{`pupils.csv, row 3, column "progressed": "Maybe" is not a yes/no answer (yes is "Yes", no is "0", "N", "No", "FALSE" (any case); correct the cell, or list the answer under positive: (or negative:) of outcome "progressed")`}},
		{"an answer not among the levels",
			nil,
			func(s string) string { return strings.Replace(s, "3,Y,No,Disagree", "3,Y,No,Disagre", 1) },
			[]string{`pupils.csv, row 4, column "q1_pre": "Disagre" is not an answer of this scale (answers to scale "attitudes_pre" are one of "Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", or a number from 1 to 5)`}},
		{"a number outside min to max",
			func(s string) string {
				return strings.Replace(s, "    levels: [\"Strongly disagree\", \"Disagree\", \"Neither\", \"Agree\", \"Strongly agree\"]\n", "    min: 1\n    max: 5\n", 1)
			},
			func(s string) string {
				return strings.Replace(strings.Replace(strings.Replace(strings.Replace(strings.Replace(s, "Strongly disagree", "1", -1), "Strongly agree", "5", -1), "Disagree", "2", -1), "Neither", "3", -1), "Agree", "4", -1)
			},
			nil},
		{"a reverse item not among the items",
			func(s string) string { return strings.Replace(s, "reverse: [q2_pre]", "reverse: [q2pre]", 1) }, nil,
			[]string{`design.yaml:19:15: reverse item "q2pre" is not among the items of scale "attitudes_pre" (did you mean "q2_pre"?)`}},
		{"an item that is not a column",
			func(s string) string {
				return strings.Replace(s, "items: [q1_pre, q2_pre, q3_pre]", "items: [q1_pre, q2_pre, q4_pre]", 1)
			}, nil,
			[]string{`design.yaml:18:29: column "q4_pre" is not in pupils.csv (did you mean "q1_pre"?)`}},
		{"levels and range disagree",
			func(s string) string {
				return strings.Replace(s, "    min_items: 2\n    levels", "    max: 4\n    min_items: 2\n    levels", 1)
			}, nil,
			[]string{`design.yaml:22:13: scale "attitudes_pre" has 5 levels for answers 1 to 4 (levels name the answers 1 to 4 in order: give 4 of them, or change min and max)`}},
		{"min_items above the items",
			func(s string) string { return strings.Replace(s, "min_items: 2", "min_items: 4", 1) }, nil,
			[]string{`design.yaml:20:16: min_items is 4, more than the 3 items of scale "attitudes_pre" (a scale of 3 items can ask for at most 3 answers)`}},
		{"positive on an outcome that is not binary",
			func(s string) string { return strings.Replace(s, "    type: binary\n", "", 1) }, nil,
			[]string{`design.yaml:11:5: outcome "progressed" has positive but is not type: binary (positive and negative say which answers of a yes/no outcome count as yes and no: add type: binary, or remove them)`,
				`pupils.csv, column "progressed": "Yes" is not a number, in rows 2, 5 and 8 (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`,
				`pupils.csv, row 3, column "progressed": "yes" is not a number (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`,
				`pupils.csv, column "progressed": "No" is not a number, in rows 4 and 6 (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`,
				`pupils.csv, row 7, column "progressed": "no" is not a number (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`,
				`pupils.csv, row 9, column "progressed": "NO" is not a number (this column must hold numbers: for a yes/no outcome write 1 for yes and 0 for no, with type: binary)`}},
		{"a scale named like a column",
			func(s string) string { return strings.Replace(s, "name: attitudes_pre", "name: progressed", 1) }, nil,
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src, csv := surveyDesign, surveyCSV
			if tc.src != nil {
				src = tc.src(src)
			}
			if tc.csv != nil {
				csv = tc.csv(csv)
			}
			e, got := loadSurvey(t, src, csv)
			if tc.want == nil {
				if tc.name == "a number outside min to max" {
					// The numbers are fine; make one 7.
					_, got = loadSurvey(t, src, strings.Replace(csv, "1,Y,Yes,4,", "1,Y,Yes,7,", 1))
					want := `pupils.csv, row 2, column "q1_pre": "7" is not an answer of this scale (answers to scale "attitudes_pre" are a whole number from 1 to 5; leave the cell empty when there is no answer)`
					if len(got) != 1 || got[0] != want {
						t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
					}
					return
				}
				if e != nil || len(got) == 0 {
					t.Fatalf("no problem reported")
				}
				t.Logf("%s", strings.Join(got, "\n"))
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
