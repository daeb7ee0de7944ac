package effectsize

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ICC is the intraclass correlation of x among clusters by one-way
// analysis of variance over rows (pupils with a value and a cluster;
// cluster[i] is pupil i's cluster, 0..clusters−1, or −1 for none):
//
//	ρ = (MSB − MSW) / (MSB + (n₀ − 1) MSW),  n₀ = (N − Σ n_j²/N) / (M − 1)
//
// truncated at 0. It also returns the number of clusters M and of pupils
// N. Donner & Koval (1980); Snijders & Bosker (2012), §3.3.
func ICC(x []float64, cluster []int32, clusters int, rows []int32) (rho float64, m, n int) {
	k := clusters
	cnt := make([]float64, k)
	sum := make([]float64, k)
	var total float64
	for _, i := range rows {
		c := cluster[i]
		if c < 0 || math.IsNaN(x[i]) {
			continue
		}
		cnt[c]++
		sum[c] += x[i]
		total += x[i]
		n++
	}
	if n == 0 {
		return math.NaN(), 0, 0
	}
	grand := total / float64(n)
	var ssw, ssb, sn2 float64
	for _, i := range rows {
		c := cluster[i]
		if c < 0 || math.IsNaN(x[i]) {
			continue
		}
		d := x[i] - sum[c]/cnt[c]
		ssw += d * d
	}
	for c := range cnt {
		if cnt[c] == 0 {
			continue
		}
		m++
		d := sum[c]/cnt[c] - grand
		ssb += cnt[c] * d * d
		sn2 += cnt[c] * cnt[c]
	}
	if m < 2 || n <= m {
		return math.NaN(), m, n
	}
	msb := ssb / float64(m-1)
	msw := ssw / float64(n-m)
	n0 := (float64(n) - sn2/float64(n)) / float64(m-1)
	rho = (msb - msw) / (msb + (n0-1)*msw)
	if rho < 0 {
		rho = 0
	}
	return rho, m, n
}

// ClusterCorrect applies the WWC correction for a mismatched analysis
// (pupil-level analysis of a cluster-assigned design) to an effect size g
// on nt + nc = N pupils in M clusters, n̄ = N/M, with intraclass
// correlation rho (Hedges 2007; WWC Procedures Handbook v4.1, Appendix G;
// docs/methods.md §8):
//
//	t   = g / sqrt(N/(n_t n_c) + g²/(2N))
//	t_A = t sqrt(((N−2) − 2(n̄−1)ρ) / ((N−2)(1+(n̄−1)ρ)))
//	h   = ((N−2) − 2(n̄−1)ρ)² / ((N−2)(1−ρ)² + n̄(N−2n̄)ρ² + 2(N−2n̄)ρ(1−ρ))
//
// and returns t_A, h, the two-sided p of t_A on h df, and SE_A = g/t_A
// (the SE implied by the corrected statistic; the toolkit's interval is
// g ± t_{h} SE_A).
func ClusterCorrect(g float64, nt, nc, m int, rho float64) (tA, h, p, seA float64) {
	N := float64(nt + nc)
	nb := N / float64(m)
	se := math.Sqrt(N/(float64(nt)*float64(nc)) + g*g/(2*N))
	c := math.Sqrt(((N - 2) - 2*(nb-1)*rho) / ((N - 2) * (1 + (nb-1)*rho)))
	tA = g / se * c
	num := (N - 2) - 2*(nb-1)*rho
	h = num * num / ((N-2)*(1-rho)*(1-rho) + nb*(N-2*nb)*rho*rho + 2*(N-2*nb)*rho*(1-rho))
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: h}.Survival(math.Abs(tA))
	seA = se / c // = g / t_A, and defined when g = 0
	return tA, h, p, seA
}
