package evaluate

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// lossInput is a two-group trial of n pupils per arm with a pretest: the
// first missT treated and missC comparison pupils have no outcome, and
// every noPre-th pupil (from the last) with an outcome has no pretest.
func lossInput(n, missT, missC, noPre int) Input {
	rng := rand.New(rand.NewPCG(7, 11))
	in := Input{Design: DesignTwoGroup, Confidence: 0.95}
	oc := Outcome{Column: "read", Label: "Reading", Type: TypeContinuous, PreColumn: "ks2"}
	for arm := int8(1); arm >= 0; arm-- {
		miss := missT
		if arm == Comparison {
			miss = missC
		}
		for i := 0; i < n; i++ {
			pre := 100 + 15*rng.NormFloat64()
			y := 0.7*pre + 30 + 10*rng.NormFloat64() + 3*float64(arm)
			if i < miss {
				y = math.NaN()
			}
			if noPre > 0 && (n-1-i)%noPre == 0 {
				pre = math.NaN()
			}
			in.Arm = append(in.Arm, arm)
			oc.Y = append(oc.Y, y)
			oc.Pre = append(oc.Pre, pre)
		}
	}
	in.Outcomes = []Outcome{oc}
	return in
}

// caveatsWith are the report's caveats that contain s.
func caveatsWith(rep *Report, s string) []string {
	var out []string
	for _, c := range rep.Caveats {
		if strings.Contains(c, s) {
			out = append(out, c)
		}
	}
	return out
}

func TestRun_attritionCaveat(t *testing.T) {
	tests := []struct {
		name         string
		missT, missC int
		allocation   *Allocation
		want         string // "" for no caveat
	}{
		{"low attrition: 5% and 5%", 5, 5, nil, ""},
		// 20% overall, 20 points apart: the cautious boundary allows 5.4.
		{"differential above the boundary", 30, 10, nil,
			"Reading: 40 of the 200 pupils in the data (20%) were not analysed: 30% of the programme group and 10% of the comparison group, " +
				"20.0 percentage points apart. The What Works Clearinghouse counts this as high attrition: at 20% lost overall, " +
				"its cautious boundary allows the groups to be at most 5.4 points apart"},
		// 27% lost in both arms: low attrition by the WWC's table, but
		// more than a fifth lost.
		{"27% lost evenly", 27, 27, nil,
			"Reading: 54 of the 200 pupils in the data (27%) were not analysed: 27% of the programme group and 27% of the comparison group. " +
				"The groups lost similar shares, which the What Works Clearinghouse counts as low attrition, but with so many lost the pupils " +
				"analysed may not stand for all those who started"},
		{"20% lost evenly: no caveat", 20, 20, nil, ""},
		// Allocated 150 each, 100 each in the data, 5 more lost each: 70%.
		{"above 65%, from the allocation", 50, 50, &Allocation{Treated: 150, Comparison: 150},
			"Reading: 200 of the 300 pupils allocated (67%) were not analysed: 67% of the programme group and 67% of the comparison group, " +
				"0.0 percentage points apart. The What Works Clearinghouse counts losing more than 65% as high attrition"},
		{"58% under the cautious boundary", 58, 58, nil,
			"The What Works Clearinghouse counts losing 58% as high attrition whatever the difference between the groups (cautious boundary)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := lossInput(100, tt.missT, tt.missC, 0)
			in.Allocation = tt.allocation
			rep, err := Run(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			got := caveatsWith(rep, "were not analysed")
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("unexpected caveat %q", got[0])
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("caveats %q, want one containing %q", got, tt.want)
			}
			// The flow carries the same caveats.
			if len(rep.Flow) != 1 || strings.Join(rep.Flow[0].Caveats, "|") != strings.Join(got, "|") {
				t.Errorf("flow caveats %q, report's %q", rep.Flow[0].Caveats, got)
			}
		})
	}
}

func TestRun_attritionCaveat_oneGroup(t *testing.T) {
	in := lossInput(100, 50, 0, 0)
	in.Design, in.Arm = DesignPrePost, nil
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := "Reading: 50 of the 200 pupils in the data (25%) were not analysed: with so many lost, the pupils analysed may not stand for all those who started"
	if got := caveatsWith(rep, "were not analysed"); len(got) != 1 || got[0] != want {
		t.Errorf("caveats %q, want %q", got, want)
	}
}

func TestRun_completeCaseCaveat(t *testing.T) {
	// Every 7th pupil of each arm has no pretest: 30 of 200, so the ANCOVA
	// uses 170 of the 200 pupils with an outcome (85%).
	rep, err := Run(context.Background(), lossInput(100, 0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	got := caveatsWith(rep, "adjusted for the pretest, uses")
	if len(got) != 1 {
		t.Fatalf("caveats %q", rep.Caveats)
	}
	u := findRow(t, rep, "read", SubgroupAll, AnalysisUnadjusted, MeasureHedgesG)
	want := "Reading: the headline estimate, adjusted for the pretest, uses 170 of the 200 pupils with an outcome (85%): " +
		"30 have no pretest. Pupils without a pretest may differ from the others, so compare the unadjusted result of all 200 " +
		"pupils with an outcome: " + rowText(&u, 0.95)
	if got[0] != want {
		t.Errorf("caveat\n%s\nwant\n%s", got[0], want)
	}
	if !strings.HasPrefix(rowText(&u, 0.95), "g = ") || !strings.Contains(rowText(&u, 0.95), "95% CI ") {
		t.Errorf("rowText %q", rowText(&u, 0.95))
	}
	// Every 20th: 10 of 200, 95% analysed: no caveat.
	rep, err = Run(context.Background(), lossInput(100, 0, 0, 20))
	if err != nil {
		t.Fatal(err)
	}
	if got := caveatsWith(rep, "adjusted for the pretest, uses"); len(got) != 0 {
		t.Errorf("unexpected caveat %q", got)
	}
}

func TestRun_direction(t *testing.T) {
	in := lossInput(40, 0, 0, 0)
	codes := make([]int32, len(in.Arm))
	for i := range codes {
		codes[i] = int32(i % 2)
	}
	in.Subgroups = []Factor{{Name: "fsm", Codes: codes, Levels: []string{"N", "Y"}}}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	in.Outcomes[0].Direction = DirectionLower
	low, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Outcomes[0].Direction != DirectionHigher || low.Outcomes[0].Direction != DirectionLower {
		t.Errorf("directions %q, %q", rep.Outcomes[0].Direction, low.Outcomes[0].Direction)
	}
	// The numbers do not change with the direction.
	a := findRow(t, rep, "read", SubgroupAll, AnalysisANCOVA, MeasureHedgesG)
	b := findRow(t, low, "read", SubgroupAll, AnalysisANCOVA, MeasureHedgesG)
	if a.Estimate != b.Estimate || *a.MonthsProgress != *b.MonthsProgress {
		t.Errorf("g %v and %v, months %d and %d", a.Estimate, b.Estimate, *a.MonthsProgress, *b.MonthsProgress)
	}
	// The gap's change says which sign narrows a gap.
	if n := findRow(t, rep, "read", "fsm=Y", AnalysisGap, MeasureGapChange).Note; !strings.Contains(n, "positive when the programme narrows") {
		t.Errorf("higher: %s", n)
	}
	if n := findRow(t, low, "read", "fsm=Y", AnalysisGap, MeasureGapChange).Note; !strings.Contains(n, "negative when the programme narrows a gap in which fsm=Y is behind (has the higher scores") {
		t.Errorf("lower: %s", n)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1725: "1,725", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
