package words

import (
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

// TestSecuritySteps: each padlock step of the sample reports' ratings (test
// data rated by evaluate/rating: reports/internal/testreport/security.go)
// in a sentence, and the WWC and OfS lines, one case a row.
func TestSecuritySteps(t *testing.T) {
	for _, c := range []struct {
		name     string
		r        *evaluate.Report
		outcome  string
		sub      string
		padlocks int
		steps    []string // a part of each step's sentence, in order
		wwc, ofs string
	}{
		{"rct, all pupils: 5", testreport.RCT(), "ks2_read", "all", 5, []string{
			"Design: randomised, so at most 5.",
			"MDES: the 212 and 208 pupils analysed could detect an effect of 0.19, so 5.",
			"Attrition: 8% of the pupils allocated were not analysed, so 5.",
			"starts from the lowest of the three: 5 (set by all three).",
			"concurrent interventions moderate, missing data moderate; 2 moderate and none high, so no padlock comes off.",
		}, "WWC: Meets Without Reservations (randomised; attrition low by the WWC's cautious boundary).",
			"OfS: Type 3, causal claims. It allows: \u201cThe programme caused the difference we measured.\u201d"},
		{"rct, a small subgroup: the MDES sets 0", testreport.RCT(), "ks2_maths", "fsm=Y", 0, []string{
			"Design: randomised",
			"the 8 and 9 pupils analysed could detect an effect of 1.", // ≈ 1.2: test data
			"Attrition: 0% of the group's pupils in the data were not analysed (the design gives the pupils allocated in all, not in this group), so 5.",
			"0 (set by the MDES)",
			"2 moderate and none high",
		}, "", "OfS: Type 3"},
		{"pre-post: 0 by design", testreport.PrePost(), "writing", "all", 0, []string{
			"Design: no comparison group, so at most 0.",
			"the 48 pupils analysed could detect",
			"Attrition: 13% of the pupils allocated were not analysed, so 4.",
			"0 (set by the design)",
			"none moderate or high (none declared: add threats: to the design file), so no padlock comes off.",
		}, "WWC: Does Not Meet (no comparison group).", "OfS: Type 2, empirical enquiry. It allows: \u201cTaking part in the programme was associated with the results we measured.\u201d"},
		{"matched: 3 at most, the pool not lost", testreport.Matched(), "gcse_maths", "all", 2, []string{
			"Design: matched comparison group, so at most 3.",
			"the 40 and 44 pupils analysed",
			"of the programme group were not analysed",
			"2 (set by the MDES)",
			"confounding (baseline g 0.07) moderate",
		}, "WWC: Meets With Reservations (not randomised, so With Reservations at best; baseline g 0.07, between 0.05 and 0.25 and adjusted for).",
			"as far as the groups' likeness before it can show"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := SecurityOf(c.r, c.outcome, c.sub)
			if s == nil {
				t.Fatal("not rated")
			}
			if s.Padlocks.Padlocks != c.padlocks {
				t.Errorf("%d padlocks, want %d", s.Padlocks.Padlocks, c.padlocks)
			}
			steps := SecuritySteps(s, false)
			if len(steps) != len(c.steps) {
				t.Fatalf("%d steps, want %d: %q", len(steps), len(c.steps), steps)
			}
			for i, want := range c.steps {
				if !strings.Contains(steps[i], want) {
					t.Errorf("step %d %q lacks %q", i+1, steps[i], want)
				}
				if !strings.HasSuffix(steps[i], ".") {
					t.Errorf("step %d %q is not a sentence", i+1, steps[i])
				}
			}
			if w := WWCLine(s); !strings.Contains(w, c.wwc) {
				t.Errorf("WWC line %q lacks %q", w, c.wwc)
			}
			if o := OfSLine(s); !strings.Contains(o, c.ofs) {
				t.Errorf("OfS line %q lacks %q", o, c.ofs)
			}
		})
	}
}

// TestSecuritySteps_withheld: a small group's steps give no count.
func TestSecuritySteps_withheld(t *testing.T) {
	s := SecurityOf(testreport.RCT(), "ks2_maths", "fsm=Y")
	for _, st := range SecuritySteps(s, true) {
		if strings.Contains(st, " 8 ") || strings.Contains(st, " 9 ") {
			t.Errorf("step %q gives a count", st)
		}
	}
}

func TestCostLine(t *testing.T) {
	r := testreport.RCT()
	if got := CostLine(&r.Security[0]); got != "EEF cost rating: ££, low cost (£150 per pupil per year)." {
		t.Errorf("cost line %q", got)
	}
	p := testreport.PrePost()
	if got := CostLine(&p.Security[0]); !strings.Contains(got, "add cost.per_pupil") {
		t.Errorf("no cost: %q", got)
	}
	for in, want := range map[float64]string{80: "80", 1234.5: "1,234.50", 1200: "1,200", 0: "0"} {
		if got := Pounds(in); got != want {
			t.Errorf("Pounds(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestSecurityDesign_pretestNotUsed: a two-group rating whose headline is
// not adjusted for the outcome's pretest (a subgroup too small for the
// ANCOVA) says so, not "no pretest", when the pretest's baseline g is
// known; without a pretest it stays "no pretest".
func TestSecurityDesign_pretestNotUsed(t *testing.T) {
	for _, c := range []struct {
		adjusted bool
		g        float64
		design   int
		want     string
	}{
		{true, 0.1, 2, "comparison group, adjusted for the pretest"},
		{false, 0.77, 1, "comparison group, not adjusted for the pretest"},
		{false, math.NaN(), 1, "comparison group, no pretest"},
	} {
		s := &evaluate.Security{Design: evaluate.DesignTwoGroup, PretestAdjusted: c.adjusted, BaselineG: c.g}
		s.Padlocks.Design = c.design
		if got := SecurityDesign(s); got != c.want {
			t.Errorf("adjusted %v, baseline g %g: %q, want %q", c.adjusted, c.g, got, c.want)
		}
	}
}
