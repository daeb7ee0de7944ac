package multilevel

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Fit is a random-intercept linear mixed model fitted by REML:
//
//	y_ij = x_ij'β + u_j + e_ij,  u_j ~ N(0, τ²),  e_ij ~ N(0, σ²),
//
// as lme4::lmer(y ~ X - 1 + (1 | cluster)) fits it (docs/methods.md §9).
type Fit struct {
	Names []string  // one per column of X
	Coef  []float64 // β̂, the generalised least squares estimate at the REML variances
	// Vcov is the covariance of Coef, σ²(X'Ṽ⁻¹X)⁻¹ (lme4's vcov).
	Vcov *mat.SymDense

	Sigma2 float64 // σ², the residual (within-cluster) variance
	Tau2   float64 // τ², the variance of the cluster intercepts
	// Theta is lme4's relative covariance factor τ/σ.
	Theta float64
	// REMLCrit is −2 times the REML log-likelihood, lme4's REMLcrit.
	REMLCrit float64
	LogLik   float64 // the REML log-likelihood, −REMLCrit/2

	N        int // pupils
	Clusters int // clusters holding at least one pupil

	// Boundary is true when the REML estimate of τ² is 0: the model
	// reduced to ordinary least squares (Coef and Vcov are the OLS ones).
	Boundary bool
	// Converged is true when the optimiser stopped at a point where the
	// derivative of the REML criterion is negligible (or at the boundary
	// with a non-negative derivative).
	Converged bool
	// Iterations and Evaluations count the optimiser's Newton steps and
	// the REML criterion evaluations (the starting grid included).
	Iterations, Evaluations int
	// Gradient is the derivative of REMLCrit in λ = τ²/σ² at the
	// estimate: 0 in theory, except at the boundary, where it is ≥ 0.
	Gradient float64

	// Warnings flag what a reader must be told: WarnBoundary,
	// WarnNotConverged, WarnFewClusters, WarnICCNearZero.
	Warnings []Warning

	// What the Satterthwaite degrees of freedom need (Test).
	u     blas64.Triangular // upper Cholesky factor of A = X̃'Ṽ⁻¹X̃ (centred X)
	k0    int               // intercept column of the centring, −1 for none
	shift []float64         // column means c_x of the centring
	b2w   []float64         // U⁻ᵀ(Σ w_j² x̄_j x̄_j')U⁻¹, p×p row-major
	vp    [2][2]float64     // asymptotic covariance of (θ, σ): 2 H⁺
}

// ICC returns the intraclass correlation τ²/(τ² + σ²).
func (f *Fit) ICC() float64 { return f.Tau2 / (f.Tau2 + f.Sigma2) }

// Index returns the position of the coefficient called name, or -1.
func (f *Fit) Index(name string) int {
	for j, n := range f.Names {
		if n == name {
			return j
		}
	}
	return -1
}

// CollinearError reports a design column that is a linear combination of
// the columns before it, so its coefficient cannot be estimated.
type CollinearError struct {
	Column string   // the dependent column
	Before []string // the columns before it
}

func (e *CollinearError) Error() string {
	if len(e.Before) == 0 {
		return fmt.Sprintf("multilevel model: column %q is zero for every pupil", e.Column)
	}
	return fmt.Sprintf("multilevel model: column %q is a linear combination of the columns before it (%q); drop it", e.Column, e.Before)
}

// FewClusters is the number of clusters below which a fit carries
// WarnFewClusters.
const FewClusters = 20

// ICCNearZero is the intraclass correlation below which a fit that is
// not at the boundary carries WarnICCNearZero: clustering then barely
// matters, and the model's τ² is poorly determined.
const ICCNearZero = 0.01

// rankTol is the tolerance of the rank check, as R's lm: a column is a
// combination of those before it when its norm after projecting them out
// is below rankTol times its own norm.
const rankTol = 1e-7

// model is a view of Stats for one model: its p columns of X (a prefix
// of the rows of z) with the outcome last, and the clusters grouped by
// size. Every quantity of the fit depends on the clusters only through
// w_j = n_j/(1 + λn_j) times z̄_j z̄_j', so clusters of equal size are
// summed once: an evaluation costs O(S·p²) for S distinct cluster sizes
// (at most J, and far fewer in practice).
type model struct {
	n, p  int
	names []string
	J     int       // clusters
	size  []float64 // the distinct cluster sizes, ascending
	count []float64 // clusters of each size
	t     []float64 // S blocks of (p+1)×(p+1): Σ_{j: n_j = size} z̄_j z̄_j'
	w     []float64 // (p+1)×(p+1) within cross-products
	// k0 is the intercept column (−1 when X has none). When there is one,
	// the other columns and y are centred on their means c (shift, with
	// shift[k0] = 0 and the outcome's last) before the cluster means are
	// summed, which keeps large means from costing precision: the model
	// is fitted in X̃ = XT, T = I − e_k0 c_x', whose REML criterion is
	// the same (|T| = 1), and β = T β̃ + c_y e_k0.
	k0    int
	shift []float64
}

// Fit fits the full model y ~ X + (1 | cluster) by REML.
func (s *Stats) Fit() (*Fit, error) {
	return s.view(false).fit()
}

// FitNull fits the null model y ~ 1 + (1 | cluster) by REML on the same
// pupils; its τ² + σ² is the total variance of the outcome that the EEF's
// effect sizes divide by.
func (s *Stats) FitNull() (*Fit, error) {
	return s.view(true).fit()
}

// Null fits the null model y ~ 1 + (1 | cluster) alone: the ICC of an
// outcome or a pretest, τ²/(τ² + σ²), is its ICC method.
func Null(y []float64, cluster []int32, nClusters int) (*Fit, error) {
	s, err := NewStats(Data{Y: y, Cluster: cluster, NClusters: nClusters})
	if err != nil {
		return nil, err
	}
	return s.FitNull()
}

// REML is NewStats followed by Fit.
func REML(d Data) (*Fit, error) {
	s, err := NewStats(d)
	if err != nil {
		return nil, err
	}
	return s.Fit()
}

func (s *Stats) view(null bool) *model {
	q := s.p + 1
	J := len(s.size)
	mq := q
	m := &model{n: s.n, p: s.p, names: s.names, J: J, w: s.w}
	if null {
		mq = 2
		m.p, m.names = 1, []string{"(intercept)"}
		m.w = []float64{0, 0, 0, s.w[s.p*q+s.p]}
	}
	m.k0 = -1
	if null {
		m.k0 = 0
	} else {
		for k := 0; k < s.p && m.k0 < 0; k++ {
			if s.w[k*q+k] != 0 {
				continue
			}
			ones := true
			for j := 0; j < J && ones; j++ {
				ones = s.mean[j*q+k] == 1
			}
			if ones {
				m.k0 = k
			}
		}
	}
	if m.k0 >= 0 {
		m.shift = make([]float64, mq)
		for j := 0; j < J; j++ {
			if null {
				m.shift[1] += s.size[j] * s.mean[j*q+s.p]
				continue
			}
			for a := 0; a < q; a++ {
				m.shift[a] += s.size[j] * s.mean[j*q+a]
			}
		}
		for a := range m.shift {
			m.shift[a] /= float64(s.n)
		}
		m.shift[m.k0] = 0
	}
	order := make([]int, J)
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return s.size[order[a]] < s.size[order[b]] })
	zbar := make([]float64, mq)
	for _, j := range order {
		if k := len(m.size); k == 0 || m.size[k-1] != s.size[j] {
			m.size = append(m.size, s.size[j])
			m.count = append(m.count, 0)
			m.t = append(m.t, make([]float64, mq*mq)...)
		}
		k := len(m.size) - 1
		m.count[k]++
		if null {
			zbar[0], zbar[1] = 1, s.mean[j*q+s.p]
		} else {
			copy(zbar, s.mean[j*q:(j+1)*q])
		}
		for a, c := range m.shift {
			zbar[a] -= c
		}
		t := m.t[k*mq*mq : (k+1)*mq*mq]
		for a := 0; a < mq; a++ {
			for b := 0; b < mq; b++ {
				t[a*mq+b] += zbar[a] * zbar[b]
			}
		}
	}
	return m
}

// weighted returns Σ_s c(s) T_s for the weights c(s) of the sizes, on top
// of base (nil for zero), as a (p+1)×(p+1) matrix.
func (m *model) weighted(base []float64, c func(n float64) float64) []float64 {
	qq := (m.p + 1) * (m.p + 1)
	k := make([]float64, qq)
	copy(k, base)
	for s, n := range m.size {
		f := c(n)
		t := m.t[s*qq : (s+1)*qq]
		for a := range k {
			k[a] += f * t[a]
		}
	}
	return k
}

// state is the model evaluated at one variance ratio λ = τ²/σ².
type state struct {
	lambda float64
	ok     bool
	u      blas64.Triangular // Cholesky factor of K = W + Σ w_j z̄_j z̄_j', (p+1)×(p+1)
	ldV    float64           // Σ log(1 + λ n_j) = log|Ṽ|
	ldA    float64           // log|A|, A = X'Ṽ⁻¹X
	pwrss  float64           // P = (y − Xβ̂)'Ṽ⁻¹(y − Xβ̂)
	dev    float64           // profiled REML criterion
}

// eval returns the profiled REML criterion at λ (docs/methods.md §9):
//
//	w_j = n_j / (1 + λ n_j)
//	K   = W + Σ_j w_j z̄_j z̄_j' = [A b; b' d],  A = X'Ṽ⁻¹X, b = X'Ṽ⁻¹y
//	P   = d − b'A⁻¹b
//	D(λ) = Σ_j log(1 + λ n_j) + log|A| + (n − p)(1 + log(2π P / (n − p)))
//
// with Ṽ = V/σ². The Cholesky factor U of K gives log|A| from its first
// p diagonal entries and P = U_yy², and β̂ = U_xx⁻¹U_xy.
func (m *model) eval(lambda float64) state {
	p, q := m.p, m.p+1
	st := state{lambda: lambda}
	for s, n := range m.size {
		st.ldV += m.count[s] * math.Log1p(lambda*n)
	}
	k := m.weighted(m.w, func(n float64) float64 { return n / (1 + lambda*n) })
	u, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Upper, N: q, Stride: q, Data: k})
	if !ok {
		st.dev = math.Inf(1)
		return st
	}
	st.u = u
	for a := 0; a < p; a++ {
		st.ldA += 2 * math.Log(u.Data[a*q+a])
	}
	st.pwrss = u.Data[p*q+p] * u.Data[p*q+p]
	if !(st.pwrss > 0) {
		st.dev = math.Inf(1)
		return st
	}
	st.ok = true
	df := float64(m.n - p)
	st.dev = st.ldV + st.ldA + df*(1+math.Log(2*math.Pi*st.pwrss/df))
	return st
}

// beta returns β̂ = U_xx⁻¹U_xy at st.
func (m *model) beta(st state) []float64 {
	p, q := m.p, m.p+1
	b := make([]float64, p)
	for a := 0; a < p; a++ {
		b[a] = st.u.Data[a*q+p]
	}
	blas64.Trsv(blas.NoTrans, m.uxx(st), blas64.Vector{N: p, Inc: 1, Data: b})
	return b
}

func (m *model) uxx(st state) blas64.Triangular {
	return blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: m.p, Stride: m.p + 1, Data: st.u.Data}
}

// derivs are the derivatives in λ of the parts of the REML criterion at
// st (docs/methods.md §9): with v_j = U_xx⁻ᵀx̄_j and ē_j = ȳ_j − x̄_j'β̂,
//
//	log|Ṽ|'  = Σ w_j                 log|Ṽ|'' = −Σ w_j²
//	log|A|'  = −Σ w_j² |v_j|²         log|A|'' = 2Σ w_j³ |v_j|² − ‖B̃₂‖²_F
//	P'       = −Σ w_j² ē_j²           P''      = 2Σ w_j³ ē_j² − 2|Σ w_j² ē_j v_j|²
//
// where B̃₂ = Σ w_j² v_j v_j' = U_xx⁻ᵀ(Σ w_j² x̄_j x̄_j')U_xx⁻¹. With
// G_k = Σ_j w_j^k z̄_j z̄_j' and β̃ = (−β̂', 1)', each sum is a p×p
// expression: Σ w_j^k |v_j|² = tr(U_xx⁻ᵀ G_k,xx U_xx⁻¹), Σ w_j^k ē_j² =
// β̃'G_k β̃ and Σ w_j² ē_j v_j = U_xx⁻ᵀ G_2,x· β̃.
type derivs struct {
	f1, f2 float64   // (log|Ṽ| + log|A|)' and ''
	p1, p2 float64   // P' and P''
	b2w    []float64 // B̃₂, p×p
}

func (m *model) derivs(st state, beta []float64) derivs {
	p, q := m.p, m.p+1
	lambda := st.lambda
	w := func(n float64) float64 { return n / (1 + lambda*n) }
	var d derivs
	for s, n := range m.size {
		wn := w(n)
		d.f1 += m.count[s] * wn
		d.f2 -= m.count[s] * wn * wn
	}
	g2 := m.weighted(nil, func(n float64) float64 { v := w(n); return v * v })
	g3 := m.weighted(nil, func(n float64) float64 { v := w(n); return v * v * v })
	bt := append(make([]float64, 0, q), beta...)
	for a := range bt {
		bt[a] = -bt[a]
	}
	bt = append(bt, 1)
	quad := func(g []float64) float64 {
		v := 0.0
		for a := 0; a < q; a++ {
			for b := 0; b < q; b++ {
				v += bt[a] * g[a*q+b] * bt[b]
			}
		}
		return v
	}
	d.p1 = -quad(g2)
	d.p2 = 2 * quad(g3)
	// Whitened p×p blocks U⁻ᵀ G_xx U⁻¹.
	uxx := m.uxx(st)
	white := func(g []float64) []float64 {
		out := make([]float64, p*p)
		for a := 0; a < p; a++ {
			copy(out[a*p:(a+1)*p], g[a*q:a*q+p])
		}
		gm := blas64.General{Rows: p, Cols: p, Stride: p, Data: out}
		blas64.Trsm(blas.Left, blas.Trans, 1, uxx, gm)
		blas64.Trsm(blas.Right, blas.NoTrans, 1, uxx, gm)
		return out
	}
	d.b2w = white(g2)
	b3w := white(g3)
	fro := 0.0
	for a := 0; a < p; a++ {
		d.f1 -= d.b2w[a*p+a]
		d.f2 += 2 * b3w[a*p+a]
		for b := 0; b < p; b++ {
			fro += d.b2w[a*p+b] * d.b2w[a*p+b]
		}
	}
	d.f2 -= fro
	sv := make([]float64, p) // U⁻ᵀ G_2,x· β̃
	for a := 0; a < p; a++ {
		for b := 0; b < q; b++ {
			sv[a] += g2[a*q+b] * bt[b]
		}
	}
	blas64.Trsv(blas.Trans, uxx, blas64.Vector{N: p, Inc: 1, Data: sv})
	svv := 0.0
	for _, v := range sv {
		svv += v * v
	}
	d.p2 -= 2 * svv
	return d
}

// profiled returns the first and second derivatives in λ of the profiled
// criterion D(λ) = log|Ṽ| + log|A| + (n − p) log P + const.
func (m *model) profiled(st state, d derivs) (g, h float64) {
	df := float64(m.n - m.p)
	r := d.p1 / st.pwrss
	return d.f1 + df*r, d.f2 + df*(d.p2/st.pwrss-r*r)
}

// perfectFit is the residual sum of squares of the model fitted by OLS,
// relative to the outcome's, below which the fit is exact but for
// rounding: the model is fitted from sums of cross-products, so an exact
// fit leaves a residual of about 1e-16 of the outcome's sum of squares
// (machine epsilon), where measured outcomes leave far more than 1e-10
// (an R² of 1 − 1e-10).
const perfectFit = 1e-10

// gridLo, gridHi and gridStep set the starting grid of λ = τ²/σ²:
// λ = 0 and 10^k for k from −8 to 8 in steps of 1/4.
const (
	gridLo, gridHi, gridStep = -8.0, 8.0, 0.25
)

func (m *model) fit() (*Fit, error) {
	p, q := m.p, m.p+1
	J := m.J
	if m.n <= p {
		return nil, fmt.Errorf("multilevel model: %d pupils for %d coefficients", m.n, p)
	}
	if J < 2 {
		return nil, errors.New("multilevel model: the pupils are in a single cluster")
	}

	if err := m.rankCheck(); err != nil {
		return nil, err
	}
	// The outcome's sum of squares (about its mean when the model has an
	// intercept): K at λ = 0 holds it in its last diagonal entry.
	tss := m.weighted(m.w, func(n float64) float64 { return n })[p*q+p]
	if math.IsNaN(tss) || math.IsInf(tss, 0) {
		return nil, errors.New("multilevel model: the values are too large to compute with (their squares overflow)")
	}
	st0 := m.eval(0) // λ = 0: ordinary least squares
	if !st0.ok || st0.pwrss < perfectFit*tss {
		// Residuals that are rounding noise: the model's variances,
		// standard errors and tests would be made of that noise.
		return nil, errors.New("multilevel model: the model predicts every pupil's outcome exactly (a perfect fit, no residual variance)")
	}
	evals := 1
	g0, _ := m.profiled(st0, m.derivs(st0, m.beta(st0)))

	// The grid locates the global minimum; Newton's method refines it.
	bestGrid, bestDev := math.NaN(), math.Inf(1)
	for k := gridLo; k <= gridHi+1e-9; k += gridStep {
		lam := math.Pow(10, k)
		st := m.eval(lam)
		evals++
		if st.ok && st.dev < bestDev {
			bestGrid, bestDev = lam, st.dev
		}
	}
	best := st0
	f := &Fit{Names: append([]string(nil), m.names...), N: m.n, Clusters: J}
	interior := false
	converged := true
	if !math.IsNaN(bestGrid) && (g0 < 0 || bestDev < st0.dev) {
		// Derivatives of the criterion in φ = log λ.
		at := func(phi float64) (st state, g, h float64) {
			lam := math.Exp(phi)
			st = m.eval(lam)
			evals++
			if !st.ok {
				return st, math.NaN(), math.NaN()
			}
			gl, hl := m.profiled(st, m.derivs(st, m.beta(st)))
			return st, lam * gl, lam*gl + lam*lam*hl
		}
		c := math.Log(bestGrid)
		step := gridStep * math.Ln10
		lo, hi := c-step, c+step
		if bestGrid <= math.Pow(10, gridLo) {
			lo = c - 30 // λ down to about 1e-21: zero for any data
		}
		if bestGrid >= math.Pow(10, gridHi) {
			hi = c + 30
			converged = false // σ² → 0: the within-cluster variance vanishes
		}
		phi, iters, ok := newton1D(at, lo, c, hi)
		f.Iterations = iters
		converged = converged && ok
		if st := m.eval(math.Exp(phi)); st.ok && st.dev < st0.dev {
			best, interior = st, true
		}
		evals++
	}
	f.Evaluations = evals
	f.Boundary = !interior

	st := best
	beta := m.beta(st)
	d := m.derivs(st, beta)
	g, _ := m.profiled(st, d)
	df := float64(m.n - p)
	s := st.pwrss / df
	lam := st.lambda
	f.Coef = append([]float64(nil), beta...)
	if m.k0 >= 0 {
		// β = Tβ̃ + c_y e_k0.
		f.Coef[m.k0] += m.shift[p]
		for a := 0; a < p; a++ {
			f.Coef[m.k0] -= m.shift[a] * beta[a]
		}
		f.shift, f.k0 = m.shift[:p], m.k0
	} else {
		f.k0 = -1
	}
	f.Sigma2 = s
	f.Tau2 = lam * s
	f.Theta = math.Sqrt(lam)
	f.REMLCrit = st.dev
	f.LogLik = -st.dev / 2
	if f.Boundary {
		f.Gradient = g0
		f.Converged = g0 >= 0
	} else {
		f.Gradient = g
		f.Converged = converged
	}

	// Covariance of β̂: σ² A⁻¹ = σ² U⁻¹U⁻ᵀ.
	uxx := m.uxx(st)
	f.u = blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: make([]float64, p*p)}
	for a := 0; a < p; a++ {
		copy(f.u.Data[a*p+a:(a+1)*p], uxx.Data[a*q+a:a*q+p])
	}
	ui := make([]float64, p*p) // U⁻¹
	for a := 0; a < p; a++ {
		ui[a*p+a] = 1
	}
	blas64.Trsm(blas.Left, blas.NoTrans, 1, f.u, blas64.General{Rows: p, Cols: p, Stride: p, Data: ui})
	f.Vcov = mat.NewSymDense(p, nil)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			v := 0.0
			for k := max(a, b); k < p; k++ {
				v += ui[a*p+k] * ui[b*p+k]
			}
			f.Vcov.SetSym(a, b, s*v)
		}
	}
	if m.k0 >= 0 {
		// Cov(β) = T Cov(β̃) T', T = I − e_k0 c_x'.
		var tm mat.Dense
		tm.CloneFrom(eye(p))
		for a := 0; a < p; a++ {
			tm.Set(m.k0, a, tm.At(m.k0, a)-m.shift[a])
		}
		var v mat.Dense
		v.Product(&tm, f.Vcov, tm.T())
		for a := 0; a < p; a++ {
			for b := a; b < p; b++ {
				f.Vcov.SetSym(a, b, (v.At(a, b)+v.At(b, a))/2)
			}
		}
	}
	f.b2w = d.b2w

	// Hessian of the REML deviance in lmerTest's parameters (θ, σ), with
	// λ = θ² and s = σ² (docs/methods.md §9).
	dl := d.f1 + d.p1/s
	dll := d.f2 + d.p2/s
	ds := -st.pwrss/(s*s) + df/s
	dss := 2*st.pwrss/(s*s*s) - df/(s*s)
	dls := -d.p1 / (s * s)
	sigma := math.Sqrt(s)
	h := [2][2]float64{
		{2*dl + 4*lam*dll, 4 * f.Theta * sigma * dls},
		{4 * f.Theta * sigma * dls, 2*ds + 4*s*dss},
	}
	f.vp = pinv2(h, 1e-8)
	for a := range f.vp {
		for b := range f.vp[a] {
			f.vp[a][b] *= 2
		}
	}

	if f.Boundary {
		f.Warnings = append(f.Warnings, WarnBoundary)
	}
	if !f.Converged {
		f.Warnings = append(f.Warnings, WarnNotConverged)
	}
	if J < FewClusters {
		f.Warnings = append(f.Warnings, WarnFewClusters)
	}
	if !f.Boundary && f.ICC() < ICCNearZero {
		f.Warnings = append(f.Warnings, WarnICCNearZero)
	}
	return f, nil
}

// rankCheck returns a *CollinearError for the first column of X whose
// norm after projecting out the columns before it is below rankTol of its
// own norm (the Cholesky factor of X'X gives both).
func (m *model) rankCheck() error {
	p, q := m.p, m.p+1
	full := m.weighted(m.w, func(n float64) float64 { return n })
	xx := make([]float64, p*p)
	for a := 0; a < p; a++ {
		copy(xx[a*p:(a+1)*p], full[a*q:a*q+p])
	}
	// Column by column Cholesky with the tolerance check.
	r := make([]float64, p*p)
	for k := 0; k < p; k++ {
		norm2 := xx[k*p+k]
		d := norm2
		for i := 0; i < k; i++ {
			d -= r[i*p+k] * r[i*p+k]
		}
		if norm2 == 0 || d <= 0 || math.Sqrt(d) < rankTol*math.Sqrt(norm2) {
			return &CollinearError{Column: m.names[k], Before: append([]string(nil), m.names[:k]...)}
		}
		r[k*p+k] = math.Sqrt(d)
		for c := k + 1; c < p; c++ {
			v := xx[k*p+c]
			for i := 0; i < k; i++ {
				v -= r[i*p+k] * r[i*p+c]
			}
			r[k*p+c] = v / r[k*p+k]
		}
	}
	return nil
}

// pinv2 is the Moore–Penrose inverse of the symmetric 2×2 matrix h,
// dropping eigenvalues at or below tol, as lmerTest does for the Hessian
// of the deviance.
func pinv2(h [2][2]float64, tol float64) [2][2]float64 {
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(2, []float64{h[0][0], h[0][1], h[1][0], h[1][1]}), true) {
		return [2][2]float64{{math.NaN(), math.NaN()}, {math.NaN(), math.NaN()}}
	}
	vals := es.Values(nil)
	var vec mat.Dense
	es.VectorsTo(&vec)
	var out [2][2]float64
	for k, l := range vals {
		if l <= tol {
			continue
		}
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				out[a][b] += vec.At(a, k) * vec.At(b, k) / l
			}
		}
	}
	return out
}

// newton1D minimises a smooth function of one variable on [lo, hi], from
// start, given at(x) = (state, f'(x), f”(x)): Newton's method on f' = 0,
// safeguarded by bisection of the bracket (Press et al. 2007, Numerical
// Recipes, §9.4 "rtsafe"). When f' does not change sign on [lo, hi] the
// end where f is smaller is returned. ok is false when the iteration
// limit is reached before the step falls below 1e-10.
func newton1D(at func(x float64) (state, float64, float64), lo, start, hi float64) (x float64, iters int, ok bool) {
	_, glo, _ := at(lo)
	_, ghi, _ := at(hi)
	switch {
	case math.IsNaN(glo) || math.IsNaN(ghi):
		// Fall through with bisection alone.
	case glo >= 0:
		return lo, 0, true
	case ghi <= 0:
		return hi, 0, true
	}
	x = start
	dxOld := hi - lo
	for iters = 1; iters <= 200; iters++ {
		_, g, h := at(x)
		if g == 0 {
			return x, iters, true
		}
		if g < 0 {
			lo = x
		} else {
			hi = x // also when the criterion cannot be evaluated (λ too large)
		}
		var dx float64
		if h > 0 && !math.IsNaN(g) {
			dx = -g / h
		}
		xn := x + dx
		if !(h > 0) || math.IsNaN(g) || xn <= lo || xn >= hi || math.Abs(dx) > dxOld/2 {
			xn = (lo + hi) / 2
			dx = xn - x
		}
		dxOld = math.Abs(dx)
		x = xn
		if math.Abs(dx) < 1e-10 {
			return x, iters, true
		}
	}
	return x, iters - 1, false
}

func eye(p int) *mat.Dense {
	m := mat.NewDense(p, p, nil)
	for a := 0; a < p; a++ {
		m.Set(a, a, 1)
	}
	return m
}
