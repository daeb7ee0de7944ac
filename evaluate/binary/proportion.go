package binary

import (
	"fmt"
	"math"
)

// Wilson returns the Wilson score interval of the proportion x/n at the
// confidence level (0.95 for 95%), as R's
// prop.test(x, n, correct = FALSE)$conf.int:
//
//	p̂ = x/n,   k = z²/(2n)
//	(p̂ + k ∓ z sqrt(p̂(1 − p̂)/n + k/(2n))) / (1 + 2k)
//
// with the lower end 0 when p̂ = 0 and the upper end 1 when p̂ = 1
// (Wilson 1927, doi:10.1080/01621459.1927.10502953). Unlike the Wald
// interval p̂ ± z sqrt(p̂(1 − p̂)/n) it stays within 0 to 1 and keeps its
// width at 0% and 100% (Agresti 2013, §1.4). It is an error unless
// 0 ≤ x ≤ n and n ≥ 1.
func Wilson(x, n int, level float64) (lo, hi float64, err error) {
	z, err := zQuantile(level)
	if err != nil {
		return math.NaN(), math.NaN(), fmt.Errorf("wilson interval: %w", err)
	}
	if n < 1 || x < 0 || x > n {
		return math.NaN(), math.NaN(), fmt.Errorf("wilson interval: %d successes in %d trials", x, n)
	}
	nf := float64(n)
	p := float64(x) / nf
	k := z * z / (2 * nf)
	half := z * math.Sqrt(p*(1-p)/nf+k/(2*nf))
	lo, hi = 0, 1
	if p > 0 {
		lo = (p + k - half) / (1 + 2*k)
	}
	if p < 1 {
		hi = (p + k + half) / (1 + 2*k)
	}
	return lo, hi, nil
}
