package testreport

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/whatworks/whatworks/evaluate"
)

// Synthetic is a seeded synthetic evaluation (PCG seed 7, 11) of 400
// pupils for evaluate.Run, to test what the reports make of real results:
// a pretest, an FSM subgroup, a true effect of about 0.2 SD on the
// reading outcomes and none on the maths ones; n outcomes (reading and
// maths in turn). design is rct, two-group, pre-post, cluster-rct (20
// classes of 20, alternate classes randomised) or matched (matched on the
// pretest from a pool twice the size of the programme group). long gives
// it a long title and long outcome labels, and a second subgroup of 5
// levels with long names.
func Synthetic(design string, n int, long bool) evaluate.Input {
	rng := rand.New(rand.NewPCG(7, 11))
	const pupils = 400
	arm := make([]int8, pupils)
	fsm := make([]int32, pupils)
	pre := make([]float64, pupils)
	for i := range pupils {
		if rng.Float64() < 0.3 {
			fsm[i] = 1
		}
		pre[i] = 100 + 15*rng.NormFloat64() - 5*float64(fsm[i])
		arm[i] = int8(i % 2)
		if design == "matched" {
			// Pupils with lower pretests take part more often.
			arm[i] = 0
			if rng.Float64() < 1/(1+math.Exp((pre[i]-95)/10)) {
				arm[i] = 1
			}
		}
	}
	in := evaluate.Input{
		Title: "Synthetic " + design, Design: evaluate.Design(design), Arm: arm, Confidence: 0.95,
		MonthsTable: "toolkit", CIMethod: "normal",
		Subgroups: []evaluate.Factor{{Name: "fsm", Codes: fsm, Levels: []string{"N", "Y"}}},
	}
	for k := range n {
		y := make([]float64, pupils)
		effect, name, label := 3.0, "read", "Reading"
		if k%2 == 1 {
			effect, name, label = 0, "maths", "Maths"
		}
		for i := range y {
			y[i] = 20 + 0.8*pre[i] + effect*float64(arm[i]) + 10*rng.NormFloat64()
		}
		y[3+k] = math.NaN()
		if n > 2 {
			name = fmt.Sprintf("%s_%02d", name, k+1)
			label = fmt.Sprintf("%s %d", label, k+1)
		}
		if long {
			label = fmt.Sprintf("%s score after the programme, measured with the New Group Reading Test (NGRT) form %d, July", label, k+1)
		}
		in.Outcomes = append(in.Outcomes, evaluate.Outcome{Column: name, Label: label, Type: "continuous", Y: y, PreColumn: "pre", Pre: pre})
	}
	if long {
		in.Title = "A very long evaluation title that goes on and on about the reading programme of the trust's twelve schools in 2025/26"
		codes := make([]int32, pupils)
		for i := range codes {
			codes[i] = int32(i % 5)
		}
		in.Subgroups = append(in.Subgroups, evaluate.Factor{Name: "ethnicity_major_group", Codes: codes,
			Levels: []string{"Asian or Asian British", "Black, Black British, Caribbean or African", "Mixed or multiple ethnic groups", "White", "Other ethnic group"}})
	}
	switch design {
	case "pre-post":
		in.Arm = nil
	case "cluster-rct":
		codes := make([]int32, pupils)
		levels := make([]string, 20)
		for i := range codes {
			codes[i] = int32(i / 20)
			arm[i] = int8(codes[i] % 2)
		}
		for k := range levels {
			levels[k] = fmt.Sprintf("class%02d", k)
		}
		in.Cluster = &evaluate.Factor{Name: "class", Codes: codes, Levels: levels}
	case "matched":
		in.Matching = &evaluate.MatchSpec{Covariates: []evaluate.Variable{{Name: "pre", Num: pre}}, Caliper: 0.2}
	}
	return in
}
