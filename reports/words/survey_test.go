package words

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// TestHeadlines_survey: a yes/no outcome is told in percentages and
// points against the matched comparison group, a questionnaire before and
// after as agreement on its scale and the share who moved up.
func TestHeadlines_survey(t *testing.T) {
	r := testreport.Survey(t)
	h := Headlines(r)
	if len(h) != 3 {
		t.Fatalf("%d headlines: %q", len(h), h)
	}
	x := PrimaryRow(r, "progressed", evaluate.SubgroupAll)
	a, b := proportionPair(r, x)
	want := percent(float64(a.Estimate)) + " of participants progressed to higher education against " + percent(float64(b.Estimate)) +
		" of the matched comparison group: " + pointsOf(float64(x.Estimate)) + " percentage points more once their backgrounds are taken into account (95% CI "
	if !strings.HasPrefix(h[0], want) {
		t.Errorf("headline\n%s\nwant it to start\n%s", h[0], want)
	}
	if !strings.Contains(h[1], "Attitudes to higher education: agreement rose from 3.3 to 3.7 on a 1–5 scale; ") ||
		!strings.Contains(h[1], "of participants moved up") || !strings.Contains(h[1], "no comparison group") {
		t.Errorf("headline %q", h[1])
	}
	if got := SummaryEffect(r, x); !strings.Contains(got, " pts (") || !strings.Contains(got, "[Cox index ") {
		t.Errorf("summary effect %q", got)
	}
}

// TestPointsOf: points are whole, but small ones keep a decimal, and no
// "-0".
func TestPointsOf(t *testing.T) {
	for _, c := range []struct {
		d    float64
		want string
	}{{0.14, "14"}, {-0.032, "-3"}, {0.004, "0.4"}, {-0.0004, "0"}, {0, "0"}} {
		if got := pointsOf(c.d); got != c.want {
			t.Errorf("pointsOf(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// TestHeadlines_binaryLowerIsBetter: a yes/no outcome where fewer is
// better (exclusions, low birth weight) says whether more yes answers
// are worse or better, as a score where lower is better does.
func TestHeadlines_binaryLowerIsBetter(t *testing.T) {
	r := testreport.Survey(t)
	for i := range r.Outcomes {
		if r.Outcomes[i].Column == "progressed" {
			r.Outcomes[i].Direction = evaluate.DirectionLower
		}
	}
	h := Headlines(r)
	x := PrimaryRow(r, "progressed", evaluate.SubgroupAll)
	if x.Estimate <= 0 {
		t.Fatalf("the test report's difference is %v: the test needs it positive", x.Estimate)
	}
	want := " percentage points more (worse, as lower is better here) once their backgrounds"
	if !strings.Contains(h[0], want) {
		t.Errorf("headline\n%s\nwant it to contain\n%s", h[0], want)
	}
	x.Estimate = -x.Estimate
	if h := Headlines(r); !strings.Contains(h[0], " percentage points fewer (better, as lower is better here) ") {
		t.Errorf("headline with fewer: %s", h[0])
	}
}

// The footnote of a yes/no outcome where lower is better speaks of
// shares of pupils, not of scores and months' progress it does not have.
func TestDirectionFootnote_binary(t *testing.T) {
	r := testreport.Survey(t)
	for i := range r.Outcomes {
		if r.Outcomes[i].Column == "progressed" {
			r.Outcomes[i].Direction = evaluate.DirectionLower
		}
	}
	got := DirectionFootnote(r)
	if !strings.Contains(got, " fewer is better: there a negative difference means the programme helped (a smaller share of pupils than in the comparison group).") ||
		strings.Contains(got, "months' progress") {
		t.Errorf("footnote %q", got)
	}
}
