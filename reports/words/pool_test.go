package words

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// PoolHeadlines words the pooled effect on each scale.
func TestPoolHeadlines_measures(t *testing.T) {
	pool := func(measure string, ys ...float64) *evaluate.PoolReport {
		in := evaluate.PoolInput{Measure: measure}
		for i, y := range ys {
			in.Studies = append(in.Studies, evaluate.PoolStudy{Name: string(rune('a' + i)), Yi: y, Vi: 0.01})
		}
		r, err := evaluate.Pool(in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name string
		r    *evaluate.PoolReport
		want []string
	}{
		{"g", pool(evaluate.PoolHedgesG, 0.2, 0.25, 0.3), []string{
			"Across 3 studies, pupils in the programme made the equivalent of 3 additional months' progress",
			"No variation between places beyond chance was estimated (τ² = 0, I² = 0%): in a new school like these, the effect would likely lie between",
			"Headline model (meta_reml_knha): with 3 studies (fewer than 10)"}},
		{"log odds ratio", pool(evaluate.PoolLogOddsRatio, 0.4, 0.5), []string{
			"the odds of the outcome for pupils in the programme were 1.57 times those in the comparison groups (pooled odds ratio 1.57",
			"between an odds ratio of"}},
		{"risk difference", pool(evaluate.PoolRiskDifference, 0.05, 0.07), []string{
			"the share of pupils with the outcome was 6 percentage points higher in the programme than in the comparison groups (pooled risk difference 0.060"}},
		{"one study", pool(evaluate.PoolHedgesG, 0.2), []string{
			"In the one study, pupils in the programme made the equivalent of 3 additional months' progress",
			"Headline model (meta_reml): one study"}},
		{"chance", pool(evaluate.PoolEffectSize, -0.1, 0.15), []string{"the pooled effect size is 0.02 (95% CI -1.56 to 1.61, p = 0.874)", "but the pooled effect could be due to chance"}},
	}
	for _, c := range cases {
		got := strings.Join(PoolHeadlines(c.r), "\n")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", c.name, w, got)
			}
		}
	}
}
