package evaluate

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// CheckReport is what `whatworks check` prints: can the evaluation run,
// and what should the user look at first.
type CheckReport struct {
	Design Design `json:"design"`
	Pupils int    `json:"pupils"`
	// Arms counts pupils per arm ("intervention", "comparison", "neither";
	// "all" in pre-post designs), with cluster sizes when there are clusters.
	Arms []ArmCheck `json:"arms"`
	// Missing counts missing values per column and arm.
	Missing []MissingCheck `json:"missing"`
	// Cells counts pupils in each subgroup level × arm.
	Cells []CellCheck `json:"cells"`
	// Constant lists columns with a single value among the pupils.
	Constant []string `json:"constant"`
	// Correlations are the pretest–outcome correlations.
	Correlations []CorrelationCheck `json:"correlations"`
	// Balance compares the arms at baseline (pupils with each outcome).
	Balance []Balance `json:"balance"`
	// Proportions are the shares answering yes to each yes/no outcome by
	// arm; Expected the expected counts of its table by arm; Scales each
	// questionnaire scale's answers (check_survey.go).
	Proportions []ProportionCheck `json:"proportions"`
	Expected    []ExpectedCheck   `json:"expected_counts"`
	Scales      []ScaleReport     `json:"scales"`
	// Unusable are the reasons the evaluation cannot run; empty when it can.
	Unusable []string `json:"unusable"`
	// Warnings are problems the evaluation can run with but should report.
	Warnings []string `json:"warnings"`
	// Clustering is how the pupils sit in their clusters and the ICC of
	// each outcome and pretest, when the design has a cluster column.
	Clustering *ClusterCheck `json:"clustering,omitempty"`
}

// ArmCheck is one arm's size and, with clusters, their sizes.
type ArmCheck struct {
	Arm           string `json:"arm"`
	N             int    `json:"n"`
	Clusters      int    `json:"clusters,omitempty"`
	ClusterMin    int    `json:"cluster_min,omitempty"`
	ClusterMedian Num    `json:"cluster_median,omitempty"`
	ClusterMax    int    `json:"cluster_max,omitempty"`
}

// MissingCheck counts the missing values of one column in one arm.
type MissingCheck struct {
	Column  string `json:"column"`
	Role    string `json:"role"` // outcome | pretest | covariate | subgroup | cluster | matching covariate
	Arm     string `json:"arm"`
	Missing int    `json:"missing"`
	N       int    `json:"n"` // pupils in the arm
}

// CellCheck is the number of pupils in one subgroup level and arm.
type CellCheck struct {
	Subgroup string `json:"subgroup"` // COLUMN=VALUE
	Arm      string `json:"arm"`
	N        int    `json:"n"`
}

// CorrelationCheck is the Pearson correlation of a pretest with its
// outcome over the pupils with both (all arms together).
type CorrelationCheck struct {
	Outcome string `json:"outcome"`
	Pretest string `json:"pretest"`
	N       int    `json:"n"`
	R       Num    `json:"r"`
}

// Cell sizes below which Check refuses (cannot analyse) or warns.
const (
	checkMinArm  = 2
	checkWarnArm = 10
	// checkWeakR is the pretest–outcome correlation below which Check
	// asks whether the right pretest is named; at or below -checkWeakR it
	// says the two go opposite ways.
	checkWeakR = 0.3
)

// Check inspects an evaluation's input before it is analysed: arm and
// cluster sizes, missing values per column and arm, subgroup × arm cells
// (fewer than 2 pupils: cannot analyse; fewer than 10: a warning),
// constant columns, pretest–outcome correlations and baseline balance
// (as Run computes it, on the pupils with each outcome). Reasons the
// evaluation cannot run go to Unusable; everything else to Warnings.
func Check(in Input) *CheckReport {
	c := &CheckReport{
		Design: in.Design, Arms: []ArmCheck{}, Missing: []MissingCheck{}, Cells: []CellCheck{},
		Constant: []string{}, Correlations: []CorrelationCheck{}, Balance: []Balance{},
		Proportions: []ProportionCheck{}, Expected: []ExpectedCheck{}, Scales: []ScaleReport{},
		Unusable: []string{}, Warnings: []string{},
	}
	if err := validateInput(in); err != nil {
		c.Unusable = append(c.Unusable, err.Error())
		return c
	}
	r := &runner{in: in, rep: &Report{}, n: pupils(in)}
	r.o = Options{Confidence: in.Confidence, CIMethod: in.CIMethod, MonthsTable: in.MonthsTable}.withDefaults()
	r.makeGroups()
	c.Pupils = r.n
	k := &checker{c: c, r: r, in: in, all: r.groups[0].rows, arms: r.groups[0].split, matchingOnly: matchingOnlyCovariates(in)}
	k.armsAndClusters()
	k.clusters()
	k.missingAndConstant()
	// What makes the evaluation unusable: the rules Run applies too.
	c.Unusable = append(c.Unusable, r.unusable(k.all, k.arms)...)
	k.covariatesSplitArms()
	k.cells()
	k.withinArms()
	k.correlations()
	k.surveyChecks()
	if r.twoArm() && len(c.Unusable) == 0 {
		k.balance()
	}
	return c
}

// checker carries one Check's state through its steps.
type checker struct {
	c            *CheckReport
	r            *runner
	in           Input
	all          []int32   // pupils in an arm (or every pupil, one group)
	arms         []armRows // all, by arm
	matchingOnly []Variable
}

func (k *checker) warn(format string, args ...any) {
	k.c.Warnings = append(k.c.Warnings, fmt.Sprintf(format, args...))
}

// armsAndClusters counts pupils (and clusters) per arm.
func (k *checker) armsAndClusters() {
	in, c := k.in, k.c
	for _, a := range k.arms {
		ac := ArmCheck{Arm: a.name, N: len(a.rows)}
		if in.Cluster != nil {
			ac.Clusters, ac.ClusterMin, ac.ClusterMedian, ac.ClusterMax = clusterSizes(in.Cluster, a.rows)
		}
		c.Arms = append(c.Arms, ac)
		if k.r.twoArm() && len(a.rows) >= checkMinArm && len(a.rows) < checkWarnArm {
			k.warn("the %s arm has only %d pupils: estimates will be very imprecise", a.name, len(a.rows))
		}
	}
	if !k.r.twoArm() {
		return
	}
	if ex := k.r.n - len(k.all); ex > 0 {
		c.Arms = append(c.Arms, ArmCheck{Arm: "neither", N: ex})
		k.warn("%s %s in neither arm and will be left out", nPupils(ex), plural(ex, "is", "are"))
	}
}

// missingAndConstant counts missing values per column and arm, and notes
// columns with a single value.
func (k *checker) missingAndConstant() {
	in := k.in
	seen := map[string]bool{}
	for i := range in.Outcomes {
		oc := &in.Outcomes[i]
		if !seen[oc.Column] {
			seen[oc.Column] = true
			k.numeric(oc.Column, "outcome", oc.Y)
		}
		if oc.Pre != nil && !seen[oc.PreColumn] {
			seen[oc.PreColumn] = true
			k.numeric(oc.PreColumn, "pretest", oc.Pre)
		}
	}
	k.variables(in.Covariates, "covariate")
	for i := range in.Subgroups {
		k.categorical(&in.Subgroups[i], "subgroup")
	}
	k.variables(k.matchingOnly, "matching covariate")
	if in.Cluster != nil {
		k.categorical(in.Cluster, "cluster")
	}
}

func (k *checker) variables(vs []Variable, role string) {
	for i := range vs {
		v := &vs[i]
		if v.Factor != nil {
			k.categorical(v.Factor, role)
		} else {
			k.numeric(v.Name, role, v.Num)
		}
	}
}

func (k *checker) numeric(name, role string, x []float64) {
	for _, a := range k.arms {
		k.c.Missing = append(k.c.Missing, MissingCheck{Column: name, Role: role, Arm: a.name, Missing: countNaN(x, a.rows), N: len(a.rows)})
	}
	if constantNonMissing(x, k.all) {
		k.c.Constant = append(k.c.Constant, name)
		// An outcome or pretest is Unusable; so is a matching covariate
		// (match.Screen).
		if role != "outcome" && role != "pretest" && role != "matching covariate" {
			k.warn("%s %q has the same value for every pupil: it will be dropped", role, name)
		}
	}
	if w := hugeWarning(role, name, x, k.all); w != "" {
		k.warn("%s", w)
	}
}

// hugeWarning is the warning (Check's, and a caveat of Run) about a
// variable with a value of checkHuge or more among rows; "" when none.
func hugeWarning(role, name string, x []float64, rows []int32) string {
	big := 0.0
	for _, i := range rows {
		if v := math.Abs(x[i]); v > big && !math.IsNaN(v) {
			big = v
		}
	}
	if big < checkHuge {
		return ""
	}
	return fmt.Sprintf("%s %q has a value of %g: far too large for a score, and too large to compute with (its square overflows), "+
		"so the analyses that need it give no result; check it for a mistyped value", role, name, big)
}

// withinArmsWarning is the warning about an outcome with one value in
// each arm (t and c its arms' summaries); "" when it varies.
func withinArmsWarning(column string, t, c Summary) string {
	if t.N < checkMinArm || c.N < checkMinArm || t.SD != 0 || c.SD != 0 {
		return ""
	}
	return fmt.Sprintf("outcome %q has one value in each arm (%g for every intervention pupil, %g for every comparison pupil): "+
		"no effect size can be computed, as there is no spread to standardise by", column, t.Mean, c.Mean)
}

// perfectPretestWarning is the warning about a pretest that predicts its
// outcome exactly (|r| = 1 over n pupils); "" otherwise.
func perfectPretestWarning(pretest, outcome string, r float64, n int) string {
	if !(math.Abs(r) >= 1-1e-12) {
		return ""
	}
	return fmt.Sprintf("pretest %q predicts outcome %q exactly (r = %.0f over %d pupils): is it the outcome itself? "+
		"An analysis adjusted for it has nothing left to estimate", pretest, outcome, r, n)
}

// checkHuge is the size of a value Check calls mistyped: no measure of
// pupils comes near it, and from about 1e154 its square overflows.
const checkHuge = 1e100

// withinArms warns of an outcome that does not vary within either arm
// (but differs between them): the arms can be told apart perfectly, and
// no effect size has a spread to standardise by.
func (k *checker) withinArms() {
	if !k.r.twoArm() {
		return
	}
	seen := map[string]bool{}
	for i := range k.in.Outcomes {
		oc := &k.in.Outcomes[i]
		if seen[oc.Column] || constantNonMissing(oc.Y, k.all) {
			continue
		}
		seen[oc.Column] = true
		t, c := armSummaries(oc.Y, k.in.Arm, k.all)
		if w := withinArmsWarning(oc.Column, t, c); w != "" {
			k.warn("%s", w)
		}
	}
}

func (k *checker) categorical(f *Factor, role string) {
	for _, a := range k.arms {
		m := 0
		for _, i := range a.rows {
			if f.Codes[i] < 0 {
				m++
			}
		}
		k.c.Missing = append(k.c.Missing, MissingCheck{Column: f.Name, Role: role, Arm: a.name, Missing: m, N: len(a.rows)})
	}
	lv := len(presentLevels(f, k.all))
	if role != "cluster" && lv > maxCoefficients/2 {
		k.warn("%s %q has %d categories: too many for a regression (at most about %d); use a column with fewer categories",
			role, f.Name, lv, maxCoefficients/2)
	}
	if lv < 2 {
		k.c.Constant = append(k.c.Constant, f.Name)
		k.warn("%s %q has a single value among the pupils: it will be dropped", role, f.Name)
	}
}

// covariatesSplitArms makes Unusable a covariate that tells the arms
// apart: a category whose every value is found in one arm only
// (manufacturer when each makes only one kind of car), or a number with
// one value in each arm. Its columns in the regression then add up to the
// treatment's, so the ANCOVA has no estimate of the programme's effect
// (analyse stops with "collinear with the treatment").
func (k *checker) covariatesSplitArms() {
	// After another reason the evaluation cannot run (an arm of one
	// pupil, where any number splits the arms), analyse stops before this.
	if !k.r.twoArm() || len(k.arms) != 2 || len(k.c.Unusable) > 0 {
		return
	}
	for i := range k.in.Covariates {
		v := &k.in.Covariates[i]
		if splitsArms(v, k.in.Arm, k.all) {
			k.c.Unusable = append(k.c.Unusable, fmt.Sprintf("covariate %q tells the groups apart: each of its values is found in one group only, "+
				"so an analysis adjusted for it cannot separate the programme from it; remove it from covariates", v.Name))
		}
	}
}

// splitsArms reports whether variable v, among the pupils of rows with a
// value of it, takes no value in both arms, and is not constant.
func splitsArms(v *Variable, arm []int8, rows []int32) bool {
	armOf := map[float64]int8{}
	for _, i := range rows {
		var key float64
		if v.Factor != nil {
			if v.Factor.Codes[i] < 0 {
				continue
			}
			key = float64(v.Factor.Codes[i])
		} else {
			if math.IsNaN(v.Num[i]) {
				continue
			}
			key = v.Num[i]
		}
		if a, ok := armOf[key]; ok && a != arm[i] {
			return false
		}
		armOf[key] = arm[i]
	}
	arms := map[int8]bool{}
	for _, a := range armOf {
		arms[a] = true
	}
	if len(arms) < 2 {
		return false // one arm has no value of it: no ANCOVA at all
	}
	// A category splits the arms whatever its number of values; a number
	// is a straight line in the treatment only with one value per arm.
	return v.Factor != nil || len(armOf) == 2
}

// cells counts pupils per subgroup level and arm.
func (k *checker) cells() {
	for _, g := range k.r.groups[1:] {
		for _, a := range g.split {
			k.c.Cells = append(k.c.Cells, CellCheck{Subgroup: g.name, Arm: a.name, N: len(a.rows)})
		}
	}
	for _, w := range k.r.smallSubgroups() {
		k.warn("%s", w)
	}
}

// smallSubgroups are the warnings (Check's) and caveats (Run's) about
// subgroup levels with too few pupils in an arm: fewer than checkMinArm
// cannot be analysed, fewer than checkWarnArm give very imprecise
// estimates.
func (r *runner) smallSubgroups() []string {
	var out []string
	for _, g := range r.groups[1:] {
		for _, a := range g.split {
			switch {
			case len(a.rows) < checkMinArm:
				out = append(out, fmt.Sprintf("cannot analyse %s: %d %s%s (at least %d are needed); its rows will be missing",
					g.name, len(a.rows), armWord(a.name), plural(len(a.rows), "pupil", "pupils"), checkMinArm))
			case len(a.rows) < checkWarnArm:
				out = append(out, fmt.Sprintf("%s has only %d %s%s: its estimates will be very imprecise",
					g.name, len(a.rows), armWord(a.name), plural(len(a.rows), "pupil", "pupils")))
			}
		}
	}
	return out
}

// correlations gives each outcome's correlation with its pretest.
func (k *checker) correlations() {
	for i := range k.in.Outcomes {
		oc := &k.in.Outcomes[i]
		if oc.Pre == nil {
			continue
		}
		both := bothScores(oc, k.all)
		x, y := gather(oc.Pre, both), gather(oc.Y, both)
		cc := CorrelationCheck{Outcome: oc.Column, Pretest: oc.PreColumn, N: len(both), R: NaN}
		if len(both) > 2 {
			cc.R = Num(stat.Correlation(x, y, nil))
		}
		k.c.Correlations = append(k.c.Correlations, cc)
		if w := perfectPretestWarning(oc.PreColumn, oc.Column, float64(cc.R), cc.N); w != "" {
			k.warn("%s", w)
		} else if rr := float64(cc.R); !math.IsNaN(rr) && rr <= -checkWeakR {
			// Strongly the other way: not weak, but a pretest of another
			// construct or one scored the other way round (errors against
			// marks).
			k.warn("pretest %q goes the opposite way to outcome %q (r = %.2f: pupils who scored higher on one scored lower on the other): is it the right pretest, or is one of them scored the other way round?",
				oc.PreColumn, oc.Column, rr)
		} else if !math.IsNaN(rr) && rr < checkWeakR {
			k.warn("pretest %q is only weakly correlated with outcome %q (r = %.2f): is it the right pretest?",
				oc.PreColumn, oc.Column, rr)
		}
	}
}

// balance is the baseline balance as Run reports it, and the matching
// covariates before matching.
func (k *checker) balance() {
	in, c, r := k.in, k.c, k.r
	for i := range in.Outcomes {
		oc := &in.Outcomes[i]
		if r.treatedOnly(oc) {
			continue // a survey the comparison pupils did not answer
		}
		r.balance(oc, nonMissing(oc.Y, k.all))
	}
	c.Balance = append(c.Balance, r.rep.Balance...)
	c.Warnings = append(c.Warnings, r.rep.Caveats...)
	// The matching covariates before matching, without warnings: matching
	// is there to bring them together, and analyse reports their balance
	// after it.
	for i := range in.Outcomes {
		oc := &in.Outcomes[i]
		if r.treatedOnly(oc) {
			continue
		}
		rows := nonMissing(oc.Y, k.all)
		vars := matchingBalanceVars(in, oc)
		for j := range vars {
			v := &vars[j]
			if v.Factor != nil {
				for _, b := range BalanceFactor(v.Factor, in.Arm, rows) {
					b.Outcome = oc.Column
					c.Balance = append(c.Balance, b)
				}
				continue
			}
			b := BalanceNum(v.Name, v.Num, in.Arm, rows)
			b.Outcome = oc.Column
			c.Balance = append(c.Balance, b)
		}
	}
}

// matchingOnlyCovariates are a matched design's matching covariates that
// are not also covariates (nor a pretest), for Check to report their
// missing values and balance too.
func matchingOnlyCovariates(in Input) []Variable {
	if in.Matching == nil || in.Design != DesignMatched {
		return nil
	}
	seen := map[string]bool{}
	for _, v := range in.Covariates {
		seen[v.Name] = true
	}
	for _, oc := range in.Outcomes {
		seen[oc.Column] = true
		seen[oc.PreColumn] = true
	}
	var out []Variable
	for _, v := range in.Matching.Covariates {
		if !seen[v.Name] {
			seen[v.Name] = true
			out = append(out, v)
		}
	}
	return out
}

// matchingBalanceVars are the matching covariates whose balance before
// matching check reports for outcome oc: those that are not covariates
// (balanced with the outcome already) nor oc's own pretest. Another
// outcome's pretest is one of them.
func matchingBalanceVars(in Input, oc *Outcome) []Variable {
	if in.Matching == nil || in.Design != DesignMatched {
		return nil
	}
	seen := map[string]bool{oc.PreColumn: oc.PreColumn != "", oc.Column: true}
	for _, v := range in.Covariates {
		seen[v.Name] = true
	}
	var out []Variable
	for _, v := range in.Matching.Covariates {
		if !seen[v.Name] {
			seen[v.Name] = true
			out = append(out, v)
		}
	}
	return out
}

func armWord(arm string) string {
	if arm == "all" {
		return ""
	}
	return arm + " "
}

func countNaN(x []float64, rows []int32) int {
	n := 0
	for _, i := range rows {
		if math.IsNaN(x[i]) {
			n++
		}
	}
	return n
}

// constantNonMissing reports whether x has at most one distinct
// non-missing value over rows.
func constantNonMissing(x []float64, rows []int32) bool {
	first := math.NaN()
	for _, i := range rows {
		v := x[i]
		if math.IsNaN(v) {
			continue
		}
		if math.IsNaN(first) {
			first = v
		} else if v != first {
			return false
		}
	}
	return true
}

// clusterSizes are the number of clusters among rows and the min, median
// and max of their sizes.
func clusterSizes(f *Factor, rows []int32) (m, lo int, med Num, hi int) {
	cnt := make([]int, len(f.Levels))
	for _, i := range rows {
		if c := f.Codes[i]; c >= 0 {
			cnt[c]++
		}
	}
	var sizes []int
	for _, k := range cnt {
		if k > 0 {
			sizes = append(sizes, k)
		}
	}
	if len(sizes) == 0 {
		return 0, 0, NaN, 0
	}
	sort.Ints(sizes)
	h := len(sizes) / 2
	med = Num(sizes[h])
	if len(sizes)%2 == 0 {
		med = Num(float64(sizes[h-1]+sizes[h]) / 2)
	}
	return len(sizes), sizes[0], med, sizes[len(sizes)-1]
}
