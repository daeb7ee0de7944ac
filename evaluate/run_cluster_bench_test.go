package evaluate

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkRunClustered1M is Run on 1,000,000 pupils in 5,000 schools
// (issue 11): benchInput's pupils, each in a school drawn at random, whose
// effect (SD 4) shifts the pretest and the outcome; design rct with the
// school as cluster, so every analysis of BenchmarkRun1M plus the
// multilevel model, its null model, the multilevel interaction and CR2,
// for all pupils and each FSM level:
//
//	go test ./evaluate -run XXX -bench RunClustered1M -benchtime=3x -benchmem
func BenchmarkRunClustered1M(b *testing.B) {
	in := clusteredBenchInput(1_000_000, 5_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Clustering == nil {
			b.Fatal("no multilevel model")
		}
	}
}

// clusteredBenchInput is benchInput(n) with each pupil in one of schools
// schools (seed 3) and a school effect on the pretest and the outcome.
func clusteredBenchInput(n, schools int) Input {
	in := benchInput(n)
	rng := rand.New(rand.NewPCG(3, 4))
	u := make([]float64, schools)
	levels := make([]string, schools)
	for s := range u {
		u[s] = 4 * rng.NormFloat64()
		levels[s] = string(rune('A'+s%26)) + string(rune('A'+s/26%26)) + string(rune('A'+s/676%26))
	}
	codes := make([]int32, n)
	oc := &in.Outcomes[0]
	for i := range codes {
		s := rng.IntN(schools)
		codes[i] = int32(s)
		oc.Pre[i] += u[s]
		oc.Y[i] += u[s]
	}
	in.Cluster = &Factor{Name: "school", Codes: codes, Levels: levels}
	return in
}
