package regress

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// CR2Vcov is the bias-reduced cluster-robust covariance ("CR2", Bell &
// McCaffrey 2002) of ordinary least squares coefficients, as R's
// clubSandwich::vcovCR(lm_fit, cluster, type = "CR2") computes it for an
// unweighted lm, with what the Satterthwaite degrees of freedom of its
// tests need (Pustejovsky & Tipton 2018; docs/methods.md §9).
//
// With M = (X'X)⁻¹, H_jj = X_j M X_j' and cluster j's residuals r_j:
//
//	A_j  = (I − H_jj)^(−1/2)                  symmetric square root
//	V    = M (Σ_j X_j'A_j r_j r_j'A_j X_j) M
//
// Eigenvalues of I − H_jj at or below 1e-12 are dropped (the
// pseudo-inverse root), as clubSandwich does.
//
// H_jj has rank at most p, so nothing of size n_j × n_j is formed: with
// X'X = R'R, L = R⁻¹ and C_j = L'X_j'X_j L (p×p, eigenvalues d in [0, 1],
// the non-zero eigenvalues of H_jj), every quantity is a p×p matrix
// function of C_j:
//
//	L'X_j'A_j r_j      = f(C_j) L'X_j'r_j
//	L'X_j'A_j X_j L    = C_j f(C_j)
//	L'X_j'A_j² X_j L   = C_j f(C_j)²
//
// with f(d) = (1 − d)^(−1/2). The cost is O(n p²) for one pass over the
// pupils and O(J p³) after it.
type CR2Vcov struct {
	// Vcov is the p×p CR2 covariance of the coefficients.
	Vcov     *mat.SymDense
	N        int // pupils
	Clusters int // clusters holding at least one pupil

	p     int
	l     blas64.Triangular // L = R⁻¹, upper triangular
	omega []float64         // Σ_j u_j u_j', u_j = f(C_j) L'X_j'r_j, p×p
	vec   []float64         // J blocks of p×p eigenvectors of C_j (column k is vector k)
	val   []float64         // J blocks of p eigenvalues d of C_j
	root  []float64         // J blocks of p values f(d) = (1 − d)^(−1/2), 0 when dropped
}

// CR2Test is the test of one coefficient or contrast with the CR2 standard
// error and Satterthwaite degrees of freedom, as clubSandwich::coef_test
// (test = "Satterthwaite") and linear_contrast give it.
type CR2Test struct {
	Estimate, SE, DF, T, P float64
	Conf, Lower, Upper     float64 // Estimate ± t_{DF,(1+Conf)/2} SE
	// Undefined says why DF (and so P, Lower, Upper) is NaN; "" otherwise.
	Undefined string
}

// cr2DropTol is clubSandwich's tolerance for the eigenvalues of I − H_jj
// in matrix_power: values at or below it are treated as zero.
const cr2DropTol = 1e-12

// CR2 returns the CR2 covariance of the OLS coefficients of the design x
// (n×p, full column rank) given the fit's residuals and each row's
// cluster code in [0, nClusters).
func CR2(x mat.Matrix, resid []float64, cluster []int32, nClusters int) (*CR2Vcov, error) {
	n, p := x.Dims()
	fill := func(start, end int, dst []float64) {
		for i := start; i < end; i++ {
			for j := 0; j < p; j++ {
				dst[(i-start)*p+j] = x.At(i, j)
			}
		}
	}
	if d, ok := x.(*mat.Dense); ok {
		raw := d.RawMatrix()
		fill = func(start, end int, dst []float64) {
			for i := start; i < end; i++ {
				copy(dst[(i-start)*p:(i-start+1)*p], raw.Data[i*raw.Stride:i*raw.Stride+p])
			}
		}
	}
	return CR2Rows(n, p, fill, resid, cluster, nClusters)
}

// cr2Chunk is the number of rows per unit of parallel work; chunks depend
// only on the data, and are combined in order, so results do not depend
// on the number of cores.
const cr2Chunk = 1 << 16

// CR2Rows is CR2 for a design that fill writes, rows [start, end) at a
// time, row-major (p values per row) into dst; fill may be called
// concurrently for disjoint ranges.
func CR2Rows(n, p int, fill func(start, end int, dst []float64), resid []float64, cluster []int32, nClusters int) (*CR2Vcov, error) {
	switch {
	case len(resid) != n || len(cluster) != n:
		return nil, fmt.Errorf("CR2: %d rows, %d residuals and %d cluster codes", n, len(resid), len(cluster))
	case p == 0:
		return nil, errors.New("CR2: no coefficients")
	case nClusters <= 0:
		return nil, errors.New("CR2: no clusters")
	}
	J := nClusters
	blk := p*p + p // per cluster: X_j'X_j (lower triangle used) and X_j'r_j
	nChunks := max((n+cr2Chunk-1)/cr2Chunk, 1)
	if maxC := (1 << 22) / (J * blk); nChunks > maxC {
		nChunks = max(maxC, 1)
	}
	rows := (n + nChunks - 1) / nChunks
	type chunk struct {
		acc []float64
		cnt []int32
		err error
	}
	chunks := make([]chunk, nChunks)
	work := func(c int, x []float64) {
		start, end := c*rows, min((c+1)*rows, n)
		ch := &chunks[c]
		ch.acc = make([]float64, J*blk)
		ch.cnt = make([]int32, J)
		x = x[:(end-start)*p]
		fill(start, end, x)
		for i := start; i < end; i++ {
			g := cluster[i]
			if g < 0 || int(g) >= J {
				ch.err = fmt.Errorf("CR2: row %d has cluster code %d, outside [0, %d)", i+1, g, J)
				return
			}
			row := x[(i-start)*p : (i-start+1)*p]
			r := resid[i]
			if math.IsNaN(r) || math.IsInf(r, 0) {
				ch.err = fmt.Errorf("CR2: row %d has a missing or infinite residual", i+1)
				return
			}
			a := ch.acc[int(g)*blk : (int(g)+1)*blk]
			for k, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					ch.err = fmt.Errorf("CR2: row %d, column %d is missing or infinite", i+1, k+1)
					return
				}
				ak := a[k*p : k*p+k+1]
				for l := range ak {
					ak[l] += v * row[l]
				}
				a[p*p+k] += v * r
			}
			ch.cnt[g]++
		}
	}
	var wg sync.WaitGroup
	next := make(chan int, nChunks)
	for c := 0; c < nChunks; c++ {
		next <- c
	}
	close(next)
	for w := 0; w < min(runtime.GOMAXPROCS(0), nChunks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := make([]float64, rows*p)
			for c := range next {
				work(c, x)
			}
		}()
	}
	wg.Wait()
	acc := make([]float64, J*blk)
	cnt := make([]int32, J)
	for c := range chunks {
		if chunks[c].err != nil {
			return nil, chunks[c].err
		}
		for k, v := range chunks[c].acc {
			acc[k] += v
		}
		for k, v := range chunks[c].cnt {
			cnt[k] += v
		}
		chunks[c] = chunk{}
	}
	var xxs, xrs []float64
	for g := 0; g < J; g++ {
		if cnt[g] == 0 {
			continue
		}
		a := acc[g*blk : g*blk+p*p]
		for k := 0; k < p; k++ {
			for l := 0; l <= k; l++ {
				a[l*p+k] = a[k*p+l]
			}
		}
		xxs = append(xxs, a...)
		xrs = append(xrs, acc[g*blk+p*p:(g+1)*blk]...)
	}
	return CR2Clusters(n, p, xxs, xrs)
}

// CR2Clusters is CR2 from each cluster's cross-products, made elsewhere
// (for example in one pass with other statistics): for the J clusters
// holding rows, xx holds J blocks of the p×p matrix X_j'X_j (row-major,
// symmetric) and xr J blocks of the p values X_j'r_j, r_j the cluster's
// OLS residuals; n is the number of rows in all. Clusters without rows
// must be left out.
func CR2Clusters(n, p int, xx, xr []float64) (*CR2Vcov, error) {
	switch {
	case p == 0:
		return nil, errors.New("CR2: no coefficients")
	case len(xx)%(p*p) != 0 || len(xr)*p != len(xx):
		return nil, fmt.Errorf("CR2: %d cross-products and %d residual sums for %d coefficients", len(xx), len(xr), p)
	}
	J := len(xr) / p
	if J < 2 {
		return nil, errors.New("CR2: the rows are in a single cluster")
	}
	if n <= p {
		return nil, fmt.Errorf("CR2: %d rows for %d coefficients", n, p)
	}
	// X'X = Σ_j X_j'X_j = R'R.
	sxx := make([]float64, p*p)
	for k, v := range xx {
		sxx[k%(p*p)] += v
	}
	rf, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: p, Stride: p, Data: sxx})
	if !ok {
		return nil, errors.New("CR2: the design matrix is not of full column rank")
	}
	v := &CR2Vcov{N: n, Clusters: J, p: p}
	// L = R⁻¹.
	ld := make([]float64, p*p)
	for k := 0; k < p; k++ {
		ld[k*p+k] = 1
	}
	blas64.Trsm(blas.Left, blas.NoTrans, 1, rf, blas64.General{Rows: p, Cols: p, Stride: p, Data: ld})
	v.l = blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: ld}

	v.vec = make([]float64, J*p*p)
	v.val = make([]float64, J*p)
	v.root = make([]float64, J*p)
	v.omega = make([]float64, p*p)
	work2 := make([]float64, max(1, 3*p*p))
	e := make([]float64, p)
	tmp := make([]float64, p)
	for jj := 0; jj < J; jj++ {
		c := v.vec[jj*p*p : (jj+1)*p*p]
		copy(c, xx[jj*p*p:(jj+1)*p*p])
		// C_j = R⁻ᵀ S_j R⁻¹.
		gen := blas64.General{Rows: p, Cols: p, Stride: p, Data: c}
		blas64.Trsm(blas.Right, blas.NoTrans, 1, rf, gen)
		blas64.Trsm(blas.Left, blas.Trans, 1, rf, gen)
		for k := 0; k < p; k++ {
			for l := 0; l < k; l++ {
				s := (c[k*p+l] + c[l*p+k]) / 2
				c[k*p+l], c[l*p+k] = s, s
			}
		}
		w := v.val[jj*p : (jj+1)*p]
		if !lapack64.Syev(lapack.EVCompute, blas64.Symmetric{Uplo: blas.Upper, N: p, Stride: p, Data: c}, w, work2, len(work2)) {
			return nil, errors.New("CR2: eigen decomposition failed")
		}
		// Syev leaves the eigenvectors in the rows of c as stored
		// row-major: c[k*p+i] is component k of vector i.
		rt := v.root[jj*p : (jj+1)*p]
		for i, d := range w {
			if d < 0 {
				w[i], d = 0, 0
			}
			if 1-d > cr2DropTol {
				rt[i] = 1 / math.Sqrt(1-d)
			}
		}
		// e = L'X_j'r_j; u = V f V' e.
		copy(e, xr[jj*p:(jj+1)*p])
		blas64.Trsv(blas.Trans, rf, blas64.Vector{N: p, Inc: 1, Data: e})
		for i := 0; i < p; i++ {
			s := 0.0
			for k := 0; k < p; k++ {
				s += c[k*p+i] * e[k]
			}
			tmp[i] = rt[i] * s
		}
		for k := 0; k < p; k++ {
			u := 0.0
			for i := 0; i < p; i++ {
				u += c[k*p+i] * tmp[i]
			}
			e[k] = u
		}
		for k := 0; k < p; k++ {
			for l := 0; l < p; l++ {
				v.omega[k*p+l] += e[k] * e[l]
			}
		}
	}
	// V = L Ω L'.
	m := make([]float64, p*p)
	copy(m, v.omega)
	gm := blas64.General{Rows: p, Cols: p, Stride: p, Data: m}
	blas64.Trmm(blas.Left, blas.NoTrans, 1, v.l, gm)
	blas64.Trmm(blas.Right, blas.Trans, 1, v.l, gm)
	v.Vcov = mat.NewSymDense(p, nil)
	for k := 0; k < p; k++ {
		for l := k; l < p; l++ {
			v.Vcov.SetSym(k, l, (m[k*p+l]+m[l*p+k])/2)
		}
	}
	return v, nil
}

// SE returns the CR2 standard error of coefficient j.
func (v *CR2Vcov) SE(j int) float64 { return math.Sqrt(v.Vcov.At(j, j)) }

// Test returns the test of coefficient j, whose estimate is beta, at
// confidence level conf.
func (v *CR2Vcov) Test(j int, beta, conf float64) CR2Test {
	c := make([]float64, v.p)
	c[j] = 1
	return v.TestContrast(c, beta, conf)
}

// TestContrast returns the test of the contrast c'β, whose estimate is
// est, at confidence level conf. Its Satterthwaite degrees of freedom are
// those of clubSandwich (Pustejovsky & Tipton 2018, working model Φ = I),
// computed in p×p terms (docs/methods.md §9): with a = L'c and, for each
// cluster, the eigen decomposition C_j = V diag(d) V', b = V'a,
//
//	γ_j = Σ_k d_k f_k² b_k²              (= |A_j X_j M c|²)
//	h_j = V diag(d_k f_k) b              (= L'X_j'A_j X_j M c)
//	E   = Σ_j (γ_j − |h_j|²)
//	S   = Σ_j γ_j² − 2 Σ_j γ_j |h_j|² + ‖Σ_j h_j h_j'‖²_F
//	df  = E² / S
//
// E and S are the trace and the squared Frobenius norm of clubSandwich's
// J×J matrix P with P_jk = δ_jk γ_j − h_j'h_k, so df = 2E²/(2S) is its
// 2 tr(P)² / (2 ‖P‖²_F), without forming P.
func (v *CR2Vcov) TestContrast(c []float64, est, conf float64) CR2Test {
	p := v.p
	if len(c) != p {
		panic(fmt.Sprintf("regress: CR2 contrast of length %d for %d coefficients", len(c), p))
	}
	a := append([]float64(nil), c...)
	blas64.Trmv(blas.Trans, v.l, blas64.Vector{N: p, Inc: 1, Data: a})
	varc := 0.0
	for k := 0; k < p; k++ {
		for l := 0; l < p; l++ {
			varc += a[k] * v.omega[k*p+l] * a[l]
		}
	}
	t := CR2Test{Estimate: est, SE: math.Sqrt(varc), Conf: conf}
	t.T = est / t.SE
	var E, S float64
	hh := make([]float64, p*p) // Σ h_j h_j'
	b := make([]float64, p)
	h := make([]float64, p)
	for jj := range v.val[:len(v.val)/p] {
		vec := v.vec[jj*p*p : (jj+1)*p*p]
		d := v.val[jj*p : (jj+1)*p]
		f := v.root[jj*p : (jj+1)*p]
		gamma := 0.0
		for i := 0; i < p; i++ {
			s := 0.0
			for k := 0; k < p; k++ {
				s += vec[k*p+i] * a[k]
			}
			b[i] = s
			gamma += d[i] * f[i] * f[i] * s * s
		}
		h2 := 0.0
		for k := 0; k < p; k++ {
			s := 0.0
			for i := 0; i < p; i++ {
				s += vec[k*p+i] * d[i] * f[i] * b[i]
			}
			h[k] = s
			h2 += s * s
		}
		for k := 0; k < p; k++ {
			for l := 0; l < p; l++ {
				hh[k*p+l] += h[k] * h[l]
			}
		}
		E += gamma - h2
		S += gamma*gamma - 2*gamma*h2
	}
	for _, x := range hh {
		S += x * x
	}
	t.DF = E * E / S
	if !(t.DF > 0) || math.IsInf(t.DF, 0) {
		t.DF, t.P, t.Lower, t.Upper = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		t.Undefined = "the Satterthwaite degrees of freedom are undefined for this contrast"
		return t
	}
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: t.DF}
	t.P = 2 * st.Survival(math.Abs(t.T))
	q := st.Quantile(1 - (1-conf)/2)
	t.Lower, t.Upper = est-q*t.SE, est+q*t.SE
	return t
}
