package binary

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Measure is one estimate with its standard error, confidence interval and
// test. For ratio measures (risk ratio, odds ratio) SE is the standard
// error of the logarithm, and the interval is built on the log scale and
// exponentiated.
type Measure struct {
	Estimate      float64
	SE            float64
	CILow, CIHigh float64
	Statistic     float64 // chi-square or z of P
	DF            float64 // 1 for chi-square; NaN for a z
	P             float64 // two-sided
	// Corrected is true when 0.5 was added to every cell because one was
	// zero (docs/methods.md §11).
	Corrected bool
	// Reason says why a field is NaN ("" when none is).
	Reason string
}

// Unadjusted holds the unadjusted comparison of two arms on a yes/no
// outcome: the proportions, the chi-square test and the four measures of
// difference, each carrying the chi-square p.
type Unadjusted struct {
	Table       Table
	P1, P0      float64       // proportions with the outcome: treated, comparison
	Expected    [2][2]float64 // Table.Expected
	MinExpected float64
	ChiSquare   Test

	RiskDifference Measure // p1 − p0
	RiskRatio      Measure // p1 / p0
	OddsRatio      Measure // (a d) / (b c)
	CoxIndex       Measure // ln(OR) / 1.65

	// CoxOmega is the small-sample factor ω = 1 − 3/(4N − 9) that some WWC
	// documents apply to the Cox index as to Hedges' g; CoxIndex does not
	// include it (multiply Estimate and the bounds by it to get that
	// version). NaN when N < 3.
	CoxOmega float64
}

// coxScale is the Cox index divisor that Cox (1970) proposed for putting a
// log odds ratio on the scale of a standardised mean difference
// (Sánchez-Meca et al. 2003), as the WWC uses.
const coxScale = 1.65

// zQuantile returns the two-sided normal quantile of a confidence level.
func zQuantile(level float64) (float64, error) {
	if !(level > 0 && level < 1) {
		return math.NaN(), fmt.Errorf("confidence level %v is not between 0 and 1", level)
	}
	return distuv.UnitNormal.Quantile(1 - (1-level)/2), nil
}

// Compare returns the unadjusted comparison of the treated and comparison
// arms of t at the confidence level (0.95 for 95% intervals). With
// p1 = a/n1 and p0 = c/n0:
//
//	risk difference  p1 − p0,  SE = sqrt(p1(1−p1)/n1 + p0(1−p0)/n0)  (Wald, unpooled)
//	risk ratio       p1/p0,    SE(ln RR) = sqrt(1/a − 1/n1 + 1/c − 1/n0)  (Katz et al. 1978)
//	odds ratio       ad/(bc),  SE(ln OR) = sqrt(1/a + 1/b + 1/c + 1/d)  (Woolf 1955)
//	Cox index        ln(OR)/1.65, SE = SE(ln OR)/1.65, interval = ln(Woolf bounds)/1.65  (WWC)
//
// Intervals are estimate ± z SE (on the log scale for the ratios), z the
// normal quantile of the level; every measure carries the p of Pearson's
// chi-square without continuity correction (ChiSquare).
//
// Zero cells (docs/methods.md §11): the risk difference is never
// corrected. When any of a, b, c, d is 0 the ratio measures add 0.5 to all
// four cells (Haldane 1956; as metafor::escalc(add = 1/2, to = "only0")
// and Cochrane's RevMan) and say so in Corrected. When the outcome does
// not vary at all (no pupil, or every pupil, had it) the chi-square test
// and the ratio measures are NaN with the reason. When both proportions
// are 0 or 1 the Wald interval of the risk difference has no width and is
// NaN with the reason.
func Compare(t Table, level float64) (Unadjusted, error) {
	z, err := zQuantile(level)
	if err != nil {
		return Unadjusted{}, fmt.Errorf("comparing proportions: %w", err)
	}
	chi, err := ChiSquare(t)
	if err != nil {
		return Unadjusted{}, fmt.Errorf("comparing proportions: %w", err)
	}
	a, b, c, d := t.cells()
	n1, n0 := a+b, c+d
	u := Unadjusted{
		Table:       t,
		P1:          a / n1,
		P0:          c / n0,
		Expected:    t.Expected(),
		MinExpected: t.MinExpected(),
		ChiSquare:   chi,
		CoxOmega:    math.NaN(),
	}
	if N := n1 + n0; 4*N-9 > 0 {
		u.CoxOmega = 1 - 3/(4*N-9)
	}
	withTest := func(m Measure) Measure {
		m.Statistic, m.DF, m.P = chi.Statistic, chi.DF, chi.P
		if chi.Reason != "" && m.Reason == "" {
			m.Reason = chi.Reason
		}
		return m
	}

	// Risk difference.
	rd := Measure{Estimate: u.P1 - u.P0}
	rd.SE = math.Sqrt(u.P1*(1-u.P1)/n1 + u.P0*(1-u.P0)/n0)
	if rd.SE > 0 {
		rd.CILow, rd.CIHigh = rd.Estimate-z*rd.SE, rd.Estimate+z*rd.SE
	} else {
		rd.CILow, rd.CIHigh = math.NaN(), math.NaN()
		rd.Reason = "both arms' proportions are 0% or 100%: the Wald interval of the difference has no width"
	}
	u.RiskDifference = withTest(rd)

	// Ratio measures.
	if why := t.constant(); why != "" {
		nan := Measure{Estimate: math.NaN(), SE: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(),
			Reason: why + ": ratio measures are undefined"}
		u.RiskRatio, u.OddsRatio, u.CoxIndex = withTest(nan), withTest(nan), withTest(nan)
		return u, nil
	}
	corrected := a == 0 || b == 0 || c == 0 || d == 0
	if corrected {
		a, b, c, d = a+0.5, b+0.5, c+0.5, d+0.5
		n1, n0 = a+b, c+d
	}
	logRR := math.Log(a/n1) - math.Log(c/n0)
	seRR := math.Sqrt(1/a - 1/n1 + 1/c - 1/n0)
	u.RiskRatio = withTest(Measure{
		Estimate: math.Exp(logRR), SE: seRR,
		CILow: math.Exp(logRR - z*seRR), CIHigh: math.Exp(logRR + z*seRR),
		Corrected: corrected,
	})
	logOR := math.Log(a) + math.Log(d) - math.Log(b) - math.Log(c)
	seOR := math.Sqrt(1/a + 1/b + 1/c + 1/d)
	u.OddsRatio = withTest(Measure{
		Estimate: math.Exp(logOR), SE: seOR,
		CILow: math.Exp(logOR - z*seOR), CIHigh: math.Exp(logOR + z*seOR),
		Corrected: corrected,
	})
	u.CoxIndex = withTest(Measure{
		Estimate: logOR / coxScale, SE: seOR / coxScale,
		CILow: (logOR - z*seOR) / coxScale, CIHigh: (logOR + z*seOR) / coxScale,
		Corrected: corrected,
	})
	return u, nil
}
