package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

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
	// Count, when set, is how a count of pupils is published (rounded
	// under the publishing rules: publish.Rules.RoundCount).
	Count func(int) int
}

// Whiskers are the percentiles the box plots' whiskers reach: never an
// individual pupil's lowest or highest score, and no pupil drawn as a
// point (a workbook is made to be shared).
const (
	whiskerLow  = 0.10
	whiskerHigh = 0.90
)

// WhiskerWords say what the whiskers show, under every box plot.
const WhiskerWords = "(box: middle half; whiskers: 10th to 90th percentiles)"

// DistributionPlot draws box plots of the outcome by arm: the median and
// quartiles, whiskers at the 10th and 90th percentiles (WhiskerWords),
// and no points, so that no pupil's own score is drawn. ok is false when
// neither arm has a value.
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
	p := newPlot(label+": spread of scores by group\n"+WhiskerWords, "", "Score")
	var names []string
	for i, g := range []struct {
		name string
		v    plotter.Values
		col  color.Color
	}{{"Programme", t, colourProgramme}, {"Comparison", c, colourComparison}} {
		n := len(g.v)
		if d.Count != nil {
			n = d.Count(n)
		}
		names = append(names, fmt.Sprintf("%s (n = %d)", g.name, n))
		if len(g.v) == 0 {
			continue
		}
		b, err := plotter.NewBoxPlot(vg.Points(70), float64(i), g.v)
		if err != nil {
			return Figure{}, false, fmt.Errorf("box plot of %s: %w", d.Outcome, err)
		}
		// The axis too stops at the whiskers: it would otherwise end at
		// the lowest and highest pupils' scores.
		b.AdjLow, b.AdjHigh = percentile(g.v, whiskerLow), percentile(g.v, whiskerHigh)
		b.Min, b.Max, b.Outside = b.AdjLow, b.AdjHigh, nil
		b.FillColor = lighten(g.col)
		b.BoxStyle.Width = vg.Points(1.5)
		b.MedianStyle.Width = vg.Points(2.5)
		b.WhiskerStyle.Width = vg.Points(1)
		b.GlyphStyle.Radius = vg.Points(2)
		p.Add(b)
	}
	p.NominalX(names...)
	pad := 0.06 * (p.Y.Max - p.Y.Min)
	p.Y.Min, p.Y.Max = p.Y.Min-pad, p.Y.Max+pad
	p.X.Min, p.X.Max = -0.6, 1.6
	return Figure{Name: "distribution-" + words.Slug(d.Outcome), Sheet: "Descriptives", Plot: p, Width: plotWidth, Height: 4 * vg.Inch}, true, nil
}

// percentile is the p-th quantile of v by linear interpolation between
// order statistics (R's type 7), where the whisker is drawn.
func percentile(v plotter.Values, p float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	h := p * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}
