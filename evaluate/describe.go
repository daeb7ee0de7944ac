package evaluate

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// Describe returns n, missing, mean, SD (n − 1), min and max of x over
// rows (NaN = missing). Mean and SD come from Summarise.
func Describe(x []float64, rows []int32) Descriptive {
	buf := make([]float64, 0, len(rows))
	d := Descriptive{Min: NaN, Max: NaN}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, i := range rows {
		v := x[i]
		if math.IsNaN(v) {
			d.Missing++
			continue
		}
		buf = append(buf, v)
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	s := sample.Of(buf)
	d.N, d.Mean, d.SD = s.N, Num(s.Mean), Num(s.SD)
	if s.N > 0 {
		d.Min, d.Max = Num(lo), Num(hi)
	}
	return d
}

// describe fills Report.Descriptives: for each outcome in design order,
// its pretest (time "pre") then the outcome (time "post"), for all pupils
// and each subgroup level, by arm ("intervention", "comparison"; "all" in
// pre-post designs). A pretest shared by several outcomes is described
// once.
func (r *runner) describe() {
	type variable struct {
		name, time string
		x          []float64
		outcomes   []string
	}
	var vars []*variable
	index := map[string]*variable{}
	add := func(name, time string, x []float64, outcome string) {
		key := time + "\x00" + name
		if v, ok := index[key]; ok {
			v.outcomes = append(v.outcomes, outcome)
			return
		}
		v := &variable{name, time, x, []string{outcome}}
		index[key] = v
		vars = append(vars, v)
	}
	for _, oc := range r.in.Outcomes {
		if oc.Pre != nil {
			add(oc.PreColumn, TimePre, oc.Pre, oc.Column)
		}
		add(oc.Column, TimePost, oc.Y, oc.Column)
	}
	for _, v := range vars {
		for _, g := range r.groups {
			for _, a := range g.split {
				d := Describe(v.x, a.rows)
				d.Variable, d.Subgroup, d.Arm, d.Time = v.name, g.name, a.name, v.time
				d.Outcomes = v.outcomes
				d.CILow, d.CIHigh = meanCI(d, r.o.Confidence)
				r.rep.Descriptives = append(r.rep.Descriptives, d)
			}
		}
	}
}

// meanCI is the t interval of a described mean, mean ± t_{n−1} SD/√n at
// level conf; NaN when n < 2 or the SD is undefined.
func meanCI(d Descriptive, conf float64) (lo, hi Num) {
	m, sd := float64(d.Mean), float64(d.SD)
	if d.N < 2 || math.IsNaN(sd) || !ttest.ValidLevel(conf) {
		return NaN, NaN
	}
	half := ttest.TCrit(conf, float64(d.N-1)) * sd / math.Sqrt(float64(d.N))
	return Num(m - half), Num(m + half)
}

type armRows struct {
	name string
	rows []int32
}

// arms splits rows by arm: intervention then comparison, or "all" in a
// pre-post design.
func (r *runner) arms(rows []int32) []armRows {
	if !r.twoArm() {
		return []armRows{{ArmAll, rows}}
	}
	nt, nc := 0, 0
	for _, i := range rows {
		switch r.in.Arm[i] {
		case Treated:
			nt++
		case Comparison:
			nc++
		}
	}
	t := make([]int32, 0, nt)
	c := make([]int32, 0, nc)
	for _, i := range rows {
		switch r.in.Arm[i] {
		case Treated:
			t = append(t, i)
		case Comparison:
			c = append(c, i)
		}
	}
	return []armRows{{ArmIntervention, t}, {ArmComparison, c}}
}

// BalanceNum compares the arms on a numeric baseline variable over rows:
// means and SDs by arm, SMD = Hedges' g (pooled SD, J = 1 − 3/(4N − 9)),
// variance ratio s_t²/s_c² and the WWC class of the SMD.
// WWC Procedures Handbook v4.1, Appendix E; docs/methods.md §10.
//
// A number undefined for the sample (g with fewer than 2 pupils in an arm
// or no spread, the ratio with a comparison SD of 0) is NaN, never
// infinite.
func BalanceNum(name string, x []float64, arm []int8, rows []int32) Balance {
	t, c := armSummaries(x, arm, rows)
	g := hedgesG(t, c)
	return Balance{
		Variable: name, Sample: "analysed",
		MeanT: Num(t.Mean), MeanC: Num(c.Mean), SDT: Num(t.SD), SDC: Num(c.SD),
		SMD: Num(g), VarRatio: Num(varRatio(t.SD, c.SD)), WWC: rating.WWCClass(g),
	}
}

// varRatio is s_t²/s_c², NaN when s_c is 0 or either is not a number.
func varRatio(st, sc float64) float64 {
	v := st * st / (sc * sc)
	if !finite(v) {
		return math.NaN()
	}
	return v
}

// BalanceFactor compares the arms on each level of a categorical baseline
// variable: the level's proportion in each arm (means of its indicator,
// with their SDs) and, as SMD, the WWC Cox index
//
//	d_Cox = ln(p_t (1 − p_c) / (p_c (1 − p_t))) / 1.65
//
// which the WWC uses for dichotomous baseline measures (docs/methods.md §10);
// undefined (NaN, JSON null) when a proportion is 0 or 1, where the level
// is in one arm only and WWC is "fails". VarRatio is the ratio of the
// indicator's variances (NaN when the comparison's is 0).
func BalanceFactor(f *Factor, arm []int8, rows []int32) []Balance {
	out := make([]Balance, 0, len(f.Levels))
	// Counts of each level by arm; the indicator's mean is k/n and its
	// SD (n − 1 denominator) sqrt(k (n − k) / (n (n − 1))).
	kt := make([]float64, len(f.Levels))
	kc := make([]float64, len(f.Levels))
	var nt, nc float64
	for _, i := range rows {
		c := f.Codes[i]
		if c < 0 {
			continue
		}
		switch arm[i] {
		case Treated:
			kt[c]++
			nt++
		case Comparison:
			kc[c]++
			nc++
		}
	}
	prop := func(k, n float64) Summary {
		s := Summary{N: int(n), Mean: math.NaN(), SD: math.NaN()}
		if n > 0 {
			s.Mean = k / n
		}
		if n > 1 {
			s.SD = math.Sqrt(k * (n - k) / (n * (n - 1)))
		}
		return s
	}
	for l, level := range f.Levels {
		t, c := prop(kt[l], nt), prop(kc[l], nc)
		cox := math.Log(t.Mean*(1-c.Mean)/(c.Mean*(1-t.Mean))) / 1.65
		b := Balance{
			Variable: f.Name, Level: level, Sample: "analysed",
			MeanT: Num(t.Mean), MeanC: Num(c.Mean), SDT: Num(t.SD), SDC: Num(c.SD),
			SMD: Num(cox), VarRatio: Num(varRatio(t.SD, c.SD)), WWC: rating.WWCClass(cox),
		}
		if math.IsInf(cox, 0) {
			b.SMD, b.WWC = NaN, rating.WWCFails
		}
		out = append(out, b)
	}
	return out
}

// balance fills Report.Balance for one outcome's analysed sample (the
// ANCOVA's pupils, or those with an outcome) and adds the WWC
// baseline-equivalence caveat for the pretest.
func (r *runner) balance(oc *Outcome, rows []int32) {
	if oc.Pre != nil {
		b := BalanceNum(oc.PreColumn, oc.Pre, r.in.Arm, rows)
		b.Outcome = oc.Column
		r.rep.Balance = append(r.rep.Balance, b)
		// A matched design is judged on its balance after matching
		// (matchedBaseline), not on the pool it was drawn from.
		wwc := b.WWC
		if r.in.Design == DesignMatched {
			wwc = ""
		}
		switch wwc {
		case rating.WWCFails:
			r.caveat("%s: the groups were already far apart before the programme on %s (standardised difference %s, "+
				"more than the 0.25 the What Works Clearinghouse allows), so even the adjusted results may be biased",
				oc.Name(), oc.PreColumn, smdWords(float64(b.SMD)))
		case rating.WWCAdjust:
			adjusted := "the adjusted (ANCOVA) results"
			if r.in.Cluster != nil {
				// Pupils in clusters: the headline is the multilevel model,
				// adjusted for the pretest too.
				adjusted = "the adjusted (multilevel) results"
			}
			switch oc.Type {
			case TypeBinary:
				adjusted = "the adjusted (logistic regression) results"
			case TypeOrdinal:
				adjusted = "the results adjusted for it"
			}
			r.caveat("%s: the groups were a little apart before the programme on %s (standardised difference %s, "+
				"between 0.05 and 0.25): the What Works Clearinghouse accepts such a comparison only when it is adjusted "+
				"for the pre-test, so rely on %s", oc.Name(), oc.PreColumn, smdWords(float64(b.SMD)), adjusted)
		}
	}
	// Covariates far apart at baseline (beyond the WWC's 0.25) get a
	// caveat, in check and analyse alike; a matched design is judged on
	// its balance after matching instead.
	far := func(b Balance) bool { return r.in.Design != DesignMatched && b.WWC == rating.WWCFails }
	for k := range r.in.Covariates {
		c := &r.in.Covariates[k]
		if c.Factor != nil {
			// One caveat a covariate, however many of its values are far
			// apart (a covariate of 30 values gave 30 caveats).
			var levels []string
			for _, b := range BalanceFactor(c.Factor, r.in.Arm, rows) {
				b.Outcome = oc.Column
				r.rep.Balance = append(r.rep.Balance, b)
				if far(b) {
					levels = append(levels, fmt.Sprintf("%s (%.0f%% and %.0f%%)", b.Level, 100*float64(b.MeanT), 100*float64(b.MeanC)))
				}
			}
			if len(levels) > 0 {
				r.caveat("%s: the groups differed at baseline in the %s of pupils with %s = %s: "+
					"the adjusted results take it into account, but groups this far apart may differ in other ways too",
					oc.Name(), plural(len(levels), "share", "shares"), c.Factor.Name, farLevels(levels))
			}
			continue
		}
		b := BalanceNum(c.Name, c.Num, r.in.Arm, rows)
		b.Outcome = oc.Column
		r.rep.Balance = append(r.rep.Balance, b)
		if far(b) {
			r.caveat("%s: the groups differed at baseline on %s (standardised difference %s, more than the 0.25 the What Works "+
				"Clearinghouse allows): the adjusted results take it into account, but groups this far apart may differ in other ways too",
				oc.Name(), b.Variable, smdWords(float64(b.SMD)))
		}
	}
}

// farLevels lists the values of a covariate far apart at baseline, each
// with its shares: "A (1% and 9%)", "A (…) and B (…)", "A (…), B (…) and
// C (…)"; past maxFarLevels, the first of them and how many others.
func farLevels(levels []string) string {
	const maxFarLevels = 4
	switch n := len(levels); {
	case n == 1:
		return levels[0]
	case n <= maxFarLevels:
		return strings.Join(levels[:n-1], ", ") + " and " + levels[n-1]
	default:
		return strings.Join(levels[:maxFarLevels], ", ") + fmt.Sprintf(" and %d other values", n-maxFarLevels)
	}
}

// smdWords is a standardised difference beside the WWC's thresholds 0.05
// and 0.25: two decimals, or three when two would round it onto a
// threshold ("-0.050", not "-0.05" for -0.0503, which is past 0.05).
func smdWords(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	switch strings.TrimPrefix(s, "-") {
	case "0.05", "0.25":
		return fmt.Sprintf("%.3f", x)
	}
	return s
}
