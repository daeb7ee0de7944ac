package binary

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestComparePaired_golden checks ComparePaired against R 4.2.2:
// mcnemar.test(correct = FALSE), binom.test(c, b + c) and the closed-form
// difference and interval (fixtures/binary/golden.R). The bacteria table
// is counted from the pupils' answers (MASS::bacteria, weeks 0 and 11).
func TestComparePaired_golden(t *testing.T) {
	g := readGolden(t)
	defer logWorst(t)
	tables := map[string]PairedTable{}
	for _, r := range records(t, "paired.csv") {
		tables[r["case"]] = PairedTable{Both: atoi(t, r["both"]), Lost: atoi(t, r["lost"]),
			Gained: atoi(t, r["gained"]), Neither: atoi(t, r["neither"])}
	}
	var pre, post []float64
	for _, r := range records(t, "bacteria_paired.csv") {
		pre = append(pre, parseNum(t, r["pre"]))
		post = append(post, parseNum(t, r["post"]))
	}
	counted, err := PairedTableOf(pre, post)
	if err != nil {
		t.Fatal(err)
	}
	if counted != tables["bacteria_week0_week11"] {
		t.Errorf("bacteria counted %+v, R counts %+v", counted, tables["bacteria_week0_week11"])
	}
	for name, tab := range tables {
		p, err := ComparePaired(tab, 0.95)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		const tol = 1e-9
		g.check(t, name, "n", float64(p.N), 0)
		g.check(t, name, "p_pre", p.PPre, tol)
		g.check(t, name, "p_post", p.PPost, tol)
		g.check(t, name, "mcnemar", p.McNemar.Statistic, tol)
		g.check(t, name, "mcnemar_p", p.McNemar.P, tol)
		g.check(t, name, "exact_p", p.ExactP, tol)
		g.check(t, name, "rd", p.Difference.Estimate, tol)
		g.check(t, name, "rd_se", p.Difference.SE, tol)
		g.check(t, name, "rd_lo", p.Difference.CILow, tol)
		g.check(t, name, "rd_hi", p.Difference.CIHigh, tol)
		if p.Difference.P != p.McNemar.P && !math.IsNaN(p.McNemar.P) {
			t.Errorf("%s: difference p %v is not McNemar's %v", name, p.Difference.P, p.McNemar.P)
		}
		if math.IsNaN(p.Difference.CILow) && p.Difference.Reason == "" || math.IsNaN(p.ExactP) && p.Reason == "" {
			t.Errorf("%s: NaN without a reason: %+v", name, p)
		}
	}
}

// TestBinomialTest_golden checks BinomialTest against R 4.2.2
// binom.test(x, n, p)$p.value, including nulls other than 1/2.
func TestBinomialTest_golden(t *testing.T) {
	g := readGolden(t)
	for _, c := range []struct {
		x, n int
		p    float64
	}{{3, 20, 0.3}, {12, 20, 0.3}, {6, 20, 0.3}, {0, 15, 0.2}, {15, 15, 0.9}, {40, 100, 0.5}} {
		got, err := BinomialTest(c.x, c.n, c.p)
		if err != nil {
			t.Fatal(err)
		}
		g.check(t, fmt.Sprintf("binom_%d_%d_%g", c.x, c.n, c.p), "p", got, 1e-9)
	}
	for _, bad := range [][3]float64{{-1, 5, 0.5}, {6, 5, 0.5}, {0, 0, 0.5}, {1, 5, 1.5}, {1, 5, math.NaN()}} {
		if _, err := BinomialTest(int(bad[0]), int(bad[1]), bad[2]); err == nil {
			t.Errorf("BinomialTest(%v) gives no error", bad)
		}
	}
	// p = 0 or 1: the only possible count has p-value 1.
	for _, c := range [][3]float64{{0, 5, 0}, {5, 5, 1}, {1, 5, 0}} {
		got, _ := BinomialTest(int(c[0]), int(c[1]), c[2])
		want := 1.0
		if c[0] == 1 {
			want = 0
		}
		if got != want {
			t.Errorf("BinomialTest(%v) = %v, want %v", c, got, want)
		}
	}
}

// TestBinomialTest_smallTail: an extreme count keeps its relative
// precision: 2 · 2⁻⁶⁰ for 0 of 60.
func TestBinomialTest_smallTail(t *testing.T) {
	got, _ := BinomialTest(0, 60, 0.5)
	if want := math.Ldexp(1, -59); math.Abs(got-want) > 1e-12*want {
		t.Errorf("BinomialTest(0, 60, 0.5) = %v, want %v", got, want)
	}
	got, _ = BinomialTest(60, 60, 0.5)
	if want := math.Ldexp(1, -59); math.Abs(got-want) > 1e-12*want {
		t.Errorf("BinomialTest(60, 60, 0.5) = %v, want %v", got, want)
	}
}

func TestPairedTableOf(t *testing.T) {
	nan := math.NaN()
	tab, err := PairedTableOf([]float64{1, 1, 0, 0, nan, 1}, []float64{1, 0, 1, 0, 1, nan})
	if err != nil {
		t.Fatal(err)
	}
	if want := (PairedTable{1, 1, 1, 1}); tab != want {
		t.Errorf("PairedTableOf = %+v, want %+v", tab, want)
	}
	for _, bad := range []struct {
		pre, post []float64
		want      string
	}{
		{[]float64{1}, []float64{1, 0}, "1 answers before and 2 after"},
		{[]float64{1, 3}, []float64{1, 0}, "pupil 2 has 3 before"},
	} {
		if _, err := PairedTableOf(bad.pre, bad.post); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("error %v, want %q", err, bad.want)
		}
	}
	if _, err := ComparePaired(PairedTable{}, 0.95); err == nil {
		t.Error("an empty paired table gives no error")
	}
	if _, err := ComparePaired(PairedTable{1, -1, 0, 0}, 0.95); err == nil {
		t.Error("a negative count gives no error")
	}
}
