package multilevel

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// EEFZ is the normal quantile the EEF's analysis guidance and eefAnalytics
// use for 95% intervals of effect sizes: 1.96 exactly, where Z(0.95) is
// 1.959963984540054.
const EEFZ = 1.96

// Z returns the two-sided normal quantile for confidence level conf,
// Φ⁻¹(1 − (1 − conf)/2): 1.959963984540054 for 0.95.
func Z(conf float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-conf)/2)
}

// Effect is a standardised effect size with its standard error and the
// interval G ± z SE (or, for the EEF's g, the coefficient's interval over
// the same SD).
type Effect struct {
	G, SE, Lower, Upper float64
	// Undefined says why G or SE is NaN; "" otherwise.
	Undefined string
}

// EEFEffects returns the EEF's effect sizes of a multilevel coefficient
// (EEF 2022, analysis guidance): with b its Test and τ₀², σ₀² the
// variances of the null model y ~ 1 + (1 | cluster) fitted by REML on the
// same pupils,
//
//	hedges_g         g = b / sqrt(τ₀² + σ₀²)
//	hedges_g_within  g = b / σ₀
//
// each with SE = SE_b / SD and interval (b ± z SE_b) / SD. No small-sample
// correction J is applied. The EEF uses z = EEFZ; Z(conf) gives the exact
// quantile for another level.
func EEFEffects(b Test, null *Fit, z float64) (total, within Effect) {
	scale := func(sd float64) Effect {
		e := Effect{G: b.Estimate / sd, SE: b.SE / sd,
			Lower: (b.Estimate - z*b.SE) / sd, Upper: (b.Estimate + z*b.SE) / sd}
		if !(sd > 0) {
			e = Effect{G: math.NaN(), SE: math.NaN(), Lower: math.NaN(), Upper: math.NaN(),
				Undefined: "the outcome has no variance in the null model"}
		}
		return e
	}
	return scale(math.Sqrt(null.Tau2 + null.Sigma2)), scale(math.Sqrt(null.Sigma2))
}

// ClusterEffects are eefAnalytics' two effect sizes of a coefficient
// from one model's variances.
type ClusterEffects struct {
	Within Effect // standardised by the within-cluster SD σ
	Total  Effect // standardised by the total SD sqrt(τ² + σ²)
}

// armSums are N_a = Σ n_j, Σ n_j², Σ n_j³ and m_a, the number of clusters,
// of one arm.
type armSums struct{ n, s2, s3, m float64 }

func sums(sizes []int) armSums {
	var a armSums
	for _, n := range sizes {
		v := float64(n)
		a.n += v
		a.s2 += v * v
		a.s3 += v * v * v
	}
	a.m = float64(len(sizes))
	return a
}

// Effects returns eefAnalytics' within and total effect sizes of the
// coefficient beta (eefAnalytics 1.1.3 crtFREQ, with Hedges 2007's
// formulas for unequal cluster sizes), taking σ², τ² and the ICC
// ρ = τ²/(τ² + σ²) from v: the full model ("conditional") or the null
// model ("unconditional"). With N_t, N_c the pupils and m_t, m_c the
// clusters of each arm, n_tj, n_cj its cluster sizes, N = N_t + N_c and
// M = m_t + m_c:
//
//	ñ    = N_c Σn_tj² / (N_t N) + N_t Σn_cj² / (N_c N)
//	within: g = β/σ,  SE² = (N/(N_t N_c)) (1 + (ñ − 1)ρ)/(1 − ρ) + g²/(2(N − M))
//
//	ñ_t  = (N_t² − Σn_tj²) / (N_t (m_t − 1)),  ñ_c likewise
//	total: g = (β / sqrt(τ² + σ²)) sqrt(1 − ρ((N − ñ_t m_t − ñ_c m_c) + ñ_t + ñ_c − 2)/(N − 2))
//	B    = ñ_t (m_t − 1) + ñ_c (m_c − 1)
//	A_t  = (N_t² Σn_tj² + (Σn_tj²)² − 2 N_t Σn_tj³) / N_t²,  A = A_t + A_c
//	SE²  = (N/(N_t N_c)) (1 + (ñ − 1)ρ)
//	       + ((N − 2)(1 − ρ)² + Aρ² + 2Bρ(1 − ρ)) g² / (2(N − 2)((N − 2) − ρ(N − 2 − B)))
//
// and intervals g ± z SE (eefAnalytics: z = EEFZ). A cluster of a
// multisite trial holding both arms counts once in each arm. The total
// effect is undefined (NaN) when an arm is a single cluster.
//
// Hedges, L. V. (2007). Effect sizes in cluster-randomized designs.
// Journal of Educational and Behavioral Statistics 32(4), 341–370.
// doi:10.3102/1076998606298043
func (l Layout) Effects(beta float64, v *Fit, z float64) ClusterEffects {
	t, c := sums(l.Treated), sums(l.Control)
	N := t.n + c.n
	M := t.m + c.m
	rho := v.ICC()
	nTilde := c.n*t.s2/(t.n*N) + t.n*c.s2/(c.n*N)
	base := N / (t.n * c.n)

	var out ClusterEffects
	gw := beta / math.Sqrt(v.Sigma2)
	sew := math.Sqrt(base*(1+(nTilde-1)*rho)/(1-rho) + gw*gw/(2*(N-M)))
	out.Within = interval(gw, sew, z)

	if t.m < 2 || c.m < 2 {
		nan := math.NaN()
		out.Total = Effect{G: nan, SE: nan, Lower: nan, Upper: nan,
			Undefined: "an arm is a single cluster: the total-variance effect size of Hedges (2007) needs two or more clusters per arm"}
		return out
	}
	nut := (t.n*t.n - t.s2) / (t.n * (t.m - 1))
	nuc := (c.n*c.n - c.s2) / (c.n * (c.m - 1))
	gt := beta / math.Sqrt(v.Tau2+v.Sigma2) *
		math.Sqrt(1-rho*((N-nut*t.m-nuc*c.m)+nut+nuc-2)/(N-2))
	B := nut*(t.m-1) + nuc*(c.m-1)
	A := (t.n*t.n*t.s2+t.s2*t.s2-2*t.n*t.s3)/(t.n*t.n) +
		(c.n*c.n*c.s2+c.s2*c.s2-2*c.n*c.s3)/(c.n*c.n)
	v1 := base * (1 + (nTilde-1)*rho)
	v2 := ((N-2)*(1-rho)*(1-rho) + A*rho*rho + 2*B*rho*(1-rho)) * gt * gt
	v3 := 2 * (N - 2) * ((N - 2) - rho*(N-2-B))
	out.Total = interval(gt, math.Sqrt(v1+v2/v3), z)
	return out
}

func interval(g, se, z float64) Effect {
	return Effect{G: g, SE: se, Lower: g - z*se, Upper: g + z*se}
}
