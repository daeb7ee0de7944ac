package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// BeforeAfterPlot draws, for outcome o, each arm's mean with its
// confidence interval (t, from the descriptives) at the pretest and at the
// outcome. With two arms the pretest and the outcome get a panel each, with
// their own axes when they are on different scales (often different tests;
// one shared axis when they look like one scale), and each axis spans at
// least one SD either side of the means, so that the gap between the arms
// is seen on the scale of the pupils' spread. A single group (pre/post)
// gets one panel with a line from before to after. ok is false when r has
// no descriptives for o.
func BeforeAfterPlot(r *evaluate.Report, o string) (f Figure, ok bool, err error) {
	pre, post := words.ArmMeans(r, o)
	// A group without any values (a questionnaire only participants were
	// given) is left out.
	pre, post = answered(pre), answered(post)
	if len(post) == 0 {
		return Figure{}, false, nil
	}
	label := o
	if s, ok := words.ShortLabels(r)[o]; ok {
		label = s
	}
	f = Figure{Name: "before-after-" + words.Slug(o), Sheet: "Descriptives", Width: plotWidth, Height: 4 * vg.Inch}
	ylab := "Average score, with " + words.CILabel(r.Confidence)
	if len(pre) > 0 && oneGroup(pre, post) {
		p := newPlot(label+": average score before and after", "", ylab)
		p.Title.Text = fitText(p.Title.Text, p.Title.TextStyle.Font, 0.9*plotWidth, 2)
		p.NominalX("Pre-test", "Outcome")
		p.X.Min, p.X.Max = -0.5, 1.5
		var ds []evaluate.Descriptive
		ds = append(ds, pre[0], post[0])
		if err := addMeans(p, ds, []float64{0, 1}, true); err != nil {
			return Figure{}, false, fmt.Errorf("before-and-after plot of %s: %w", o, err)
		}
		f.Plot = p
		return f, true, nil
	}
	// A panel's label takes at most two lines of panelLabelWidth: a long
	// label must not squeeze the data area, or the arms' names collide.
	panelLabelWidth := 0.45 * plotWidth
	panel := func(title string, ds []evaluate.Descriptive) (*plot.Plot, error) {
		ds = slices.Clone(ds)
		slices.SortStableFunc(ds, func(a, b evaluate.Descriptive) int { return words.ArmOrder(a.Arm) - words.ArmOrder(b.Arm) })
		p := newPlot("", title, ylab)
		p.X.Label.Text = fitText(title, p.X.Label.TextStyle.Font, panelLabelWidth, 2)
		var names []string
		var xs []float64
		for i, d := range ds {
			names = append(names, fmt.Sprintf("%s\n(n = %d)", words.ArmName(d.Arm), d.N))
			xs = append(xs, float64(i))
		}
		p.NominalX(names...)
		p.X.Min, p.X.Max = -0.5, float64(len(ds))-0.5
		if err := addMeans(p, ds, xs, false); err != nil {
			return nil, err
		}
		return p, nil
	}
	if len(pre) == 0 {
		panelLabelWidth = 0.8 * plotWidth
		p, err := panel(label, post)
		if err != nil {
			return Figure{}, false, fmt.Errorf("before-and-after plot of %s: %w", o, err)
		}
		f.Plot = p
		return f, true, nil
	}
	a, err := panel("Before: pre-test ("+pre[0].Variable+")", pre)
	if err != nil {
		return Figure{}, false, fmt.Errorf("before-and-after plot of %s: %w", o, err)
	}
	b, err := panel("After: "+label+" ("+o+")", post)
	if err != nil {
		return Figure{}, false, fmt.Errorf("before-and-after plot of %s: %w", o, err)
	}
	b.Y.Label.Text = ""
	if sameScale(pre, post) {
		lo, hi := math.Min(a.Y.Min, b.Y.Min), math.Max(a.Y.Max, b.Y.Max)
		a.Y.Min, a.Y.Max, b.Y.Min, b.Y.Max = lo, hi, lo, hi
	}
	f.Panels = []*plot.Plot{a, b}
	f.Width = plotWidth + vg.Inch
	return f, true, nil
}

// sameScale reports whether the pretest and the outcome look like scores on
// one scale (their means within two SDs of each other), so that the two
// panels can share their y axis and show the change over time.
func sameScale(pre, post []evaluate.Descriptive) bool {
	mean := func(ds []evaluate.Descriptive) (m, sd float64) {
		n := 0.0
		for _, d := range ds {
			if !math.IsNaN(float64(d.Mean)) && !math.IsNaN(float64(d.SD)) {
				m += float64(d.Mean)
				sd = math.Max(sd, float64(d.SD))
				n++
			}
		}
		return m / n, sd
	}
	m0, s0 := mean(pre)
	m1, s1 := mean(post)
	if math.IsNaN(m0) || math.IsNaN(m1) || s0 <= 0 || s1 <= 0 || s0/s1 > 2 || s1/s0 > 2 {
		return false
	}
	return math.Abs(m1-m0) < 2*math.Max(s0, s1)
}

// answered drops the descriptives of groups with no values.
func answered(ds []evaluate.Descriptive) []evaluate.Descriptive {
	var out []evaluate.Descriptive
	for _, d := range ds {
		if d.N > 0 {
			out = append(out, d)
		}
	}
	return out
}

// oneGroup reports whether pre and post describe one and the same group
// (one pre-post group, or the only arm that answered).
func oneGroup(pre, post []evaluate.Descriptive) bool {
	return len(pre) == 1 && len(post) == 1 && pre[0].Arm == post[0].Arm
}

// addMeans draws each descriptive's mean at xs[i] with its confidence
// interval, coloured by arm, joined by a line when join is set; the y axis
// is widened to at least one SD either side of the means.
func addMeans(p *plot.Plot, ds []evaluate.Descriptive, xs []float64, join bool) error {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, d := range ds {
		m, sd := float64(d.Mean), float64(d.SD)
		if math.IsNaN(m) {
			continue
		}
		l, h := float64(d.CILow), float64(d.CIHigh)
		if math.IsNaN(l) || math.IsNaN(h) {
			l, h = m, m // no interval from one pupil: the point alone
		}
		if math.IsNaN(sd) {
			sd = 0
		}
		lo, hi = math.Min(lo, math.Min(l, m-sd)), math.Max(hi, math.Max(h, m+sd))
		col := colourProgramme
		shape := draw.GlyphDrawer(draw.CircleGlyph{})
		switch d.Arm {
		case evaluate.ArmComparison:
			col, shape = colourComparison, draw.TriangleGlyph{}
		case "all":
			col = color.RGBA{0, 0, 0, 0xff}
		}
		xy := plotter.XYs{{X: xs[i], Y: m}}
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{xy, plotter.YErrors{{Low: m - l, High: h - m}}})
		if err != nil {
			return err
		}
		eb.LineStyle.Color, eb.LineStyle.Width, eb.CapWidth = col, vg.Points(2), vg.Points(14)
		pts, err := plotter.NewScatter(xy)
		if err != nil {
			return err
		}
		pts.Color, pts.Radius, pts.Shape = col, vg.Points(6), shape
		p.Add(eb, pts)
	}
	if join && len(ds) == 2 {
		line, err := plotter.NewLine(plotter.XYs{{X: xs[0], Y: float64(ds[0].Mean)}, {X: xs[1], Y: float64(ds[1].Mean)}})
		if err == nil {
			line.Color, line.Width = colourGrey, vg.Points(1.5)
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			p.Add(line)
		}
	}
	if !math.IsInf(lo, 0) && hi > lo {
		pad := 0.08 * (hi - lo)
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	return nil
}
