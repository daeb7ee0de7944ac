package workbook

import (
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

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
