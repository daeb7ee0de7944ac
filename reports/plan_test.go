package reports

import (
	"bytes"
	"encoding/json"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/words"
	"strings"
	"testing"
)

// TestPlanSentences: the answer in words, with the months and padlocks of
// the numbers evaluate/power and evaluate/rating give.
func TestPlanSentences(t *testing.T) {
	plans := testreport.Plans(t)
	for _, c := range []struct {
		plan string
		want []string
	}{
		{"cluster", []string{
			"With 40 schools of 25 pupils (1,000 pupils), the power to detect an effect of 0.20 (3 months' progress) is 52%",
			"a study this size has a 52% chance of a statistically significant result.",
			"To reach 80% power you would need 76 schools of 25 pupils (with 40 schools, no number of pupils per school would do).",
			"The smallest effect these pupils can detect with 80% power is 0.28 (4 months' progress); the EEF would give such a trial at most 4 padlocks on this criterion.",
			"For the disadvantaged pupils alone (30% of the pupils: about 7.5 per school), the smallest effect you can detect with 80% power is 0.33 (4 months' progress); their power to detect 0.20 is 39%.",
			"Expecting to lose 10% of pupils, recruit 28 pupils per school (1,120 pupils) so that 25 per school remain; this does not allow for losing whole schools.",
		}},
		{"rct-60", []string{"With 60 pupils (30 in each group) you can detect an effect of 0.74 (9 months' progress) with 80% power; the EEF would give such a trial no padlocks on this criterion (an MDES above 0.6)."}},
		{"rct-n", []string{
			"To detect an effect of 0.20 (3 months' progress) with 80% power you need 198 pupils in each group (396 in all).",
			"With them you can detect an effect of 0.20 (3 months' progress); the EEF would give such a trial at most 5 padlocks on this criterion.",
			"(25% of the pupils: about 49.5 in each group)",
			"recruit 220 in each group (440 pupils) so that 198 in each group remain.",
		}},
		{"pre-post", []string{
			"With 60 pupils measured before and after you can detect a mean change of 0.28 standard deviations with 80% power.",
			"the EEF gives a design with no comparison group 0 padlocks whatever its size.",
			"recruit 75 pupils so that 60 remain.",
		}},
		{"matched", []string{
			"has a 99% chance",
			"For 80% power, 127 pupils in each group (254 in all) would be enough.",
			"Whatever its size, its design allows at most 3 padlocks: the comparison group was matched",
		}},
		{"schools", []string{"you need 50 schools of 25 pupils (25 in each group; 1,250 pupils)."}},
	} {
		got := strings.Join(append(PlanSentences(plans[c.plan]), PlanNotes(plans[c.plan])...), " ")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", c.plan, w, got)
			}
		}
	}
	if s := aPct(0.86); s != "an 86%" {
		t.Errorf("aPct(0.86) = %q", s)
	}
	if s := aPct(0.18); s != "an 18%" {
		t.Errorf("aPct(0.18) = %q", s)
	}
	if s := words.Count(35760); s != "35,760" {
		t.Errorf("count = %q", s)
	}
}

func TestWritePlanJSON(t *testing.T) {
	for name, r := range testreport.Plans(t) {
		var a, b bytes.Buffer
		if err := WritePlanJSON(&a, r); err != nil {
			t.Fatal(err)
		}
		if err := WritePlanJSON(&b, r); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%s: two writes differ (%v)", name, err)
		}
		var doc map[string]any
		if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range []string{"schema_version", "whatworks_version", "title", "design", "solved", "months_table",
			"plan", "eef", "recruit", "to_reach_target", "results", "sentences", "assumptions"} {
			if _, ok := doc[f]; !ok {
				t.Errorf("%s: no field %q", name, f)
			}
		}
		if doc["to_reach_target"] == nil || doc["assumptions"] == nil {
			t.Errorf("%s: an empty list is null", name)
		}
		for _, row := range doc["results"].([]any) {
			if m := row.(map[string]any); m["analysis"] != "plan" {
				t.Errorf("%s: row %v", name, m)
			}
		}
	}
	if err := WritePlanJSON(&bytes.Buffer{}, nil); err == nil {
		t.Error("no plan: no error")
	}
}
