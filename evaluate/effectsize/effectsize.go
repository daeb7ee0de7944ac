package effectsize

import (
	"math"

	"github.com/whatworks/whatworks/evaluate/sample"
)

// HedgesJ is the small-sample correction factor of Hedges' g in the
// approximate form the EEF and the WWC use:
//
//	J(df) = 1 − 3/(4 df − 1)
//
// With df = N − 2 it is 1 − 3/(4N − 9). It returns NaN for df <= 1, where
// J <= 0 (N = 3 gives J = 0, which would turn every g into 0: g is
// undefined there, not zero), and for NaN df.
// Hedges (1981), doi:10.3102/10769986006002107; docs/methods.md §2.
func HedgesJ(df float64) float64 {
	if !(df > 1) {
		return math.NaN()
	}
	return 1 - 3/(4*df-1)
}

// HedgesJExact is the exact small-sample correction factor
//
//	J(df) = Γ(df/2) / (sqrt(df/2) Γ((df − 1)/2))
//
// which R's effectsize (0.8.x, hedges_g) uses. It returns NaN for df <= 1.
// Hedges (1981), doi:10.3102/10769986006002107.
func HedgesJExact(df float64) float64 {
	if math.IsInf(df, 1) {
		return 1
	}
	if !(df > 1) {
		return math.NaN()
	}
	a, _ := math.Lgamma(df / 2)
	b, _ := math.Lgamma((df - 1) / 2)
	return math.Exp(a - math.Log(math.Sqrt(df/2)) - b)
}

// CohensD returns the standardised mean difference of t over c with the
// pooled SD:
//
//	d = (mean_t − mean_c) / s_p
//
// It returns NaN when N < 3, either arm is empty, or s_p is 0 or NaN.
// Cohen (1988); as effectsize::cohens_d(pooled_sd = TRUE).
func CohensD(t, c sample.Summary) float64 {
	sp := sample.PooledSD(t, c)
	if !(sp > 0) || math.IsInf(sp, 0) {
		return math.NaN()
	}
	return (t.Mean - c.Mean) / sp
}

// HedgesG returns Hedges' g of t over c with the EEF/WWC correction
// J = 1 − 3/(4N − 9):
//
//	s_p = sqrt(((n_t−1)s_t² + (n_c−1)s_c²) / (N−2))
//	g   = J (mean_t − mean_c) / s_p
//
// It returns NaN when N < 4 (J <= 0) or s_p is 0.
// Hedges (1981), doi:10.3102/10769986006002107; WWC Procedures Handbook
// v4.1, Appendix E; docs/methods.md §2.
func HedgesG(t, c sample.Summary) float64 {
	return HedgesJ(float64(t.N+c.N-2)) * CohensD(t, c)
}

// HedgesGExact returns Hedges' g with the exact correction HedgesJExact,
// as R's effectsize::hedges_g (0.8.x) computes it. NaN as HedgesG.
func HedgesGExact(t, c sample.Summary) float64 {
	return HedgesJExact(float64(t.N+c.N-2)) * CohensD(t, c)
}

// GlassDelta returns Glass's Δ, the mean difference over the comparison
// arm's SD:
//
//	Δ = (mean_t − mean_c) / s_c
//
// It returns NaN when either arm is empty, n_c < 2 or s_c is 0.
// Glass (1976); as effectsize::glass_delta.
func GlassDelta(t, c sample.Summary) float64 {
	if t.N < 1 || c.N < 2 || !(c.SD > 0) || math.IsInf(c.SD, 0) {
		return math.NaN()
	}
	return (t.Mean - c.Mean) / c.SD
}

// HedgesGSE is the large-sample standard error of a standardised mean
// difference g (or d) of two independent arms:
//
//	SE(g) = sqrt(N/(n_t n_c) + g²/(2N)),  N = n_t + n_c
//
// the EEF/CEM and WWC (Procedures Handbook v4.1) convention for the
// normal-approximation interval g ± z SE. Hedges & Olkin (1985), ch. 5.
// It returns NaN when an arm is empty or g is NaN.
func HedgesGSE(g float64, nt, nc int) float64 {
	if nt < 1 || nc < 1 {
		return math.NaN()
	}
	n := float64(nt + nc)
	return math.Sqrt(n/(float64(nt)*float64(nc)) + g*g/(2*n))
}

// GlassDeltaSE is the large-sample standard error of Glass's Δ:
//
//	SE(Δ) = sqrt(N/(n_t n_c) + Δ²/(2(n_c − 1)))
//
// Hedges & Olkin (1985), Statistical Methods for Meta-Analysis, ch. 5
// (the comparison SD alone estimates σ, on n_c − 1 df). NaN when n_c < 2.
func GlassDeltaSE(delta float64, nt, nc int) float64 {
	if nt < 1 || nc < 2 {
		return math.NaN()
	}
	n := float64(nt + nc)
	return math.Sqrt(n/(float64(nt)*float64(nc)) + delta*delta/(2*float64(nc-1)))
}
