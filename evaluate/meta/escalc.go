package meta

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Effect is one study's effect size and its sampling variance, the inputs
// of Pool.
type Effect struct {
	Yi, Vi float64
	// Adjusted is true when 1/2 was added to every cell of a 2×2 table
	// because one of its cells was 0.
	Adjusted bool
	// Note says why Yi or Vi is NaN, or what the reader should know
	// about how they were found.
	Note string
}

// Correction is the small-sample factor J of Hedges' g.
type Correction int

const (
	// JApprox is J = 1 − 3/(4N − 9), the form of the EEF, the WWC and
	// `whatworks effect` (docs/methods.md §2): the pool command's default,
	// so that a study's g is the one its own report gives.
	JApprox Correction = iota
	// JExact is Hedges' exact Γ(m/2) / (sqrt(m/2) Γ((m − 1)/2)), m = N − 2,
	// as metafor's escalc(measure = "SMD").
	JExact
)

// Arms are the per-arm summaries of a two-group study: numbers of pupils,
// means and standard deviations (n − 1 denominator) of the intervention
// (T) and comparison (C) groups.
type Arms struct {
	NT         int
	MeanT, SDT float64
	NC         int
	MeanC, SDC float64
}

// SMD is Hedges' g of T over C and its large-sample variance (Hedges &
// Olkin 1985), as escalc(measure = "SMD", vtype = "LS"):
//
//	s_p = sqrt(((n_T − 1)s_T² + (n_C − 1)s_C²) / (N − 2)),  N = n_T + n_C
//	g   = J · (mean_T − mean_C) / s_p
//	v   = 1/n_T + 1/n_C + g²/(2N)
//
// with J from c. With JExact this is metafor's escalc exactly; with
// JApprox it is the g and SE² of `whatworks effect`. The two g's differ by
// the ratio of the J's (0.01% at N = 20). g is NaN, with a Note, when N is
// too small for J (N < 4 exact, N < 3 approximate) or s_p is 0.
func SMD(a Arms, c Correction) (Effect, error) {
	if a.NT < 1 || a.NC < 1 {
		return Effect{}, fmt.Errorf("group sizes %d and %d: each group needs at least 1 pupil", a.NT, a.NC)
	}
	for _, x := range []struct {
		name string
		v    float64
	}{{"intervention mean", a.MeanT}, {"comparison mean", a.MeanC}} {
		if math.IsNaN(x.v) || math.IsInf(x.v, 0) {
			return Effect{}, fmt.Errorf("%s %v is not a finite number", x.name, x.v)
		}
	}
	for _, x := range []struct {
		name string
		v    float64
	}{{"intervention SD", a.SDT}, {"comparison SD", a.SDC}} {
		if !(x.v >= 0) || math.IsInf(x.v, 0) {
			return Effect{}, fmt.Errorf("%s %v is not a number of 0 or more", x.name, x.v)
		}
	}
	if c != JApprox && c != JExact {
		return Effect{}, fmt.Errorf("unknown small-sample correction %d", c)
	}
	nt, nc := float64(a.NT), float64(a.NC)
	n := nt + nc
	m := n - 2
	nan := Effect{Yi: math.NaN(), Vi: math.NaN()}
	j := math.NaN()
	switch c {
	case JApprox:
		if m > 0.25 {
			j = 1 - 3/(4*m-1)
		}
	case JExact:
		if m > 1 {
			lg1, _ := math.Lgamma(m / 2)
			lg2, _ := math.Lgamma((m - 1) / 2)
			j = math.Exp(lg1 - math.Log(math.Sqrt(m/2)) - lg2)
		}
	}
	if math.IsNaN(j) {
		nan.Note = fmt.Sprintf("%d pupils in all are too few for Hedges' small-sample correction", a.NT+a.NC)
		return nan, nil
	}
	sp := math.Sqrt(((nt-1)*a.SDT*a.SDT + (nc-1)*a.SDC*a.SDC) / m)
	if !(sp > 0) {
		nan.Note = "the pooled standard deviation is 0: the effect size is undefined"
		return nan, nil
	}
	g := j * (a.MeanT - a.MeanC) / sp
	return Effect{Yi: g, Vi: 1/nt + 1/nc + g*g/(2*n)}, nil
}

// Counts are a two-group study's binary outcome: pupils with the event and
// pupils in each group.
type Counts struct {
	EventsT, NT, EventsC, NC int
}

// cells returns the 2×2 table a, b, c, d (events and non-events of T,
// then of C), with 1/2 added to every cell when any cell is 0: metafor's
// escalc default (add = 1/2, to = "only0"), which also applies it to a
// study with no events (or only events) in both groups.
func (c Counts) cells() (a, b, cc, d float64, adjusted bool, err error) {
	if c.NT < 1 || c.NC < 1 {
		return 0, 0, 0, 0, false, fmt.Errorf("group sizes %d and %d: each group needs at least 1 pupil", c.NT, c.NC)
	}
	if c.EventsT < 0 || c.EventsT > c.NT {
		return 0, 0, 0, 0, false, fmt.Errorf("intervention events %d are not between 0 and the group size %d", c.EventsT, c.NT)
	}
	if c.EventsC < 0 || c.EventsC > c.NC {
		return 0, 0, 0, 0, false, fmt.Errorf("comparison events %d are not between 0 and the group size %d", c.EventsC, c.NC)
	}
	a, b = float64(c.EventsT), float64(c.NT-c.EventsT)
	cc, d = float64(c.EventsC), float64(c.NC-c.EventsC)
	if a == 0 || b == 0 || cc == 0 || d == 0 {
		return a + 0.5, b + 0.5, cc + 0.5, d + 0.5, true, nil
	}
	return a, b, cc, d, false, nil
}

const halfNote = "a cell of the 2×2 table is 0, so 1/2 was added to each of its four cells"

// LogOddsRatio is the log odds ratio of T over C and its variance (Woolf
// 1955), as escalc(measure = "OR"):
//
//	p_T = a/(a + b),  p_C = c/(c + d)
//	y   = log(p_T/(1 − p_T)) − log(p_C/(1 − p_C))
//	v   = 1/a + 1/b + 1/c + 1/d
//
// after adding 1/2 to every cell of a table with a zero cell.
func LogOddsRatio(c Counts) (Effect, error) {
	a, b, cc, d, adj, err := c.cells()
	if err != nil {
		return Effect{}, err
	}
	p1, p2 := a/(a+b), cc/(cc+d)
	e := Effect{Yi: math.Log(p1/(1-p1)) - math.Log(p2/(1-p2)), Vi: 1/a + 1/b + 1/cc + 1/d, Adjusted: adj}
	if adj {
		e.Note = halfNote
	}
	return e, nil
}

// RiskDifference is the difference in proportions p_T − p_C and its
// variance, as escalc(measure = "RD", vtype = "LS"):
//
//	v = p_T(1 − p_T)/n_T + p_C(1 − p_C)/n_C
//
// with metafor's default of adding 1/2 to every cell of a table with a
// zero cell (so n_T and n_C grow by 1).
func RiskDifference(c Counts) (Effect, error) {
	a, b, cc, d, adj, err := c.cells()
	if err != nil {
		return Effect{}, err
	}
	n1, n2 := a+b, cc+d
	p1, p2 := a/n1, cc/n2
	e := Effect{Yi: p1 - p2, Vi: p1*(1-p1)/n1 + p2*(1-p2)/n2, Adjusted: adj}
	if adj {
		e.Note = halfNote
	}
	return e, nil
}

// FromSE is an effect size given with its standard error: v = se².
func FromSE(yi, se float64) (Effect, error) {
	if math.IsNaN(yi) || math.IsInf(yi, 0) {
		return Effect{}, fmt.Errorf("effect size %v is not a finite number", yi)
	}
	if !(se > 0) || math.IsInf(se, 0) {
		return Effect{}, fmt.Errorf("standard error %v is not a positive number", se)
	}
	return Effect{Yi: yi, Vi: se * se}, nil
}

// FromCI is an effect size given with a symmetric (Wald) confidence
// interval [lo, hi] at level (0 means 0.95):
//
//	se = (hi − lo) / (2 z_{1−α/2}),  v = se²
//
// z is the exact normal quantile (1.959964 at 95%), so an interval
// whatworks printed gives back its SE; the rounded 1.96 would give an SE
// smaller by 0.002%. The estimate must lie inside the interval; when it is
// far from the middle (the ends more than 10% of the width from
// symmetric), Note says so: such an interval is usually on another scale
// (an odds ratio's, say) and should be given as logs.
func FromCI(yi, lo, hi, level float64) (Effect, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return Effect{}, fmt.Errorf("confidence level %v is not between 0 and 1", level)
	}
	for _, x := range []float64{yi, lo, hi} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return Effect{}, fmt.Errorf("interval (%v, %v) around %v: not all finite numbers", lo, hi, yi)
		}
	}
	if !(hi > lo) {
		return Effect{}, fmt.Errorf("interval (%v, %v): the upper end is not above the lower", lo, hi)
	}
	if yi < lo || yi > hi {
		return Effect{}, fmt.Errorf("effect size %v lies outside its interval (%v, %v)", yi, lo, hi)
	}
	se := (hi - lo) / (2 * distuv.UnitNormal.Quantile(1-(1-level)/2))
	e := Effect{Yi: yi, Vi: se * se}
	if math.Abs((hi-yi)-(yi-lo)) > 0.1*(hi-lo) {
		e.Note = fmt.Sprintf("the interval (%v, %v) is not symmetric about %v: if it is for a ratio, give the logarithms of the estimate and both ends", lo, hi, yi)
	}
	return e, nil
}
