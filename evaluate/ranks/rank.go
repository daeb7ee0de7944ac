package ranks

import (
	"math"
	"slices"
)

// Method chooses how a rank test's p-value is computed.
type Method int

const (
	// Auto is R's default: exact when the sample is small (each arm, or
	// the non-zero differences, under 50) and there are no ties (and, for
	// pairs, no zero differences); the normal approximation otherwise.
	Auto Method = iota
	// Exact asks for the exact p whatever the size, as R's exact = TRUE;
	// with ties (or zero differences) the normal approximation is used and
	// the result's Note says so.
	// Exact with n1 · n2 above 10,000 (rank sum) or more than 500
	// non-zero differences (signed rank) also uses the approximation.
	Exact
	// Normal is the normal approximation with tie and continuity
	// correction, as R's exact = FALSE, correct = TRUE.
	Normal
)

// String returns "auto", "exact" or "normal".
func (m Method) String() string {
	switch m {
	case Auto:
		return "auto"
	case Exact:
		return "exact"
	case Normal:
		return "normal"
	}
	return "Method(?)"
}

// exactLimit is R's size limit for the exact test by default: n < 50.
const exactLimit = 50

// Beyond these sizes an exact p asked for with Exact is not computed (its
// null distribution costs (n1 n2)²/4 and n³/4 steps) and the normal
// approximation is used, with a Note; R would take minutes there.
const (
	maxExactRankSum    = 10000 // n1 · n2
	maxExactSignedRank = 500   // non-zero differences
)

// midRanks returns the ranks of x (1 = smallest), ties given the mean of
// the ranks they span, and Σ(t³ − t) over the groups of t tied values.
func midRanks(x []float64) (r []float64, tieSum float64) {
	// The values sorted with their positions, side by side in memory (a
	// million pupils sort in a few tens of milliseconds). Tied values share
	// one mid-rank, so the order within a tie does not matter.
	type valueAt struct {
		v float64
		i int32
	}
	s := make([]valueAt, len(x))
	for i, v := range x {
		s[i] = valueAt{v, int32(i)}
	}
	slices.SortFunc(s, func(a, b valueAt) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	r = make([]float64, len(x))
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].v == s[i].v {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			r[s[k].i] = mid
		}
		if t := float64(j - i); t > 1 {
			tieSum += t*t*t - t
		}
		i = j
	}
	return r, tieSum
}

// sortedCopy returns the values of x that are not NaN, sorted.
func sortedCopy(x []float64) []float64 {
	out := dropNaN(x)
	slices.Sort(out)
	return out
}

// mergedRankSum returns the sum of the ranks of the values of x among
// those of x and y together (1 = smallest; ties given the mean of the
// ranks they span) and Σ(t³ − t) over the groups of t tied values, from x
// and y each sorted: a walk through both, with no array of ranks (at
// national scale the ranks of every pupil, with their positions, were
// hundreds of megabytes). The ranks are multiples of ½ and their sum is
// exact in float64 below 2⁵³, so it equals the sum of midRanks over x.
func mergedRankSum(x, y []float64) (sumX, tieSum float64) {
	i, j, done := 0, 0, 0
	for i < len(x) || j < len(y) {
		var v float64
		switch {
		case j == len(y) || i < len(x) && x[i] <= y[j]:
			v = x[i]
		default:
			v = y[j]
		}
		cx, cy := 0, 0
		for i < len(x) && x[i] == v {
			i++
			cx++
		}
		for j < len(y) && y[j] == v {
			j++
			cy++
		}
		t := cx + cy
		mid := float64(2*done+t+1) / 2 // mean of ranks done+1 … done+t
		sumX += float64(cx) * mid
		if t > 1 {
			ft := float64(t)
			tieSum += ft*ft*ft - ft
		}
		done += t
	}
	return sumX, tieSum
}

// dropNaN returns the values of x that are not NaN.
func dropNaN(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

// rankSumCounts returns, for u = 0 … mn, the number of orderings of m x's
// and n y's (all values distinct) in which u (x, y) pairs have x > y: the
// null distribution of the Mann–Whitney U of x, times C(m + n, m). It
// builds the counts by the recursion on the largest value,
//
//	c(u; i, j) = c(u − j; i − 1, j) + c(u; i, j − 1)
//
// (an x there beats all j y's; a y beats none), a sum of positive terms
// only, so the tails keep full relative precision.
func rankSumCounts(m, n int) []float64 {
	// prev[j] holds c(·; i − 1, j) and cur[j] c(·; i, j), j = 0 … n, in
	// buffers of the final size m j + 1.
	prev := make([][]float64, n+1)
	cur := make([][]float64, n+1)
	for j := range prev {
		prev[j] = make([]float64, 1, m*j+1)
		prev[j][0] = 1 // c(·; 0, j): U = 0 only
		cur[j] = make([]float64, 1, m*j+1)
	}
	for i := 1; i <= m; i++ {
		cur[0] = cur[0][:1]
		cur[0][0] = 1
		for j := 1; j <= n; j++ {
			c := cur[j][:i*j+1]
			copy(c, cur[j-1]) // the largest value is a y
			clear(c[len(cur[j-1]):])
			for u, v := range prev[j] {
				c[u+j] += v // the largest value is an x
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[n]
}

// signedRankCounts returns, for v = 0 … n(n+1)/2, the number of subsets
// of the ranks 1 … n that sum to v: the null distribution of the
// signed-rank statistic V, times 2ⁿ. Positive terms only.
func signedRankCounts(n int) []float64 {
	c := make([]float64, n*(n+1)/2+1)
	c[0] = 1
	top := 0
	for k := 1; k <= n; k++ {
		top += k
		for v := top; v >= k; v-- {
			c[v] += c[v-k]
		}
	}
	return c
}

// exactTwoSided returns the two-sided exact p of an observed statistic s
// (an integer) under the null counts c, symmetric about mid, as R does it:
// twice the tail beyond s on its side of mid, capped at 1.
func exactTwoSided(c []float64, s, mid float64) float64 {
	total, tail := 0.0, 0.0
	for u, v := range c {
		total += v
		if s > mid && float64(u) >= s || s <= mid && float64(u) <= s {
			tail += v
		}
	}
	return math.Min(1, 2*tail/total)
}
