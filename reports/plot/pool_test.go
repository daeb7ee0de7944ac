package plot

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// The forest and funnel plots: SVG goldens (byte for byte), PNG goldens at
// lowDPI that render the same twice.
func TestPoolPlots_golden(t *testing.T) {
	for _, c := range []struct {
		prefix string
		r      *evaluate.PoolReport
		want   []string
	}{{"pool-schools", testreport.Pool(t), []string{"forest"}}, {"pool-funnel", testreport.Funnel(t), []string{"forest", "funnel"}}} {
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
			checkFigure(t, c.prefix+"-"+f.Name, f)
			p1, err := f.PNGAt(lowDPI)
			if err != nil {
				t.Fatal(err)
			}
			p2, _ := f.PNGAt(lowDPI)
			if !sameImage(t, ".png", p1, p2) {
				t.Errorf("%s: two renderings differ", f.Name)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(p1))
			if err != nil {
				t.Fatal(err)
			}
			if want := int(float64(f.Width/vg.Inch)*lowDPI + 0.5); cfg.Width != want {
				t.Errorf("%s: %d pixels wide, want %d (%d dpi)", f.Name, cfg.Width, want, lowDPI)
			}
			if dir := os.Getenv("WHATWORKS_SAMPLE_DIR"); dir != "" {
				full, err := f.PNG()
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, c.prefix+"-"+f.Name+".png"), full, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// The forest plot's rows: studies grouped by level, each group's diamond,
// the pooled diamond and the prediction interval.
func TestPoolForestRows(t *testing.T) {
	rows := poolForestRows(testreport.Pool(t))
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
