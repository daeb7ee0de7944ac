package publish

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// Summary says what Apply withheld, for the notes of the outputs and the
// workbook's record.
type Summary struct {
	Rules
	// Outcomes are the outcome columns whose pupils (and so every
	// subgroup) are withheld; Levels the subgroup levels withheld
	// ("COLUMN=VALUE", for every outcome). Both sorted.
	Outcomes []string `json:"outcomes"`
	Levels   []string `json:"levels"`
	// Values counts the numbers withheld; Texts the sentences.
	Values int `json:"values"`
	Texts  int `json:"texts"`
}

// NoteWithheld is the note of a result row whose numbers are withheld.
const NoteWithheld = "withheld under the publishing rules: a group of too few pupils"

// TextWithheld replaces a sentence that gives a withheld number.
const TextWithheld = "Withheld under the publishing rules: it gives a number about a group of too few pupils, or an exact count."

// unit is one outcome's group of pupils: all pupils or a subgroup level.
type unit struct{ outcome, subgroup string }

// applier is one run of Apply.
type applier struct {
	r     *evaluate.Report // the copy being changed
	orig  *evaluate.Report // the report as it came
	rules Rules
	types map[string]string // outcome column → type
	names map[string]string // outcome column → label
	// size is the fewest pupils any statistic of a unit rests on, by arm:
	// its pupils, and for a yes/no outcome also those answering yes and
	// those answering no.
	size map[unit]map[string]int
	// withheld: units (outcome, "all") and subgroup levels (any outcome)
	// whose numbers are withheld.
	units  map[unit]bool
	levels map[string]bool
	// protected are the numbers withheld (and, with rounding, the exact
	// counts): a sentence giving one is replaced.
	ints   map[int]bool
	floats []float64
	// means are the withheld means, SDs and shares of groups (the
	// decimals a sentence could give).
	means []float64
	sum   Summary
}

// Apply returns a copy of r with the publishing rules applied
// (docs/methods.md §18), and what it withheld. r is not changed.
//
// A group is an outcome's arm (all its pupils) or a subgroup level's arm.
// A group is small when it has fewer than MinCount pupils (fewer than 8
// for a mean with HESA rounding, 23 for a percentage with HESA or OfS
// rounding, 23 for anything with OfS), or, for a yes/no outcome, fewer
// than MinCount of its pupils answered yes, or no. Every number about a
// small group is withheld, and the numbers from which it could be worked
// out:
//
//   - an outcome's arm: every result, descriptive, balance row, flow,
//     exclusion count, cluster and scale count of the outcome, and every
//     subgroup of it;
//   - a subgroup level: both arms of it, for every outcome (a level is
//     withheld for all outcomes when it is small for one), and, so that
//     it cannot be had by subtraction from all pupils, further levels of
//     the same column, smallest first, until at least two are withheld
//     and those withheld hold at least MinCount pupils in each arm; the
//     interaction and gap rows of a column with a withheld level;
//   - the share of a level of a categorical covariate (and its SD, the
//     standardised difference and variance ratio of its row) when fewer
//     than MinCount of the arm's pupils are at that level or are not;
//   - answers to a questionnaire item when any answer was given by fewer
//     than MinCount pupils of an arm (all arms of the item);
//   - matching counts of fewer than MinCount pupils (the arm's counts);
//   - the smallest and largest score of every group (they are one pupil's
//     own scores), and the propensity scores of a matched design.
//
// With rounding, every count is rounded (RoundCount), the degrees of
// freedom (which give exact counts) and the mean cluster size are
// withheld. Sentences (caveats, notes, the reasons of ratings, warnings)
// that name a withheld group or give a withheld number or an exact
// rounded count are replaced by TextWithheld (caveats by one sentence
// counting them).
func Apply(r *evaluate.Report, rules Rules) (*evaluate.Report, *Summary) {
	rules = rules.WithDefaults()
	a := &applier{r: clone(r), orig: r, rules: rules, types: map[string]string{}, names: map[string]string{},
		size: map[unit]map[string]int{}, units: map[unit]bool{}, levels: map[string]bool{}, ints: map[int]bool{}}
	a.sum.Rules = rules
	for _, o := range a.r.Outcomes {
		a.types[o.Column] = o.Type
		a.names[o.Column] = o.Label
	}
	a.measure()
	a.decide()
	a.results()
	a.descriptives()
	a.balance(a.r.Balance)
	a.flow()
	a.exclusions()
	a.clustering()
	a.scales()
	a.matching()
	a.security()
	a.texts()
	a.sum.Outcomes, a.sum.Levels = []string{}, []string{}
	for u := range a.units {
		a.sum.Outcomes = append(a.sum.Outcomes, u.outcome)
	}
	for l := range a.levels {
		a.sum.Levels = append(a.sum.Levels, l)
	}
	sort.Strings(a.sum.Outcomes)
	sort.Strings(a.sum.Levels)
	return a.r, &a.sum
}

// note records n pupils in arm of unit u (keeping the fewest).
func (a *applier) note(u unit, arm string, n int) {
	if a.size[u] == nil {
		a.size[u] = map[string]int{}
	}
	if old, ok := a.size[u][arm]; !ok || n < old {
		a.size[u][arm] = n
	}
}

// measure finds the sizes of every unit's arms, from the descriptives and
// the result rows.
func (a *applier) measure() {
	for _, d := range a.r.Descriptives {
		outs := d.Outcomes
		if len(outs) == 0 {
			outs = []string{d.Variable}
		}
		for _, o := range outs {
			u := unit{o, d.Subgroup}
			a.note(u, d.Arm, d.N)
			if a.types[o] == evaluate.TypeBinary && d.Time == evaluate.TimePost && !math.IsNaN(float64(d.Mean)) {
				yes := int(math.Round(float64(d.Mean) * float64(d.N)))
				a.note(u, d.Arm+" yes", yes)
				a.note(u, d.Arm+" no", d.N-yes)
			}
		}
	}
	for _, x := range a.r.Results {
		if x.Analysis == evaluate.AnalysisRating || x.Analysis == evaluate.AnalysisInteraction || x.Analysis == evaluate.AnalysisGap {
			continue
		}
		u := unit{x.Outcome, x.Subgroup}
		if x.NTreated != nil {
			a.note(u, "intervention", *x.NTreated)
		}
		if x.NComparison != nil {
			a.note(u, "comparison", *x.NComparison)
		}
	}
}

// small reports whether arm (an arm, or "ARM yes"/"ARM no") of an
// outcome of type typ with n pupils is too small to publish.
func (a *applier) small(typ, arm string, n int) bool {
	if n <= 0 {
		return false
	}
	if strings.HasSuffix(arm, " yes") || strings.HasSuffix(arm, " no") {
		return n < a.rules.MinCount
	}
	if typ == evaluate.TypeBinary {
		return n < a.rules.shareMin()
	}
	return n < a.rules.meanMin()
}

// smallUnit reports whether any arm of u is small.
func (a *applier) smallUnit(u unit) bool {
	for arm, n := range a.size[u] {
		if a.small(a.types[u.outcome], arm, n) {
			return true
		}
	}
	return false
}

// decide chooses the withheld units and levels: the small ones, then
// the secondary ones (see Apply).
func (a *applier) decide() {
	for u := range a.size {
		if !a.smallUnit(u) {
			continue
		}
		if u.subgroup == evaluate.SubgroupAll {
			a.units[u] = true
		} else {
			a.levels[u.subgroup] = true
		}
	}
	// Secondary suppression, column by column: levels (pupils in the
	// smallest arm over all outcomes) of each subgroup column.
	type level struct {
		name string
		n    map[string]int // fewest pupils by arm, over the outcomes
	}
	cols := map[string][]*level{}
	byName := map[string]*level{}
	for u, arms := range a.size {
		col, _, ok := strings.Cut(u.subgroup, "=")
		if !ok {
			continue
		}
		l := byName[u.subgroup]
		if l == nil {
			l = &level{name: u.subgroup, n: map[string]int{}}
			byName[u.subgroup] = l
			cols[col] = append(cols[col], l)
		}
		for arm, n := range arms {
			if strings.Contains(arm, " ") {
				continue
			}
			if old, ok := l.n[arm]; !ok || n < old {
				l.n[arm] = n
			}
		}
	}
	for _, ls := range cols {
		least := func(l *level) int {
			m := math.MaxInt
			for _, n := range l.n {
				m = min(m, n)
			}
			return m
		}
		sort.Slice(ls, func(i, j int) bool {
			if least(ls[i]) != least(ls[j]) {
				return least(ls[i]) < least(ls[j])
			}
			return ls[i].name < ls[j].name
		})
		count := func() (int, map[string]int) {
			k, sums := 0, map[string]int{}
			for _, l := range ls {
				if a.levels[l.name] {
					k++
					for arm, n := range l.n {
						sums[arm] += n
					}
				}
			}
			return k, sums
		}
		enough := func() bool {
			k, sums := count()
			if k == 0 {
				return true
			}
			if k < 2 {
				return false
			}
			for _, n := range sums {
				if n < a.rules.MinCount {
					return false
				}
			}
			return true
		}
		for _, l := range ls {
			if enough() {
				break
			}
			a.levels[l.name] = true
		}
	}
}

// withheld reports whether the numbers of outcome o's subgroup sub are
// withheld.
func (a *applier) withheld(o, sub string) bool {
	return a.units[unit{o, evaluate.SubgroupAll}] || a.levels[sub]
}

// anyUnit reports whether some outcome's all pupils are withheld.
func (a *applier) anyUnit() bool { return len(a.units) > 0 }

// column reports whether some level of subgroup column col is withheld.
func (a *applier) column(col string) bool {
	for l := range a.levels {
		if c, _, _ := strings.Cut(l, "="); c == col {
			return true
		}
	}
	return false
}

// hide withholds *x, remembering its value; a missing number (NaN)
// stays missing.
func (a *applier) hide(x *evaluate.Num) {
	v := float64(*x)
	if math.IsNaN(v) {
		return
	}
	if !math.IsInf(v, 0) {
		a.floats = append(a.floats, v)
	}
	a.sum.Values++
	*x = Num()
}

// hideInt withholds *n, remembering it.
func (a *applier) hideInt(n *int) {
	if IsCount(*n) {
		return
	}
	if *n > 0 {
		a.ints[*n] = true
	}
	a.sum.Values++
	*n = Count
}

// hidePtr withholds *p (a new pointer: the report's rows share none).
func (a *applier) hidePtr(p **int) {
	if *p == nil || IsCount(**p) {
		return
	}
	if **p > 0 {
		a.ints[**p] = true
	}
	a.sum.Values++
	*p = countPtr(*p)
}

// round rounds count *n under the rules, remembering an exact count that
// changed.
func (a *applier) round(n *int) {
	if !a.rules.Rounds() || IsCount(*n) {
		return
	}
	if r := a.rules.RoundCount(*n); r != *n {
		if *n >= 3 {
			a.ints[*n] = true
		}
		*n = r
	}
}

// roundPtr rounds *p (a new pointer).
func (a *applier) roundPtr(p **int) {
	if *p == nil || !a.rules.Rounds() {
		return
	}
	v := **p
	a.round(&v)
	*p = &v
}

// results withholds the rows of withheld groups (and small rows), and
// rounds the counts of the others.
func (a *applier) results() {
	for i := range a.r.Results {
		x := &a.r.Results[i]
		col, _, _ := strings.Cut(x.Subgroup, "=")
		hide := a.withheld(x.Outcome, x.Subgroup) ||
			((x.Analysis == evaluate.AnalysisInteraction || x.Analysis == evaluate.AnalysisGap) && a.column(col))
		if _, isOutcome := a.types[x.Outcome]; !isOutcome && a.anyUnit() {
			hide = true // matched designs' balance rows (outcome: a covariate)
		}
		for _, n := range []*int{x.NTreated, x.NComparison} {
			if n != nil && *n > 0 && *n < a.rules.MinCount && x.Analysis != evaluate.AnalysisRating {
				hide = true
			}
		}
		if hide {
			a.hideRow(x)
			continue
		}
		a.roundPtr(&x.NTreated)
		a.roundPtr(&x.NComparison)
		if a.rules.Rounds() && float64(x.DF) > 2 {
			// Degrees of freedom (n − 2, …) give exact counts; a
			// chi-square's 1 does not.
			a.hide(&x.DF)
		}
	}
}

// hideRow withholds every number of result row x.
func (a *applier) hideRow(x *evaluate.Result) {
	for _, v := range []*evaluate.Num{&x.Estimate, &x.SE, &x.CILow, &x.CIHigh, &x.CILowAlt, &x.CIHighAlt, &x.DF,
		&x.Statistic, &x.PValue, &x.PAdjusted, &x.PValueExact, &x.ImprovementIndex} {
		a.hide(v)
	}
	a.hidePtr(&x.NTreated)
	a.hidePtr(&x.NComparison)
	a.hidePtr(&x.MonthsProgress)
	x.WWCRating, x.OfSType, x.Reasons = "", "", ""
	x.RatingInputs = nil
	x.Note = NoteWithheld
}

// descriptives withholds the rows of withheld groups, and everyone's
// smallest and largest score.
func (a *applier) descriptives() {
	for i := range a.r.Descriptives {
		d := &a.r.Descriptives[i]
		outs := d.Outcomes
		if len(outs) == 0 {
			outs = []string{d.Variable}
		}
		hide := false
		for _, o := range outs {
			if a.withheld(o, d.Subgroup) || a.small(a.types[o], d.Arm, d.N) {
				hide = true
			}
		}
		if hide {
			for _, v := range []evaluate.Num{d.Mean, d.SD} {
				if !math.IsNaN(float64(v)) {
					a.means = append(a.means, float64(v))
				}
			}
			a.hide(&d.Min)
			a.hide(&d.Max)
			a.hideInt(&d.N)
			a.hideInt(&d.Missing)
			for _, v := range []*evaluate.Num{&d.Mean, &d.SD, &d.CILow, &d.CIHigh} {
				a.hide(v)
			}
			continue
		}
		// One pupil's own scores: withheld from every group, but not
		// remembered (they are not about a small group).
		d.Min, d.Max = Num(), Num()
		a.round(&d.N)
		a.round(&d.Missing)
	}
}

// balance withholds the balance rows of withheld outcomes and the shares
// of small levels.
func (a *applier) balance(rows []evaluate.Balance) {
	for i := range rows {
		b := &rows[i]
		if (b.Outcome != "" && a.units[unit{b.Outcome, evaluate.SubgroupAll}]) || (b.Outcome == "" && a.anyUnit()) {
			a.hideBalance(b, true, true)
			continue
		}
		if b.Level == "" {
			continue
		}
		nt, nc := a.balanceN(b)
		hideT, hideC := a.smallShare(b.MeanT, nt), a.smallShare(b.MeanC, nc)
		if hideT || hideC {
			a.hideBalance(b, hideT, hideC)
		}
	}
}

// smallShare reports whether a share p of n pupils is too few pupils at
// the level, or not at it (or rests on too few pupils for a percentage).
func (a *applier) smallShare(p evaluate.Num, n int) bool {
	if n <= 0 || math.IsNaN(float64(p)) {
		return n > 0 && n < a.rules.shareMin()
	}
	k := int(math.Round(float64(p) * float64(n)))
	return (k > 0 && k < a.rules.MinCount) || (n-k > 0 && n-k < a.rules.MinCount) || n < a.rules.shareMin()
}

// balanceN is the pupils of each arm of balance row b: its outcome's
// headline sample, or for matching the arm's pupils before or after
// matching.
func (a *applier) balanceN(b *evaluate.Balance) (nt, nc int) {
	if m := a.r.Matching; m != nil && b.Outcome == "" {
		if b.Sample == "after_matching" {
			return m.Counts.Treated.Matched, m.Counts.Comparison.Matched
		}
		return m.Counts.Treated.All, m.Counts.Comparison.All
	}
	if x := evaluate.HeadlineRow(a.orig, b.Outcome, evaluate.SubgroupAll); x != nil && x.NTreated != nil && x.NComparison != nil {
		return *x.NTreated, *x.NComparison
	}
	return 0, 0
}

// hideBalance withholds an arm's (or both arms') share and spread, and
// what compares them.
func (a *applier) hideBalance(b *evaluate.Balance, t, c bool) {
	for _, v := range []evaluate.Num{b.MeanT, b.MeanC, b.SMD} {
		if !math.IsNaN(float64(v)) {
			a.means = append(a.means, float64(v))
		}
	}
	if t {
		a.hide(&b.MeanT)
		a.hide(&b.SDT)
	}
	if c {
		a.hide(&b.MeanC)
		a.hide(&b.SDC)
	}
	a.hide(&b.SMD)
	a.hide(&b.VarRatio)
	b.WWC = ""
}

// flow withholds the flows of withheld outcomes and rounds the rest.
func (a *applier) flow() {
	for i := range a.r.Flow {
		a.flowOf(&a.r.Flow[i])
	}
}

// flowOf withholds or rounds the counts of one flow.
func (a *applier) flowOf(fl *evaluate.Flow) {
	hide := a.withheld(fl.Outcome, fl.Subgroup)
	for j := range fl.Arms {
		arm := &fl.Arms[j]
		for _, n := range []*int{&arm.Allocated, &arm.InData, &arm.Analysed} {
			if hide {
				a.hideInt(n)
			} else {
				a.round(n)
			}
		}
		for k := range arm.LeftOut {
			if hide {
				a.hideInt(&arm.LeftOut[k].Count)
			} else {
				a.round(&arm.LeftOut[k].Count)
			}
		}
	}
	a.round(&fl.NeitherArm)
}

// exclusions withholds the counts of withheld outcomes and rounds the
// rest.
func (a *applier) exclusions() {
	for i := range a.r.Exclusions {
		e := &a.r.Exclusions[i]
		if a.units[unit{e.Outcome, evaluate.SubgroupAll}] {
			a.hideInt(&e.Count)
			continue
		}
		a.round(&e.Count)
	}
}

// clustering withholds the pupils of withheld outcomes (all pupils less
// one arm give the other), and rounds the rest.
func (a *applier) clustering() {
	c := a.r.Clustering
	if c == nil {
		return
	}
	for i := range c.Outcomes {
		co := &c.Outcomes[i]
		if a.units[unit{co.Outcome, evaluate.SubgroupAll}] {
			a.hideInt(&co.Pupils)
			a.hide(&co.MeanClusterSize)
			continue
		}
		a.round(&co.Pupils)
		if a.rules.Rounds() {
			a.hide(&co.MeanClusterSize)
		}
	}
}

// scales withholds the answers of items with a small answer, and every
// count of the scales when an arm is withheld.
func (a *applier) scales() {
	for i := range a.r.Scales {
		s := &a.r.Scales[i]
		all := a.anyUnit()
		for _, n := range []*int{&s.Pupils, &s.Scored, &s.Short, &s.Unanswered, &s.AlphaN} {
			if all {
				a.hideInt(n)
			} else {
				a.round(n)
			}
		}
		for j := range s.Stats {
			it := &s.Stats[j]
			hide := all
			for _, ac := range it.Answers {
				for _, n := range ac.Counts {
					if n > 0 && n < a.rules.MinCount {
						hide = true
					}
				}
			}
			if all {
				a.hideInt(&it.N)
			} else {
				a.round(&it.N)
			}
			for k := range it.Answers {
				ac := &it.Answers[k]
				for m := range ac.Counts {
					if hide {
						a.hideInt(&ac.Counts[m])
					} else {
						a.round(&ac.Counts[m])
					}
				}
				if hide {
					a.hideInt(&ac.Missing)
				} else {
					a.round(&ac.Missing)
				}
			}
		}
	}
}

// matching withholds small matching counts (all of the arm's, so none is
// had by subtraction), the propensity scores (one per pupil), and the
// balance rows of small shares.
func (a *applier) matching() {
	m := a.r.Matching
	if m == nil {
		return
	}
	m.PS, m.Arm, m.Weights = nil, nil, nil
	a.balance(m.Balance)
	for _, ac := range []*evaluate.ArmCounts{&m.Counts.Treated, &m.Counts.Comparison} {
		hide := a.anyUnit()
		for _, n := range []int{ac.All, ac.Matched, ac.Unmatched, ac.Discarded} {
			if n > 0 && n < a.rules.MinCount {
				hide = true
			}
		}
		for _, n := range []*int{&ac.All, &ac.Matched, &ac.Unmatched, &ac.Discarded} {
			if hide {
				a.hideInt(n)
			} else {
				a.round(n)
			}
		}
		if hide || a.rules.Rounds() {
			a.hide(&ac.ESSAll)
			a.hide(&ac.ESSMatched)
		}
	}
	if m.Model != nil {
		if a.anyUnit() {
			a.hideInt(&m.Model.N)
		} else {
			a.round(&m.Model.N)
		}
	}
}

// security drops the ratings of withheld groups and rounds the counts
// the others rest on (their sentences: texts).
func (a *applier) security() {
	var keep []evaluate.Security
	for _, s := range a.r.Security {
		if a.withheld(s.Outcome, s.Subgroup) {
			continue
		}
		a.flowOf(&s.Flow)
		c := &s.Attrition.Counts
		for _, n := range []*int{&c.AllocatedTreated, &c.AllocatedComparison, &c.AnalysedTreated, &c.AnalysedComparison,
			&s.MDES.NTreated, &s.MDES.NComparison} {
			a.round(n)
		}
		if a.rules.Rounds() {
			s.MDES.DF = math.NaN()
		}
		keep = append(keep, s)
	}
	a.r.Security = keep
}

// clone copies r deeply enough that Apply changes nothing of r: every
// slice and pointer it changes.
func clone(r *evaluate.Report) *evaluate.Report {
	c := *r
	c.Results = slices.Clone(r.Results)
	c.Descriptives = slices.Clone(r.Descriptives)
	c.Balance = slices.Clone(r.Balance)
	c.Exclusions = slices.Clone(r.Exclusions)
	c.Caveats = slices.Clone(r.Caveats)
	c.Flow = make([]evaluate.Flow, len(r.Flow))
	for i, f := range r.Flow {
		c.Flow[i] = cloneFlow(f)
	}
	if r.Flow == nil {
		c.Flow = nil
	}
	c.Security = make([]evaluate.Security, len(r.Security))
	for i, s := range r.Security {
		s.Flow = cloneFlow(s.Flow)
		s.Padlocks.Steps = slices.Clone(s.Padlocks.Steps)
		for j := range s.Padlocks.Steps {
			s.Padlocks.Steps[j].Inputs = slices.Clone(s.Padlocks.Steps[j].Inputs)
		}
		s.WWC.Steps = slices.Clone(s.WWC.Steps)
		for j := range s.WWC.Steps {
			s.WWC.Steps[j].Inputs = slices.Clone(s.WWC.Steps[j].Inputs)
		}
		c.Security[i] = s
	}
	if r.Security == nil {
		c.Security = nil
	}
	c.Scales = slices.Clone(r.Scales)
	for i := range c.Scales {
		s := &c.Scales[i]
		s.Stats = slices.Clone(s.Stats)
		for j := range s.Stats {
			it := &s.Stats[j]
			it.Answers = slices.Clone(it.Answers)
			for k := range it.Answers {
				it.Answers[k].Counts = slices.Clone(it.Answers[k].Counts)
			}
		}
	}
	if r.Matching != nil {
		m := *r.Matching
		m.Balance = slices.Clone(m.Balance)
		m.Warnings = slices.Clone(m.Warnings)
		if m.Model != nil {
			pm := *m.Model
			m.Model = &pm
		}
		c.Matching = &m
	}
	if r.Clustering != nil {
		cl := *r.Clustering
		cl.Outcomes = slices.Clone(cl.Outcomes)
		c.Clustering = &cl
	}
	return &c
}

// cloneFlow copies a flow's arms and losses.
func cloneFlow(f evaluate.Flow) evaluate.Flow {
	f.Arms = slices.Clone(f.Arms)
	for j := range f.Arms {
		f.Arms[j].LeftOut = slices.Clone(f.Arms[j].LeftOut)
	}
	return f
}

// Withheld reports whether the pupils of outcome o (all of them, so its
// every number) are withheld.
func (s *Summary) Withheld(o string) bool {
	return s != nil && slices.Contains(s.Outcomes, o)
}

// RulesOrNil is the rules s applied, or nil for a nil s (no publishing
// rules).
func (s *Summary) RulesOrNil() *Rules {
	if s == nil {
		return nil
	}
	r := s.Rules
	return &r
}

// RoundCount is n as the rules publish it (n itself for a nil s).
func (s *Summary) RoundCount(n int) int {
	if s == nil {
		return n
	}
	return s.Rules.RoundCount(n)
}
