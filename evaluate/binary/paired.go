package binary

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// PairedTable counts the pupils with a yes/no answer both before and after
// (pre and post), by the pair of answers:
//
//	             post yes   post no
//	pre yes        Both       Lost
//	pre no        Gained     Neither
type PairedTable struct {
	Both    int // yes before and after (a)
	Lost    int // yes before, no after (b)
	Gained  int // no before, yes after (c)
	Neither int // no before and after (d)
}

// N returns the number of pupils in the table.
func (t PairedTable) N() int { return t.Both + t.Lost + t.Gained + t.Neither }

// PairedTableOf counts the pairs (pre[i], post[i]). Every value must be 0
// or 1; a pupil with NaN (no answer) before or after is left out.
func PairedTableOf(pre, post []float64) (PairedTable, error) {
	if len(pre) != len(post) {
		return PairedTable{}, fmt.Errorf("counting paired answers: %d answers before and %d after", len(pre), len(post))
	}
	var t PairedTable
	for i := range pre {
		x, y := pre[i], post[i]
		if math.IsNaN(x) || math.IsNaN(y) {
			continue
		}
		if x != 0 && x != 1 || y != 0 && y != 1 {
			return PairedTable{}, fmt.Errorf("counting paired answers: pupil %d has %v before and %v after, not 0 or 1", i+1, x, y)
		}
		switch {
		case x == 1 && y == 1:
			t.Both++
		case x == 1:
			t.Lost++
		case y == 1:
			t.Gained++
		default:
			t.Neither++
		}
	}
	return t, nil
}

// Paired is the before/after comparison of a yes/no answer on the same
// pupils.
type Paired struct {
	Table       PairedTable
	N           int
	PPre, PPost float64
	// Difference is p_post − p_pre with its Wald interval; its test is
	// McNemar's (Statistic, DF, P as in McNemar).
	Difference Measure
	McNemar    Test
	// ExactP is the exact McNemar p: the two-sided binomial test of
	// Gained out of Lost + Gained against 1/2, as binom.test(c, b + c).
	ExactP float64
	// Reason says why ExactP is NaN ("" when it is not).
	Reason string
}

// ComparePaired returns the paired comparison of t at the confidence level.
// With b = Lost, c = Gained and n pupils:
//
//	p_post − p_pre = (c − b)/n,  SE = sqrt(b + c − (b − c)²/n) / n
//
// (Agresti 2013, §11.1), the interval difference ± z SE; McNemar's test
// without continuity correction, as R's mcnemar.test(correct = FALSE),
//
//	X² = (b − c)² / (b + c),  df = 1
//
// (McNemar 1947); and its exact version, the binomial test of c successes
// in b + c trials with probability 1/2 (BinomialTest). When no pupil
// changed answer (b + c = 0) the tests are NaN with the reason; when the
// SE is 0 the interval is NaN with the reason.
func ComparePaired(t PairedTable, level float64) (Paired, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Paired{}, fmt.Errorf("comparing paired proportions: %w", err)
	}
	if t.Both < 0 || t.Lost < 0 || t.Gained < 0 || t.Neither < 0 {
		return Paired{}, fmt.Errorf("comparing paired proportions: negative count in %+v", t)
	}
	n := t.N()
	if n == 0 {
		return Paired{}, fmt.Errorf("comparing paired proportions: %w before and after", errEmptyArm)
	}
	nf, b, c := float64(n), float64(t.Lost), float64(t.Gained)
	res := Paired{
		Table: t, N: n,
		PPre:  float64(t.Both+t.Lost) / nf,
		PPost: float64(t.Both+t.Gained) / nf,
	}
	if b+c == 0 {
		why := "no pupil changed answer: McNemar's test is undefined"
		res.McNemar = Test{Statistic: math.NaN(), DF: 1, P: math.NaN(), Reason: why}
		res.ExactP, res.Reason = math.NaN(), why
	} else {
		x2 := (b - c) * (b - c) / (b + c)
		res.McNemar = Test{Statistic: x2, DF: 1, P: distuv.ChiSquared{K: 1}.Survival(x2)}
		res.ExactP, err = BinomialTest(t.Gained, t.Lost+t.Gained, 0.5)
		if err != nil {
			return Paired{}, fmt.Errorf("comparing paired proportions: %w", err)
		}
	}
	d := Measure{Estimate: (c - b) / nf, SE: math.Sqrt(b+c-(b-c)*(b-c)/nf) / nf,
		Statistic: res.McNemar.Statistic, DF: 1, P: res.McNemar.P}
	if d.SE > 0 {
		d.CILow, d.CIHigh = d.Estimate-z*d.SE, d.Estimate+z*d.SE
	} else {
		d.CILow, d.CIHigh = math.NaN(), math.NaN()
		d.Reason = "every pupil changed answer, all the same way: the Wald interval has no width"
		if b+c == 0 {
			d.Reason = res.McNemar.Reason + "; the Wald interval has no width"
		}
	}
	res.Difference = d
	return res, nil
}

// BinomialTest returns the two-sided p-value of the exact binomial test of
// x successes in n trials against success probability p, as R's
// binom.test: the sum of the probabilities of every count no more probable
// than x, "no more" meaning ≤ P(x)(1 + 10⁻⁷), capped at 1. It is an error
// unless 0 ≤ x ≤ n, n ≥ 1 and 0 ≤ p ≤ 1.
func BinomialTest(x, n int, p float64) (float64, error) {
	if n < 1 || x < 0 || x > n || !(p >= 0 && p <= 1) {
		return math.NaN(), fmt.Errorf("binomial test: %d successes in %d trials with probability %v", x, n, p)
	}
	switch p {
	case 0:
		return boolProb(x == 0), nil
	case 1:
		return boolProb(x == n), nil
	}
	dist := distuv.Binomial{N: float64(n), P: p}
	d := dist.Prob(float64(x)) * (1 + 1e-7)
	m := float64(n) * p
	xf := float64(x)
	var pv float64
	switch {
	case xf == m:
		return 1, nil
	case xf < m:
		// Counts on the other side of the mean no more probable than x.
		y := 0
		for i := int(math.Ceil(m)); i <= n; i++ {
			if dist.Prob(float64(i)) <= d {
				y++
			}
		}
		pv = dist.CDF(xf) + binomialUpper(n, p, n-y)
	default:
		y := 0
		for i := 0; i <= int(math.Floor(m)); i++ {
			if dist.Prob(float64(i)) <= d {
				y++
			}
		}
		pv = dist.CDF(float64(y-1)) + binomialUpper(n, p, x-1)
	}
	return math.Min(1, pv), nil
}

// binomialUpper returns P(X > x) for X binomial(n, p), from the regularised
// incomplete beta function I_p(x + 1, n − x) rather than 1 − P(X ≤ x), so
// that small upper tails keep their relative precision.
func binomialUpper(n int, p float64, x int) float64 {
	switch {
	case x < 0:
		return 1
	case x >= n:
		return 0
	}
	return mathext.RegIncBeta(float64(x+1), float64(n-x), p)
}
