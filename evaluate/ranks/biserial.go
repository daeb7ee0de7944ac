package ranks

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Correlation is a rank-biserial correlation with its interval, built on
// Fisher's z = atanh(r) scale.
type Correlation struct {
	R             float64
	SE            float64 // standard error of atanh(R)
	CILow, CIHigh float64
	N             int // Mann–Whitney: n1 + n2; paired: non-zero differences
	// Reason says why a field is NaN ("" when none is).
	Reason string
}

// RankBiserial returns the rank-biserial correlation of x against y, as
// effectsize::rank_biserial(x, y) (version 0.8.3):
//
//	r = 2U/(n1 n2) − 1,   U the Mann–Whitney U of x (MannWhitney's W)
//
// the probability that a value of x exceeds one of y minus the reverse
// (Glass 1965; Kerby 2014), from −1 (every y above every x) to 1; and the
// interval tanh(atanh(r) ± z SE) with
//
//	SE = sqrt((n1 + n2 + 1) / (3 n1 n2))
//
// z the normal quantile of level (0.95 for 95%). NaN values are left out.
// When r is ±1 (the arms do not overlap) atanh(r) is infinite and the
// interval is NaN with the reason (effectsize reports the degenerate
// interval from r to r). An arm with no values is an error.
func RankBiserial(x, y []float64, level float64) (Correlation, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Correlation{}, fmt.Errorf("rank-biserial correlation: %w", err)
	}
	t, err := MannWhitney(x, y, Normal)
	if err != nil {
		return Correlation{}, fmt.Errorf("rank-biserial correlation: %w", err)
	}
	return rankBiserialOf(t, z), nil
}

// RankBiserialOf is RankBiserial from the Mann–Whitney test t of the same
// x and y (whichever way its p was computed: U does not depend on it), so
// that a caller that has the test does not rank the values again.
func RankBiserialOf(t RankSum, level float64) (Correlation, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Correlation{}, fmt.Errorf("rank-biserial correlation: %w", err)
	}
	if t.N1 == 0 || t.N2 == 0 {
		return Correlation{}, fmt.Errorf("rank-biserial correlation: %d values in x and %d in y (both need at least one)", t.N1, t.N2)
	}
	return rankBiserialOf(t, z), nil
}

func rankBiserialOf(t RankSum, z float64) Correlation {
	n1, n2 := float64(t.N1), float64(t.N2)
	r := 2*t.W/(n1*n2) - 1
	se := math.Sqrt((n1 + n2 + 1) / (3 * n1 * n2))
	return fisherInterval(r, se, z, t.N1+t.N2, "the arms do not overlap (r = ±1)")
}

// PairedRankBiserial returns the matched-pairs rank-biserial correlation
// of the differences x_i − y_i, as effectsize::rank_biserial on the
// differences (version 0.8.3):
//
//	r = (T⁺ − T⁻) / S,   S = n(n + 1)/2
//
// T⁺ and T⁻ the sums of the ranks of |d| over the positive and negative
// differences, n the non-zero differences (zeros dropped, as the
// signed-rank test does): the share of the rank sum favouring x minus the
// share favouring y (Kerby 2014); and the interval tanh(atanh(r) ± z SE)
// with
//
//	SE = sqrt((2n³ + 3n² + n)/6) / S
//
// Pairs with NaN are left out. n counts the non-zero differences, as
// effectsize does for rank_biserial(x − y) and for a single sample;
// effectsize 0.8.3's two-vector call rank_biserial(x, y, paired = TRUE)
// counts the non-zero values of x instead, a narrower interval when some
// differences are zero (docs/methods.md §12). When every difference is
// zero r is NaN, and when r is ±1 the interval is NaN, with the reason.
func PairedRankBiserial(x, y []float64, level float64) (Correlation, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Correlation{}, fmt.Errorf("matched-pairs rank-biserial correlation: %w", err)
	}
	t, err := WilcoxonSignedRank(x, y, Normal)
	if err != nil {
		return Correlation{}, fmt.Errorf("matched-pairs rank-biserial correlation: %w", err)
	}
	if t.N == 0 {
		nan := math.NaN()
		return Correlation{R: nan, SE: nan, CILow: nan, CIHigh: nan,
			Reason: "every difference is zero: the correlation is undefined"}, nil
	}
	n := float64(t.N)
	s := n * (n + 1) / 2
	r := (2*t.V - s) / s // T⁺ = V, T⁻ = S − V
	se := math.Sqrt((2*n*n*n+3*n*n+n)/6) / s
	return fisherInterval(r, se, z, t.N, "every non-zero difference has the same sign (r = ±1)"), nil
}

// fisherInterval returns r with the interval tanh(atanh(r) ± z se).
// why says why |r| is 1 in the reason of an undefined interval.
func fisherInterval(r, se, z float64, n int, why string) Correlation {
	c := Correlation{R: r, SE: se, N: n}
	if math.Abs(r) >= 1 {
		c.CILow, c.CIHigh = math.NaN(), math.NaN()
		c.Reason = why + ": the Fisher-z interval is undefined"
		return c
	}
	f := math.Atanh(r)
	c.CILow, c.CIHigh = math.Tanh(f-z*se), math.Tanh(f+z*se)
	return c
}

// zQuantile returns the two-sided normal quantile of a confidence level.
func zQuantile(level float64) (float64, error) {
	if !(level > 0 && level < 1) {
		return math.NaN(), fmt.Errorf("confidence level %v is not between 0 and 1", level)
	}
	return distuv.UnitNormal.Quantile(1 - (1-level)/2), nil
}
