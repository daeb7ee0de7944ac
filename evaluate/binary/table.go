package binary

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Table is the 2×2 table of a yes/no outcome by arm: in each arm, the
// pupils with an answer and how many of them had the outcome (answer 1).
// As a matrix, rows are the arms (treated first) and columns the outcome
// (yes first):
//
//	            yes   no
//	treated      a     b      a = Events1, b = N1 − Events1
//	comparison   c     d      c = Events0, d = N0 − Events0
type Table struct {
	Events1, N1 int // treated arm
	Events0, N0 int // comparison arm
}

// TableOf counts the outcome in each arm. Every value must be 0 or 1; NaN
// (no answer) is skipped.
func TableOf(treated, comparison []float64) (Table, error) {
	e1, n1, err := countArm(treated)
	if err != nil {
		return Table{}, fmt.Errorf("counting the treated arm: %w", err)
	}
	e0, n0, err := countArm(comparison)
	if err != nil {
		return Table{}, fmt.Errorf("counting the comparison arm: %w", err)
	}
	return Table{Events1: e1, N1: n1, Events0: e0, N0: n0}, nil
}

func countArm(y []float64) (events, n int, err error) {
	for i, v := range y {
		switch {
		case math.IsNaN(v):
			continue
		case v == 1:
			events++
		case v != 0:
			return 0, 0, fmt.Errorf("value %d is %v, not 0 or 1", i+1, v)
		}
		n++
	}
	return events, n, nil
}

// errEmptyArm is wrapped by the functions that need pupils in both arms.
var errEmptyArm = errors.New("no pupils with an answer")

// check reports counts that cannot form a table.
func (t Table) check() error {
	switch {
	case t.N1 < 0 || t.N0 < 0 || t.Events1 < 0 || t.Events0 < 0:
		return fmt.Errorf("negative count in table %+v", t)
	case t.Events1 > t.N1:
		return fmt.Errorf("%d treated events out of %d pupils", t.Events1, t.N1)
	case t.Events0 > t.N0:
		return fmt.Errorf("%d comparison events out of %d pupils", t.Events0, t.N0)
	case t.N1 == 0:
		return fmt.Errorf("treated arm: %w", errEmptyArm)
	case t.N0 == 0:
		return fmt.Errorf("comparison arm: %w", errEmptyArm)
	}
	return nil
}

// cells returns a, b, c, d as in the Table layout.
func (t Table) cells() (a, b, c, d float64) {
	return float64(t.Events1), float64(t.N1 - t.Events1), float64(t.Events0), float64(t.N0 - t.Events0)
}

// constant reports why the outcome does not vary across the whole table
// ("" when it does): then no test or ratio can be computed.
func (t Table) constant() string {
	switch {
	case t.Events1+t.Events0 == 0:
		return "no pupil in either arm had the outcome"
	case t.Events1+t.Events0 == t.N1+t.N0:
		return "every pupil in both arms had the outcome"
	}
	return ""
}

// Expected returns the expected counts under no association, in the Table
// layout (rows treated, comparison; columns yes, no):
//
//	E_ij = (row total i)(column total j) / N
//
// Pearson's chi-square is unreliable when one is under 5 (Cochran 1954);
// Fisher's exact test is then preferred.
func (t Table) Expected() [2][2]float64 {
	a, b, c, d := t.cells()
	n := a + b + c + d
	r := [2]float64{a + b, c + d}
	col := [2]float64{a + c, b + d}
	var e [2][2]float64
	for i := range 2 {
		for j := range 2 {
			e[i][j] = r[i] * col[j] / n
		}
	}
	return e
}

// MinExpected returns the smallest of the four expected counts (NaN for an
// empty table).
func (t Table) MinExpected() float64 {
	e := t.Expected()
	return math.Min(math.Min(e[0][0], e[0][1]), math.Min(e[1][0], e[1][1]))
}

// Test is a test statistic with its degrees of freedom (NaN for a normal
// z) and two-sided p-value. Reason says why they are NaN.
type Test struct {
	Statistic float64
	DF        float64
	P         float64
	Reason    string
}

// ChiSquare returns Pearson's chi-square test of no association, without
// continuity correction, as R's chisq.test(correct = FALSE):
//
//	X² = Σ (O − E)² / E = N (ad − bc)² / ((a+b)(c+d)(a+c)(b+d)),  df = 1
//
// It is undefined (NaN) when the outcome does not vary (a zero column
// total). Agresti (2013), §3.2.1.
func ChiSquare(t Table) (Test, error) {
	if err := t.check(); err != nil {
		return Test{}, fmt.Errorf("chi-square test: %w", err)
	}
	if why := t.constant(); why != "" {
		return Test{Statistic: math.NaN(), DF: 1, P: math.NaN(), Reason: why + ": the chi-square test is undefined"}, nil
	}
	o := [2][2]float64{}
	o[0][0], o[0][1], o[1][0], o[1][1] = t.cells()
	e := t.Expected()
	x2 := 0.0
	for i := range 2 {
		for j := range 2 {
			r := o[i][j] - e[i][j]
			x2 += r * r / e[i][j]
		}
	}
	return Test{Statistic: x2, DF: 1, P: distuv.ChiSquared{K: 1}.Survival(x2)}, nil
}
