package plot

import (
	"fmt"
	"image/color"
	"math"

	"github.com/whatworks/whatworks/reports/words"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Distribution holds the pupil-level outcome values of the two arms, for
// the box plots. It is kept out of evaluate.Report on purpose: a report is
// shared, pupil values are personal data.
type Distribution struct {
	Outcome    string // outcome column, as in evaluate.Result.Outcome
	Label      string // the outcome's label ("" = use Outcome)
	Treated    []float64
	Comparison []float64
}

// DistributionPlot draws box plots of the outcome by arm (median, quartiles,
// whiskers to the furthest value within 1.5 IQR, points beyond). ok is
// false when neither arm has a value.
func DistributionPlot(d Distribution) (f Figure, ok bool, err error) {
	clean := func(v []float64) plotter.Values {
		out := make(plotter.Values, 0, len(v))
		for _, x := range v {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				out = append(out, x)
			}
		}
		return out
	}
	t, c := clean(d.Treated), clean(d.Comparison)
	if len(t) == 0 && len(c) == 0 {
		return Figure{}, false, nil
	}
	label := d.Label
	if label == "" {
		label = d.Outcome
	}
	p := newPlot(label+": spread of scores by group", "", "Score")
	var names []string
	for i, g := range []struct {
		name string
		v    plotter.Values
		col  color.Color
	}{{"Programme", t, colourProgramme}, {"Comparison", c, colourComparison}} {
		names = append(names, fmt.Sprintf("%s (n = %d)", g.name, len(g.v)))
		if len(g.v) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(vg.Points(70), float64(i), g.v)
		if err != nil {
			return Figure{}, false, fmt.Errorf("box plot of %s: %w", d.Outcome, err)
		}
		b.FillColor = lighten(g.col)
		b.BoxStyle.Width = vg.Points(1.5)
		b.MedianStyle.Width = vg.Points(2.5)
		b.WhiskerStyle.Width = vg.Points(1)
		b.GlyphStyle.Radius = vg.Points(2)
		p.Add(b)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.6, 1.6
	return Figure{Name: "distribution-" + words.Slug(d.Outcome), Sheet: "Descriptives", Plot: p, Width: plotWidth, Height: 4 * vg.Inch}, true, nil
}
