package workbook

import (
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// pageSetup prints a sheet on A4 landscape, one page wide, without
// gridlines, with the title and page number in the footer, and the first
// row on every page for the sheets of b.titleRows.
func (b *book) pageSetup(name string) error {
	w := b.sheet(name)
	size, orient, one, zero := 9, "landscape", 1, 0
	w.do(func(f *excelize.File, s string) error {
		return f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero})
	})
	fit := true
	w.do(func(f *excelize.File, s string) error {
		return f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit})
	})
	m, mh := 0.5, 0.3
	w.do(func(f *excelize.File, s string) error {
		return f.SetPageMargins(s, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &mh, Footer: &mh})
	})
	off := false
	w.do(func(f *excelize.File, s string) error {
		return f.SetSheetView(s, 0, &excelize.ViewOptions{ShowGridLines: &off})
	})
	footer := pageFooter(b.r.Title)
	w.do(func(f *excelize.File, s string) error {
		return f.SetHeaderFooter(s, &excelize.HeaderFooterOptions{OddFooter: footer})
	})
	if slices.Contains(b.titleRows, name) {
		w.do(func(f *excelize.File, s string) error {
			return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + s + "'!$1:$1", Scope: s})
		})
	}
	return w.Err()
}

// pageFooter is the footer of every printed page: the title on the left,
// then the sheet's name, and "Page N of M" on the right. A footer holds at
// most 255 UTF-16 units: a long title is cut short.
func pageFooter(title string) string {
	rest := " · &A&RPage &P of &N"
	t := []rune(title)
	if len(t) > 255 {
		t = t[:255]
	}
	footer := func() string { return "&L" + strings.ReplaceAll(string(t), "&", "&&") + rest }
	for len(utf16.Encode([]rune(footer()))) > 255 {
		t = append(t[:len(t)-2], '…')
	}
	return footer()
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
