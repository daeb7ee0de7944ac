package multilevel

import (
	"math"
	"testing"
)

// fitFile fits Posttest ~ Intervention + Prettest + (1 | School) and the
// null model on one of the eefAnalytics example files.
func fitFile(t *testing.T, file string) (full, null *Fit, l Layout) {
	t.Helper()
	tab := readTable(t, file)
	y := tab.num(t, "Posttest")
	cl, nc := tab.codes("School")
	x, names := design(t, tab, []term{intercept, {"Intervention", []string{"Intervention"}}, {"Prettest", []string{"Prettest"}}})
	s, err := NewStats(Data{Y: y, Names: names, Fill: DenseFill(x), Cluster: cl, NClusters: nc})
	if err != nil {
		t.Fatal(err)
	}
	if full, err = s.Fit(); err != nil {
		t.Fatal(err)
	}
	if null, err = s.FitNull(); err != nil {
		t.Fatal(err)
	}
	arm := tab.num(t, "Intervention")
	treated := make([]bool, len(arm))
	for i, a := range arm {
		treated[i] = a == 1
	}
	if l, err = NewLayout(treated, cl, nc); err != nil {
		t.Fatal(err)
	}
	return full, null, l
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.15g, want %.15g (|Δ| = %.2g > %.0g)", what, got, want, math.Abs(got-want), tol)
	}
}

// TestEefAnalyticsCRT reproduces eefAnalytics 1.1.3's crtFREQ on its
// crtData, as the package prints the values unrounded:
// crtFREQ(Posttest ~ Intervention + Prettest, random = "School",
// intervention = "Intervention", data = crtData), $ES and
// $Unconditional$ES.
func TestEefAnalyticsCRT(t *testing.T) {
	full, null, l := fitFile(t, "crt.csv")
	b := full.Test(full.Index("Intervention"), 0.95)
	near(t, "coefficient", b.Estimate, 3.10970863155192, 1e-6)
	tab := readTable(t, "crt.csv")
	cl, nc := tab.codes("School")
	alone, err := Null(tab.num(t, "Posttest"), cl, nc)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "null model alone: τ²", alone.Tau2, null.Tau2, 1e-12)
	near(t, "null model alone: σ²", alone.Sigma2, null.Sigma2, 1e-12)
	near(t, "null model alone: REMLcrit", alone.REMLCrit, null.REMLCrit, 1e-9)
	if l.Level != ClusterLevel || l.Clusters != 22 {
		t.Errorf("layout: %v with %d clusters, want cluster-level with 22", l.Level, l.Clusters)
	}
	for _, c := range []struct {
		name      string
		e         Effect
		g, lo, up float64
	}{
		{"conditional within", l.Effects(b.Estimate, full, EEFZ).Within, 0.808893445817308, 0.1017550253496579, 1.51603186628496},
		{"conditional total", l.Effects(b.Estimate, full, EEFZ).Total, 0.673904096558121, 0.0699344468749334, 1.27787374624131},
		{"unconditional within", l.Effects(b.Estimate, null, EEFZ).Within, 0.701259897532229, 0.0353617278505060, 1.36715806721395},
		{"unconditional total", l.Effects(b.Estimate, null, EEFZ).Total, 0.595945527831691, 0.0178128440213231, 1.17407821164206},
	} {
		near(t, c.name+" g", c.e.G, c.g, 1e-6)
		near(t, c.name+" lower", c.e.Lower, c.lo, 1e-6)
		near(t, c.name+" upper", c.e.Upper, c.up, 1e-6)
	}
}

// TestEefAnalyticsMST reproduces eefAnalytics 1.1.3's mstFREQ on its
// mstData for the effect sizes from the unconditional model: mstFREQ
// standardises its coefficient 3.637861445262250 (from a model with random
// treatment slopes, which this package does not fit, so it is taken as
// given) by the variances of Posttest ~ 1 + (1 | School), fitted here.
func TestEefAnalyticsMST(t *testing.T) {
	_, null, l := fitFile(t, "mst.csv")
	if l.Level != Mixed && l.Level != WithinClusters {
		t.Errorf("layout of a multisite trial: %v", l.Level)
	}
	e := l.Effects(3.637861445262250, null, EEFZ)
	near(t, "unconditional within", e.Within.G, 0.356442312743423, 1e-6)
	near(t, "unconditional total", e.Total.G, 0.274759513351767, 1e-6)
}

// TestEEFEffects checks the EEF guidance's hedges_g and hedges_g_within
// against R (golden.R, "eef" rows: lme4 1.1-31 fits, b / sqrt(τ₀² + σ₀²)
// and b / σ₀ with (b ± 1.96 SE) / SD).
func TestEEFEffects(t *testing.T) {
	g := readGolden(t, "golden_lmer.csv")
	for _, c := range []struct{ data, file, term string }{{"crt", "crt.csv", "Intervention"}, {"mst", "mst.csv", "Intervention"}} {
		full, null, _ := fitFile(t, c.file)
		b := full.Test(full.Index(c.term), 0.95)
		total, within := EEFEffects(b, null, EEFZ)
		for _, q := range []struct {
			name string
			e    Effect
		}{{"hedges_g", total}, {"hedges_g_within", within}} {
			near(t, c.data+" "+q.name, q.e.G, g.get(t, c.data, "eef", c.term, q.name), 1e-7)
			near(t, c.data+" "+q.name+" lower", q.e.Lower, g.get(t, c.data, "eef", c.term, q.name+"_lower"), 1e-7)
			near(t, c.data+" "+q.name+" upper", q.e.Upper, g.get(t, c.data, "eef", c.term, q.name+"_upper"), 1e-7)
		}
	}
}
