package workbook

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/manifest"
	"github.com/whatworks/whatworks/reports/outputs"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
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

// Options are what the workbook needs beyond the report.
type Options struct {
	Design     []byte // the design file's text, copied onto the Method sheet
	DesignName string // the design file's name
	Inputs     []InputFile
	Version    string // whatworks version ("" = words.Version)
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
	// Embedded); each goes below the content of its sheet, in key
	// order. Keys of sheets the workbook does not have are ignored.
	PlotPNGs map[string][]byte
	// SmallN marks counts of groups with fewer pupils than this (default
	// 10; a negative value marks nothing).
	SmallN int
	// Progress, when set, is called as the Data sheet's rows are written,
	// with the rows written so far and their total.
	Progress func(done, total int)
	// Publish is the publishing rules the report was published under
	// (publish.Apply), for the notes; nil for the analysis workbook,
	// which shows every number and marks the small counts. The numbers
	// withheld show as "c" (the DfE's mark).
	Publish *publish.Rules
	// Record, when set, is written into the workbook's veryHidden
	// "whatworks" sheet (package manifest), completed with the cells of
	// every other sheet but Data, so that whatworks verify can check the
	// workbook and whatworks pool can read it.
	Record *manifest.Manifest
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

// WriteTo writes the EEF-style workbook of r to w: sheets Summary,
// Results, Descriptives, Balance, Survey (questionnaire scales, when there
// are any), Method, then Matching for matched designs
// and Data only with o.IncludeData. It stops with ctx's error when ctx is
// cancelled (checked between sheets and while the Data sheet's rows are
// written). The same report and options give the same bytes, except with
// a password (encryption uses a random salt).
func WriteTo(ctx context.Context, w io.Writer, r *evaluate.Report, o Options) error {
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
	o   Options
	st  styles
	// small counts marked on some sheet (for the footnotes)
	marked bool
	// titleRows are the sheets whose first row is printed on every page.
	titleRows []string
}

// buildWorkbook assembles every sheet in memory.
func buildWorkbook(ctx context.Context, r *evaluate.Report, o Options) (*excelize.File, error) {
	if o.Version == "" {
		o.Version = words.Version
	}
	if o.SmallN == 0 {
		o.SmallN = 10
	}
	f := excelize.NewFile()
	b := &book{ctx: ctx, f: f, r: r, o: o, titleRows: []string{sheetResults, sheetBalance}}
	if err := b.makeStyles(); err != nil {
		f.Close()
		return nil, err
	}
	sheets := []string{sheetSummary, sheetResults, sheetDescriptives, sheetBalance}
	// The Summary is written after the sheets whose small counts it notes.
	steps := []func() error{b.results, b.descriptives, b.balance}
	if len(r.Scales) > 0 {
		sheets = append(sheets, sheetSurvey)
		steps = append(steps, b.survey)
	}
	sheets = append(sheets, sheetMethod)
	steps = append(steps, b.summary, b.method)
	if r.Matching != nil {
		sheets = append(sheets, sheetMatching)
		steps = append(steps, b.matching)
	}
	if o.IncludeData && o.Data != nil {
		sheets = append(sheets, sheetData)
		steps = append(steps, b.data)
	}
	if err := b.build(sheets, append(steps, b.docProps)); err != nil {
		f.Close()
		return nil, err
	}
	if err := b.record(sheets); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// build adds the sheets (the first one renames excelize's Sheet1), runs
// the steps that fill them, stopping with ctx's error when it is
// cancelled, and sets up every sheet for printing, the first one active.
func (b *book) build(sheets []string, steps []func() error) error {
	if err := b.f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return err
	}
	for _, s := range sheets[1:] {
		if _, err := b.f.NewSheet(s); err != nil {
			return err
		}
	}
	for _, step := range steps {
		if err := b.ctx.Err(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	for _, s := range b.f.GetSheetList() {
		if s == sheetData {
			continue // streamed: its XML is final once flushed
		}
		if err := b.pageSetup(s); err != nil {
			return err
		}
	}
	b.f.SetActiveSheet(0)
	// excelize adds the image content types from a map, in random order:
	// sort them so that the same report gives the same bytes.
	if ct := b.f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	return nil
}

// Write writes the workbook of WriteTo to path (which must
// end in .xlsx) through an outputs.Set: on failure no file is left and an
// existing file is replaced only on success.
func Write(path string, r *evaluate.Report, o Options) error {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return fmt.Errorf("%s: the workbook's name must end in .xlsx", path)
	}
	var s outputs.Set
	if err := s.Add(path, "", func(ctx context.Context, w io.Writer) error { return WriteTo(ctx, w, r, o) }); err != nil {
		return err
	}
	_, err := s.Commit(context.Background())
	return err
}

// record writes Options.Record with the cells of sheets (but Data) into
// the veryHidden record sheet.
func (b *book) record(sheets []string) error {
	if b.o.Record == nil {
		return nil
	}
	m := *b.o.Record
	m.Sheets = nil
	m.Version, m.Date = b.o.Version, b.o.Date
	for _, s := range sheets {
		if s == sheetData {
			continue
		}
		c, err := manifest.SheetCells(b.f, s)
		if err != nil {
			return fmt.Errorf("recording the %s sheet: %w", s, err)
		}
		m.Sheets = append(m.Sheets, c)
	}
	return manifest.Write(b.f, &m)
}
