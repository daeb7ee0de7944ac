package match

import (
	"math"
	"testing"

	"github.com/whatworks/whatworks/fixtures/gen/matchbench"
)

// benchSpec is the matching of the benchmark problem: 1:1 with a caliper
// of 0.2 SD of the propensity score.
func benchSpec(d matchbench.Data) *Settings {
	return &Settings{Covariates: d.Covariates(), Caliper: 0.2, Ratio: 1}
}

// BenchmarkMatch20kFrom1M: 20,000 pupils who took part matched 1:1 with a
// caliper of 0.2 SD from a pool of 1,000,000 (issue 5: under 5 s).
// Run: go test ./evaluate/match -run X -bench Match20kFrom1M -benchtime=1x
// The data, as CSV for R: go run ./fixtures/gen -matchbench -o match1m.csv
func BenchmarkMatch20kFrom1M(b *testing.B) {
	d := matchbench.Generate(20000, 1000000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(d.Arm, benchSpec(d), 0)
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Counts.Treated.Matched < 19000 {
			b.Fatalf("only %d matched", res.Report.Counts.Treated.Matched)
		}
	}
}

func TestMatch_scaleSmall(t *testing.T) {
	// The same generator at 1/50 scale: the caliper match must balance
	// prior attainment and FSM well (|SMD| < 0.05).
	d := matchbench.Generate(400, 20000, 3)
	res, err := Run(d.Arm, benchSpec(d), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Report.Balance {
		if b.Sample == "after_matching" && (b.Variable == "prior" || b.Variable == "fsm") && math.Abs(float64(b.SMD)) > 0.05 {
			t.Errorf("%s SMD after matching %v", b.Variable, b.SMD)
		}
	}
}
