package plot

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkDistributionPlot1M draws the box plots of a million pupils.
// benchPupils is the 1M-pupil scale of issue 3.
const benchPupils = 1_000_000

func BenchmarkDistributionPlot1M(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	d := Distribution{Outcome: "ks2_read", Treated: make([]float64, benchPupils/2), Comparison: make([]float64, benchPupils/2)}
	for i := range d.Treated {
		d.Treated[i] = 104 + 6*rng.NormFloat64()
		d.Comparison[i] = 103 + 6*rng.NormFloat64()
	}
	b.ResetTimer()
	for range b.N {
		f, _, err := DistributionPlot(d)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}
