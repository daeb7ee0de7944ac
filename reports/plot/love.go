package plot

import (
	"errors"
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
