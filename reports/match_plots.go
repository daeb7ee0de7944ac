package reports

import (
	"errors"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
)

// Love-plot thresholds: WWC "satisfied" (0.05), the common 0.1 rule, WWC
// "fails" (0.25).
var loveLines = []float64{0.05, 0.1, 0.25}

// LovePlot draws the absolute standardised mean difference of every
// covariate (each level of a categorical one) before matching (hollow
// circles) and after (filled), with dashed lines at 0.05, 0.1 and 0.25.
// Covariates are listed top to bottom in the order of the balance table.
func LovePlot(m *evaluate.MatchReport) (*plot.Plot, error) {
	if m == nil || len(m.Balance) == 0 {
		return nil, errors.New("love plot: the matching report has no balance table")
	}
	var names []string
	var before, after []float64
	idx := map[string]int{}
	for _, b := range m.Balance {
		name := b.Variable
		if b.Level != "" {
			name += ": " + b.Level
		}
		if b.Variable == "propensity_score" {
			name = "propensity score"
		}
		k, ok := idx[name]
		if !ok {
			k = len(names)
			idx[name] = k
			names = append(names, name)
			before = append(before, math.NaN())
			after = append(after, math.NaN())
		}
		v := math.Abs(float64(b.SMD))
		if b.Sample == "after_matching" {
			after[k] = v
		} else {
			before[k] = v
		}
	}
	n := len(names)
	// NominalY puts the first name at the bottom: reverse so the table's
	// first row is at the top.
	rev := make([]string, n)
	for i, s := range names {
		rev[n-1-i] = s
	}
	p := newPlot("Balance before and after matching",
		"Absolute standardised mean difference (dashed: 0.05, 0.1, 0.25)", "")
	p.NominalY(rev...)
	p.Y.Tick.Marker = plot.ConstantTicks(nominalTicks(rev))
	xmax := 0.3
	for i := range names {
		for _, v := range []float64{before[i], after[i]} {
			if !math.IsNaN(v) && v > xmax {
				xmax = v
			}
		}
	}
	for _, x := range loveLines {
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: -0.5}, {X: x, Y: float64(n) - 0.5}})
		if err != nil {
			return nil, err
		}
		l.Color = colourGrey
		l.Width = vg.Points(0.8)
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
	}
	pts := func(v []float64) plotter.XYs {
		var xy plotter.XYs
		for i, x := range v {
			if !math.IsNaN(x) {
				xy = append(xy, plotter.XY{X: x, Y: float64(n - 1 - i)})
			}
		}
		return xy
	}
	sb, err := plotter.NewScatter(pts(before))
	if err != nil {
		return nil, err
	}
	sb.GlyphStyle = draw.GlyphStyle{Color: colourComparison, Radius: vg.Points(4), Shape: thickRing{}}
	sa, err := plotter.NewScatter(pts(after))
	if err != nil {
		return nil, err
	}
	sa.GlyphStyle = draw.GlyphStyle{Color: colourProgramme, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	p.Add(sb, sa)
	p.Legend.Add("Before matching", sb)
	p.Legend.Add("After matching", sa)
	p.Legend.Top = true
	p.X.Min = 0
	p.X.Max = xmax * 1.05
	p.Y.Min = -0.6
	p.Y.Max = float64(n) + 0.4 // a free row at the top for the legend
	p.X.Tick.Marker = loveTicks{max: p.X.Max}
	return p, nil
}

// loveTicks put labelled ticks at 0, the thresholds and beyond.
type loveTicks struct{ max float64 }

func (t loveTicks) Ticks(min, max float64) []plot.Tick {
	if max <= 0.6 {
		return []plot.Tick{{Value: 0, Label: "0"}, {Value: 0.05, Label: "0.05"}, {Value: 0.1, Label: "0.1"}, {Value: 0.25, Label: "0.25"}, {Value: 0.5, Label: "0.5"}}
	}
	// Wide range: the thresholds would overprint; label 0, 0.25 and the
	// default ticks from 0.5 (the dashed lines still show 0.05 and 0.1).
	ts := []plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"}}
	step := 0.5
	for max/step > 6 {
		step *= 2
	}
	for v := step; v <= max; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
	}
	return ts
}

func nominalTicks(names []string) []plot.Tick {
	ts := make([]plot.Tick, len(names))
	for i, s := range names {
		ts[i] = plot.Tick{Value: float64(i), Label: s}
	}
	return ts
}

// thickRing is a hollow circle with a line width that stays visible at
// 300 dpi.
type thickRing struct{}

func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.4)})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}

// propensityBins is the number of histogram bins of the propensity plots.
const propensityBins = 25

// PropensityPlot draws the distribution of the propensity score by arm
// as a mirrored histogram: pupils who took part above the axis, the
// comparison pool below, each as the share of its group in each band of
// scores. Before matching is drawn as outlines, after matching (with the
// matching weights) as filled bars, so the reader sees how matching
// trimmed the pool to pupils like those who took part.
func PropensityPlot(m *evaluate.MatchReport) (*plot.Plot, error) {
	lo, hi, err := psRange(m)
	if err != nil {
		return nil, err
	}
	p := newPlot("Propensity scores before and after matching",
		"Propensity score (estimated chance of taking part)", "Share of the group (comparison below the line)")
	if err := addMirrored(p, m, lo, hi, true, true); err != nil {
		return nil, err
	}
	if err := addMirrored(p, m, lo, hi, false, true); err != nil {
		return nil, err
	}
	finishMirrored(p, lo, hi)
	// Room at the top for the legend (four entries).
	p.Y.Max += 0.4 * (p.Y.Max - p.Y.Min)
	return p, nil
}

// PropensityPanels draws the same as PropensityPlot as two panels, before
// matching and after matching, for a Figure with Panels.
func PropensityPanels(m *evaluate.MatchReport) ([]*plot.Plot, error) {
	lo, hi, err := psRange(m)
	if err != nil {
		return nil, err
	}
	var out []*plot.Plot
	for _, after := range []bool{false, true} {
		title := "Before matching"
		if after {
			title = "After matching"
		}
		p := newPlot(title, "Propensity score", "Share (took part up, comparison down)")
		if err := addMirrored(p, m, lo, hi, after, false); err != nil {
			return nil, err
		}
		finishMirrored(p, lo, hi)
		out = append(out, p)
	}
	// Same y scale in both panels.
	ymin, ymax := 0.0, 0.0
	for _, p := range out {
		ymin, ymax = math.Min(ymin, p.Y.Min), math.Max(ymax, p.Y.Max)
	}
	for _, p := range out {
		p.Y.Min, p.Y.Max = ymin, ymax
	}
	return out, nil
}

func psRange(m *evaluate.MatchReport) (lo, hi float64, err error) {
	if m == nil || len(m.PS) == 0 || len(m.Arm) != len(m.PS) || len(m.Weights) != len(m.PS) {
		return 0, 0, errors.New("propensity plot: the matching report carries no propensity scores")
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, ps := range m.PS {
		if math.IsNaN(ps) || (m.Arm[i] != evaluate.Treated && m.Arm[i] != evaluate.Comparison) {
			continue
		}
		lo, hi = math.Min(lo, ps), math.Max(hi, ps)
	}
	if math.IsInf(lo, 0) {
		return 0, 0, errors.New("propensity plot: no propensity scores were estimated")
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-0.05, hi+0.05
	}
	return lo, hi, nil
}

// addMirrored adds the histograms of one stage (before or after matching):
// took part above zero, comparison below. legend adds legend entries.
func addMirrored(p *plot.Plot, m *evaluate.MatchReport, lo, hi float64, after, legend bool) error {
	width := (hi - lo) / propensityBins
	for _, arm := range []int8{evaluate.Treated, evaluate.Comparison} {
		sums := make([]float64, propensityBins)
		total := 0.0
		for i, ps := range m.PS {
			if m.Arm[i] != arm || math.IsNaN(ps) {
				continue
			}
			w := 1.0
			if after {
				w = m.Weights[i]
			}
			if w <= 0 {
				continue
			}
			k := int((ps - lo) / width)
			k = min(max(k, 0), propensityBins-1)
			sums[k] += w
			total += w
		}
		if total == 0 {
			continue
		}
		sign := 1.0
		col := colourProgramme
		name := "Took part"
		if arm == evaluate.Comparison {
			sign, col, name = -1, colourComparison, "Comparison"
		}
		bins := make([]plotter.HistogramBin, propensityBins)
		for k := range bins {
			bins[k] = plotter.HistogramBin{Min: lo + float64(k)*width, Max: lo + float64(k+1)*width, Weight: sign * sums[k] / total}
		}
		h := &bars{Bins: bins}
		h.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1)}
		if after {
			h.FillColor = withAlpha(col, 0xb0)
			h.LineStyle.Width = vg.Points(0.5)
		}
		p.Add(h)
		if legend {
			stage := "before matching"
			if after {
				stage = "after matching"
			}
			p.Legend.Add(name+", "+stage, h)
		}
	}
	return nil
}

func finishMirrored(p *plot.Plot, lo, hi float64) {
	zero, _ := plotter.NewLine(plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}})
	zero.Color = color.Black
	zero.Width = vg.Points(0.8)
	p.Add(zero)
	p.Y.Tick.Marker = absTicks{}
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.YOffs = vg.Points(0)
}

// absTicks label the mirrored axis with absolute shares.
type absTicks struct{}

func (absTicks) Ticks(min, max float64) []plot.Tick {
	step := 0.01
	for _, st := range []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1} {
		step = st
		if (max-min)/st <= 8 {
			break
		}
	}
	var ts []plot.Tick
	for k := math.Ceil(min / step); k*step <= max+1e-12; k++ {
		v := k * step
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Abs(v), 'g', 3, 64)})
	}
	return ts
}

func withAlpha(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

// bars draws histogram bins as bars from zero (up or down), which
// plotter.Histogram cannot (it draws from the bottom of the canvas).
type bars struct {
	Bins      []plotter.HistogramBin
	FillColor color.Color
	LineStyle draw.LineStyle
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, bin := range b.Bins {
		if bin.Weight == 0 {
			continue
		}
		y0, y1 := trY(0), trY(bin.Weight)
		x0, x1 := trX(bin.Min), trX(bin.Max)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		if b.FillColor != nil {
			c.FillPolygon(b.FillColor, c.ClipPolygonXY(pts))
		}
		pts = append(pts, vg.Point{X: x0, Y: y0})
		c.StrokeLines(b.LineStyle, c.ClipLinesXY(pts)...)
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, bin := range b.Bins {
		xmin, xmax = math.Min(xmin, bin.Min), math.Max(xmax, bin.Max)
		ymin, ymax = math.Min(ymin, bin.Weight), math.Max(ymax, bin.Weight)
	}
	return xmin, xmax, ymin, ymax
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y}}
	if b.FillColor != nil {
		c.FillPolygon(b.FillColor, c.ClipPolygonY(pts))
	}
	pts = append(pts, vg.Point{X: c.Min.X, Y: c.Min.Y})
	c.StrokeLines(b.LineStyle, c.ClipLinesY(pts)...)
}
