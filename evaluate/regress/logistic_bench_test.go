package regress

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/fixtures/gen/binarybench"
)

// BenchmarkLogistic1M is one logistic regression on the 1,000,000 pupils
// of fixtures/gen/binarybench (intercept, treatment, ks2, age, attendance,
// ethnicity: 8 coefficients; pupils with a missing value left out):
//
//	go test ./evaluate/regress -run XXX -bench Logistic1M -benchtime=3x
func BenchmarkLogistic1M(b *testing.B) {
	d := binarybench.Generate(1_000_000, 1)
	var rows []int
	for i := range d.Y {
		if !math.IsNaN(d.Y[i]) && !math.IsNaN(d.KS2[i]) {
			rows = append(rows, i)
		}
	}
	X := mat.NewDense(len(rows), 8, nil)
	y := make([]float64, len(rows))
	for k, i := range rows {
		eth := d.Ethnicity.Codes[i]
		X.SetRow(k, []float64{1, float64(d.Arm[i]), d.KS2[i], d.Age[i], d.Attendance[i], b2f(eth == 1), b2f(eth == 2), b2f(eth == 3)})
		y[k] = d.Y[i]
	}
	names := []string{Intercept, TreatmentTerm, "ks2", "age", "attendance", "eth=black", "eth=mixed", "eth=white"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := Logistic(X, y, names)
		if err != nil || !f.Converged {
			b.Fatal(err)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
