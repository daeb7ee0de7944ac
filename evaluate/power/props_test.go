package power

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestPowerAtMDES: the power to detect the MDES is the target power, plus
// the far tail of the two-sided test (tiny for any usable design).
func TestPowerAtMDES(t *testing.T) {
	for _, p := range []Plan{
		{Design: RCT, N: 60},
		{Design: Matched, N: 300, R2Pupil: 0.5, Covariates: 4, PTreated: 1.0 / 3},
		{Design: ClusterRCT, Clusters: 40, ClusterSize: 25, ICC: 0.15, R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1},
		{Design: PrePost, N: 45, R2Pupil: 0.5, Power: 0.9, Alpha: 0.1},
	} {
		m, err := MDES(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Power(p, m.MDES)
		if err != nil {
			t.Fatal(err)
		}
		if d := r.Power - m.Plan.Power; d < 0 || d > 1e-3 {
			t.Errorf("%s: power at the MDES %.6f = %.9f, target %g", p.Design, m.MDES, r.Power, m.Plan.Power)
		}
	}
}

// TestSampleSize_smallest: the size found reaches the target and one fewer
// does not.
func TestSampleSize_smallest(t *testing.T) {
	for _, c := range []struct {
		p      Plan
		effect float64
	}{
		{Plan{Design: RCT, R2Pupil: 0.5, Covariates: 2}, 0.25},
		{Plan{Design: TwoGroup, PTreated: 0.2}, 0.4},
		{Plan{Design: PrePost, R2Pupil: 0.36}, 0.3},
		{Plan{Design: ClusterRCT, Clusters: 50, ICC: 0.1, R2Pupil: 0.5, R2Cluster: 0.5}, 0.25},
	} {
		r, err := SampleSize(c.p, c.effect)
		if err != nil {
			t.Fatal(err)
		}
		if !(r.MDES <= c.effect) || !(r.Power >= r.Plan.Power) {
			t.Errorf("%s: at the size found MDES %.4f, power %.4f", c.p.Design, r.MDES, r.Power)
		}
		q := r.Plan
		if q.Design == ClusterRCT {
			q.ClusterSize--
			q.N = 0
		} else {
			q.N--
		}
		less, err := MDES(q)
		if err == nil && less.MDES <= c.effect {
			t.Errorf("%s: one fewer pupil (per cluster) still detects %.2f: MDES %.4f", c.p.Design, c.effect, less.MDES)
		}
	}
}

func TestClusters_smallest(t *testing.T) {
	p := Plan{Design: ClusterRCT, ClusterSize: 25, ICC: 0.15, R2Pupil: 0.5, R2Cluster: 0.5}
	r, err := Clusters(p, 0.28)
	if err != nil {
		t.Fatal(err)
	}
	q := r.Plan
	q.Clusters--
	q.N = 0
	less, _ := MDES(q)
	if !(r.MDES <= 0.28) || !(less.MDES > 0.28) {
		t.Errorf("J = %d: MDES %.4f; J − 1: %.4f", r.Clusters, r.MDES, less.MDES)
	}
	if r.N != float64(r.Clusters)*25 {
		t.Errorf("N = %g, want J × 25 = %d", r.N, r.Clusters*25)
	}
}

// TestMDES_properties: swapping the arms (P ↔ 1 − P) leaves the MDES
// alone; a cluster-rct with ICC 0 has the SE of J·n pupils assigned one
// by one; a pre-post r of 0.5 makes the MDES in SDs of the scores equal
// the MDES in SDs of the gains.
func TestMDES_properties(t *testing.T) {
	a, _ := MDES(Plan{Design: RCT, N: 200, PTreated: 0.3, R2Pupil: 0.4})
	b, _ := MDES(Plan{Design: RCT, N: 200, PTreated: 0.7, R2Pupil: 0.4})
	if math.Abs(a.MDES-b.MDES) > 1e-12 {
		t.Errorf("P = 0.3: %.12f, P = 0.7: %.12f", a.MDES, b.MDES)
	}
	c, _ := MDES(Plan{Design: ClusterRCT, Clusters: 20, ClusterSize: 10, R2Pupil: 0.3})
	i, _ := MDES(Plan{Design: RCT, N: 200, R2Pupil: 0.3})
	if math.Abs(c.SE-i.SE) > 1e-12 {
		t.Errorf("cluster SE with ICC 0 = %.12f, individual %.12f", c.SE, i.SE)
	}
	pp, _ := MDES(Plan{Design: PrePost, N: 80, R2Pupil: 0.25})
	if math.Abs(pp.MDES-pp.MDESGain) > 1e-12 {
		t.Errorf("r = 0.5: MDES %.12f, MDES of gains %.12f", pp.MDES, pp.MDESGain)
	}
	if !math.IsNaN(i.MDESGain) {
		t.Errorf("MDESGain of an rct = %g, want NaN", i.MDESGain)
	}
	// N with clusters sets the cluster size.
	d, err := MDES(Plan{Design: ClusterRCT, N: 1000, Clusters: 40, ICC: 0.15})
	if err != nil || d.ClusterSize != 25 {
		t.Errorf("cluster size = %g, %v; want 25", d.ClusterSize, err)
	}
}

// TestMultiplier: M at df = ∞ is the familiar 1.96 + 0.84 = 2.80 (Bloom
// 1995, Table 1: 2.80 for a two-tailed test at 0.05 with power 0.80).
func TestMultiplier(t *testing.T) {
	if m := Multiplier(1e12, 0.05, 0.8); math.Abs(m-2.8016) > 1e-4 {
		t.Errorf("M(∞) = %.6f, want 2.8016", m)
	}
	for _, c := range [][3]float64{{0, 0.05, 0.8}, {10, 0, 0.8}, {10, 0.05, 1}, {math.NaN(), 0.05, 0.8}} {
		if m := Multiplier(c[0], c[1], c[2]); !math.IsNaN(m) {
			t.Errorf("Multiplier%v = %g, want NaN", c, m)
		}
	}
}

func TestSubgroup(t *testing.T) {
	p := Plan{Design: RCT, N: 200}
	all, _ := MDES(p)
	same, err := Subgroup(p, 1)
	if err != nil || same.MDES != all.MDES {
		t.Errorf("share 1: %g, %v; want %g", same.MDES, err, all.MDES)
	}
	fsm, _ := Subgroup(p, 0.25)
	if !(fsm.MDES > all.MDES) {
		t.Errorf("a quarter of the pupils detect %.3f, all %.3f", fsm.MDES, all.MDES)
	}
	if _, err := Subgroup(p, 0); err == nil {
		t.Error("share 0: no error")
	}
}

func TestRecruit(t *testing.T) {
	for _, c := range []struct{ n, a, want float64 }{
		{60, 0.2, 75},   // 60 / 0.8 = 75 exactly (75.00000000000001 in floating point)
		{100, 0.1, 112}, // 111.1 → 112
		{238, 0, 238},
		{0, 0.3, 0},
		{1000, 0.15, 1177}, // 1176.47 → 1177
	} {
		got, err := Recruit(c.n, c.a)
		if err != nil || got != c.want {
			t.Errorf("Recruit(%g, %g) = %g, %v; want %g", c.n, c.a, got, err, c.want)
		}
		if got*(1-c.a) < c.n-1e-9 {
			t.Errorf("Recruit(%g, %g) = %g loses too many", c.n, c.a, got)
		}
	}
	for _, a := range []float64{-0.1, 1, math.NaN()} {
		if _, err := Recruit(100, a); err == nil {
			t.Errorf("attrition %g: no error", a)
		}
	}
}

func TestSolve(t *testing.T) {
	p := Plan{Design: RCT, N: 128}
	for unknown, check := range map[string]func(Result) bool{
		SolveMDES:  func(r Result) bool { return math.Abs(r.MDES-0.499120840901259) < 1e-9 },
		SolvePower: func(r Result) bool { return r.Power > 0.8 },
		SolveN:     func(r Result) bool { return r.N == 128 },
	} {
		r, err := Solve(p, 0.5, unknown)
		if err != nil || !check(r) || r.Solved != unknown {
			t.Errorf("Solve(%s) = %+v, %v", unknown, r, err)
		}
	}
	if _, err := Solve(p, 0.5, SolveClusters); err == nil {
		t.Error("clusters of an rct: no error")
	}
	if _, err := Solve(p, 0.5, "n_per_group"); err == nil {
		t.Error("unknown quantity: no error")
	}
}

// TestErrors: bad input returns an error (never a panic) and NaN numbers.
func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Plan
		want string
	}{
		{"unknown design", Plan{Design: "rtc", N: 100}, "unknown design"},
		{"no df", Plan{Design: RCT, N: 5, Covariates: 3}, "need at least 6"},
		{"no pupils", Plan{Design: RCT}, "no degrees of freedom"},
		{"pre-post of one", Plan{Design: PrePost, N: 1}, "need at least 2"},
		{"P = 1", Plan{Design: RCT, N: 100, PTreated: 1}, "share treated"},
		{"R² = 1", Plan{Design: RCT, N: 100, R2Pupil: 1}, "R²"},
		{"alpha", Plan{Design: RCT, N: 100, Alpha: 1.5}, "alpha"},
		{"power", Plan{Design: RCT, N: 100, Power: -0.8}, "power"},
		{"icc on an rct", Plan{Design: RCT, N: 100, ICC: 0.2}, "apply to a cluster-rct"},
		{"icc > 1", Plan{Design: ClusterRCT, Clusters: 20, ClusterSize: 10, ICC: 1.2}, "icc"},
		{"too few clusters", Plan{Design: ClusterRCT, Clusters: 3, ClusterSize: 10, Covariates: 1}, "at least 4 clusters"},
		{"no cluster size", Plan{Design: ClusterRCT, Clusters: 20}, "cluster size is missing"},
		{"n ≠ J × n", Plan{Design: ClusterRCT, N: 500, Clusters: 20, ClusterSize: 20}, "give two of the three"},
		{"NaN n", Plan{Design: RCT, N: math.NaN()}, "want a number of pupils"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := MDES(c.p)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one containing %q", err, c.want)
			}
			if !math.IsNaN(r.MDES) {
				t.Errorf("MDES = %g with an error, want NaN", r.MDES)
			}
		})
	}
	if _, err := Power(Plan{Design: RCT, N: 100}, math.NaN()); err == nil {
		t.Error("power of a NaN effect: no error")
	}
	if _, err := SampleSize(Plan{Design: RCT}, 0); err == nil {
		t.Error("sample size for effect 0: no error")
	}
	_, err := SampleSize(Plan{Design: ClusterRCT, Clusters: 10, ICC: 0.2}, 0.2)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "add clusters") {
		t.Errorf("10 clusters for 0.2: err = %v", err)
	}
	if _, err := Clusters(Plan{Design: ClusterRCT, ICC: 0.2}, 0.2); err == nil {
		t.Error("clusters without a cluster size: no error")
	}
}

func TestTTestErrors(t *testing.T) {
	if _, err := TTestN(0, 0.05, 0.8, TwoSample); !errors.Is(err, ErrUnreachable) {
		t.Errorf("d = 0: err = %v, want ErrUnreachable", err)
	}
	if _, err := TTestN(20, 0.05, 0.8, TwoSample); err == nil {
		t.Error("d = 20: no error (2 per group suffice; pwr.t.test fails too)")
	}
	if _, err := TTestN(0.5, 0.05, 0.8, "welch"); err == nil {
		t.Error("unknown kind: no error")
	}
	if _, err := TTestPower(1, 0.5, 0.05, TwoSample); err == nil {
		t.Error("n = 1: no error")
	}
	// Sign of d is ignored (two-sided).
	a, _ := TTestPower(30, 0.4, 0.05, TwoSample)
	b, _ := TTestPower(30, -0.4, 0.05, TwoSample)
	if a != b {
		t.Errorf("power(d) = %g, power(−d) = %g", a, b)
	}
}

func TestAchievedMDES(t *testing.T) {
	r, err := AchievedMDES(Achieved{Design: RCT, NTreated: 120, NComparison: 118, R2: 0.5, Covariates: 1})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := MDES(Plan{Design: RCT, N: 238, PTreated: 120.0 / 238, R2Pupil: 0.5, Covariates: 1})
	if r.MDES != want.MDES {
		t.Errorf("achieved %g, plan %g", r.MDES, want.MDES)
	}
	// A cluster-rct: the ICC enters (R 4.2.2, fixtures/power/golden.R, case
	// cl_40x25: 0.27601319621348 with 40 clusters of 25 and P = 0.5).
	c, err := AchievedMDES(Achieved{Design: ClusterRCT, NTreated: 500, NComparison: 500, R2: 0.5,
		R2Cluster: 0.5, Covariates: 1, Clusters: 40, ICC: 0.15, ClustersTreated: 20})
	if err != nil || math.Abs(c.MDES-0.27601319621348) > 1e-12 {
		t.Errorf("cluster achieved MDES = %.15g, %v", c.MDES, err)
	}
	noICC, _ := AchievedMDES(Achieved{Design: ClusterRCT, NTreated: 500, NComparison: 500, R2: 0.5,
		R2Cluster: 0.5, Covariates: 1, Clusters: 40, ICC: 0, ClustersTreated: 20})
	if !(c.MDES > noICC.MDES) {
		t.Errorf("ICC 0.15: %g, ICC 0: %g", c.MDES, noICC.MDES)
	}
	for _, a := range []Achieved{
		{Design: RCT, NTreated: 50},
		{Design: PrePost, NTreated: 50, NComparison: 3},
		{Design: ClusterRCT, NTreated: 50, NComparison: 50},
		{Design: ClusterRCT, NTreated: 50, NComparison: 50, Clusters: 10, ICC: math.NaN()},
		{Design: ClusterRCT, NTreated: 50, NComparison: 50, Clusters: 10, ClustersTreated: 10},
		{Design: RCT, NTreated: -1, NComparison: 5},
	} {
		if _, err := AchievedMDES(a); err == nil {
			t.Errorf("%+v: no error", a)
		}
	}
}
