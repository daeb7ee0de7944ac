package meta

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The goldens come from fixtures/meta/golden.R: metafor 3.8-1 and metadat
// 1.2-0 on R 4.2.2 (see fixtures/meta/README.md).
const fixtures = "../../fixtures/meta"

// goldenSets are the data sets of golden.R with their moderator columns.
var goldenSets = []struct {
	name, factor, numeric string
}{
	{"crede2010", "class", "year"},
	{"cohen1981", "randomised", ""},
	{"cohen1981_k2", "", ""},
	{"cohen1981_k3", "", ""},
	{"molloy2014", "controls", "meanage"},
	{"mcdaniel1994", "type", ""},
	{"lehmann2018", "preregistered", "year"},
	{"bornmann2007_or", "type", ""},
	{"bornmann2007_rd", "type", ""},
	{"zerocells_or", "", ""},
	{"zerocells_rd", "", ""},
	{"halving", "", ""},
	{"nonconvergence", "", ""},
}

// table is a data CSV of golden.R: its columns by name.
type table struct {
	text map[string][]string
}

func (t table) num(tb testing.TB, col string) []float64 {
	s, ok := t.text[col]
	if !ok {
		tb.Fatalf("no column %q", col)
	}
	out := make([]float64, len(s))
	for i, v := range s {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			tb.Fatalf("column %q row %d: %v", col, i+2, err)
		}
		out[i] = x
	}
	return out
}

func (t table) ints(tb testing.TB, col string) []int {
	f := t.num(tb, col)
	out := make([]int, len(f))
	for i, x := range f {
		out[i] = int(x)
	}
	return out
}

func readTable(tb testing.TB, name string) table {
	f, err := os.Open(filepath.Join(fixtures, name+".csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	t := table{text: map[string][]string{}}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			t.text[h] = append(t.text[h], r[j])
		}
	}
	return t
}

// golden is one value of golden.csv.
type golden struct {
	set, fit, quantity string
	index              int // 1-based study index; 0 when none
	want               float64
	line               int
}

func readGolden(tb testing.TB) []golden {
	f, err := os.Open(filepath.Join(fixtures, "golden.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []golden
	for n, r := range recs[1:] {
		g := golden{set: r[0], fit: r[1], quantity: r[2], line: n + 2}
		if r[3] != "" {
			g.index, err = strconv.Atoi(r[3])
			if err != nil {
				tb.Fatalf("golden.csv:%d: %v", n+2, err)
			}
		}
		if r[4] == "NA" {
			g.want = math.NaN()
		} else if g.want, err = strconv.ParseFloat(r[4], 64); err != nil {
			tb.Fatalf("golden.csv:%d: %v", n+2, err)
		}
		out = append(out, g)
	}
	return out
}

var methodCode = map[Method]float64{FE: 1, DL: 2, REML: 3, PM: 4}

// resultValue is the number of r that golden quantity q names.
func resultValue(r Result, q string, index int) (float64, bool) {
	switch q {
	case "k":
		return float64(r.K), true
	case "method_used":
		return methodCode[r.Method], true
	case "estimate":
		return r.Estimate, true
	case "se":
		return r.SE, true
	case "stat":
		return r.Statistic, true
	case "pval":
		return r.PValue, true
	case "ci_low":
		return r.CILow, true
	case "ci_high":
		return r.CIHigh, true
	case "df":
		return r.DF, true
	case "tau2":
		return r.Tau2, true
	case "i2":
		return r.I2, true
	case "h2":
		return r.H2, true
	case "q":
		return r.Q, true
	case "q_df":
		return r.QDF, true
	case "q_pval":
		return r.QPValue, true
	case "s2w":
		return r.S2W, true
	case "pi_low":
		return r.PILow, true
	case "pi_high":
		return r.PIHigh, true
	case "weight":
		return r.Weights[index-1], true
	case "tau2_ci_low":
		return r.Tau2CILow, true
	case "tau2_ci_high":
		return r.Tau2CIHigh, true
	case "i2_ci_low":
		return r.I2CILow, true
	case "i2_ci_high":
		return r.I2CIHigh, true
	case "h2_ci_low":
		return r.H2CILow, true
	case "h2_ci_high":
		return r.H2CIHigh, true
	}
	return 0, false
}

func regressionValue(r Regression, q string, index int) (float64, bool) {
	var c Coefficient
	if index > 0 {
		c = r.Coefficients[index-1]
	}
	switch q {
	case "qm":
		return r.QM, true
	case "qm_df1":
		return r.QMDF1, true
	case "qm_df2":
		return r.QMDF2, true
	case "qm_pval":
		return r.QMPValue, true
	case "tau2":
		return r.Tau2, true
	case "q":
		return r.Q, true
	case "q_df":
		return r.QDF, true
	case "q_pval":
		return r.QPValue, true
	case "i2":
		return r.I2, true
	case "h2":
		return r.H2, true
	case "coef":
		return c.Estimate, true
	case "coef_se":
		return c.SE, true
	case "coef_stat":
		return c.Statistic, true
	case "coef_pval":
		return c.PValue, true
	case "coef_ci_low":
		return c.CILow, true
	case "coef_ci_high":
		return c.CIHigh, true
	}
	return 0, false
}

func eggerValue(e EggerResult, q string) (float64, bool) {
	switch q {
	case "stat":
		return e.Statistic, true
	case "pval":
		return e.PValue, true
	case "df":
		return e.DF, true
	case "slope":
		return e.Slope, true
	case "slope_se":
		return e.SlopeSE, true
	case "limit":
		return e.Limit, true
	case "limit_ci_low":
		return e.LimitCILow, true
	case "limit_ci_high":
		return e.LimitCIHigh, true
	case "tau2":
		return e.Tau2, true
	}
	return 0, false
}

// tolerance is the test's bound on |got − want| / max(1, |want|): 1e-9 for
// the closed forms (FE, DL, escalc), 1e-8 for everything iterative (REML,
// PM, Knapp–Hartung on REML, Q-profile ends). Those follow metafor's
// algorithms step for step, so they agree far beyond the 1e-4 the
// project asks of iterative fits.
func tolerance(fit, quantity string) float64 {
	iterative := strings.Contains(fit, "reml") || strings.Contains(fit, "_pm") ||
		strings.Contains(fit, ":meta_pm") || fit == "meta_pm"
	if strings.Contains(quantity, "_ci_") && !strings.HasPrefix(quantity, "coef") && !strings.HasPrefix(quantity, "limit") {
		iterative = true // Q-profile
	}
	if iterative {
		return 1e-8
	}
	return 1e-9
}

// computed holds one set's fits, each made once.
type computed struct {
	t      table
	yi, vi []float64
	pools  map[string]Result
	loo    map[string][]Result
	egger  map[string]EggerResult
	regs   map[string]Regression
	subs   map[string]Result
	effect map[string][]Effect
}

func modelOf(tb testing.TB, s string) Model {
	m := Model(s)
	if !m.valid() {
		tb.Fatalf("unknown model %q", s)
	}
	return m
}

// value computes what golden g names.
func (c *computed) value(tb testing.TB, set struct{ name, factor, numeric string }, g golden) float64 {
	parts := strings.Split(g.fit, ":")
	must := func(v float64, ok bool) float64 {
		if !ok {
			tb.Fatalf("golden.csv:%d: unknown quantity %q for %q", g.line, g.quantity, g.fit)
		}
		return v
	}
	switch {
	case len(parts) == 1 && strings.HasPrefix(g.fit, "meta_"):
		r, ok := c.pools[g.fit]
		if !ok {
			var err error
			r, err = Pool(c.yi, c.vi, modelOf(tb, g.fit), Options{})
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			c.pools[g.fit] = r
		}
		return must(resultValue(r, g.quantity, g.index))
	case parts[0] == "maxiter5000":
		r, ok := c.pools[g.fit]
		if !ok {
			var err error
			r, err = Pool(c.yi, c.vi, modelOf(tb, parts[1]), Options{MaxIter: 5000})
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			c.pools[g.fit] = r
		}
		return must(resultValue(r, g.quantity, g.index))
	case parts[0] == "loo":
		rs, ok := c.loo[parts[1]]
		if !ok {
			var err error
			rs, err = LeaveOneOut(c.yi, c.vi, modelOf(tb, parts[1]), Options{})
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			c.loo[parts[1]] = rs
		}
		return must(resultValue(rs[g.index-1], g.quantity, 0))
	case parts[0] == "egger":
		e, ok := c.egger[parts[1]]
		if !ok {
			var err error
			e, err = Egger(c.yi, c.vi, modelOf(tb, parts[1]), Options{})
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			c.egger[parts[1]] = e
		}
		return must(eggerValue(e, g.quantity))
	case parts[0] == "factor" || parts[0] == "slope":
		r, ok := c.regs[g.fit]
		if !ok {
			var err error
			if parts[0] == "factor" {
				r, err = FactorTest(c.yi, c.vi, c.t.text[set.factor], modelOf(tb, parts[1]), Options{})
			} else {
				r, err = Slope(c.yi, c.vi, c.t.num(tb, set.numeric), set.numeric, modelOf(tb, parts[1]), Options{})
			}
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			c.regs[g.fit] = r
		}
		return must(regressionValue(r, g.quantity, g.index))
	case parts[0] == "subgroup":
		key := parts[1] + ":" + parts[2]
		r, ok := c.subs[key]
		if !ok {
			sg, err := Subgroups(c.yi, c.vi, c.t.text[set.factor], modelOf(tb, parts[2]), Options{})
			if err != nil {
				tb.Fatalf("%s %s: %v", set.name, g.fit, err)
			}
			for _, s := range sg {
				c.subs[s.Level+":"+parts[2]] = s.Result
			}
			if r, ok = c.subs[key]; !ok {
				tb.Fatalf("%s: no subgroup %q", set.name, parts[1])
			}
		}
		return must(resultValue(r, g.quantity, g.index))
	case strings.HasPrefix(g.fit, "escalc_") || g.fit == "eef_g":
		es, ok := c.effect[g.fit]
		if !ok {
			es = c.effects(tb, g.fit)
			c.effect[g.fit] = es
		}
		e := es[g.index-1]
		switch g.quantity {
		case "yi":
			return e.Yi
		case "vi":
			return e.Vi
		}
	}
	tb.Fatalf("golden.csv:%d: unknown fit %q", g.line, g.fit)
	return 0
}

func (c *computed) effects(tb testing.TB, fit string) []Effect {
	var out []Effect
	switch fit {
	case "escalc_smd", "eef_g":
		corr := JExact
		if fit == "eef_g" {
			corr = JApprox
		}
		nt, nc := c.t.ints(tb, "n_t"), c.t.ints(tb, "n_c")
		mt, mc := c.t.num(tb, "mean_t"), c.t.num(tb, "mean_c")
		st, sc := c.t.num(tb, "sd_t"), c.t.num(tb, "sd_c")
		for i := range nt {
			e, err := SMD(Arms{NT: nt[i], MeanT: mt[i], SDT: st[i], NC: nc[i], MeanC: mc[i], SDC: sc[i]}, corr)
			if err != nil {
				tb.Fatalf("%s row %d: %v", fit, i+1, err)
			}
			out = append(out, e)
		}
	case "escalc_or", "escalc_rd":
		et, nt := c.t.ints(tb, "events_t"), c.t.ints(tb, "n_t")
		ec, nc := c.t.ints(tb, "events_c"), c.t.ints(tb, "n_c")
		for i := range et {
			cnt := Counts{EventsT: et[i], NT: nt[i], EventsC: ec[i], NC: nc[i]}
			var e Effect
			var err error
			if fit == "escalc_or" {
				e, err = LogOddsRatio(cnt)
			} else {
				e, err = RiskDifference(cnt)
			}
			if err != nil {
				tb.Fatalf("%s row %d: %v", fit, i+1, err)
			}
			out = append(out, e)
		}
	default:
		tb.Fatalf("unknown effect size %q", fit)
	}
	return out
}

// TestGolden compares every value of fixtures/meta/golden.csv. With -v it
// logs the worst |Δ| per data set and quantity, over all the set's fits.
func TestGolden(t *testing.T) {
	gs := readGolden(t)
	bySet := map[string][]golden{}
	for _, g := range gs {
		bySet[g.set] = append(bySet[g.set], g)
	}
	if len(bySet) != len(goldenSets) {
		t.Errorf("golden.csv has %d sets, the test knows %d", len(bySet), len(goldenSets))
	}
	for _, set := range goldenSets {
		t.Run(set.name, func(t *testing.T) {
			tab := readTable(t, set.name)
			c := &computed{t: tab, yi: tab.num(t, "yi"), vi: tab.num(t, "vi"),
				pools: map[string]Result{}, loo: map[string][]Result{}, egger: map[string]EggerResult{},
				regs: map[string]Regression{}, subs: map[string]Result{}, effect: map[string][]Effect{}}
			worst := map[string]float64{}
			for _, g := range bySet[set.name] {
				got := c.value(t, set, g)
				if math.IsNaN(g.want) {
					if !math.IsNaN(got) {
						t.Errorf("golden.csv:%d %s %s[%d]: got %v, want NaN (R: NA)", g.line, g.fit, g.quantity, g.index, got)
					}
					continue
				}
				d := math.Abs(got - g.want)
				if math.IsNaN(got) {
					d = math.Inf(1)
				}
				key := g.quantity
				if strings.HasPrefix(g.fit, "maxiter5000:") {
					key = "maxiter5000 " + key
				}
				if d > worst[key] {
					worst[key] = d
				}
				scale := math.Max(1, math.Abs(g.want))
				if strings.HasPrefix(g.fit, "maxiter5000:") {
					// Fisher scoring on this set circles an unstable fixed
					// point (a chaotic map: it reaches τ² = 0, is halved back,
					// and escapes again) until it happens to land within the
					// 1e-5 threshold, after 538 iterations in both metafor
					// and here. Where it lands depends on the last bit of
					// rounding: τ² agrees to 4.4e-6, within that threshold.
					// Compared at the project's 1e-4 for iterative fits,
					// percentages (I², weights) as proportions.
					if g.quantity == "i2" || g.quantity == "weight" {
						scale = 100
					}
					if d > 1e-4*scale {
						t.Errorf("golden.csv:%d %s %s[%d]: got %.15g, want %.15g (|Δ| %.2g)", g.line, g.fit, g.quantity, g.index, got, g.want, d)
					}
					continue
				}
				if d > tolerance(g.fit, g.quantity)*scale {
					t.Errorf("golden.csv:%d %s %s[%d]: got %.15g, want %.15g (|Δ| %.2g)", g.line, g.fit, g.quantity, g.index, got, g.want, d)
				}
			}
			if testing.Verbose() {
				keys := make([]string, 0, len(worst))
				for k := range worst {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				var b strings.Builder
				for i, k := range keys {
					if i%4 == 0 {
						b.WriteString("\n ")
					}
					fmt.Fprintf(&b, " %-16s %-8.2g", k, worst[k])
				}
				t.Logf("worst |Δ| against metafor, all fits:%s", b.String())
			}
		})
	}
}
