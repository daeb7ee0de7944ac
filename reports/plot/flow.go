package plot

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the flow diagram (CONSORT style) of an outcome's pupils, from
// allocation to the headline analysis, arm by arm, with the reasons pupils
// were lost. It draws evaluate's Flow (evaluate/flow.go) and the attrition
// of the outcome's rating; it counts nothing itself.

// Sizes of the flow diagram.
var (
	flowTextSize = vg.Points(10)
	flowPad      = vg.Points(5)  // inside a box
	flowGap      = vg.Points(12) // between a box and the next arrow
)

// FlowDiagram draws flow f of report r: for each arm, the pupils
// allocated, those not in the data, those in the data, those left out of
// the headline analysis and why, and those analysed; under it the pupils
// in neither arm and the attrition. ok is false when the flow has no arm.
func FlowDiagram(r *evaluate.Report, f evaluate.Flow) (fig Figure, ok bool) {
	if len(f.Arms) == 0 {
		return Figure{}, false
	}
	name := words.ShortLabels(r)[f.Outcome]
	if name == "" {
		name = f.Outcome
	}
	p := plot.New()
	p.Title.TextStyle.Font = font.From(sansFont, titleSize)
	// A long outcome label wraps onto a second line (then "…"), inside
	// the figure.
	p.Title.Text = fitText("Pupils from allocation to analysis: "+name, p.Title.TextStyle.Font, 0.9*plotWidth, 2)
	titleLines := vg.Length(strings.Count(p.Title.Text, "\n") + 1)
	p.Title.Padding = vg.Points(8)
	p.HideAxes()
	ch := newFlowChart(r, f)
	width := plotWidth - 2*vg.Points(9)
	p.Add(ch)
	h := ch.height(width) + titleLines*titleSize*1.6 + vg.Points(8) + 2*vg.Points(9) + vg.Points(6)
	return Figure{Name: "flow-" + words.Slug(f.Outcome), Sheet: "Summary", Plot: p, Width: plotWidth, Height: h}, true
}

// flowChart is the diagram as a gonum plotter: it lays itself out in the
// canvas it is given.
type flowChart struct {
	heads []string     // each arm's heading
	rows  [][][]string // rows[k][arm]: the lines of arm's main box k
	sides [][][]string // sides[k][arm]: the lines of the box beside the arrow below row k ("" none)
	notes []string     // under the diagram
}

func flowArmName(f evaluate.Flow, a evaluate.FlowArm) string {
	switch {
	case a.Pool:
		return "Comparison pool (matched from)"
	case a.Arm == evaluate.ArmIntervention:
		return "Programme group"
	case a.Arm == evaluate.ArmComparison:
		return "Comparison group"
	}
	return "All pupils"
}

// flowAnalysis names the headline analysis in a box.
func flowAnalysis(a evaluate.Analysis) string {
	switch a {
	case evaluate.AnalysisANCOVA:
		return "ANCOVA"
	case evaluate.AnalysisUnadjusted:
		return "unadjusted comparison"
	case evaluate.AnalysisMultilevel:
		return "multilevel model"
	case evaluate.AnalysisClusterRobust:
		return "cluster-robust regression"
	case evaluate.AnalysisClusterCorrected:
		return "WWC cluster correction"
	case evaluate.AnalysisPaired:
		return "before and after"
	case evaluate.AnalysisMatched:
		return "matched sample"
	case evaluate.AnalysisMatchedAdjusted:
		return "matched sample, adjusted"
	case evaluate.AnalysisLogistic:
		return "logistic regression"
	}
	return strings.ReplaceAll(string(a), "_", " ")
}

// flowClusters is an arm's clusters as a line of a box ("in 20
// schools"), or nothing without a cluster column.
func flowClusters(f evaluate.Flow, n int) []string {
	if f.Cluster == "" || n == 0 {
		return nil
	}
	one, many := evaluate.ClusterNouns(f.Cluster)
	if n == 1 {
		return []string{"in 1 " + one}
	}
	return []string{fmt.Sprintf("in %d %s", n, many)}
}

func newFlowChart(r *evaluate.Report, f evaluate.Flow) *flowChart {
	ch := &flowChart{}
	anyKnown := false
	for _, a := range f.Arms {
		anyKnown = anyKnown || a.AllocationKnown
	}
	row := func(k int) {
		for len(ch.rows) <= k {
			ch.rows = append(ch.rows, make([][]string, len(f.Arms)))
			ch.sides = append(ch.sides, make([][]string, len(f.Arms)))
		}
	}
	for i, a := range f.Arms {
		ch.heads = append(ch.heads, flowArmName(f, a))
		k := 0
		if anyKnown {
			row(k)
			switch {
			case a.Pool:
				ch.rows[k][i] = []string{"Not allocated:", "matched from the pupils below"}
			case a.AllocationKnown:
				ch.rows[k][i] = []string{"Allocated", "n = " + words.N(a.Allocated)}
				lost := words.N(a.LostBeforeData())
				if publish.IsCount(a.Allocated) || publish.IsCount(a.InData) {
					lost = publish.Mark
				}
				ch.sides[k][i] = []string{"Not in the data: " + lost}
			default:
				ch.rows[k][i] = []string{"Allocated: not given", "(the data's pupils taken as allocated)"}
			}
			k++
		}
		row(k + 1)
		ch.rows[k][i] = append([]string{"In the data", "n = " + words.N(a.InData)}, flowClusters(f, a.ClustersInData)...)
		left := 0
		if publish.IsCount(a.InData) {
			left = publish.Count // a withheld arm: nothing of it is shown
		}
		for _, l := range a.LeftOut {
			if publish.IsCount(l.Count) || publish.IsCount(left) {
				left = publish.Count
				continue
			}
			left += l.Count
		}
		side := []string{"Left out of the analysis: " + words.N(left)}
		for _, l := range a.LeftOut {
			side = append(side, "• "+l.Reason+": "+words.N(l.Count))
		}
		ch.sides[k][i] = side
		ch.rows[k+1][i] = append(append([]string{"Analysed", "n = " + words.N(a.Analysed)}, flowClusters(f, a.ClustersAnalysed)...),
			"("+flowAnalysis(f.Analysis)+")")
	}
	if f.NeitherArm > 0 {
		ch.notes = append(ch.notes, fmt.Sprintf("%s in the data in neither group (no group value, or another one): in no analysis.",
			words.CountWords(f.NeitherArm, "1 pupil was", fmt.Sprintf("%d pupils were", f.NeitherArm))))
	}
	if s := words.SecurityOf(r, f.Outcome, f.Subgroup); s != nil {
		ch.notes = append(ch.notes, words.AttritionSentence(s))
	} else if !anyKnown {
		ch.notes = append(ch.notes, "The design does not give the pupils allocated (allocation: in the design file), so pupils lost before the data were entered are not shown.")
	}
	return ch
}

func (ch *flowChart) style(bold bool) text.Style {
	f := sansFont
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return text.Style{Color: color.Black, Font: font.From(f, flowTextSize), XAlign: draw.XLeft, YAlign: draw.YTop,
		Handler: plot.DefaultTextHandler}
}

// lineHeight is the height of one line of the diagram's text.
func (ch *flowChart) lineHeight() vg.Length { return ch.style(false).FontExtents().Height * 1.15 }

// geometry of one arm's column of width w: the main box's left edge and
// width, the side box's left edge and width.
func (ch *flowChart) columns(w vg.Length) (mainX, mainW, sideX, sideW vg.Length) {
	if len(ch.heads) == 1 {
		return 0.18 * w, 0.34 * w, 0.56 * w, 0.40 * w
	}
	return 0.01 * w, 0.36 * w, 0.43 * w, 0.55 * w
}

// wrapped wraps each line to fit width, in the plain style; a bullet's
// continuation lines are indented.
func (ch *flowChart) wrapped(lines []string, width vg.Length) []string {
	sty := ch.style(false)
	var out []string
	for _, l := range lines {
		cur := ""
		for _, w := range strings.Fields(l) {
			try := w
			if cur != "" {
				try = cur + " " + w
			}
			if cur != "" && sty.Width(try) > width {
				out = append(out, cur)
				cur = w
				if strings.HasPrefix(l, "• ") {
					cur = "   " + w
				}
				continue
			}
			cur = try
		}
		out = append(out, cur)
	}
	return out
}

// boxHeight is the height of a box holding n lines.
func (ch *flowChart) boxHeight(n int) vg.Length { return vg.Length(n)*ch.lineHeight() + 2*flowPad }

// layout returns, for a canvas of width w, the height of each row's main
// boxes and of the gap below it (holding the side boxes), the heading's
// and the notes' heights.
func (ch *flowChart) layout(w vg.Length) (rowH, gapH []vg.Length, headH, notesH vg.Length, notes []string) {
	colW := w / vg.Length(len(ch.heads))
	_, mainW, _, sideW := ch.columns(colW)
	lh := ch.lineHeight()
	headH = lh + flowPad
	for k := range ch.rows {
		var h, g vg.Length
		for a := range ch.heads {
			h = max(h, ch.boxHeight(len(ch.wrapped(ch.rows[k][a], mainW-2*flowPad))))
			if s := ch.sides[k][a]; len(s) > 0 {
				g = max(g, ch.boxHeight(len(ch.wrapped(s, sideW-2*flowPad))))
			}
		}
		rowH = append(rowH, h)
		if k < len(ch.rows)-1 {
			gapH = append(gapH, max(g, 0)+2*flowGap)
		}
	}
	notes = ch.wrapped(ch.notes, w)
	if len(notes) > 0 {
		notesH = flowGap + vg.Length(len(notes))*lh
	}
	return rowH, gapH, headH, notesH, notes
}

// height is the diagram's height at width w.
func (ch *flowChart) height(w vg.Length) vg.Length {
	rowH, gapH, headH, notesH, _ := ch.layout(w)
	h := headH + notesH
	for _, x := range rowH {
		h += x
	}
	for _, x := range gapH {
		h += x
	}
	return h
}

// Plot implements plot.Plotter: the diagram from the top of the canvas.
func (ch *flowChart) Plot(c draw.Canvas, _ *plot.Plot) {
	w := c.Max.X - c.Min.X
	rowH, gapH, headH, _, notes := ch.layout(w)
	colW := w / vg.Length(len(ch.heads))
	mainX, mainW, sideX, sideW := ch.columns(colW)
	lh := ch.lineHeight()
	bold, plain := ch.style(true), ch.style(false)
	line := draw.LineStyle{Color: colourGrey, Width: vg.Points(0.8)}
	arrow := draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}
	top := c.Max.Y
	for a, h := range ch.heads {
		x := c.Min.X + vg.Length(a)*colW + mainX
		c.FillText(bold, vg.Point{X: x, Y: top}, h)
	}
	y := top - headH
	for k := range ch.rows {
		for a := range ch.heads {
			x0 := c.Min.X + vg.Length(a)*colW
			bx := x0 + mainX
			lines := ch.wrapped(ch.rows[k][a], mainW-2*flowPad)
			fill := lighten(lighten(colourProgramme))
			if strings.HasPrefix(ch.heads[a], "Comparison") {
				fill = lighten(lighten(colourComparison))
			}
			flowBox(c, bx, y, mainW, rowH[k], fill, line)
			for i, l := range lines {
				sty := plain
				if i == 0 {
					sty = bold
				}
				c.FillText(sty, vg.Point{X: bx + flowPad, Y: y - flowPad - vg.Length(i)*lh}, l)
			}
			if k == len(ch.rows)-1 {
				continue
			}
			// The arrow down to the next row, and the box beside it.
			mid := bx + mainW/2
			y1, y2 := y-rowH[k], y-rowH[k]-gapH[k]
			flowArrow(c, vg.Point{X: mid, Y: y1}, vg.Point{X: mid, Y: y2}, arrow)
			if s := ch.sides[k][a]; len(s) > 0 {
				sl := ch.wrapped(s, sideW-2*flowPad)
				sh := ch.boxHeight(len(sl))
				sy := y1 - (gapH[k]-sh)/2
				sx := x0 + sideX
				flowBox(c, sx, sy, sideW, sh, color.White, line)
				for i, l := range sl {
					c.FillText(plain, vg.Point{X: sx + flowPad, Y: sy - flowPad - vg.Length(i)*lh}, l)
				}
				flowArrow(c, vg.Point{X: mid, Y: sy - sh/2}, vg.Point{X: sx, Y: sy - sh/2}, arrow)
			}
		}
		y -= rowH[k]
		if k < len(gapH) {
			y -= gapH[k]
		}
	}
	y -= flowGap
	for i, l := range notes {
		c.FillText(plain, vg.Point{X: c.Min.X, Y: y - vg.Length(i)*lh}, l)
	}
}

// flowBox draws a box with its top-left corner at (x, y).
func flowBox(c draw.Canvas, x, y, w, h vg.Length, fill color.Color, line draw.LineStyle) {
	pts := []vg.Point{{X: x, Y: y}, {X: x + w, Y: y}, {X: x + w, Y: y - h}, {X: x, Y: y - h}}
	c.FillPolygon(fill, pts)
	c.StrokeLines(line, append(pts, pts[0]))
}

// flowArrow draws a line from a to b with a head at b.
func flowArrow(c draw.Canvas, a, b vg.Point, sty draw.LineStyle) {
	c.StrokeLine2(sty, a.X, a.Y, b.X, b.Y)
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l, dy/l
	s := float64(vg.Points(5))
	p1 := vg.Point{X: b.X - vg.Length(s*ux-s*0.5*uy), Y: b.Y - vg.Length(s*uy+s*0.5*ux)}
	p2 := vg.Point{X: b.X - vg.Length(s*ux+s*0.5*uy), Y: b.Y - vg.Length(s*uy-s*0.5*ux)}
	c.FillPolygon(color.Black, []vg.Point{b, p1, p2})
}
