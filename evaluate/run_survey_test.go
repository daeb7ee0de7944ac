package evaluate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// surveyInput is n made-up pupils in 12 clusters with a yes/no outcome (and
// a yes/no pretest), a 4-item scale before and after, a covariate and an
// FSM subgroup, for design d; edge cases are switched on by name.
func surveyInput(d Design, n int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 9))
	arm := make([]int8, n)
	yes, yesPre := make([]float64, n), make([]float64, n)
	age := make([]float64, n)
	fsm := Factor{Name: "fsm", Levels: []string{"N", "Y"}, Codes: make([]int32, n)}
	cl := &Factor{Name: "school", Levels: make([]string, 12), Codes: make([]int32, n)}
	for k := range cl.Levels {
		cl.Levels[k] = string(rune('A' + k))
	}
	items := func() [][]float64 {
		out := make([][]float64, 4)
		for j := range out {
			out[j] = make([]float64, n)
		}
		return out
	}
	pre, post := items(), items()
	for i := 0; i < n; i++ {
		cl.Codes[i] = int32(i % 12)
		if d != DesignPrePost && (cl.Codes[i]%2 == 0) != (d != DesignClusterRCT && i%5 == 0) {
			arm[i] = Treated
		}
		if rng.Float64() < 0.3 {
			fsm.Codes[i] = 1
		}
		age[i] = 11 + rng.Float64()
		a := rng.NormFloat64()
		t := float64(arm[i])
		yesPre[i] = b01(rng.Float64() < 0.4)
		yes[i] = b01(rng.Float64() < 0.35+0.15*t+0.1*yesPre[i])
		for j := range pre {
			pre[j][i] = math.Max(1, math.Min(5, math.Round(3+0.8*a+rng.NormFloat64())))
			post[j][i] = math.Max(1, math.Min(5, math.Round(3.3+0.8*a+0.3*t+rng.NormFloat64())))
			if rng.Float64() < 0.05 {
				post[j][i] = math.NaN()
			}
		}
	}
	rule := ScaleRule{Min: 1, Max: 5, Reverse: []int{3}, MinItems: 3}
	sPre := Scale{Name: "att_pre", Items: []string{"a1", "a2", "a3", "a4"}, Answers: pre, Rule: rule}
	sPost := Scale{Name: "att_post", Items: []string{"b1", "b2", "b3", "b4"}, Answers: post, Rule: rule}
	scPre, _, _, _ := ScoreScale(sPre)
	scPost, _, _, _ := ScoreScale(sPost)
	in := Input{Design: d, Confidence: 0.95, Scales: []Scale{sPre, sPost}, Subgroups: []Factor{fsm},
		Covariates: []Variable{{Name: "age", Num: age}},
		Outcomes: []Outcome{
			{Column: "progressed", Type: TypeBinary, Y: yes, PreColumn: "progressed_pre", Pre: yesPre},
			{Column: "att_post", Type: TypeOrdinal, Y: scPost, PreColumn: "att_pre", Pre: scPre, Scale: "att_post", PreScale: "att_pre", Min: 1, Max: 5},
			{Column: "b1", Type: TypeOrdinal, Y: post[0], Min: 1, Max: 5},
		}}
	if d == DesignPrePost {
		in.Outcomes[2].PreColumn, in.Outcomes[2].Pre = "a1", pre[0]
	} else {
		in.Arm = arm
	}
	if d == DesignClusterRCT || d == DesignTwoGroup {
		in.Cluster = cl
	}
	if d == DesignMatched {
		in.Matching = &MatchSpec{Covariates: []Variable{{Name: "age", Num: age}}, Distance: "logit", Caliper: math.NaN(), Ratio: 1, Order: "largest", Seed: 1}
	}
	return in
}

func b01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestRun_surveyEveryDesign runs yes/no, scale and single-item outcomes in
// every design and checks that each has a headline of the right kind and
// that no row is half filled (an estimate without an interval, or the
// reverse, except where a note says why).
func TestRun_surveyEveryDesign(t *testing.T) {
	for _, d := range Designs {
		t.Run(string(d), func(t *testing.T) {
			rep, err := Run(context.Background(), surveyInput(d, 480, 3))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]Measure{"progressed": MeasureRiskDifference, "att_post": MeasureRankBiserial, "b1": MeasureRankBiserial}
			for o, m := range want {
				x := HeadlineRow(rep, o, SubgroupAll)
				if x == nil || x.Measure != m {
					t.Errorf("%s: headline %+v, want a %s row", o, x, m)
				}
			}
			if d == DesignClusterRCT || d == DesignTwoGroup {
				if x := HeadlineRow(rep, "progressed", SubgroupAll); x == nil || x.Analysis != AnalysisClusterRobust {
					t.Errorf("clustered yes/no headline %+v", x)
				}
			}
			for _, x := range rep.Results {
				est, lo := float64(x.Estimate), float64(x.CILow)
				if x.Analysis == AnalysisReliability || x.Analysis == "rating" || x.Measure == MeasureMeanPre || x.Measure == MeasureMeanPost {
					continue
				}
				if !math.IsNaN(lo) && math.IsNaN(est) || math.IsNaN(est) && x.Note == "" && x.Analysis != AnalysisMatched {
					t.Errorf("%s %s %s/%s: estimate %v, interval from %v, note %q", x.Outcome, x.Subgroup, x.Analysis, x.Measure, est, lo, x.Note)
				}
			}
			if len(rep.Scales) != 2 || math.IsNaN(float64(rep.Scales[1].Alpha)) {
				t.Errorf("scales %+v", rep.Scales)
			}
		})
	}
}
