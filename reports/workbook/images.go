package workbook

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// images embeds the PlotPNGs of the sheet one under another from row on,
// two to a printed page, and returns the row after the last.
func (w *sheet) images(row int) int {
	b, s := w.b, w.name
	var keys []string
	for k := range b.o.PlotPNGs {
		if sh, name, _ := strings.Cut(k, "/"); sh == s && !b.flowWithheld(name) {
			keys = append(keys, k)
		}
	}
	rank := figureRank(b.r)
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	onPage := 0.0 // the height of the Summary's figures on this page, px
	for i, k := range keys {
		data := b.o.PlotPNGs[k]
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			w.err = fmt.Errorf("image %q is not a PNG: %w", k, err)
			return row
		}
		// Start the figures on a new printed page, two to a page (one on
		// the Survey sheet). The Summary's figures are full width and of
		// any height: they fill a page as far as they fit
		// (summaryFigurePage), so that none is cut by a page's end.
		switch {
		case s == sheetSummary:
			h := float64(cfg.Height)*1000/float64(cfg.Width) + 40
			if i == 0 || onPage+h > summaryFigurePage {
				w.pageBreak(row)
				onPage = 0
			}
			onPage += h
		case i%2 == 0 || s == sheetSurvey:
			w.pageBreak(row)
		}
		if w.err != nil {
			return row
		}
		// Wide enough to read on screen and in print: 1,000 pixels on the
		// Summary (most of its width), at most 720 elsewhere.
		maxW := 720.0
		if s == sheetSummary {
			maxW = 1000
		}
		scale := maxW / float64(cfg.Width)
		// Two to a printed page elsewhere: no taller than 330 pixels; the
		// Likert charts of the Survey sheet, a bar per question, a page
		// each (no taller than 900).
		maxH := 330.0
		if s == sheetSurvey {
			maxH = 900
		}
		if s != sheetSummary && float64(cfg.Height)*scale > maxH {
			scale = maxH / float64(cfg.Height)
		}
		_, name, _ := strings.Cut(k, "/")
		if name == "" {
			name = s
		}
		w.do(func(f *excelize.File, s string) error {
			err := f.AddPictureFromBytes(s, cell(1, row), &excelize.Picture{
				Extension: ".png", File: data,
				Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, AltText: name, Name: name,
					LockAspectRatio: true, Positioning: "oneCell"},
			})
			if err != nil {
				return fmt.Errorf("embedding %s: %w", k, err)
			}
			return nil
		})
		// Default rows are 20 px high.
		row += int(math.Ceil(float64(cfg.Height)*scale/20)) + 2
	}
	return row
}

// summaryFigurePage is the height, in pixels of the sheet, of the
// Summary's figures that one printed page holds: the Summary prints one
// page wide on A4 landscape, which LibreOffice shows as about 1,130 pixels
// of the sheet's height (Excel about the same); 1,000 leaves a margin.
const summaryFigurePage = 1000

// figureRank orders embedded figures as Figures makes them: the forest
// plot, then outcome by outcome the before-and-after and distribution
// plots and the flow diagram; other names after them.
func figureRank(r *evaluate.Report) func(key string) int {
	order := map[string]int{"forest": 0}
	for i, o := range words.Outcomes(r) {
		order["before-after-"+words.Slug(o)] = 1 + 3*i
		order["distribution-"+words.Slug(o)] = 2 + 3*i
		order["flow-"+words.Slug(o)] = 3 + 3*i
	}
	return func(key string) int {
		_, name, _ := strings.Cut(key, "/")
		if n, ok := order[name]; ok {
			return n
		}
		return len(order) + 1
	}
}

// flowWithheld reports whether figure name is the flow diagram of an
// outcome with a small arm in a workbook that suppresses small counts:
// the diagram counts pupils, so it is left out.
func (b *book) flowWithheld(name string) bool {
	if b.o.Publish == nil || !strings.HasPrefix(name, "flow-") {
		return false
	}
	for _, f := range b.r.Flow {
		if "flow-"+words.Slug(f.Outcome) == name {
			return b.smallFlow(f)
		}
	}
	return false
}
