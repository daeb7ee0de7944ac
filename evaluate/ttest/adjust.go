package ttest

import (
	"math"
	"sort"
)

// BenjaminiHochberg returns the Benjamini–Hochberg adjusted p-values of p,
// in the same order, as R's p.adjust(p, method = "BH"):
//
//	p_adj(i) = min(1, min_{k ≥ i} m p_(k) / k)
//
// over the sorted p-values, m the number of non-NaN p-values. NaN entries
// stay NaN and do not count in m (as R's NA). Benjamini & Hochberg (1995),
// doi:10.1111/j.2517-6161.1995.tb02031.x; docs/methods.md §14.
func BenjaminiHochberg(p []float64) []float64 {
	out := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		out[i] = math.NaN()
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m == 0 {
		return out
	}
	// Decreasing p; ties keep their input order (stable), as R's order.
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	cm := math.Inf(1)
	for r, i := range idx {
		k := m - r // rank from the bottom
		v := float64(m) / float64(k) * p[i]
		if v < cm {
			cm = v
		}
		out[i] = math.Min(1, cm)
	}
	return out
}
