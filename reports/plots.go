package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/whatworks/whatworks/evaluate"
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

// Figure is one plot, named for its file (without extension), with the
// workbook sheet it illustrates and its size.
type Figure struct {
	Name  string // file name without extension, e.g. "forest"
	Sheet string // workbook sheet it belongs on
	Plot  *plot.Plot
	// Panels, when set instead of Plot, are drawn side by side, each with
	// its own axes.
	Panels        []*plot.Plot
	Width, Height vg.Length
}

// draw draws the figure on c.
func (f Figure) draw(c draw.Canvas) {
	c = withMargin(c)
	if f.Plot != nil {
		f.Plot.Draw(c)
		return
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(f.Panels), PadX: vg.Points(18)}
	cs := plot.Align([][]*plot.Plot{f.Panels}, tiles, c)
	for i, p := range f.Panels {
		p.Draw(cs[0][i])
	}
}

// PNG renders the figure at PlotDPI.
func (f Figure) PNG() ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(PlotDPI))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("drawing %s.png: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// SVG renders the figure as SVG.
func (f Figure) SVG() ([]byte, error) {
	c := vgsvg.New(f.Width, f.Height)
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("drawing %s.svg: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// PlotDPI is the resolution of the PNG files.
const PlotDPI = 300

// Okabe–Ito colours (Okabe & Ito 2008), safe for colour-blind readers.
var (
	colourProgramme  = color.RGBA{0x00, 0x72, 0xB2, 0xff} // blue
	colourComparison = color.RGBA{0xE6, 0x9F, 0x00, 0xff} // orange
	colourSubgroup   = color.RGBA{0xD5, 0x5E, 0x00, 0xff} // vermillion
	colourGrey       = color.RGBA{0x66, 0x66, 0x66, 0xff}
)

// Font sizes chosen so that a 6-inch-wide figure pasted at half the width
// of an A4 page in Word stays readable.
var (
	sansFont   = font.Font{Typeface: "Liberation", Variant: "Sans"}
	titleSize  = vg.Points(14)
	labelSize  = vg.Points(12)
	tickSize   = vg.Points(11)
	legendSize = vg.Points(11)
)

// plotWidth is the width of every figure: 6 inches.
const plotWidth = 6 * vg.Inch

// newPlot returns a plot with whatworks' fonts, sizes and labels.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, labelSize)
		ax.Tick.Label.Font = font.From(sansFont, tickSize)
		ax.Padding = vg.Points(4)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.TextStyle.Font = font.From(sansFont, legendSize)
	p.X.Tick.Marker = trimTicks{}
	p.Y.Tick.Marker = trimTicks{}
	return p
}

// trimTicks are gonum's default ticks with trailing zeros dropped from the
// labels ("12.50" becomes "12.5").
type trimTicks struct{}

func (trimTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if l := ts[i].Label; strings.Contains(l, ".") && !strings.ContainsAny(l, "eE") {
			l = strings.TrimSuffix(strings.TrimRight(l, "0"), ".")
			if l == "-0" {
				l = "0"
			}
			ts[i].Label = l
		}
	}
	return ts
}

// withMargin leaves a small white margin around a figure so that no text
// touches its edge.
func withMargin(c draw.Canvas) draw.Canvas {
	m := vg.Points(9)
	return draw.Crop(c, m, -m, m, -m)
}

// RenderPNG draws p as a PNG of w × h at PlotDPI (300 dpi), with a small
// white margin.
func RenderPNG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return Figure{Name: "plot", Plot: p, Width: w, Height: h}.PNG()
}

// RenderSVG draws p as an SVG of w × h, with a small white margin.
func RenderSVG(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	return Figure{Name: "plot", Plot: p, Width: w, Height: h}.SVG()
}

// Figures builds the standard plots of r: the forest plot of effect sizes
// (when there are any), for each outcome the before-and-after means (when
// there are descriptives), for each entry of dist the box plots of the
// outcome by arm, and for a matched design the Love plot and, when the
// match has propensity scores, their distributions before and after.
func Figures(r *evaluate.Report, dist []Distribution) ([]Figure, error) {
	var figs []Figure
	if f, ok, err := ForestPlot(r); err != nil {
		return nil, err
	} else if ok {
		figs = append(figs, f)
	}
	for _, o := range outcomes(r) {
		f, ok, err := BeforeAfterPlot(r, o)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	for _, d := range dist {
		f, ok, err := DistributionPlot(d)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	// Matched designs: the Love plot and the propensity-score panels
	// (reports/match_plots.go), for the Matching sheet.
	if m := r.Matching; m != nil {
		if len(m.Balance) > 0 {
			p, err := LovePlot(m)
			if err != nil {
				return nil, err
			}
			rows := max(len(m.Balance)/2, 1)
			h := vg.Length(1.6)*vg.Inch + vg.Length(rows)*0.3*vg.Inch
			figs = append(figs, Figure{Name: "love-plot", Sheet: "Matching", Plot: p, Width: plotWidth, Height: h})
		}
		if len(m.PS) > 0 {
			ps, err := PropensityPanels(m)
			if err != nil {
				return nil, err
			}
			figs = append(figs, Figure{Name: "propensity", Sheet: "Matching", Panels: ps, Width: plotWidth + vg.Inch, Height: 4 * vg.Inch})
		}
	}
	return figs, nil
}

// EmbeddedPlots renders Figures(r, dist) as PNGs for the workbook, keyed
// "SHEET/NAME" as WorkbookOptions.PlotPNGs expects.
func EmbeddedPlots(r *evaluate.Report, dist []Distribution) (map[string][]byte, error) {
	figs, err := Figures(r, dist)
	if err != nil {
		return nil, err
	}
	m := map[string][]byte{}
	for _, f := range figs {
		png, err := f.PNG()
		if err != nil {
			return nil, err
		}
		m[f.Sheet+"/"+f.Name] = png
	}
	return m, nil
}

// slug turns an outcome column into a file-name part: lower case letters,
// digits and hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		out = "outcome"
	}
	return out
}

// shortSubgroup is a subgroup's name short enough for an axis label.
func shortSubgroup(sub string) string {
	if sub == evaluate.SubgroupAll || sub == "" {
		return "all pupils"
	}
	col, val, ok := strings.Cut(sub, "=")
	if !ok {
		return sub
	}
	if yes, _, ok := disadvantageKind(col); ok {
		short := "FSM"
		switch {
		case strings.Contains(yes, "six years"):
			short = "FSM in last 6 years"
		case strings.Contains(yes, "premium"):
			short = "pupil premium"
		case strings.Contains(yes, "disadvantaged"):
			short = "disadvantaged"
		}
		switch truthy(val) {
		case 1:
			return short
		case -1:
			return "not " + short
		}
	}
	return col + " = " + val
}

// forestRows lists, outcome by outcome, the primary row of all pupils and
// of each subgroup (disadvantage subgroups first).
func forestRows(r *evaluate.Report) []*evaluate.Result {
	var rows []*evaluate.Result
	for _, o := range outcomes(r) {
		subs := summarySubgroups(r, o)
		for _, s := range subgroupsOf(r, o) {
			if !slices.Contains(subs, s) {
				subs = append(subs, s)
			}
		}
		for _, s := range subs {
			if x := primaryRow(r, o, s); x != nil && !math.IsNaN(float64(x.CILow)) && !math.IsNaN(float64(x.CIHigh)) {
				rows = append(rows, x)
			}
		}
	}
	return rows
}

// forestData is the points and intervals of a forest plot; row i is drawn
// at y = n-1-i so the first row is at the top.
type forestData struct{ rows []*evaluate.Result }

func (d forestData) Len() int { return len(d.rows) }
func (d forestData) XY(i int) (float64, float64) {
	return float64(d.rows[i].Estimate), float64(len(d.rows) - 1 - i)
}
func (d forestData) XError(i int) (float64, float64) {
	x := d.rows[i]
	return float64(x.Estimate - x.CILow), float64(x.CIHigh - x.Estimate)
}

// ForestPlot draws the primary effect size (see Headlines) of each outcome
// for all pupils and each subgroup with its confidence interval, a line at
// zero, and on the right the estimate, interval and EEF months' progress.
// ok is false when r has no effect size to plot.
func ForestPlot(r *evaluate.Report) (f Figure, ok bool, err error) {
	rows := forestRows(r)
	if len(rows) == 0 {
		return Figure{}, false, nil
	}
	measure := "Hedges' g"
	if rows[0].Measure == evaluate.MeasureGAv {
		measure = "g_av (after minus before)"
	}
	p := newPlot("Effect of the programme ("+intervalName(r.Confidence)+")",
		"Effect size ("+measure+")", "")
	if rows[0].Measure != evaluate.MeasureGAv {
		p.X.Label.Text = "Effect size (" + measure + "): below 0 favours comparison, above 0 the programme"
		p.X.Label.TextStyle.Font = font.From(sansFont, tickSize)
	}
	n := len(rows)
	short := shortLabels(r)
	lo, hi := 0.0, 0.0
	names := make([]string, n)
	side := make([]string, n)
	for i, x := range rows {
		lo = math.Min(lo, float64(x.CILow))
		hi = math.Max(hi, float64(x.CIHigh))
		names[n-1-i] = short[x.Outcome] + ", " + shortSubgroup(x.Subgroup)
		side[i] = num2(float64(x.Estimate)) + " (" + num2(float64(x.CILow)) + " to " + num2(float64(x.CIHigh)) + ")"
		if x.MonthsProgress != nil {
			side[i] += "  " + monthsShort(*x.MonthsProgress)
		}
	}
	pad := 0.05 * (hi - lo)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.NominalY(names...)
	p.Y.Tick.Label.Font = font.From(sansFont, tickSize)
	p.Y.Padding = 0

	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.6}, {X: 0, Y: float64(n) - 0.4}})
	if err != nil {
		return Figure{}, false, err
	}
	zero.Color = colourGrey
	zero.Width = vg.Points(1)
	zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)

	data := forestData{rows}
	bars, err := plotter.NewXErrorBars(data)
	if err != nil {
		return Figure{}, false, fmt.Errorf("forest plot: %w", err)
	}
	bars.LineStyle.Width = vg.Points(1.5)
	bars.CapWidth = vg.Points(8)
	p.Add(bars)

	pts, err := plotter.NewScatter(data)
	if err != nil {
		return Figure{}, false, fmt.Errorf("forest plot: %w", err)
	}
	pts.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		if rows[i].Subgroup == evaluate.SubgroupAll {
			return draw.GlyphStyle{Color: colourProgramme, Radius: vg.Points(5), Shape: draw.BoxGlyph{}}
		}
		return draw.GlyphStyle{Color: colourSubgroup, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	}
	p.Add(pts)

	// The estimate, interval and months at the right edge, outside the data
	// area (the labels' glyph boxes make the plot leave room for them).
	xy := make(plotter.XYs, n)
	for i := range rows {
		xy[i] = plotter.XY{X: p.X.Max, Y: float64(n - 1 - i)}
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: side})
	if err != nil {
		return Figure{}, false, fmt.Errorf("forest plot: %w", err)
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font = font.From(sansFont, tickSize)
		labels.TextStyle[i].XAlign = draw.XLeft
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(8)}
	p.Add(labels)

	h := vg.Length(1.6)*vg.Inch + vg.Length(n)*0.42*vg.Inch
	return Figure{Name: "forest", Sheet: "Summary", Plot: p, Width: plotWidth + vg.Inch, Height: h}, true, nil
}

// intervalName is "95% confidence intervals" in plain words.
func intervalName(conf float64) string {
	if math.IsNaN(conf) || conf <= 0 || conf >= 1 {
		return "confidence intervals"
	}
	return trimFloat(conf*100) + "% confidence intervals"
}

// monthsShort is "+2 months", "-1 month", "0 months".
func monthsShort(m int) string {
	unit := "months"
	if m == 1 || m == -1 {
		unit = "month"
	}
	if m > 0 {
		return fmt.Sprintf("+%d %s", m, unit)
	}
	return fmt.Sprintf("%d %s", m, unit)
}

// armMeans finds the descriptives of outcome o for all pupils: the
// outcome (post) rows and its pretest's (pre) rows.
func armMeans(r *evaluate.Report, o string) (pre, post []evaluate.Descriptive) {
	for _, d := range r.Descriptives {
		if d.Subgroup != evaluate.SubgroupAll || !slices.Contains(d.Outcomes, o) {
			continue
		}
		switch d.Time {
		case "post":
			post = append(post, d)
		case "pre":
			pre = append(pre, d)
		}
	}
	return pre, post
}

// armName is how plots and sheets name an arm.
func armName(arm string) string {
	switch arm {
	case "intervention":
		return "Programme"
	case "comparison":
		return "Comparison"
	case "all":
		return "All pupils"
	}
	return arm
}

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
	pre, post := armMeans(r, o)
	if len(post) == 0 {
		return Figure{}, false, nil
	}
	label := o
	if s, ok := shortLabels(r)[o]; ok {
		label = s
	}
	f = Figure{Name: "before-after-" + slug(o), Sheet: "Descriptives", Width: plotWidth, Height: 4 * vg.Inch}
	ylab := "Average score, with " + ciLabel(r.Confidence)
	if len(pre) > 0 && onlyAll(pre) && onlyAll(post) {
		p := newPlot(label+": average score before and after", "", ylab)
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
	panel := func(title string, ds []evaluate.Descriptive) (*plot.Plot, error) {
		ds = slices.Clone(ds)
		slices.SortStableFunc(ds, func(a, b evaluate.Descriptive) int { return armOrder(a.Arm) - armOrder(b.Arm) })
		p := newPlot("", title, ylab)
		var names []string
		var xs []float64
		for i, d := range ds {
			names = append(names, fmt.Sprintf("%s\n(n = %d)", armName(d.Arm), d.N))
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

// onlyAll reports whether every descriptive is of the single group "all".
func onlyAll(ds []evaluate.Descriptive) bool {
	for _, d := range ds {
		if d.Arm != "all" {
			return false
		}
	}
	return len(ds) > 0
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
		case "comparison":
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

// armOrder sorts the programme arm before the comparison arm.
func armOrder(arm string) int {
	switch arm {
	case "intervention":
		return 0
	case "comparison":
		return 1
	}
	return 2
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
	return Figure{Name: "distribution-" + slug(d.Outcome), Sheet: "Descriptives", Plot: p, Width: plotWidth, Height: 4 * vg.Inch}, true, nil
}

// lighten mixes c with white, for box fills.
func lighten(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8((v>>8)/2 + 128) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xff}
}
