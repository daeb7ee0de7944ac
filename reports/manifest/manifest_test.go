package manifest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The record survives a round trip through a saved workbook, in pieces
// when it is long, and stays out of the list of sheets a reader sees.
func TestWriteRead(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellFloat("Sheet1", "B2", 0.1+0.2, -1, 64)
	f.SetCellStr("Sheet1", "A1", "Reading é")
	f.SetCellInt("Sheet1", "C3", 42)
	f.SetCellBool("Sheet1", "D4", true)
	cells, err := SheetCells(f, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é∑x", 3*ChunkRunes)
	m := &Manifest{Version: "test", Command: "analyse", Design: Design{Name: "d.yaml", Text: long},
		Results: json.RawMessage(`{"results":[]}`), Sheets: []Cells{cells}}
	if err := Write(f, m); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(g)
	if err != nil {
		t.Fatal(err)
	}
	if got.Design.Text != long || got.Format != Format || string(got.Results) != `{"results":[]}` {
		t.Errorf("round trip lost the record: %+v", got.Design.Name)
	}
	if v, _ := g.GetSheetVisible(Sheet); v {
		t.Error("the record's sheet is visible")
	}
	want := []Cell{{"A1", "s", "Reading é"}, {"B2", "n", "0.3"}, {"C3", "n", "42"}, {"D4", "b", "1"}}
	c := got.Sheet("Sheet1")
	if c == nil || len(c.Cells) != len(want) {
		t.Fatalf("cells: %+v", c)
	}
	for i, w := range want {
		if c.Cells[i] != w {
			t.Errorf("cell %d = %+v, want %+v", i, c.Cells[i], w)
		}
	}
	again, _ := SheetCells(g, "Sheet1")
	for i := range again.Cells {
		if again.Cells[i] != c.Cells[i] {
			t.Errorf("re-read cell %d = %+v, recorded %+v", i, again.Cells[i], c.Cells[i])
		}
	}
}

// A workbook without the sheet has no record.
func TestRead_none(t *testing.T) {
	if _, err := Read(excelize.NewFile()); err != ErrNone {
		t.Errorf("err = %v, want ErrNone", err)
	}
}
