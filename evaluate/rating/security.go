package rating

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/power"
)

// This file: the EEF security rating (0–5 padlocks), as whatworks reads
// the EEF's 2019 criteria (docs/methods.md §16). Every step of a rating is
// kept as data (PadlockStep), so a report can show why a result earned the
// padlocks it did.

// PadlockLabel is how every padlock rating must be labelled.
const PadlockLabel = "whatworks' reading of the EEF's published criteria for the security of a finding (EEF 2019, \"Classifying the security of EEF findings\"); not a rating by the EEF"

// PadlockSource is the publication the criteria come from.
const PadlockSource = "Education Endowment Foundation (2019), Classifying the security of EEF findings"

// Threat levels, as the design file's `threats:` block spells them.
const (
	PadlockLow      = "low"
	PadlockModerate = "moderate"
	PadlockHigh     = "high"
)

// PadlockConfounding is the threat whatworks derives from the baseline
// balance of the analysed sample (and a declared `confounding`, if any).
const PadlockConfounding = "confounding"

// PadlockThreat is one threat to validity and its level.
type PadlockThreat struct {
	Name  string // e.g. contamination, concurrent_interventions
	Level string // low | moderate | high
	// Derived is true for the confounding threat whatworks derives from
	// the baseline balance.
	Derived bool
}

// PadlockInput is what the security rating of one headline result reads.
type PadlockInput struct {
	Design data.Design // rct | cluster-rct | matched | two-group | pre-post
	// PretestAdjusted is true when the analysis adjusts for a baseline
	// measure of the outcome (ANCOVA on the pretest, or matching on it).
	PretestAdjusted bool
	// MDES of the analysed sample (power.AchievedMDES); NaN when it could
	// not be computed.
	MDES float64
	// Attrition is the overall pupil attrition from allocation to
	// analysis, a proportion (AttritionRates.Overall); NaN when unknown.
	Attrition float64
	// AllocationKnown is false when pupils in the data were taken as
	// allocated (AttritionCounts.AllocationKnown).
	AllocationKnown bool
	// BaselineG is Hedges' g of the pretest between the arms in the
	// analysed sample; NaN when there is no pretest.
	BaselineG float64
	// Threats are the declared threats to validity (the design file's
	// `threats:` block). None declared: the rating says so and counts none.
	Threats []PadlockThreat
}

// PadlockValue is one input a step read, formatted as the explanation
// shows it.
type PadlockValue struct {
	Name  string
	Value string
}

// PadlockStep is one step of a padlock rating.
type PadlockStep struct {
	// Criterion: design | mdes | attrition | initial | confounding |
	// threats | final.
	Criterion string
	Rule      string // the rule applied, in words
	Source    string // where the rule comes from
	Inputs    []PadlockValue
	// Padlocks is the level this step gives: the column's padlocks for
	// design, mdes and attrition, the running rating after the others
	// (confounding only sets a threat, so it carries the initial rating).
	Padlocks int
	// Change is the padlocks this step takes off (0, −1 or −2): threats.
	Change int
	// Explanation is the step in a sentence, for a report.
	Explanation string
}

// PadlockResult is a security rating with its reasons.
type PadlockResult struct {
	Padlocks int // 0–5
	// The three columns and the lowest of them.
	Design, MDES, Attrition, Initial int
	// Drop is the padlocks taken off for threats (0–2), counting
	// Moderate and High threats among Threats (declared and derived).
	Drop, Moderate, High int
	Threats              []PadlockThreat
	Steps                []PadlockStep
	Label                string // PadlockLabel
}

// Reasons joins the steps' explanations into one paragraph (the JSON
// `reasons` string).
func (r PadlockResult) Reasons() string {
	var b strings.Builder
	for i, s := range r.Steps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Explanation)
	}
	return b.String()
}

// PadlockDesignLevel is one row of the design column: the padlocks a kind
// of design can earn at most.
type PadlockDesignLevel struct {
	Design data.Design
	// Pretest narrows the row: "adjusted" (the analysis adjusts for the
	// pretest), "none" (it does not), "" (either).
	Pretest  string
	Padlocks int
	EEFRow   string // the EEF's description of the row
	Why      string // why whatworks puts the design there
}

// PadlockDesignLevels maps whatworks' design kinds onto the EEF's design
// column (docs/methods.md §16 explains each choice).
var PadlockDesignLevels = []PadlockDesignLevel{
	{power.RCT, "", 5, "randomised",
		"pupils were allocated to the arms at random"},
	{power.ClusterRCT, "", 5, "randomised",
		"schools or classes were allocated to the arms at random"},
	{power.Matched, "", 3, "comparison on all relevant observed confounders (matching, regression)",
		"the comparison group was matched on observed characteristics; unobserved ones may still differ, so a matched comparison earns at most 3"},
	{power.TwoGroup, "adjusted", 2, "comparison on some relevant confounders",
		"the groups were neither randomised nor matched; the analysis adjusts for the pretest and the covariates named, which are some of the relevant confounders"},
	{power.TwoGroup, "none", 1, "comparison on no relevant confounders",
		"the groups were neither randomised nor matched, and there is no pretest to adjust for"},
	{power.PrePost, "", 0, "no comparator",
		"there is no comparison group: the change includes the progress pupils make anyway"},
}

// PadlockThreshold is one row of the MDES or attrition column: values up
// to Max earn Padlocks.
type PadlockThreshold struct {
	Padlocks int
	Max      float64
}

// PadlockMDESLevels is the MDES column: MDES ≤ 0.2 → 5, ≤ 0.3 → 4, ≤ 0.4
// → 3, ≤ 0.5 → 2, ≤ 0.6 → 1, above → 0. The MDES is compared rounded to
// two decimals, as reports print it.
var PadlockMDESLevels = []PadlockThreshold{{5, 0.2}, {4, 0.3}, {3, 0.4}, {2, 0.5}, {1, 0.6}}

// PadlockAttritionLevels is the attrition column: ≤ 10% → 5, ≤ 20% → 4,
// ≤ 30% → 3, ≤ 40% → 2, ≤ 50% → 1, above → 0. Attrition is compared
// rounded to a whole per cent, as reports print it.
var PadlockAttritionLevels = []PadlockThreshold{{5, 0.10}, {4, 0.20}, {3, 0.30}, {2, 0.40}, {1, 0.50}}

// PadlockThreatRule is one row of the threats rule: counts of high and
// moderate threats in the given ranges (a negative Max means no upper
// limit) take Drop padlocks off.
type PadlockThreatRule struct {
	MinHigh, MaxHigh         int
	MinModerate, MaxModerate int
	Drop                     int
	Rule                     string
	// Published is false for the counts the published rule does not name,
	// where whatworks takes the cautious reading.
	Published bool
}

// PadlockThreatRules is the threats rule. Exactly one row matches any
// counts. Rows with Published false fill the gaps of the published rule
// cautiously. The published rule also lets two moderate threats whose
// biases point the same way drop one padlock; whatworks does not record
// directions, so it counts them as the unknown-direction case.
var PadlockThreatRules = []PadlockThreatRule{
	{0, 0, 0, 2, 0, "up to two threats moderate, none high: no drop", true},
	{0, 0, 3, 4, 1, "up to four threats moderate, none high: drop one padlock", true},
	{1, 1, 0, 0, 1, "one threat high, all others low: drop one padlock", true},
	{1, 1, 1, 1, 2, "one threat high and one moderate: not named by the published rule, which drops one padlock only when all others are low; whatworks drops two", false},
	{1, 1, 2, -1, 2, "one threat high and two (or more) moderate: drop two padlocks", true},
	{2, -1, 0, -1, 2, "two or more threats high: drop two padlocks", true},
	{0, 0, 5, -1, 2, "five or more threats moderate: not named by the published rule; whatworks drops two", false},
}

// PadlockConfoundingRule maps the baseline balance of the analysed
// sample to the level of the confounding threat (whatworks' reading,
// after the WWC's baseline-equivalence classes): |g| ≤ 0.05 low; ≤ 0.25
// moderate when the analysis adjusts for the pretest and high when it does
// not; above 0.25 high.
const PadlockConfoundingRule = "baseline |g| ≤ 0.05: low; 0.05 < |g| ≤ 0.25: moderate if the analysis adjusts for the pretest, high if not; |g| > 0.25: high (whatworks' reading, after the WWC's baseline-equivalence classes)"

// Padlocks is the EEF security rating of one result (docs/methods.md §16):
//
//  1. the design, the MDES of the analysed sample and the attrition each
//     give a number of padlocks (PadlockDesignLevels, PadlockMDESLevels,
//     PadlockAttritionLevels); the rating starts from the lowest;
//  2. the baseline balance sets the confounding threat
//     (PadlockConfoundingRule), counted with the declared threats;
//  3. the threats take off 0, 1 or 2 padlocks (PadlockThreatRules), never
//     more than two, never below 0.
//
// A criterion that cannot be assessed (NaN MDES or attrition) gives no
// padlocks. Every step is in PadlockResult.Steps.
func Padlocks(in PadlockInput) (PadlockResult, error) {
	r := PadlockResult{Label: PadlockLabel}
	lvl, ok := padlockDesignLevel(in.Design, in.PretestAdjusted)
	if !ok {
		return r, fmt.Errorf("padlocks: unknown design %q (want rct, cluster-rct, matched, two-group or pre-post)", in.Design)
	}
	threats, err := padlockCheckThreats(in.Threats)
	if err != nil {
		return r, err
	}
	pretest := "no"
	if in.PretestAdjusted {
		pretest = "yes"
	}

	// 1. Design.
	r.Design = lvl.Padlocks
	r.Steps = append(r.Steps, PadlockStep{
		Criterion: "design", Source: PadlockSource,
		Rule:     fmt.Sprintf("%s: at most %d", lvl.EEFRow, lvl.Padlocks),
		Inputs:   []PadlockValue{{"design", string(in.Design)}, {"adjusted for the pretest", pretest}},
		Padlocks: lvl.Padlocks,
		Explanation: fmt.Sprintf("Design (%s): %s, so at most %s (\"%s\").",
			in.Design, lvl.Why, padlockCount(lvl.Padlocks), lvl.EEFRow),
	})

	// 2. MDES.
	mdes := padlockRound(in.MDES, 2)
	r.MDES = padlockLevel(PadlockMDESLevels, mdes)
	step := PadlockStep{Criterion: "mdes", Source: PadlockSource, Padlocks: r.MDES,
		Rule:   "MDES of the analysed sample ≤ 0.2: 5; ≤ 0.3: 4; ≤ 0.4: 3; ≤ 0.5: 2; ≤ 0.6: 1; above: 0",
		Inputs: []PadlockValue{{"mdes", padlockNum(mdes, 2)}}}
	if math.IsNaN(mdes) {
		step.Explanation = "MDES: the minimum detectable effect of the analysed sample could not be computed, so this criterion gives no padlocks."
	} else {
		step.Explanation = fmt.Sprintf("MDES: the analysed sample could detect an effect of %.2f, %s, so %s.",
			mdes, padlockBand(PadlockMDESLevels, r.MDES, 2, false), padlockCount(r.MDES))
	}
	r.Steps = append(r.Steps, step)

	// 3. Attrition.
	att := padlockRound(in.Attrition, 2)
	r.Attrition = padlockLevel(PadlockAttritionLevels, att)
	step = PadlockStep{Criterion: "attrition", Source: PadlockSource, Padlocks: r.Attrition,
		Rule:   "pupil attrition from allocation to analysis ≤ 10%: 5; ≤ 20%: 4; ≤ 30%: 3; ≤ 40%: 2; ≤ 50%: 1; above: 0",
		Inputs: []PadlockValue{{"attrition", padlockPercent(att)}}}
	if math.IsNaN(att) {
		step.Explanation = "Attrition: the pupils lost between allocation and analysis are unknown, so this criterion gives no padlocks."
	} else {
		step.Explanation = fmt.Sprintf("Attrition: %s of pupils were lost between allocation and analysis, %s, so %s.",
			padlockPercent(att), padlockBand(PadlockAttritionLevels, r.Attrition, 0, true), padlockCount(r.Attrition))
		if !in.AllocationKnown {
			step.Explanation += " The design does not say how many pupils were allocated, so attrition before the data were entered is unknown."
			step.Inputs = append(step.Inputs, PadlockValue{"allocation known", "no"})
		}
	}
	r.Steps = append(r.Steps, step)

	// Lowest of the three.
	r.Initial = min(r.Design, r.MDES, r.Attrition)
	r.Steps = append(r.Steps, PadlockStep{
		Criterion: "initial", Source: PadlockSource, Padlocks: r.Initial,
		Rule: "the lowest of design, MDES and attrition",
		Inputs: []PadlockValue{{"design", strconv.Itoa(r.Design)}, {"mdes", strconv.Itoa(r.MDES)},
			{"attrition", strconv.Itoa(r.Attrition)}},
		Explanation: fmt.Sprintf("The rating starts from the lowest of the three: %s.", padlockCount(r.Initial)),
	})

	// Confounding from the baseline balance.
	conf, confStep := padlockConfounding(in)
	confStep.Padlocks = r.Initial
	r.Steps = append(r.Steps, confStep)
	threats = padlockMergeConfounding(threats, conf)
	r.Threats = threats

	// Threats.
	for _, t := range threats {
		switch t.Level {
		case PadlockModerate:
			r.Moderate++
		case PadlockHigh:
			r.High++
		}
	}
	rule := padlockThreatRule(r.High, r.Moderate)
	r.Drop = rule.Drop
	r.Padlocks = max(0, r.Initial-r.Drop)
	src := "Oxford Education Deanery, Risk of Bias training for the EEF padlock tool, \"Calculating the final rating\"; " + PadlockSource
	if !rule.Published {
		src = "whatworks' cautious reading of a case the published rule does not name"
	}
	inputs := []PadlockValue{{"high", strconv.Itoa(r.High)}, {"moderate", strconv.Itoa(r.Moderate)}}
	for _, t := range threats {
		inputs = append(inputs, PadlockValue{t.Name, t.Level})
	}
	expl := fmt.Sprintf("Threats to validity: %s; %s.", padlockThreatList(threats, len(in.Threats) == 0), rule.Rule)
	if r.Drop > 0 && r.Initial-r.Drop < 0 {
		expl += " The rating cannot fall below 0."
	}
	r.Steps = append(r.Steps, PadlockStep{
		Criterion: "threats", Rule: rule.Rule, Source: src, Inputs: inputs,
		Padlocks: r.Padlocks, Change: -r.Drop, Explanation: expl,
	})
	r.Steps = append(r.Steps, PadlockStep{
		Criterion: "final", Source: PadlockSource, Padlocks: r.Padlocks,
		Rule:        "the starting rating less the drop for threats, never more than two and never below 0",
		Inputs:      []PadlockValue{{"initial", strconv.Itoa(r.Initial)}, {"drop", strconv.Itoa(r.Drop)}},
		Explanation: fmt.Sprintf("Security rating: %s, by whatworks' reading of the EEF's published criteria (EEF 2019).", padlockCount(r.Padlocks)),
	})
	return r, nil
}

func padlockDesignLevel(design data.Design, adjusted bool) (PadlockDesignLevel, bool) {
	want := "none"
	if adjusted {
		want = "adjusted"
	}
	for _, l := range PadlockDesignLevels {
		if l.Design == design && (l.Pretest == "" || l.Pretest == want) {
			return l, true
		}
	}
	return PadlockDesignLevel{}, false
}

// padlockLevel is the padlocks a value earns in a column; NaN earns 0.
func padlockLevel(levels []PadlockThreshold, v float64) int {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	for _, l := range levels {
		if v <= l.Max {
			return l.Padlocks
		}
	}
	return 0
}

// padlockBand says which band of a column a level's value falls in.
func padlockBand(levels []PadlockThreshold, got, dp int, percent bool) string {
	f := func(x float64) string {
		if percent {
			return padlockPercent(x)
		}
		return padlockNum(x, dp)
	}
	for i, l := range levels {
		if l.Padlocks == got {
			if i == 0 {
				return "at most " + f(l.Max)
			}
			return fmt.Sprintf("above %s and at most %s", f(levels[i-1].Max), f(l.Max))
		}
	}
	return "above " + f(levels[len(levels)-1].Max)
}

// padlockConfounding derives the confounding threat from the baseline
// balance (PadlockConfoundingRule) and explains it.
func padlockConfounding(in PadlockInput) (string, PadlockStep) {
	st := PadlockStep{Criterion: "confounding", Rule: PadlockConfoundingRule,
		Source: "whatworks' reading; WWC Standards Handbook v4.1, baseline equivalence"}
	randomised := in.Design == power.RCT || in.Design == power.ClusterRCT
	g := in.BaselineG
	var level string
	switch {
	case in.Design == power.PrePost:
		level = PadlockLow
		st.Explanation = "Baseline balance: a single group has no second group to compare at baseline."
	case math.IsNaN(g) && randomised:
		level = PadlockLow
		st.Explanation = "Baseline balance: there is no pretest to compare; random allocation balances the groups in expectation, so confounding is taken as low."
	case math.IsNaN(g):
		level = PadlockLow
		st.Explanation = "Baseline balance: there is no pretest, so the balance of the groups cannot be checked; the design criterion already reflects this, and no further threat is counted."
	default:
		adj := "does not adjust"
		if in.PretestAdjusted {
			adj = "adjusts"
		}
		switch class := WWCClass(g); {
		case class == WWCSatisfied:
			level = PadlockLow
		case class == WWCAdjust && in.PretestAdjusted:
			level = PadlockModerate
		default:
			level = PadlockHigh
		}
		st.Inputs = []PadlockValue{{"baseline g", wwcRatingNum(g)}, {"adjusted for the pretest", map[bool]string{true: "yes", false: "no"}[in.PretestAdjusted]}}
		st.Explanation = fmt.Sprintf("Baseline balance: the groups differed by g = %s on the pretest and the analysis %s for it, so confounding is a %s threat.",
			wwcRatingNum(g), adj, level)
	}
	st.Inputs = append(st.Inputs, PadlockValue{PadlockConfounding, level})
	return level, st
}

// padlockMergeConfounding adds the derived confounding threat, keeping the
// higher of it and a declared one, and sorts threats by name.
func padlockMergeConfounding(threats []PadlockThreat, derived string) []PadlockThreat {
	out := make([]PadlockThreat, 0, len(threats)+1)
	found := false
	for _, t := range threats {
		if t.Name == PadlockConfounding {
			found = true
			if padlockRank(derived) > padlockRank(t.Level) {
				t = PadlockThreat{Name: PadlockConfounding, Level: derived, Derived: true}
			}
		}
		out = append(out, t)
	}
	if !found {
		out = append(out, PadlockThreat{Name: PadlockConfounding, Level: derived, Derived: true})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func padlockRank(level string) int {
	switch level {
	case PadlockModerate:
		return 1
	case PadlockHigh:
		return 2
	}
	return 0
}

// padlockCheckThreats validates declared threats: named once each, with a
// known level.
func padlockCheckThreats(threats []PadlockThreat) ([]PadlockThreat, error) {
	seen := map[string]bool{}
	out := make([]PadlockThreat, 0, len(threats))
	for _, t := range threats {
		if t.Name == "" {
			return nil, fmt.Errorf("padlocks: a threat has no name")
		}
		if seen[t.Name] {
			return nil, fmt.Errorf("padlocks: threat %q is given twice", t.Name)
		}
		seen[t.Name] = true
		switch t.Level {
		case PadlockLow, PadlockModerate, PadlockHigh:
		default:
			return nil, fmt.Errorf("padlocks: threat %q has level %q (want low, moderate or high)", t.Name, t.Level)
		}
		t.Derived = false
		out = append(out, t)
	}
	return out, nil
}

// padlockThreatRule is the one row of PadlockThreatRules matching the
// counts.
func padlockThreatRule(high, moderate int) PadlockThreatRule {
	in := func(v, lo, hi int) bool { return v >= lo && (hi < 0 || v <= hi) }
	for _, r := range PadlockThreatRules {
		if in(high, r.MinHigh, r.MaxHigh) && in(moderate, r.MinModerate, r.MaxModerate) {
			return r
		}
	}
	panic(fmt.Sprintf("rating: no threats rule for %d high and %d moderate", high, moderate)) // the table covers every count
}

// padlockThreatList says which threats are moderate or high.
func padlockThreatList(threats []PadlockThreat, noneDeclared bool) string {
	var parts []string
	for _, t := range threats {
		if t.Level == PadlockLow {
			continue
		}
		name := strings.ReplaceAll(t.Name, "_", " ")
		if t.Derived {
			name += " (from the baseline balance)"
		}
		parts = append(parts, name+" "+t.Level)
	}
	s := "none moderate or high"
	if len(parts) > 0 {
		s = strings.Join(parts, ", ")
	}
	if noneDeclared {
		s += " (no threats were declared in the design, so only confounding was assessed)"
	}
	return s
}

// padlockRound rounds half away from zero to dp decimals, on the decimal
// the number shows to 15 significant digits (as §13's months' progress),
// so 0.105 rounds to 0.11. NaN stays NaN.
func padlockRound(x float64, dp int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	s := math.Pow(10, float64(dp))
	return math.Round(v*s) / s
}

func padlockNum(x float64, dp int) string {
	if math.IsNaN(x) {
		return "unknown"
	}
	return strconv.FormatFloat(x, 'f', dp, 64)
}

func padlockPercent(p float64) string {
	if math.IsNaN(p) {
		return "unknown"
	}
	return strconv.FormatFloat(100*p, 'f', 0, 64) + "%"
}

func padlockCount(n int) string {
	if n == 1 {
		return "1 padlock"
	}
	return strconv.Itoa(n) + " padlocks"
}
