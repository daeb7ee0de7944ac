package workbook

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
)

// MaxDataRows is the most pupil rows the Data sheet can hold (Excel's
// 1,048,576 rows less the header).
const MaxDataRows = 1048575

// dataChunk is how many Data rows are written between checks of the
// context and calls of Options.Progress.
const dataChunk = 4096

// data writes the pupil rows (only with IncludeData), streamed so that a
// million pupils do not need a million cells in memory.
func (b *book) data() error {
	s, d := sheetData, b.o.Data
	if len(d.Rows) > MaxDataRows {
		return fmt.Errorf("the Data sheet holds at most %d pupils, not %d: leave out --include-data or analyse fewer pupils", MaxDataRows, len(d.Rows))
	}
	sw, err := b.f.NewStreamWriter(s)
	if err != nil {
		return err
	}
	for i := range d.Header {
		if err := sw.SetColWidth(i+1, i+1, math.Max(10, float64(utf8.RuneCountInString(d.Header[i]))+2)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	head := make([]any, len(d.Header))
	for i, h := range d.Header {
		head[i] = excelize.Cell{StyleID: b.st.header, Value: h}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 32}); err != nil {
		return err
	}
	vals := make([]any, 0, len(d.Header))
	for i, row := range d.Rows {
		vals = vals[:0]
		for _, v := range row {
			switch x := v.(type) {
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					v = nil
				}
			case evaluate.Num:
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					v = nil
				} else {
					v = float64(x)
				}
			}
			vals = append(vals, v)
		}
		if err := sw.SetRow(cell(1, i+2), vals); err != nil {
			return err
		}
		if (i+1)%dataChunk == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
			if b.o.Progress != nil {
				b.o.Progress(i+1, len(d.Rows))
			}
		}
	}
	if b.o.Progress != nil && len(d.Rows)%dataChunk != 0 {
		b.o.Progress(len(d.Rows), len(d.Rows))
	}
	return sw.Flush()
}
