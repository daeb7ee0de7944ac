package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestWriteJSON_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.Report
	}{{"rct.json", testreport.RCT()}, {"prepost.json", testreport.PrePost()}} {
		var a, b bytes.Buffer
		if err := WriteJSON(&a, c.r); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&b, c.r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two runs differ", c.name)
		}
		testreport.Golden(t, c.name, a.Bytes())
	}
}

func TestWriteJSON_contract(t *testing.T) {
	r := testreport.RCT()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "whatworks_version", "title", "design", "confidence", "ci_method",
		"months_table", "results", "descriptives", "balance", "exclusions", "caveats"} {
		if _, ok := top[k]; !ok {
			t.Errorf("top-level field %q missing", k)
		}
	}
	var rows []map[string]any
	if err := json.Unmarshal(top["results"], &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Results) {
		t.Fatalf("%d rows, want %d", len(rows), len(r.Results))
	}
	for i, row := range rows {
		for _, k := range []string{"outcome", "subgroup", "analysis", "measure", "estimate", "ci_low", "ci_high",
			"p_value", "n_treated", "n_comparison", "se", "df", "months_progress"} {
			if _, ok := row[k]; !ok {
				t.Fatalf("row %d: field %q missing", i, k)
			}
		}
		if row["outcome"] != r.Results[i].Outcome || row["measure"] != string(r.Results[i].Measure) {
			t.Fatalf("row %d out of order", i)
		}
	}
	// NaN is null; a row without p has "p_value": null.
	if !strings.Contains(buf.String(), `"p_value": null`) {
		t.Error("NaN p-value not written as null")
	}
	// Round trip: what is written reads back to the same numbers.
	var back evaluate.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for i := range r.Results {
		a, b := float64(r.Results[i].Estimate), float64(back.Results[i].Estimate)
		if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			t.Fatalf("row %d: estimate %v read back as %v", i, a, b)
		}
	}
}

func TestWriteJSON_emptyListsNotNull(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, &evaluate.Report{Design: "rct", Confidence: 0.95, Matching: &evaluate.MatchReport{}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "null") {
		t.Fatalf("empty report has a null:\n%s", buf.String())
	}
}

func TestWriteJSON_badConfidence(t *testing.T) {
	var buf bytes.Buffer
	err := WriteJSON(&buf, &evaluate.Report{Confidence: math.NaN()})
	if err == nil || !strings.Contains(err.Error(), "confidence") {
		t.Fatalf("got %v, want an error about the confidence level", err)
	}
}
