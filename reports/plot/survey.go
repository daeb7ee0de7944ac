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
	"github.com/whatworks/whatworks/reports/words"
)

// The plots of yes/no outcomes and questionnaires: the share of each group
// with the outcome, and the diverging stacked bars of Likert answers.

// proportionBar is one share drawn by ProportionsPlot.
type proportionBar struct {
	name  string
	row   *evaluate.Result
	comp  bool // a comparison group (or before): drawn in the comparison colour
	group string
}

// proportionRows lists the share rows of outcome o for all pupils: before
// and after (paired), the unadjusted arms, and the matched arms.
func proportionRows(r *evaluate.Report, o string) []proportionBar {
	find := func(a evaluate.Analysis, m evaluate.Measure) *evaluate.Result {
		for i := range r.Results {
			x := &r.Results[i]
			if x.Outcome == o && x.Subgroup == evaluate.SubgroupAll && x.Analysis == a && x.Measure == m && !math.IsNaN(float64(x.Estimate)) {
				return x
			}
		}
		return nil
	}
	var out []proportionBar
	add := func(name, group string, comp bool, x *evaluate.Result) {
		if x != nil {
			out = append(out, proportionBar{name, x, comp, group})
		}
	}
	add("Before", "paired", true, find(evaluate.AnalysisPaired, evaluate.MeasureProportionPre))
	add("After", "paired", false, find(evaluate.AnalysisPaired, evaluate.MeasureProportionPost))
	pool := "Comparison"
	if r.Design == evaluate.DesignMatched {
		pool = "Comparison pool"
	}
	add("Programme", "unadjusted", false, find(evaluate.AnalysisUnadjusted, evaluate.MeasureProportionTreated))
	add(pool, "unadjusted", true, find(evaluate.AnalysisUnadjusted, evaluate.MeasureProportionComparison))
	add("Programme\n(matched)", "matched", false, find(evaluate.AnalysisMatched, evaluate.MeasureProportionTreated))
	add("Matched\ncomparison", "matched", true, find(evaluate.AnalysisMatched, evaluate.MeasureProportionComparison))
	return out
}

// ProportionsPlot draws, for the yes/no outcome o, the percentage of each
// group with the outcome with its confidence interval: the intervention
// and comparison groups (and the matched sample, in a matched design), or
// before and after. ok is false when r has no shares of o.
func ProportionsPlot(r *evaluate.Report, o string) (f Figure, ok bool, err error) {
	bars := proportionRows(r, o)
	if len(bars) == 0 {
		return Figure{}, false, nil
	}
	label := o
	if s, ok := words.ShortLabels(r)[o]; ok {
		label = s
	}
	p := newPlot(label+": percentage of pupils", "", "Percentage of pupils, with "+words.CILabel(r.Confidence))
	names := make([]string, len(bars))
	for i, b := range bars {
		n := b.row.NTreated
		if b.comp && b.group != "paired" {
			n = b.row.NComparison
		}
		names[i] = b.name
		if n != nil {
			names[i] += fmt.Sprintf("\n(n = %d)", *n)
		}
		x := float64(i)
		est := 100 * float64(b.row.Estimate)
		lo, hi := 100*float64(b.row.CILow), 100*float64(b.row.CIHigh)
		if math.IsNaN(lo) || math.IsNaN(hi) {
			lo, hi = est, est
		}
		col := colourProgramme
		shape := draw.GlyphDrawer(draw.CircleGlyph{})
		if b.comp {
			col, shape = colourComparison, draw.TriangleGlyph{}
		}
		bar, err := plotter.NewPolygon(plotter.XYs{{X: x - 0.3, Y: 0}, {X: x + 0.3, Y: 0}, {X: x + 0.3, Y: est}, {X: x - 0.3, Y: est}})
		if err != nil {
			return Figure{}, false, fmt.Errorf("proportions plot of %s: %w", o, err)
		}
		bar.Color = tint(col)
		bar.LineStyle.Width = 0
		xy := plotter.XYs{{X: x, Y: est}}
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{xy, plotter.YErrors{{Low: est - lo, High: hi - est}}})
		if err != nil {
			return Figure{}, false, fmt.Errorf("proportions plot of %s: %w", o, err)
		}
		eb.LineStyle.Color, eb.LineStyle.Width, eb.CapWidth = col, vg.Points(2), vg.Points(14)
		pts, err := plotter.NewScatter(xy)
		if err != nil {
			return Figure{}, false, fmt.Errorf("proportions plot of %s: %w", o, err)
		}
		pts.Color, pts.Radius, pts.Shape = col, vg.Points(6), shape
		// The percentage inside the bar, at its foot, clear of the interval.
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: 2}}, Labels: []string{fmt.Sprintf("%.0f%%", est)}})
		if err != nil {
			return Figure{}, false, fmt.Errorf("proportions plot of %s: %w", o, err)
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font = font.From(sansFont, labelSize)
			lab.TextStyle[i].XAlign = draw.XCenter
		}
		p.Add(bar, eb, pts, lab)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(bars))-0.5
	p.Y.Min, p.Y.Max = 0, 100
	return Figure{Name: "proportions-" + words.Slug(o), Sheet: "Descriptives", Plot: p, Width: plotWidth, Height: 4 * vg.Inch}, true, nil
}

// tint is a light version of c, for filled areas.
func tint(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(255 - (255-int(v))*35/100) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// likertColours are the colours of k ordered answers, from the lowest
// (vermillion) through grey to the highest (blue): a diverging scale
// built on the Okabe–Ito colours, readable with colour-blindness.
func likertColours(k int) []color.RGBA {
	low := color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	mid := color.RGBA{0xCC, 0xCC, 0xCC, 0xff}
	high := color.RGBA{0x00, 0x72, 0xB2, 0xff}
	lerp := func(a, b color.RGBA, t float64) color.RGBA {
		f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
		return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xff}
	}
	out := make([]color.RGBA, k)
	for i := range out {
		t := 0.5
		if k > 1 {
			t = float64(i) / float64(k-1)
		}
		if t < 0.5 {
			out[i] = lerp(low, mid, t*2)
		} else {
			out[i] = lerp(mid, high, (t-0.5)*2)
		}
	}
	return out
}

// likertBar is one stacked bar: a label and the counts of each answer.
type likertBar struct {
	label  string
	counts []int
}

// answersOf sums an item's answer counts over the groups that answered
// (arm "" for every group).
func answersOf(it evaluate.ScaleItem, arm string, k int) []int {
	out := make([]int, k)
	for _, a := range it.Answers {
		if arm != "" && a.Arm != arm {
			continue
		}
		for v, n := range a.Counts {
			if v < k {
				out[v] += n
			}
		}
	}
	return out
}

// LikertPlot draws the standard chart of a questionnaire scale: for each
// item a bar of its answers as percentages of the pupils who answered,
// diverging from the middle (answers below the middle to the left, above
// to the right, the middle answer split across zero). With before a scale
// of the same items asked earlier, each item gets a bar before and after;
// otherwise, when more than one group answered, a bar per group. Reverse
// items are shown as answered, and marked. ok is false for a scale
// without answers.
func LikertPlot(after evaluate.ScaleReport, before *evaluate.ScaleReport, label string) (f Figure, ok bool, err error) {
	k := int(after.Max-after.Min) + 1
	if k < 2 || len(after.Stats) == 0 {
		return Figure{}, false, nil
	}
	var bars []likertBar
	var groups []string
	if before == nil || len(before.Stats) != len(after.Stats) || int(before.Max-before.Min)+1 != k {
		before = nil
		for _, a := range after.Stats[0].Answers {
			if !silentArm(after, a.Arm) {
				groups = append(groups, a.Arm)
			}
		}
		if len(groups) == 1 {
			groups = []string{""}
		}
	}
	for j, it := range after.Stats {
		name := it.Item
		if it.Reverse {
			name += " (reversed)"
		}
		switch {
		case before != nil:
			pre := before.Stats[j].Item
			if before.Stats[j].Reverse {
				pre += " (reversed)"
			}
			bars = append(bars, likertBar{pre + ", before", answersOf(before.Stats[j], "", k)},
				likertBar{name + ", after", answersOf(it, "", k)})
		default:
			for _, g := range groups {
				l := name
				if g != "" {
					l += ", " + strings.ToLower(words.ArmName(g))
				}
				bars = append(bars, likertBar{l, answersOf(it, g, k)})
			}
		}
	}
	title := label + ": answers to each question"
	p := newPlot(title, "Percentage of pupils who answered (left: lower answers, right: higher)", "")
	cols := likertColours(k)
	n := len(bars)
	names := make([]string, n)
	mid := float64(k-1) / 2
	lo, hi := 0.0, 0.0
	for i, b := range bars {
		y := float64(n - 1 - i)
		names[n-1-i] = b.label
		total := 0
		for _, c := range b.counts {
			total += c
		}
		if total == 0 {
			continue
		}
		// Start at minus the share below the middle (half the middle
		// answer when there is one).
		x := 0.0
		for v, c := range b.counts {
			share := 100 * float64(c) / float64(total)
			switch {
			case float64(v) < mid:
				x -= share
			case float64(v) == mid:
				x -= share / 2
			}
		}
		lo = math.Min(lo, x)
		for v, c := range b.counts {
			share := 100 * float64(c) / float64(total)
			if share > 0 {
				poly, err := plotter.NewPolygon(plotter.XYs{{X: x, Y: y - 0.35}, {X: x + share, Y: y - 0.35}, {X: x + share, Y: y + 0.35}, {X: x, Y: y + 0.35}})
				if err != nil {
					return Figure{}, false, fmt.Errorf("likert plot of %s: %w", after.Name, err)
				}
				poly.Color = cols[v]
				poly.LineStyle.Color = color.White
				poly.LineStyle.Width = vg.Points(0.5)
				p.Add(poly)
			}
			x += share
		}
		hi = math.Max(hi, x)
	}
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.6}, {X: 0, Y: float64(n) - 0.4}})
	if err != nil {
		return Figure{}, false, err
	}
	zero.Color, zero.Width = colourGrey, vg.Points(1)
	zero.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(zero)
	for v := range k {
		l := words.TrimFloat(after.Min + float64(v))
		if v < len(after.Levels) {
			l = after.Levels[v]
		}
		poly, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}})
		if err != nil {
			return Figure{}, false, err
		}
		poly.Color = cols[v]
		poly.LineStyle.Width = 0
		p.Legend.Add(l, poly)
	}
	// The legend above the bars, in rows of space of its own.
	p.Legend.Top = true
	p.Legend.Left = false
	p.Legend.Padding = vg.Points(1)
	extra := 0.6*float64(k) + 0.2
	p.X.Min, p.X.Max = math.Min(-100, lo), math.Max(100, hi)
	p.X.Tick.Marker = likertTicks{}
	p.X.Label.TextStyle.Font = font.From(sansFont, tickSize)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4+extra
	p.NominalY(names...)
	p.Y.Tick.Label.Font = font.From(sansFont, tickSize)
	h := vg.Length(1.4)*vg.Inch + vg.Length(float64(n)+extra)*0.28*vg.Inch
	return Figure{Name: "likert-" + words.Slug(after.Name), Sheet: "Survey", Plot: p, Width: plotWidth + vg.Inch, Height: h}, true, nil
}

// silentArm reports whether group arm answered none of the scale's items.
func silentArm(s evaluate.ScaleReport, arm string) bool {
	for _, it := range s.Stats {
		for _, a := range it.Answers {
			if a.Arm != arm {
				continue
			}
			for _, n := range a.Counts {
				if n > 0 {
					return false
				}
			}
		}
	}
	return true
}

// likertTicks are gonum's ticks labelled without their sign: percentages
// either side of zero.
type likertTicks struct{}

func (likertTicks) Ticks(min, max float64) []plot.Tick {
	ts := trimTicks{}.Ticks(min, max)
	for i := range ts {
		ts[i].Label = strings.TrimPrefix(ts[i].Label, "-")
	}
	return ts
}

// surveyFigures are the plots of r's yes/no outcomes (ProportionsPlot,
// for the Descriptives sheet) and scales (LikertPlot, for the Survey
// sheet): the scale of an outcome with a pretest scale before and after.
func surveyFigures(r *evaluate.Report) ([]Figure, error) {
	var figs []Figure
	for _, o := range r.Outcomes {
		if o.Type != evaluate.TypeBinary {
			continue
		}
		f, ok, err := ProportionsPlot(r, o.Column)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	scale := func(name string) *evaluate.ScaleReport {
		for i := range r.Scales {
			if r.Scales[i].Name == name {
				return &r.Scales[i]
			}
		}
		return nil
	}
	drawn := map[string]bool{}
	short := words.ShortLabels(r)
	for _, o := range r.Outcomes {
		after := scale(o.Scale)
		if after == nil || drawn[after.Name] {
			continue
		}
		before := scale(o.PretestScale)
		label := o.Label
		if s, ok := short[o.Column]; ok {
			label = s
		}
		if label == "" {
			label = o.Column
		}
		f, ok, err := LikertPlot(*after, before, label)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
			drawn[after.Name] = true
			if before != nil {
				drawn[before.Name] = true
			}
		}
	}
	for _, s := range r.Scales {
		if drawn[s.Name] {
			continue
		}
		f, ok, err := LikertPlot(s, nil, s.Name)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	return figs, nil
}
