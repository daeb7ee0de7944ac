package reports

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// InputFile is one input file named on the Method sheet, with its SHA-256.
type InputFile struct {
	Name   string
	SHA256 string
}

// DataSheet is the pupil-level table of the optional Data sheet: the
// analysed rows with their flags (analysed, excluded and why). Values may
// be strings, numbers (NaN is written as an empty cell), bools or nil.
type DataSheet struct {
	Header []string
	Rows   [][]any
}

// WorkbookOptions are what the workbook needs beyond the report.
type WorkbookOptions struct {
	Design     []byte // the design file's text, copied onto the Method sheet
	DesignName string // the design file's name
	Inputs     []InputFile
	Version    string // whatworks version ("" = reports.Version)
	// Date is the date the workbook states (YYYY-MM-DD), injected so that
	// the same inputs give the same workbook.
	Date string
	// CostPerPupil (pounds per pupil per year) gives the EEF cost rating;
	// nil leaves it unrated.
	CostPerPupil *float64
	// IncludeData adds the Data sheet with Data's pupil rows. Off by
	// default: the workbook is meant to be shared and pupil data is
	// personal data.
	IncludeData bool
	Data        *DataSheet
	// Password, when set, encrypts the workbook (ECMA-376 standard
	// encryption); Excel and LibreOffice ask for it on opening.
	Password string
	// PlotPNGs are images to embed, keyed "SHEET" or "SHEET/NAME" (see
	// EmbeddedPlots); each goes below the content of its sheet, in key
	// order. Keys of sheets the workbook does not have are ignored.
	PlotPNGs map[string][]byte
	// SmallN marks counts of groups with fewer pupils than this (default
	// 10; a negative value marks nothing).
	SmallN int
	// Progress, when set, is called as the Data sheet's rows are written,
	// with the rows written so far and their total.
	Progress func(done, total int)
	// SuppressSmall replaces the marked counts, and the means, SDs, minima
	// and maxima of those groups, by "c" (the DfE's mark for a suppressed
	// cell), for publishing. Off by default: the analysis workbook shows
	// every number and marks the small ones.
	SuppressSmall bool
}

// Sheet names, in workbook order.
const (
	sheetSummary      = "Summary"
	sheetResults      = "Results"
	sheetDescriptives = "Descriptives"
	sheetBalance      = "Balance"
	sheetMethod       = "Method"
	sheetMatching     = "Matching"
	sheetData         = "Data"
)

// Okabe–Ito palette (hex without #) and light tints of it for cell fills.
const (
	okBlue        = "0072B2"
	okOrange      = "E69F00"
	tintGreen     = "CCEBE3" // bluish green 009E73, light
	tintYellow    = "FBF5C5" // yellow F0E442, light
	tintVermilion = "F7D8C6" // vermilion D55E00, light
	tintGrey      = "EFEFEF"
)

// securityNote explains the blank security rating.
const securityNote = "Not yet rated: whatworks does not yet compute the EEF security rating (padlocks). It needs the attrition from allocation to analysis, the minimum detectable effect size and a review of threats to validity."

// WriteWorkbookTo writes the EEF-style workbook of r to w: sheets Summary,
// Results, Descriptives, Balance, Method, then Matching for matched designs
// and Data only with o.IncludeData. It stops with ctx's error when ctx is
// cancelled (checked between sheets and while the Data sheet's rows are
// written). The same report and options give the same bytes, except with
// a password (encryption uses a random salt).
func WriteWorkbookTo(ctx context.Context, w io.Writer, r *evaluate.Report, o WorkbookOptions) error {
	if r == nil {
		return fmt.Errorf("no report")
	}
	f, err := buildWorkbook(ctx, r, o)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.Write(w, excelize.Options{Password: o.Password})
}

// book is a workbook being built: the file, its styles and options.
type book struct {
	ctx context.Context
	f   *excelize.File
	r   *evaluate.Report
	o   WorkbookOptions
	st  styles
	// small counts marked on some sheet (for the footnotes)
	marked bool
}

type styles struct {
	title, subtitle, h2, header, text, wrap, bold, boldWrap, note, mono int
	num2, num3, num1, int0, months, pval, ii, monthsC, pvalC            int
	num2Mark, int0Mark, textMark                                        int
	wwcGood, wwcAdjust, wwcFail                                         int
}

// buildWorkbook assembles every sheet in memory.
func buildWorkbook(ctx context.Context, r *evaluate.Report, o WorkbookOptions) (*excelize.File, error) {
	if o.Version == "" {
		o.Version = Version
	}
	if o.SmallN == 0 {
		o.SmallN = 10
	}
	f := excelize.NewFile()
	b := &book{f: f, r: r, o: o}
	if err := b.makeStyles(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		f.Close()
		return nil, err
	}
	sheets := []string{sheetResults, sheetDescriptives, sheetBalance, sheetMethod}
	if r.Matching != nil {
		sheets = append(sheets, sheetMatching)
	}
	if o.IncludeData && o.Data != nil {
		sheets = append(sheets, sheetData)
	}
	for _, s := range sheets {
		if _, err := f.NewSheet(s); err != nil {
			f.Close()
			return nil, err
		}
	}
	steps := []func() error{b.results, b.descriptives, b.balance, b.summary, b.method}
	if r.Matching != nil {
		steps = append(steps, b.matching)
	}
	if o.IncludeData && o.Data != nil {
		steps = append(steps, b.data)
	}
	steps = append(steps, b.docProps)
	b.ctx = ctx
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			f.Close()
			return nil, err
		}
		if err := step(); err != nil {
			f.Close()
			return nil, err
		}
	}
	for _, s := range f.GetSheetList() {
		if s == sheetData {
			continue // streamed: its XML is final once flushed
		}
		if err := b.pageSetup(s); err != nil {
			f.Close()
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	// excelize adds the image content types from a map, in random order:
	// sort them so that the same report gives the same bytes.
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	return f, nil
}

func (b *book) makeStyles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	fnt := func(bold bool, size float64, colour string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: colour, Family: "Calibri"}
	}
	top := &excelize.Alignment{Vertical: "top"}
	topText := &excelize.Alignment{Vertical: "top", Indent: 1}
	topWrap := &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 1}
	centre := &excelize.Alignment{Vertical: "top", Horizontal: "center"}
	cf := func(s string) *string { return &s }
	fill := func(c string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	b.st.title = mk(&excelize.Style{Font: fnt(true, 16, "000000")})
	b.st.subtitle = mk(&excelize.Style{Font: fnt(false, 11, "404040")})
	b.st.h2 = mk(&excelize.Style{Font: fnt(true, 13, okBlue)})
	b.st.header = mk(&excelize.Style{Font: fnt(true, 11, "FFFFFF"), Fill: fill(okBlue),
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true, Indent: 1}})
	b.st.text = mk(&excelize.Style{Font: fnt(false, 11, ""), Alignment: topText})
	b.st.wrap = mk(&excelize.Style{Font: fnt(false, 11, ""), Alignment: topWrap})
	b.st.bold = mk(&excelize.Style{Font: fnt(true, 11, ""), Alignment: topText})
	b.st.boldWrap = mk(&excelize.Style{Font: fnt(true, 11, ""), Alignment: topWrap})
	b.st.note = mk(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 10, Color: "404040", Family: "Calibri"}, Alignment: topWrap})
	b.st.mono = mk(&excelize.Style{Font: &excelize.Font{Size: 10, Family: "Courier New"}})
	b.st.num2 = mk(&excelize.Style{CustomNumFmt: cf("0.00"), Alignment: top})
	b.st.num3 = mk(&excelize.Style{CustomNumFmt: cf("0.000"), Alignment: top})
	b.st.num1 = mk(&excelize.Style{CustomNumFmt: cf("0.0"), Alignment: top})
	b.st.int0 = mk(&excelize.Style{CustomNumFmt: cf("0"), Alignment: top})
	b.st.months = mk(&excelize.Style{CustomNumFmt: cf("+0;-0;0"), Alignment: top})
	b.st.pval = mk(&excelize.Style{CustomNumFmt: cf(`[<0.001]"< 0.001";0.000`), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}})
	b.st.ii = mk(&excelize.Style{CustomNumFmt: cf("+0.0;-0.0;0.0"), Alignment: top})
	b.st.num2Mark = mk(&excelize.Style{CustomNumFmt: cf("0.00"), Fill: fill(tintYellow), Alignment: top})
	b.st.int0Mark = mk(&excelize.Style{CustomNumFmt: cf("0"), Fill: fill(tintYellow), Alignment: top})
	b.st.textMark = mk(&excelize.Style{Font: fnt(false, 11, ""), Fill: fill(tintYellow), Alignment: topText})
	b.st.monthsC = mk(&excelize.Style{CustomNumFmt: cf("+0;-0;0"), Alignment: centre})
	b.st.pvalC = mk(&excelize.Style{CustomNumFmt: cf(`[<0.001]"< 0.001";0.000`), Alignment: centre})
	b.st.wwcGood = mk(&excelize.Style{Fill: fill(tintGreen), Alignment: topWrap})
	b.st.wwcAdjust = mk(&excelize.Style{Fill: fill(tintYellow), Alignment: topWrap})
	b.st.wwcFail = mk(&excelize.Style{Fill: fill(tintVermilion), Alignment: topWrap})
	return err
}

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

// ---- Summary ----

// summary writes the EEF executive-summary table, the key conclusions and
// the facts about the evaluation.
func (b *book) summary() error {
	s, r := sheetSummary, b.r
	const cols = 8
	w := []float64{21, 35, 21, 13, 32, 18, 10, 26}
	if err := b.widths(s, w...); err != nil {
		return err
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	title := r.Title
	if title == "" {
		title = "Evaluation"
	}
	if err := b.put(s, 1, 1, title, b.st.title); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 24); err != nil {
		return err
	}
	sub := "Executive summary · " + capitalise(designWords(r.Design))
	if b.o.Date != "" {
		sub += " · " + b.o.Date
	}
	if err := b.put(s, 1, 2, sub, b.st.subtitle); err != nil {
		return err
	}
	hdr := []string{"Outcome", "Group", "Effect size (" + ciLabel(r.Confidence) + ")", "Estimated months' progress",
		"EEF security rating", "No. of pupils (intervention; comparison)", "p-value", "EEF cost rating"}
	row := 4
	if err := b.header(s, row, hdr, false); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, row, 47); err != nil {
		return err
	}
	first := row + 1
	anySmall := false
	for _, o := range outcomes(r) {
		for _, sg := range summarySubgroups(r, o) {
			x := primaryRow(r, o, sg)
			if x == nil {
				continue
			}
			row++
			es := num2(float64(x.Estimate))
			if c := ciText(*x); c != "" {
				es += " (" + c + ")"
			}
			group := capitalise(subgroupPhrase(sg))
			if x.Analysis == evaluate.AnalysisPaired {
				group += " (before and after)"
			}
			vals := []struct {
				v  any
				st int
			}{
				{outcomeLabel(x), b.st.boldWrap}, {group, b.st.wrap}, {es, b.st.text},
				{x.MonthsProgress, b.st.monthsC}, {nil, 0}, {nil, 0}, {evaluate.Num(rowP(r, x)), b.st.pvalC}, {nil, 0},
			}
			for i, v := range vals {
				if err := b.put(s, i+1, row, v.v, v.st); err != nil {
					return err
				}
			}
			// No. of pupils: "212; 208", marked when a group is small.
			nt, nc := x.NTreated, x.NComparison
			small := (nt != nil && b.small(*nt)) || (nc != nil && b.small(*nc))
			ns := nText(*x)
			if nt != nil && nc != nil {
				ns = fmt.Sprintf("%d; %d", *nt, *nc)
			}
			st := b.st.text
			if small {
				anySmall, b.marked = true, true
				st = b.st.textMark
				if b.o.SuppressSmall {
					ns = supN(nt, b) + "; " + supN(nc, b)
					if nc == nil {
						ns = supN(nt, b)
					}
				}
			}
			if err := b.put(s, 6, row, ns, st); err != nil {
				return err
			}
			if err := b.f.SetRowHeight(s, row, math.Max(textHeight(group, w[1]), textHeight(outcomeLabel(x), w[0]*0.9))); err != nil {
				return err
			}
		}
	}
	last := row
	if last < first {
		row++
		if err := b.paragraph(s, row, cols, "No effect sizes to summarise: see the Results sheet.", b.st.note, total); err != nil {
			return err
		}
		last = row
	} else {
		// One explanation each for the security and cost columns, merged
		// down the table.
		cost := costText(b.o.CostPerPupil)
		for _, m := range []struct {
			col  int
			text string
		}{{5, securityNote}, {8, cost}} {
			if err := b.put(s, m.col, first, m.text, b.st.note); err != nil {
				return err
			}
			if last > first {
				if err := b.f.MergeCell(s, cell(m.col, first), cell(m.col, last)); err != nil {
					return err
				}
			}
		}
		// Make sure the merged notes fit.
		need := textHeight(securityNote, w[4]*0.95)
		have := 0.0
		for i := first; i <= last; i++ {
			h, _ := b.f.GetRowHeight(s, i)
			have += h
		}
		if have < need {
			extra := (need - have) / float64(last-first+1)
			for i := first; i <= last; i++ {
				h, _ := b.f.GetRowHeight(s, i)
				if err := b.f.SetRowHeight(s, i, h+extra); err != nil {
					return err
				}
			}
		}
	}
	row = last + 1
	what := "Effect sizes are Hedges' g: the difference between the groups (intervention minus comparison) in standard deviations."
	if r.Design == evaluate.DesignPrePost {
		what = "Effect sizes are g_av: the change from before to after in standard deviations (the average of the two SDs), corrected for small samples."
	}
	notes := []string{what + " Months' progress: the EEF " + monthsTableName(r.MonthsTable) + ". Full results: Results sheet; how they were worked out: Method sheet."}
	if anySmall {
		notes = append(notes, b.smallNote())
	}
	for _, n := range notes {
		row++
		if err := b.paragraph(s, row, cols, n, b.st.note, total); err != nil {
			return err
		}
	}

	// Key conclusions.
	row += 2
	if err := b.put(s, 1, row, "Key conclusions", b.st.h2); err != nil {
		return err
	}
	for i, c := range keyConclusions(r) {
		row++
		if err := b.paragraph(s, row, cols, fmt.Sprintf("%d. %s", i+1, c), b.st.wrap, total); err != nil {
			return err
		}
	}

	// About this evaluation.
	row += 2
	if err := b.put(s, 1, row, "About this evaluation", b.st.h2); err != nil {
		return err
	}
	facts := [][2]string{
		{"Title", title},
		{"Design", capitalise(designWords(r.Design))},
		{"Date", b.o.Date},
		{"Confidence intervals", intervalWords(r)},
		{"Produced by", "whatworks " + b.o.Version},
	}
	for _, kv := range facts {
		row++
		if err := b.put(s, 1, row, kv[0], b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, kv[1], b.st.text); err != nil {
			return err
		}
	}
	row++
	_, err := b.images(s, row+1)
	return err
}

// supN is a count or "c" when it is small and suppressed.
func supN(n *int, b *book) string {
	if n == nil {
		return ""
	}
	if b.small(*n) && b.o.SuppressSmall {
		return "c"
	}
	return fmt.Sprint(*n)
}

// keyConclusions are 3 to 5 plain sentences: the headlines, then the
// caveats; when there are more, the last points to the Method sheet.
func keyConclusions(r *evaluate.Report) []string {
	var out []string
	seen := map[string]bool{}
	h := Headlines(r)
	said := strings.Join(h, " ")
	for _, s := range append(h, r.Caveats...) {
		// A caveat that a headline already makes is not repeated.
		if strings.Contains(s, "cannot be attributed to the programme") && strings.Contains(said, "cannot be attributed to the programme") && !containsStr(h, s) {
			continue
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 5 {
		rest := len(out) - 4
		out = append(out[:4], fmt.Sprintf("%d further caveats are listed on the Method sheet.", rest))
	}
	return out
}

// costText words the EEF cost rating of a cost per pupil per year
// (rating.CostRating: docs/methods.md §13, EEF Toolkit 2018–20 bands), or
// why there is none.
func costText(cost *float64) string {
	if cost == nil {
		return "Not rated: the design file gives no cost per pupil (cost.per_pupil)."
	}
	c := *cost
	if math.IsNaN(c) || c < 0 {
		return "Not rated: the cost per pupil must be a number of pounds, 0 or more."
	}
	band := rating.CostRating(c)
	words := rating.CostWords(band)
	return fmt.Sprintf("%s: %s (£%s per pupil per year; EEF Toolkit bands: %s)",
		band, words, poundsText(c), rating.CostBands)
}

// poundsText is 1234.5 as "1,234.50" and 80 as "80".
func poundsText(c float64) string {
	s := fmt.Sprintf("%.2f", c)
	s = strings.TrimSuffix(s, ".00")
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	if frac != "" {
		return string(out) + "." + frac
	}
	return string(out)
}

// monthsTableName names the months' progress table in use.
func monthsTableName(t string) string {
	if t == "report" {
		return "evaluation-report table (the toolkit's reading of it: the 0-month band widened to ±0.04)"
	}
	return "Teaching and Learning Toolkit table"
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// ---- Results ----

var resultsHeader = []string{"Outcome", "Label", "Group", "Analysis", "Measure", "Estimate", "SE", "CI low", "CI high",
	"CI method", "CI low (other method)", "CI high (other method)", "Other CI method", "df", "Statistic", "p-value",
	"p-value (Benjamini–Hochberg)", "n intervention", "n comparison", "Months' progress", "Improvement index", "Note"}

// results writes every row of the JSON results list, in order.
func (b *book) results() error {
	s := sheetResults
	if err := b.widths(s, 14, 14, 12, 12, 18, 9, 8, 8, 8, 12, 10, 10, 12, 7, 9, 9, 13, 11, 11, 9, 10, 30); err != nil {
		return err
	}
	if err := b.header(s, 1, resultsHeader, true); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 48); err != nil {
		return err
	}
	row := 1
	for _, x := range b.r.Results {
		row++
		cells := []struct {
			v  any
			st int
		}{
			{x.Outcome, b.st.text}, {x.Label, b.st.text}, {x.Subgroup, b.st.text}, {x.Analysis, b.st.text}, {x.Measure, b.st.text},
			{x.Estimate, b.st.num2}, {x.SE, b.st.num3}, {x.CILow, b.st.num2}, {x.CIHigh, b.st.num2}, {x.CIMethod, b.st.text},
			{x.CILowAlt, b.st.num2}, {x.CIHighAlt, b.st.num2}, {x.CIMethodAlt, b.st.text},
			{x.DF, b.st.num1}, {x.Statistic, b.st.num2}, {x.PValue, b.st.pval}, {x.PAdjusted, b.st.pval},
			{nil, 0}, {nil, 0}, {x.MonthsProgress, b.st.months}, {x.ImprovementIndex, b.st.ii}, {x.Note, b.st.text},
		}
		for i, c := range cells {
			if err := b.put(s, i+1, row, c.v, c.st); err != nil {
				return err
			}
		}
		if err := b.count(s, 18, row, x.NTreated); err != nil {
			return err
		}
		if err := b.count(s, 19, row, x.NComparison); err != nil {
			return err
		}
	}
	if row > 1 {
		if err := b.f.AutoFilter(s, "A1:"+cell(len(resultsHeader), row), nil); err != nil {
			return err
		}
	}
	row += 2
	note := "Differences are intervention minus comparison (after minus before for one group). Effect sizes and CIs: 2 decimals shown, full precision stored. p-values below 0.001 show as \"< 0.001\". The same rows are in the JSON output (docs/json.md)."
	if err := b.paragraph(s, row, 12, note, b.st.note, 130); err != nil {
		return err
	}
	if b.marked {
		row++
		if err := b.paragraph(s, row, 12, b.smallNote(), b.st.note, 130); err != nil {
			return err
		}
	}
	return nil
}

// ---- Descriptives ----

// descriptives writes n, mean and SD by arm and time, the data for the
// native chart, the chart and the embedded plots.
func (b *book) descriptives() error {
	s := sheetDescriptives
	if err := b.widths(s, 22, 13, 13, 18, 8, 9, 10, 10, 10, 10); err != nil {
		return err
	}
	if err := b.header(s, 1, []string{"Variable", "Group", "Arm", "Time", "n", "Missing", "Mean", "SD", "Min", "Max"}, true); err != nil {
		return err
	}
	row := 1
	markedHere := false
	for _, d := range b.r.Descriptives {
		row++
		sup := b.small(d.N) && b.o.SuppressSmall
		time := map[string]string{"pre": "Before (pre-test)", "post": "After (outcome)"}[d.Time]
		if time == "" {
			time = d.Time
		}
		vals := []any{d.Variable, d.Subgroup, armName(d.Arm), time}
		for i, v := range vals {
			if err := b.put(s, i+1, row, v, b.st.text); err != nil {
				return err
			}
		}
		n, miss := d.N, d.Missing
		if err := b.count(s, 5, row, &n); err != nil {
			return err
		}
		if b.small(d.N) {
			markedHere = true
		}
		if sup {
			for col := 6; col <= 10; col++ {
				if err := b.put(s, col, row, "c", b.st.textMark); err != nil {
					return err
				}
			}
			continue
		}
		if err := b.put(s, 6, row, miss, b.st.int0); err != nil {
			return err
		}
		for i, v := range []evaluate.Num{d.Mean, d.SD, d.Min, d.Max} {
			if err := b.put(s, 7+i, row, v, b.st.num2); err != nil {
				return err
			}
		}
	}
	row++
	if markedHere {
		row++
		if err := b.paragraph(s, row, 10, b.smallNote(), b.st.note, 118); err != nil {
			return err
		}
	}
	// Native charts of the means by arm before and after, each beside a
	// small table of the all-pupils means, on pages of their own.
	row, err := b.meansCharts(s, row+2)
	if err != nil {
		return err
	}
	_, err = b.images(s, row+1)
	return err
}

// meansCharts writes from row on, for each outcome, a block of all-pupils
// means (time by arm) in columns A–C and a clustered column chart of it
// beside the block, two outcomes to a printed page, and returns the next
// free row.
func (b *book) meansCharts(s string, row int) (int, error) {
	const c0 = 1 // column A
	placed := false
	charts := 0
	for _, o := range outcomes(b.r) {
		pre, post := armMeans(b.r, o)
		if len(post) == 0 {
			continue
		}
		arms := []string{}
		for _, d := range post {
			if !containsStr(arms, d.Arm) {
				arms = append(arms, d.Arm)
			}
		}
		sort.SliceStable(arms, func(i, j int) bool { return armOrder(arms[i]) < armOrder(arms[j]) })
		label := o
		for _, x := range b.r.Results {
			if x.Outcome == o && x.Label != "" {
				label = x.Label
				break
			}
		}
		if !placed {
			if err := b.f.InsertPageBreak(s, cell(1, row)); err != nil {
				return 0, err
			}
			if err := b.put(s, c0, row, "Average scores of all pupils, before and after", b.st.h2); err != nil {
				return 0, err
			}
			row += 2
			placed = true
		} else if charts%2 == 0 {
			if err := b.f.InsertPageBreak(s, cell(1, row)); err != nil {
				return 0, err
			}
		}
		charts++
		top := row
		if err := b.put(s, c0, row, label, b.st.header); err != nil {
			return 0, err
		}
		if err := b.f.SetRowHeight(s, row, textHeight(label, 21)); err != nil {
			return 0, err
		}
		for i, a := range arms {
			if err := b.put(s, c0+1+i, row, armName(a), b.st.header); err != nil {
				return 0, err
			}
		}
		times := []struct {
			name string
			ds   []evaluate.Descriptive
		}{{"Before: " + preName(pre), pre}, {"After: " + o, post}}
		if len(pre) == 0 {
			times = times[1:]
		}
		for _, t := range times {
			row++
			if err := b.put(s, c0, row, t.name, b.st.text); err != nil {
				return 0, err
			}
			for i, a := range arms {
				for _, d := range t.ds {
					if d.Arm == a {
						v := evaluate.Num(d.Mean)
						if b.small(d.N) && b.o.SuppressSmall {
							v = evaluate.NaN
						}
						if err := b.put(s, c0+1+i, row, v, b.st.num2); err != nil {
							return 0, err
						}
					}
				}
			}
		}
		var series []excelize.ChartSeries
		for i, a := range arms {
			col := colName(c0 + 1 + i)
			colour := map[string]string{"intervention": okBlue, "comparison": okOrange}[a]
			if colour == "" {
				colour = "404040"
			}
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$%d", s, col, top),
				Categories: fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, colName(c0), top+1, colName(c0), row),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s, col, top+1, col, row),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
				DataLabel:  excelize.ChartDataLabel{},
			})
		}
		gap := uint(80)
		vary := false
		zero := 0.0
		chart := &excelize.Chart{
			Type:       excelize.Col,
			VaryColors: &vary,
			Series:     series,
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: label + ": average score by group, before and after",
				Font: &excelize.Font{Bold: true, Size: 12}}}},
			Legend:   excelize.ChartLegend{Position: "bottom"},
			PlotArea: excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0"}},
			// Bars start at zero: a cut axis would exaggerate the gap.
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: excelize.Font{Size: 10, Color: "404040"}},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 10, Color: "000000"}},
			Dimension: excelize.ChartDimension{Width: 600, Height: 300},
			Format:    excelize.GraphicOptions{OffsetX: 10, AltText: label + ": average score by group, before and after"},
			GapWidth:  &gap,
		}
		if err := b.f.AddChart(s, cell(5, top), chart); err != nil {
			return 0, fmt.Errorf("chart of %s: %w", o, err)
		}
		row = top + 17 // the chart is about 16 rows high
	}
	return row, nil
}

// preName names a pretest from its descriptives.
func preName(pre []evaluate.Descriptive) string {
	if len(pre) == 0 {
		return "pre-test"
	}
	return pre[0].Variable
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// ---- Balance ----

// wwcWords says a WWC baseline-equivalence class in words.
func wwcWords(class string) string {
	switch class {
	case "satisfied":
		return "Equivalent (|difference| ≤ 0.05)"
	case "adjust":
		return "Equivalent only if the analysis adjusts for it (0.05 < |difference| ≤ 0.25)"
	case "fails":
		return "Not equivalent (|difference| > 0.25)"
	}
	return class
}

// sampleWords names a balance sample.
func sampleWords(s string) string {
	switch s {
	case "analysed":
		return "Analysed pupils"
	case "before_matching":
		return "Before matching"
	case "after_matching":
		return "After matching"
	}
	return s
}

// balanceTable writes balance rows from row+1 on and returns the last row.
func (b *book) balanceTable(s string, row int, rows []evaluate.Balance) (int, error) {
	withOutcome := false
	for _, x := range rows {
		if x.Outcome != "" {
			withOutcome = true
		}
	}
	for _, x := range rows {
		row++
		name := x.Variable
		if x.Level != "" {
			name += " = " + x.Level + " (proportion)"
		}
		out := x.Outcome
		if !withOutcome {
			out = "all"
		}
		vals := []struct {
			v  any
			st int
		}{
			{out, b.st.text}, {name, b.st.text}, {sampleWords(x.Sample), b.st.text},
			{x.MeanT, b.st.num2}, {x.SDT, b.st.num2}, {x.MeanC, b.st.num2}, {x.SDC, b.st.num2},
			{x.SMD, b.st.num3}, {x.VarRatio, b.st.num2},
		}
		for i, v := range vals {
			if err := b.put(s, i+1, row, v.v, v.st); err != nil {
				return 0, err
			}
		}
		st := b.st.wrap
		switch x.WWC {
		case "satisfied":
			st = b.st.wwcGood
		case "adjust":
			st = b.st.wwcAdjust
		case "fails":
			st = b.st.wwcFail
		}
		if err := b.put(s, 10, row, wwcWords(x.WWC), st); err != nil {
			return 0, err
		}
		if err := b.f.SetRowHeight(s, row, textHeight(wwcWords(x.WWC), 34)); err != nil {
			return 0, err
		}
	}
	return row, nil
}

var balanceHeader = []string{"Outcome", "Variable", "Sample", "Mean (intervention)", "SD (intervention)",
	"Mean (comparison)", "SD (comparison)", "Standardised difference", "Variance ratio", "Baseline equivalence (WWC)"}

// balance writes the baseline comparison of the arms.
func (b *book) balance() error {
	s := sheetBalance
	if err := b.widths(s, 14, 26, 16, 13, 13, 13, 13, 14, 10, 36); err != nil {
		return err
	}
	if err := b.header(s, 1, balanceHeader, true); err != nil {
		return err
	}
	row, err := b.balanceTable(s, 1, b.r.Balance)
	if err != nil {
		return err
	}
	if len(b.r.Balance) == 0 {
		row++
		msg := "No baseline comparison: the design has no comparison group or no pretest or covariates."
		if err := b.put(s, 1, row, msg, b.st.note); err != nil {
			return err
		}
	}
	row += 2
	for _, n := range []string{
		"Standardised difference = (mean of the intervention group − mean of the comparison group) / pooled SD (Hedges' g; for a proportion, the WWC uses the Cox index).",
		"Baseline equivalence (What Works Clearinghouse Standards Handbook v4.1): |difference| ≤ 0.05 satisfied; 0.05 to 0.25 satisfied only if the analysis adjusts for the variable; > 0.25 not satisfied. Colours repeat the words.",
		"Variance ratio = intervention variance / comparison variance; values far from 1 (below 0.5 or above 2) signal groups that differ in spread.",
	} {
		row++
		if err := b.paragraph(s, row, 10, n, b.st.note, 170); err != nil {
			return err
		}
	}
	_, err = b.images(s, row+2)
	return err
}

// ---- Method ----

// formulas are the formulas on the Method sheet, with their sources.
var formulas = [][2]string{
	{"Pooled SD", "s_p = √(((n_t − 1)s_t² + (n_c − 1)s_c²) / (n_t + n_c − 2))"},
	{"Cohen's d", "d = (mean_t − mean_c) / s_p  (Cohen 1988)"},
	{"Hedges' g", "g = J·d, J = 1 − 3/(4N − 9), N = n_t + n_c  (Hedges 1981, doi:10.3102/10769986006002107; EEF and WWC)"},
	{"CI of g (normal)", "g ± z·SE, SE = √(N/(n_t n_c) + g²/(2N))  (Hedges & Olkin 1985; EEF)"},
	{"CI of g (noncentral t)", "inverts the noncentral t distribution of the t statistic (Steiger & Fouladi 1997; R package effectsize)"},
	{"Glass's Δ", "Δ = (mean_t − mean_c) / s_c  (Glass 1976)"},
	{"Adjusted g (ANCOVA)", "g = J·b / s_p, b = treatment coefficient of an OLS regression of the outcome on treatment, pretest and covariates; s_p = unadjusted pooled SD of the outcome; CI = CI of b scaled the same way (EEF 2022 statistical analysis guidance)"},
	{"Difference in differences", "g_DiD = g_post − g_pre, each with its own pooled SD and J (WWC Procedures Handbook v4.1)"},
	{"Pre/post, one group", "d_z = mean(diff)/sd(diff); d_av = mean(diff)/((sd_pre + sd_post)/2); g_av = J·d_av, J = 1 − 3/(4(n − 1) − 1)  (Lakens 2013, doi:10.3389/fpsyg.2013.00863)"},
	{"Months' progress", "EEF conversion of the effect size rounded to 2 decimals, negative effects mirrored (table below)"},
	{"Improvement index", "100·Φ(g) − 50  (WWC Procedures Handbook v4.1)"},
	{"Adjusted p-values", "Benjamini & Hochberg (1995) across the outcomes of the evaluation"},
	{"Baseline equivalence", "WWC Standards Handbook v4.1: |g| ≤ 0.05; ≤ 0.25 with adjustment; > 0.25 fails"},
	{"Cost rating", "EEF Teaching and Learning Toolkit cost bands (2018–20), per pupil per year"},
}

// monthsRows are the rows of the months' progress table in use, as the
// Method sheet shows them.
func monthsRows(table string) [][3]string {
	var out [][3]string
	for _, b := range rating.MonthsBands(table) {
		from := fmt.Sprintf("%.2f", b.From)
		if b.From < 0 {
			from = "−" + from[1:]
		}
		to := "and above"
		if !math.IsInf(b.To, 1) {
			to = fmt.Sprintf("%.2f", b.To)
		}
		out = append(out, [3]string{strconv.Itoa(b.Months), from, to})
	}
	return out
}

// method writes the design, every choice, the formulas, the software and
// the inputs, and the design file itself.
func (b *book) method() error {
	s, r := sheetMethod, b.r
	if err := b.widths(s, 30, 16, 16, 90); err != nil {
		return err
	}
	const width = 122.0
	row := 1
	if err := b.put(s, 1, row, "How these results were produced", b.st.title); err != nil {
		return err
	}
	section := func(name string) error {
		row += 2
		return b.put(s, 1, row, name, b.st.h2)
	}
	kv := func(k, v string) error {
		row++
		if err := b.put(s, 1, row, k, b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, v, b.st.wrap); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
		return b.f.SetRowHeight(s, row, textHeight(v, width-30))
	}
	steps := []func() error{
		func() error { return section("Design") },
		func() error { return kv("Evaluation", r.Title) },
		func() error { return kv("Design", capitalise(designWords(r.Design))+" ("+string(r.Design)+")") },
		func() error { return kv("Design file", b.o.DesignName) },
		func() error { return section("Choices") },
		func() error { return kv("Confidence level", trimFloat(r.Confidence*100)+"%") },
		func() error { return kv("CI shown for Hedges' g", ciMethodWords(r.CIMethod)) },
		func() error {
			return kv("SD used", "Effect sizes divide by the pooled SD of the two groups (Glass's Δ: the comparison group's SD; ANCOVA: the unadjusted pooled SD of the outcome, never the residual SD); SDs use n − 1.")
		},
		func() error { return kv("Months' progress", "EEF "+monthsTableName(r.MonthsTable)) },
		func() error {
			return kv("Missing data", "Complete cases: a pupil missing the outcome is left out of that outcome's analyses; a pupil missing the pretest or a covariate is left out of the analyses that use it (ANCOVA, gain, difference in differences) only. Nothing is imputed. Counts below.")
		},
		func() error {
			return kv("Headline estimate", "ANCOVA Hedges' g where there is a pretest, else the unadjusted Hedges' g; g_av for one group before and after.")
		},
	}
	for _, st := range steps {
		if err := st(); err != nil {
			return err
		}
	}

	if err := section("Pupils left out"); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Outcome", "Analysis", "Pupils", "Reason"}, false); err != nil {
		return err
	}
	if len(r.Exclusions) == 0 {
		row++
		if err := b.put(s, 1, row, "None.", b.st.text); err != nil {
			return err
		}
	}
	for _, e := range r.Exclusions {
		row++
		n := e.Count
		for i, v := range []struct {
			v  any
			st int
		}{{e.Outcome, b.st.text}, {e.Analysis, b.st.text}, {n, b.st.int0}, {e.Reason, b.st.wrap}} {
			if err := b.put(s, i+1, row, v.v, v.st); err != nil {
				return err
			}
		}
	}

	if err := section("Caveats"); err != nil {
		return err
	}
	cav := r.Caveats
	if len(cav) == 0 {
		cav = []string{"None raised by the analysis."}
	}
	for _, c := range cav {
		row++
		if err := b.paragraph(s, row, 4, "• "+c, b.st.wrap, width); err != nil {
			return err
		}
	}

	if err := section("Formulas"); err != nil {
		return err
	}
	for _, fm := range formulas {
		if err := kv(fm[0], fm[1]); err != nil {
			return err
		}
	}

	if err := section("Months' progress table (" + monthsTableName(r.MonthsTable) + ")"); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Months' progress", "Effect size from", "to"}, false); err != nil {
		return err
	}
	for _, m := range monthsRows(r.MonthsTable) {
		row++
		for j, v := range m {
			if err := b.put(s, j+1, row, v, b.st.text); err != nil {
				return err
			}
		}
	}
	row++
	if err := b.paragraph(s, row, 4, "Negative effect sizes mirror the table (−0.10 to −0.18 is 2 months less progress). The effect size is rounded to 2 decimals first.", b.st.note, width); err != nil {
		return err
	}

	if err := section("Software and inputs"); err != nil {
		return err
	}
	if err := kv("whatworks version", b.o.Version); err != nil {
		return err
	}
	if err := kv("Date", b.o.Date); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Input file", "SHA-256", "", ""}, false); err != nil {
		return err
	}
	if len(b.o.Inputs) == 0 {
		row++
		if err := b.put(s, 1, row, "Not recorded.", b.st.text); err != nil {
			return err
		}
	}
	for _, in := range b.o.Inputs {
		row++
		if err := b.put(s, 1, row, in.Name, b.st.text); err != nil {
			return err
		}
		if err := b.put(s, 2, row, in.SHA256, b.st.mono); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
	}

	if len(b.o.Design) > 0 {
		name := b.o.DesignName
		if name == "" {
			name = "design file"
		}
		if err := section("The design file (" + name + ")"); err != nil {
			return err
		}
		text := strings.ReplaceAll(string(b.o.Design), "\r\n", "\n")
		text = strings.TrimRight(text, "\n")
		for _, l := range strings.Split(text, "\n") {
			row++
			l = strings.ReplaceAll(l, "\t", "    ")
			if strings.TrimSpace(l) == "" {
				continue
			}
			if err := b.put(s, 1, row, l, b.st.mono); err != nil {
				return err
			}
		}
	}
	return nil
}

// ciMethodWords describes the CI method shown for Hedges' g.
func ciMethodWords(m string) string {
	switch m {
	case "normal", "":
		return "Normal approximation, g ± z·SE (EEF convention); the noncentral-t interval (R effectsize) is in the Results sheet's \"other method\" columns."
	case "noncentral-t":
		return "Noncentral t (as R's effectsize package); the normal-approximation interval (EEF) is in the Results sheet's \"other method\" columns."
	}
	return m
}

// ---- Matching ----

// matching writes the matching settings, counts, propensity model, balance
// before and after matching and warnings (evaluate.MatchReport).
func (b *book) matching() error {
	s, m := sheetMatching, b.r.Matching
	if err := b.widths(s, 24, 26, 16, 13, 13, 13, 13, 14, 10, 36); err != nil {
		return err
	}
	row := 1
	if err := b.put(s, 1, row, "Matching: how the comparison group was chosen", b.st.title); err != nil {
		return err
	}
	row += 2
	if err := b.put(s, 1, row, "Settings", b.st.h2); err != nil {
		return err
	}
	keys := make([]string, 0, len(m.Settings))
	for k := range m.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		row++
		if err := b.put(s, 1, row, k, b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.Settings[k], b.st.text); err != nil {
			return err
		}
	}
	if !math.IsNaN(float64(m.Caliper)) {
		row++
		if err := b.put(s, 1, row, "caliper (distance units)", b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.Caliper, b.st.num3); err != nil {
			return err
		}
	}
	if m.SMDDenominator != "" {
		row++
		if err := b.put(s, 1, row, "SD for differences", b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, m.SMDDenominator, b.st.text); err != nil {
			return err
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Pupils", b.st.h2); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Group", "All", "Matched", "Unmatched", "Left out (missing data)", "Effective size (all)", "Effective size (matched)"}, false); err != nil {
		return err
	}
	for _, a := range []struct {
		name string
		c    evaluate.ArmCounts
	}{{"Intervention", m.Counts.Treated}, {"Comparison", m.Counts.Comparison}} {
		row++
		if err := b.put(s, 1, row, a.name, b.st.bold); err != nil {
			return err
		}
		for i, n := range []int{a.c.All, a.c.Matched, a.c.Unmatched, a.c.Discarded} {
			if err := b.put(s, 2+i, row, n, b.st.int0); err != nil {
				return err
			}
		}
		if err := b.put(s, 6, row, a.c.ESSAll, b.st.num1); err != nil {
			return err
		}
		if err := b.put(s, 7, row, a.c.ESSMatched, b.st.num1); err != nil {
			return err
		}
	}

	if pm := m.Model; pm != nil {
		row += 2
		if err := b.put(s, 1, row, "Propensity-score model", b.st.h2); err != nil {
			return err
		}
		row++
		conv := "converged"
		if !pm.Converged {
			conv = "did NOT converge"
		}
		desc := fmt.Sprintf("%s (logistic regression, %d pupils, %s after %d iterations; deviance %s, null deviance %s)",
			pm.Formula, pm.N, conv, pm.Iterations, num2(float64(pm.Deviance)), num2(float64(pm.NullDeviance)))
		if err := b.paragraph(s, row, 10, desc, b.st.wrap, 170); err != nil {
			return err
		}
		if pm.Separation != "" {
			row++
			if err := b.paragraph(s, row, 10, pm.Separation, b.st.wwcFail, 170); err != nil {
				return err
			}
		}
		row++
		if err := b.header(s, row, []string{"Term", "Estimate", "SE", "z", "p-value"}, false); err != nil {
			return err
		}
		for _, t := range pm.Terms {
			row++
			for i, v := range []struct {
				v  any
				st int
			}{{t.Term, b.st.text}, {t.Estimate, b.st.num3}, {t.SE, b.st.num3}, {t.Z, b.st.num2}, {t.PValue, b.st.pval}} {
				if err := b.put(s, i+1, row, v.v, v.st); err != nil {
					return err
				}
			}
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Balance before and after matching", b.st.h2); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, balanceHeader, false); err != nil {
		return err
	}
	var err error
	if row, err = b.balanceTable(s, row, m.Balance); err != nil {
		return err
	}

	if len(m.Warnings) > 0 {
		row += 2
		if err := b.put(s, 1, row, "Warnings", b.st.h2); err != nil {
			return err
		}
		for _, w := range m.Warnings {
			row++
			if err := b.paragraph(s, row, 10, "• "+w, b.st.wrap, 170); err != nil {
				return err
			}
		}
	}
	// The matching plots (reports/match_plots.go: LovePlot, PropensityPlot)
	// go here: the caller renders them and passes them in
	// WorkbookOptions.PlotPNGs under "Matching/NAME".
	_, err = b.images(s, row+2)
	return err
}

// ---- Data ----

// MaxDataRows is the most pupil rows the Data sheet can hold (Excel's
// 1,048,576 rows less the header).
const MaxDataRows = 1048575

// dataChunk is how many Data rows are written between checks of the
// context and calls of WorkbookOptions.Progress.
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

// ---- images, page set-up, properties ----

// images embeds the PlotPNGs of sheet s one under another from row on,
// two to a printed page, and returns the row after the last.
func (b *book) images(s string, row int) (int, error) {
	var keys []string
	for k := range b.o.PlotPNGs {
		if sh, _, _ := strings.Cut(k, "/"); sh == s {
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
	for i, k := range keys {
		data := b.o.PlotPNGs[k]
		// Start the figures on a new printed page, two to a page.
		if i%2 == 0 {
			if err := b.f.InsertPageBreak(s, cell(1, row)); err != nil {
				return row, err
			}
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return row, fmt.Errorf("image %q is not a PNG: %w", k, err)
		}
		// Wide enough to read on screen and in print: 1,000 pixels on the
		// Summary (most of its width), at most 720 elsewhere.
		maxW := 720.0
		if s == sheetSummary {
			maxW = 1000
		}
		scale := maxW / float64(cfg.Width)
		// Two to a printed page elsewhere: no taller than 330 pixels.
		if s != sheetSummary && float64(cfg.Height)*scale > 330 {
			scale = 330 / float64(cfg.Height)
		}
		_, name, _ := strings.Cut(k, "/")
		if name == "" {
			name = s
		}
		err = b.f.AddPictureFromBytes(s, cell(1, row), &excelize.Picture{
			Extension: ".png", File: data,
			Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, AltText: name, Name: name,
				LockAspectRatio: true, Positioning: "oneCell"},
		})
		if err != nil {
			return row, fmt.Errorf("embedding %s: %w", k, err)
		}
		// Default rows are 20 px high.
		row += int(math.Ceil(float64(cfg.Height)*scale/20)) + 2
	}
	return row, nil
}

// figureRank orders embedded figures as Figures makes them: the forest
// plot, then outcome by outcome the before-and-after and distribution
// plots; other names after them.
func figureRank(r *evaluate.Report) func(key string) int {
	order := map[string]int{"forest": 0}
	for i, o := range outcomes(r) {
		order["before-after-"+slug(o)] = 1 + 2*i
		order["distribution-"+slug(o)] = 2 + 2*i
	}
	return func(key string) int {
		_, name, _ := strings.Cut(key, "/")
		if n, ok := order[name]; ok {
			return n
		}
		return len(order) + 1
	}
}

// pageSetup prints every sheet on A4 landscape, one page wide, without
// gridlines, with the title and page number in the footer.
func (b *book) pageSetup(s string) error {
	size, orient, one, zero := 9, "landscape", 1, 0
	if err := b.f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m, mh := 0.5, 0.3
	if err := b.f.SetPageMargins(s, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &mh, Footer: &mh}); err != nil {
		return err
	}
	off := false
	if err := b.f.SetSheetView(s, 0, &excelize.ViewOptions{ShowGridLines: &off}); err != nil {
		return err
	}
	// A footer holds at most 255 UTF-16 units: a long title is cut short.
	rest := " · &A&RPage &P of &N"
	title := []rune(b.r.Title)
	if len(title) > 255 {
		title = title[:255]
	}
	footer := func() string { return "&L" + strings.ReplaceAll(string(title), "&", "&&") + rest }
	for len(utf16.Encode([]rune(footer()))) > 255 {
		title = append(title[:len(title)-2], '…')
	}
	if err := b.f.SetHeaderFooter(s, &excelize.HeaderFooterOptions{OddFooter: footer()}); err != nil {
		return err
	}
	switch s {
	case sheetResults, sheetBalance:
		return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + s + "'!$1:$1", Scope: s})
	}
	return nil
}

// docProps fills the document properties; the dates come from o.Date so
// that the file is the same byte for byte.
func (b *book) docProps() error {
	when := "2000-01-01T00:00:00Z"
	if len(b.o.Date) == 10 {
		when = b.o.Date + "T00:00:00Z"
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:          b.r.Title,
		Subject:        "Evaluation results",
		Creator:        "whatworks " + b.o.Version,
		LastModifiedBy: "whatworks " + b.o.Version,
		Created:        when,
		Modified:       when,
		Description:    "Produced by whatworks from " + b.o.DesignName,
		Language:       "en-GB",
	})
}
