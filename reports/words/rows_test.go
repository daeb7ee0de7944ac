package words

import (
	"slices"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestArmMeans_findsThePretest(t *testing.T) {
	r := testreport.RCT()
	pre, post := ArmMeans(r, "ks2_maths")
	if len(pre) != 2 || pre[0].Variable != "ks1_maths" || len(post) != 2 {
		t.Fatalf("got pre %v post %v", pre, post)
	}
	// A pretest shared by two outcomes is described once, for both.
	r.Descriptives = []evaluate.Descriptive{
		{Variable: "ks1", Subgroup: "all", Arm: "intervention", Time: "pre", N: 5, Outcomes: []string{"read", "maths"}},
		{Variable: "read", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"read"}},
		{Variable: "maths", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"maths"}},
	}
	for _, o := range []string{"maths", "read"} {
		if pre, post := ArmMeans(r, o); len(pre) != 1 || pre[0].Variable != "ks1" || len(post) != 1 || post[0].Variable != o {
			t.Fatalf("%s: pre %v, post %v", o, pre, post)
		}
	}
}

// Every subgroup column's levels reach the summary and the headlines, the
// disadvantaged level first and named by its label (issue 9 item 5).
func TestSummarySubgroups_everyColumn(t *testing.T) {
	row := func(sub string) evaluate.Result {
		return evaluate.Result{Outcome: "read", Subgroup: sub, Analysis: evaluate.AnalysisUnadjusted, Measure: evaluate.MeasureHedgesG,
			Estimate: 0.2, CILow: 0.1, CIHigh: 0.3, PValue: 0.01}
	}
	r := &evaluate.Report{Confidence: 0.95, Results: []evaluate.Result{row("all"), row("sen=N"), row("sen=Y"), row("fsm=N"), row("fsm=Y"),
		row("lunch1=free"), row("lunch1=paid")}}
	for _, tc := range []struct {
		name      string
		subgroups []evaluate.Subgroup
		want      []string
		heads     []string // the groups the headline names
	}{
		{"undeclared", nil,
			[]string{"all", "fsm=Y", "fsm=N", "sen=N", "sen=Y", "lunch1=free", "lunch1=paid"},
			[]string{"pupils eligible for free school meals", "pupils with sen = N", "pupils with sen = Y", "pupils with lunch1 = free", "pupils with lunch1 = paid"}},
		{"declared", []evaluate.Subgroup{{Column: "sen", Levels: []string{"N", "Y"}}, {Column: "fsm", Levels: []string{"N", "Y"}},
			{Column: "lunch1", Disadvantaged: "free", Label: "pupils on free lunches", Levels: []string{"free", "paid"}}},
			[]string{"all", "fsm=Y", "fsm=N", "lunch1=free", "lunch1=paid", "sen=N", "sen=Y"},
			[]string{"pupils eligible for free school meals", "pupils on free lunches", "pupils with sen = N", "pupils with sen = Y"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.Subgroups = tc.subgroups
			if got := SummarySubgroups(r, "read"); !slices.Equal(got, tc.want) {
				t.Errorf("summary %q, want %q", got, tc.want)
			}
			var heads []string
			for _, sub := range disadvantagedSubgroups(r, "read") {
				heads = append(heads, SubgroupName(r, sub))
			}
			if !slices.Equal(heads, tc.heads) {
				t.Errorf("headline groups %q, want %q", heads, tc.heads)
			}
		})
	}
	if got := SubgroupName(r, "lunch1=paid"); got != "other pupils (lunch1 = paid)" {
		t.Errorf("other level %q", got)
	}
}
