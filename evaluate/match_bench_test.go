package evaluate

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// benchMatchInput is a national-scale matching problem, generated
// deterministically: nT pupils who took part and nC in the pool, with
// prior attainment (normal), FSM (0/1), gender (factor) and region (factor
// of 9 levels); taking part is more likely for low prior attainment and
// FSM pupils.
func benchMatchInput(nT, nC int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 2026))
	n := nT + nC
	arm := make([]int8, n)
	prior := make([]float64, n)
	fsm := make([]float64, n)
	gender := &Factor{Name: "gender", Levels: []string{"F", "M"}, Codes: make([]int32, n)}
	region := &Factor{Name: "region", Levels: []string{"EE", "EM", "LO", "NE", "NW", "SE", "SW", "WM", "YH"}, Codes: make([]int32, n)}
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		if i < nT {
			arm[i] = Treated
			prior[i] = 100 + 12*rng.NormFloat64() - 4
			if rng.Float64() < 0.45 {
				fsm[i] = 1
			}
		} else {
			arm[i] = Comparison
			prior[i] = 100 + 15*rng.NormFloat64()
			if rng.Float64() < 0.22 {
				fsm[i] = 1
			}
		}
		gender.Codes[i] = int32(rng.IntN(2))
		region.Codes[i] = int32(rng.IntN(9))
		y[i] = 0.6*prior[i] - 3*fsm[i] + 10*rng.NormFloat64() + 2*float64(arm[i])
	}
	return Input{
		Design:   "matched",
		Arm:      arm,
		Outcomes: []Outcome{{Column: "ks4", Type: "continuous", Y: y}},
		Matching: &MatchSpec{
			Covariates: []Variable{
				{Name: "prior", Num: prior},
				{Name: "fsm", Num: fsm},
				{Name: "gender", Factor: gender},
				{Name: "region", Factor: region},
			},
			Caliper: 0.2,
			Ratio:   1,
		},
	}
}

// BenchmarkMatch20kFrom1M: 20,000 pupils who took part matched 1:1 with a
// caliper of 0.2 SD from a pool of 1,000,000 (issue 5: under 5 s).
// Run: go test ./evaluate -run X -bench Match20kFrom1M -benchtime=1x
func BenchmarkMatch20kFrom1M(b *testing.B) {
	in := benchMatchInput(20000, 1000000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Match(in)
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Counts.Treated.Matched < 19000 {
			b.Fatalf("only %d matched", res.Report.Counts.Treated.Matched)
		}
	}
}

// BenchmarkMatchedResults20kFrom1M: the effect rows on that matched sample.
func BenchmarkMatchedResults20kFrom1M(b *testing.B) {
	in := benchMatchInput(20000, 1000000, 1)
	res, err := Match(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows := MatchedResults(in, res, Options{})
		if math.IsNaN(float64(rows[0].Estimate)) {
			b.Fatal("no estimate")
		}
	}
}

func TestMatch_scaleSmall(t *testing.T) {
	// The same generator at 1/50 scale: the caliper match must balance
	// prior attainment and FSM well (|SMD| < 0.05).
	in := benchMatchInput(400, 20000, 3)
	res, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range res.Report.Balance {
		if b.Sample == "after_matching" && (b.Variable == "prior" || b.Variable == "fsm") && math.Abs(float64(b.SMD)) > 0.05 {
			t.Errorf("%s SMD after matching %v", b.Variable, b.SMD)
		}
	}
}

var benchCSV = flag.String("matchbenchcsv", "", "write the BenchmarkMatch20kFrom1M data to this CSV file (for timing R's MatchIt on it)")

// TestWriteMatchBenchCSV writes the benchmark data when -matchbenchcsv is
// given: go test ./evaluate -run WriteMatchBenchCSV -matchbenchcsv /tmp/match1m.csv
func TestWriteMatchBenchCSV(t *testing.T) {
	if *benchCSV == "" {
		t.Skip("no -matchbenchcsv")
	}
	in := benchMatchInput(20000, 1000000, 1)
	var b strings.Builder
	b.WriteString("treat,prior,fsm,gender,region,ks4\n")
	cv := in.Matching.Covariates
	for i := range in.Arm {
		fmt.Fprintf(&b, "%d,%s,%g,%s,%s,%s\n", in.Arm[i],
			strconv.FormatFloat(cv[0].Num[i], 'g', -1, 64), cv[1].Num[i],
			cv[2].Factor.Levels[cv[2].Factor.Codes[i]], cv[3].Factor.Levels[cv[3].Factor.Codes[i]],
			strconv.FormatFloat(in.Outcomes[0].Y[i], 'g', -1, 64))
	}
	if err := os.WriteFile(*benchCSV, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
