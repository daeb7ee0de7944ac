package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestWriteText_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.Report
	}{{"rct.txt", testreport.RCT()}, {"prepost.txt", testreport.PrePost()}, {"qed.txt", testreport.QED()}} {
		var buf bytes.Buffer
		if err := WriteText(&buf, c.r); err != nil {
			t.Fatal(err)
		}
		testreport.Golden(t, c.name, buf.Bytes())
	}
}

func TestWriteText_alignedColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, testreport.RCT()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	var table []string
	for i, l := range lines {
		if strings.HasPrefix(l, "Outcome  ") {
			for _, m := range lines[i:] {
				if m == "" {
					break
				}
				table = append(table, m)
			}
		}
	}
	if len(table) != len(testreport.RCT().Results)+2 {
		t.Fatalf("table has %d lines, want %d", len(table), len(testreport.RCT().Results)+2)
	}
	// The p column is right-aligned: every row's p ends where the header's does.
	end := strings.Index(table[0], " p ") + 2
	for _, l := range table[2:] {
		if l[end-1] == ' ' && strings.TrimSpace(l[end-6:end]) != "" {
			t.Fatalf("p column not aligned in %q", l)
		}
	}
}
