package plot

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// textBox is where one line of text is drawn, in points from the figure's
// bottom left: from its left end to its right end, and from a little
// below the baseline to the top of its capitals.
type textBox struct {
	x0, y0, x1, y1 float64
	s              string
}

func (a textBox) overlaps(b textBox) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// affine is the transform x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// then is m followed, in the drawing's own coordinates, by n (the
// canvas's Translate, Rotate and Scale change the frame that later points
// are given in).
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// textBoxes draws f on a recording canvas and returns the box of every
// line of text it wrote, with the figure's width and height in points.
func textBoxes(f Figure) (boxes []textBox, w, h float64) {
	rec := new(recorder.Canvas)
	f.draw(draw.NewCanvas(rec, f.Width, f.Height))
	m := affine{a: 1, d: 1}
	var stack []affine
	for _, act := range rec.Actions {
		switch a := act.(type) {
		case *recorder.Push:
			stack = append(stack, m)
		case *recorder.Pop:
			m, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case *recorder.Translate:
			m = m.then(affine{a: 1, d: 1, e: float64(a.Point.X), f: float64(a.Point.Y)})
		case *recorder.Rotate:
			s, c := math.Sincos(a.Angle)
			m = m.then(affine{a: c, b: s, c: -s, d: c})
		case *recorder.Scale:
			m = m.then(affine{a: a.X, d: a.Y})
		case *recorder.FillString:
			if strings.TrimSpace(a.String) == "" {
				continue
			}
			face := font.DefaultCache.Lookup(a.Font, a.Size)
			x, y := float64(a.Point.X), float64(a.Point.Y)
			wd, size := float64(face.Width(a.String)), float64(a.Size)
			// The ink of a line: half a point in from each end, from
			// below the baseline (descenders) to the capitals' top.
			b := textBox{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1), s: a.String}
			for _, c := range [][2]float64{{x + 0.5, y - 0.15*size}, {x + wd - 0.5, y - 0.15*size}, {x + 0.5, y + 0.72*size}, {x + wd - 0.5, y + 0.72*size}} {
				px, py := m.apply(c[0], c[1])
				b.x0, b.x1 = math.Min(b.x0, px), math.Max(b.x1, px)
				b.y0, b.y1 = math.Min(b.y0, py), math.Max(b.y1, py)
			}
			boxes = append(boxes, b)
		}
	}
	return boxes, float64(f.Width), float64(f.Height)
}

// checkLayout fails when two lines of text of f overlap or a line runs
// off the figure.
func checkLayout(t *testing.T, name string, f Figure) {
	t.Helper()
	boxes, w, h := textBoxes(f)
	for i, a := range boxes {
		if a.x0 < -0.5 || a.y0 < -0.5 || a.x1 > w+0.5 || a.y1 > h+0.5 {
			t.Errorf("%s, %s: %q runs off the figure (%.0f to %.0f of %.0f points across, %.0f to %.0f of %.0f up)",
				name, f.Name, a.s, a.x0, a.x1, w, a.y0, a.y1, h)
		}
		for _, b := range boxes[i+1:] {
			if a.overlaps(b) {
				t.Errorf("%s, %s: %q overlaps %q", name, f.Name, a.s, b.s)
			}
		}
	}
}

// layoutReports are reports whose plots must not collide: the fixtures,
// and evaluate.Run on every design with 1, 2 and 12 outcomes, short and
// long labels (long ones with a subgroup of 5 levels).
func layoutReports(t *testing.T) map[string]*evaluate.Report {
	t.Helper()
	out := map[string]*evaluate.Report{
		"rct": testreport.RCT(), "prepost": testreport.PrePost(), "qed": testreport.QED(),
		"matched": testreport.Matched(), "survey": testreport.Survey(t),
	}
	for _, design := range []string{"rct", "two-group", "pre-post", "cluster-rct", "matched"} {
		for _, n := range []int{1, 2, 12} {
			for _, long := range []bool{false, true} {
				if n == 12 && !long && design != "rct" {
					continue
				}
				r, err := evaluate.Run(context.Background(), testreport.Synthetic(design, n, long))
				if err != nil {
					t.Fatalf("%s, %d outcomes: %v", design, n, err)
				}
				out[fmt.Sprintf("%s-%d-long-%v", design, n, long)] = r
			}
		}
	}
	return out
}

// TestFigures_layout: no two lines of text of any plot overlap, and none
// runs off its figure, with long labels, 1 to 12 outcomes and subgroups of
// 5 levels.
func TestFigures_layout(t *testing.T) {
	for name, r := range layoutReports(t) {
		figs, err := Figures(r, sampleDistributions())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range figs {
			checkLayout(t, name, f)
			if dir := os.Getenv("WHATWORKS_PLOT_DIR"); dir != "" {
				// To look at them: WHATWORKS_PLOT_DIR=/tmp/plots go test -run layout
				png, err := f.PNGAt(100)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, name+"-"+f.Name+".png"), png, 0o644)
			}
		}
	}
}

// TestTextBoxes_findsOverlap: the layout check sees two labels drawn on
// top of each other, and text turned a quarter turn (the y label).
func TestTextBoxes_findsOverlap(t *testing.T) {
	p := newPlot("", "", "A y label")
	labels, err := plotter.NewLabels(plotter.XYLabels{
		XYs: plotter.XYs{{X: 0, Y: 0}, {X: 0.02, Y: 0}, {X: 1, Y: 1}}, Labels: []string{"Programme", "Comparison", "Apart"}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(labels)
	f := Figure{Name: "collide", Plot: p, Width: 4 * vg.Inch, Height: 3 * vg.Inch}
	boxes, _, _ := textBoxes(f)
	over := map[string]bool{}
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if a.overlaps(b) {
				over[a.s+" & "+b.s] = true
			}
		}
		if a.s == "A y label" && a.y1-a.y0 < a.x1-a.x0 {
			t.Errorf("the y label is drawn across, not up: %+v", a)
		}
	}
	if len(over) != 1 || !over["Programme & Comparison"] {
		t.Errorf("overlaps %v, want only Programme & Comparison, in %+v", over, boxes)
	}
}

// TestPropensity_axisCoversBars: the labelled ticks of the share axis
// reach past the tallest bar above and below the line.
func TestPropensity_axisCoversBars(t *testing.T) {
	r, err := evaluate.Run(context.Background(), testreport.Synthetic("matched", 1, false))
	if err != nil {
		t.Fatal(err)
	}
	panels, err := PropensityPanels(r.Matching)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range panels {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			if tk.Label != "" {
				lo, hi = math.Min(lo, tk.Value), math.Max(hi, tk.Value)
			}
		}
		for _, after := range []bool{false, true} {
			// A plot's range after Add is its bars' range.
			bp := newPlot("", "", "")
			ps0, ps1, _ := psRange(r.Matching)
			if err := addMirrored(bp, r.Matching, ps0, ps1, after, false); err != nil {
				t.Fatal(err)
			}
			if bp.Y.Max > hi+1e-12 || bp.Y.Min < lo-1e-12 {
				t.Errorf("bars from %.3f to %.3f, labelled ticks from %.3f to %.3f", bp.Y.Min, bp.Y.Max, lo, hi)
			}
		}
	}
	for _, c := range [][2]float64{{-0.66, 0.16}, {-0.1, 0.149}, {-0.4, 0.4}, {-0.799, 0.001}, {-0.05, 0.9}} {
		lo, hi := snapToTicks(c[0], c[1])
		step := absStep(lo, hi)
		if lo > c[0] || hi < c[1] || math.Abs(lo/step-math.Round(lo/step)) > 1e-9 || math.Abs(hi/step-math.Round(hi/step)) > 1e-9 {
			t.Errorf("snapToTicks(%v) = %v, %v (step %v)", c, lo, hi, step)
		}
	}
}

// TestForest_axis: the forest plot's axis covers every interval and
// labels 0, for every report and for any range around 0.
func TestForest_axis(t *testing.T) {
	for name, r := range layoutReports(t) {
		f, ok, err := ForestPlot(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ok {
			continue // no effect sizes in SDs (a survey)
		}
		p := f.Plot
		for _, x := range forestRows(r) {
			if float64(x.CILow) < p.X.Min || float64(x.CIHigh) > p.X.Max {
				t.Errorf("%s: interval %v to %v outside the axis %v to %v", name, x.CILow, x.CIHigh, p.X.Min, p.X.Max)
			}
		}
		if !labelsZero(p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)) {
			t.Errorf("%s: no 0 on the axis from %v to %v", name, p.X.Min, p.X.Max)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		lo, hi := -3*rng.Float64()*rng.Float64(), 3*rng.Float64()*rng.Float64()
		ts := zeroTicks{}.Ticks(lo, hi)
		if !labelsZero(ts) {
			t.Fatalf("zeroTicks(%v, %v) = %v: no 0", lo, hi, ts)
		}
		seen := map[string]bool{}
		for _, tk := range ts {
			if tk.Label != "" && seen[tk.Label] {
				t.Fatalf("zeroTicks(%v, %v) = %v: %s twice", lo, hi, ts, tk.Label)
			}
			seen[tk.Label] = true
			if tk.Value < lo-1e-9 || tk.Value > hi+1e-9 {
				t.Fatalf("zeroTicks(%v, %v) = %v: %v outside", lo, hi, ts, tk.Value)
			}
		}
	}
}

func labelsZero(ts []plot.Tick) bool {
	for _, tk := range ts {
		if tk.Label == "0" && tk.Value == 0 {
			return true
		}
	}
	return false
}
