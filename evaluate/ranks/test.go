package ranks

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// RankSum is the result of the Mann–Whitney (Wilcoxon rank-sum) test.
type RankSum struct {
	// W is the Mann–Whitney U of x: the number of (x, y) pairs with x > y,
	// ties counting ½; Σ ranks of x − n1(n1 + 1)/2 (R's W).
	W      float64
	N1, N2 int  // values in x and y (NaN left out)
	Ties   bool // some value occurs more than once
	Exact  bool // P is exact; otherwise the normal approximation
	Z      float64
	P      float64 // two-sided
	// Note says why an exact p was asked for but not given ("" otherwise).
	Note string
	// Reason says why Z or P is NaN ("" when neither is, except Z when
	// Exact).
	Reason string
}

// MannWhitney returns the two-sided Mann–Whitney test of x against y, as
// R's wilcox.test(x, y) with correct = TRUE and exact chosen by method.
// NaN values are left out. With the values of both ranked together (ties
// given mid-ranks), W = Σ ranks of x − n1(n1 + 1)/2.
//
// Exact (Method Auto with n1, n2 < 50, or Exact up to n1 n2 = 10,000;
// never with ties): the
// p-value is twice the tail of the null distribution of U beyond W, on
// W's side of n1n2/2, capped at 1 (Mann & Whitney 1947).
//
// Normal approximation, with the tie and continuity corrections:
//
//	σ² = n1n2/12 · (n1 + n2 + 1 − Σ(t³ − t) / ((n1 + n2)(n1 + n2 − 1)))
//	z  = (W − n1n2/2 − ½ sign(W − n1n2/2)) / σ,   p = 2Φ(−|z|)
//
// t the size of each group of tied values. When every value is the same
// σ = 0 and Z and P are NaN with the reason. An arm with no values is an
// error.
func MannWhitney(x, y []float64, method Method) (RankSum, error) {
	return mannWhitney(sortedCopy(x), sortedCopy(y), method)
}

// MannWhitneyInPlace is MannWhitney for x and y with no NaN that the
// caller will not use again: it sorts them in place instead of sorting
// copies (at national scale a copy of both arms is tens of megabytes).
func MannWhitneyInPlace(x, y []float64, method Method) (RankSum, error) {
	slices.Sort(x)
	slices.Sort(y)
	if (len(x) > 0 && math.IsNaN(x[0])) || (len(y) > 0 && math.IsNaN(y[0])) {
		return RankSum{}, fmt.Errorf("mann–whitney test: a value is NaN (MannWhitneyInPlace takes values with none)")
	}
	return mannWhitney(x, y, method)
}

// mannWhitney is MannWhitney of x and y sorted, with no NaN.
func mannWhitney(x, y []float64, method Method) (RankSum, error) {
	if len(x) == 0 || len(y) == 0 {
		return RankSum{}, fmt.Errorf("mann–whitney test: %d values in x and %d in y (both need at least one)", len(x), len(y))
	}
	rankSumX, tieSum := mergedRankSum(x, y)
	n1, n2 := float64(len(x)), float64(len(y))
	res := RankSum{N1: len(x), N2: len(y), Ties: tieSum > 0, Z: math.NaN()}
	res.W = rankSumX - n1*(n1+1)/2

	exact := method == Exact || method == Auto && len(x) < exactLimit && len(y) < exactLimit
	switch {
	case exact && res.Ties:
		exact = false
		if method == Exact {
			res.Note = "ties: the exact p-value cannot be computed, the normal approximation is used"
		}
	case exact && len(x)*len(y) > maxExactRankSum:
		exact = false
		res.Note = fmt.Sprintf("samples too large for the exact p-value (n1 n2 above %d): the normal approximation is used", maxExactRankSum)
	}
	if exact {
		res.Exact = true
		res.P = exactTwoSided(rankSumCounts(len(x), len(y)), res.W, n1*n2/2)
		return res, nil
	}
	n := n1 + n2
	sigma := math.Sqrt(n1 * n2 / 12 * (n + 1 - tieSum/(n*(n-1))))
	res.Z, res.P = continuityZ(res.W-n1*n2/2, sigma)
	if sigma == 0 {
		res.Z, res.P = math.NaN(), math.NaN()
		res.Reason = "every value is the same: the test is undefined"
	}
	return res, nil
}

// continuityZ returns z = (d − ½ sign(d))/σ and p = 2Φ(−|z|).
func continuityZ(d, sigma float64) (z, p float64) {
	corr := 0.0
	switch {
	case d > 0:
		corr = 0.5
	case d < 0:
		corr = -0.5
	}
	z = (d - corr) / sigma
	return z, 2 * distuv.UnitNormal.CDF(-math.Abs(z))
}

// SignedRank is the result of the Wilcoxon signed-rank test.
type SignedRank struct {
	// V is the sum of the ranks of |d| over the positive differences d
	// (R's V), ranks of the non-zero differences with ties given
	// mid-ranks.
	V     float64
	N     int  // pairs with a non-zero difference (those ranked)
	Zeros int  // pairs with a zero difference, left out as R does
	Ties  bool // some |d| occurs more than once
	Exact bool // P is exact; otherwise the normal approximation
	Z     float64
	P     float64 // two-sided
	// Note says why an exact p was asked for but not given ("" otherwise).
	Note string
	// Reason says why Z or P is NaN ("" when neither is, except Z when
	// Exact).
	Reason string
}

// WilcoxonSignedRank returns the two-sided Wilcoxon signed-rank test of the
// paired differences d_i = x_i − y_i (x after, y before gives the change),
// as R's wilcox.test(x, y, paired = TRUE) with correct = TRUE and exact
// chosen by method. Pairs with NaN are left out; zero differences are
// dropped before ranking (R's rule) and counted in Zeros.
//
// Exact (Method Auto with n < 50, or Exact up to n = 500; never with tied
// |d| or zero differences): twice the tail of the null distribution of V beyond V on
// its side of n(n + 1)/4, capped at 1 (Wilcoxon 1945).
//
// Normal approximation, with the tie and continuity corrections:
//
//	σ² = n(n + 1)(2n + 1)/24 − Σ(t³ − t)/48
//	z  = (V − n(n + 1)/4 − ½ sign(V − n(n + 1)/4)) / σ,   p = 2Φ(−|z|)
//
// When every difference is zero, Z and P are NaN with the reason. x and y
// of different lengths, or no complete pair, is an error.
func WilcoxonSignedRank(x, y []float64, method Method) (SignedRank, error) {
	d, zeros, err := differences(x, y)
	if err != nil {
		return SignedRank{}, fmt.Errorf("wilcoxon signed-rank test: %w", err)
	}
	abs := make([]float64, len(d))
	for i, v := range d {
		abs[i] = math.Abs(v)
	}
	r, tieSum := midRanks(abs)
	n := float64(len(d))
	res := SignedRank{N: len(d), Zeros: zeros, Ties: tieSum > 0, Z: math.NaN()}
	for i, v := range d {
		if v > 0 {
			res.V += r[i]
		}
	}
	exact := method == Exact || method == Auto && len(d) < exactLimit
	switch {
	case exact && (res.Ties || zeros > 0):
		exact = false
		if method == Exact {
			res.Note = "ties or zero differences: the exact p-value cannot be computed, the normal approximation is used"
		}
	case exact && len(d) > maxExactSignedRank:
		exact = false
		res.Note = fmt.Sprintf("more than %d differences: the exact p-value is not computed, the normal approximation is used", maxExactSignedRank)
	}
	if exact {
		res.Exact = true
		res.P = exactTwoSided(signedRankCounts(len(d)), res.V, n*(n+1)/4)
		return res, nil
	}
	sigma := math.Sqrt(n*(n+1)*(2*n+1)/24 - tieSum/48)
	if len(d) == 0 || sigma == 0 {
		res.P = math.NaN()
		res.Reason = "every difference is zero: the test is undefined"
		return res, nil
	}
	res.Z, res.P = continuityZ(res.V-n*(n+1)/4, sigma)
	return res, nil
}

// differences returns the non-zero differences x_i − y_i of the pairs
// without NaN, and how many were zero.
func differences(x, y []float64) (d []float64, zeros int, err error) {
	if len(x) != len(y) {
		return nil, 0, fmt.Errorf("%d values after and %d before", len(x), len(y))
	}
	complete := 0
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		complete++
		if v := x[i] - y[i]; v != 0 {
			d = append(d, v)
		} else {
			zeros++
		}
	}
	if complete == 0 {
		return nil, 0, fmt.Errorf("no pair has both values")
	}
	return d, zeros, nil
}
