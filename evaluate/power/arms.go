package power

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/data"
)

// WholeArms rounds the arms of a plan whose size was solved for up to
// whole numbers and recomputes it, so that a plan can be carried out:
//
//	individual designs  n_t = ⌈N·P⌉, n_c = ⌈N·(1 − P)⌉ pupils;  N = n_t + n_c, P = n_t/N
//	cluster-rct         J_t = ⌈J·P⌉, J_c = ⌈J·(1 − P)⌉ clusters; J = J_t + J_c, P = J_t/J
//	pre-post            unchanged (one group of N)
//
// The pupils per cluster are unchanged. Rounding each arm up makes
// 1/n_t + 1/n_c (the sampling variance's factor, 1/(P(1 − P)N)) smaller
// and adds degrees of freedom, so the MDES does not grow and the power
// does not fall: a plan that reached its target still does. With P = 1/2
// and r from SampleSize (or Clusters), n_t = ⌈N/2⌉ is the smallest whole
// number per group that reaches the target, since the MDES falls as N
// grows and no smaller even total reaches it.
//
// r.Solved, r.Effect and r.Notes are kept; r must come from this package
// (MDES, Power, SampleSize, Clusters or Solve) without error.
func WholeArms(r Result) (Result, error) {
	p := r.Plan
	if math.IsNaN(r.MDES) {
		return r, fmt.Errorf("whole arms: the plan has no result to round")
	}
	switch p.Design {
	case PrePost:
		return r, nil
	case ClusterRCT:
		j := float64(p.Clusters)
		jt, jc := ceilWhole(j*p.PTreated), ceilWhole(j*(1-p.PTreated))
		p.Clusters = int(jt + jc)
		p.PTreated = jt / (jt + jc)
		p.N = float64(p.Clusters) * p.ClusterSize
	default:
		nt, nc := ceilWhole(p.N*p.PTreated), ceilWhole(p.N*(1-p.PTreated))
		p.N = nt + nc
		p.PTreated = nt / p.N
	}
	out, err := fill(p, r.Effect, r.Solved)
	if err != nil {
		return r, fmt.Errorf("whole arms: %w", err)
	}
	out.Notes = r.Notes
	return out, nil
}

// Arms is the expected number in each arm of a plan: pupils (N·P and
// N·(1 − P)) or, for a cluster-rct, clusters (J·P and J·(1 − P)). They
// are whole after WholeArms, and may not be otherwise; a value within
// 10⁻⁹ (relative) of a whole number is returned as that number. A
// pre-post design has one group: treated = N, comparison = 0.
func Arms(p Plan) (treated, comparison float64) {
	pt := p.PTreated
	if pt == 0 {
		pt = DefaultPTreated
	}
	switch p.Design {
	case PrePost:
		return p.N, 0
	case ClusterRCT:
		j := float64(p.Clusters)
		return snapWhole(j * pt), snapWhole(j * (1 - pt))
	}
	return snapWhole(p.N * pt), snapWhole(p.N * (1 - pt))
}

// snapWhole reads a value within 10⁻⁹ (relative) of a whole number as
// that number: 100 × 0.3 = 30.000000000000004 is 30.
func snapWhole(x float64) float64 {
	r := math.Round(x)
	if math.Abs(x-r) <= 1e-9*math.Max(1, math.Abs(x)) {
		return r
	}
	return x
}

// ceilWhole is ⌈x⌉ of snapWhole(x).
func ceilWhole(x float64) float64 {
	return math.Ceil(snapWhole(x))
}

// article puts "a" or "an" before a design's name, as it is spoken: "an
// rct", "a cluster-rct".
func article(design data.Design) string {
	if design == RCT {
		return "an " + string(design)
	}
	return "a " + string(design)
}
