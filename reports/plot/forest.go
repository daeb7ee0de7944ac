package plot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// shortSubgroup is a subgroup's name short enough for an axis label; a
// level the design names (a disadvantaged level with its label, and the
// other levels of its column) as the design names it.
func shortSubgroup(r *evaluate.Report, sub string) string {
	if sub == evaluate.SubgroupAll || sub == "" {
		return "all pupils"
	}
	col, val, ok := strings.Cut(sub, "=")
	if !ok {
		return sub
	}
	if d := words.SubgroupDeclaration(r, col); d != nil && d.Label != "" && d.Disadvantaged != "" {
		return words.Capitalise(words.SubgroupName(r, sub))
	}
	if yes, _, ok := words.DisadvantageKind(col); ok {
		short := "FSM"
		switch {
		case strings.Contains(yes, "six years"):
			short = "FSM in last 6 years"
		case strings.Contains(yes, "premium"):
			short = "pupil premium"
		case strings.Contains(yes, "disadvantaged"):
			short = "disadvantaged"
		}
		switch words.Truthy(val) {
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
	for _, o := range words.Outcomes(r) {
		subs := words.SummarySubgroups(r, o)
		for _, s := range words.SubgroupsOf(r, o) {
			if !slices.Contains(subs, s) {
				subs = append(subs, s)
			}
		}
		for _, s := range subs {
			// Effect sizes in standard deviations only: a difference in
			// percentage points or a rank-biserial correlation has a plot
			// of its own (survey.go).
			if x := words.PrimaryRow(r, o, s); x != nil && !math.IsNaN(float64(x.CILow)) && !math.IsNaN(float64(x.CIHigh)) &&
				x.Measure != evaluate.MeasureRiskDifference && x.Measure != evaluate.MeasureRankBiserial {
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
	p := newPlot("Effect of the programme ("+words.IntervalName(r.Confidence)+")",
		"Effect size ("+measure+")", "")
	comparison := rows[0].Measure != evaluate.MeasureGAv
	if comparison {
		p.X.Label.Text = "Effect size (" + measure + "): " + favoursText(r, rows)
		p.X.Label.TextStyle.Font = font.From(sansFont, tickSize)
	}
	n := len(rows)
	short := words.ShortLabels(r)
	for o := range short {
		short[o] += words.DirectionNote(r, o)
	}
	lo, hi := 0.0, 0.0
	names := make([]string, n)
	side := make([]string, n)
	for i, x := range rows {
		lo = math.Min(lo, float64(x.CILow))
		hi = math.Max(hi, float64(x.CIHigh))
		side[i] = words.Num2(float64(x.Estimate)) + " (" + words.Num2(float64(x.CILow)) + " to " + words.Num2(float64(x.CIHigh)) + ")"
		if x.MonthsProgress != nil {
			side[i] += "  " + monthsShort(*x.MonthsProgress)
		}
	}
	copy(names, forestLabels(r, rows, short))
	slices.Reverse(names)
	pad := 0.05 * (hi - lo)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.NominalY(names...)
	p.X.Tick.Marker = zeroTicks{}
	p.Y.Tick.Label.Font = font.From(sansFont, tickSize)
	p.Y.Padding = 0

	if comparison {
		// The side of each row that favours the programme, shaded: the
		// right for an outcome where higher is better, the left where lower
		// is.
		for i, x := range rows {
			edge := p.X.Max
			if words.LowerIsBetter(r, x.Outcome) {
				edge = p.X.Min
			}
			y := float64(n - 1 - i)
			lo, hi := y-0.5, y+0.5
			if i == 0 {
				hi = float64(n) - 0.4
			}
			if i == n-1 {
				lo = -0.6
			}
			band, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: lo}, {X: edge, Y: lo}, {X: edge, Y: hi}, {X: 0, Y: hi}})
			if err != nil {
				return Figure{}, false, err
			}
			band.Color = colourFavours
			band.LineStyle.Width = 0
			p.Add(band)
		}
	}

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

// favoursText says which side of the forest plot's zero favours the
// programme (shaded): the right when higher is better for every outcome,
// the left when lower is, and each row's shading when the outcomes differ.
func favoursText(r *evaluate.Report, rows []*evaluate.Result) string {
	var lower, higher bool
	for _, x := range rows {
		if words.LowerIsBetter(r, x.Outcome) {
			lower = true
		} else {
			higher = true
		}
	}
	switch {
	case lower && higher:
		return "the shaded side of each row favours the programme"
	case lower:
		return "below 0 (shaded) favours the programme, above 0 comparison"
	}
	return "below 0 favours comparison, above 0 (shaded) the programme"
}

// forestLabels are the rows' labels, "Reading, FSM", each on one line
// of at most forestLabelWidth. When one is wider, a subgroup's row that
// follows a row of the same outcome is named by its subgroup alone (the
// outcome is on the row above it), and every label takes at most two
// lines: a long label must not squeeze the intervals off the plot.
func forestLabels(r *evaluate.Report, rows []*evaluate.Result, short map[string]string) []string {
	f := font.From(sansFont, tickSize)
	face := font.DefaultCache.Lookup(f, f.Size)
	out := make([]string, len(rows))
	fit := true
	for i, x := range rows {
		out[i] = short[x.Outcome] + ", " + shortSubgroup(r, x.Subgroup)
		fit = fit && face.Width(out[i]) <= forestLabelWidth
	}
	if fit {
		return out
	}
	for i, x := range rows {
		if i > 0 && rows[i-1].Outcome == x.Outcome && x.Subgroup != evaluate.SubgroupAll {
			out[i] = shortSubgroup(r, x.Subgroup)
		}
		out[i] = fitText(out[i], f, forestLabelWidth, 2)
	}
	return out
}

// forestLabelWidth is the widest a forest plot's row label may be.
const forestLabelWidth = 2.6 * vg.Inch

// zeroTicks are trimTicks at multiples of their step, so that 0 (inside
// every forest plot's axis) is always a labelled tick: gonum's ticks may
// start off zero (-0.25, 0.75, 1.75).
type zeroTicks struct{}

func (zeroTicks) Ticks(min, max float64) []plot.Tick {
	ts := trimTicks{}.Ticks(min, max)
	var major []float64
	for _, t := range ts {
		if t.Label != "" {
			major = append(major, t.Value)
		}
	}
	if len(major) < 2 || min > 0 || max < 0 {
		return ts
	}
	step := major[1] - major[0]
	// Labels to the step's decimals (0.25 has 2).
	dec := 0
	for dec < 10 && math.Abs(step*math.Pow(10, float64(dec))-math.Round(step*math.Pow(10, float64(dec)))) > 1e-9 {
		dec++
	}
	var out []plot.Tick
	for k := math.Ceil(min/step*2 - 1e-9); k/2*step <= max+1e-12; k++ {
		v := k / 2 * step
		if math.Mod(k, 2) != 0 {
			out = append(out, plot.Tick{Value: v}) // a minor tick half way
			continue
		}
		l := strconv.FormatFloat(v, 'f', dec, 64)
		if strings.Trim(l, "-0.") == "" {
			l = "0"
		}
		out = append(out, plot.Tick{Value: v, Label: l})
	}
	return out
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
