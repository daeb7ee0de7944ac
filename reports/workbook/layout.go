package workbook

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
)

// cell names the cell at column col (1-based) and row.
func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// colName is the letter(s) of column col (1-based).
func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// put writes v (NaN and nil as an empty cell) with style st (0 = none).
func (b *book) put(sheet string, col, row int, v any, st int) error {
	c := cell(col, row)
	switch x := v.(type) {
	case nil:
	case evaluate.Num:
		if !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
			if err := b.f.SetCellFloat(sheet, c, float64(x), -1, 64); err != nil {
				return err
			}
		}
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			if err := b.f.SetCellFloat(sheet, c, x, -1, 64); err != nil {
				return err
			}
		}
	case *int:
		if x != nil {
			if err := b.f.SetCellInt(sheet, c, int64(*x)); err != nil {
				return err
			}
		}
	case string:
		if x != "" {
			if err := b.f.SetCellStr(sheet, c, x); err != nil {
				return err
			}
		}
	default:
		if err := b.f.SetCellValue(sheet, c, v); err != nil {
			return err
		}
	}
	if st != 0 {
		return b.f.SetCellStyle(sheet, c, c, st)
	}
	return nil
}

// widths sets column widths from column 1.
func (b *book) widths(sheet string, w ...float64) error {
	for i, x := range w {
		c := colName(i + 1)
		if err := b.f.SetColWidth(sheet, c, c, x); err != nil {
			return err
		}
	}
	return nil
}

// header writes a styled header row and freezes the rows above and it.
func (b *book) header(sheet string, row int, names []string, freeze bool) error {
	for i, n := range names {
		if err := b.put(sheet, i+1, row, n, b.st.header); err != nil {
			return err
		}
	}
	if err := b.f.SetRowHeight(sheet, row, 32); err != nil {
		return err
	}
	if freeze {
		return b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cell(1, row+1), ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: cell(1, row+1), ActiveCell: cell(1, row+1), Pane: "bottomLeft"}}})
	}
	return nil
}

// paragraph writes text merged across columns 1..cols of row, wrapped, with
// a row height that fits it (Excel does not fit merged cells itself).
func (b *book) paragraph(sheet string, row, cols int, text string, st int, width float64) error {
	if err := b.put(sheet, 1, row, text, st); err != nil {
		return err
	}
	if cols > 1 {
		if err := b.f.MergeCell(sheet, cell(1, row), cell(cols, row)); err != nil {
			return err
		}
	}
	return b.f.SetRowHeight(sheet, row, textHeight(text, width))
}

// textHeight estimates the row height (points) for text wrapped in a cell
// width characters wide, at 11 pt, up to the 409 points a row can have
// (longer text is cut off on screen but kept in the cell; the design
// check keeps titles and labels well below that).
func textHeight(text string, width float64) float64 {
	perLine := math.Max(10, width*1.15)
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += max(1, int(math.Ceil(float64(utf8.RuneCountInString(l))/perLine)))
	}
	return math.Min(float64(lines)*15+3, maxRowHeight)
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// small reports whether a count should be marked.
func (b *book) small(n int) bool { return b.o.SmallN > 0 && n < b.o.SmallN }

// count writes a count, marked (and suppressed with SuppressSmall) when small.
func (b *book) count(sheet string, col, row int, n *int) error {
	if n == nil {
		return nil
	}
	if b.small(*n) {
		b.marked = true
		if b.o.SuppressSmall {
			return b.put(sheet, col, row, "c", b.st.textMark)
		}
		return b.put(sheet, col, row, *n, b.st.int0Mark)
	}
	return b.put(sheet, col, row, *n, b.st.int0)
}

// smallNote is the footnote under tables with marked counts.
func (b *book) smallNote() string {
	s := fmt.Sprintf("Shaded: a group of fewer than %d pupils. Treat its numbers with great caution", b.o.SmallN)
	if b.o.SuppressSmall {
		return s + `; "c" marks a number withheld to protect the pupils' privacy.`
	}
	return s + ", and consider withholding them before publishing."
}
