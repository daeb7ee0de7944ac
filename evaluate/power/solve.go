package power

import (
	"fmt"
	"math"
)

// Largest sizes the solvers try before giving up.
const (
	maxPupils   = 1e9
	maxClusters = 1e7
)

// SampleSize is the smallest whole number of pupils whose MDES, at
// p.Power, is at most effect: N for individual and pre-post designs; for a
// cluster-rct, the pupils per cluster (ClusterSize) with p.Clusters fixed,
// N being Clusters × ClusterSize. At that size the power to detect effect
// is at least p.Power (Result.Power says how much). This is PowerUp!'s
// minimum required sample size (Dong & Maynard 2013) rounded up to a whole
// number. Any N or ClusterSize already in p is ignored.
//
// For a cluster-rct the MDES cannot fall below M·√(ρ(1−R²₂)/(P(1−P)J))
// however large the clusters; when that floor is above effect the error
// wraps ErrUnreachable and says how many clusters would do.
func SampleSize(p Plan, effect float64) (Result, error) {
	p.N, p.ClusterSize = 0, 0
	p, err := p.normalise()
	if err != nil {
		return nanResult(p, SolveN), fmt.Errorf("sample size: %w", err)
	}
	if !(effect > 0) || math.IsInf(effect, 0) {
		return nanResult(p, SolveN), fmt.Errorf("sample size: effect = %g: want the effect size to detect, in SDs, above 0", effect)
	}
	ok := func(set func(*Plan, float64)) func(float64) bool {
		return func(v float64) bool {
			q := p
			set(&q, v)
			se, df, err := seDF(q)
			return err == nil && Multiplier(df, q.Alpha, q.Power)*se <= effect
		}
	}
	var v float64
	var found bool
	switch p.Design {
	case ClusterRCT:
		if p.Clusters <= p.Covariates+2 {
			return nanResult(p, SolveN), fmt.Errorf("sample size of a cluster-rct: %d clusters leave no degrees of freedom with %d covariates: need at least %d", p.Clusters, p.Covariates, p.Covariates+3)
		}
		v, found = smallestWhole(1, maxPupils, ok(func(q *Plan, v float64) { q.ClusterSize = v }))
		if !found {
			return nanResult(p, SolveN), clusterFloorError(p, effect)
		}
		p.ClusterSize = v
		p.N = v * float64(p.Clusters)
	default:
		lo := float64(p.Covariates + 3)
		if p.Design == PrePost {
			lo = 2
		}
		v, found = smallestWhole(lo, maxPupils, ok(func(q *Plan, v float64) { q.N = v }))
		if !found {
			return nanResult(p, SolveN), fmt.Errorf("sample size: %w: even %g pupils cannot detect %g", ErrUnreachable, maxPupils, effect)
		}
		p.N = v
	}
	return fill(p, effect, SolveN)
}

// Clusters is the smallest whole number of clusters (all arms) of
// p.ClusterSize pupils whose MDES, at p.Power, is at most effect
// (cluster-rct only). p.N, if given with no ClusterSize, is read as the
// pupils per cluster times the clusters given; give ClusterSize instead.
func Clusters(p Plan, effect float64) (Result, error) {
	if p.Design != ClusterRCT {
		return nanResult(p, SolveClusters), fmt.Errorf("clusters: %s design has no clusters", article(p.Design))
	}
	p, err := p.normalise()
	if err != nil {
		return nanResult(p, SolveClusters), fmt.Errorf("clusters: %w", err)
	}
	if !(p.ClusterSize > 0) {
		return nanResult(p, SolveClusters), fmt.Errorf("clusters: the cluster size is missing: give the pupils per cluster")
	}
	if !(effect > 0) || math.IsInf(effect, 0) {
		return nanResult(p, SolveClusters), fmt.Errorf("clusters: effect = %g: want the effect size to detect, in SDs, above 0", effect)
	}
	j, found := smallestWhole(float64(p.Covariates+3), maxClusters, func(v float64) bool {
		q := p
		q.Clusters = int(v)
		se, df, err := seDF(q)
		return err == nil && Multiplier(df, q.Alpha, q.Power)*se <= effect
	})
	if !found {
		return nanResult(p, SolveClusters), fmt.Errorf("clusters: %w: even %g clusters cannot detect %g", ErrUnreachable, maxClusters, effect)
	}
	p.Clusters = int(j)
	p.N = j * p.ClusterSize
	return fill(p, effect, SolveClusters)
}

// Solve solves a plan for unknown (SolveMDES, SolvePower, SolveN or
// SolveClusters), the one quantity of MDES, power, n and clusters the user
// left out: MDES needs the sizes; power needs the sizes and effect; n and
// clusters need effect and p.Power.
func Solve(p Plan, effect float64, unknown string) (Result, error) {
	switch unknown {
	case SolveMDES:
		return MDES(p)
	case SolvePower:
		return Power(p, effect)
	case SolveN:
		return SampleSize(p, effect)
	case SolveClusters:
		return Clusters(p, effect)
	}
	return nanResult(p, unknown), fmt.Errorf("solve: unknown quantity %q (want mdes, power, n or clusters)", unknown)
}

// Recruit is how many pupils to recruit so that analysed remain after
// losing the proportion attrition: the smallest whole number r with
// r·(1 − attrition) ≥ analysed, i.e. ⌈analysed / (1 − attrition)⌉. Apply it
// to N, or for a cluster-rct to the pupils per cluster (losing whole
// clusters is not modelled).
func Recruit(analysed, attrition float64) (float64, error) {
	if !(analysed >= 0) || math.IsInf(analysed, 0) {
		return math.NaN(), fmt.Errorf("recruit: %g pupils: want a number of pupils", analysed)
	}
	if !(attrition >= 0 && attrition < 1) {
		return math.NaN(), fmt.Errorf("recruit: attrition = %g: want the expected proportion lost, from 0 up to (not including) 1", attrition)
	}
	r := math.Ceil(analysed / (1 - attrition))
	// Guard against 60/(1 − 0.2) = 75.00000000000001 and the like.
	if (r-1)*(1-attrition) >= analysed-1e-9*math.Max(1, analysed) {
		r--
	}
	return r, nil
}

// smallestWhole is the smallest whole v in [lo, hi] with ok(v), for ok
// false then true as v grows; found is false when ok(hi) is false.
func smallestWhole(lo, hi float64, ok func(float64) bool) (v float64, found bool) {
	if ok(lo) {
		return lo, true
	}
	if !ok(hi) {
		return math.NaN(), false
	}
	// Invariant: !ok(a), ok(b).
	a, b := lo, hi
	for step := 1.0; lo+step < hi; step *= 2 {
		if ok(lo + step) {
			b = lo + step
			break
		}
		a = lo + step
	}
	for b-a > 1 {
		mid := math.Floor(a + (b-a)/2)
		if ok(mid) {
			b = mid
		} else {
			a = mid
		}
	}
	return b, true
}

// clusterFloorError explains why no cluster size reaches effect with
// p.Clusters clusters: the MDES of infinitely large clusters.
func clusterFloorError(p Plan, effect float64) error {
	q := p
	q.ClusterSize = math.Inf(1)
	se, df, _ := seDF(q)
	floor := Multiplier(df, p.Alpha, p.Power) * se
	return fmt.Errorf("sample size of a cluster-rct: %w: with %d clusters the MDES cannot fall below %.3f however many pupils each has, which is above the %g sought; add clusters", ErrUnreachable, p.Clusters, floor, effect)
}
