package workbook

import (
	"archive/zip"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// TestImages_summaryPagesFit: the Summary's figures are full width, so two
// of them (the forest plot and a flow diagram, about 1,300 pixels) do not
// fit one printed page: the flow diagram starts a page of its own rather
// than being cut in two at the page's end.
func TestImages_summaryPagesFit(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, sampleDistributions(), false)
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	// The rows the Summary's pictures start at, in order.
	f, err := openSheet(path, sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	pics := f.pictures
	if len(pics) < 2 {
		t.Fatalf("Summary pictures at rows %v, want the forest plot and the flow diagrams", pics)
	}
	for i := 1; i < len(pics); i++ {
		broken := false
		for _, b := range f.breaks {
			if b >= pics[i-1] && b < pics[i] {
				broken = true
			}
		}
		if !broken {
			t.Errorf("no page break between the pictures at rows %d and %d (breaks after rows %v)", pics[i-1], pics[i], f.breaks)
		}
	}
}

// sheetParts are the page breaks (the rows after which a page ends) and
// the rows the pictures start at of one sheet of a workbook.
type sheetParts struct{ breaks, pictures []int }

// openSheet reads the page breaks and pictures of sheet name, the
// workbook's first, from the xlsx file at path.
func openSheet(path, name string) (sheetParts, error) {
	var p sheetParts
	f, err := excelize.OpenFile(path)
	if err != nil {
		return p, err
	}
	defer f.Close()
	if l := f.GetSheetList(); len(l) == 0 || l[0] != name {
		return p, fmt.Errorf("sheet %q is not the first of %v", name, l)
	}
	cells, err := f.GetPictureCells(name)
	if err != nil {
		return p, err
	}
	for _, c := range cells {
		_, row, err := excelize.CellNameToCoordinates(c)
		if err != nil {
			return p, err
		}
		p.pictures = append(p.pictures, row)
	}
	sort.Ints(p.pictures)
	z, err := zip.OpenReader(path)
	if err != nil {
		return p, err
	}
	defer z.Close()
	rc, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		return p, err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return p, err
	}
	for _, m := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		p.breaks = append(p.breaks, n)
	}
	return p, nil
}
