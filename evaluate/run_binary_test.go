package evaluate

import (
	"context"
	"math"
	"strings"
	"testing"
)

// binaryTwoGroup is a two-group Input of a yes/no outcome y by arm, with
// a subgroup and optional covariate.
func binaryTwoGroup(arm []int8, y []float64, sub *Factor, covs ...Variable) Input {
	in := Input{Design: DesignTwoGroup, Arm: arm, Confidence: 0.95, Covariates: covs,
		Outcomes: []Outcome{{Column: "y", Type: TypeBinary, Y: y}}}
	if sub != nil {
		in.Subgroups = []Factor{*sub}
	}
	return in
}

func rowOf(rep *Report, sub string, a Analysis, m Measure) *Result {
	for i := range rep.Results {
		x := &rep.Results[i]
		if x.Subgroup == sub && x.Analysis == a && x.Measure == m {
			return x
		}
	}
	return nil
}

// makeBinary builds n pupils: arm alternating, fsm every third pupil, the
// outcome from f(i).
func makeBinary(n int, f func(i int, treated, fsm bool) bool) ([]int8, []float64, *Factor) {
	arm := make([]int8, n)
	y := make([]float64, n)
	fsm := &Factor{Name: "fsm", Levels: []string{"N", "Y"}, Codes: make([]int32, n)}
	for i := range arm {
		t := i%2 == 0
		if t {
			arm[i] = Treated
		}
		s := i%3 == 0
		if s {
			fsm.Codes[i] = 1
		}
		if f(i, t, s) {
			y[i] = 1
		}
	}
	return arm, y, fsm
}

// TestRun_binaryProperties: special cases that hold whatever the data.
func TestRun_binaryProperties(t *testing.T) {
	arm, y, fsm := makeBinary(600, func(i int, tr, s bool) bool {
		p := 0.4
		if tr {
			p += 0.15
		}
		if s {
			p -= 0.2
		}
		return float64((i*7919)%1000)/1000 < p
	})
	rep, err := Run(context.Background(), binaryTwoGroup(arm, y, fsm))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range rep.Results {
		if x.MonthsProgress != nil {
			t.Errorf("%s/%s has months' progress %d: it does not apply to yes/no outcomes", x.Analysis, x.Measure, *x.MonthsProgress)
		}
		if x.Analysis != AnalysisPaired && !math.IsNaN(float64(x.PValueExact)) {
			t.Errorf("%s/%s has p_value_exact", x.Analysis, x.Measure)
		}
	}
	// Without covariates the interaction in points is the difference of
	// the two levels' risk differences (the model is saturated).
	in := rowOf(rep, "fsm=Y", AnalysisInteraction, MeasureInteraction("Y"))
	rdY, rdN := rowOf(rep, "fsm=Y", AnalysisUnadjusted, MeasureRiskDifference), rowOf(rep, "fsm=N", AnalysisUnadjusted, MeasureRiskDifference)
	if in == nil || rdY == nil || rdN == nil {
		t.Fatalf("missing rows: %v %v %v", in, rdY, rdN)
	}
	if d := float64(in.Estimate) - float64(rdY.Estimate-rdN.Estimate); math.Abs(d) > 1e-9 {
		t.Errorf("interaction %v, difference of risk differences %v", in.Estimate, rdY.Estimate-rdN.Estimate)
	}
	if se := math.Hypot(float64(rdY.SE), float64(rdN.SE)); math.Abs(float64(in.SE)-se) > 1e-7 {
		t.Errorf("interaction SE %v, Wald %v", in.SE, se)
	}
	// The headline is the unadjusted risk difference, its p the chi-square's.
	h := HeadlineRow(rep, "y", SubgroupAll)
	if h == nil || h.Analysis != AnalysisUnadjusted || h.Measure != MeasureRiskDifference {
		t.Fatalf("headline %+v", h)
	}
	if p, exact := HeadlineP(rep, h); exact || p != float64(h.PValue) {
		t.Errorf("headline p %v (exact %v), want the chi-square p %v", p, exact, h.PValue)
	}
}

// TestRun_binarySmallCounts: with an expected count under 5 the headline's
// p is Fisher's, and a caveat says so.
func TestRun_binarySmallCounts(t *testing.T) {
	arm, y, _ := makeBinary(60, func(i int, tr, s bool) bool { return i%10 == 0 && !tr || i%14 == 0 })
	rep, err := Run(context.Background(), binaryTwoGroup(arm, y, nil))
	if err != nil {
		t.Fatal(err)
	}
	h := HeadlineRow(rep, "y", SubgroupAll)
	ex := rowOf(rep, SubgroupAll, AnalysisExact, MeasureOddsRatio)
	p, exact := HeadlineP(rep, h)
	if !exact || p != float64(ex.PValue) {
		t.Errorf("headline p %v exact %v; Fisher's p %v", p, exact, ex.PValue)
	}
	if !strings.Contains(strings.Join(rep.Caveats, "\n"), "Fisher's exact p") {
		t.Errorf("no caveat about small expected counts: %q", rep.Caveats)
	}
}

// TestRun_binarySeparation: a covariate level in which every pupil had the
// outcome is explained in words, never a silent divergence.
func TestRun_binarySeparation(t *testing.T) {
	arm, y, fsm := makeBinary(200, func(i int, tr, s bool) bool { return s || i%4 == 0 })
	cov := Variable{Name: "fsm", Factor: fsm}
	rep, err := Run(context.Background(), binaryTwoGroup(arm, y, nil, cov))
	if err != nil {
		t.Fatal(err)
	}
	x := rowOf(rep, SubgroupAll, AnalysisLogistic, MeasureRiskDifference)
	if x == nil || !math.IsNaN(float64(x.Estimate)) {
		t.Fatalf("logistic row %+v: want no estimate", x)
	}
	for _, s := range []string{x.Note, strings.Join(rep.Caveats, "\n")} {
		if !strings.Contains(s, "separation") || !strings.Contains(s, "pupils with fsm = Y had the outcome") {
			t.Errorf("separation not explained: %q", s)
		}
	}
	// The headline falls back on the unadjusted difference.
	if h := HeadlineRow(rep, "y", SubgroupAll); h == nil || h.Analysis != AnalysisUnadjusted {
		t.Errorf("headline %+v", h)
	}
}

// TestEffectSizeRow: a yes/no outcome pools as the Cox index of its
// headline analysis, a score as its headline.
func TestEffectSizeRow(t *testing.T) {
	arm, y, _ := makeBinary(400, func(i int, tr, s bool) bool { return (i*37)%100 < 40 || tr && i%7 == 0 })
	age := make([]float64, len(y))
	for i := range age {
		age[i] = float64(i%13) + 11
	}
	rep, err := Run(context.Background(), binaryTwoGroup(arm, y, nil, Variable{Name: "age", Num: age}))
	if err != nil {
		t.Fatal(err)
	}
	x := EffectSizeRow(rep, "y", SubgroupAll)
	if x == nil || x.Analysis != AnalysisLogistic || x.Measure != MeasureCoxIndex || !(float64(x.SE) > 0) {
		t.Fatalf("effect size row %+v", x)
	}
	or := rowOf(rep, SubgroupAll, AnalysisLogistic, MeasureOddsRatio)
	if d := float64(x.Estimate) - math.Log(float64(or.Estimate))/1.65; math.Abs(d) > 1e-12 {
		t.Errorf("Cox index %v, ln(OR)/1.65 %v", x.Estimate, math.Log(float64(or.Estimate))/1.65)
	}
}

// TestRun_binaryBadValues: a yes/no outcome holding another value, or an
// unknown type, is refused with the pupil.
func TestRun_binaryBadValues(t *testing.T) {
	arm, y, _ := makeBinary(20, func(i int, tr, s bool) bool { return i%3 == 0 })
	y[4] = 2
	if _, err := Run(context.Background(), binaryTwoGroup(arm, y, nil)); err == nil || !strings.Contains(err.Error(), "pupil 5 has 2") {
		t.Errorf("error %v", err)
	}
	in := binaryTwoGroup(arm, y, nil)
	in.Outcomes[0].Type = "nominal"
	if _, err := Run(context.Background(), in); err == nil || !strings.Contains(err.Error(), "unknown type") {
		t.Errorf("error %v", err)
	}
}
