package power

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"
)

// goldenRow is one row of fixtures/power/golden.csv (see its README).
type goldenRow struct {
	id, fn, kind                                     string
	n, j, m, icc, r21, r22, p, g, alpha, pow, effect float64
	share, df, value                                 float64
}

func readGolden(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	if s == "NA" || s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func goldenRows(t *testing.T) []goldenRow {
	var out []goldenRow
	for _, m := range readGolden(t, "../../fixtures/power/golden.csv") {
		out = append(out, goldenRow{
			id: m["id"], fn: m["fn"], kind: m["kind"],
			n: num(t, m["n"]), j: num(t, m["J"]), m: num(t, m["m"]), icc: num(t, m["icc"]),
			r21: num(t, m["r2_1"]), r22: num(t, m["r2_2"]), p: num(t, m["p"]), g: num(t, m["g"]),
			alpha: num(t, m["alpha"]), pow: num(t, m["power"]), effect: num(t, m["effect"]),
			share: num(t, m["share"]), df: num(t, m["df"]), value: num(t, m["value"]),
		})
	}
	return out
}

// plan turns a golden row into a Plan (NaN sizes = not given).
func (r goldenRow) plan() Plan {
	p := Plan{R2Pupil: r.r21, PTreated: r.p, Covariates: int(r.g), Alpha: r.alpha, Power: r.pow}
	switch r.kind {
	case "individual":
		p.Design = RCT
	case "prepost":
		p.Design = PrePost
	case "cluster":
		p.Design = ClusterRCT
		p.ICC, p.R2Cluster = r.icc, r.r22
		if !math.IsNaN(r.j) {
			p.Clusters = int(r.j)
		}
		if !math.IsNaN(r.m) {
			p.ClusterSize = r.m
		}
	}
	if r.kind != "cluster" && !math.IsNaN(r.n) {
		p.N = r.n
	}
	return p
}

// TestGolden checks every value of fixtures/power/golden.csv, made by
// fixtures/power/golden.R (R 4.2.2): PowerUp!'s formulas written out in R,
// with R's qt and pt. Closed forms: 1e-9. Sizes: exact.
func TestGolden(t *testing.T) {
	rows := goldenRows(t)
	if len(rows) < 40 {
		t.Fatalf("only %d golden rows", len(rows))
	}
	for _, r := range rows {
		t.Run(r.id+"/"+r.fn, func(t *testing.T) {
			p := r.plan()
			var got Result
			var err error
			var value float64
			switch r.fn {
			case "mdes":
				got, err = MDES(p)
				value = got.MDES
			case "power":
				got, err = Power(p, r.effect)
				value = got.Power
			case "n_total", "mdes_at_n":
				got, err = SampleSize(p, r.effect)
				value = got.N
				if r.fn == "mdes_at_n" {
					value = got.MDES
				}
			case "cluster_size":
				p.ClusterSize = 0
				got, err = SampleSize(p, r.effect)
				value = got.ClusterSize
				if math.IsNaN(r.value) {
					// R found no cluster size up to 100,000.
					if !errors.Is(err, ErrUnreachable) {
						t.Fatalf("err = %v, want ErrUnreachable", err)
					}
					return
				}
			case "clusters":
				p.Clusters = 0
				got, err = Clusters(p, r.effect)
				value = float64(got.Clusters)
			case "subgroup_mdes":
				got, err = Subgroup(p, r.share)
				value = got.MDES
			default:
				t.Fatalf("unknown fn %q", r.fn)
			}
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(value-r.value) > 1e-9 {
				t.Errorf("%s = %.15g, R %.15g (Δ %.2g)", r.fn, value, r.value, value-r.value)
			}
			if !math.IsNaN(r.df) && r.fn != "n_total" && r.fn != "cluster_size" && r.fn != "clusters" && math.Abs(got.DF-r.df) > 1e-9 {
				t.Errorf("df = %g, R %g", got.DF, r.df)
			}
		})
	}
}

// TestGoldenPwr checks TTestPower and TTestN against pwr::pwr.t.test 1.3-0
// (fixtures/power/golden_pwr.csv): power to 1e-9; n against the root of
// pwr's own power function solved with uniroot(tol = 1e-13) to 1e-8, and
// against pwr.t.test's printed n (uniroot's default tolerance) to 1e-4.
func TestGoldenPwr(t *testing.T) {
	for _, m := range readGolden(t, "../../fixtures/power/golden_pwr.csv") {
		id, fn, kind := m["id"], m["fn"], m["type"]
		n, d, alpha, pow, want := num(t, m["n"]), num(t, m["d"]), num(t, m["alpha"]), num(t, m["power"]), num(t, m["value"])
		t.Run(id+"/"+fn, func(t *testing.T) {
			var got, tol float64
			var err error
			switch fn {
			case "pwr_power":
				got, err = TTestPower(n, d, alpha, kind)
				tol = 1e-9
			case "pwr_n":
				got, err = TTestN(d, alpha, pow, kind)
				tol = 1e-8
			case "pwr_n_default":
				got, err = TTestN(d, alpha, pow, kind)
				tol = 1e-4
			case "pwr_n_ceiling":
				got, err = TTestN(d, alpha, pow, kind)
				got = math.Ceil(got)
				tol = 0
			default:
				t.Fatalf("unknown fn %q", fn)
			}
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-want) > tol {
				t.Errorf("%s = %.15g, R %.15g (Δ %.2g)", fn, got, want, got-want)
			}
		})
	}
}
