package words

import (
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestArmMeans_findsThePretest(t *testing.T) {
	r := testreport.RCT()
	pre, post := ArmMeans(r, "ks2_maths")
	if len(pre) != 2 || pre[0].Variable != "ks1_maths" || len(post) != 2 {
		t.Fatalf("got pre %v post %v", pre, post)
	}
	// A pretest shared by two outcomes is described once, for both.
	r.Descriptives = []evaluate.Descriptive{
		{Variable: "ks1", Subgroup: "all", Arm: "intervention", Time: "pre", N: 5, Outcomes: []string{"read", "maths"}},
		{Variable: "read", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"read"}},
		{Variable: "maths", Subgroup: "all", Arm: "intervention", Time: "post", N: 5, Outcomes: []string{"maths"}},
	}
	for _, o := range []string{"maths", "read"} {
		if pre, post := ArmMeans(r, o); len(pre) != 1 || pre[0].Variable != "ks1" || len(post) != 1 || post[0].Variable != o {
			t.Fatalf("%s: pre %v, post %v", o, pre, post)
		}
	}
}
