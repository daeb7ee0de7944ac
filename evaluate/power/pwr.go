package power

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/ttest"
)

// Kinds of t test in TTestPower and TTestN, spelled as pwr.t.test's type.
const (
	TwoSample = "two.sample" // two groups of n each
	Paired    = "paired"     // n pairs (pre-post), d = d_z
	OneSample = "one.sample"
)

// TTestPower is the power of a two-sided t test at level alpha to detect a
// standardised difference d with n per group (TwoSample) or n pairs
// (Paired, OneSample), on the noncentral t distribution, as R's
// pwr::pwr.t.test (Champely; Cohen 1988, ch. 2):
//
//	ν = (n − 1)·k, k = 2 for two samples and 1 otherwise
//	δ = d·√(n/k)
//	t_c = t(1 − α/2, ν)
//	power = P(T_ν,δ > t_c) + P(T_ν,δ < −t_c)
//
// both tails counted as pwr counts them. d's sign is ignored.
func TTestPower(n, d, alpha float64, kind string) (float64, error) {
	k, err := ttestK(kind)
	if err != nil {
		return math.NaN(), fmt.Errorf("t test power: %w", err)
	}
	switch {
	case !(n > 1) || math.IsInf(n, 0):
		return math.NaN(), fmt.Errorf("t test power: n = %g: want more than 1", n)
	case math.IsNaN(d) || math.IsInf(d, 0):
		return math.NaN(), fmt.Errorf("t test power: d = %g: want an effect size", d)
	case !(alpha > 0 && alpha < 1):
		return math.NaN(), fmt.Errorf("t test power: alpha = %g: want a level between 0 and 1", alpha)
	}
	return ttestPower(n, math.Abs(d), alpha, k), nil
}

func ttestPower(n, d, alpha, k float64) float64 {
	nu := (n - 1) * k
	ncp := d * math.Sqrt(n/k)
	tc := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(1 - alpha/2)
	return (1 - ttest.NoncentralCDF(tc, nu, ncp)) + ttest.NoncentralCDF(-tc, nu, ncp)
}

func ttestK(kind string) (float64, error) {
	switch kind {
	case TwoSample:
		return 2, nil
	case Paired, OneSample:
		return 1, nil
	}
	return 0, fmt.Errorf("unknown kind %q (want two.sample, paired or one.sample)", kind)
}

// TTestN is the n per group (TwoSample) or number of pairs (Paired,
// OneSample) at which TTestPower reaches power: the root pwr.t.test finds
// with uniroot on (2, 10⁹), solved here to full precision (pwr's own
// answer is within uniroot's default tolerance, about 10⁻⁴, of it). It is
// not a whole number: recruit ⌈n⌉. The error wraps ErrUnreachable when d is
// 0 (power stays at alpha) and says so when 2 per group already suffice.
func TTestN(d, alpha, power float64, kind string) (float64, error) {
	k, err := ttestK(kind)
	if err != nil {
		return math.NaN(), fmt.Errorf("t test n: %w", err)
	}
	switch {
	case math.IsNaN(d) || math.IsInf(d, 0):
		return math.NaN(), fmt.Errorf("t test n: d = %g: want an effect size", d)
	case !(alpha > 0 && alpha < 1):
		return math.NaN(), fmt.Errorf("t test n: alpha = %g: want a level between 0 and 1", alpha)
	case !(power > 0 && power < 1):
		return math.NaN(), fmt.Errorf("t test n: power = %g: want a proportion between 0 and 1", power)
	}
	d = math.Abs(d)
	f := func(n float64) float64 { return ttestPower(n, d, alpha, k) - power }
	lo, hi := 2+1e-10, 1e9
	flo, fhi := f(lo), f(hi)
	switch {
	case flo >= 0:
		return math.NaN(), fmt.Errorf("t test n: d = %g is so large that 2 per group already give power %.3f", d, flo+power)
	case !(fhi >= 0):
		return math.NaN(), fmt.Errorf("t test n: %w: d = %g cannot reach power %g with up to 10⁹ per group", ErrUnreachable, d, power)
	}
	// Power rises with n: bisect on the log scale, then on n, to full
	// precision.
	for i := 0; i < 400; i++ {
		mid := math.Sqrt(lo * hi)
		if hi-lo <= 1e-13*hi || mid <= lo || mid >= hi {
			break
		}
		if hi/lo < 1.5 {
			mid = lo + (hi-lo)/2
		}
		if f(mid) >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo + (hi-lo)/2, nil
}
