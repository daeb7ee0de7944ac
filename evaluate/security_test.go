package evaluate

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// The security rating end to end, through Run, on the data sets of
// fixtures/security (made by golden.R there, R 4.2.2 and lme4 1.1-31,
// which also gives the R², MDES, attrition, baseline g and ICC these
// tests compare with). The padlocks, WWC ratings and OfS types are the
// known answers of issue 12, by the rules of docs/methods.md §16.

// secGolden reads fixtures/security/golden.csv: scenario → quantity → value.
func secGolden(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	c := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "security", "golden.csv"))
	v := c.Num(t, "value")
	out := map[string]map[string]float64{}
	for i := 0; i < c.N; i++ {
		s := c.Cols["scenario"][i]
		if out[s] == nil {
			out[s] = map[string]float64{}
		}
		out[s][c.Cols["quantity"][i]] = v[i]
	}
	return out
}

// secInput reads a data set of fixtures/security with columns group (T or
// C; absent for one group), pre and post, as a design of the given kind.
func secInput(t *testing.T, name string, design Design) Input {
	t.Helper()
	c := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "security", name))
	in := Input{Title: name, Design: design, Confidence: 0.95,
		Outcomes: []Outcome{{Column: "post", Type: TypeContinuous, Y: c.Num(t, "post"),
			PreColumn: "pre", Pre: c.Num(t, "pre")}}}
	if g, ok := c.Cols["group"]; ok {
		in.Arm = make([]int8, c.N)
		for i, v := range g {
			in.Arm[i] = Comparison
			if v == "T" {
				in.Arm[i] = Treated
			}
		}
	}
	if _, ok := c.Cols["school"]; ok {
		in.Cluster = c.Factor("school")
	}
	return in
}

// ratingOf returns the rating rows of outcome post in subgroup sub.
func ratingOf(t *testing.T, rep *Report, sub string) (padlocks, overall, differential, mdes Result) {
	t.Helper()
	return findRow(t, rep, "post", sub, AnalysisRating, MeasureEEFPadlocks),
		findRow(t, rep, "post", sub, AnalysisRating, MeasureAttritionOverall),
		findRow(t, rep, "post", sub, AnalysisRating, MeasureAttritionDifferential),
		findRow(t, rep, "post", sub, AnalysisRating, MeasureMDESAchieved)
}

func runSec(t *testing.T, in Input) *Report {
	t.Helper()
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestSecurity_rct: a randomised trial of 250 + 250 pupils, 20 of each
// without an outcome, whose ANCOVA (pretest R² 0.536, R) gives an achieved
// MDES of 0.178 (R: PowerUp!'s formula), with the pupils allocated and the
// threats declared in each row.
func TestSecurity_rct(t *testing.T) {
	gold := secGolden(t)
	mod := func(name string) Threat { return Threat{name, rating.PadlockModerate} }
	for _, tc := range []struct {
		name       string
		allocation *Allocation
		threats    []Threat
		scenario   string // golden attrition
		padlocks   int
		drop       int
		wwc        string
		reason     string // in the reasons
	}{
		{"8% attrition, MDES 0.18: 5 padlocks", &Allocation{250, 250}, nil, "rct_250_250", 5, 0,
			rating.WWCRatingWithout, "8% of pupils were lost"},
		{"25% attrition: 3 padlocks", &Allocation{307, 306}, nil, "rct_307_306", 3, 0,
			rating.WWCRatingWithout, "25% of pupils were lost"},
		{"two moderate threats: no drop", &Allocation{250, 250}, []Threat{mod("contamination"), mod("implementation_fidelity")},
			"rct_250_250", 5, 0, rating.WWCRatingWithout, "up to two threats moderate, none high: no drop"},
		{"one high and two moderate threats: two down", &Allocation{250, 250},
			[]Threat{{"contamination", rating.PadlockHigh}, mod("measurement"), mod("missing_data")},
			"rct_250_250", 3, 2, rating.WWCRatingWithout, "one threat high and two (or more) moderate: drop two padlocks"},
		{"no allocation: the data's pupils taken as allocated", nil, nil, "rct_250_250", 5, 0,
			rating.WWCRatingWithout, "attrition before the data were entered is unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := secInput(t, "rct.csv", DesignRCT)
			in.Allocation, in.Threats = tc.allocation, tc.threats
			rep := runSec(t, in)
			p, ov, df, md := ratingOf(t, rep, SubgroupAll)
			if got := int(p.Estimate); got != tc.padlocks {
				t.Errorf("padlocks %d, want %d: %s", got, tc.padlocks, p.Reasons)
			}
			if p.WWCRating != tc.wwc || p.OfSType != "Type 3: causal claims" {
				t.Errorf("WWC %q, OfS %q", p.WWCRating, p.OfSType)
			}
			if !strings.Contains(p.Reasons, tc.reason) {
				t.Errorf("reasons lack %q:\n%s", tc.reason, p.Reasons)
			}
			checkNum(t, "attrition overall", ov.Estimate, gold[tc.scenario]["attrition_overall"], 1e-12)
			checkNum(t, "attrition differential", df.Estimate, gold[tc.scenario]["attrition_differential"], 1e-12)
			checkNum(t, "MDES", md.Estimate, gold["rct"]["mdes"], 1e-9)
			checkNum(t, "MDES df", md.DF, gold["rct"]["df"], 0)
			sec := rep.Security[0]
			checkNum(t, "R²", Num(sec.MDES.R2), gold["rct"]["r2"], 1e-9)
			checkNum(t, "baseline g", Num(sec.BaselineG), gold["rct"]["baseline_g"], 1e-12)
			if sec.Padlocks.Drop != tc.drop {
				t.Errorf("drop %d, want %d", sec.Padlocks.Drop, tc.drop)
			}
			if *p.NTreated != 230 || *p.NComparison != 230 {
				t.Errorf("n %d, %d; want 230, 230", *p.NTreated, *p.NComparison)
			}
		})
	}
}

// TestSecurity_flow: the rct's flow from allocation to the ANCOVA.
func TestSecurity_flow(t *testing.T) {
	in := secInput(t, "rct.csv", DesignRCT)
	in.Allocation = &Allocation{307, 306}
	rep := runSec(t, in)
	if len(rep.Flow) != 1 {
		t.Fatalf("%d flows, want 1", len(rep.Flow))
	}
	f := rep.Flow[0]
	if f.Analysis != AnalysisANCOVA || f.Measure != MeasureHedgesG || f.NeitherArm != 0 {
		t.Errorf("flow of %s %s, %d in neither arm", f.Analysis, f.Measure, f.NeitherArm)
	}
	for k, want := range []int{307, 306} {
		a := f.Arms[k]
		if a.Allocated != want || !a.AllocationKnown || a.InData != 250 || a.Analysed != 230 ||
			a.LostBeforeData() != want-250 || a.Lost() != want-230 ||
			len(a.LeftOut) != 1 || a.LeftOut[0] != (FlowLoss{ReasonMissingOutcome, 20}) {
			t.Errorf("arm %s: %+v", a.Arm, a)
		}
	}
}

// TestSecurity_designs: the other designs' known answers.
func TestSecurity_designs(t *testing.T) {
	gold := secGolden(t)

	t.Run("baseline |g| 0.3: Does Not Meet", func(t *testing.T) {
		rep := runSec(t, secInput(t, "twogroup.csv", DesignTwoGroup))
		p, ov, _, md := ratingOf(t, rep, SubgroupAll)
		sec := rep.Security[0]
		checkNum(t, "baseline g", Num(sec.BaselineG), gold["twogroup"]["baseline_g"], 1e-12)
		checkNum(t, "MDES", md.Estimate, gold["twogroup"]["mdes"], 1e-9)
		checkNum(t, "attrition", ov.Estimate, 0, 0)
		// Design 2 (two groups, adjusted), MDES 0.28 → 4, attrition 0 → 5:
		// 2; confounding high (|g| > 0.25): one padlock off.
		if int(p.Estimate) != 1 || sec.Padlocks.Design != 2 || sec.Padlocks.Drop != 1 {
			t.Errorf("padlocks %v (design %d, drop %d): %s", p.Estimate, sec.Padlocks.Design, sec.Padlocks.Drop, p.Reasons)
		}
		if p.WWCRating != rating.WWCRatingDoesNotMeet || p.OfSType != "Type 2: empirical enquiry" {
			t.Errorf("WWC %q, OfS %q", p.WWCRating, p.OfSType)
		}
		if !strings.Contains(p.Reasons, "does not say how many pupils were allocated") {
			t.Errorf("reasons do not say the allocation is unknown:\n%s", p.Reasons)
		}
	})

	t.Run("pre-post: 0 padlocks, Type 2, Does Not Meet", func(t *testing.T) {
		in := secInput(t, "prepost.csv", DesignPrePost)
		in.Allocation = &Allocation{Treated: 64}
		rep := runSec(t, in)
		p, ov, df, md := ratingOf(t, rep, SubgroupAll)
		if int(p.Estimate) != 0 || p.OfSType != "Type 2: empirical enquiry" || p.WWCRating != rating.WWCRatingDoesNotMeet {
			t.Errorf("padlocks %v, OfS %q, WWC %q", p.Estimate, p.OfSType, p.WWCRating)
		}
		checkNum(t, "attrition", ov.Estimate, gold["prepost"]["attrition_overall"], 1e-12)
		if !math.IsNaN(float64(df.Estimate)) {
			t.Errorf("differential attrition of one group %v, want NaN", df.Estimate)
		}
		checkNum(t, "MDES", md.Estimate, gold["prepost"]["mdes"], 1e-9)
		checkNum(t, "R²", Num(rep.Security[0].MDES.R2), gold["prepost"]["r2"], 1e-9)
		if *p.NTreated != int(gold["prepost"]["n"]) {
			t.Errorf("n %d", *p.NTreated)
		}
	})

	t.Run("matched, balanced pretests: 3 at most, With Reservations", func(t *testing.T) {
		in := secInput(t, "matched.csv", DesignMatched)
		in.Matching = &MatchSpec{Covariates: []Variable{{Name: "pre", Num: in.Outcomes[0].Pre}},
			Distance: "logit", Ratio: 1, Order: "largest", Caliper: math.NaN(), CaliperScale: "probability", Seed: 1}
		in.Allocation = &Allocation{Treated: 120}
		rep := runSec(t, in)
		p, ov, _, _ := ratingOf(t, rep, SubgroupAll)
		sec := rep.Security[0]
		if int(p.Estimate) != 3 || sec.Padlocks.Design != 3 || p.WWCRating != rating.WWCRatingWith {
			t.Errorf("padlocks %v (design %d), WWC %q: %s", p.Estimate, sec.Padlocks.Design, p.WWCRating, p.Reasons)
		}
		if !sec.PretestAdjusted || math.Abs(sec.BaselineG) > 0.05 {
			t.Errorf("baseline g %v, adjusted %v: want balanced and matched on", sec.BaselineG, sec.PretestAdjusted)
		}
		// Only the intervention arm's losses: 4 of its 120 have no outcome.
		f := rep.Flow[0]
		if !f.Arms[1].Pool || f.Arms[0].Analysed != *p.NTreated || f.Arms[0].Allocated != 120 {
			t.Errorf("flow %+v", f)
		}
		checkNum(t, "attrition", ov.Estimate, 1-float64(*p.NTreated)/120, 1e-12)
	})

	t.Run("cluster rct: the MDES uses the ICC", func(t *testing.T) {
		in := secInput(t, "crt.csv", DesignClusterRCT)
		in.Allocation = &Allocation{500, 500}
		rep := runSec(t, in)
		p, _, _, md := ratingOf(t, rep, SubgroupAll)
		sec := rep.Security[0]
		if sec.Analysis != AnalysisMultilevel {
			t.Fatalf("rated the %s row, want multilevel", sec.Analysis)
		}
		checkNum(t, "ICC", Num(sec.MDES.ICC), gold["crt"]["icc"], 1e-4)
		checkNum(t, "R² pupils", Num(sec.MDES.R2), gold["crt"]["r2_pupil"], 1e-4)
		checkNum(t, "R² clusters", Num(sec.MDES.R2Cluster), gold["crt"]["r2_cluster"], 1e-4)
		checkNum(t, "MDES", md.Estimate, gold["crt"]["mdes"], 1e-4)
		checkNum(t, "df", md.DF, gold["crt"]["df"], 0)
		if sec.MDES.Clusters != 40 {
			t.Errorf("%d clusters", sec.MDES.Clusters)
		}
		// The flow counts each arm's clusters: 20 and 20.
		f := rep.Flow[0]
		if f.Cluster == "" || f.Arms[0].ClustersInData+f.Arms[1].ClustersInData != 40 ||
			f.Arms[0].ClustersAnalysed+f.Arms[1].ClustersAnalysed != 40 {
			t.Errorf("flow clusters: %q %+v", f.Cluster, f.Arms)
		}
		// 0.35 → 3 padlocks; randomised one by one, 0.14 would give 5.
		if int(p.Estimate) != 3 || sec.Padlocks.MDES != 3 || gold["crt"]["mdes_individual"] > 0.2 {
			t.Errorf("padlocks %v (MDES column %d): %s", p.Estimate, sec.Padlocks.MDES, p.Reasons)
		}
		if !strings.Contains(p.Reasons, "ICC of 0.20") {
			t.Errorf("reasons do not give the ICC:\n%s", p.Reasons)
		}
	})
}

// TestSecurity_badInput: allocation, threats and boundary problems are
// errors of Run, before any analysis.
func TestSecurity_badInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Input)
		want string
	}{
		{"fewer allocated than in the data", func(in *Input) { in.Allocation = &Allocation{240, 250} },
			"240 pupils allocated to the intervention group, but the data hold 250"},
		{"comparison fewer", func(in *Input) { in.Allocation = &Allocation{250, 100} },
			"100 pupils allocated to the comparison group, but the data hold 250"},
		{"no comparison", func(in *Input) { in.Allocation = &Allocation{Treated: 250} }, "comparison group: want at least 1"},
		{"unknown threat", func(in *Input) { in.Threats = []Threat{{"weather", "low"}} }, `unknown threat to validity "weather"`},
		{"bad level", func(in *Input) { in.Threats = []Threat{{"measurement", "severe"}} }, `unknown level "severe"`},
		{"twice", func(in *Input) {
			in.Threats = []Threat{{"measurement", "low"}, {"measurement", "high"}}
		}, "given twice"},
		{"boundary", func(in *Input) { in.WWCBoundary = "lenient" }, `boundary "lenient"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := secInput(t, "rct.csv", DesignRCT)
			tc.edit(&in)
			_, err := Run(context.Background(), in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestSecurity_subgroups: each subgroup level's headline is rated, with
// the level's own flow; with every allocated pupil in the data the
// level's allocation is known.
func TestSecurity_subgroups(t *testing.T) {
	in := mstInput(t)
	n := map[int8]int{}
	for _, a := range in.Arm {
		n[a]++
	}
	in.Allocation = &Allocation{n[Treated], n[Comparison]}
	in.CostPerPupil = new(float64)
	*in.CostPerPupil = 150
	rep := runSec(t, in)
	var subs []string
	for _, s := range rep.Security {
		subs = append(subs, s.Subgroup)
		if !s.Attrition.Counts.AllocationKnown {
			t.Errorf("%s: allocation not known", s.Subgroup)
		}
		if s.Cost != "££" {
			t.Errorf("%s: cost %q", s.Subgroup, s.Cost)
		}
	}
	if got := strings.Join(subs, " "); got != "all site=a site=b site=c" {
		t.Errorf("rated %s", got)
	}
	p := findRow(t, rep, "Posttest", "site=b", AnalysisRating, MeasureEEFPadlocks)
	if p.CostRating != "££" || p.Reasons == "" {
		t.Errorf("site=b row %+v", p)
	}
}
