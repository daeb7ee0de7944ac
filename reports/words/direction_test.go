package words

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// lowerReading is the RCT test report with reading declared as an outcome
// where lower is better (as a depression score would be).
func lowerReading() *evaluate.Report {
	r := testreport.RCT()
	r.Outcomes = []evaluate.OutcomeInfo{
		{Column: "ks2_read", Label: "Reading", Type: evaluate.TypeContinuous, Direction: evaluate.DirectionLower, Pretest: "ks1_read"},
		{Column: "ks2_maths", Label: "Maths", Type: evaluate.TypeContinuous, Direction: evaluate.DirectionHigher, Pretest: "ks1_maths"},
	}
	return r
}

func TestHeadlines_lowerIsBetter(t *testing.T) {
	h := Headlines(lowerReading())
	// g = 0.23 (3 months) is higher scores: worse when lower is better. The
	// numbers keep their sign; the words say which way.
	want := "Pupils in the programme scored higher on reading than pupils in the comparison group, on average, and lower is better: " +
		"worse by the equivalent of 3 months' progress (Hedges' g = 0.23, 95% CI 0.12 to 0.35, p < 0.001); for pupils eligible for " +
		"free school meals, higher scores, worse by the equivalent of 4 months' progress (g = 0.32, 95% CI 0.10 to 0.53, p = 0.004)."
	if h[0] != want {
		t.Errorf("reading headline\n got: %s\nwant: %s", h[0], want)
	}
	// Maths keeps the usual words.
	if !strings.Contains(h[1], "1 additional month's progress in maths") {
		t.Errorf("maths headline: %s", h[1])
	}
	for _, s := range h {
		if strings.Contains(s, "less progress") && strings.Contains(s, "reading") {
			t.Errorf("a lower-is-better outcome read as progress: %s", s)
		}
	}
}

func TestLowerEffectPhrase(t *testing.T) {
	m := func(n int) *int { return &n }
	row := func(g, lo, hi float64, months *int) *evaluate.Result {
		return &evaluate.Result{Estimate: evaluate.Num(g), CILow: evaluate.Num(lo), CIHigh: evaluate.Num(hi), PValue: 0.01, MonthsProgress: months}
	}
	tests := []struct {
		name string
		x    *evaluate.Result
		full bool
		want string
	}{
		{"a reduction", row(-0.37, -0.6, -0.1, m(-5)), true,
			"scored lower on depression than pupils in the comparison group, on average, and lower is better: a reduction equivalent to 5 months' progress (Hedges' g = -0.37, 95% CI -0.60 to -0.10, p = 0.010)"},
		{"an increase that could be chance, a clause", row(0.08, -0.1, 0.3, m(1)), false,
			"higher scores, worse by the equivalent of 1 month's progress (g = 0.08, 95% CI -0.10 to 0.30, p = 0.010), which could be due to chance"},
		{"about the same", row(0.01, -0.2, 0.2, m(0)), true,
			"scored about the same on depression as pupils in the comparison group, where lower is better (Hedges' g = 0.01, 95% CI -0.20 to 0.20, p = 0.010), but the difference could be due to chance"},
		{"no months", row(-0.4, -0.7, -0.1, nil), false,
			"lower scores (g = -0.40, 95% CI -0.70 to -0.10, p = 0.010)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerEffectPhrase(tt.x, "Depression", tt.full, 0.95); got != tt.want {
				t.Errorf("\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestDirectionWords(t *testing.T) {
	r := lowerReading()
	tests := []struct {
		o    string
		est  float64
		want string
	}{
		{"ks2_read", -0.2, "programme"}, {"ks2_read", 0.2, "comparison"},
		{"ks2_maths", 0.2, "programme"}, {"ks2_maths", -0.2, "comparison"},
		{"ks2_maths", 0, ""}, {"unknown", 0.1, "programme"},
	}
	for _, tt := range tests {
		if got := Favours(r, tt.o, tt.est); got != tt.want {
			t.Errorf("Favours(%s, %g) = %q, want %q", tt.o, tt.est, got, tt.want)
		}
	}
	if DirectionNote(r, "ks2_read") != " (lower is better)" || DirectionNote(r, "ks2_maths") != "" {
		t.Errorf("DirectionNote")
	}
	want := "For Reading lower scores are better: there a negative effect size and negative months' progress mean the programme helped (lower scores than the comparison group)."
	if got := DirectionFootnote(r); got != want {
		t.Errorf("DirectionFootnote\n got: %s\nwant: %s", got, want)
	}
	if got := DirectionFootnote(testreport.RCT()); got != "" {
		t.Errorf("footnote without a lower outcome: %q", got)
	}
	if got := joinAnd([]string{"a", "b", "c"}); got != "a, b and c" {
		t.Errorf("joinAnd = %q", got)
	}
}

func TestPupilFlow(t *testing.T) {
	r := lowerReading()
	r.Flow = []evaluate.Flow{
		{Outcome: "ks2_read", Subgroup: evaluate.SubgroupAll, Analysis: evaluate.AnalysisANCOVA, Measure: evaluate.MeasureHedgesG,
			Arms: []evaluate.FlowArm{
				{Arm: "intervention", Allocated: 104, AllocationKnown: true, InData: 100, Analysed: 90, LeftOut: []evaluate.FlowLoss{
					{Reason: evaluate.ReasonMissingOutcome, Count: 5}, {Reason: evaluate.ReasonMissingPretest, Count: 3},
					{Reason: "missing covariate eal", Count: 1}, {Reason: "missing school (cluster)", Count: 1}}},
				{Arm: "comparison", Allocated: 126, InData: 126, Analysed: 120, LeftOut: []evaluate.FlowLoss{
					{Reason: evaluate.ReasonMissingOutcome, Count: 6}}},
			},
			Caveats: []string{"Reading: 40 of the 200 pupils allocated (20%) were not analysed"}},
		{Outcome: "ks2_maths", Subgroup: "fsm=Y", Arms: []evaluate.FlowArm{{Arm: "intervention"}}},
	}
	got := PupilFlow(r)
	want := []string{"Reading: programme group 100 pupils in the data (104 allocated), 95 with an outcome, 92 with a pretest too, " +
		"91 with a value of eal, 90 with a value of school, 90 analysed; comparison group 126 in the data, 120 with an outcome, " +
		"120 with a pretest too, 120 analysed."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("PupilFlow\n got: %q\nwant: %q", got, want)
	}
	if c := FlowCaveats(r, r.Flow[0]); len(c) != 1 || !strings.HasSuffix(c[0], "were not analysed.") {
		t.Errorf("FlowCaveats %q", c)
	}
	// Clusters counted: in the data and analysed.
	cl := evaluate.Flow{Outcome: "ks2_read", Subgroup: evaluate.SubgroupAll, Analysis: evaluate.AnalysisMultilevel, Cluster: "school",
		Arms: []evaluate.FlowArm{{Arm: "intervention", InData: 300, Analysed: 290, ClustersInData: 12, ClustersAnalysed: 11,
			LeftOut: []evaluate.FlowLoss{{Reason: evaluate.ReasonMissingOutcome, Count: 10}}}}}
	if got, want := FlowSentence(r, cl), "Reading: programme group 300 pupils (12 schools) in the data, 290 with an outcome, 290 with a pretest too, 290 analysed (11 schools)."; got != want {
		t.Errorf("clusters\n got: %s\nwant: %s", got, want)
	}
	// One group: no arm's name.
	one := evaluate.Flow{Outcome: "ks2_read", Subgroup: evaluate.SubgroupAll, Analysis: evaluate.AnalysisPaired,
		Arms: []evaluate.FlowArm{{Arm: "all", InData: 50, Analysed: 48, LeftOut: []evaluate.FlowLoss{{Reason: evaluate.ReasonMissingPretest, Count: 2}}}}}
	if got, want := FlowSentence(r, one), "Reading: 50 pupils in the data, 50 with an outcome, 48 with a pretest too, 48 analysed."; got != want {
		t.Errorf("one group\n got: %s\nwant: %s", got, want)
	}
}

// TestDirection_prePost: a pre/post outcome where lower is better has no
// comparison group and no months' progress: the footnote says what a
// negative change means, and the headline whether the change is a
// worsening or an improvement (it said "the programme helped (lower
// scores than the comparison group)" and "rose" alone).
func TestDirection_prePost(t *testing.T) {
	r := testreport.PrePost()
	r.Outcomes = []evaluate.OutcomeInfo{{Column: "writing", Label: "Writing", Type: evaluate.TypeContinuous, Direction: evaluate.DirectionLower}}
	f := DirectionFootnote(r)
	if strings.Contains(f, "comparison group") || strings.Contains(f, "months") || !strings.Contains(f, "fell from before to after, an improvement") {
		t.Errorf("footnote: %s", f)
	}
	h := Headlines(r)
	want := "Pupils' scores in writing rose by 3.4 points on average between the pre-test and the post-test, and lower is better: a worsening (g_av = 0.40"
	if len(h) != 1 || !strings.HasPrefix(h[0], want) {
		t.Errorf("headline %q\nwant it to start %q", h, want)
	}
}
