package match

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// balanceColumn is one variable of the balance table: a numeric covariate,
// one level (as a 0/1 indicator) of a categorical covariate, or the
// propensity score.
type balanceColumn struct {
	variable, level string
	x               func(row int) float64
}

func balanceColumns(covs []data.Variable, rows []int, ps []float64, withPS bool) []balanceColumn {
	var cols []balanceColumn
	if withPS {
		cols = append(cols, balanceColumn{variable: "propensity_score", x: func(r int) float64 { return ps[r] }})
	}
	for _, v := range covs {
		v := v
		if v.Factor == nil {
			cols = append(cols, balanceColumn{variable: v.Name, x: func(r int) float64 { return v.Num[r] }})
			continue
		}
		seen := make([]bool, len(v.Factor.Levels))
		for _, r := range rows {
			seen[v.Factor.Codes[r]] = true
		}
		for l, ok := range seen {
			if !ok {
				continue
			}
			code := int32(l)
			cols = append(cols, balanceColumn{variable: v.Name, level: v.Factor.Levels[l], x: func(r int) float64 {
				if v.Factor.Codes[r] == code {
					return 1
				}
				return 0
			}})
		}
	}
	return cols
}

// matchBalance is MatchIt's summary.matchit (standardize = TRUE, ATT) for
// every covariate, before matching (weights 1) and after (the matching
// weights): for each variable
//
//	mean_t, mean_c   weighted means by arm
//	SMD = (mean_t − mean_c) / s,  s = SD of the pupils who took part before matching
//	      (n − 1 denominator; sqrt(p(1 − p)) for a 0/1 variable)
//	VR  = var_t / var_c (weighted, Σw(x − m)²/(1 − Σw²) with w normalised; NaN for 0/1 variables)
//
// The same s divides the SMD before and after matching, so the two are
// comparable. As MatchIt's bal1var: when |mean_t − mean_c| <= sqrt(ε) the
// SMD is the raw difference; when s is 0 the pooled SD is used instead.
// Categorical covariates get one row per level (every level, as MatchIt
// and cobalt). The propensity score comes first (MatchIt's "distance").
func matchBalance(covs []data.Variable, rows []int, arm []int8, ps, w []float64, withPS bool) []Balance {
	cols := balanceColumns(covs, rows, ps, withPS)
	var before, after []Balance
	var xt, xc, wt, wc, ones []float64
	for _, col := range cols {
		xt, xc, wt, wc = xt[:0], xc[:0], wt[:0], wc[:0]
		binary := true
		for _, r := range rows {
			x := col.x(r)
			if x != 0 && x != 1 {
				binary = false
			}
			if arm[r] == data.Treated {
				xt = append(xt, x)
				wt = append(wt, w[r])
			} else {
				xc = append(xc, x)
				wc = append(wc, w[r])
			}
		}
		if len(ones) < max(len(xt), len(xc)) {
			ones = make([]float64, max(len(xt), len(xc)))
			for i := range ones {
				ones[i] = 1
			}
		}
		sd := math.Sqrt(wvarMatchIt(xt, ones[:len(xt)], binary))
		if !(sd >= math.Sqrt(2.220446049250313e-16)) {
			sd = pooledSDMatchIt(xt, xc, binary)
		}
		before = append(before, balanceRow(col, "before_matching", xt, xc, ones[:len(xt)], ones[:len(xc)], sd, binary))
		after = append(after, balanceRow(col, "after_matching", xt, xc, wt, wc, sd, binary))
	}
	return append(before, after...)
}

func balanceRow(col balanceColumn, sample string, xt, xc, wt, wc []float64, sd float64, binary bool) Balance {
	mt, mc := wmean(xt, wt), wmean(xc, wc)
	vt, vc := wvarMatchIt(xt, wt, binary), wvarMatchIt(xc, wc, binary)
	diff := mt - mc
	smd := math.NaN() // undefined when neither arm varies (screen refuses that)
	if sd > 0 {
		smd = diff / sd
	}
	if math.Abs(diff) <= math.Sqrt(2.220446049250313e-16) {
		smd = diff
	}
	vr := math.NaN()
	if !binary && vc > 0 {
		vr = vt / vc // undefined (not infinite) when the comparison pupils do not vary
	}
	return Balance{
		Variable: col.variable,
		Level:    col.level,
		Sample:   sample,
		MeanT:    data.Num(mt),
		MeanC:    data.Num(mc),
		SDT:      data.Num(math.Sqrt(vt)),
		SDC:      data.Num(math.Sqrt(vc)),
		SMD:      data.Num(smd),
		VarRatio: data.Num(vr),
		WWC:      rating.WWCClass(smd),
	}
}

func wmean(x, w []float64) float64 {
	var s, sw float64
	for i, v := range x {
		s += w[i] * v
		sw += w[i]
	}
	return s / sw
}

// wvarMatchIt is MatchIt's wvar: with w normalised to sum 1 and m = Σ w x,
// m(1 − m) for a 0/1 variable, else Σ w (x − m)² / (1 − Σ w²).
func wvarMatchIt(x, w []float64, binary bool) float64 {
	var sw float64
	for _, v := range w {
		sw += v
	}
	var m, sw2 float64
	for i, v := range x {
		m += w[i] / sw * v
		sw2 += (w[i] / sw) * (w[i] / sw)
	}
	if binary {
		return m * (1 - m)
	}
	var ss float64
	for i, v := range x {
		ss += w[i] / sw * (v - m) * (v - m)
	}
	return ss / (1 - sw2)
}

// pooledSDMatchIt is MatchIt's pooled_sd (unweighted, "proportional"):
// for a 0/1 variable sqrt(Σ_arms s_a (1 − s_a/n_a) / n) with s_a the arm's
// count of ones; otherwise sqrt(Σ (x − x̄_arm)² / (n − 2)).
func pooledSDMatchIt(xt, xc []float64, binary bool) float64 {
	n := float64(len(xt) + len(xc))
	var v float64
	for _, x := range [][]float64{xt, xc} {
		var s float64
		for _, e := range x {
			s += e
		}
		if binary {
			v += s * (1 - s/float64(len(x))) / n
			continue
		}
		m := s / float64(len(x))
		for _, e := range x {
			v += (e - m) * (e - m)
		}
	}
	if !binary {
		v /= n - 2
	}
	return math.Sqrt(v)
}

// Name is "variable" or "variable=level".
func (b Balance) Name() string {
	if b.Level != "" {
		return b.Variable + "=" + b.Level
	}
	return b.Variable
}

// noCaliperWarning says that no caliper was set, and what one would be on
// the scale the design's caliper_scale names: Austin's (2011) rule of 0.2
// SDs is for the logit of the propensity score, not for the probability
// (MatchIt's default scale, and whatworks').
func noCaliperWarning(scale string) string {
	s := "no caliper was set, so every pupil who took part gets the nearest comparison pupil however different they are; "
	if scale == "logit" {
		return s + "a caliper of 0.2 standard deviations of the logit of the propensity score (caliper: 0.2), Austin's (2011) rule, is the usual safeguard"
	}
	return s + "a caliper is the usual safeguard: caliper: 0.2 keeps pairs within 0.2 standard deviations of the propensity score " +
		"(on the probability scale, MatchIt's default; Austin's (2011) rule of 0.2 is for its logit: add caliper_scale: logit)"
}

// matchWarnings are the plain-English warnings of issue 5: small pool, no
// caliper, treated pupils outside common support, unmatched pupils, worse
// or remaining imbalance.
func matchWarnings(s resolved, rep *Report, rows []int, arm []int8, nT, nC int) []string {
	var w []string
	if !s.replace && nC < s.ratio*nT {
		w = append(w, fmt.Sprintf("the comparison pool (%d pupils) is smaller than the %d needed to give each of the %d pupils who took part %d match(es) without replacement: some pupils who took part will go unmatched, or allow replacement (replace: true)", nC, s.ratio*nT, nT, s.ratio))
	}
	if s.caliper == 0 && s.distance == "logit" {
		w = append(w, noCaliperWarning(s.caliperScale))
	}
	// Common support: treated propensity scores outside the comparison range.
	if rep.Model != nil {
		cmin, cmax := math.Inf(1), math.Inf(-1)
		for _, r := range rows {
			if arm[r] == data.Comparison {
				cmin, cmax = math.Min(cmin, rep.PS[r]), math.Max(cmax, rep.PS[r])
			}
		}
		var above, below int
		for _, r := range rows {
			if arm[r] == data.Treated {
				if rep.PS[r] > cmax {
					above++
				} else if rep.PS[r] < cmin {
					below++
				}
			}
		}
		if above+below > 0 {
			w = append(w, fmt.Sprintf("%d of the %d pupils who took part %s a propensity score outside the range of the comparison pool (%.3f to %.3f): %d above and %d below; no comparison pupil is really like them (lack of common support)", above+below, nT, plural(above+below, "has", "have"), cmin, cmax, above, below))
		}
	}
	if u := rep.Counts.Treated.Unmatched; u > 0 {
		w = append(w, fmt.Sprintf("%d of the %d pupils who took part found no comparison pupil (within the caliper or exact cell) and %s left out: the effect is then estimated for the matched pupils only, not for everyone who took part", u, nT, plural(u, "is", "are")))
	}
	var worse, remain []string
	n := len(rep.Balance) / 2
	// A two-level factor's levels have the same |SMD| (one indicator is 1
	// minus the other): name it once, by its second level.
	levels := map[string]int{}
	for _, b := range rep.Balance[:n] {
		if b.Level != "" {
			levels[b.Variable]++
		}
	}
	seen := map[string]bool{}
	for k := 0; k < n; k++ {
		b, a := rep.Balance[k], rep.Balance[n+k]
		if b.Variable == "propensity_score" {
			continue
		}
		if b.Level != "" && levels[b.Variable] == 2 && !seen[b.Variable] {
			seen[b.Variable] = true
			continue
		}
		sb, sa := math.Abs(float64(b.SMD)), math.Abs(float64(a.SMD))
		name := a.Name()
		if sa > sb+1e-12 && sa > 0.05 {
			worse = append(worse, fmt.Sprintf("%s (%.3f before, %.3f after)", name, sb, sa))
		}
		if sa > 0.1 || math.IsNaN(sa) {
			remain = append(remain, fmt.Sprintf("%s (%.3f)", name, sa))
		}
	}
	if len(worse) > 0 {
		w = append(w, "balance is worse after matching than before on: "+strings.Join(worse, "; "))
	}
	if len(remain) > 0 {
		w = append(w, "after matching the groups still differ by more than 0.1 standard deviations on: "+strings.Join(remain, "; ")+"; rely on the matched results adjusted for the covariates, or change the matching settings")
	}
	return w
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
