package workbook

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/publish"
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

// sheet writes the cells of one sheet and keeps the first error, as
// bufio.Writer does: after a failure every call does nothing, and the
// sheet's step returns the error once, from Err. The calls go to excelize
// in the order they are made.
type sheet struct {
	b    *book
	name string
	err  error
}

// sheet starts writing sheet name.
func (b *book) sheet(name string) *sheet { return &sheet{b: b, name: name} }

// Err is the first error of the sheet's writing, or nil.
func (w *sheet) Err() error { return w.err }

// do runs an excelize call that has no helper here, unless an earlier call
// failed.
func (w *sheet) do(call func(f *excelize.File, sheet string) error) {
	if w.err == nil {
		w.err = call(w.b.f, w.name)
	}
}

// put writes v (NaN and nil as an empty cell) with style st (0 = none).
func (w *sheet) put(col, row int, v any, st int) {
	if w.err != nil {
		return
	}
	f, s, c := w.b.f, w.name, cell(col, row)
	if withheld(v) {
		v, st = publish.Mark, w.b.st.textMark
	}
	switch x := v.(type) {
	case nil:
	case evaluate.Num:
		if !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
			w.err = f.SetCellFloat(s, c, float64(x), -1, 64)
		}
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			w.err = f.SetCellFloat(s, c, x, -1, 64)
		}
	case *int:
		if x != nil {
			w.err = f.SetCellInt(s, c, int64(*x))
		}
	case string:
		if x != "" {
			w.err = f.SetCellStr(s, c, x)
		}
	default:
		w.err = f.SetCellValue(s, c, v)
	}
	if st != 0 && w.err == nil {
		w.err = f.SetCellStyle(s, c, c, st)
	}
}

// withheld reports whether v is a number withheld under the publishing
// rules (package publish): it shows as "c".
func withheld(v any) bool {
	switch x := v.(type) {
	case evaluate.Num:
		return publish.IsNum(x)
	case float64:
		return publish.IsFloat(x)
	case *int:
		return publish.IsCountPtr(x)
	case int:
		return publish.IsCount(x)
	}
	return false
}

// cellValue is a value and its style.
type cellValue struct {
	v  any
	st int
}

// putRow writes values from column 1 of row.
func (w *sheet) putRow(row int, cells ...cellValue) {
	for i, c := range cells {
		w.put(i+1, row, c.v, c.st)
	}
}

// widths sets column widths from column 1.
func (w *sheet) widths(ws ...float64) {
	for i, x := range ws {
		c := colName(i + 1)
		w.do(func(f *excelize.File, s string) error { return f.SetColWidth(s, c, c, x) })
	}
}

// height sets the height of row in points.
func (w *sheet) height(row int, h float64) {
	w.do(func(f *excelize.File, s string) error { return f.SetRowHeight(s, row, h) })
}

// rowHeight is the height of row in points (0 after an error).
func (w *sheet) rowHeight(row int) float64 {
	if w.err != nil {
		return 0
	}
	h, _ := w.b.f.GetRowHeight(w.name, row)
	return h
}

// merge merges the cells from (col1, row1) to (col2, row2).
func (w *sheet) merge(col1, row1, col2, row2 int) {
	w.do(func(f *excelize.File, s string) error { return f.MergeCell(s, cell(col1, row1), cell(col2, row2)) })
}

// pageBreak starts a new printed page at row.
func (w *sheet) pageBreak(row int) {
	w.do(func(f *excelize.File, s string) error { return f.InsertPageBreak(s, cell(1, row)) })
}

// autoFilter puts filter buttons on the header row 1 of a table of cols
// columns down to row.
func (w *sheet) autoFilter(cols, row int) {
	w.do(func(f *excelize.File, s string) error { return f.AutoFilter(s, "A1:"+cell(cols, row), nil) })
}

// header writes a styled header row and freezes the rows above and it.
func (w *sheet) header(row int, names []string, freeze bool) {
	for i, n := range names {
		w.put(i+1, row, n, w.b.st.header)
	}
	w.height(row, 32)
	if freeze {
		w.do(func(f *excelize.File, s string) error {
			return f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cell(1, row+1), ActivePane: "bottomLeft",
				Selection: []excelize.Selection{{SQRef: cell(1, row+1), ActiveCell: cell(1, row+1), Pane: "bottomLeft"}}})
		})
	}
}

// paragraph writes text merged across columns 1..cols of row, wrapped, with
// a row height that fits it (Excel does not fit merged cells itself).
func (w *sheet) paragraph(row, cols int, text string, st int, width float64) {
	w.put(1, row, text, st)
	if cols > 1 {
		w.merge(1, row, cols, row)
	}
	w.height(row, textHeight(text, width))
}

// keyValue writes a bold key in column 1 and its value wrapped across
// columns 2..4 of row, with a row height that fits the value in width
// characters less the key's 30.
func (w *sheet) keyValue(row int, k, v string, width float64) {
	w.put(1, row, k, w.b.st.bold)
	w.put(2, row, v, w.b.st.wrap)
	w.merge(2, row, 4, row)
	w.height(row, textHeight(v, width-30))
}

// flow is a sheet written from the top down, a block after another: each
// call writes at the rows after the last one written (row).
type flow struct {
	*sheet
	row   int
	width float64 // the width of the text columns, in characters
}

// section leaves a blank row and writes a heading.
func (f *flow) section(name string) {
	f.row += 2
	f.put(1, f.row, name, f.b.st.h2)
}

// keyValue writes a key and its value on the next row (sheet.keyValue).
func (f *flow) keyValue(k, v string) {
	f.row++
	f.sheet.keyValue(f.row, k, v, f.width)
}

// paragraph writes text across columns 1..cols of the next row.
func (f *flow) paragraph(cols int, text string, st int) {
	f.row++
	f.sheet.paragraph(f.row, cols, text, st, f.width)
}

// header writes a table's header row on the next row.
func (f *flow) header(names ...string) {
	f.row++
	f.sheet.header(f.row, names, false)
}

// textHeight estimates the row height (points) for text wrapped in a cell
// width characters wide, at 11 pt, up to the 409 points a row can have
// (longer text is cut off on screen but kept in the cell; the design
// check keeps titles and labels well below that).
func textHeight(text string, width float64) float64 {
	perLine := math.Max(10, width*1.15)
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += wrappedLines(l, perLine)
	}
	return math.Min(float64(lines)*15+3, maxRowHeight)
}

// wrappedLines is the number of lines a spreadsheet shows line in when it
// wraps it at perLine characters: it breaks between words (greedily, as
// Excel and LibreOffice do) and inside a word only when the word alone is
// longer than a line. At least 1.
func wrappedLines(line string, perLine float64) int {
	lines, used := 1, 0.0
	for _, word := range strings.Fields(line) {
		n := float64(utf8.RuneCountInString(word))
		switch {
		case used == 0:
			used = n
		case used+1+n <= perLine:
			used += 1 + n
		default:
			lines++
			used = n
		}
		for used > perLine {
			lines++
			used -= perLine
		}
	}
	return lines
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// small reports whether a count should be marked (docs/methods.md §18).
func (b *book) small(n int) bool { return b.o.SmallN > 0 && n < b.o.SmallN }

// count writes a count, marked when small ("c" when withheld).
func (w *sheet) count(col, row int, n *int) {
	b := w.b
	if n == nil {
		return
	}
	if publish.IsCount(*n) {
		b.marked = true
		w.put(col, row, publish.Mark, b.st.textMark)
		return
	}
	if b.small(*n) {
		b.marked = true
		w.put(col, row, *n, b.st.int0Mark)
		return
	}
	w.put(col, row, *n, b.st.int0)
}

// smallNote is the footnote under tables with marked counts.
func (b *book) smallNote() string {
	if b.o.Publish != nil {
		return "Shaded: a number withheld, or a count of fewer than " + fmt.Sprint(b.o.SmallN) + " pupils (pupils left out, not a group of its own). " + b.o.Publish.Words()
	}
	s := fmt.Sprintf("Shaded: a group of fewer than %d pupils. Treat its numbers with great caution", b.o.SmallN)
	return s + ", and consider withholding them before publishing (--suppress-small, or the design's publish block)."
}
