package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/words"
)

func TestWriteText_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.Report
	}{
		{"rct", testreport.RCT()}, {"prepost", testreport.PrePost()}, {"qed", testreport.QED()},
		{"matched", testreport.Matched()}, {"survey", testreport.Survey(t)},
	} {
		for _, all := range []bool{false, true} {
			var buf bytes.Buffer
			if err := WriteText(&buf, c.r, TextOptions{All: all}); err != nil {
				t.Fatal(err)
			}
			name := c.name + ".txt"
			if all {
				name = c.name + "-all.txt"
			}
			testreport.Golden(t, name, buf.Bytes())
		}
	}
}

// textReports are the reports the width tests print: the fixtures, and
// evaluate.Run on every design with long labels, a subgroup of 5 levels
// with long values and 12 outcomes.
func textReports(t *testing.T) map[string]*evaluate.Report {
	t.Helper()
	out := map[string]*evaluate.Report{
		"rct": testreport.RCT(), "prepost": testreport.PrePost(), "qed": testreport.QED(),
		"matched": testreport.Matched(), "survey": testreport.Survey(t),
	}
	for _, design := range []string{"rct", "two-group", "pre-post", "cluster-rct"} {
		r, err := evaluate.Run(context.Background(), runInput(design))
		if err != nil {
			t.Fatal(err)
		}
		out["run-"+design] = r
		r, err = evaluate.Run(context.Background(), longInput(design, 12))
		if err != nil {
			t.Fatal(err)
		}
		out["long-"+design] = r
	}
	return out
}

// longInput is runInput with a long title and long labels, n outcomes
// and a second subgroup of 5 levels with long names.
func longInput(design string, n int) evaluate.Input {
	in := runInput(design)
	in.Title = "A very long evaluation title that goes on and on about the reading programme of the trust's twelve schools in 2025/26"
	base := in.Outcomes
	in.Outcomes = nil
	for k := range n {
		oc := base[k%len(base)]
		oc.Column = fmt.Sprintf("%s_%02d", oc.Column, k)
		oc.Label = fmt.Sprintf("Reading score after the programme, measured with the New Group Reading Test (NGRT) form %d, July", k+1)
		in.Outcomes = append(in.Outcomes, oc)
	}
	codes := make([]int32, len(base[0].Y))
	for i := range codes {
		codes[i] = int32(i % 5)
	}
	in.Subgroups = append(in.Subgroups, evaluate.Factor{Name: "ethnicity_major_group", Codes: codes,
		Levels: []string{"Asian or Asian British", "Black, Black British, Caribbean or African", "Mixed or multiple ethnic groups", "White", "Other ethnic group"}})
	return in
}

// TestWriteText_fits100Columns: every line of the summary and of --all
// fits 100 columns, whatever the labels.
func TestWriteText_fits100Columns(t *testing.T) {
	for name, r := range textReports(t) {
		for _, all := range []bool{false, true} {
			var buf bytes.Buffer
			if err := WriteText(&buf, r, TextOptions{All: all}); err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(buf.String(), "\n") {
				if n := utf8.RuneCountInString(l); n > 100 {
					t.Errorf("%s (all %v), line %d: %d columns: %q", name, all, i+1, n, l)
				}
			}
		}
	}
}

// TestWriteText_short: by default one line per outcome and group, with
// the headline estimate, and where every row is.
func TestWriteText_short(t *testing.T) {
	r := testreport.RCT()
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		"Reading: Hedges' g adjusted for the pretest and covariates (ANCOVA)",
		"Pupils eligible for free school meals", "Every result: --all",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	if strings.Contains(s, "glass_delta") || strings.Contains(s, "mean_difference") {
		t.Errorf("the short summary lists every row:\n%s", s)
	}
	lines := 0
	for _, o := range words.Outcomes(r) {
		lines += len(tableSubgroups(r, o))
	}
	if got := strings.Count(s, "\n  All pupils ") + strings.Count(s, "\n  Pupils "); got != lines {
		t.Errorf("%d group lines, want %d:\n%s", got, lines, s)
	}
}

// TestWriteText_gainRows: in --all the gain rows' effect sizes are marked
// and say why they are not comparable with the headline.
func TestWriteText_gainRows(t *testing.T) {
	r, err := evaluate.Run(context.Background(), runInput("rct"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, TextOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "  gain         hedges_g *") {
		t.Errorf("gain g not marked:\n%s", s)
	}
	if !strings.Contains(strings.Join(strings.Fields(s), " "), "standardised by the SD of the pupils' gains") {
		t.Errorf("no note on the gain rows:\n%s", s)
	}
}

func TestWriteText_alignedColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, testreport.RCT(), TextOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	var table []string
	for i, l := range lines {
		if strings.HasPrefix(l, "  Analysis  ") {
			for _, m := range lines[i:] {
				if m == "" {
					break
				}
				if strings.HasPrefix(m, "  ") {
					table = append(table, m)
				}
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

func TestTextTable_wraps(t *testing.T) {
	tb := textTable{cols: []textColumn{{head: "Name", wrap: true}, {head: "n", right: true}}}
	tb.add("gap_change_intervention_of_a_long_name", "12")
	tb.add("short", "3")
	var buf bytes.Buffer
	tb.write(&buf, 20)
	want := "Name              n\n----------------  --\ngap_change_\n" +
		"intervention_of_  12\n"
	_ = want
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if utf8.RuneCountInString(l) > 20 {
			t.Errorf("line %q wider than 20", l)
		}
	}
	if !strings.Contains(buf.String(), "gap_change_") {
		t.Errorf("not wrapped after an underscore:\n%s", buf.String())
	}
}
