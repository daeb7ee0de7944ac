package html

import (
	"math"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
)

// This file: fitting the summary on one A4 page. The page runs no script,
// so the page cannot measure itself; Write estimates the height of each
// block from its text instead (the type's average character width, the
// widths the style sheet gives the columns) and, while the estimate is
// taller than the page, makes the type a little smaller, leaves out the
// first rating's steps (the table above them stays), keeps two caveats
// (counting the rest) and makes the type smaller again. The browser test
// prints the examples and checks the estimate against Chromium.

// Page geometry in points (1 mm = 72/25.4 pt), from the style sheet.
const (
	mm        = 72 / 25.4
	pageH     = (297 - 11 - 11) * mm // A4 less the @page margins
	pageW     = (210 - 12 - 12) * mm
	colGap    = 6 * mm
	lineH     = 1.3  // line-height
	charW     = 0.52 // average character width, in ems (Liberation Sans prose, with room)
	fitMargin = 0.94 // use at most this share of the page
)

// fontSizes are the body sizes tried, largest first.
var fontSizes = []float64{8.8, 8.4, 8.0, 7.6, 7.2}

// textLines is how many lines text takes in a box width points wide at
// size points.
func textLines(text string, size, width float64) int {
	per := math.Max(1, math.Floor(width/(charW*size)))
	return max(1, int(math.Ceil(float64(utf8.RuneCountInString(text))/per)))
}

// block is the height of text in lines of size over width, with lineH.
func block(text string, size, width float64) float64 {
	return float64(textLines(text, size, width)) * size * lineH
}

// summaryColumns are the summary table's column widths (the colgroup),
// as shares of the page's width.
var summaryColumns = []float64{0.15, 0.21, 0.18, 0.08, 0.10, 0.11, 0.07, 0.10}

var viewBoxRE = regexp.MustCompile(`viewBox="\s*[-0-9.]+\s+[-0-9.]+\s+([0-9.]+)\s+([0-9.]+)"`)

// svgAspect is the height over the width of an SVG's view box (0.6
// when it has none).
func svgAspect(svg []byte) float64 {
	m := viewBoxRE.FindSubmatch(svg)
	if m == nil {
		return 0.6
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if !(w > 0) || !(h > 0) {
		return 0.6
	}
	return h / w
}

// height estimates the page's height in points at body size b.
func (v *view) height(b float64) float64 {
	aspect := v.forestAspect
	pad := 2 * 0.8 * mm // cell padding, top and bottom
	h := 1.8*b*1.15 + 1.05*b*lineH + 4*mm
	// The summary table.
	t := 0.95 * b
	h += 1.29*b*lineH + 1.2*mm
	headers := []string{"Outcome", "Group", "Effect size (95% CI)", "Estimated months' progress", "EEF security rating",
		"No. of pupils (intervention; comparison)", "p-value", "EEF cost rating"}
	rowH := func(cells []string, size float64) float64 {
		n := 1
		for i, c := range cells {
			n = max(n, textLines(c, size, summaryColumns[i]*pageW-pad*1.5))
		}
		return 1.1 * (float64(n)*size*lineH + pad)
	}
	h += rowH(headers, t*0.93)
	outcomeLines := map[int]float64{}
	first := 0
	for i, l := range v.Lines {
		if l.First {
			first = i
		}
		rh := rowH([]string{"", l.Group, l.Effect, l.Months, l.Security, l.Pupils, l.P, l.Cost}, t)
		h += rh
		outcomeLines[first] += rh
	}
	// An outcome's label may be taller than its lines.
	for i, got := range outcomeLines {
		if need := float64(textLines(v.Lines[i].Outcome, t, summaryColumns[0]*pageW-pad*1.5))*t*lineH + pad; need > got {
			h += need - got
		}
	}
	if len(v.Lines) == 0 {
		h += t*lineH + pad
	}
	if v.MoreLines > 0 {
		h += block(v.MoreLinesText(), 0.91*b, pageW) + 1*mm
	}
	for _, n := range v.Notes {
		h += block(n, 0.91*b, pageW) + 1*mm
	}
	// The two columns.
	cw := (pageW - colGap) / 2
	h2 := 1.22*b*lineH + 4.4*mm + 1
	list := func(items []string, size float64) float64 {
		s := 0.0
		for _, x := range items {
			s += block(x, size, cw-5*mm) + 1*mm
		}
		return s
	}
	left := h2 + list(v.Conclusions, b)
	if v.MoreConclusions > 0 {
		left += block(v.MoreConclusionsText(), b, cw)
	}
	if len(v.Caveats) > 0 {
		cav := v.Caveats
		if v.MoreCaveats > 0 {
			cav = append(append([]string(nil), cav...), v.MoreCaveatsText())
		}
		left += h2 + list(cav, b)
	}
	right := 0.0
	if v.Forest != "" {
		right += h2 + math.Min(cw*aspect, v.ForestMM*mm) + block("Each headline effect size (dot) with its confidence interval (line); the vertical line at 0 is no difference.", 0.91*b, cw)
	}
	if len(v.Security) > 0 {
		s := 0.91 * 0.95 * b
		right += h2 + 3*s*lineH + pad + float64(len(v.Security))*(2*s*lineH+pad)
		right += block("The padlocks (0 to 5) each criterion allows; the rating is the lowest of the three, less up to two for threats to validity. "+v.SecurityLabel+".", 0.91*b, cw) + 1*mm
		if len(v.SecuritySteps) > 0 {
			right += 1.05*b*lineH + 2*mm + list(v.SecuritySteps, 0.91*b)
		}
	}
	lastLeft, lastRight = left, right
	h += math.Max(left, 1.08*right)
	h += 4*mm + block(v.Footer, 0.89*b, pageW)
	return h
}

// fit chooses the body size and what the page leaves out so that the
// estimate fits on one page (see the top of this file), and draws the
// forest plot of the lines the table keeps.
// forceFont, when set, is the body size fit uses (TestCalibrate); the
// last* variables are what it chose and estimated.
var (
	forceFont, lastEstimate, lastLeft, lastRight, lastFont float64
	lastSteps, lastCaveats                                 int
)

func (v *view) fit(r *evaluate.Report, forest func(*evaluate.Report) ([]byte, error)) error {
	defer func() {
		lastEstimate, lastFont = v.height(v.FontPt), v.FontPt
		lastSteps, lastCaveats = len(v.SecuritySteps), len(v.Caveats)
	}()
	v.ForestMM = 82
	if err := v.drawForest(r, forest, true); err != nil {
		return err
	}
	if forceFont > 0 {
		v.FontPt = forceFont
		return nil
	}
	fits := func() bool { return v.height(v.FontPt) <= fitMargin*pageH }
	try := func(sizes []float64) bool {
		for _, b := range sizes {
			v.FontPt = b
			if fits() {
				return true
			}
		}
		return false
	}
	if try(fontSizes[:3]) {
		return nil
	}
	v.SecuritySteps = nil
	if try(fontSizes[:3]) {
		return nil
	}
	if len(v.Caveats) > 2 {
		v.MoreCaveats += len(v.Caveats) - 2
		v.Caveats = v.Caveats[:2]
	}
	if try(fontSizes) {
		return nil
	}
	// Many outcomes: the table gives every headline; the sentences of the
	// first three stay, the plot is smaller.
	v.keepConclusions(3)
	if len(v.Caveats) > 1 {
		v.MoreCaveats += len(v.Caveats) - 1
		v.Caveats = v.Caveats[:1]
	}
	v.ForestMM = 60
	if try(fontSizes) {
		return nil
	}
	// Still too tall: the table and the plot keep each outcome's
	// all-pupils line, the security table the first outcome's rating;
	// then the first outcomes stay. The rest are counted, and are in the
	// workbook.
	v.dropSubgroupLines()
	if err := v.drawForest(r, forest, false); err != nil {
		return err
	}
	if try(fontSizes) {
		return nil
	}
	if len(v.Security) > 1 {
		v.Security = v.Security[:1]
	}
	if try(fontSizes) {
		return nil
	}
	for v.outcomes() > 1 && !fits() {
		v.dropLastOutcome()
		if err := v.drawForest(r, forest, false); err != nil {
			return err
		}
	}
	return nil
}

// outcomes is the number of outcomes in the summary table.
func (v *view) outcomes() int {
	n := 0
	for _, l := range v.Lines {
		if l.First {
			n++
		}
	}
	return n
}

// dropSubgroupLines keeps each outcome's first line (all pupils) and
// counts the others.
func (v *view) dropSubgroupLines() {
	var keep []line
	for _, l := range v.Lines {
		if !l.First {
			v.MoreLines++
			continue
		}
		l.Rows = 1
		keep = append(keep, l)
	}
	v.Lines = keep
}

// dropLastOutcome leaves out the table's last outcome (and its security
// rating), counting its lines.
func (v *view) dropLastOutcome() {
	for i := len(v.Lines) - 1; i >= 0; i-- {
		if v.Lines[i].First {
			v.MoreLines += len(v.Lines) - i
			gone := v.Lines[i].outcome
			v.Lines = v.Lines[:i]
			for j, s := range v.Security {
				if s.outcome == gone {
					v.Security = append(v.Security[:j:j], v.Security[j+1:]...)
					break
				}
			}
			return
		}
	}
}
