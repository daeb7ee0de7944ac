package multilevel

import (
	"bufio"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// benchPupils is n pupils in J schools, generated deterministically
// (seed 1) like fixtures/gen: school effects u_j ~ N(0, 0.3²) on the SD
// scale, half the schools treated (a cluster-randomised trial), a pretest
// and an outcome of SD about 15.
func benchPupils(n, J int) (y, treat, pre []float64, cl []int32) {
	rng := rand.New(rand.NewPCG(1, 2))
	u := make([]float64, J)
	arm := make([]float64, J)
	for j := range u {
		u[j] = 0.3 * rng.NormFloat64()
		arm[j] = float64(rng.IntN(2))
	}
	y, treat, pre = make([]float64, n), make([]float64, n), make([]float64, n)
	cl = make([]int32, n)
	for i := 0; i < n; i++ {
		j := rng.IntN(J)
		cl[i] = int32(j)
		a := 0.9*rng.NormFloat64() + u[j]
		treat[i] = arm[j]
		pre[i] = 100 + 15*(0.8*a+0.45*rng.NormFloat64())
		y[i] = 100 + 15*(0.6*(pre[i]-100)/15+0.3*a+0.5*u[j]+0.2*treat[i]+0.55*rng.NormFloat64())
	}
	return y, treat, pre, cl
}

// benchData is the model y ~ 1 + treatment + pretest + (1 | school).
func benchData(y, treat, pre []float64, cl []int32, J int) Data {
	return Data{Y: y, Names: []string{"(intercept)", "treatment", "pretest"}, Cluster: cl, NClusters: J,
		Fill: func(start, end int, dst []float64) {
			for i := start; i < end; i++ {
				r := dst[(i-start)*3 : (i-start)*3+3]
				r[0], r[1], r[2] = 1, treat[i], pre[i]
			}
		}}
}

// BenchmarkMultilevel1M is the full and the null model, with the
// treatment's Satterthwaite test and the EEF effect sizes, on 1,000,000
// pupils in 5,000 schools (issue 11's national scale):
//
//	go test ./evaluate/multilevel -run XXX -bench Multilevel1M -benchmem
func BenchmarkMultilevel1M(b *testing.B) {
	const n, J = 1_000_000, 5_000
	y, treat, pre, cl := benchPupils(n, J)
	d := benchData(y, treat, pre, cl, J)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := NewStats(d)
		if err != nil {
			b.Fatal(err)
		}
		full, err := s.Fit()
		if err != nil {
			b.Fatal(err)
		}
		null, err := s.FitNull()
		if err != nil {
			b.Fatal(err)
		}
		t := full.Test(1, 0.95)
		g, _ := EEFEffects(t, null, EEFZ)
		if !full.Converged || !null.Converged || g.G == 0 {
			b.Fatal("not converged")
		}
	}
}

// BenchmarkFits1M is the two fits alone, from sufficient statistics
// already built: what a second outcome or a subgroup costs beyond its
// pass over the pupils.
func BenchmarkFits1M(b *testing.B) {
	const n, J = 1_000_000, 5_000
	y, treat, pre, cl := benchPupils(n, J)
	s, err := NewStats(benchData(y, treat, pre, cl, J))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Fit(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.FitNull(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenFile is the full and the null model on the file of
// fixtures/gen named by WHATWORKS_GEN_CSV (skipped without it), the model
// reading_post ~ treatment + reading_pre + (1 | school) on the complete
// pupils, as fixtures/multilevel/timing.R fits it with lme4 (reading the
// file is not timed):
//
//	go run ./fixtures/gen -rows 1000000 -schools 5000 -seed 1 -o /tmp/pupils.csv
//	WHATWORKS_GEN_CSV=/tmp/pupils.csv go test ./evaluate/multilevel -run XXX -bench GenFile -benchmem -v
func BenchmarkGenFile(b *testing.B) {
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
	var y, treat, pre []float64
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
			continue // missing: R's complete.cases
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
		y, treat, pre, cl = append(y, post), append(treat, t), append(pre, pr), append(cl, s)
	}
	d := benchData(y, treat, pre, cl, len(schools))
	b.ResetTimer()
	var full, null *Fit
	for i := 0; i < b.N; i++ {
		s, err := NewStats(d)
		if err != nil {
			b.Fatal(err)
		}
		if full, err = s.Fit(); err != nil {
			b.Fatal(err)
		}
		if null, err = s.FitNull(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.Logf("pupils %d: coef %.10g, SE %.10g; tau2 %.10g sigma2 %.10g; null tau2 %.10g sigma2 %.10g",
		len(y), full.Coef, []float64{full.Test(0, .95).SE, full.Test(1, .95).SE, full.Test(2, .95).SE},
		full.Tau2, full.Sigma2, null.Tau2, null.Sigma2)
}
