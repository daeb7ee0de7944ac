package evaluate

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/whatworks/whatworks/evaluate/rating"
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
	// Unusable are the reasons the evaluation cannot run; empty when it can.
	Unusable []string `json:"unusable"`
	// Warnings are problems the evaluation can run with but should report.
	Warnings []string `json:"warnings"`
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
	// asks whether the right pretest is named.
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
	all := r.groups[0].rows
	arms := r.groups[0].split

	// Arms and clusters.
	for _, a := range arms {
		ac := ArmCheck{Arm: a.name, N: len(a.rows)}
		if in.Cluster != nil {
			ac.Clusters, ac.ClusterMin, ac.ClusterMedian, ac.ClusterMax = clusterSizes(in.Cluster, a.rows)
		}
		c.Arms = append(c.Arms, ac)
		if r.twoArm() && len(a.rows) >= checkMinArm && len(a.rows) < checkWarnArm {
			c.Warnings = append(c.Warnings, fmt.Sprintf("the %s arm has only %d pupils: estimates will be very imprecise", a.name, len(a.rows)))
		}
	}
	if r.twoArm() {
		if ex := r.n - len(all); ex > 0 {
			c.Arms = append(c.Arms, ArmCheck{Arm: "neither", N: ex})
			c.Warnings = append(c.Warnings, fmt.Sprintf("%d pupils are in neither arm and will be left out", ex))
		}
		if in.Design == DesignClusterRCT && in.Cluster != nil {
			c.Warnings = append(c.Warnings, mixedClusters(in.Cluster, in.Arm, all)...)
		}
	}

	// Missing values and constant columns.
	numeric := func(name, role string, x []float64) {
		for _, a := range arms {
			m := 0
			for _, i := range a.rows {
				if math.IsNaN(x[i]) {
					m++
				}
			}
			c.Missing = append(c.Missing, MissingCheck{Column: name, Role: role, Arm: a.name, Missing: m, N: len(a.rows)})
		}
		if constantNonMissing(x, all) {
			c.Constant = append(c.Constant, name)
			if role != "outcome" && role != "pretest" { // those are Unusable
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s %q has the same value for every pupil: it will be dropped", role, name))
			}
		}
	}
	categorical := func(f *Factor, role string) {
		for _, a := range arms {
			m := 0
			for _, i := range a.rows {
				if f.Codes[i] < 0 {
					m++
				}
			}
			c.Missing = append(c.Missing, MissingCheck{Column: f.Name, Role: role, Arm: a.name, Missing: m, N: len(a.rows)})
		}
		if lv := len(presentLevels(f, all)); role != "cluster" && lv > maxCoefficients/2 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s %q has %d categories: too many for a regression (at most about %d); use a column with fewer categories",
				role, f.Name, lv, maxCoefficients/2))
		}
		if len(presentLevels(f, all)) < 2 {
			c.Constant = append(c.Constant, f.Name)
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s %q has a single value among the pupils: it will be dropped", role, f.Name))
		}
	}
	seen := map[string]bool{}
	for k := range in.Outcomes {
		oc := &in.Outcomes[k]
		if !seen[oc.Column] {
			seen[oc.Column] = true
			numeric(oc.Column, "outcome", oc.Y)
		}
		if oc.Pre != nil && !seen[oc.PreColumn] {
			seen[oc.PreColumn] = true
			numeric(oc.PreColumn, "pretest", oc.Pre)
		}
	}
	for k := range in.Covariates {
		v := &in.Covariates[k]
		if v.Factor != nil {
			categorical(v.Factor, "covariate")
		} else {
			numeric(v.Name, "covariate", v.Num)
		}
	}
	for k := range in.Subgroups {
		categorical(&in.Subgroups[k], "subgroup")
	}
	matchingOnly := matchingOnlyCovariates(in)
	for k := range matchingOnly {
		v := &matchingOnly[k]
		if v.Factor != nil {
			categorical(v.Factor, "matching covariate")
		} else {
			numeric(v.Name, "matching covariate", v.Num)
		}
	}
	if in.Cluster != nil {
		categorical(in.Cluster, "cluster")
	}

	// What makes the evaluation unusable: the rules Run applies too.
	c.Unusable = append(c.Unusable, r.unusable(all, arms)...)

	// Subgroup × arm cells.
	for _, g := range r.groups[1:] {
		for _, a := range g.split {
			c.Cells = append(c.Cells, CellCheck{Subgroup: g.name, Arm: a.name, N: len(a.rows)})
			switch {
			case len(a.rows) < checkMinArm:
				c.Warnings = append(c.Warnings, fmt.Sprintf("cannot analyse %s: %d %spupils (at least %d are needed); its rows will be missing",
					g.name, len(a.rows), armWord(a.name), checkMinArm))
			case len(a.rows) < checkWarnArm:
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s has only %d %spupils: its estimates will be very imprecise",
					g.name, len(a.rows), armWord(a.name)))
			}
		}
	}

	// Pretest–outcome correlations.
	for k := range in.Outcomes {
		oc := &in.Outcomes[k]
		if oc.Pre == nil {
			continue
		}
		both := bothScores(oc, all)
		x, y := gather(oc.Pre, both), gather(oc.Y, both)
		cc := CorrelationCheck{Outcome: oc.Column, Pretest: oc.PreColumn, N: len(both), R: NaN}
		if len(both) > 2 {
			cc.R = Num(stat.Correlation(x, y, nil))
		}
		c.Correlations = append(c.Correlations, cc)
		if rr := float64(cc.R); !math.IsNaN(rr) && rr < checkWeakR {
			c.Warnings = append(c.Warnings, fmt.Sprintf("pretest %q is only weakly correlated with outcome %q (r = %.2f): is it the right pretest?",
				oc.PreColumn, oc.Column, rr))
		}
	}

	// Baseline balance, as Run reports it.
	if r.twoArm() && len(c.Unusable) == 0 {
		for k := range in.Outcomes {
			oc := &in.Outcomes[k]
			r.balance(oc, nonMissing(oc.Y, all))
		}
		c.Balance = append(c.Balance, r.rep.Balance...)
		c.Warnings = append(c.Warnings, r.rep.Caveats...)
		for _, b := range c.Balance {
			if b.Level != "" && b.WWC == rating.WWCFails {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s: the arms differ at baseline in the share of %s=%s (%.0f%% and %.0f%%)",
					b.Outcome, b.Variable, b.Level, 100*float64(b.MeanT), 100*float64(b.MeanC)))
			} else if b.Level == "" && b.Variable != preOf(in, b.Outcome) && b.WWC == rating.WWCFails {
				c.Warnings = append(c.Warnings, fmt.Sprintf("%s: the arms differ at baseline on %s (g = %.2f)", b.Outcome, b.Variable, float64(b.SMD)))
			}
		}
		// The matching covariates before matching, without warnings:
		// matching is there to bring them together, and analyse reports
		// their balance after it.
		for k := range in.Outcomes {
			oc := &in.Outcomes[k]
			rows := nonMissing(oc.Y, all)
			for j := range matchingOnly {
				v := &matchingOnly[j]
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
	return c
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

func preOf(in Input, outcome string) string {
	for _, oc := range in.Outcomes {
		if oc.Column == outcome {
			return oc.PreColumn
		}
	}
	return ""
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

// mixedClusters warns of clusters with pupils in both arms (a cluster
// design allocates whole clusters).
func mixedClusters(f *Factor, arm []int8, rows []int32) []string {
	inT := make([]bool, len(f.Levels))
	inC := make([]bool, len(f.Levels))
	for _, i := range rows {
		c := f.Codes[i]
		if c < 0 {
			continue
		}
		if arm[i] == Treated {
			inT[c] = true
		} else {
			inC[c] = true
		}
	}
	var mixed []string
	for l := range f.Levels {
		if inT[l] && inC[l] {
			mixed = append(mixed, f.Levels[l])
		}
	}
	if len(mixed) == 0 {
		return nil
	}
	shown := mixed
	if len(shown) > 5 {
		shown = shown[:5]
	}
	return []string{fmt.Sprintf("%d %s clusters have pupils in both arms (e.g. %q): a cluster-randomised design allocates whole clusters",
		len(mixed), f.Name, shown)}
}
