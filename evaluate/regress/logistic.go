package regress

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/whatworks/whatworks/evaluate/internal/parallel"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// LogitFit is a fitted logistic regression (binomial family, logit link).
type LogitFit struct {
	Names []string  // one per column of X, e.g. "(Intercept)", "age", "race=black"
	Coef  []float64 // maximum-likelihood estimates
	SE    []float64 // sqrt(diag((X'WX)⁻¹)), dispersion 1 (as glm family = binomial)
	Z     []float64 // Coef / SE
	P     []float64 // two-sided normal p-values, 2 Φ(−|z|)
	// Vcov is the covariance matrix of Coef, (X'WX)⁻¹ at the estimate
	// (as R's vcov(glm)); nil when X'WX could not be inverted.
	Vcov *mat.SymDense
	// Fitted is the fitted probability of each row of X.
	Fitted []float64
	// Eta is the linear predictor (logit of Fitted) of each row of X.
	Eta          []float64
	Converged    bool
	Iterations   int
	Deviance     float64
	NullDeviance float64
	N            int
	// FittedBoundary is the number of fitted probabilities numerically 0 or
	// 1 (within 10 machine epsilons, R's glm.fit test): a sign of separation.
	FittedBoundary int

	work []float64 // working weights of the last iteration (ClusterVcov)
}

// ErrCollinear is returned (wrapped) by Logistic when the columns of X are
// linearly dependent.
var ErrCollinear = errors.New("collinear covariates")

// logistic IRLS settings, as R's glm.control(): epsilon = 1e-8, maxit = 25.
const (
	irlsEpsilon = 1e-8
	irlsMaxIt   = 25
	rankTol     = 1e-7 // R's glm.fit QR tolerance (dqrdc2 tol = min(1e-07, epsilon/1000))
)

// Logistic fits the logistic regression of the 0/1 response y on the
// columns of X (which must include an intercept column if one is wanted)
// by iteratively reweighted least squares, as R's glm.fit does it:
// starting values mu = (y + 0.5)/2, working response z = eta + (y − mu)/μ'(eta),
// working weights μ'(eta)²/(mu(1 − mu)), each step a weighted least-squares
// solve (here by the normal equations on unit-RMS-scaled columns with a
// Cholesky factorisation, O(n p²) per step, where R uses QR), stopping when |dev − dev_old|/(|dev| + 0.1) < 1e-8 or after 25
// iterations. Standard errors come from the inverse of X'WX at the
// estimate (dispersion fixed at 1).
// R Core Team, glm.fit (stats); McCullagh & Nelder (1989), Generalized
// Linear Models, 2nd ed., §2.5.
//
// A fit that does not converge is returned with Converged = false, not as
// an error: the caller must explain it (see Separation). Linearly
// dependent columns of X give an error wrapping ErrCollinear that names
// the dependent column.
func Logistic(X *mat.Dense, y []float64, names []string) (*LogitFit, error) {
	return LogisticWeighted(X, y, nil, names)
}

// LogisticWeighted is Logistic with prior weights w (nil: every weight 1),
// as R's glm(y ~ X, family = binomial, weights = w): the starting values
// are mu = (w y + 0.5)/(w + 1), the working weights and the deviance are
// multiplied by w. Every weight must be positive and finite (leave out the
// pupils whose weight is 0). With non-integer weights R's binomial family
// warns, and quasibinomial gives the same coefficients; the model-based
// standard errors then mean little, and ClusterVcov gives the ones to use
// (matching weights: Ho, Imai, King & Stuart 2007).
func LogisticWeighted(X *mat.Dense, y, w []float64, names []string) (*LogitFit, error) {
	n, p := X.Dims()
	if len(y) != n {
		return nil, fmt.Errorf("logistic regression: %d responses for %d rows", len(y), n)
	}
	if len(names) != p {
		return nil, fmt.Errorf("logistic regression: %d names for %d columns", len(names), p)
	}
	if w != nil && len(w) != n {
		return nil, fmt.Errorf("logistic regression: %d weights for %d rows", len(w), n)
	}
	if n <= p {
		return nil, fmt.Errorf("logistic regression: %d pupils are too few for %d coefficients", n, p)
	}
	for i, v := range y {
		if v != 0 && v != 1 {
			return nil, fmt.Errorf("logistic regression: response %d is %v, not 0 or 1", i+1, v)
		}
		if w != nil && !(w[i] > 0 && !math.IsInf(w[i], 1)) {
			return nil, fmt.Errorf("logistic regression: weight %d is %v, not a positive number", i+1, w[i])
		}
	}
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	raw := X.RawMatrix()
	for i := 0; i < n; i++ {
		for _, v := range raw.Data[i*raw.Stride : i*raw.Stride+p] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("logistic regression: row %d of the design has the value %v", i+1, v)
			}
		}
	}
	if err := Collinear(X, names); err != nil {
		return nil, err
	}

	// Each column is scaled to unit RMS as the rows are read (the scaled
	// copy of X is never stored): the normal equations below are then well
	// conditioned; coefficients and SEs are scaled back at the end.
	colScale := make([]float64, p)
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		for j, v := range row {
			colScale[j] += v * v
		}
	}
	inv := make([]float64, p)
	for j := range colScale {
		colScale[j] = math.Sqrt(colScale[j] / float64(n))
		inv[j] = 1 / colScale[j]
	}
	xrow := func(i int) []float64 { return raw.Data[i*raw.Stride : i*raw.Stride+p] }
	mu := make([]float64, n)
	eta := make([]float64, n)
	me := make([]float64, n) // dμ/dη at eta
	for i := range y {
		wi := weight(i)
		mu[i] = (wi*y[i] + 0.5) / (wi + 1)
		eta[i] = math.Log(mu[i] / (1 - mu[i]))
		me[i] = muEta(eta[i])
	}
	devOld := binomialDeviance(y, mu, w)
	beta := make([]float64, p)
	betaRaw := make([]float64, p)
	fit := &LogitFit{Names: append([]string(nil), names...), N: n}
	fit.work = make([]float64, n)
	xtwx := mat.NewSymDense(p, nil)
	xtwz := mat.NewVecDense(p, nil)
	// The rows are visited in fixed chunks, in parallel, and the chunks'
	// sums added in chunk order, so the fit does not depend on the number
	// of cores.
	nChunks := max((n+logitChunk-1)/logitChunk, 1)
	accs := make([][]float64, nChunks) // per chunk: X'WX (upper triangle, p×p) then X'Wz (p)
	devs := make([]float64, nChunks)
	type block struct{ x, z []float64 }
	blocks := make([]block, nChunks)
	for k := range accs {
		accs[k] = make([]float64, p*p+p)
		blocks[k] = block{x: make([]float64, logitBlock*p), z: make([]float64, logitBlock)}
	}
	chunk := func(k int) (int, int) { return k * logitChunk, min((k+1)*logitChunk, n) }
	var chol mat.Cholesky
	var dev float64
	for it := 1; it <= irlsMaxIt; it++ {
		// X'WX and X'Wz with the working weights and response (R's
		// glm.fit solves the same least-squares problem by QR).
		parallel.For(nChunks, func(k int) {
			acc := accs[k]
			clear(acc)
			rhs := acc[p*p:]
			start, end := chunk(k)
			// Blocks of rows scaled by sqrt(w): X'WX += BᵀB (BLAS
			// dsyrk, upper triangle), X'Wz += Bᵀ(sqrt(w) z).
			blk := blocks[k]
			for b0 := start; b0 < end; b0 += logitBlock {
				b1 := min(b0+logitBlock, end)
				rows := b1 - b0
				for i := b0; i < b1; i++ {
					m := me[i]
					ww := weight(i) * m * m / (mu[i] * (1 - mu[i]))
					fit.work[i] = ww
					sw := math.Sqrt(ww)
					z := eta[i] + (y[i]-mu[i])/m
					blk.z[i-b0] = sw * z
					dst := blk.x[(i-b0)*p : (i-b0+1)*p]
					for j, v := range xrow(i) {
						dst[j] = sw * v * inv[j]
					}
				}
				bg := blas64.General{Rows: rows, Cols: p, Stride: p, Data: blk.x[:rows*p]}
				blas64.Syrk(blas.Trans, 1, bg, 1, blas64.Symmetric{Uplo: blas.Upper, N: p, Stride: p, Data: acc[:p*p]})
				blas64.Gemv(blas.Trans, 1, bg, blas64.Vector{N: rows, Inc: 1, Data: blk.z[:rows]}, 1, blas64.Vector{N: p, Inc: 1, Data: rhs})
			}
		})
		xtwx.Zero()
		xtwz.Zero()
		for _, acc := range accs {
			for a := 0; a < p; a++ {
				for b := a; b < p; b++ {
					xtwx.SetSym(a, b, xtwx.At(a, b)+acc[a*p+b])
				}
				xtwz.SetVec(a, xtwz.AtVec(a)+acc[p*p+a])
			}
		}
		if !chol.Factorize(xtwx) {
			return nil, fmt.Errorf("logistic regression: the weighted design became singular at iteration %d (separation?)", it)
		}
		var b mat.VecDense
		if err := chol.SolveVecTo(&b, xtwz); err != nil {
			return nil, fmt.Errorf("logistic regression: step %d failed: %v", it, err)
		}
		for j := 0; j < p; j++ {
			beta[j] = b.AtVec(j)
			betaRaw[j] = beta[j] * inv[j] // on the scale of X
		}
		parallel.For(nChunks, func(k int) {
			start, end := chunk(k)
			for i := start; i < end; i++ {
				e := 0.0
				for j, v := range xrow(i) {
					e += v * betaRaw[j]
				}
				eta[i] = e
				mu[i], me[i] = logitMu(e)
			}
			devs[k] = binomialDeviance(y[start:end], mu[start:end], sub(w, start, end))
		})
		dev = 0
		for _, d := range devs {
			dev += d
		}
		fit.Iterations = it
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			break
		}
		if math.Abs(dev-devOld)/(math.Abs(dev)+0.1) < irlsEpsilon {
			fit.Converged = true
			break
		}
		devOld = dev
	}
	fit.Deviance = dev
	fit.Fitted = mu
	fit.Eta = eta

	// Covariance: (X'WX)⁻¹ with the working weights of the last iteration
	// (as R's summary.glm, from glm.fit's final QR), scaled back.
	fit.Coef = make([]float64, p)
	fit.SE = make([]float64, p)
	fit.Z = make([]float64, p)
	fit.P = make([]float64, p)
	var cinv mat.SymDense
	invOK := chol.InverseTo(&cinv) == nil
	if invOK {
		fit.Vcov = mat.NewSymDense(p, nil)
		for a := 0; a < p; a++ {
			for b := a; b < p; b++ {
				fit.Vcov.SetSym(a, b, cinv.At(a, b)/(colScale[a]*colScale[b]))
			}
		}
	}
	for j := 0; j < p; j++ {
		fit.Coef[j] = beta[j] / colScale[j]
		fit.SE[j] = math.NaN()
		if invOK {
			fit.SE[j] = math.Sqrt(cinv.At(j, j)) / colScale[j]
		}
		fit.Z[j] = fit.Coef[j] / fit.SE[j]
		fit.P[j] = ttest.PValueZ(fit.Z[j])
	}
	eps := 10 * 2.220446049250313e-16
	for _, m := range mu {
		if m < eps || m > 1-eps {
			fit.FittedBoundary++
		}
	}
	ybar, sw := 0.0, 0.0
	for i, v := range y {
		ybar += weight(i) * v
		sw += weight(i)
	}
	ybar /= sw
	null := make([]float64, n)
	for i := range null {
		null[i] = ybar
	}
	fit.NullDeviance = binomialDeviance(y, null, w)
	return fit, nil
}

// ClusterVcov returns the cluster-robust (sandwich) covariance of the
// coefficients of f, fitted to X, y and weights w (nil: 1) by
// LogisticWeighted, with cluster[i] pupil i's cluster (≥ 0; a negative
// code puts the pupil in a cluster of its own), as R's
// sandwich::vcovCL(fit, cluster) gives it for a glm (type "HC0", cadjust):
//
//	V = G/(G − 1) · B (Σ_g u_g u_gᵀ) B,   B = (XᵀWX)⁻¹ (Vcov),   u_g = Σ_{i in g} w_i (y_i − μ_i) x_i
//
// with W the working weights and w_i (y_i − μ_i) x_i the score of pupil i
// (R's estfun.glm: working residual times working weight times x_i, which
// for the logit link is that score; the working weights are those of the
// last iteration, as glm.fit returns them). G is the number of clusters.
// Zeileis, Köll & Graham (2020), doi:10.18637/jss.v095.i01.
func (f *LogitFit) ClusterVcov(X *mat.Dense, y []float64, cluster []int32) (*mat.SymDense, int, error) {
	n, p := X.Dims()
	switch {
	case f.Vcov == nil:
		return nil, 0, errors.New("cluster-robust covariance: the fit has no covariance")
	case len(y) != n || len(cluster) != n || len(f.work) != n || len(f.Coef) != p:
		return nil, 0, fmt.Errorf("cluster-robust covariance: %d rows, %d responses, %d clusters for a fit of %d", n, len(y), len(cluster), len(f.work))
	}
	raw := X.RawMatrix()
	index := map[int64]int{}
	var us []float64
	for i := 0; i < n; i++ {
		key := int64(cluster[i])
		if cluster[i] < 0 {
			key = -1 - int64(i)
		}
		g, ok := index[key]
		if !ok {
			g = len(index)
			index[key] = g
			us = append(us, make([]float64, p)...)
		}
		me := muEta(f.Eta[i])
		s := (y[i] - f.Fitted[i]) / me * f.work[i]
		u := us[g*p : (g+1)*p]
		for j, v := range raw.Data[i*raw.Stride : i*raw.Stride+p] {
			u[j] += s * v
		}
	}
	G := len(index)
	if G < 2 {
		return nil, G, errors.New("cluster-robust covariance: fewer than 2 clusters")
	}
	meat := mat.NewSymDense(p, nil)
	for g := 0; g < G; g++ {
		meat.SymRankOne(meat, 1, mat.NewVecDense(p, us[g*p:(g+1)*p]))
	}
	var tmp, v mat.Dense
	tmp.Mul(f.Vcov, meat)
	v.Mul(&tmp, f.Vcov)
	adj := float64(G) / float64(G-1)
	out := mat.NewSymDense(p, nil)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			out.SetSym(a, b, adj*(v.At(a, b)+v.At(b, a))/2)
		}
	}
	return out, G, nil
}

// logitChunk is the number of rows per unit of parallel work of the
// logistic regression.
const logitChunk = 1 << 15

// logitBlock is the number of rows per BLAS update within a chunk.
const logitBlock = 256

// sub is w[start:end], or nil for nil weights.
func sub(w []float64, start, end int) []float64 {
	if w == nil {
		return nil
	}
	return w[start:end]
}

// logitMu returns logitInv(eta) and muEta(eta) from one exponential: the
// same values as the two functions, which share exp(eta) within R's
// thresholds.
func logitMu(eta float64) (mu, deriv float64) {
	if math.Abs(eta) > 30 {
		return logitInv(eta), muEta(eta)
	}
	e := math.Exp(eta)
	return e / (1 + e), e / ((1 + e) * (1 + e))
}

// logitInv is the inverse logit with R's thresholds (binomial()$linkinv):
// eta is clamped so the probability stays within [eps, 1 − eps].
func logitInv(eta float64) float64 {
	const thresh = 30.0
	const eps = 2.220446049250313e-16
	var t float64
	switch {
	case eta < -thresh:
		t = eps
	case eta > thresh:
		t = 1 / eps
	default:
		t = math.Exp(eta)
	}
	return t / (1 + t)
}

// muEta is dμ/dη of the logit link with R's floor (binomial()$mu.eta).
func muEta(eta float64) float64 {
	const thresh = 30.0
	const eps = 2.220446049250313e-16
	if math.Abs(eta) > thresh {
		return eps
	}
	e := math.Exp(eta)
	return e / ((1 + e) * (1 + e))
}

// binomialDeviance is −2 Σ w_i [y log(μ) + (1 − y) log(1 − μ)] for 0/1 y
// (w nil: every weight 1).
func binomialDeviance(y, mu, w []float64) float64 {
	d := 0.0
	for i, v := range y {
		var di float64
		if v == 1 {
			di = -2 * math.Log(mu[i])
		} else {
			di = -2 * math.Log(1-mu[i])
		}
		if w != nil {
			di *= w[i]
		}
		d += di
	}
	return d
}

// dependentColumn returns the index of the first column of X that is
// (numerically) a linear combination of the columns before it, or −1: the
// first j whose |R_jj| in the QR decomposition of X (tsqr) is below 1e-7
// of the column's norm, R's QR tolerance (its residual norm after the
// columns before it, relative to its own).
func dependentColumn(X *mat.Dense) int {
	n, p := X.Dims()
	raw := X.RawMatrix()
	fill := func(start, end int, dst []float64) {
		for i := start; i < end; i++ {
			copy(dst[(i-start)*p:(i-start+1)*p], raw.Data[i*raw.Stride:i*raw.Stride+p])
		}
	}
	top, sq, _ := tsqr(n, p, fill)
	for j := 0; j < p; j++ {
		norm := math.Sqrt(sq[j])
		if norm == 0 || j >= n || math.Abs(top[j*p+j]) < rankTol*norm {
			return j
		}
	}
	return -1
}

// Collinear returns an error wrapping ErrCollinear that names the first
// column of X (labelled by names) with the same value for every row, or
// that is a linear combination of the columns before it (dependentColumn),
// and nil when X has full column rank: the check Logistic makes before it
// fits, for callers that want to report it earlier.
func Collinear(X *mat.Dense, names []string) error {
	j := dependentColumn(X)
	switch {
	case j < 0:
		return nil
	case constantColumn(X, j):
		return fmt.Errorf("%w: %q has the same value for every pupil (drop it)", ErrCollinear, names[j])
	}
	return fmt.Errorf("%w: %q is a linear combination of the columns before it (drop it or merge categories)", ErrCollinear, names[j])
}

func constantColumn(X *mat.Dense, j int) bool {
	n, _ := X.Dims()
	for i := 1; i < n; i++ {
		if X.At(i, j) != X.At(0, j) {
			return false
		}
	}
	return true
}
