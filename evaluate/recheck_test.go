package evaluate

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/binary"
)

// A report's unadjusted rows are recomputed from its descriptives, its
// intervals from their SEs, its months from g; a changed number is found.
func TestRecheckRows(t *testing.T) {
	tr := Summary{N: 40, Mean: 104.2, SD: 14.1}
	co := Summary{N: 44, Mean: 99.8, SD: 15.3}
	o := Options{Confidence: 0.95}
	rows := TwoGroupRows(tr, co, o)
	for i := range rows {
		rows[i].Outcome, rows[i].Subgroup = "y", SubgroupAll
	}
	// An ANCOVA-like row: only its interval, p-value and months can be
	// checked.
	g := 0.31
	anc := Result{Outcome: "y", Subgroup: SubgroupAll, Analysis: AnalysisANCOVA, Measure: MeasureHedgesG, Estimate: Num(g), SE: 0.11,
		DF: 80, CIMethod: "t", Statistic: Num(g / 0.11), PValue: NaN, PAdjusted: NaN, ImprovementIndex: NaN, CILowAlt: NaN, CIHighAlt: NaN, PValueExact: NaN}
	q := 1.9900634212544475 // R 4.2.2: qt(0.975, 80)
	anc.CILow, anc.CIHigh = Num(g-q*0.11), Num(g+q*0.11)
	m := 4 // toolkit: 0.27 to 0.35 is 4 months (docs/methods.md §13)
	anc.MonthsProgress = &m
	rows = append(rows, anc)
	desc := []Descriptive{
		{Variable: "y", Subgroup: SubgroupAll, Arm: "intervention", Time: "post", N: tr.N, Mean: Num(tr.Mean), SD: Num(tr.SD)},
		{Variable: "y", Subgroup: SubgroupAll, Arm: "comparison", Time: "post", N: co.N, Mean: Num(co.Mean), SD: Num(co.SD)},
	}
	r := &Report{Confidence: 0.95, Results: rows, Descriptives: desc}
	adjustP(r.Results)
	c := RecheckRows(r)
	if f := c.Failed(); len(f) > 0 {
		t.Fatalf("a report as Run writes it fails %d checks: %v", len(f), f)
	}
	kinds := map[string]int{}
	for _, x := range c.Checks {
		kinds[x.Kind]++
	}
	if kinds["descriptives"] < 30 || kinds["interval"] != 2 || kinds["months"] != 2 || kinds["benjamini_hochberg"] != 4 {
		t.Errorf("checks by kind: %v", kinds)
	}
	if len(c.Unchecked) != 1 || c.Unchecked[0].What != "ancova hedges_g" {
		t.Errorf("unchecked: %+v", c.Unchecked)
	}

	for _, tc := range []struct {
		name  string
		edit  func(r *Report)
		row   int
		field string
	}{
		{"g", func(r *Report) { r.Results[2].Estimate += 0.01 }, 2, "estimate"},
		{"interval", func(r *Report) { r.Results[4].CIHigh = 0.6 }, 4, "ci_high"},
		{"months", func(r *Report) { m := 5; r.Results[4].MonthsProgress = &m }, 4, "months_progress"},
		{"mean", func(r *Report) { r.Descriptives[0].Mean = 105 }, 0, "estimate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *r
			c.Results = append([]Result(nil), r.Results...)
			c.Descriptives = append([]Descriptive(nil), r.Descriptives...)
			tc.edit(&c)
			found := false
			for _, x := range RecheckRows(&c).Failed() {
				if x.Row == tc.row && x.Field == tc.field {
					found = true
				}
			}
			if !found {
				t.Errorf("changing the %s went unnoticed", tc.name)
			}
		})
	}
	// A withheld number is not checked.
	c2 := *r
	c2.Results = append([]Result(nil), r.Results...)
	c2.Results[4].CILow = NaN
	for _, x := range RecheckRows(&c2).Checks {
		if x.Row == 4 && x.Field == "ci_low" {
			t.Error("a withheld interval was checked")
		}
	}
}

// A yes/no outcome's unadjusted rows (proportions, risk difference, risk
// ratio, odds ratio, Cox index, Fisher's exact test) are recomputed from
// the Descriptives' n and share of yes answers; a changed risk difference
// is found.
func TestRecheckRows_binary(t *testing.T) {
	rows, err := BinaryRows(binary.Table{Events1: 140, N1: 185, Events0: 331, N0: 429}, Options{Confidence: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Outcome, rows[i].Subgroup = "employed", SubgroupAll
	}
	desc := []Descriptive{
		{Variable: "employed", Subgroup: SubgroupAll, Arm: "intervention", Time: "post", N: 185, Mean: Num(140.0 / 185), SD: 0.43},
		{Variable: "employed", Subgroup: SubgroupAll, Arm: "comparison", Time: "post", N: 429, Mean: Num(331.0 / 429), SD: 0.42},
	}
	r := &Report{Confidence: 0.95, Results: rows, Descriptives: desc,
		Outcomes: []OutcomeInfo{{Column: "employed", Type: TypeBinary}}}
	c := RecheckRows(r)
	if f := c.Failed(); len(f) > 0 {
		t.Fatalf("a report as Run writes it fails %d checks: %v", len(f), f)
	}
	if len(c.Unchecked) != 0 {
		t.Errorf("unchecked: %+v", c.Unchecked)
	}
	for i := range r.Results {
		if r.Results[i].Measure == MeasureRiskDifference {
			r.Results[i].Estimate += 0.01
		}
	}
	if f := RecheckRows(r).Failed(); len(f) != 1 || f[0].Field != "estimate" {
		t.Errorf("changed risk difference: failed %+v", f)
	}
}

// Rounded for publishing, a yes/no outcome's counts are not whole: its
// unadjusted rows are listed as unchecked, saying why.
func TestRecheckRows_binaryRounded(t *testing.T) {
	rows, err := BinaryRows(binary.Table{Events1: 30, N1: 74, Events0: 29, N0: 115}, Options{Confidence: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Outcome, rows[i].Subgroup = "low", SubgroupAll
		rows[i].NTreated = intPtr(75)
	}
	desc := []Descriptive{
		{Variable: "low", Subgroup: SubgroupAll, Arm: "intervention", Time: "post", N: 75, Mean: Num(30.0 / 74), SD: 0.49},
		{Variable: "low", Subgroup: SubgroupAll, Arm: "comparison", Time: "post", N: 115, Mean: Num(29.0 / 115), SD: 0.43},
	}
	r := &Report{Confidence: 0.95, Results: rows, Descriptives: desc, Outcomes: []OutcomeInfo{{Column: "low", Type: TypeBinary}}}
	c := RecheckRows(r)
	found := false
	for _, u := range c.Unchecked {
		if u.What == "unadjusted risk_difference" {
			found = true
			if !strings.Contains(u.Why, "count of yes answers") {
				t.Errorf("why: %q", u.Why)
			}
		}
	}
	if !found {
		t.Errorf("unchecked: %+v", c.Unchecked)
	}
}
