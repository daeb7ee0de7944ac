package workbook

import (
	"github.com/xuri/excelize/v2"
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

type styles struct {
	title, subtitle, h2, header, text, wrap, bold, boldWrap, note, mono int
	num2, num3, num1, int0, months, pval, ii, monthsC, pvalC            int
	num2Mark, int0Mark, textMark                                        int
	wwcGood, wwcAdjust, wwcFail                                         int
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
