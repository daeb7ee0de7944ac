package regress

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkCR2_1M is the CR2 covariance and the treatment's Satterthwaite
// test for the ANCOVA y ~ 1 + treatment + pretest on 1,000,000 pupils in
// 5,000 schools (issue 11's national scale; the same data as
// evaluate/multilevel's BenchmarkMultilevel1M), given the OLS residuals:
//
//	go test ./evaluate/regress -run XXX -bench CR2_1M -benchmem
func BenchmarkCR2_1M(b *testing.B) {
	const n, J = 1_000_000, 5_000
	rng := rand.New(rand.NewPCG(1, 2))
	u := make([]float64, J)
	arm := make([]float64, J)
	for j := range u {
		u[j] = 0.3 * rng.NormFloat64()
		arm[j] = float64(rng.IntN(2))
	}
	x := mat.NewDense(n, 3, nil)
	y := make([]float64, n)
	cl := make([]int32, n)
	for i := 0; i < n; i++ {
		j := rng.IntN(J)
		cl[i] = int32(j)
		a := 0.9*rng.NormFloat64() + u[j]
		pre := 100 + 15*(0.8*a+0.45*rng.NormFloat64())
		x.Set(i, 0, 1)
		x.Set(i, 1, arm[j])
		x.Set(i, 2, pre)
		y[i] = 100 + 15*(0.6*(pre-100)/15+0.3*a+0.5*u[j]+0.2*arm[j]+0.55*rng.NormFloat64())
	}
	beta, r := cr2OLS(b, x, y)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := CR2(x, r, cl, J)
		if err != nil {
			b.Fatal(err)
		}
		if t := v.Test(1, beta[1], 0.95); !(t.DF > 0) {
			b.Fatal("no df")
		}
	}
}

// BenchmarkCR2GenFile is CR2 for reading_post ~ treatment + reading_pre
// clustered by school on the file of fixtures/gen named by
// WHATWORKS_GEN_CSV (skipped without it): on the first 100,000 complete
// pupils, as fixtures/multilevel/timing.R runs clubSandwich, and on all of
// them (reading the file and the OLS fit are not timed).
func BenchmarkCR2GenFile(b *testing.B) {
	path := os.Getenv("WHATWORKS_GEN_CSV")
	if path == "" {
		b.Skip("WHATWORKS_GEN_CSV is not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		b.Fatal(err)
	}
	col := map[string]int{}
	for k, h := range head {
		col[h] = k
	}
	var rows []float64
	var y []float64
	var cl []int32
	schools := map[string]int32{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		post, e1 := strconv.ParseFloat(rec[col["reading_post"]], 64)
		pr, e2 := strconv.ParseFloat(rec[col["reading_pre"]], 64)
		if e1 != nil || e2 != nil {
			continue
		}
		s, ok := schools[rec[col["school"]]]
		if !ok {
			s = int32(len(schools))
			schools[rec[col["school"]]] = s
		}
		t := 0.0
		if rec[col["intervention"]] == "Y" {
			t = 1
		}
		rows = append(rows, 1, t, pr)
		y = append(y, post)
		cl = append(cl, s)
	}
	for _, n := range []int{100_000, len(y)} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			x := mat.NewDense(n, 3, rows[:3*n])
			beta, res := cr2OLS(b, x, y[:n])
			b.ResetTimer()
			var t CR2Test
			for i := 0; i < b.N; i++ {
				v, err := CR2(x, res, cl[:n], len(schools))
				if err != nil {
					b.Fatal(err)
				}
				t = v.Test(1, beta[1], 0.95)
			}
			b.StopTimer()
			b.Logf("pupils %d: treatment %.10g, CR2 SE %.10g, df %.10g", n, t.Estimate, t.SE, t.DF)
		})
	}
}
