package evaluate

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/internal/golden"
)

// TestRun_ordinalGolden runs whatworks on the cases of
// fixtures/scales/run.R and checks the rows of ordinal outcomes and
// scales against R: wilcox.test and effectsize::rank_biserial (two groups,
// and one group before and after), the scale treated as interval (t.test,
// effectsize::hedges_g), psych::alpha, and the rank-biserial robustness
// row of a continuous outcome.
func TestRun_ordinalGolden(t *testing.T) {
	gs := loadRunGoldens(t, filepath.Join(golden.Fixtures, "scales", "golden_run.csv"))
	bfi := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "scales", "bfi.csv"))
	gender := bfi.Num(t, "gender")
	women := make([]int8, bfi.N)
	for i, g := range gender {
		if g == 2 {
			women[i] = Treated
		}
	}
	sc := Scale{Name: "agreeableness", Rule: ScaleRule{Min: 1, Max: 6, Reverse: []int{0}, MinItems: 4}}
	for _, it := range []string{"A1", "A2", "A3", "A4", "A5"} {
		sc.Items = append(sc.Items, it)
		sc.Answers = append(sc.Answers, bfi.Num(t, it))
	}
	score, _, _, err := ScoreScale(sc)
	if err != nil {
		t.Fatal(err)
	}
	an := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "scales", "anorexia_ft.csv"))
	mt := golden.ReadColumns(t, filepath.Join(golden.Fixtures, "continuous", "data_mtcars_am.csv"))
	runs := []struct {
		in    Input
		cases map[string]string // golden case → outcome
	}{
		{Input{Design: DesignTwoGroup, Arm: women, Confidence: 0.95, Scales: []Scale{sc},
			Outcomes: []Outcome{{Column: "agreeableness", Type: TypeOrdinal, Y: score, Scale: "agreeableness", Min: 1, Max: 6}}},
			map[string]string{"bfi_agree": "agreeableness", "agreeableness": "agreeableness"}},
		{Input{Design: DesignTwoGroup, Arm: women, Confidence: 0.95,
			Outcomes: []Outcome{{Column: "A2", Type: TypeOrdinal, Y: bfi.Num(t, "A2"), Min: math.NaN(), Max: math.NaN()}}},
			map[string]string{"bfi_item": "A2"}},
		{Input{Design: DesignPrePost, Confidence: 0.95,
			Outcomes: []Outcome{{Column: "post", Type: TypeOrdinal, Y: an.Num(t, "post"), PreColumn: "pre", Pre: an.Num(t, "pre")}}},
			map[string]string{"anorexia": "post"}},
		{Input{Design: DesignTwoGroup, Arm: armOf(mt.Num(t, "treated"), 1), Confidence: 0.95,
			Outcomes: []Outcome{{Column: "mpg", Type: TypeContinuous, Y: mt.Num(t, "y")}}},
			map[string]string{"mtcars": "mpg"}},
	}
	var worst float64
	seen := 0
	for _, r := range runs {
		rep, err := Run(context.Background(), r.in)
		if err != nil {
			t.Fatal(err)
		}
		for c, o := range r.cases {
			closed, _ := checkRunGoldens(t, rep, c, o, gs[c])
			worst = math.Max(worst, closed)
			seen++
		}
	}
	if seen != len(gs) {
		t.Errorf("checked %d golden cases of %d", seen, len(gs))
	}
	t.Logf("largest difference from R: %.2g", worst)
}
