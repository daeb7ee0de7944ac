package designs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The pool templates: two header-only CSVs in the forms whatworks pool
// reads, and instructions that explain every column of them.
func TestPoolTemplateFiles(t *testing.T) {
	files, err := PoolTemplateFiles()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, header string }{
		{PoolTemplateSummaries, "study,region,n_t,mean_t,sd_t,n_c,mean_c,sd_c\r\n"},
		{PoolTemplateEffects, "study,region,yi,se\r\n"},
	}
	for i, w := range want {
		if files[i].Name != w.name || string(files[i].Data) != w.header {
			t.Errorf("file %d: %s %q, want %s %q", i, files[i].Name, files[i].Data, w.name, w.header)
		}
	}
	if files[2].Name != PoolTemplateInstructions {
		t.Fatalf("third file %s", files[2].Name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(files[2].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(InstructionsSheet)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range rows {
		text.WriteString(strings.Join(r, " | ") + "\n")
	}
	got := text.String()
	for _, c := range append(append(poolSummaryColumns, poolOptionalColumns...), poolEffectColumns...) {
		if !strings.Contains(got, c.name+" | "+c.about) {
			t.Errorf("instructions do not explain %s", c.name)
		}
	}
	for _, s := range []string{"whatworks pool studies.csv --by region -o pooled.xlsx", "events_t, n_t, events_c, n_c", "Do not pool these"} {
		if !strings.Contains(got, s) {
			t.Errorf("instructions lack %q", s)
		}
	}
	again, _ := PoolTemplateFiles()
	if !bytes.Equal(again[2].Data, files[2].Data) {
		t.Error("two calls give different workbooks")
	}
}
