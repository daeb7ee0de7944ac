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
	"github.com/whatworks/whatworks/reports/words"
)

// sampleDistributions are testreport.Scores as the box plots take them.
func sampleDistributions() []Distribution {
	var out []Distribution
	for _, s := range testreport.Scores() {
		out = append(out, Distribution(s))
	}
	return out
}

func TestWritePlots_golden(t *testing.T) {
	for _, c := range []struct {
		prefix string
		r      *evaluate.Report
		dist   []Distribution
		want   []string
	}{
		{"rct", testreport.RCT(), sampleDistributions(), []string{"forest", "before-after-ks2-read", "before-after-ks2-maths", "distribution-ks2-read", "distribution-ks2-maths"}},
		{"prepost", testreport.PrePost(), nil, []string{"forest", "before-after-writing"}},
	} {
		dir := t.TempDir()
		files, err := Write(filepath.Join(dir, "plots"), c.r, c.dist)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 2*len(c.want) {
			t.Fatalf("%s: wrote %d files, want %d: %v", c.prefix, len(files), 2*len(c.want), files)
		}
		for i, name := range c.want {
			for j, ext := range []string{".png", ".svg"} {
				path := files[2*i+j]
				if filepath.Base(path) != name+ext {
					t.Fatalf("file %d is %s, want %s", 2*i+j, filepath.Base(path), name+ext)
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "plots", c.prefix+"-"+name+ext)
				if *testreport.Update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (go test ./reports/plot -update creates it)", err)
				}
				if !sameImage(t, ext, got, want) {
					t.Errorf("%s differs from %s (look at both, then -update)", path, golden)
				}
			}
		}
	}
}

func TestRenderPNG_deterministicAnd300dpi(t *testing.T) {
	f, ok, err := ForestPlot(testreport.RCT())
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	a, err := RenderPNG(f.Plot, f.Width, f.Height)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RenderPNG(f.Plot, f.Width, f.Height)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings differ")
	}
	// PNG IHDR width at bytes 16..19: 7 inches at 300 dpi = 2100 pixels.
	w := int(a[16])<<24 | int(a[17])<<16 | int(a[18])<<8 | int(a[19])
	if w != 2100 {
		t.Fatalf("PNG is %d pixels wide, want 2100 (7 in at 300 dpi)", w)
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

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"ks2_read": "ks2-read", "KS2 Reading (scaled)": "ks2-reading-scaled", "__": "outcome"} {
		if got := words.Slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
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

func TestArmMeans_findsThePretest(t *testing.T) {
	r := testreport.RCT()
	pre, post := words.ArmMeans(r, "ks2_maths")
	if len(pre) != 2 || pre[0].Variable != "ks1_maths" || len(post) != 2 {
		t.Fatalf("got pre %v post %v", pre, post)
	}
	// A pretest shared by two outcomes is described once, for both.
	r.Descriptives = []evaluate.Descriptive{
		{Variable: "ks1", Subgroup: "all", Arm: "intervention", Time: "pre", N: 5, Outcomes: []string{"read", "maths"}},
		{Variable: "read", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"read"}},
		{Variable: "maths", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"maths"}},
	}
	for _, o := range []string{"maths", "read"} {
		if pre, post := words.ArmMeans(r, o); len(pre) != 1 || pre[0].Variable != "ks1" || len(post) != 1 || post[0].Variable != o {
			t.Fatalf("%s: pre %v, post %v", o, pre, post)
		}
	}
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
	if got := strings.Join(names, " "); got != "Summary/forest Descriptives/before-after-gcse-maths Matching/love-plot" {
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
