package plot

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
	p.Y.Min, p.Y.Max = snapToTicks(p.Y.Min, p.Y.Max)
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
	ymin, ymax = snapToTicks(ymin, ymax)
	for _, p := range out {
		p.Y.Min, p.Y.Max = ymin, ymax
	}
	return out, nil
}

// snapToTicks widens the range of shares to the ticks absTicks draws
// around it, so that the axis's labels reach past the tallest bar on both
// sides (an axis labelled up to 0.1 under bars of 0.15 misleads).
func snapToTicks(lo, hi float64) (float64, float64) {
	// A wider range may take a longer step: snap again until it holds.
	for range 4 {
		step := absStep(lo, hi)
		l, h := math.Floor(lo/step+1e-9)*step, math.Ceil(hi/step-1e-9)*step
		if l == lo && h == hi {
			break
		}
		lo, hi = l, h
	}
	return lo, hi
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
	step := absStep(min, max)
	var ts []plot.Tick
	for k := math.Ceil(min / step); k*step <= max+1e-12; k++ {
		v := k * step
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Abs(v), 'g', 3, 64)})
	}
	return ts
}

// absStep is the step of absTicks: the smallest of 0.01, 0.02, 0.05, 0.1,
// 0.2, 0.25, 0.5 and 1 that gives at most 8 steps from min to max.
func absStep(min, max float64) float64 {
	for _, st := range []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5} {
		if (max-min)/st <= 8 {
			return st
		}
	}
	return 1
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
