package plot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// PoolFunnelPlot draws each study's effect against its standard error
// (the largest studies at the top), a line at the headline estimate and
// the region inside which about 95% of studies would fall if they all
// estimated that effect with sampling error alone (metafor's funnel()).
func PoolFunnelPlot(r *evaluate.PoolReport) (Figure, error) {
	f := r.Funnel
	if f == nil {
		return Figure{}, fmt.Errorf("funnel plot: fewer than %d studies", evaluate.PoolSmallStudyK)
	}
	p := newPlot("Funnel plot: is there a small-study effect?", poolAxisName(r.Measure), "Standard error (smaller studies lower down)")
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	top := f.MaxSE * 1.05
	lo, hi := f.Centre-f.Z*top, f.Centre+f.Z*top
	for _, y := range f.Effects {
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	pad := 0.04 * (hi - lo)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = 0, top

	region, err := plotter.NewPolygon(plotter.XYs{{X: f.Centre - f.Z*top, Y: top}, {X: f.Centre, Y: 0}, {X: f.Centre + f.Z*top, Y: top}})
	if err != nil {
		return Figure{}, err
	}
	region.Color = color.RGBA{0xEE, 0xEE, 0xEE, 0xff}
	region.LineStyle.Width = 0
	p.Add(region)
	sides, err := plotter.NewLine(plotter.XYs{{X: f.Centre - f.Z*top, Y: top}, {X: f.Centre, Y: 0}, {X: f.Centre + f.Z*top, Y: top}})
	if err != nil {
		return Figure{}, err
	}
	sides.LineStyle = draw.LineStyle{Color: colourGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(sides)
	centre, err := plotter.NewLine(plotter.XYs{{X: f.Centre, Y: 0}, {X: f.Centre, Y: top}})
	if err != nil {
		return Figure{}, err
	}
	centre.Color, centre.Width = colourPooled, vg.Points(1)
	p.Add(centre)
	pts := make(plotter.XYs, len(f.Effects))
	for i := range f.Effects {
		pts[i] = plotter.XY{X: f.Effects[i], Y: f.SEs[i]}
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return Figure{}, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: colourProgramme, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	p.Add(sc)
	// Room above the funnel's tip for the legend; no ticks there.
	p.Y.Min = -0.3 * top
	p.Y.Tick.Marker = nonNegativeTicks{}
	p.Legend.Add("pooled effect ("+r.Headline.Analysis+")", centre)
	p.Legend.Add("where "+words.TrimFloat(f.Level*100)+"% of studies would lie with sampling error alone", region)
	p.Legend.Top = true
	p.Legend.Left = true
	return Figure{Name: "funnel", Sheet: "Moderators", Plot: p, Width: plotWidth, Height: 4.5 * vg.Inch}, nil
}

// nonNegativeTicks are trimTicks from 0 (or min, if above) up.
type nonNegativeTicks struct{}

func (nonNegativeTicks) Ticks(min, max float64) []plot.Tick {
	return trimTicks{}.Ticks(math.Max(min, 0), max)
}
