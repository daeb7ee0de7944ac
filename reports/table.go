package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// textWidth is the widest line the terminal reports write.
const textWidth = 100

// textTable is a table for the terminal that fits a width: its columns sit
// two spaces apart under a header and a rule; when the natural widths are
// too wide, the widest wrappable column is narrowed and its cells wrap
// onto more lines. A row may instead be a heading that spans the table.
type textTable struct {
	cols   []textColumn
	rows   []textRow
	indent string // before every row but the headings
}

// textColumn is one column: its header, whether it is right-aligned, and
// whether its cells may wrap.
type textColumn struct {
	head  string
	right bool
	wrap  bool
}

// textRow is a row of cells, or a heading (cells nil) written across the
// table.
type textRow struct {
	cells   []string
	heading string
}

func (t *textTable) add(cells ...string) { t.rows = append(t.rows, textRow{cells: cells}) }
func (t *textTable) heading(s string)    { t.rows = append(t.rows, textRow{heading: s}) }
func (t *textTable) empty() bool         { return len(t.rows) == 0 }
func runes(s string) int                 { return utf8.RuneCountInString(s) }
func padRight(s string, n int) string    { return s + strings.Repeat(" ", max(0, n-runes(s))) }
func padLeft(s string, n int) string     { return strings.Repeat(" ", max(0, n-runes(s))) + s }
func (t *textTable) gaps() int           { return 2*(len(t.cols)-1) + runes(t.indent) }
func sum(xs []int) (n int) {
	for _, x := range xs {
		n += x
	}
	return n
}

// widths are the columns' widths: each its widest cell, then the widest
// wrappable column narrowed (to no less than its longest word, or 6)
// until the table fits width.
func (t *textTable) widths(width int) []int {
	w := make([]int, len(t.cols))
	floor := make([]int, len(t.cols))
	for i, c := range t.cols {
		w[i] = runes(c.head)
		floor[i] = w[i]
		if c.wrap {
			floor[i] = min(w[i], 6)
		}
	}
	for _, r := range t.rows {
		for i, c := range r.cells {
			w[i] = max(w[i], runes(c))
			if !t.cols[i].wrap {
				floor[i] = w[i]
				continue
			}
			for _, word := range strings.Fields(c) {
				floor[i] = max(floor[i], min(runes(word), 12))
			}
		}
	}
	for sum(w)+t.gaps() > width {
		k := -1
		for i := range w {
			if t.cols[i].wrap && w[i] > floor[i] && (k < 0 || w[i] > w[k]) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		w[k]--
	}
	return w
}

// write writes the table at most width columns wide.
func (t *textTable) write(out io.Writer, width int) {
	w := t.widths(width)
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString(t.indent)
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			if t.cols[i].right {
				b.WriteString(padLeft(c, w[i]))
			} else {
				b.WriteString(padRight(c, w[i]))
			}
		}
		fmt.Fprintln(out, strings.TrimRight(b.String(), " "))
	}
	head := make([]string, len(t.cols))
	rule := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = c.head
		rule[i] = strings.Repeat("-", w[i])
	}
	line(head)
	line(rule)
	for _, r := range t.rows {
		if r.cells == nil {
			for _, l := range wrap(r.heading, width) {
				fmt.Fprintln(out, l)
			}
			continue
		}
		// Each cell as lines of its column's width; the row is as tall
		// as its tallest cell.
		parts := make([][]string, len(r.cells))
		tall := 1
		for i, c := range r.cells {
			parts[i] = []string{c}
			if t.cols[i].wrap && runes(c) > w[i] {
				parts[i] = wrapCell(c, w[i])
			}
			tall = max(tall, len(parts[i]))
		}
		for k := range tall {
			cells := make([]string, len(r.cells))
			for i := range r.cells {
				if k < len(parts[i]) {
					cells[i] = parts[i][k]
				}
			}
			line(cells)
		}
	}
}

// wrapCell splits a cell into lines of at most width runes: at spaces, or
// after an underscore in a long name ("gap_change_" "intervention"), or
// anywhere in a word longer than width.
func wrapCell(s string, width int) []string {
	var out []string
	for _, l := range wrap(s, width) {
		for runes(l) > width {
			cut := width
			rs := []rune(l)
			if i := strings.LastIndexAny(string(rs[:width]), "_="); i > 0 {
				cut = runes(string(rs[:width])[:i+1])
			}
			out = append(out, string(rs[:cut]))
			l = string(rs[cut:])
		}
		out = append(out, l)
	}
	return out
}
