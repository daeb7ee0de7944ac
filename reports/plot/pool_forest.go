package plot

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// forestKind is what a row of the pool forest plot shows.
type forestKind int

const (
	forestStudy forestKind = iota
	forestHeader
	forestSubtotal
	forestOverall
	forestPrediction
)

// poolForestRow is one row of the forest plot, top to bottom.
type poolForestRow struct {
	kind        forestKind
	label, side string
	est, lo, hi float64
	weight      float64 // percent, studies only
}

// poolForestRows lays out the forest plot: the studies (grouped by the
// --by levels, each group closed by its pooled diamond), then the
// pooled diamond of all studies and the prediction interval.
func poolForestRows(r *evaluate.PoolReport) []poolForestRow {
	head := r.Headline.Analysis
	study := func(s evaluate.PoolStudyResult) poolForestRow {
		w := float64(words.PoolWeight(s.Weights, head))
		return poolForestRow{kind: forestStudy, label: words.Clip(s.Study, 28), est: float64(s.Yi), lo: float64(s.CILow), hi: float64(s.CIHigh),
			weight: w, side: words.Num2(float64(s.Yi)) + " (" + words.RangeText(s.CILow, s.CIHigh) + ")  " + words.PctText(w)}
	}
	diamond := func(kind forestKind, label string, x *evaluate.PoolRow) poolForestRow {
		row := poolForestRow{kind: kind, label: label, est: float64(x.Estimate), lo: float64(x.CILow), hi: float64(x.CIHigh)}
		row.side = words.Num2(row.est)
		if c := words.RangeText(x.CILow, x.CIHigh); c != "" {
			row.side += " (" + c + ")"
		}
		if x.MonthsProgress != nil {
			row.side += "  " + monthsShort(*x.MonthsProgress)
		}
		return row
	}
	rows := []poolForestRow{{kind: forestHeader, side: words.PoolMeasureShort(r.Measure) + " (" + words.CILabel(r.Confidence) + ")  weight"}}
	if r.By != "" {
		for _, sub := range words.PoolSubgroups(r) {
			level := sub[len(r.By)+1:]
			rows = append(rows, poolForestRow{kind: forestHeader, label: r.By + " = " + words.Clip(level, 20)})
			for _, s := range r.Studies {
				if s.Level == level {
					rows = append(rows, study(s))
				}
			}
			if x := words.FindPool(r, sub, head, evaluate.PoolPooled); x != nil {
				rows = append(rows, diamond(forestSubtotal, fmt.Sprintf("pooled, %s", words.CountWords(x.K, "study", "studies")), x))
			}
		}
	} else {
		for _, s := range r.Studies {
			rows = append(rows, study(s))
		}
	}
	if x := words.FindPool(r, evaluate.SubgroupAll, head, evaluate.PoolPooled); x != nil {
		rows = append(rows, diamond(forestOverall, "All studies, pooled", x))
	}
	h := r.Headline
	if !math.IsNaN(float64(h.PILow)) {
		pi := poolForestRow{kind: forestPrediction, label: strings.Replace(words.CILabel(r.Confidence), "CI", "prediction interval", 1), est: float64(h.Estimate), lo: float64(h.PILow), hi: float64(h.PIHigh)}
		pi.side = words.RangeText(h.PILow, h.PIHigh)
		if h.PIMonthsLow != nil && h.PIMonthsHigh != nil {
			pi.side += fmt.Sprintf("  (%s to %s months)", monthsSigned(*h.PIMonthsLow), monthsSigned(*h.PIMonthsHigh))
		}
		rows = append(rows, pi)
	}
	return rows
}

// monthsSigned is "+6", "-1", "0".
func monthsSigned(m int) string {
	if m > 0 {
		return fmt.Sprintf("+%d", m)
	}
	return fmt.Sprint(m)
}

// PoolForestPlot draws each study's effect with its confidence interval
// (squares sized by the study's weight in the headline model), grouped by
// the --by levels with each level's pooled diamond, the pooled diamond of
// all studies, the prediction interval, a line at 0 and, for Hedges' g,
// months' progress on an axis along the top. Intervals that run past the
// plot's range (a level's interval from two studies, say) end in an arrow;
// the numbers on the right are never cut.
func PoolForestPlot(r *evaluate.PoolReport) (Figure, error) {
	rows := poolForestRows(r)
	n := len(rows)
	if n == 0 {
		return Figure{}, fmt.Errorf("forest plot: no studies")
	}
	xlabel := poolAxisName(r.Measure) + ": below 0 favours comparison, above 0 the programme"
	p := newPlot("Effect in each study and pooled ("+words.IntervalName(r.Confidence)+")", xlabel, "")
	p.X.Label.TextStyle.Font = font.From(sansFont, tickSize)

	// The range: every study's interval, the pooled interval and the
	// prediction interval, and 0; a level's wider interval is cut.
	lo, hi := 0.0, 0.0
	for _, x := range rows {
		if x.kind == forestHeader || x.kind == forestSubtotal {
			continue
		}
		for _, v := range []float64{x.lo, x.hi, x.est} {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	pad := 0.05 * (hi - lo)
	if pad == 0 {
		pad = 0.1
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	names := make([]string, n)
	side := make([]string, n)
	xy := make(plotter.XYs, n)
	for i, x := range rows {
		names[n-1-i] = x.label
		side[i] = x.side
		xy[i] = plotter.XY{X: p.X.Max, Y: float64(n - 1 - i)}
	}
	p.NominalY(names...)
	p.Y.Tick.Label.Font = font.From(sansFont, tickSize)
	p.Y.Padding = 0

	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.6}, {X: 0, Y: float64(n) - 0.4}})
	if err != nil {
		return Figure{}, err
	}
	zero.Color = colourGrey
	zero.Width = vg.Points(1)
	zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	p.Add(forestMarks{rows: rows})

	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: side})
	if err != nil {
		return Figure{}, fmt.Errorf("forest plot: %w", err)
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font = font.From(sansFont, tickSize)
		labels.TextStyle[i].XAlign = draw.XLeft
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(8)}
	p.Add(labels)

	if r.Measure == evaluate.PoolHedgesG {
		p.Title.Padding = vg.Points(40)
		p.Add(poolMonthsAxis{table: r.MonthsTable})
	}
	h := vg.Length(1.9)*vg.Inch + vg.Length(n)*0.3*vg.Inch
	return Figure{Name: "forest", Sheet: "Summary", Plot: p, Width: plotWidth + 2*vg.Inch, Height: h}, nil
}

// forestMarks draws the rows of the pool forest plot.
type forestMarks struct{ rows []poolForestRow }

var colourPooled = color.RGBA{0x00, 0x00, 0x00, 0xff}

func (m forestMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	n := len(m.rows)
	maxW := 0.0
	for _, x := range m.rows {
		maxW = math.Max(maxW, x.weight)
	}
	clipX := func(v float64) (vg.Length, bool) {
		switch {
		case v < p.X.Min:
			return trX(p.X.Min), true
		case v > p.X.Max:
			return trX(p.X.Max), true
		}
		return trX(v), false
	}
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	arrow := func(x, y vg.Length, left bool, clr color.Color) {
		d := vg.Points(5)
		if left {
			c.FillPolygon(clr, []vg.Point{{X: x, Y: y}, {X: x + d, Y: y + d*0.6}, {X: x + d, Y: y - d*0.6}})
		} else {
			c.FillPolygon(clr, []vg.Point{{X: x, Y: y}, {X: x - d, Y: y + d*0.6}, {X: x - d, Y: y - d*0.6}})
		}
	}
	for i, x := range m.rows {
		y := trY(float64(n - 1 - i))
		if math.IsNaN(x.est) {
			continue
		}
		switch x.kind {
		case forestStudy:
			if !math.IsNaN(x.lo) {
				l, cl := clipX(x.lo)
				h, ch := clipX(x.hi)
				c.StrokeLine2(line, l, y, h, y)
				if cl {
					arrow(l, y, true, color.Black)
				}
				if ch {
					arrow(h, y, false, color.Black)
				}
			}
			// Squares' areas are proportional to the weights.
			half := vg.Points(2.5 + 4.5*math.Sqrt(x.weight/math.Max(maxW, 1e-12)))
			ex, _ := clipX(x.est)
			c.FillPolygon(colourProgramme, []vg.Point{{X: ex - half, Y: y - half}, {X: ex + half, Y: y - half}, {X: ex + half, Y: y + half}, {X: ex - half, Y: y + half}})
		case forestSubtotal, forestOverall:
			clr := colourSubgroup
			hh := vg.Points(5)
			if x.kind == forestOverall {
				clr, hh = colourPooled, vg.Points(7)
			}
			ex, _ := clipX(x.est)
			if math.IsNaN(x.lo) {
				// No interval (one study with Knapp–Hartung): a point.
				c.FillPolygon(clr, []vg.Point{{X: ex - hh, Y: y}, {X: ex, Y: y + hh}, {X: ex + hh, Y: y}, {X: ex, Y: y - hh}})
				continue
			}
			l, cl := clipX(x.lo)
			h, ch := clipX(x.hi)
			c.FillPolygon(clr, []vg.Point{{X: l, Y: y}, {X: ex, Y: y + hh}, {X: h, Y: y}, {X: ex, Y: y - hh}})
			if cl {
				arrow(l, y, true, clr)
			}
			if ch {
				arrow(h, y, false, clr)
			}
		case forestPrediction:
			sty := draw.LineStyle{Color: colourComparison, Width: vg.Points(3)}
			l, _ := clipX(x.lo)
			h, _ := clipX(x.hi)
			c.StrokeLine2(sty, l, y, h, y)
			cap := vg.Points(5)
			c.StrokeLine2(sty, l, y-cap, l, y+cap)
			c.StrokeLine2(sty, h, y-cap, h, y+cap)
		}
	}
}

// poolMonthsAxis draws EEF months' progress along the top of a forest plot,
// at the effect sizes of the bottom axis's ticks.
type poolMonthsAxis struct{ table string }

func (a poolMonthsAxis) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	top := c.Max.Y
	axis := draw.LineStyle{Color: colourGrey, Width: vg.Points(0.5)}
	c.StrokeLine2(axis, c.Min.X, top, c.Max.X, top)
	ts := draw.TextStyle{Color: colourGrey, Font: font.From(sansFont, tickSize), XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: p.X.Tick.Label.Handler}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label == "" || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(axis, x, top, x, top+vg.Points(4))
		c.FillText(ts, vg.Point{X: x, Y: top + vg.Points(6)}, monthsSigned(rating.MonthsProgress(t.Value, a.table)))
	}
	ts.XAlign = draw.XLeft
	c.FillText(ts, vg.Point{X: c.Min.X, Y: top + vg.Points(22)}, "Months' progress (EEF "+monthsTableShort(a.table)+")")
}

// monthsTableShort names the months' progress table in a few words.
func monthsTableShort(t string) string {
	if t == rating.MonthsReport {
		return "report table"
	}
	return "Toolkit table"
}

// poolAxisName names the effect-size axis.
func poolAxisName(m string) string {
	switch m {
	case evaluate.PoolHedgesG:
		return "Effect size (Hedges' g)"
	case evaluate.PoolLogOddsRatio:
		return "Log odds ratio"
	case evaluate.PoolRiskDifference:
		return "Risk difference"
	}
	return "Effect size"
}
