package plot

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"gonum.org/v1/plot/vg"
)

// sampleDistributions are testreport.Scores as the box plots take them.
func sampleDistributions() []Distribution {
	var out []Distribution
	for _, s := range testreport.Scores() {
		out = append(out, Distribution{Outcome: s.Outcome, Label: s.Label, Treated: s.Treated, Comparison: s.Comparison})
	}
	return out
}

// lowDPI is the resolution of the PNG goldens but one: at 50 dpi a plot
// has a 36th of the pixels of the files' 300 dpi and draws in a few
// milliseconds. The SVG goldens pin every mark and word; the low-resolution
// PNGs pin the raster path; TestPNG_fullResolution checks one plot at DPI.
const lowDPI = 50

// checkFigure compares f's SVG with testdata/plots/BASE.svg byte for byte
// and its PNG at lowDPI with testdata/plots/50dpi/BASE.png pixel by pixel,
// or rewrites them with -update (look at both first).
func checkFigure(t *testing.T, base string, f Figure) {
	t.Helper()
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	png, err := f.PNGAt(lowDPI)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		path string
		got  []byte
	}{
		{filepath.Join("testdata", "plots", base+".svg"), svg},
		{filepath.Join("testdata", "plots", "50dpi", base+".png"), png},
	} {
		if *testreport.Update {
			if err := os.MkdirAll(filepath.Dir(g.path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(g.path, g.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(g.path)
		if err != nil {
			t.Fatalf("%v (go test ./reports/plot -update creates it)", err)
		}
		if !sameImage(t, filepath.Ext(g.path), g.got, want) {
			t.Errorf("%s differs from %s (look at both, then -update)", base, g.path)
		}
	}
}

// TestFigures_golden: the standard plots of a trial (with box plots) and of
// a single group before and after.
func TestFigures_golden(t *testing.T) {
	for _, c := range []struct {
		prefix string
		r      *evaluate.Report
		dist   []Distribution
		want   []string
	}{
		{"rct", testreport.RCT(), sampleDistributions(), []string{"forest", "before-after-ks2-read", "before-after-ks2-maths", "distribution-ks2-read", "distribution-ks2-maths", "flow-ks2-read", "flow-ks2-maths"}},
		{"prepost", testreport.PrePost(), nil, []string{"forest", "before-after-writing", "flow-writing"}},
		{"survey", testreport.Survey(t), nil, []string{"proportions-progressed", "likert-attitudes-post", "flow-progressed", "flow-attitudes-post", "love-plot"}},
	} {
		figs, err := Figures(c.r, c.dist)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range figs {
			names = append(names, f.Name)
			checkFigure(t, c.prefix+"-"+f.Name, f)
		}
		if strings.Join(names, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: figures %v, want %v", c.prefix, names, c.want)
		}
	}
}

// TestPNG_fullResolution: the forest plot at DPI, as the files and the
// workbook have it, pixel for pixel (testdata/plots/rct-forest.png), 7
// inches wide at 300 dpi, the same when drawn twice.
func TestPNG_fullResolution(t *testing.T) {
	f, ok, err := ForestPlot(testreport.RCT())
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	got, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	// PNG IHDR width at bytes 16..19: 7 inches at 300 dpi = 2100 pixels.
	if w := int(got[16])<<24 | int(got[17])<<16 | int(got[18])<<8 | int(got[19]); w != 2100 {
		t.Fatalf("PNG is %d pixels wide, want 2100 (7 in at 300 dpi)", w)
	}
	golden := filepath.Join("testdata", "plots", "rct-forest.png")
	if *testreport.Update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !sameImage(t, ".png", got, want) {
		t.Errorf("the forest plot at %d dpi differs from %s (look at both, then -update)", DPI, golden)
	}
	again, _ := f.PNGAt(DPI)
	if !bytes.Equal(got, again) {
		t.Error("two renderings differ")
	}
}

// TestWrite: the plots folder holds NAME.png (at DPI) and NAME.svg of each
// figure, in order.
func TestWrite(t *testing.T) {
	files, err := Write(filepath.Join(t.TempDir(), "plots"), testreport.PrePost(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if got := strings.Join(names, " "); got != "forest.png forest.svg before-after-writing.png before-after-writing.svg flow-writing.png flow-writing.svg" {
		t.Fatalf("wrote %s", got)
	}
	svg, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := os.ReadFile(filepath.Join("testdata", "plots", "prepost-forest.svg")); !bytes.Equal(svg, want) {
		t.Error("forest.svg differs from testdata/plots/prepost-forest.svg")
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if f, _, _ := ForestPlot(testreport.PrePost()); cfg.Width != int(float64(f.Width/vg.Inch)*DPI+0.5) {
		t.Errorf("forest.png is %d pixels wide, not %v in at %d dpi", cfg.Width, f.Width/vg.Inch, DPI)
	}
}

func TestForestPlot_rows(t *testing.T) {
	rows := forestRows(testreport.RCT())
	var got []string
	for _, x := range rows {
		got = append(got, x.Outcome+" "+x.Subgroup+" "+string(x.Analysis))
	}
	want := "ks2_read all ancova|ks2_read fsm=Y ancova|ks2_read fsm=N ancova|ks2_maths all ancova|ks2_maths fsm=Y ancova|ks2_maths fsm=N ancova"
	if strings.Join(got, "|") != want {
		t.Fatalf("forest rows\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
}

func TestWritePlots_noResults(t *testing.T) {
	files, err := Write(t.TempDir(), &evaluate.Report{Confidence: 0.95}, nil)
	if err != nil || len(files) != 0 {
		t.Fatalf("got %v, %v; want no files and no error", files, err)
	}
}

// sameImage compares two PNGs pixel by pixel (as gonum's cmpimg.Equal does;
// cmpimg itself needs rsc.io/pdf, which is not in go.sum) and two SVGs byte
// by byte.
func sameImage(t *testing.T, ext string, got, want []byte) bool {
	t.Helper()
	if ext != ".png" {
		return bytes.Equal(got, want)
	}
	a, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	if a.Bounds() != b.Bounds() {
		return false
	}
	// The same pixel layout (what png.Decode gives for files written
	// alike): compare the bytes.
	if x, ok := a.(*image.RGBA); ok {
		if y, ok := b.(*image.RGBA); ok {
			return x.Stride == y.Stride && bytes.Equal(x.Pix, y.Pix)
		}
	}
	if x, ok := a.(*image.NRGBA); ok {
		if y, ok := b.(*image.NRGBA); ok {
			return x.Stride == y.Stride && bytes.Equal(x.Pix, y.Pix)
		}
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !sameColour(a, b, x, y) {
				return false
			}
		}
	}
	return true
}

func sameColour(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestFigures_matchingPlots(t *testing.T) {
	figs, err := Figures(testreport.Matched(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Sheet+"/"+f.Name)
	}
	// No propensity scores in the sample report: no propensity panels.
	if got := strings.Join(names, " "); got != "Summary/forest Descriptives/before-after-gcse-maths Summary/flow-gcse-maths Matching/love-plot" {
		t.Fatalf("figures %s", got)
	}
}

func TestSameScale(t *testing.T) {
	d := func(m, sd float64) []evaluate.Descriptive {
		return []evaluate.Descriptive{{Mean: evaluate.Num(m), SD: evaluate.Num(sd), N: 50}}
	}
	for _, c := range []struct {
		pre, post []evaluate.Descriptive
		want      bool
	}{
		{d(93, 14), d(101, 13), true},     // standardised scores before and after
		{d(15, 4), d(104, 6), false},      // KS1 points and KS2 scaled scores
		{d(50, 10), d(52, 30), false},     // very different spreads
		{d(0.5, 0.1), d(0.9, 0.1), false}, // 4 SDs apart
	} {
		if got := sameScale(c.pre, c.post); got != c.want {
			t.Errorf("sameScale(%v, %v) = %v, want %v", c.pre[0].Mean, c.post[0].Mean, got, c.want)
		}
	}
}
