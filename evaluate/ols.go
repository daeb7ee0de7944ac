package evaluate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Intercept is the name OLS callers give the column of ones.
const Intercept = "(intercept)"

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
	withIntercept := false
	for _, c := range e.Columns {
		if c == Intercept {
			withIntercept = true
			continue
		}
		named = append(named, c)
	}
	if len(named) == 1 && withIntercept {
		return fmt.Sprintf("covariate %q is constant in the analysed sample; drop it", named[0])
	}
	q := make([]string, len(named))
	for i, n := range named {
		q[i] = fmt.Sprintf("%q", n)
	}
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

// OLS fits y = X b + e by least squares, through the Householder QR
// decomposition of X (gonum mat.QR, LAPACK dgeqrf), as R's lm does:
//
//	b      = R^-1 Q'y
//	sigma² = RSS / (n - p)
//	SE(b)  = sigma sqrt(diag(R^-1 R^-T))
//	t      = b / SE(b),  p = 2 P(T_{n-p} > |t|)
//
// names label the columns of X (use Intercept for a column of ones). A
// column whose residual norm after the columns before it, |R_jj|, is below
// 1e-7 of its own norm is a combination of them (R's lm tolerance): OLS
// then returns a *CollinearError naming the columns involved rather than
// a fit with undefined coefficients. It returns an error too when there
// are no residual degrees of freedom.
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
	if n <= p {
		return nil, fmt.Errorf("too few pupils for the regression: %d pupils for %d coefficients", n, p)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("regression outcome has a missing or infinite value at row %d", i)
		}
	}

	// Column norms, for the rank check.
	norms := make([]float64, p)
	raw := X.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		for j, v := range row {
			norms[j] += v * v
		}
	}
	for j := range norms {
		if math.IsNaN(norms[j]) || math.IsInf(norms[j], 0) {
			return nil, fmt.Errorf("regression column %q has a missing or infinite value", names[j])
		}
		norms[j] = math.Sqrt(norms[j])
	}

	var qr mat.QR
	qr.Factorize(X)
	var r mat.Dense
	qr.RTo(&r)
	R := mat.NewTriDense(p, mat.Upper, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			R.SetTri(i, j, r.At(i, j))
		}
	}
	for j := 0; j < p; j++ {
		if norms[j] == 0 || math.Abs(R.At(j, j)) < olsRankTol*norms[j] {
			return nil, &CollinearError{Columns: collinearColumns(R, norms, names, j)}
		}
	}

	var b mat.Dense
	yv := mat.NewDense(n, 1, y)
	if err := qr.SolveTo(&b, false, yv); err != nil {
		var c mat.Condition
		if !errors.As(err, &c) {
			return nil, err
		}
		// Ill-conditioned but of full rank by the check above: the
		// solution is still the least-squares one, as in R.
	}

	f := &Fit{Names: append([]string(nil), names...), N: n, DF: n - p}
	f.Coef = make([]float64, p)
	for j := range f.Coef {
		f.Coef[j] = b.At(j, 0)
	}
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		fit := 0.0
		for j, v := range row {
			fit += v * f.Coef[j]
		}
		e := y[i] - fit
		f.RSS += e * e
	}
	f.Sigma = math.Sqrt(f.RSS / float64(f.DF))

	var ri mat.TriDense
	if err := ri.InverseTri(R); err != nil {
		var c mat.Condition
		if !errors.As(err, &c) {
			return nil, err
		}
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
