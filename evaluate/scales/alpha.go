package scales

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Reliability is the internal consistency of a scale's items.
type Reliability struct {
	// Alpha is Cronbach's (raw) alpha; StdAlpha the standardised alpha,
	// from the correlations instead of the covariances.
	Alpha, StdAlpha float64
	// N is the number of pupils who answered every item (alpha uses only
	// them); Items the number of items.
	N, Items int
	// NoVariance lists the items (by position) every one of those pupils
	// answered the same way: they are left out of alpha, as psych::alpha
	// does, and their entries below are NaN.
	NoVariance []int
	// AlphaIfDropped is the raw alpha of the other items, per item.
	AlphaIfDropped []float64
	// ItemTotal is each item's correlation with the scale score (the mean
	// of the items, psych's raw.r); ItemRest its correlation with the sum
	// of the other items (the corrected item-total correlation, psych's
	// r.drop).
	ItemTotal, ItemRest []float64
	// Reason says why a value is NaN ("" when none is).
	Reason string
}

// Reliability returns Alpha of the items after scoring the reverse items
// (Scale.Keyed).
func (s Scale) Reliability(items [][]float64) (Reliability, error) {
	keyed, err := s.Keyed(items)
	if err != nil {
		return Reliability{}, fmt.Errorf("scale reliability: %w", err)
	}
	return Alpha(keyed)
}

// Alpha returns Cronbach's alpha of k items (items[j][i] is pupil i's
// answer to item j, NaN for none; reverse items already flipped), on the
// pupils who answered every item, as psych::alpha gives it for those
// pupils. With C the k × k covariance matrix of the items and R their
// correlation matrix,
//
//	alpha     = k/(k − 1) · (1 − tr(C) / ΣC)        (Cronbach 1951)
//	std alpha = k/(k − 1) · (1 − k / ΣR)
//
// ΣC the sum of every entry. Alpha if item i were dropped is alpha of C
// without row and column i; the item-total correlation of item i is
// Σ_j C_ij / sqrt(C_ii ΣC) and the item-rest correlation
// (Σ_j C_ij − C_ii) / sqrt(C_ii ΣC₋ᵢ), C₋ᵢ being C without item i.
//
// Items with no variance are left out and listed in NoVariance. Alpha is
// NaN (with the reason) when fewer than two pupils answered every item or
// fewer than two items vary; alpha if dropped is NaN when only two items
// vary (one item left has no alpha; psych reports C₁₂/C₂₂ there).
// Items of different lengths, or none, are an error.
func Alpha(items [][]float64) (Reliability, error) {
	k := len(items)
	if k == 0 {
		return Reliability{}, fmt.Errorf("cronbach's alpha: no items")
	}
	n := len(items[0])
	for j, it := range items {
		if len(it) != n {
			return Reliability{}, fmt.Errorf("cronbach's alpha: item %d has %d answers and item 1 has %d", j+1, len(it), n)
		}
	}
	nan := math.NaN()
	res := Reliability{Alpha: nan, StdAlpha: nan, Items: k,
		AlphaIfDropped: nanSlice(k), ItemTotal: nanSlice(k), ItemRest: nanSlice(k)}

	// Complete cases.
	var rows []int
	for i := range n {
		ok := true
		for _, it := range items {
			if math.IsNaN(it[i]) {
				ok = false
				break
			}
		}
		if ok {
			rows = append(rows, i)
		}
	}
	res.N = len(rows)
	if res.N < 2 {
		res.Reason = fmt.Sprintf("%d pupils answered every item: alpha needs at least 2", res.N)
		return res, nil
	}
	x := mat.NewDense(res.N, k, nil)
	for r, i := range rows {
		for j, it := range items {
			x.Set(r, j, it[i])
		}
	}
	var full mat.SymDense
	stat.CovarianceMatrix(&full, x, nil)

	// Items that vary.
	var keep []int
	for j := range k {
		if full.At(j, j) > 0 {
			keep = append(keep, j)
		} else {
			res.NoVariance = append(res.NoVariance, j)
		}
	}
	if len(keep) < 2 {
		res.Reason = fmt.Sprintf("%d of the %d items vary: alpha needs at least 2", len(keep), k)
		return res, nil
	}
	c := sub(&full, keep)
	res.Alpha = alphaOf(c)
	res.StdAlpha = stdAlphaOf(c)
	m := len(keep)
	total := sumAll(c)
	for a, j := range keep {
		others := without(keep, a)
		ca := sub(&full, others)
		if m > 2 {
			res.AlphaIfDropped[j] = alphaOf(ca)
		}
		row := 0.0
		for b := range m {
			row += c.At(a, b)
		}
		cii := c.At(a, a)
		res.ItemTotal[j] = row / math.Sqrt(cii*total)
		res.ItemRest[j] = (row - cii) / math.Sqrt(cii*sumAll(ca))
	}
	var why []string
	if len(res.NoVariance) > 0 {
		why = append(why, "items with no variance are left out of alpha")
	}
	if m == 2 {
		why = append(why, "two items: alpha if an item were dropped is undefined")
	}
	res.Reason = strings.Join(why, "; ")
	return res, nil
}

// alphaOf returns k/(k − 1) (1 − tr(C)/ΣC).
func alphaOf(c *mat.SymDense) float64 {
	k := float64(c.SymmetricDim())
	return k / (k - 1) * (1 - mat.Trace(c)/sumAll(c))
}

// stdAlphaOf returns k/(k − 1) (1 − k/ΣR), R the correlations of C.
func stdAlphaOf(c *mat.SymDense) float64 {
	k := c.SymmetricDim()
	sumR := 0.0
	for i := range k {
		for j := range k {
			sumR += c.At(i, j) / math.Sqrt(c.At(i, i)*c.At(j, j))
		}
	}
	kf := float64(k)
	return kf / (kf - 1) * (1 - kf/sumR)
}

func sumAll(c *mat.SymDense) float64 {
	k := c.SymmetricDim()
	s := 0.0
	for i := range k {
		for j := range k {
			s += c.At(i, j)
		}
	}
	return s
}

// sub returns the rows and columns idx of c.
func sub(c *mat.SymDense, idx []int) *mat.SymDense {
	s := mat.NewSymDense(len(idx), nil)
	for a, i := range idx {
		for b := a; b < len(idx); b++ {
			s.SetSym(a, b, c.At(i, idx[b]))
		}
	}
	return s
}

// without returns idx without its entry at position a.
func without(idx []int, a int) []int {
	out := make([]int, 0, len(idx)-1)
	out = append(out, idx[:a]...)
	return append(out, idx[a+1:]...)
}

func nanSlice(k int) []float64 {
	s := make([]float64, k)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
