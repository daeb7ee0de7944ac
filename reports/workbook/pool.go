package workbook

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// Sheets of the pool workbook, in order.
const (
	sheetPoolStudies    = "Studies"
	sheetPoolModels     = "Models"
	sheetPoolModerators = "Moderators"
)

// WritePoolTo writes the workbook of a pooling to w: Summary (the
// EEF-style table of the pooled effect, overall and by level, the key
// conclusions and the forest plot), Studies (each study with its weights
// and leave-one-out fit), Models (every row of every model), Moderators
// (subgroups, q_between, slopes, small-study effects and the funnel plot)
// and Method (formulas, references, software and inputs). Of o it uses
// Version, Date, Inputs and PlotPNGs (see PoolEmbedded). The same
// report and options give the same bytes.
func WritePoolTo(ctx context.Context, w io.Writer, r *evaluate.PoolReport, o Options) error {
	if r == nil {
		return fmt.Errorf("no report")
	}
	if o.Version == "" {
		o.Version = words.Version
	}
	f := excelize.NewFile()
	defer f.Close()
	pb := &poolBook{book: &book{ctx: ctx, f: f, r: &evaluate.Report{Title: r.Title}, o: o,
		titleRows: []string{sheetPoolStudies, sheetPoolModels}}, p: r}
	if err := pb.makeStyles(); err != nil {
		return err
	}
	if err := pb.poolStyles(); err != nil {
		return err
	}
	sheets := []string{sheetSummary, sheetPoolStudies, sheetPoolModels, sheetPoolModerators, sheetMethod}
	if err := pb.build(sheets, []func() error{pb.summary, pb.studies, pb.models, pb.moderators, pb.method, pb.docProps}); err != nil {
		return err
	}
	return f.Write(w)
}

// poolBook is a pool workbook being built, on the styles and helpers of
// the analyse workbook.
type poolBook struct {
	*book
	p                       *evaluate.PoolReport
	num4, pct, text, centre int
}

func (b *poolBook) poolStyles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	cf := func(s string) *string { return &s }
	top := &excelize.Alignment{Vertical: "top"}
	b.num4 = mk(&excelize.Style{CustomNumFmt: cf("0.0000"), Alignment: top})
	b.pct = mk(&excelize.Style{CustomNumFmt: cf(`0"%"`), Alignment: top})
	b.text = b.st.text
	b.centre = mk(&excelize.Style{Font: &excelize.Font{Size: 11, Family: "Calibri"}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	return err
}

func (b *poolBook) docProps() error {
	when := "2000-01-01T00:00:00Z"
	if len(b.o.Date) == 10 {
		when = b.o.Date + "T00:00:00Z"
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title: b.p.Title, Subject: "Pooled evaluations (meta-analysis)",
		Creator: "whatworks " + b.o.Version, LastModifiedBy: "whatworks " + b.o.Version,
		Created: when, Modified: when, Language: "en-GB",
		Description: "Produced by whatworks pool",
	})
}
