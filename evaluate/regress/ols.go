package regress

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/internal/parallel"
)

// Intercept is the name OLS callers give the column of ones.
const Intercept = "(intercept)"

// TreatmentTerm is the name of the treatment indicator (1 = intervention,
// 0 = comparison) among regression coefficients.
const TreatmentTerm = "treatment"

// olsRankTol is the tolerance of the rank check, as in R's lm (tol = 1e-7):
// a column is taken to be a linear combination of the columns before it
// when its norm after projecting them out, |R_jj|, is below olsRankTol times
// its own norm (LINPACK dqrdc2, which R's lm.fit uses).
const olsRankTol = 1e-7

// Fit is an ordinary least squares fit.
type Fit struct {
	Names []string  // one per column of X
	Coef  []float64 // coefficients
	SE    []float64 // standard errors, sigma * sqrt(diag((X'X)^-1))
	T     []float64 // Coef / SE
	P     []float64 // two-sided p of T on DF degrees of freedom
	DF    int       // residual degrees of freedom, n - p
	Sigma float64   // residual standard error, sqrt(RSS / DF)
	RSS   float64   // residual sum of squares
	N     int       // observations
	// PerfectFit is true when the residuals are rounding noise (see
	// perfectFit): the columns predict y exactly, and SE, T and P, made
	// of that noise, mean nothing.
	PerfectFit bool
}

// perfectFit reports whether a fit whose residual sum of squares is rss
// on df degrees of freedom, and whose fitted values have sum of squares
// fss over n observations, fits exactly but for rounding: its residual
// variance is below 1e-20 of the mean square of the fitted values (a
// residual SD under 1e-10 of their size, which no measured outcome has).
// R's summary.lm warns of an "essentially perfect fit" below 1e-30 of
// mean(f)² + var(f); the looser bound here also catches the rounding
// noise a blocked QR leaves of an exact fit.
func perfectFit(rss float64, df int, fss float64, n int) bool {
	if df <= 0 || n <= 0 {
		return false
	}
	return rss/float64(df) < 1e-20*fss/float64(n)
}

// CollinearError reports design columns that are linear combinations of
// one another, so that their coefficients cannot be estimated.
type CollinearError struct {
	// Columns are the names of the columns involved: the dependent column
	// last, after the earlier columns it is a combination of.
	Columns []string
}

func (e *CollinearError) Error() string {
	var named []string
	withIntercept, withTreatment := false, false
	for _, c := range e.Columns {
		switch c {
		case Intercept:
			withIntercept = true
			continue
		case TreatmentTerm:
			withTreatment = true
			continue
		}
		named = append(named, c)
	}
	if f := oneFactor(named); withTreatment && f != "" {
		// The indicators of one categorical covariate's values: dropping
		// one value's indicator would not help, dropping the covariate does.
		return fmt.Sprintf("covariate %q duplicates the arms among the analysed pupils (each of its values is in one arm only: it is collinear with the treatment); drop it", f)
	}
	if withTreatment && len(named) == 1 {
		return fmt.Sprintf("covariate %q duplicates the arms among the analysed pupils (it is collinear with the treatment); drop it", named[0])
	}
	if withTreatment && len(named) > 1 {
		return fmt.Sprintf("covariates %s together duplicate the arms among the analysed pupils (they are collinear with the treatment); drop one",
			strings.Join(quoteAll(named), ", "))
	}
	if len(named) == 1 && withIntercept {
		return fmt.Sprintf("covariate %q is constant in the analysed sample; drop it", named[0])
	}
	q := quoteAll(named)
	var list string
	switch len(q) {
	case 0:
		list = "the design columns"
	case 1:
		return fmt.Sprintf("covariate %s cannot be estimated (all its values are zero in the analysed sample); drop it", q[0])
	default:
		list = strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
	}
	return fmt.Sprintf("covariates %s are collinear (one is a combination of the others); drop one", list)
}

// oneFactor is the covariate whose value indicators names are, when there
// are several and each is named "covariate=value" (the indicator columns
// of a categorical covariate); "" otherwise.
func oneFactor(names []string) string {
	if len(names) < 2 {
		return ""
	}
	first, _, ok := strings.Cut(names[0], "=")
	if !ok {
		return ""
	}
	for _, n := range names[1:] {
		if f, _, ok := strings.Cut(n, "="); !ok || f != first {
			return ""
		}
	}
	return first
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return q
}

// OLS fits y = X b + e by least squares, through the Householder QR
// decomposition of [X | y] (LAPACK dgeqrf, gonum lapack64.Geqrf), as R's
// lm does:
//
//	[X | y] = Q [R  Q'y; 0  r]
//	b      = R^-1 Q'y,  RSS = r²
//	sigma² = RSS / (n − p)
//	SE(b)  = sigma sqrt(diag(R^-1 R^-T))
//	t      = b / SE(b),  p = 2 P(T_{n−p} > |t|)
//
// The factorisation runs over blocks of rows (a tall-skinny QR: each
// block is stacked under the R of the rows before it and factorised
// again), which is as stable as one QR of the whole matrix, needs no copy
// of it, and lets fixed chunks of rows run in parallel before their Rs are
// combined in a fixed order, so the result does not depend on the number
// of cores. Demmel, Grigori, Hoemmen & Langou (2012), SIAM J. Sci.
// Comput. 34(1), doi:10.1137/080731992.
//
// names label the columns of X (use Intercept for a column of ones). A
// column whose residual norm after the columns before it, |R_jj|, is below
// 1e-7 of its own norm is a combination of them (R's lm tolerance, LINPACK
// dqrdc2): OLS then returns a *CollinearError naming the columns involved
// rather than a fit with undefined coefficients. It returns an error too
// when there are no residual degrees of freedom or a value is missing.
//
// Chambers, J. M. (1992) Linear models, in Statistical Models in S;
// Golub & Van Loan (2013) Matrix Computations, §5.3.
func OLS(X *mat.Dense, y []float64, names []string) (*Fit, error) {
	n, p := X.Dims()
	if len(y) != n {
		panic(fmt.Sprintf("evaluate: OLS with %d rows in X and %d in y", n, len(y)))
	}
	if len(names) != p {
		panic(fmt.Sprintf("evaluate: OLS with %d columns and %d names", p, len(names)))
	}
	raw := X.RawMatrix()
	fill := func(start, end int, dst []float64) {
		for i := start; i < end; i++ {
			row := dst[(i-start)*(p+1) : (i-start+1)*(p+1)]
			copy(row, raw.Data[i*raw.Stride:i*raw.Stride+p])
			row[p] = y[i]
		}
	}
	return OLSRows(n, names, fill)
}

// OLSRows is OLS over n rows whose design [x_1 … x_p | y] fill writes, a
// block of rows [start, end) at a time, row-major into dst. fill is
// called concurrently for different blocks.
func OLSRows(n int, names []string, fill func(start, end int, dst []float64)) (*Fit, error) {
	p := len(names)
	if n <= p {
		return nil, fmt.Errorf("too few pupils for the regression: %d pupils for %d coefficients", n, p)
	}
	top, sq, bad := tsqr(n, p+1, fill)
	if bad >= 0 {
		if bad == p {
			return nil, errors.New("regression outcome has a missing value, or one too large to compute with (its square overflows)")
		}
		return nil, fmt.Errorf("regression column %q has a missing value, or one too large to compute with (its square overflows)", names[bad])
	}
	p1 := p + 1
	norms := make([]float64, p)
	for j := range norms {
		norms[j] = math.Sqrt(sq[j])
	}
	R := mat.NewTriDense(p, mat.Upper, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			R.SetTri(i, j, top[i*p1+j])
		}
	}
	for j := 0; j < p; j++ {
		if norms[j] == 0 || math.Abs(R.At(j, j)) < olsRankTol*norms[j] {
			return nil, &CollinearError{Columns: collinearColumns(R, norms, names, j)}
		}
	}

	f := &Fit{Names: append([]string(nil), names...), N: n, DF: n - p}
	f.Coef = make([]float64, p)
	for j := range f.Coef {
		f.Coef[j] = top[j*p1+p] // Q'y
	}
	blas64.Trsv(blas.NoTrans, R.RawTriangular(), blas64.Vector{N: p, Inc: 1, Data: f.Coef})
	f.RSS = top[p*p1+p] * top[p*p1+p]
	f.Sigma = math.Sqrt(f.RSS / float64(f.DF))
	f.PerfectFit = perfectFit(f.RSS, f.DF, sq[p]-f.RSS, n)

	var ri mat.TriDense
	if err := ri.InverseTri(R); err != nil {
		var c mat.Condition
		if !errors.As(err, &c) {
			return nil, err
		}
		// Ill-conditioned but of full rank by the check above: the
		// solution is still the least-squares one, as in R.
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(f.DF)}
	f.SE = make([]float64, p)
	f.T = make([]float64, p)
	f.P = make([]float64, p)
	for j := 0; j < p; j++ {
		s := 0.0
		for k := j; k < p; k++ {
			v := ri.At(j, k)
			s += v * v
		}
		f.SE[j] = f.Sigma * math.Sqrt(s)
		f.T[j] = f.Coef[j] / f.SE[j]
		f.P[j] = 2 * t.Survival(math.Abs(f.T[j]))
	}
	return f, nil
}

// Row blocking of tsqr: rows per QR step, and rows per chunk (the unit
// of parallel work, fixed so the result does not depend on the cores).
const (
	tsqrBlock = 1024
	tsqrChunk = 1 << 17
)

// tsqr returns the p1×p1 upper triangle R (row-major; rows beyond the
// rank of the data are zero) of the QR decomposition of the n×p1 matrix
// that fill writes, the sums of squares of its columns, and the index of
// a column holding a NaN or infinity (-1 when none).
func tsqr(n, p1 int, fill func(start, end int, dst []float64)) (top, sq []float64, bad int) {
	nChunks := (n + tsqrChunk - 1) / tsqrChunk
	rs := make([][]float64, nChunks)
	sqs := make([][]float64, nChunks)
	bads := make([]int, nChunks)
	work := func(k int) {
		start, end := k*tsqrChunk, min((k+1)*tsqrChunk, n)
		acc := newQRAcc(p1, tsqrBlock)
		sqs[k] = make([]float64, p1)
		bads[k] = -1
		for b := start; b < end; b += tsqrBlock {
			e := min(b+tsqrBlock, end)
			blk := acc.block(e - b)
			fill(b, e, blk)
			for i := 0; i < e-b; i++ {
				for j, v := range blk[i*p1 : (i+1)*p1] {
					sqs[k][j] += v * v
				}
			}
			acc.factor(e - b)
		}
		for j, v := range sqs[k] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bads[k] = j
				break
			}
		}
		rs[k] = acc.r()
	}
	parallel.For(nChunks, work)
	sq = make([]float64, p1)
	bad = -1
	for k := range rs {
		if bads[k] >= 0 && bad < 0 {
			bad = bads[k]
		}
		for j := range sq {
			sq[j] += sqs[k][j]
		}
	}
	if nChunks == 1 {
		return rs[0], sq, bad
	}
	// Combine the chunks' Rs in chunk order.
	acc := newQRAcc(p1, p1)
	for _, r := range rs {
		copy(acc.block(p1), r)
		acc.factor(p1)
	}
	return acc.r(), sq, bad
}

// qrAcc accumulates the R of a QR decomposition over blocks of rows: its
// buffer holds the current p1×p1 R on top of the next block.
type qrAcc struct {
	p1       int
	buf, tau []float64
	work     []float64
}

func newQRAcc(p1, maxRows int) *qrAcc {
	a := &qrAcc{p1: p1, buf: make([]float64, (p1+maxRows)*p1), tau: make([]float64, p1)}
	w := []float64{0}
	lapack64.Geqrf(blas64.General{Rows: p1 + maxRows, Cols: p1, Stride: p1, Data: a.buf}, a.tau, w, -1)
	a.work = make([]float64, int(w[0]))
	return a
}

// block returns the space for the next rows rows, below R.
func (a *qrAcc) block(rows int) []float64 {
	return a.buf[a.p1*a.p1 : (a.p1+rows)*a.p1]
}

// factor replaces R by the R of [R; block].
func (a *qrAcc) factor(rows int) {
	p1 := a.p1
	m := p1 + rows
	lapack64.Geqrf(blas64.General{Rows: m, Cols: p1, Stride: p1, Data: a.buf[:m*p1]}, a.tau, a.work, len(a.work))
	// Keep the upper triangle: zero the Householder vectors below it.
	for i := 1; i < p1; i++ {
		clear(a.buf[i*p1 : i*p1+i])
	}
}

// r returns a copy of the current R.
func (a *qrAcc) r() []float64 {
	return append([]float64(nil), a.buf[:a.p1*a.p1]...)
}

// collinearColumns names column j and the earlier columns it is a
// combination of: those with a non-negligible weight in the solution of
// R[:j,:j] w = R[:j,j].
func collinearColumns(R *mat.TriDense, norms []float64, names []string, j int) []string {
	if j == 0 || norms[j] == 0 {
		return []string{names[j]}
	}
	w := make([]float64, j)
	for i := j - 1; i >= 0; i-- {
		s := R.At(i, j)
		for k := i + 1; k < j; k++ {
			s -= R.At(i, k) * w[k]
		}
		w[i] = s / R.At(i, i)
	}
	var out []string
	for i := 0; i < j; i++ {
		if math.Abs(w[i])*norms[i] > 1e-6*norms[j] {
			out = append(out, names[i])
		}
	}
	return append(out, names[j])
}

// Index returns the position of the named coefficient, or -1.
func (f *Fit) Index(name string) int {
	for i, n := range f.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// CI returns the two-sided confidence interval of coefficient j at level
// conf: Coef ± t_{(1+conf)/2, DF} SE, as R's confint.lm.
func (f *Fit) CI(j int, conf float64) (lo, hi float64) {
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(f.DF)}.Quantile((1 + conf) / 2)
	return f.Coef[j] - q*f.SE[j], f.Coef[j] + q*f.SE[j]
}
