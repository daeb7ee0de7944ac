package match

import (
	"errors"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// mahalanobisCoords returns, for every row (nil for rows not in the match),
// coordinates z in which Euclidean distance is the Mahalanobis distance
// between pupils:
//
//	d(i, j) = sqrt((x_i − x_j)' S⁻¹ (x_i − x_j))
//
// with x the covariates (categorical ones dummy-coded, constant columns
// dropped, each divided by its SD) and S the pooled within-arm covariance of the pupils in the
// match, Σ_arms Σ_i (x_i − x̄_arm)(x_i − x̄_arm)' / (n − 2), as MatchIt 4.4+
// (transform_covariates with pooled_cov). When S is singular the
// Moore–Penrose inverse is used (MatchIt's generalized_inverse: singular
// values below 1e-8 times the largest are dropped). The distance does not
// depend on which level of a categorical covariate is the reference, so
// it equals MatchIt's, which codes every level.
func mahalanobisCoords(covs []data.Variable, rows []int, arm []int8) ([][]float64, error) {
	X, _, _ := regress.DesignMatrix(covs, rows, false)
	n, p := X.Dims()
	// Drop constant columns.
	var keep []int
	for j := 0; j < p; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			lo, hi = math.Min(lo, X.At(i, j)), math.Max(hi, X.At(i, j))
		}
		if hi-lo >= math.Sqrt(2.220446049250313e-16) {
			keep = append(keep, j)
		}
	}
	q := len(keep)
	if q == 0 {
		return nil, errors.New("matching: every matching covariate has the same value for every pupil, so Mahalanobis distances are all zero (choose covariates that vary)")
	}
	// Standardise each column by its SD over all pupils in the match (R's
	// scale(), as MatchIt): the distance is unchanged, but the tolerance of
	// the generalised inverse then means the same for every covariate.
	X = mat.DenseCopyOf(X)
	for _, j := range keep {
		col := make([]float64, n)
		for i := 0; i < n; i++ {
			col[i] = X.At(i, j)
		}
		sd := sample.Of(col).SD
		for i := 0; i < n; i++ {
			X.Set(i, j, col[i]/sd)
		}
	}
	// Within-arm centring.
	var mt, mc = make([]float64, q), make([]float64, q)
	var nt, nc float64
	for i, r := range rows {
		if arm[r] == data.Treated {
			nt++
		} else {
			nc++
		}
		for k, j := range keep {
			if arm[r] == data.Treated {
				mt[k] += X.At(i, j)
			} else {
				mc[k] += X.At(i, j)
			}
		}
	}
	for k := range mt {
		mt[k] /= nt
		mc[k] /= nc
	}
	S := mat.NewSymDense(q, nil)
	dev := make([]float64, q)
	for i, r := range rows {
		m := mc
		if arm[r] == data.Treated {
			m = mt
		}
		for k, j := range keep {
			dev[k] = X.At(i, j) - m[k]
		}
		for a := 0; a < q; a++ {
			for b := a; b < q; b++ {
				S.SetSym(a, b, S.At(a, b)+dev[a]*dev[b])
			}
		}
	}
	S.ScaleSym(1/float64(n-2), S)
	// W with W'W = S⁺: eigen-decomposition S = V Λ V', W = Λ^{-1/2} V'.
	var eig mat.EigenSym
	if !eig.Factorize(S, true) {
		return nil, errors.New("matching: the covariance matrix of the matching covariates could not be decomposed")
	}
	vals := eig.Values(nil)
	var V mat.Dense
	eig.VectorsTo(&V)
	maxv := 0.0
	for _, v := range vals {
		maxv = math.Max(maxv, v)
	}
	z := make([][]float64, len(arm))
	x := make([]float64, q)
	for i, r := range rows {
		for k, j := range keep {
			x[k] = X.At(i, j)
		}
		zi := make([]float64, 0, q)
		for e, lam := range vals {
			if lam <= 1e-8*maxv {
				continue
			}
			s := 0.0
			for k := 0; k < q; k++ {
				s += V.At(k, e) * x[k]
			}
			zi = append(zi, s/math.Sqrt(lam))
		}
		z[r] = zi
	}
	return z, nil
}

func sqDist(a, b []float64) float64 {
	s := 0.0
	for k := range a {
		d := a[k] - b[k]
		s += d * d
	}
	return s
}

// matchMahalanobis is MatchIt's nn_matchC with Mahalanobis covariates on
// one cell. Without replacement, in each of ratio passes every pupil who
// took part (in order ord) takes the nearest comparison pupil not yet used,
// the first in data order on a tie. With replacement each takes its ratio
// nearest comparison pupils at once (ties in data order).
func matchMahalanobis(rows []int, arm []int8, ord []int, z [][]float64, ratio int, replace bool, mm map[int][]int) {
	var ctrl []int
	for _, r := range rows {
		if arm[r] == data.Comparison {
			ctrl = append(ctrl, r)
		}
	}
	used := make([]bool, len(ctrl))
	if replace {
		idx := make([]int, len(ctrl))
		dd := make([]float64, len(ctrl))
		for _, t := range ord {
			for j, c := range ctrl {
				idx[j] = j
				dd[j] = sqDist(z[t], z[c])
			}
			sort.SliceStable(idx, func(a, b int) bool { return nearlyLess(dd[idx[a]], dd[idx[b]]) })
			for j := 0; j < ratio && j < len(idx); j++ {
				mm[t] = append(mm[t], ctrl[idx[j]])
			}
		}
		return
	}
	remaining := len(ctrl)
	for r := 0; r < ratio; r++ {
		for _, t := range ord {
			if remaining == 0 {
				return
			}
			best, bestD := -1, math.Inf(1)
			for j, c := range ctrl {
				if used[j] {
					continue
				}
				if d := sqDist(z[t], z[c]); best < 0 || nearlyLess(d, bestD) {
					best, bestD = j, d
				}
			}
			if best < 0 {
				continue
			}
			used[best] = true
			remaining--
			mm[t] = append(mm[t], ctrl[best])
		}
	}
}

// nearlyLess reports a < b by more than rounding error (relative 1e-10),
// so that distances equal in exact arithmetic tie and data order decides.
func nearlyLess(a, b float64) bool {
	return a < b-1e-10*math.Abs(b)
}

// MahalanobisDistance returns the Mahalanobis distance between two pupils
// on the covariates, with the covariance matrix of the pupils in rows as
// matching uses it (see Run); it is an error when the covariates are
// collinear among those pupils.
func MahalanobisDistance(covs []data.Variable, rows []int, arm []int8) (func(a, b int) float64, error) {
	z, err := mahalanobisCoords(covs, rows, arm)
	if err != nil {
		return nil, err
	}
	return func(a, b int) float64 { return math.Sqrt(sqDist(z[a], z[b])) }, nil
}
