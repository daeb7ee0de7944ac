package regress

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/ttest"
	"gonum.org/v1/gonum/mat"
)

// WLSFit is a weighted least-squares fit with sandwich (robust) standard
// errors.
type WLSFit struct {
	Names []string
	Coef  []float64
	SE    []float64 // cluster-robust (CR1), see WLS
	T     []float64
	P     []float64 // two-sided, t on DF
	DF    int       // n − p, as R's lm (observations with weight > 0)
	N     int
	// Clusters is the number of clusters behind SE (N when each
	// observation is its own cluster: HC1).
	Clusters int
	// Dropped are columns left out because they were constant or a linear
	// combination of earlier columns.
	Dropped []string
	// PerfectFit is true when the weighted residuals are rounding noise:
	// the columns predict y exactly (as Fit.PerfectFit).
	PerfectFit bool
}

// WLS fits y on the columns of X by weighted least squares (rows scaled by
// √w, solved by QR) and returns cluster-robust standard errors of type
// CR1, as R's sandwich::vcovCL(lm(y ~ X, weights = w), cluster, type = "HC1"):
//
//	V = G/(G − 1) · (n − 1)/(n − p) · B⁻¹ (Σ_g u_g u_gᵀ) B⁻¹,
//	B = XᵀWX,  u_g = Σ_{i in g} w_i x_i e_i
//
// With cluster nil every observation is its own cluster and V is the HC1
// heteroscedasticity-consistent covariance. Rows with w <= 0 are ignored.
// Columns that are constant or linearly dependent on earlier ones (R's
// lm gives them NA) are dropped and named in Dropped; column 0 (the
// intercept) and column 1 (the treatment) are never dropped silently: if
// either is dependent the fit fails.
// Zeileis, Köll & Graham (2020), Various versatile variances, J. Stat.
// Softw. 95(1), doi:10.18637/jss.v095.i01; Stuart (2010) and MatchIt's
// "Estimating effects after matching" vignette (cluster on the matched
// set).
func WLS(X *mat.Dense, y, w []float64, names []string, cluster []int32) (*WLSFit, error) {
	n0, p0 := X.Dims()
	var use []int
	for i := 0; i < n0; i++ {
		if w[i] > 0 {
			use = append(use, i)
		}
	}
	n := len(use)
	// Weighted design, then drop dependent columns.
	xw := mat.NewDense(max(n, 1), p0, nil)
	yw := mat.NewVecDense(max(n, 1), nil)
	for k, i := range use {
		s := math.Sqrt(w[i])
		for j := 0; j < p0; j++ {
			xw.Set(k, j, X.At(i, j)*s)
		}
		yw.SetVec(k, y[i]*s)
	}
	keep := []int{}
	var dropped []string
	for j := 0; j < p0; j++ {
		cand := append(append([]int(nil), keep...), j)
		sub := mat.NewDense(max(n, 1), len(cand), nil)
		for k := 0; k < n; k++ {
			for c, jj := range cand {
				sub.Set(k, c, xw.At(k, jj))
			}
		}
		if dependentColumn(sub) >= 0 {
			if j < 2 {
				return nil, fmt.Errorf("weighted regression: %q cannot be estimated (it is constant or collinear in the matched sample)", names[j])
			}
			dropped = append(dropped, names[j])
			continue
		}
		keep = append(keep, j)
	}
	p := len(keep)
	if n <= p {
		return nil, fmt.Errorf("weighted regression: %d pupils are too few for %d coefficients", n, p)
	}
	Xk := mat.NewDense(n, p, nil)
	Xr := mat.NewDense(n, p, nil) // unweighted rows of the kept columns
	for k, i := range use {
		for c, j := range keep {
			Xk.Set(k, c, xw.At(k, j))
			Xr.Set(k, c, X.At(i, j))
		}
	}
	var qr mat.QR
	qr.Factorize(Xk)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, yw); err != nil {
		return nil, fmt.Errorf("weighted regression: %v", err)
	}
	// Bread: (XᵀWX)⁻¹ = (RᵀR)⁻¹.
	var xtwx mat.SymDense
	xtwx.SymOuterK(1, Xk.T())
	var chol mat.Cholesky
	if !chol.Factorize(&xtwx) {
		return nil, fmt.Errorf("weighted regression: the design is singular")
	}
	var binv mat.SymDense
	if err := chol.InverseTo(&binv); err != nil {
		return nil, fmt.Errorf("weighted regression: %v", err)
	}
	// Meat: Σ_g u_g u_gᵀ with u_g = Σ w_i x_i e_i.
	gidx := map[int64]int{}
	var us [][]float64
	var rss, fss float64
	for k, i := range use {
		e := y[i]
		for c := 0; c < p; c++ {
			e -= Xr.At(k, c) * b.AtVec(c)
		}
		rss += w[i] * e * e
		fss += w[i] * (y[i] - e) * (y[i] - e)
		key := int64(-1 - k) // own cluster
		if cluster != nil && cluster[i] >= 0 {
			key = int64(cluster[i])
		}
		g, ok := gidx[key]
		if !ok {
			g = len(us)
			gidx[key] = g
			us = append(us, make([]float64, p))
		}
		for c := 0; c < p; c++ {
			us[g][c] += w[i] * Xr.At(k, c) * e
		}
	}
	G := len(us)
	meat := mat.NewSymDense(p, nil)
	for _, u := range us {
		meat.SymRankOne(meat, 1, mat.NewVecDense(p, u))
	}
	var tmp, V mat.Dense
	tmp.Mul(&binv, meat)
	V.Mul(&tmp, &binv)
	adj := float64(G) / float64(G-1) * float64(n-1) / float64(n-p)
	f := &WLSFit{N: n, DF: n - p, Clusters: G, Dropped: dropped, PerfectFit: perfectFit(rss, n-p, fss, n)}
	for c, j := range keep {
		f.Names = append(f.Names, names[j])
		f.Coef = append(f.Coef, b.AtVec(c))
		se := math.Sqrt(adj * V.At(c, c))
		f.SE = append(f.SE, se)
		t := b.AtVec(c) / se
		f.T = append(f.T, t)
		f.P = append(f.P, ttest.PValueT(t, float64(f.DF)))
	}
	return f, nil
}
