package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/whatworks/whatworks/evaluate"
)

// samplePool pools six made-up schools (the README's example: Hedges' g
// and its variance from each school's summaries) by region, with the
// share of pupils eligible for free school meals as a numeric moderator.
func samplePool(t *testing.T) *evaluate.PoolReport {
	t.Helper()
	in := evaluate.PoolInput{Title: "Reading tutoring in six schools", Measure: evaluate.PoolHedgesG, By: "region", Moderator: "fsm_share"}
	for _, s := range []struct {
		name, region string
		g, v, fsm    float64
		nt, nc       int
	}{
		{"Ash Primary", "North", 0.3208, 0.0413, 0.31, 48, 50},
		{"Birch Academy", "North", 0.0520, 0.0328, 0.42, 62, 60},
		{"Cedar School", "South", 0.6672, 0.0621, 0.18, 35, 33},
		{"Dale Primary", "South", -0.2370, 0.0363, 0.12, 54, 57},
		{"Elm Academy", "Midlands", 0.5324, 0.0488, 0.37, 41, 44},
		{"Fir Tree School", "Midlands", 0.1121, 0.0355, 0.26, 58, 55},
	} {
		nt, nc := s.nt, s.nc
		in.Studies = append(in.Studies, evaluate.PoolStudy{Name: s.name, Source: "schools.csv", Input: "summaries",
			Yi: s.g, Vi: s.v, Level: s.region, X: s.fsm, NTreated: &nt, NComparison: &nc,
			Moderators: []evaluate.PoolField{{Name: "region", Value: s.region}}})
	}
	r, err := evaluate.Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sampleFunnel pools twelve made-up studies, enough for Egger's test and
// the funnel plot.
func sampleFunnel(t *testing.T) *evaluate.PoolReport {
	t.Helper()
	in := evaluate.PoolInput{Title: "Twelve trials", Measure: evaluate.PoolHedgesG}
	g := []float64{0.12, 0.31, 0.05, 0.44, 0.18, 0.62, 0.09, 0.27, 0.51, 0.15, 0.38, 0.72}
	v := []float64{0.004, 0.012, 0.006, 0.030, 0.008, 0.055, 0.005, 0.015, 0.040, 0.010, 0.025, 0.070}
	for i := range g {
		in.Studies = append(in.Studies, evaluate.PoolStudy{Name: "Trial " + string(rune('A'+i)), Input: "yi, vi", Yi: g[i], Vi: v[i]})
	}
	r, err := evaluate.Pool(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWritePoolText_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.PoolReport
	}{{"pool-schools.txt", samplePool(t)}, {"pool-funnel.txt", sampleFunnel(t)}} {
		var b bytes.Buffer
		if err := WritePoolText(&b, c.r); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, c.name, b.Bytes())
		for _, l := range strings.Split(b.String(), "\n") {
			if n := len([]rune(l)); n > poolWidth {
				t.Errorf("%s: a line of %d columns:\n%s", c.name, n, l)
			}
		}
	}
}

// The JSON keeps analyse's promises: the same bytes twice, null for NaN,
// [] for empty lists, the versions and the command first.
func TestWritePoolJSON(t *testing.T) {
	r := samplePool(t)
	var a, b bytes.Buffer
	if err := WritePoolJSON(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WritePoolJSON(&b, samplePool(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs give different JSON")
	}
	if !strings.HasPrefix(a.String(), "{\n  \"schema_version\": 1,\n  \"whatworks_version\": ") || !strings.Contains(a.String(), `"command": "pool"`) {
		t.Errorf("JSON starts %q", a.String()[:80])
	}
	var doc map[string]any
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"headline", "results", "studies", "small_study_effects", "caveats"} {
		if doc[f] == nil {
			t.Errorf("no %q", f)
		}
	}
	if e := doc["small_study_effects"].(map[string]any); e["p_value"] != nil || e["note"] == "" {
		t.Errorf("Egger with 6 studies: %v, want null with a note", e)
	}
	empty := &evaluate.PoolReport{Confidence: 0.95, Studies: []evaluate.PoolStudyResult{{Study: "a"}}}
	b.Reset()
	if err := WritePoolJSON(&b, empty); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"results": []`, `"caveats": []`, `"moderators": []`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("empty lists: no %s in\n%s", want, b.String())
		}
	}
}

// PoolHeadlines words the pooled effect on each scale.
func TestPoolHeadlines_measures(t *testing.T) {
	pool := func(measure string, ys ...float64) *evaluate.PoolReport {
		in := evaluate.PoolInput{Measure: measure}
		for i, y := range ys {
			in.Studies = append(in.Studies, evaluate.PoolStudy{Name: string(rune('a' + i)), Yi: y, Vi: 0.01})
		}
		r, err := evaluate.Pool(in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name string
		r    *evaluate.PoolReport
		want []string
	}{
		{"g", pool(evaluate.PoolHedgesG, 0.2, 0.25, 0.3), []string{
			"Across 3 studies, pupils in the programme made the equivalent of 3 additional months' progress",
			"No variation between places beyond chance was estimated (τ² = 0, I² = 0%): in a new school like these, the effect would likely lie between",
			"Headline model (meta_reml_knha): with 3 studies (fewer than 10)"}},
		{"log odds ratio", pool(evaluate.PoolLogOddsRatio, 0.4, 0.5), []string{
			"the odds of the outcome for pupils in the programme were 1.57 times those in the comparison groups (pooled odds ratio 1.57",
			"between an odds ratio of"}},
		{"risk difference", pool(evaluate.PoolRiskDifference, 0.05, 0.07), []string{
			"the share of pupils with the outcome was 6 percentage points higher in the programme than in the comparison groups (pooled risk difference 0.060"}},
		{"one study", pool(evaluate.PoolHedgesG, 0.2), []string{
			"In the one study, pupils in the programme made the equivalent of 3 additional months' progress",
			"Headline model (meta_reml): one study"}},
		{"chance", pool(evaluate.PoolEffectSize, -0.1, 0.15), []string{"the pooled effect size is 0.02 (95% CI -1.56 to 1.61, p = 0.874)", "but the pooled effect could be due to chance"}},
	}
	for _, c := range cases {
		got := strings.Join(PoolHeadlines(c.r), "\n")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", c.name, w, got)
			}
		}
	}
}

func TestWritePoolWorkbook_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.PoolReport
	}{{"pool-schools.xlsx.golden", samplePool(t)}, {"pool-funnel.xlsx.golden", sampleFunnel(t)}} {
		pngs, err := PoolEmbeddedPlots(c.r)
		if err != nil {
			t.Fatal(err)
		}
		o := WorkbookOptions{Version: "0.1.0-test", Date: "2026-07-20", PlotPNGs: pngs,
			Inputs: []InputFile{{Name: "schools.csv", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"}}}
		var a, b bytes.Buffer
		if err := WritePoolWorkbookTo(context.Background(), &a, c.r, o); err != nil {
			t.Fatal(err)
		}
		if err := WritePoolWorkbookTo(context.Background(), &b, c.r, o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs give different bytes", c.name)
		}
		path := filepath.Join(t.TempDir(), "pooled.xlsx")
		if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, c.name, []byte(dumpWorkbook(t, path)))
		if dir := os.Getenv("WHATWORKS_SAMPLE_DIR"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(c.name, ".golden")), a.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The forest and funnel plots: SVG goldens (byte for byte), PNGs at 300
// dpi that render the same twice.
func TestPoolPlots_golden(t *testing.T) {
	for _, c := range []struct {
		prefix string
		r      *evaluate.PoolReport
		want   []string
	}{{"pool-schools", samplePool(t), []string{"forest"}}, {"pool-funnel", sampleFunnel(t), []string{"forest", "funnel"}}} {
		figs, err := PoolFigures(c.r)
		if err != nil {
			t.Fatal(err)
		}
		if len(figs) != len(c.want) {
			t.Fatalf("%s: %d figures, want %v", c.prefix, len(figs), c.want)
		}
		for i, f := range figs {
			if f.Name != c.want[i] {
				t.Errorf("%s: figure %d is %s, want %s", c.prefix, i, f.Name, c.want[i])
			}
			svg, err := f.SVG()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "plots", c.prefix+"-"+f.Name+".svg")
			if *update {
				if err := os.WriteFile(golden, svg, 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(golden); err != nil {
				t.Fatalf("%v (go test ./reports -update creates it)", err)
			} else if !bytes.Equal(svg, want) {
				t.Errorf("%s differs from %s (look at both, then -update)", f.Name, golden)
			}
			p1, err := f.PNG()
			if err != nil {
				t.Fatal(err)
			}
			p2, _ := f.PNG()
			if !sameImage(t, ".png", p1, p2) {
				t.Errorf("%s: two renderings differ", f.Name)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(p1))
			if err != nil {
				t.Fatal(err)
			}
			if want := int(float64(f.Width/vg.Inch)*PlotDPI + 0.5); cfg.Width != want {
				t.Errorf("%s: %d pixels wide, want %d (300 dpi)", f.Name, cfg.Width, want)
			}
			if dir := os.Getenv("WHATWORKS_SAMPLE_DIR"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, c.prefix+"-"+f.Name+".png"), p1, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// The forest plot's rows: studies grouped by level, each group's diamond,
// the pooled diamond and the prediction interval.
func TestPoolForestRows(t *testing.T) {
	rows := poolForestRows(samplePool(t))
	var kinds []forestKind
	for _, r := range rows {
		kinds = append(kinds, r.kind)
	}
	want := []forestKind{forestHeader,
		forestHeader, forestStudy, forestStudy, forestSubtotal,
		forestHeader, forestStudy, forestStudy, forestSubtotal,
		forestHeader, forestStudy, forestStudy, forestSubtotal,
		forestOverall, forestPrediction}
	if len(kinds) != len(want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds %v, want %v", kinds, want)
		}
	}
	if rows[1].label != "region = Midlands" || rows[2].label != "Elm Academy" {
		t.Errorf("first group %q, %q", rows[1].label, rows[2].label)
	}
}
