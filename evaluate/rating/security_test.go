package rating

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/power"
)

// padlockRCT is a randomised trial, well balanced, no threats declared.
func padlockRCT(mdes, attrition float64) PadlockInput {
	return PadlockInput{Design: power.RCT, PretestAdjusted: true, MDES: mdes,
		Attrition: attrition, AllocationKnown: true, BaselineG: 0.01}
}

func padlockThreats(levels ...string) []PadlockThreat {
	names := []string{"contamination", "concurrent_interventions", "implementation_fidelity",
		"missing_data", "measurement", "selective_reporting"}
	out := make([]PadlockThreat, len(levels))
	for i, l := range levels {
		out[i] = PadlockThreat{Name: names[i], Level: l}
	}
	return out
}

// TestPadlocks: known answers, one rule a row, each with its source.
func TestPadlocks(t *testing.T) {
	matched := PadlockInput{Design: power.Matched, PretestAdjusted: true, MDES: 0.15,
		Attrition: 0.02, AllocationKnown: true, BaselineG: 0.03}
	withThreats := func(in PadlockInput, th ...string) PadlockInput {
		in.Threats = padlockThreats(th...)
		return in
	}
	withG := func(in PadlockInput, g float64, adjusted bool) PadlockInput {
		in.BaselineG, in.PretestAdjusted = g, adjusted
		return in
	}
	for _, c := range []struct {
		name   string
		source string
		in     PadlockInput
		want   int
		drop   int
	}{
		// Issue 12's known answers.
		{"rct, 8% attrition, MDES 0.18", "EEF 2019: randomised 5, MDES ≤ 0.2 5, attrition ≤ 10% 5",
			padlockRCT(0.18, 0.08), 5, 0},
		{"rct, 25% attrition, MDES 0.18", "EEF 2019: attrition ≤ 30% 3; lowest of the three",
			padlockRCT(0.18, 0.25), 3, 0},
		{"matched, balanced pretests", "EEF 2019: comparison on all relevant observed confounders 3",
			matched, 3, 0},
		{"pre-post", "EEF 2019: no comparator 0",
			PadlockInput{Design: power.PrePost, MDES: 0.1, Attrition: 0.05, AllocationKnown: true, BaselineG: math.NaN()}, 0, 0},
		{"two moderate threats", "Oxford padlock training: up to two moderate, no drop",
			withThreats(padlockRCT(0.18, 0.08), "moderate", "moderate", "low"), 5, 0},
		{"one high and two moderate", "Oxford padlock training: one high and two moderate, drop two",
			withThreats(padlockRCT(0.18, 0.08), "high", "moderate", "moderate"), 3, 2},

		// Design column (PadlockDesignLevels).
		{"cluster-rct", "EEF 2019: randomised 5", PadlockInput{Design: power.ClusterRCT, PretestAdjusted: true,
			MDES: 0.2, Attrition: 0.1, AllocationKnown: true, BaselineG: 0}, 5, 0},
		{"two-group adjusted", "whatworks: some relevant confounders 2",
			PadlockInput{Design: power.TwoGroup, PretestAdjusted: true, MDES: 0.1, Attrition: 0, AllocationKnown: true, BaselineG: 0.02}, 2, 0},
		{"two-group, no pretest", "whatworks: no relevant confounders 1",
			PadlockInput{Design: power.TwoGroup, MDES: 0.1, Attrition: 0, AllocationKnown: true, BaselineG: math.NaN()}, 1, 0},

		// MDES column (rounded to 2 dp): 0.204 → 0.20 → 5; 0.205 → 0.21 → 4.
		{"MDES 0.204", "EEF 2019: MDES ≤ 0.2", padlockRCT(0.204, 0.05), 5, 0},
		{"MDES 0.205", "EEF 2019: MDES ≤ 0.3", padlockRCT(0.205, 0.05), 4, 0},
		{"MDES 0.4", "EEF 2019: MDES ≤ 0.4", padlockRCT(0.4, 0.05), 3, 0},
		{"MDES 0.5", "EEF 2019: MDES ≤ 0.5", padlockRCT(0.5, 0.05), 2, 0},
		{"MDES 0.6", "EEF 2019: MDES ≤ 0.6", padlockRCT(0.6, 0.05), 1, 0},
		{"MDES 0.61", "EEF 2019: MDES > 0.6", padlockRCT(0.61, 0.05), 0, 0},
		{"MDES unknown", "whatworks: a criterion not assessed gives none", padlockRCT(math.NaN(), 0.05), 0, 0},

		// Attrition column (rounded to whole per cent): 10.4% → 10% → 5.
		{"attrition 10.4%", "EEF 2019: attrition ≤ 10%", padlockRCT(0.1, 0.104), 5, 0},
		{"attrition 10.5%", "EEF 2019: attrition ≤ 20%", padlockRCT(0.1, 0.105), 4, 0},
		{"attrition 40%", "EEF 2019: attrition ≤ 40%", padlockRCT(0.1, 0.40), 2, 0},
		{"attrition 50%", "EEF 2019: attrition ≤ 50%", padlockRCT(0.1, 0.50), 1, 0},
		{"attrition 51%", "EEF 2019: attrition > 50%", padlockRCT(0.1, 0.51), 0, 0},
		{"attrition unknown", "whatworks: a criterion not assessed gives none", padlockRCT(0.1, math.NaN()), 0, 0},

		// Threats (PadlockThreatRules).
		{"one high, rest low", "Oxford padlock training: one high, all others low, drop one",
			withThreats(padlockRCT(0.1, 0.05), "high", "low", "low"), 4, 1},
		{"four moderate", "Oxford padlock training: up to four moderate, drop one",
			withThreats(padlockRCT(0.1, 0.05), "moderate", "moderate", "moderate", "moderate"), 4, 1},
		{"two high", "Oxford padlock training: two or more high, drop two",
			withThreats(padlockRCT(0.1, 0.05), "high", "high"), 3, 2},
		{"one high and one moderate", "whatworks' cautious reading of a gap: drop two",
			withThreats(padlockRCT(0.1, 0.05), "high", "moderate"), 3, 2},
		{"five moderate", "whatworks' cautious reading of a gap: drop two",
			withThreats(padlockRCT(0.1, 0.05), "moderate", "moderate", "moderate", "moderate", "moderate"), 3, 2},
		{"never more than two", "EEF 2019: at most two padlocks for threats",
			withThreats(padlockRCT(0.1, 0.05), "high", "high", "high", "high", "high", "high"), 3, 2},
		{"never below 0", "EEF 2019: ratings run from 0",
			withThreats(padlockRCT(0.65, 0.05), "high", "high"), 0, 2},

		// Baseline balance sets confounding (PadlockConfoundingRule).
		{"baseline 0.1 adjusted", "whatworks: moderate, alone no drop", withG(padlockRCT(0.1, 0.05), 0.1, true), 5, 0},
		{"baseline 0.1 not adjusted", "whatworks: high, drop one", withG(padlockRCT(0.1, 0.05), 0.1, false), 4, 1},
		{"baseline 0.3", "whatworks: high whatever the adjustment, drop one", withG(padlockRCT(0.1, 0.05), -0.3, true), 4, 1},
		{"baseline 0.1 and two moderate", "whatworks: three moderate, drop one",
			withThreats(withG(padlockRCT(0.1, 0.05), 0.1, true), "moderate", "moderate"), 4, 1},
		{"declared confounding high, balanced", "the higher of declared and derived",
			func() PadlockInput {
				in := padlockRCT(0.1, 0.05)
				in.Threats = []PadlockThreat{{Name: PadlockConfounding, Level: PadlockHigh}}
				return in
			}(), 4, 1},
		{"matched, baseline 0.3", "whatworks: high confounding, drop one from 3",
			withG(matched, 0.3, true), 2, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Padlocks(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Padlocks != c.want || r.Drop != c.drop {
				t.Errorf("%d padlocks, drop %d; want %d, drop %d (%s)\n%s", r.Padlocks, r.Drop, c.want, c.drop, c.source, r.Reasons())
			}
			if r.Label != PadlockLabel || len(r.Steps) != 7 {
				t.Errorf("label %q, %d steps", r.Label, len(r.Steps))
			}
			for _, s := range r.Steps {
				if s.Explanation == "" || s.Rule == "" || s.Source == "" {
					t.Errorf("step %s lacks a rule, source or explanation: %+v", s.Criterion, s)
				}
			}
			if last := r.Steps[len(r.Steps)-1]; last.Criterion != "final" || last.Padlocks != r.Padlocks {
				t.Errorf("final step %+v", last)
			}
		})
	}
}

// TestPadlocks_matchedAtMostThree: however good its numbers, a matched
// comparison earns at most 3.
func TestPadlocks_matchedAtMostThree(t *testing.T) {
	r, _ := Padlocks(PadlockInput{Design: power.Matched, PretestAdjusted: true, MDES: 0.01,
		Attrition: 0, AllocationKnown: true, BaselineG: 0})
	if r.Padlocks != 3 || r.Design != 3 {
		t.Errorf("matched: %d padlocks (design %d), want 3", r.Padlocks, r.Design)
	}
}

// TestPadlocks_clusterICC: a cluster-rct's MDES comes from
// power.AchievedMDES with the ICC; 40 schools of 25 with ICC 0.15 detect
// 0.28 (R 4.2.2, fixtures/power/golden.R case cl_40x25: 0.27601319621348),
// which earns 4 padlocks; the same pupils with ICC 0 would earn 5.
func TestPadlocks_clusterICC(t *testing.T) {
	rate := func(icc float64) (float64, int) {
		m, err := power.AchievedMDES(power.Achieved{Design: power.ClusterRCT, NTreated: 500, NComparison: 500,
			R2: 0.5, R2Cluster: 0.5, Covariates: 1, Clusters: 40, ClustersTreated: 20, ICC: icc})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Padlocks(PadlockInput{Design: power.ClusterRCT, PretestAdjusted: true, MDES: m.MDES,
			Attrition: 0.05, AllocationKnown: true, BaselineG: 0.02})
		if err != nil {
			t.Fatal(err)
		}
		return m.MDES, r.Padlocks
	}
	mdes, got := rate(0.15)
	if math.Abs(mdes-0.27601319621348) > 1e-12 || got != 4 {
		t.Errorf("ICC 0.15: MDES %.15g, %d padlocks; want 0.27601319621348, 4", mdes, got)
	}
	if mdes0, got0 := rate(0); !(mdes0 < 0.2) || got0 != 5 {
		t.Errorf("ICC 0: MDES %.4f, %d padlocks; want below 0.2, 5", mdes0, got0)
	}
}

// TestPadlockThreatRules_partition: exactly one row matches any counts.
func TestPadlockThreatRules_partition(t *testing.T) {
	in := func(v, lo, hi int) bool { return v >= lo && (hi < 0 || v <= hi) }
	for h := 0; h <= 8; h++ {
		for m := 0; m <= 8; m++ {
			n := 0
			for _, r := range PadlockThreatRules {
				if in(h, r.MinHigh, r.MaxHigh) && in(m, r.MinModerate, r.MaxModerate) {
					n++
					if r.Drop < 0 || r.Drop > 2 {
						t.Errorf("row %q drops %d", r.Rule, r.Drop)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d high, %d moderate: %d rows match", h, m, n)
			}
		}
	}
	// More threats never drop fewer padlocks.
	for h := 0; h <= 4; h++ {
		for m := 0; m <= 6; m++ {
			d := padlockThreatRule(h, m).Drop
			if padlockThreatRule(h+1, m).Drop < d || padlockThreatRule(h, m+1).Drop < d {
				t.Errorf("%d high, %d moderate: adding a threat drops fewer padlocks", h, m)
			}
		}
	}
}

func TestPadlocks_reasons(t *testing.T) {
	in := padlockRCT(0.18, 0.25)
	in.AllocationKnown = false
	r, _ := Padlocks(in)
	reasons := r.Reasons()
	for _, want := range []string{"at most 5 padlocks", "25% of pupils were lost", "3 padlocks",
		"attrition before the data were entered is unknown", "no threats were declared"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons lack %q:\n%s", want, reasons)
		}
	}
}

func TestPadlocks_errors(t *testing.T) {
	for _, c := range []struct {
		in   PadlockInput
		want string
	}{
		{PadlockInput{Design: "rtc"}, "unknown design"},
		{PadlockInput{Design: power.RCT, Threats: []PadlockThreat{{Name: "contamination", Level: "medium"}}}, "want low, moderate or high"},
		{PadlockInput{Design: power.RCT, Threats: []PadlockThreat{{Name: "x", Level: "low"}, {Name: "x", Level: "low"}}}, "given twice"},
		{PadlockInput{Design: power.RCT, Threats: []PadlockThreat{{Level: "low"}}}, "no name"},
	} {
		if _, err := Padlocks(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.in, err, c.want)
		}
	}
}

// A randomised trial with 25% attrition: the attrition column caps it at 3.
func ExamplePadlocks() {
	r, err := Padlocks(PadlockInput{Design: "rct", PretestAdjusted: true, MDES: 0.18,
		Attrition: 0.25, AllocationKnown: true, BaselineG: 0.02,
		Threats: []PadlockThreat{{Name: "contamination", Level: "low"},
			{Name: "concurrent_interventions", Level: "moderate"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range r.Steps {
		fmt.Printf("%-11s %d  %s\n", s.Criterion, s.Padlocks, s.Explanation)
	}
	// Output:
	// design      5  Design (rct): pupils were allocated to the arms at random, so at most 5 padlocks ("randomised").
	// mdes        5  MDES: the analysed sample could detect an effect of 0.18, at most 0.20, so 5 padlocks.
	// attrition   3  Attrition: 25% of pupils were lost between allocation and analysis, above 20% and at most 30%, so 3 padlocks.
	// initial     3  The rating starts from the lowest of the three: 3 padlocks.
	// confounding 3  Baseline balance: the groups differed by g = 0.020 on the pretest and the analysis adjusts for it, so confounding is a low threat.
	// threats     3  Threats to validity: concurrent interventions moderate; up to two threats moderate, none high: no drop.
	// final       3  Security rating: 3 padlocks, by whatworks' reading of the EEF's published criteria (EEF 2019).
}

// TestIssue12_prePost: issue 12's known answer for a pre-post design, all
// three ratings from one input: 0 padlocks, OfS Type 2, WWC Does Not Meet.
func TestIssue12_prePost(t *testing.T) {
	att, err := Attrition(AttritionCounts{AllocatedTreated: 90, AnalysedTreated: 84, AllocationKnown: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	m, err := power.AchievedMDES(power.Achieved{Design: power.PrePost, NTreated: 84, R2: 0.49})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Padlocks(PadlockInput{Design: power.PrePost, MDES: m.MDES, Attrition: att.Overall,
		AllocationKnown: true, BaselineG: math.NaN()})
	o, _ := OfSType(OfSInput{Design: power.PrePost, NAnalysed: 84, BaselineG: math.NaN()})
	w, _ := WWCRating(WWCRatingInput{Design: power.PrePost, Attrition: att.Class, AllocationKnown: true, BaselineG: math.NaN()})
	if p.Padlocks != 0 || o.Type != 2 || w.Rating != WWCRatingDoesNotMeet {
		t.Errorf("%d padlocks, OfS Type %d, WWC %q; want 0, 2, %q", p.Padlocks, o.Type, w.Rating, WWCRatingDoesNotMeet)
	}
}
