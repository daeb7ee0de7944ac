package evaluate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// degenerateBase is a two-arm design of n pupils per arm with a pretest,
// a covariate, a subgroup and (cluster) schools: the data each case of
// TestRun_degenerate spoils.
func degenerateBase(n int) Input {
	rng := rand.New(rand.NewPCG(7, 11))
	N := 2 * n
	arm := make([]int8, N)
	y, pre, age := make([]float64, N), make([]float64, N), make([]float64, N)
	fsm := Factor{Name: "fsm", Levels: []string{"N", "Y"}, Codes: make([]int32, N)}
	school := Factor{Name: "school", Codes: make([]int32, N)}
	for s := 0; s < 8; s++ {
		school.Levels = append(school.Levels, fmt.Sprintf("s%d", s))
	}
	for i := range arm {
		if i < n {
			arm[i] = Treated
		} else {
			arm[i] = Comparison
		}
		pre[i] = 100 + 15*rng.NormFloat64()
		y[i] = 0.7*pre[i] + 30 + 10*rng.NormFloat64() + 3*float64(arm[i])
		age[i] = float64(120 + rng.IntN(24))
		fsm.Codes[i] = int32(rng.IntN(2))
		school.Codes[i] = int32(i * 8 / N)
	}
	return Input{
		Design: DesignRCT, Arm: arm, Confidence: 0.95,
		Outcomes:   []Outcome{{Column: "read", Type: TypeContinuous, Y: y, PreColumn: "ks2", Pre: pre}},
		Covariates: []Variable{{Name: "age", Num: age}},
		Subgroups:  []Factor{fsm},
		Cluster:    &school,
	}
}

// infinities walks every number of v and lists the paths of the
// infinite ones.
func infinities(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			infinities(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				infinities(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			infinities(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Float64, reflect.Float32:
		if math.IsInf(v.Float(), 0) {
			*out = append(*out, path)
		}
	}
}

// degenerateCases are data no evaluation should meet, and what whatworks
// must do with them (issue 15 item 4): refuse them in words (check and
// analyse alike), or analyse them with every undefined number null and
// its reason said.
var degenerateCases = []struct {
	name string
	f    func(in *Input)
	// unusable: Run refuses with an *UnusableError naming this, and Check
	// lists the same problems; else Run succeeds.
	unusable string
	// warn: a Check warning that must appear.
	warn string
	// headline: the headline row of read/all ("" for none).
	headline Analysis
}{
	{name: "constant outcome", f: func(in *Input) {
		for i := range in.Outcomes[0].Y {
			in.Outcomes[0].Y[i] = 5
		}
	}, unusable: `outcome "read" has the same value for every pupil`},
	{name: "constant within arms", f: func(in *Input) {
		for i := range in.Outcomes[0].Y {
			in.Outcomes[0].Y[i] = 50 + 10*float64(in.Arm[i])
		}
	}, warn: `outcome "read" has one value in each arm`},
	{name: "a value of 1e308", f: func(in *Input) { in.Outcomes[0].Y[3] = 1e308 },
		warn: `outcome "read" has a value of 1e+308`},
	{name: "1e308 in the comparison arm", f: func(in *Input) { in.Outcomes[0].Y[len(in.Arm)-3] = 1e308 },
		warn: `outcome "read" has a value of 1e+308`},
	{name: "two values of 1e308", f: func(in *Input) { in.Outcomes[0].Y[3], in.Outcomes[0].Y[4] = 1e308, 1e308 },
		warn: `outcome "read" has a value of 1e+308`},
	{name: "a pretest of -1e308", f: func(in *Input) { in.Outcomes[0].Pre[5] = -1e308 },
		warn: `pretest "ks2" has a value of 1e+308`, headline: AnalysisUnadjusted},
	{name: "a covariate of 1e300", f: func(in *Input) { in.Covariates[0].Num[5] = 1e300 },
		warn: `covariate "age" has a value of 1e+300`, headline: AnalysisUnadjusted},
	{name: "pretest = outcome", f: func(in *Input) { in.Outcomes[0].Pre = in.Outcomes[0].Y },
		warn: `pretest "ks2" predicts outcome "read" exactly`, headline: AnalysisUnadjusted},
	{name: "pretest = outcome, no covariate", f: func(in *Input) { in.Outcomes[0].Pre = in.Outcomes[0].Y; in.Covariates = nil },
		warn: `pretest "ks2" predicts outcome "read" exactly`, headline: AnalysisUnadjusted},
	{name: "pretest = outcome + 5", f: func(in *Input) {
		for i := range in.Outcomes[0].Pre {
			in.Outcomes[0].Pre[i] = in.Outcomes[0].Y[i] + 5
		}
	}, warn: `predicts outcome "read" exactly`, headline: AnalysisUnadjusted},
	{name: "subgroup level of 1 v 2", f: func(in *Input) {
		n := len(in.Arm)
		for i := range in.Subgroups[0].Codes {
			in.Subgroups[0].Codes[i] = 0
		}
		in.Subgroups[0].Codes[0], in.Subgroups[0].Codes[n-1], in.Subgroups[0].Codes[n-2] = 1, 1, 1
	}, warn: "fsm=Y", headline: AnalysisMultilevel},
	{name: "n = 1 per arm", f: func(in *Input) {
		for i := range in.Arm {
			if i != 0 && i != len(in.Arm)-1 {
				in.Arm[i] = Excluded
			}
		}
	}, unusable: "the intervention arm has 1 pupil"},
	{name: "yes/no outcome all 1", f: func(in *Input) {
		in.Outcomes[0].Type, in.Outcomes[0].Pre = TypeBinary, nil
		for i := range in.Outcomes[0].Y {
			in.Outcomes[0].Y[i] = 1
		}
	}, unusable: `outcome "read" has the same value for every pupil`},
	{name: "cluster-rct, pretest = outcome", f: func(in *Input) { in.Design = DesignClusterRCT; in.Outcomes[0].Pre = in.Outcomes[0].Y },
		warn: "predicts outcome", headline: AnalysisClusterCorrected},
	{name: "cluster-rct, constant within arms", f: func(in *Input) {
		in.Design = DesignClusterRCT
		for i := range in.Outcomes[0].Y {
			in.Outcomes[0].Y[i] = 50 + 10*float64(in.Arm[i])
		}
	}, warn: "one value in each arm"},
	{name: "pre-post, pretest = outcome", f: func(in *Input) {
		in.Design, in.Arm, in.Cluster = DesignPrePost, nil, nil
		in.Outcomes[0].Pre = append([]float64(nil), in.Outcomes[0].Y...)
	}, warn: "predicts outcome", headline: AnalysisPaired},
	{name: "pre-post, every pupil gains 5", f: func(in *Input) {
		in.Design, in.Arm, in.Cluster = DesignPrePost, nil, nil
		for i := range in.Outcomes[0].Pre {
			in.Outcomes[0].Pre[i] = in.Outcomes[0].Y[i] - 5
		}
	}, warn: "predicts outcome", headline: AnalysisPaired},
	{name: "matched, Mahalanobis, collinear covariates", f: func(in *Input) {
		in.Design, in.Cluster = DesignMatched, nil
		age2 := make([]float64, len(in.Arm))
		for i := range age2 {
			age2[i] = 2 * in.Covariates[0].Num[i]
		}
		in.Matching = &MatchSpec{Covariates: []Variable{in.Covariates[0], {Name: "age2", Num: age2}}, Distance: "mahalanobis", Ratio: 1}
	}, headline: AnalysisMatchedAdjusted},
	{name: "matched, logit, collinear covariates", f: func(in *Input) {
		in.Design, in.Cluster = DesignMatched, nil
		age2 := make([]float64, len(in.Arm))
		for i := range age2 {
			age2[i] = 2 * in.Covariates[0].Num[i]
		}
		in.Matching = &MatchSpec{Covariates: []Variable{in.Covariates[0], {Name: "age2", Num: age2}}, Distance: "logit", Ratio: 1}
	}, unusable: `"age2" is a linear combination of the columns before it`},
	{name: "matched, constant covariate", f: func(in *Input) {
		in.Design, in.Cluster = DesignMatched, nil
		c := make([]float64, len(in.Arm))
		for i := range c {
			c[i] = 3
		}
		in.Matching = &MatchSpec{Covariates: []Variable{in.Covariates[0], {Name: "k", Num: c}}, Distance: "logit", Ratio: 1}
	}, unusable: `covariate "k" has the same value for every pupil in the match (3)`},
	{name: "matched, Mahalanobis, constant covariate", f: func(in *Input) {
		in.Design, in.Cluster = DesignMatched, nil
		c := make([]float64, len(in.Arm))
		for i := range c {
			c[i] = 3
		}
		in.Matching = &MatchSpec{Covariates: []Variable{in.Covariates[0], {Name: "k", Num: c}}, Distance: "mahalanobis", Ratio: 1}
	}, unusable: `covariate "k" has the same value for every pupil in the match (3)`},
	{name: "matched, covariate = group", f: func(in *Input) {
		in.Design, in.Cluster = DesignMatched, nil
		c := make([]float64, len(in.Arm))
		for i := range c {
			c[i] = float64(in.Arm[i])
		}
		in.Matching = &MatchSpec{Covariates: []Variable{in.Covariates[0], {Name: "took_part", Num: c}}, Distance: "logit", Ratio: 1}
	}, unusable: `covariate "took_part" separates the groups completely`},
}

// TestRun_degenerateData runs each degenerate case through Check and Run:
// no panic, check and analyse agree on what is unusable, no infinity
// anywhere in the report, the JSON marshals without NaN or Inf, every
// undefined estimate says why and has no months' progress, and the
// headline is a defined estimate (or none).
func TestRun_degenerateData(t *testing.T) {
	for _, c := range degenerateCases {
		t.Run(c.name, func(t *testing.T) {
			in := degenerateBase(40)
			c.f(&in)
			chk := Check(in)
			rep, err := Run(context.Background(), in)
			if _, err := json.Marshal(chk); err != nil {
				t.Errorf("check JSON: %v", err)
			}
			var chkInf []string
			infinities(reflect.ValueOf(chk), "check", &chkInf)
			if len(chkInf) > 0 {
				t.Errorf("infinite numbers in check: %v", chkInf)
			}
			if c.warn != "" && !strings.Contains(strings.Join(chk.Warnings, "\n"), c.warn) {
				t.Errorf("check warnings %q, want one with %q", chk.Warnings, c.warn)
			}
			var ue *UnusableError
			if c.unusable != "" {
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.unusable) {
					t.Fatalf("Run: %v, want an unusable error with %q", err, c.unusable)
				}
				if !slices.Equal(ue.Problems, chk.Unusable) {
					t.Errorf("check says %q, analyse %q", chk.Unusable, ue.Problems)
				}
				return
			}
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(chk.Unusable) > 0 {
				t.Errorf("check says unusable %q, analyse ran", chk.Unusable)
			}
			var inf []string
			infinities(reflect.ValueOf(rep), "report", &inf)
			if len(inf) > 0 {
				t.Errorf("infinite numbers: %v", inf)
			}
			// encoding/json refuses a NaN or infinite float64; Num writes
			// them as null.
			if _, err := json.Marshal(rep); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			for _, x := range rep.Results {
				e := float64(x.Estimate)
				if math.IsNaN(e) && x.Note == "" && x.Analysis != AnalysisRating {
					t.Errorf("%s %s %s: null without a reason", x.Subgroup, x.Analysis, x.Measure)
				}
				if math.IsNaN(e) && (x.MonthsProgress != nil || !math.IsNaN(float64(x.ImprovementIndex))) {
					t.Errorf("%s %s %s: months %v, improvement index %v of a null estimate", x.Subgroup, x.Analysis, x.Measure, x.MonthsProgress, x.ImprovementIndex)
				}
				if math.Abs(e) > 1e6 && x.Measure != MeasureMeanDifference && !x.Measure.IsGap() {
					t.Errorf("%s %s %s = %g: an absurd effect size", x.Subgroup, x.Analysis, x.Measure, e)
				}
			}
			for _, sub := range []string{SubgroupAll, "fsm=N", "fsm=Y"} {
				if h := HeadlineRow(rep, "read", sub); h != nil && !finite(float64(h.Estimate)) {
					t.Errorf("headline of %s: %v", sub, h.Estimate)
				}
			}
			h := HeadlineRow(rep, "read", SubgroupAll)
			switch {
			case c.headline == "" && h != nil:
				t.Errorf("headline %s %s = %v, want none", h.Analysis, h.Measure, h.Estimate)
			case c.headline != "" && (h == nil || h.Analysis != c.headline):
				t.Errorf("headline %+v, want a %s row", h, c.headline)
			}
		})
	}
}

// TestRun_undefinedSubgroup: one pupil against two in a subgroup (issue
// 9: J = 0 made g 0.00, "0 months", and reached a headline): the
// subgroup's g is null with its reason, and it has no headline.
func TestRun_undefinedSubgroup(t *testing.T) {
	in := degenerateBase(40)
	in.Cluster = nil
	n := len(in.Arm)
	for i := range in.Subgroups[0].Codes {
		in.Subgroups[0].Codes[i] = 0
	}
	in.Subgroups[0].Codes[0], in.Subgroups[0].Codes[n-1], in.Subgroups[0].Codes[n-2] = 1, 1, 1
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Measure{MeasureCohensD, MeasureHedgesG, MeasureGlassDelta} {
		g := findRow(t, rep, "read", "fsm=Y", AnalysisUnadjusted, m)
		if !math.IsNaN(float64(g.Estimate)) || !strings.Contains(g.Note, "undefined: a group has fewer than 2 pupils (n = 1 and 2)") || g.MonthsProgress != nil {
			t.Errorf("%s of 1 v 2: %v (%q), months %v", m, g.Estimate, g.Note, g.MonthsProgress)
		}
	}
	if h := HeadlineRow(rep, "read", "fsm=Y"); h != nil {
		t.Errorf("headline of fsm=Y: %s %s = %v", h.Analysis, h.Measure, h.Estimate)
	}
	if h := HeadlineRow(rep, "read", "fsm=N"); h == nil || !finite(float64(h.Estimate)) {
		t.Errorf("headline of fsm=N: %+v", h)
	}
}

// A subgroup level with few pupils in an arm is a caveat of Run, in the
// words Check warns with, so analyse says it too.
func TestRun_smallSubgroupCaveat(t *testing.T) {
	in := degenerateBase(40)
	in.Design, in.Cluster = DesignTwoGroup, nil
	f := in.Subgroups[0]
	for i := range f.Codes {
		f.Codes[i] = 0
	}
	for _, i := range []int{0, 1, 2, 40, 41, 42, 43, 44, 45, 46, 47, 48} { // 3 intervention, 9 comparison pupils
		f.Codes[i] = 1
	}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	c := Check(in)
	for _, want := range []string{"fsm=Y has only 3 intervention pupils: its estimates will be very imprecise",
		"fsm=Y has only 9 comparison pupils: its estimates will be very imprecise"} {
		if !slices.Contains(rep.Caveats, want) {
			t.Errorf("Run's caveats lack %q:\n%q", want, rep.Caveats)
		}
		if n := countOf(c.Warnings, want); n != 1 {
			t.Errorf("Check warns %q %d times, want once", want, n)
		}
	}
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
