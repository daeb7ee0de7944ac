package multilevel

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// simple builds Data for y ~ 1 + columns.
func simple(y []float64, cl []int32, J int, cols ...[]float64) Data {
	names := []string{"(intercept)"}
	for k := range cols {
		names = append(names, "x"+string(rune('1'+k)))
	}
	p := len(names)
	return Data{Y: y, Names: names, Cluster: cl, NClusters: J, Fill: func(start, end int, dst []float64) {
		for i := start; i < end; i++ {
			r := dst[(i-start)*p : (i-start+1)*p]
			r[0] = 1
			for k, c := range cols {
				r[k+1] = c[i]
			}
		}
	}}
}

// TestErrors: bad input is an error, never a panic.
func TestErrors(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6}
	cl := []int32{0, 0, 1, 1, 2, 2}
	x := []float64{1, 3, 2, 5, 4, 6}
	for _, c := range []struct {
		name string
		d    Data
	}{
		{"no pupils", simple(nil, nil, 3)},
		{"lengths", simple(y, cl[:5], 3, x)},
		{"cluster code too big", simple(y, []int32{0, 0, 1, 1, 2, 3}, 3, x)},
		{"negative cluster code", simple(y, []int32{0, -1, 1, 1, 2, 2}, 3, x)},
		{"no clusters", simple(y, cl, 0, x)},
		{"missing outcome", simple([]float64{1, math.NaN(), 3, 4, 5, 6}, cl, 3, x)},
		{"infinite covariate", simple(y, cl, 3, []float64{1, 3, math.Inf(1), 5, 4, 6})},
		{"nil Fill", Data{Y: y, Names: []string{"a"}, Cluster: cl, NClusters: 3}},
	} {
		if _, err := REML(c.d); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if _, err := REML(simple(y, []int32{0, 0, 0, 0, 0, 0}, 1, x)); err == nil {
		t.Error("one cluster: no error")
	}
	if _, err := REML(simple(y[:2], cl[:2], 3, x[:2])); err == nil {
		t.Error("as many coefficients as pupils: no error")
	}
	var ce *CollinearError
	if _, err := REML(simple(y, cl, 3, x, []float64{2, 6, 4, 10, 8, 12})); !errors.As(err, &ce) || ce.Column != "x2" {
		t.Errorf("collinear columns: %v", err)
	}
	if _, err := REML(simple(y, cl, 3, []float64{0, 0, 0, 0, 0, 0})); !errors.As(err, &ce) {
		t.Errorf("zero column: %v", err)
	}
	if _, err := REML(simple(y, cl, 3, []float64{7, 7, 7, 7, 7, 7})); !errors.As(err, &ce) {
		t.Errorf("constant column beside the intercept: %v", err)
	}
}

// randomTrial is a cluster-randomised trial of J schools with n pupils in
// all (unequal school sizes), seeded.
func randomTrial(seed uint64, n, J int, icc float64) (y, treat, pre []float64, cl []int32) {
	rng := rand.New(rand.NewPCG(seed, 11))
	u := make([]float64, J)
	arm := make([]float64, J)
	for j := range u {
		u[j] = math.Sqrt(icc) * rng.NormFloat64()
		arm[j] = float64(j % 2)
	}
	for i := 0; i < n; i++ {
		j := rng.IntN(J)
		cl = append(cl, int32(j))
		pr := rng.NormFloat64()
		treat = append(treat, arm[j])
		pre = append(pre, pr)
		y = append(y, 0.2*arm[j]+0.6*pr+u[j]+math.Sqrt(1-icc)*rng.NormFloat64())
	}
	return
}

// TestDeterministic: the fit does not depend on the number of cores (the
// chunks are fixed by the data), bit for bit.
func TestDeterministic(t *testing.T) {
	y, treat, pre, cl := randomTrial(3, 3*chunkRows+123, 150, 0.15)
	d := simple(y, cl, 150, treat, pre)
	prev := runtime.GOMAXPROCS(1)
	one, err := REML(d)
	runtime.GOMAXPROCS(max(prev, 2))
	if err != nil {
		t.Fatal(err)
	}
	many, err := REML(d)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one.Coef, many.Coef) || one.Tau2 != many.Tau2 || one.Sigma2 != many.Sigma2 || one.REMLCrit != many.REMLCrit {
		t.Errorf("1 core %v %v %v, 2 cores %v %v %v", one.Coef, one.Tau2, one.Sigma2, many.Coef, many.Tau2, many.Sigma2)
	}
}

// TestInvariance: the order of the pupils, the cluster codes and unused
// codes do not change the fit; shifting y moves the intercept alone;
// swapping the arms negates the treatment effect and its effect sizes.
func TestInvariance(t *testing.T) {
	const J = 40
	y, treat, pre, cl := randomTrial(5, 1500, J, 0.2)
	base, err := REML(simple(y, cl, J, treat, pre))
	if err != nil {
		t.Fatal(err)
	}
	close := func(what string, a, b []float64) {
		t.Helper()
		for k := range a {
			if math.Abs(a[k]-b[k]) > 1e-9*math.Max(1, math.Abs(a[k])) {
				t.Errorf("%s: %v, want %v", what, b, a)
				return
			}
		}
	}
	summary := func(f *Fit) []float64 {
		te := f.Test(1, 0.95)
		return append(append([]float64(nil), f.Coef...), f.Tau2, f.Sigma2, te.SE, te.DF, f.REMLCrit)
	}

	// Reverse the pupils, relabel the clusters (j → 2J−1−2j), leaving
	// half the codes unused.
	n := len(y)
	ry, rt, rp := make([]float64, n), make([]float64, n), make([]float64, n)
	rc := make([]int32, n)
	for i := 0; i < n; i++ {
		k := n - 1 - i
		ry[i], rt[i], rp[i] = y[k], treat[k], pre[k]
		rc[i] = int32(2*J-1) - 2*cl[k]
	}
	perm, err := REML(simple(ry, rc, 2*J, rt, rp))
	if err != nil {
		t.Fatal(err)
	}
	close("permuted pupils and clusters", summary(base), summary(perm))
	if perm.Clusters != J {
		t.Errorf("clusters %d, want %d (unused codes are not clusters)", perm.Clusters, J)
	}

	// y + 1000.
	sy := make([]float64, n)
	for i := range y {
		sy[i] = y[i] + 1000
	}
	shift, err := REML(simple(sy, cl, J, treat, pre))
	if err != nil {
		t.Fatal(err)
	}
	want := summary(base)
	want[0] += 1000
	close("shifted outcome", want, summary(shift))

	// Swap the arms: treatment' = 1 − treatment.
	sw := make([]float64, n)
	for i := range treat {
		sw[i] = 1 - treat[i]
	}
	swap, err := REML(simple(y, cl, J, sw, pre))
	if err != nil {
		t.Fatal(err)
	}
	if d := base.Coef[1] + swap.Coef[1]; math.Abs(d) > 1e-9 {
		t.Errorf("swapped arms: %v and %v", base.Coef[1], swap.Coef[1])
	}
	tr := make([]bool, n)
	for i := range treat {
		tr[i] = treat[i] == 1
	}
	l, _ := NewLayout(tr, cl, J)
	for i := range tr {
		tr[i] = !tr[i]
	}
	ls, _ := NewLayout(tr, cl, J)
	e, es := l.Effects(base.Coef[1], base, EEFZ), ls.Effects(swap.Coef[1], swap, EEFZ)
	close("swapped arms, effect sizes", []float64{e.Within.G, e.Total.G, e.Within.SE, e.Total.SE},
		[]float64{-es.Within.G, -es.Total.G, es.Within.SE, es.Total.SE})
}

// TestBoundary: when REML puts τ² at 0 the fit is ordinary least squares,
// with df n − p as lmerTest gives, and says so.
func TestBoundary(t *testing.T) {
	// Cluster means closer together than the within-cluster noise allows.
	y := []float64{1, 5, 3, 2, 4, 3, 5, 1, 3, 3, 2, 4}
	cl := []int32{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3}
	x := []float64{0.1, 0.3, 0.2, 0.5, 0.1, 0.4, 0.3, 0.2, 0.6, 0.1, 0.9, 0.4}
	f, err := REML(simple(y, cl, 4, x))
	if err != nil {
		t.Fatal(err)
	}
	if !f.Boundary || f.Tau2 != 0 || !slices.Contains(f.Warnings, WarnBoundary) || !f.Converged {
		t.Fatalf("boundary %v, τ² %v, warnings %v, converged %v", f.Boundary, f.Tau2, f.Warnings, f.Converged)
	}
	// Ordinary least squares by QR.
	X := mat.NewDense(12, 2, nil)
	for i := range x {
		X.SetRow(i, []float64{1, x[i]})
	}
	var qr mat.QR
	qr.Factorize(X)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(12, y)); err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 2; j++ {
		if math.Abs(b.AtVec(j)-f.Coef[j]) > 1e-12 {
			t.Errorf("coef %d: %v, OLS %v", j, f.Coef[j], b.AtVec(j))
		}
	}
	if te := f.Test(1, 0.95); math.Abs(te.DF-10) > 1e-9 {
		t.Errorf("df at the boundary %v, want n − p = 10", te.DF)
	}
}

// TestNotConverged: with no variation within clusters σ² → 0 and REML
// runs to λ = ∞; the fit says it did not converge.
func TestNotConverged(t *testing.T) {
	y := []float64{1, 1, 1, 4, 4, 4, 2, 2, 2, 6, 6, 6}
	cl := []int32{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3}
	f, err := REML(simple(y, cl, 4))
	if err != nil {
		return // an error is an acceptable answer too
	}
	if f.Converged || !slices.Contains(f.Warnings, WarnNotConverged) {
		t.Errorf("converged %v, warnings %v, σ² %v", f.Converged, f.Warnings, f.Sigma2)
	}
}

// TestWarnings: few clusters, an ICC near 0, few degrees of freedom.
func TestWarnings(t *testing.T) {
	y, treat, pre, cl := randomTrial(9, 200, 6, 0.3)
	f, err := REML(simple(y, cl, 6, treat, pre))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(f.Warnings, WarnFewClusters) {
		t.Errorf("6 clusters: warnings %v", f.Warnings)
	}
	if te := f.Test(1, 0.95); te.DF >= FewDF || !slices.Contains(te.Warnings, WarnFewDF) {
		t.Errorf("cluster-level treatment in 6 schools: df %v, warnings %v", te.DF, te.Warnings)
	}
	if te := f.Test(2, 0.95); te.DF < FewDF || len(te.Warnings) != 0 {
		t.Errorf("pupil-level pretest: df %v, warnings %v", te.DF, te.Warnings)
	}
	y, treat, pre, cl = randomTrial(2, 20000, 100, 0.002)
	f, err = REML(simple(y, cl, 100, treat, pre))
	if err != nil {
		t.Fatal(err)
	}
	if f.Boundary || !slices.Contains(f.Warnings, WarnICCNearZero) || slices.Contains(f.Warnings, WarnFewClusters) {
		t.Errorf("ICC %v: boundary %v, warnings %v", f.ICC(), f.Boundary, f.Warnings)
	}
}

// TestLayout: levels, counts and warnings of the arms in clusters.
func TestLayout(t *testing.T) {
	cl := []int32{0, 0, 1, 1, 2, 2, 3, 3}
	for _, c := range []struct {
		name    string
		treated []bool
		level   Level
		mixed   int
		warn    []Warning
		total   bool // total effect size defined
	}{
		{"cluster-randomised", []bool{true, true, true, true, false, false, false, false}, ClusterLevel, 0,
			[]Warning{WarnFewClusters}, true},
		{"multisite", []bool{true, false, true, false, true, false, false, true}, WithinClusters, 4,
			[]Warning{WarnFewClusters}, true},
		{"mixed", []bool{true, true, true, false, false, false, false, false}, Mixed, 1,
			[]Warning{WarnFewClusters}, true},
		{"one treated school", []bool{true, true, false, false, false, false, false, false}, ClusterLevel, 0,
			[]Warning{WarnFewClusters, WarnOneClusterArm}, false},
	} {
		l, err := NewLayout(c.treated, cl, 5)
		if err != nil {
			t.Fatal(err)
		}
		if l.Level != c.level || l.Mixed != c.mixed || l.Clusters != 4 || !slices.Equal(l.Warnings, c.warn) {
			t.Errorf("%s: %+v", c.name, l)
		}
		if got := slices.Contains(l.ClusterRCTWarnings(), WarnMixedClusters); got != (c.mixed > 0) {
			t.Errorf("%s: cluster-rct warnings %v", c.name, l.ClusterRCTWarnings())
		}
		e := l.Effects(1, &Fit{Sigma2: 1, Tau2: 0.2}, EEFZ)
		if (e.Total.Undefined == "") != c.total || math.IsNaN(e.Within.G) {
			t.Errorf("%s: effects %+v", c.name, e)
		}
	}
	if _, err := NewLayout([]bool{true, true}, []int32{0, 1}, 2); err == nil {
		t.Error("no control pupils: no error")
	}
	if _, err := NewLayout([]bool{true, false}, []int32{0, 2}, 2); err == nil {
		t.Error("code out of range: no error")
	}
	if _, err := NewLayout([]bool{true}, []int32{0, 1}, 2); err == nil {
		t.Error("lengths: no error")
	}
}

// TestZ: the normal quantile and the EEF's 1.96.
func TestZ(t *testing.T) {
	// R 4.2.2: qnorm(0.975) = 1.95996398454005; qnorm(0.95) = 1.64485362695147.
	for _, c := range []struct{ conf, want float64 }{{0.95, 1.959963984540054}, {0.90, 1.644853626951472}} {
		if d := math.Abs(Z(c.conf) - c.want); d > 1e-12 {
			t.Errorf("Z(%v) = %.16g, want %.16g", c.conf, Z(c.conf), c.want)
		}
	}
}
