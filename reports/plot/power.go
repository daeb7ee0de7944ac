package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the plan's power curve (whatworks plan --plots). Its points
// come from evaluate.PlanReport.Curve (evaluate/power); nothing here
// computes a statistic.

// PowerCurvePlot draws the power of a plan against the true effect size:
// the curve for all pupils (and the disadvantaged pupils', with
// --fsm-share), the target power, the MDES where the curve meets it, the
// planned effect with its power, and, on a second axis along the top, the
// EEF months' progress bands of the effect sizes (not for pre-post, whose
// change is not an effect of the programme).
func PowerCurvePlot(r *evaluate.PlanReport) (Figure, error) {
	if r == nil || len(r.Curve) == 0 {
		return Figure{}, fmt.Errorf("power curve: the plan has no curve")
	}
	res, p := r.Result, r.Result.Plan
	xlab := "True effect size (standard deviations)"
	if r.Design == evaluate.DesignPrePost {
		xlab = "True mean change from pre to post (SDs of the scores)"
	}
	pl := newPlot("Power of the plan: "+words.PlanSizes(r), xlab, "Power (chance of a significant result)")
	pl.Title.TextStyle.Font = font.From(sansFont, labelSize)
	hi := r.Curve[len(r.Curve)-1].Effect
	pl.X.Min, pl.X.Max = 0, hi
	// A little room above 100%, so that the curves' top does not run into
	// the months' axis.
	pl.Y.Min, pl.Y.Max = 0, 1.04
	pl.Y.Tick.Marker = percentTicks{}
	pl.X.Tick.Marker = effectTicks{}

	line := func(xy plotter.XYs) (*plotter.Line, error) {
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("power curve: %w", err)
		}
		return l, nil
	}
	// Target power, dashed grey across the plot.
	target, err := line(plotter.XYs{{X: 0, Y: p.Power}, {X: hi, Y: p.Power}})
	if err != nil {
		return Figure{}, err
	}
	target.Color, target.Width = colourGrey, vg.Points(1)
	target.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	pl.Add(target)

	// The MDES: dotted from the axis up to the target, with a marker.
	mdesLine, err := line(plotter.XYs{{X: res.MDES, Y: 0}, {X: res.MDES, Y: p.Power}})
	if err != nil {
		return Figure{}, err
	}
	mdesLine.Color, mdesLine.Width = colourGrey, vg.Points(1)
	mdesLine.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
	pl.Add(mdesLine)

	// Planned effect: a dotted guide from the power axis to its point on
	// the curve (a line down to the effect axis would run under the
	// legend in some plans; the legend gives the effect).
	var effLine *plotter.Line
	if !math.IsNaN(r.Effect) && r.Effect <= hi {
		if effLine, err = line(plotter.XYs{{X: 0, Y: res.Power}, {X: r.Effect, Y: res.Power}}); err != nil {
			return Figure{}, err
		}
		effLine.Color, effLine.Width = colourComparison, vg.Points(1.5)
		effLine.Dashes = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
		pl.Add(effLine)
	}

	// The curves.
	all, sub := make(plotter.XYs, len(r.Curve)), make(plotter.XYs, len(r.Curve))
	for i, pt := range r.Curve {
		all[i] = plotter.XY{X: pt.Effect, Y: pt.Power}
		sub[i] = plotter.XY{X: pt.Effect, Y: pt.SubgroupPower}
	}
	curve, err := line(all)
	if err != nil {
		return Figure{}, err
	}
	curve.Color, curve.Width = colourProgramme, vg.Points(2.5)
	var subCurve *plotter.Line
	if r.Subgroup != nil {
		if subCurve, err = line(sub); err != nil {
			return Figure{}, err
		}
		subCurve.Color, subCurve.Width = colourSubgroup, vg.Points(2)
		subCurve.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		pl.Add(subCurve)
	}
	pl.Add(curve)

	// Markers: the MDES on the target line, the planned effect on the curve.
	marks := plotter.XYs{{X: res.MDES, Y: p.Power}}
	if effLine != nil {
		marks = append(marks, plotter.XY{X: r.Effect, Y: res.Power})
	}
	pts, err := plotter.NewScatter(marks)
	if err != nil {
		return Figure{}, fmt.Errorf("power curve: %w", err)
	}
	pts.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		if i == 0 {
			return draw.GlyphStyle{Color: colourProgramme, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		}
		return draw.GlyphStyle{Color: colourComparison, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	}
	pl.Add(pts)

	// Legend, bottom right, where the curves are high and the area empty,
	// on white (a low curve may pass under it).
	var names []string
	add := func(name string, t plot.Thumbnailer) {
		pl.Legend.Add(name, t)
		names = append(names, name)
	}
	add("all pupils", curve)
	if subCurve != nil {
		add("disadvantaged pupils ("+words.Pct(r.Subgroup.Share)+")", subCurve)
	}
	if effLine != nil {
		effDot, err := plotter.NewScatter(plotter.XYs{{X: r.Effect, Y: res.Power}})
		if err != nil {
			return Figure{}, fmt.Errorf("power curve: %w", err)
		}
		effDot.GlyphStyle = draw.GlyphStyle{Color: colourComparison, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		name := "planned effect " + words.Num2(r.Effect) + ": power " + words.Pct(res.Power)
		pl.Legend.Add(name, effLine, effDot)
		names = append(names, name)
	}
	// The MDES is where the curve meets the target: one entry for both,
	// the dot on the dashed line (a label in the plot would cross a curve
	// in some plans).
	mdesName := "target " + words.Pct(p.Power) + ": MDES " + words.Num2(res.MDES)
	if r.MDESMonths != nil {
		mdesName += " (" + monthsShortWords(*r.MDESMonths) + ")"
	}
	mdesDot, err := plotter.NewScatter(plotter.XYs{{X: res.MDES, Y: p.Power}})
	if err != nil {
		return Figure{}, fmt.Errorf("power curve: %w", err)
	}
	mdesDot.GlyphStyle = draw.GlyphStyle{Color: colourProgramme, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	pl.Legend.Add(mdesName, target, mdesDot)
	names = append(names, mdesName)
	pl.Legend.Top, pl.Legend.Left = false, false
	pl.Legend.XOffs, pl.Legend.YOffs = -vg.Points(6), vg.Points(6)
	pl.Legend.ThumbnailWidth = vg.Points(24)
	pl.Add(legendBackground{names})

	if len(r.MonthsBands) > 0 {
		pl.Add(&monthsAxis{bands: r.MonthsBands, lo: 0, hi: hi})
	}
	return Figure{Name: "power-curve", Sheet: "Plan", Plot: pl, Width: plotWidth, Height: 4.5 * vg.Inch}, nil
}

// monthsShortWords is "4 months", "1 month".
func monthsShortWords(m int) string {
	if m == 1 || m == -1 {
		return fmt.Sprintf("%d month", m)
	}
	return fmt.Sprintf("%d months", m)
}

// effectTicks label 4 to 8 round effect sizes, with unlabelled ticks
// half-way.
type effectTicks struct{}

func (effectTicks) Ticks(min, max float64) []plot.Tick {
	step := 2.0
	for _, s := range []float64{0.05, 0.1, 0.2, 0.25, 0.5, 1} {
		if (max-min)/s <= 8 {
			step = s
			break
		}
	}
	var ts []plot.Tick
	for i := int(math.Ceil(min/step*2 - 1e-9)); float64(i)*step/2 <= max+1e-9; i++ {
		v := float64(i) * step / 2
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = words.TrimFloat(v)
		}
		ts = append(ts, t)
	}
	return ts
}

// legendBackground paints white behind the legend (bottom right of the
// data area, as PowerCurvePlot places it), so that a line passing under
// it does not run through its words.
// names are the legend's entries, as added.
type legendBackground struct{ names []string }

func (b legendBackground) Plot(c draw.Canvas, p *plot.Plot) {
	l := &p.Legend
	var w, enth vg.Length
	for _, e := range b.names {
		w = max(w, l.ThumbnailWidth+l.TextStyle.Width(" "+e))
		enth = max(enth, l.TextStyle.Rectangle(e).Max.Y)
	}
	h := (enth+l.Padding)*vg.Length(len(b.names)-1) + enth
	// From the axis (no stubs of lines below the legend) to just above
	// its top entry.
	m := vg.Points(3)
	right, top := c.Max.X+l.XOffs, c.Min.Y+l.YOffs+h+m
	c.FillPolygon(color.White, []vg.Point{{X: right - w - m, Y: c.Min.Y}, {X: right + m, Y: c.Min.Y},
		{X: right + m, Y: top}, {X: right - w - m, Y: top}})
}

// percentTicks label 0, 0.2, ..., 1 as 0%, 20%, ..., 100%.
type percentTicks struct{}

func (percentTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		if v < min-1e-9 || v > max+1e-9 {
			continue
		}
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = strconv.Itoa(10*i) + "%"
		}
		ts = append(ts, t)
	}
	return ts
}

// monthsAxis is a second x axis along the top of the plot: the EEF months'
// progress bands of the effect sizes, with a tick at each band's edge, the
// months centred in each band wide enough for its label, and a title. Its
// glyph boxes make the plot leave room above the data area.
type monthsAxis struct {
	bands  []evaluate.PlanBand
	lo, hi float64
}

const (
	monthsTickLen = 4 // points
	monthsGap     = 3 // points between tick and label, label and title
	monthsTitle   = "EEF months' progress"
)

func (a *monthsAxis) styles() (tick, title text.Style) {
	tick = text.Style{Color: colourGrey, Font: font.From(sansFont, tickSize), XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
	title = text.Style{Color: colourGrey, Font: font.From(sansFont, tickSize), XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
	return tick, title
}

// Plot draws the axis on the top edge of the data area.
func (a *monthsAxis) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	top := c.Max.Y
	ls := draw.LineStyle{Color: colourGrey, Width: vg.Points(0.8)}
	c.StrokeLine2(ls, c.Min.X, top, c.Max.X, top)
	tickStyle, titleStyle := a.styles()
	labelY := top + vg.Points(monthsTickLen+monthsGap)
	for i, b := range a.bands {
		if i > 0 {
			x := tx(b.From)
			c.StrokeLine2(ls, x, top, x, top+vg.Points(monthsTickLen))
		}
		lab := strconv.Itoa(b.Months)
		w := tickStyle.Width(lab)
		from, to := tx(math.Max(b.From, a.lo)), tx(math.Min(b.To, a.hi))
		if to-from < w+vg.Points(2) {
			continue // too narrow for its label
		}
		c.FillText(tickStyle, vg.Point{X: (from + to) / 2, Y: labelY}, lab)
	}
	titleY := labelY + tickStyle.Height("0") + vg.Points(monthsGap)
	c.FillText(titleStyle, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: titleY}, monthsTitle)
}

// GlyphBoxes reserve the axis's height above the data area (and the
// title's width, centred).
func (a *monthsAxis) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	tickStyle, titleStyle := a.styles()
	h := vg.Points(monthsTickLen+2*monthsGap) + tickStyle.Height("0") + titleStyle.Height(monthsTitle)
	w := titleStyle.Width(monthsTitle)
	return []plot.GlyphBox{{X: 0.5, Y: 1, Rectangle: vg.Rectangle{Min: vg.Point{X: -w / 2, Y: 0}, Max: vg.Point{X: w / 2, Y: h}}}}
}
