package regress

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// cr2Fixtures holds the data and clubSandwich values (fixtures/multilevel/golden.R).
var cr2Fixtures = filepath.Join("..", "..", "fixtures", "multilevel")

func cr2ReadCSV(t testing.TB, name string) map[string][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(cr2Fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tab := map[string][]string{}
	for _, r := range recs[1:] {
		for k, h := range recs[0] {
			tab[h] = append(tab[h], r[k])
		}
	}
	return tab
}

func cr2Num(t testing.TB, tab map[string][]string, col string) []float64 {
	t.Helper()
	x := make([]float64, len(tab[col]))
	if len(x) == 0 {
		t.Fatalf("no column %q", col)
	}
	for i, s := range tab[col] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		x[i] = v
	}
	return x
}

// cr2Levels returns the sorted levels of a column and each row's code.
func cr2Levels(tab map[string][]string, col string) ([]string, []int32) {
	seen := map[string]bool{}
	var lv []string
	for _, v := range tab[col] {
		if !seen[v] {
			seen[v] = true
			lv = append(lv, v)
		}
	}
	sort.Strings(lv)
	idx := map[string]int32{}
	for k, v := range lv {
		idx[v] = int32(k)
	}
	codes := make([]int32, len(tab[col]))
	for i, v := range tab[col] {
		codes[i] = idx[v]
	}
	return lv, codes
}

// cr2OLS fits y on x by QR and returns the coefficients and residuals.
func cr2OLS(t testing.TB, x *mat.Dense, y []float64) ([]float64, []float64) {
	t.Helper()
	var qr mat.QR
	qr.Factorize(x)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(len(y), y)); err != nil {
		t.Fatal(err)
	}
	var fitted mat.VecDense
	fitted.MulVec(x, &b)
	r := make([]float64, len(y))
	for i := range y {
		r[i] = y[i] - fitted.AtVec(i)
	}
	return b.RawVector().Data, r
}

type cr2Case struct {
	data, model string
	names       []string
	x           *mat.Dense
	y           []float64
	cluster     []int32
	nClusters   int
}

func cr2Cases(t testing.TB) []cr2Case {
	var cs []cr2Case
	cols := func(tab map[string][]string, names []string, prods [][]string) *mat.Dense {
		n := len(tab[firstCol(tab)])
		x := mat.NewDense(n, len(names), nil)
		for j, pr := range prods {
			for i := 0; i < n; i++ {
				x.Set(i, j, 1)
			}
			for _, c := range pr {
				v := cr2Num(t, tab, c)
				for i := 0; i < n; i++ {
					x.Set(i, j, x.At(i, j)*v[i])
				}
			}
		}
		return x
	}
	for _, d := range []string{"crt", "mst"} {
		tab := cr2ReadCSV(t, d+".csv")
		lv, cl := cr2Levels(tab, "School")
		names := []string{"(Intercept)", "Intervention", "Prettest"}
		cs = append(cs, cr2Case{d, "ancova", names, cols(tab, names, [][]string{nil, {"Intervention"}, {"Prettest"}}),
			cr2Num(t, tab, "Posttest"), cl, len(lv)})
	}
	tab := cr2ReadCSV(t, "hsb.csv")
	lv, cl := cr2Levels(tab, "school")
	names := []string{"(Intercept)", "catholic", "minority", "ses", "catholic:minority"}
	cs = append(cs, cr2Case{"hsb", "interaction", names,
		cols(tab, names, [][]string{nil, {"catholic"}, {"minority"}, {"ses"}, {"catholic", "minority"}}),
		cr2Num(t, tab, "mathach"), cl, len(lv)})

	// Subject fixed effects (treatment contrasts, first level the reference).
	tab = cr2ReadCSV(t, "sleepstudy.csv")
	lv, cl = cr2Levels(tab, "Subject")
	days := cr2Num(t, tab, "Days")
	names = []string{"(Intercept)", "Days"}
	for _, l := range lv[1:] {
		names = append(names, "Subject"+l)
	}
	x := mat.NewDense(len(days), len(names), nil)
	for i := range days {
		x.Set(i, 0, 1)
		x.Set(i, 1, days[i])
		if cl[i] > 0 {
			x.Set(i, 1+int(cl[i]), 1)
		}
	}
	cs = append(cs, cr2Case{"sleepstudy", "fixed_effects", names, x, cr2Num(t, tab, "Reaction"), cl, len(lv)})
	return cs
}

func firstCol(tab map[string][]string) string {
	for k := range tab {
		return k
	}
	return ""
}

// TestCR2Golden compares CR2 with clubSandwich 0.5.8 (golden.R):
// vcovCR(lm_fit, cluster, type = "CR2") and coef_test(..., test =
// "Satterthwaite"), every coefficient; the covariance matrix, SE, df, t
// and p to 1e-9 relative; and one linear_contrast.
func TestCR2Golden(t *testing.T) {
	gold := cr2ReadCSV(t, "golden_cr2.csv")
	want := map[string]float64{}
	for i := range gold["data"] {
		v, err := strconv.ParseFloat(gold["value"][i], 64)
		if err != nil {
			t.Fatal(err)
		}
		want[gold["data"][i]+"|"+gold["model"][i]+"|"+gold["term"][i]+"|"+gold["quantity"][i]] = v
	}
	get := func(k ...string) float64 {
		t.Helper()
		key := k[0] + "|" + k[1] + "|" + k[2] + "|" + k[3]
		v, ok := want[key]
		if !ok {
			t.Fatalf("no golden %q", key)
		}
		return v
	}
	worst := map[string]float64{}
	check := func(id, q string, got, w float64) {
		t.Helper()
		d := math.Abs(got-w) / math.Max(math.Abs(w), 1e-300)
		if q == "p" {
			d = math.Abs(got - w)
		}
		worst[q] = math.Max(worst[q], d)
		if !(d <= 1e-9) {
			t.Errorf("%s %s: got %.15g, want %.15g (clubSandwich)", id, q, got, w)
		}
	}
	for _, c := range cr2Cases(t) {
		beta, r := cr2OLS(t, c.x, c.y)
		v, err := CR2(c.x, r, c.cluster, c.nClusters)
		if err != nil {
			t.Fatal(err)
		}
		if v.Clusters != int(get(c.data, c.model, "", "clusters")) {
			t.Errorf("%s: %d clusters", c.data, v.Clusters)
		}
		for j, name := range c.names {
			if c.model == "fixed_effects" && name != "Days" {
				// The intercept and the subject effects are constant within
				// clusters: their CR2 variance is zero, and clubSandwich's
				// values (about 1e-13) are rounding noise.
				continue
			}
			id := c.data + " " + name
			te := v.Test(j, beta[j], 0.95)
			check(id, "estimate", te.Estimate, get(c.data, c.model, name, "estimate"))
			check(id, "se", te.SE, get(c.data, c.model, name, "se"))
			check(id, "df", te.DF, get(c.data, c.model, name, "df"))
			check(id, "t", te.T, get(c.data, c.model, name, "t"))
			check(id, "p", te.P, get(c.data, c.model, name, "p"))
			for l, other := range c.names {
				if c.model == "fixed_effects" && other != "Days" {
					continue
				}
				check(id, "vcov", v.Vcov.At(j, l), get(c.data, c.model, name, "vcov:"+other))
			}
		}
		if c.data == "hsb" {
			// catholic + catholic:minority: the Catholic-school difference for minority pupils.
			ctr := []float64{0, 1, 0, 0, 1}
			te := v.TestContrast(ctr, beta[1]+beta[4], 0.95)
			check("hsb contrast", "estimate", te.Estimate, get("hsb", "interaction", "0 1 0 0 1", "contrast_estimate"))
			check("hsb contrast", "se", te.SE, get("hsb", "interaction", "0 1 0 0 1", "contrast_se"))
			check("hsb contrast", "df", te.DF, get("hsb", "interaction", "0 1 0 0 1", "contrast_df"))
		}
	}
	for _, q := range []string{"estimate", "se", "df", "t", "p", "vcov"} {
		t.Logf("worst relative difference from clubSandwich: %-8s %.2g", q, worst[q])
	}
}

// cr2Naive is CR2 the direct way, as clubSandwich computes it: the
// n_j×n_j matrices I − H_jj, their inverse square roots, and the J×J
// matrix P of the Satterthwaite df. It is O(Σ n_j³ + J²); for tests only.
func cr2Naive(x *mat.Dense, r []float64, cl []int32, J int, c []float64) (v float64, df float64) {
	n, p := x.Dims()
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var M mat.SymDense
	var ch mat.Cholesky
	ch.Factorize(&xtx)
	_ = ch.InverseTo(&M)
	rows := make([][]int, J)
	for i := 0; i < n; i++ {
		rows[cl[i]] = append(rows[cl[i]], i)
	}
	var Mc mat.VecDense
	Mc.MulVec(&M, mat.NewVecDense(p, c))
	var lt mat.TriDense
	ch.LTo(&lt) // X'X = LL'; M = L⁻ᵀL⁻¹, so a factor of M is L⁻ᵀ
	var li mat.TriDense
	_ = li.InverseTri(&lt)
	var g []*mat.VecDense
	var h []*mat.VecDense
	for _, idx := range rows {
		if len(idx) == 0 {
			continue
		}
		nj := len(idx)
		xj := mat.NewDense(nj, p, nil)
		rj := mat.NewVecDense(nj, nil)
		for a, i := range idx {
			xj.SetRow(a, x.RawRowView(i))
			rj.SetVec(a, r[i])
		}
		var H mat.Dense
		H.Product(xj, &M, xj.T())
		G := mat.NewSymDense(nj, nil)
		for a := 0; a < nj; a++ {
			for b := a; b < nj; b++ {
				d := -H.At(a, b)
				if a == b {
					d++
				}
				G.SetSym(a, b, d)
			}
		}
		var es mat.EigenSym
		es.Factorize(G, true)
		vals := es.Values(nil)
		var vec mat.Dense
		es.VectorsTo(&vec)
		A := mat.NewDense(nj, nj, nil)
		for k, l := range vals {
			if l <= cr2DropTol {
				continue
			}
			for a := 0; a < nj; a++ {
				for b := 0; b < nj; b++ {
					A.Set(a, b, A.At(a, b)+vec.At(a, k)*vec.At(b, k)/math.Sqrt(l))
				}
			}
		}
		// g_j = A_j X_j M c; h_j = F' X_j'A_j X_j M c with M = FF', F = L⁻ᵀ.
		var xmc, gj mat.VecDense
		xmc.MulVec(xj, &Mc)
		gj.MulVec(A, &xmc)
		var e mat.VecDense
		e.MulVec(xj.T(), &gj)
		var ar mat.VecDense
		ar.MulVec(A, rj)
		var u mat.VecDense
		u.MulVec(xj.T(), &ar)
		v += math.Pow(mat.Dot(&Mc, &u), 2)
		var hj mat.VecDense
		hj.MulVec(&li, &e) // F'e = L⁻¹e
		g = append(g, &gj)
		h = append(h, &hj)
	}
	var tr, ss float64
	for j := range g {
		for k := range g {
			pjk := -mat.Dot(h[j], h[k])
			if j == k {
				pjk += mat.Dot(g[j], g[j])
				tr += pjk
			}
			ss += pjk * pjk
		}
	}
	return v, tr * tr / ss
}

// TestCR2Naive checks the p×p computation against the direct n_j×n_j
// one (cr2Naive) on random designs, including clusters smaller than p,
// a cluster-level column and unequal cluster sizes.
func TestCR2Naive(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		J := 3 + rng.IntN(12)
		var cl []int32
		for j := 0; j < J; j++ {
			for k := 0; k < 1+rng.IntN(6); k++ {
				cl = append(cl, int32(j))
			}
		}
		n, p := len(cl), 4
		x := mat.NewDense(n, p, nil)
		y := make([]float64, n)
		treatCluster := make([]float64, J)
		for j := range treatCluster {
			treatCluster[j] = float64(rng.IntN(2))
		}
		for i := 0; i < n; i++ {
			x.Set(i, 0, 1)
			x.Set(i, 1, treatCluster[cl[i]])
			x.Set(i, 2, rng.NormFloat64())
			x.Set(i, 3, float64(rng.IntN(2)))
			y[i] = 1 + x.At(i, 1) + 0.5*x.At(i, 2) + rng.NormFloat64()
		}
		_, r := cr2OLS(t, x, y)
		v, err := CR2(x, r, cl, J)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range [][]float64{{0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0.5, -1, 2}} {
			wantV, wantDF := cr2Naive(x, r, cl, J, c)
			te := v.TestContrast(c, 0, 0.95)
			id := fmt.Sprintf("seed %d contrast %v", seed, c)
			if d := math.Abs(te.SE*te.SE-wantV) / wantV; d > 1e-10 {
				t.Errorf("%s: variance %.15g, direct %.15g", id, te.SE*te.SE, wantV)
			}
			if d := math.Abs(te.DF-wantDF) / wantDF; d > 1e-9 {
				t.Errorf("%s: df %.15g, direct %.15g", id, te.DF, wantDF)
			}
		}
	}
}

// TestCR2Errors: bad input returns an error, never a panic.
func TestCR2Errors(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 0, 1, 1, 1, 2, 1, 3})
	r := []float64{0.1, -0.1, 0.2, -0.2}
	for _, c := range []struct {
		name string
		x    *mat.Dense
		r    []float64
		cl   []int32
		J    int
	}{
		{"length", x, r[:3], []int32{0, 0, 1, 1}, 2},
		{"code out of range", x, r, []int32{0, 0, 1, 2}, 2},
		{"negative code", x, r, []int32{0, -1, 1, 1}, 2},
		{"one cluster", x, r, []int32{0, 0, 0, 0}, 1},
		{"NaN residual", x, []float64{math.NaN(), 0, 0, 0}, []int32{0, 0, 1, 1}, 2},
		{"collinear", mat.NewDense(4, 2, []float64{1, 2, 1, 2, 1, 2, 1, 2}), r, []int32{0, 0, 1, 1}, 2},
		{"no clusters", x, r, []int32{0, 0, 1, 1}, 0},
	} {
		if _, err := CR2(c.x, c.r, c.cl, c.J); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
