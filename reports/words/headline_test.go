package words

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestHeadlines_rct(t *testing.T) {
	h := Headlines(testreport.RCT())
	if len(h) != 2 {
		t.Fatalf("got %d headlines, want 2 (one per outcome, no QED sentence):\n%s", len(h), strings.Join(h, "\n"))
	}
	// ANCOVA g 0.23 is 3 months on the Toolkit table (0.19 to 0.26); 0.32 is 4.
	want := "Pupils in the programme made the equivalent of 3 additional months' progress in reading, on average, compared with pupils in the comparison group (Hedges' g = 0.23, 95% CI 0.12 to 0.35, p < 0.001); for pupils eligible for free school meals, the equivalent of 4 additional months' progress (g = 0.32, 95% CI 0.10 to 0.53, p = 0.004)."
	if h[0] != want {
		t.Errorf("reading headline\n got: %s\nwant: %s", h[0], want)
	}
	if !strings.Contains(h[1], "1 additional month's progress in maths") || !strings.Contains(h[1], "could be due to chance") {
		t.Errorf("maths headline should say no difference that could be chance: %s", h[1])
	}
	if !strings.Contains(h[1], "2 months less progress (g = -0.12") {
		t.Errorf("maths FSM headline should report a negative effect as less progress: %s", h[1])
	}
	for _, s := range h {
		if strings.Contains(s, "caused") {
			t.Errorf("RCT headline overclaims: %s", s)
		}
	}
}

func TestHeadlines_unadjustedWhenNoANCOVA(t *testing.T) {
	r := testreport.RCT()
	var keep []evaluate.Result
	for _, x := range r.Results {
		if x.Analysis != "ancova" {
			keep = append(keep, x)
		}
	}
	r.Results = keep
	h := Headlines(r)
	// Unadjusted reading g for all pupils is 0.21.
	if !strings.Contains(h[0], "Hedges' g = 0.21") {
		t.Fatalf("want the unadjusted g when there is no ANCOVA: %s", h[0])
	}
}

func TestHeadlines_qedDoesNotClaimCause(t *testing.T) {
	h := Headlines(testreport.QED())
	if len(h) != 2 {
		t.Fatalf("got %d headlines, want 2:\n%s", len(h), strings.Join(h, "\n"))
	}
	if !strings.Contains(h[0], "could be due to chance") {
		t.Errorf("CI crosses zero but the headline does not say so: %s", h[0])
	}
	if !strings.Contains(h[0], "pupils eligible for the pupil premium") {
		t.Errorf("pupil premium subgroup missing: %s", h[0])
	}
	if !strings.Contains(h[1], "not allocated to the programme at random") || !strings.Contains(h[1], "not what the programme caused") {
		t.Errorf("QED caveat missing: %s", h[1])
	}
}

func TestHeadlines_prePost(t *testing.T) {
	h := Headlines(testreport.PrePost())
	want := "Pupils' scores in writing rose by 3.4 points on average between the pre-test and the post-test (g_av = 0.40, 95% CI 0.17 to 0.64, p < 0.001); without a comparison group this change cannot be attributed to the programme, because pupils would have made some progress without it."
	if len(h) != 1 || h[0] != want {
		t.Fatalf("got %q\nwant %q", h, want)
	}
}

func TestSubgroupPhrase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"all", "all pupils"},
		{"fsm=Y", "pupils eligible for free school meals"},
		{"FSM=N", "pupils not eligible for free school meals"},
		{"ever6_fsm=1", "pupils eligible for free school meals at any time in the last six years"},
		{"pupil_premium=yes", "pupils eligible for the pupil premium"},
		{"disadvantaged=TRUE", "disadvantaged pupils"},
		{"fsm=unknown", "pupils with fsm = unknown"},
		{"sex=F", "pupils with sex = F"},
	} {
		if got := SubgroupPhrase(c.in); got != c.want {
			t.Errorf("subgroupPhrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMonthsPhrase(t *testing.T) {
	for m, want := range map[int]string{1: "1 additional month's progress", 3: "3 additional months' progress",
		-1: "1 month less progress", -2: "2 months less progress"} {
		if got := monthsPhrase(m); got != want {
			t.Errorf("monthsPhrase(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestPText(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{{0, "p < 0.001"}, {0.0009999, "p < 0.001"}, {0.001, "p = 0.001"}, {0.0425, "p = 0.043"}, {1, "p = 1.000"}} {
		if got := PText(c.p, true); got != c.want {
			t.Errorf("pText(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestPrimaryRow_byDesign(t *testing.T) {
	mk := func(design string, analyses ...string) *evaluate.Report {
		r := &evaluate.Report{Design: evaluate.Design(design), Confidence: 0.95}
		for _, a := range analyses {
			m := "hedges_g"
			if a == "cluster_corrected_adj" {
				a, m = "cluster_corrected", "hedges_g_adjusted"
			}
			r.Results = append(r.Results, evaluate.Result{Outcome: "y", Subgroup: "all", Analysis: evaluate.Analysis(a), Measure: evaluate.Measure(m), Estimate: 0.1})
		}
		return r
	}
	for _, c := range []struct {
		r    *evaluate.Report
		want string
	}{
		{mk("rct", "unadjusted", "ancova", "gain"), "ancova"},
		{mk("two-group", "unadjusted"), "unadjusted"},
		{mk("matched", "unadjusted", "ancova", "matched", "matched_adjusted"), "matched_adjusted"},
		{mk("matched", "unadjusted", "ancova", "matched"), "matched"},
		{mk("cluster-rct", "unadjusted", "ancova", "cluster_corrected", "cluster_corrected_adj"), "cluster_corrected hedges_g_adjusted"},
		{mk("cluster-rct", "unadjusted", "ancova"), "ancova"},
	} {
		x := PrimaryRow(c.r, "y", "all")
		got := string(x.Analysis)
		if x.Measure != "hedges_g" {
			got += " " + string(x.Measure)
		}
		if got != c.want {
			t.Errorf("%s: primary row is %s, want %s", c.r.Design, got, c.want)
		}
	}
}

func TestShortLabels(t *testing.T) {
	r := &evaluate.Report{Results: []evaluate.Result{
		{Outcome: "read_jul", Label: "Reading (standardised score), July"},
		{Outcome: "spell", Label: "Spelling, July"},
		{Outcome: "read_dec", Label: "Reading (standardised score), December"},
		{Outcome: "maths"},
	}}
	got := ShortLabels(r)
	want := map[string]string{"read_jul": "Reading (standardised score), July", "read_dec": "Reading (standardised score), December",
		"spell": "Spelling", "maths": "maths"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("shortLabels[%s] = %q, want %q (two Reading outcomes keep their full labels)", k, got[k], v)
		}
	}
}
