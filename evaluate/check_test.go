package evaluate

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	in := mstInput(t)
	mst := ancFixture(t, "mst.csv")
	school := mst.Factor("School")
	in.Design = DesignClusterRCT
	in.Cluster = school
	konst := make([]float64, len(in.Arm))
	for i := range konst {
		konst[i] = 7
	}
	konst[3] = float64(NaN)
	in.Covariates = []Variable{{Name: "year", Num: konst}}
	c := Check(in)
	if len(c.Unusable) != 0 {
		t.Fatalf("unusable: %q", c.Unusable)
	}
	if c.Pupils != 210 || len(c.Arms) != 2 || c.Arms[0].N+c.Arms[1].N != 210 {
		t.Errorf("arms %+v", c.Arms)
	}
	if c.Arms[0].Clusters == 0 || c.Arms[0].ClusterMin > c.Arms[0].ClusterMax {
		t.Errorf("clusters %+v", c.Arms[0])
	}
	w := strings.Join(c.Warnings, "\n")
	for _, s := range []string{`covariate "year" has the same value`, "the treatment varies within"} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings lack %q:\n%s", s, w)
		}
	}
	if len(c.Constant) != 1 || c.Constant[0] != "year" {
		t.Errorf("constant %v", c.Constant)
	}
	found := false
	for _, m := range c.Missing {
		if m.Column == "year" && m.Missing == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("missing %+v", c.Missing)
	}
	// R 4.2.2: cor(mst$Prettest, mst$Posttest) = 0.524514586837724.
	if len(c.Correlations) != 1 || c.Correlations[0].N != 210 || !ancNear(float64(c.Correlations[0].R), 0.524514586837724, 1e-12) {
		t.Errorf("correlations %+v", c.Correlations)
	}
	if len(c.Cells) != 6 || len(c.Balance) != 2 {
		t.Errorf("cells %+v balance %+v", c.Cells, c.Balance)
	}
}

func TestCheck_unusable(t *testing.T) {
	in := smallInput()
	in.Arm = []int8{1, 0, 0, 0, 0, 0, 0, 0, -1}
	c := Check(in)
	u := strings.Join(c.Unusable, "\n")
	if !strings.Contains(u, "cannot analyse: the intervention arm has 1 pupil ") {
		t.Errorf("unusable %q", c.Unusable)
	}
	in = smallInput()
	in.Outcomes[0].Y = []float64{1, 1, 1, 1, 1, 1, 1, 1, 1}
	c = Check(in)
	if !strings.Contains(strings.Join(c.Unusable, "\n"), `outcome "read" has the same value`) {
		t.Errorf("unusable %q", c.Unusable)
	}
	in = smallInput()
	in.Outcomes[0].Y = in.Outcomes[0].Y[:3]
	if c := Check(in); len(c.Unusable) != 1 {
		t.Errorf("short column: %q", c.Unusable)
	}
	in = smallInput()
	in.Subgroups = []Factor{{Name: "fsm", Levels: []string{"N", "Y"}, Codes: []int32{0, 0, 0, 1, 0, 0, 0, 0, 0}}}
	c = Check(in)
	if !strings.Contains(strings.Join(c.Warnings, "\n"), "cannot analyse fsm=Y: 0 comparison pupils") {
		t.Errorf("warnings %q", c.Warnings)
	}
}

// TestCheck_matchingCovariates: check on a matched design reports the
// missing values and the balance before matching of the matching
// covariates too (issue 15, item 6), not only of the covariates.
func TestCheck_matchingCovariates(t *testing.T) {
	in := mstInput(t)
	in.Design = DesignMatched
	n := len(in.Arm)
	age := make([]float64, n)
	for i := range age {
		age[i] = float64(10 + i%5)
	}
	age[0], age[7] = math.NaN(), math.NaN()
	in.Matching = &MatchSpec{Covariates: []Variable{{Name: "age", Num: age}}, Distance: "logit", Ratio: 1, Order: "largest"}
	c := Check(in)
	if len(c.Unusable) != 0 {
		t.Fatalf("unusable: %q", c.Unusable)
	}
	missing := 0
	for _, m := range c.Missing {
		if m.Column == "age" && m.Role == "matching covariate" {
			missing += m.Missing
		}
	}
	if missing != 2 {
		t.Errorf("missing values of age: %d, want 2 (%+v)", missing, c.Missing)
	}
	balanced := false
	for _, b := range c.Balance {
		if b.Variable == "age" {
			// The same BalanceNum analyse uses, on the pupils with the
			// outcome, before matching.
			want := BalanceNum("age", age, in.Arm, nonMissing(in.Outcomes[0].Y, allRows(n)))
			balanced = b.SMD == want.SMD && b.Outcome == in.Outcomes[0].Column
		}
	}
	if !balanced {
		t.Errorf("no balance row for age: %+v", c.Balance)
	}
}

func allRows(n int) []int32 {
	r := make([]int32, n)
	for i := range r {
		r[i] = int32(i)
	}
	return r
}

// TestCheck_pretestCorrelationSign: a pretest that goes strongly the other
// way to its outcome (r = -0.92 here) is not "only weakly correlated": the
// warning says the two go opposite ways and asks whether one is scored the
// other way round; a weak correlation of either sign keeps the weak warning.
func TestCheck_pretestCorrelationSign(t *testing.T) {
	for _, c := range []struct {
		name   string
		sign   float64
		want   string
		absent string
	}{
		{"strong negative", -1, `pretest "pre" goes the opposite way to outcome "read" (r = -0.9`, "only weakly"},
		{"strong positive", 1, "", "weakly"},
	} {
		in := smallInput()
		y := in.Outcomes[0].Y
		pre := make([]float64, len(y))
		for i := range y {
			pre[i] = c.sign*y[i] + float64(i%3)
		}
		in.Outcomes[0].Pre, in.Outcomes[0].PreColumn = pre, "pre"
		w := strings.Join(Check(in).Warnings, "\n")
		if c.want != "" && !strings.Contains(w, c.want) {
			t.Errorf("%s: warnings lack %q:\n%s", c.name, c.want, w)
		}
		if strings.Contains(w, c.absent) {
			t.Errorf("%s: warnings have %q:\n%s", c.name, c.absent, w)
		}
	}
}

// TestCheck_neitherArmSingular: one pupil outside both arms is "1 pupil
// is", not "1 pupils are".
func TestCheck_neitherArmSingular(t *testing.T) {
	w := strings.Join(Check(smallInput()).Warnings, "\n")
	if !strings.Contains(w, "1 pupil is in neither arm and will be left out") {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestCheck_covariateSplitsArms: a covariate whose every value is in one
// arm only (a category, or a number with one value per arm) cannot be
// adjusted for: the ANCOVA stops with "collinear with the treatment", so
// check says the evaluation cannot run as it is, naming the covariate. A
// category shared by the arms, or a number varying within an arm, can.
func TestCheck_covariateSplitsArms(t *testing.T) {
	// smallInput's arms: pupils 0-3 intervention, 4-7 comparison, 8 neither.
	maker := &Factor{Name: "maker", Levels: []string{"a", "b", "c", "d"}, Codes: []int32{0, 0, 1, 1, 2, 3, 3, -1, 0}}
	shared := &Factor{Name: "shared", Levels: []string{"a", "b"}, Codes: []int32{0, 1, 0, 1, 0, 1, 0, 1, 0}}
	for _, c := range []struct {
		name string
		v    Variable
		want bool
	}{
		{"category split", Variable{Name: "maker", Factor: maker}, true},
		{"category shared", Variable{Name: "shared", Factor: shared}, false},
		{"number one per arm", Variable{Name: "flag", Num: []float64{1, 1, 1, math.NaN(), 0, 0, 0, 0, 5}}, true},
		{"number varying", Variable{Name: "age", Num: []float64{1, 2, 1, 1, 0, 0, 0, 0, 5}}, false},
	} {
		in := smallInput()
		in.Covariates = []Variable{c.v}
		u := strings.Join(Check(in).Unusable, "\n")
		got := strings.Contains(u, `covariate "`+c.v.Name+`" tells the groups apart`)
		if got != c.want {
			t.Errorf("%s: unusable %q, want the covariate named: %v", c.name, u, c.want)
		}
		if c.want {
			if _, err := Run(context.Background(), in); err == nil || !strings.Contains(err.Error(), "collinear with the treatment") {
				t.Errorf("%s: Run gives %v, want the collinear error check foresees", c.name, err)
			}
		}
	}
}

// TestCheck_farLevelsOneWarning: a categorical covariate with several
// values far apart at baseline gives one warning naming them, not one a
// value (a manufacturer of 32 makes gave 32 warnings).
func TestCheck_farLevelsOneWarning(t *testing.T) {
	in := smallInput()
	in.Covariates = []Variable{{Name: "maker", Factor: &Factor{Name: "maker", Levels: []string{"a", "b", "c"},
		Codes: []int32{0, 0, 0, 1, 1, 2, 2, 2, 0}}}}
	var got []string
	for _, w := range Check(in).Warnings {
		if strings.Contains(w, "maker") {
			got = append(got, w)
		}
	}
	want := "read: the groups differed at baseline in the shares of pupils with maker = a (75% and 0%) and c (0% and 75%): "
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("warnings about maker %q, want one starting %q", got, want)
	}
	for _, c := range []struct {
		n    int
		want string
	}{
		{1, "v0"}, {2, "v0 and v1"}, {4, "v0, v1, v2 and v3"}, {6, "v0, v1, v2, v3 and 2 other values"},
	} {
		var l []string
		for i := range c.n {
			l = append(l, fmt.Sprintf("v%d", i))
		}
		if got := farLevels(l); got != c.want {
			t.Errorf("farLevels(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestFitANCOVA_tooFewSays: the ANCOVA's "too few pupils" counts the
// pupils with every value the model needs, and says so (it said "5 pupils
// for 6 coefficients" beside a table of 5 and 5 pupils with an outcome).
func TestFitANCOVA_tooFewSays(t *testing.T) {
	arm := []int8{1, 1, 1, 0, 0, 0}
	y := []float64{5, 6, 7, 3, 4, 5}
	pre := []float64{1, math.NaN(), math.NaN(), 2, math.NaN(), 3}
	_, err := FitANCOVA(arm, y, pre, "pre", nil, nil)
	want := "too few pupils for the regression: 3 pupils have every value it needs, for 3 coefficients"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// A matching covariate that is one outcome's pretest is still a matching
// covariate of the other outcomes: check reports its balance for them
// too (lalonde: re75, the pretest of re78, was missing from the balance
// of employed).
func TestCheck_matchingCovariateThatIsAPretest(t *testing.T) {
	in := mstInput(t)
	in.Design = DesignMatched
	first := in.Outcomes[0]
	second := Outcome{Column: "other", Type: "continuous", Y: first.Y}
	in.Outcomes = append(in.Outcomes, second)
	in.Matching = &MatchSpec{Covariates: []Variable{{Name: first.PreColumn, Num: first.Pre}}, Distance: "logit", Ratio: 1, Order: "largest"}
	c := Check(in)
	n := map[string]int{}
	for _, b := range c.Balance {
		if b.Variable == first.PreColumn {
			n[b.Outcome]++
		}
	}
	if n[first.Column] != 1 || n["other"] != 1 {
		t.Errorf("balance rows of %s by outcome: %v, want one for each outcome", first.PreColumn, n)
	}
	for _, m := range c.Missing {
		if m.Column == first.PreColumn && m.Role == "matching covariate" {
			t.Errorf("%s listed as a matching covariate in missing values beside its role as a pretest", first.PreColumn)
		}
	}
}

// TestCheck_pretestBalanceClustered: pupils in clusters are analysed by
// the multilevel model, so the balance caveat points to the adjusted
// multilevel results, not the ANCOVA's; without clusters it stays ANCOVA.
func TestCheck_pretestBalanceClustered(t *testing.T) {
	for _, c := range []struct {
		cluster *Factor
		want    string
	}{
		{nil, "rely on the adjusted (ANCOVA) results"},
		{&Factor{Name: "school", Levels: []string{"a", "b", "c", "d"}, Codes: []int32{0, 0, 1, 1, 2, 2, 3, 3, 0}}, "rely on the adjusted (multilevel) results"},
	} {
		in := smallInput()
		in.Outcomes[0].Pre = []float64{1, 2, 3, 4, 1, 2, 3, 4.4, 100}
		in.Cluster = c.cluster
		w := strings.Join(Check(in).Warnings, "\n")
		if !strings.Contains(w, c.want) {
			t.Errorf("cluster %v: warnings lack %q:\n%s", c.cluster != nil, c.want, w)
		}
	}
}

// A standardised difference beside the WWC's thresholds keeps a third
// decimal when two would round it onto 0.05 or 0.25: "-0.050 (between
// 0.05 and 0.25)", not "-0.05 (between 0.05 and 0.25)".
func TestSMDWords(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{-0.0503, "-0.050"}, {0.0497, "0.050"}, {0.2512, "0.251"}, {0.12, "0.12"}, {-0.285, "-0.28"}, {0.3, "0.30"}} {
		if got := smdWords(c.x); got != c.want {
			t.Errorf("smdWords(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
