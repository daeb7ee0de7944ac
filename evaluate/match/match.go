package match

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/whatworks/whatworks/evaluate/data"
	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// Result is the outcome of Match: one entry per input row in every
// slice.
type Result struct {
	// Weights are the ATT matching weights: 1 for a matched pupil who took
	// part, 0 for a pupil not in the matched sample, and for comparison
	// pupils the sum over the pupils they were matched to of 1/(number of
	// matches of that pupil), rescaled so the comparison weights sum to the
	// number of matched comparison pupils (MatchIt 4.5).
	Weights []float64
	// Subclass is the matched set (pair) of each pupil, numbered 1, 2, ...
	// in the data order of the pupils who took part; -1 when the pupil is
	// not matched or when matching is with replacement (a comparison pupil
	// may then belong to several sets).
	Subclass []int32
	// PS is the matching distance's propensity score (the fitted
	// probability of taking part); NaN when not computed.
	PS []float64
	// Sets are the matched sets, one per matched pupil who took part, in
	// data order: the pupil's row and its comparison rows in the order they
	// were chosen.
	Sets   []Set
	Report *Report
}

// Set is one pupil who took part and the comparison pupils matched
// to them (row indices of the input).
type Set struct {
	Treated  int
	Controls []int
}

// resolved is a Settings with defaults filled in and checked.
type resolved struct {
	distance     string // logit | mahalanobis
	caliper      float64
	caliperScale string // probability | logit
	ratio        int
	replace      bool
	order        string
	seed         uint64
}

func settingsOf(sp *Settings, seed uint64) (resolved, error) {
	if sp == nil {
		return resolved{}, errors.New("matching: the design has no matching settings (add a matching: section)")
	}
	s := resolved{
		distance:     strings.ToLower(sp.Distance),
		caliper:      sp.Caliper,
		caliperScale: strings.ToLower(sp.CaliperScale),
		ratio:        sp.Ratio,
		replace:      sp.Replace,
		order:        strings.ToLower(sp.Order),
		seed:         sp.Seed,
	}
	if s.seed == 0 {
		s.seed = seed
	}
	switch s.distance {
	case "", "logit", "glm", "propensity":
		s.distance = "logit"
	case "mahalanobis":
	default:
		return s, fmt.Errorf("matching: distance %q is not known (use logit or mahalanobis)", sp.Distance)
	}
	switch s.caliperScale {
	case "", "probability":
		s.caliperScale = "probability"
	case "logit":
	default:
		return s, fmt.Errorf("matching: caliper_scale %q is not known (use probability or logit)", sp.CaliperScale)
	}
	if math.IsNaN(s.caliper) || s.caliper <= 0 {
		s.caliper = 0
	}
	if math.IsInf(s.caliper, 0) {
		return s, fmt.Errorf("matching: caliper %v is not a number of standard deviations (e.g. 0.2)", sp.Caliper)
	}
	if s.caliper > 0 && s.distance == "mahalanobis" {
		return s, errors.New("matching: a caliper needs a propensity score, but distance is mahalanobis (remove the caliper or use distance: logit)")
	}
	if s.ratio == 0 {
		s.ratio = 1
	}
	if s.ratio < 0 {
		return s, fmt.Errorf("matching: ratio %d must be a whole number of at least 1", sp.Ratio)
	}
	switch s.order {
	case "":
		if s.distance == "mahalanobis" {
			s.order = "data" // MatchIt: no distance to order by
		} else {
			s.order = "largest"
		}
	case "largest", "smallest", "data", "random":
	default:
		return s, fmt.Errorf("matching: order %q is not known (use largest, smallest, data or random)", sp.Order)
	}
	if s.replace {
		// MatchIt: with replacement the order cannot matter; it uses data order.
		s.order = "data"
	}
	if len(sp.Covariates) == 0 {
		return s, errors.New("matching: no matching covariates (list them under matching: covariates)")
	}
	return s, nil
}

// Run builds a matched comparison group for the pupils who took part
// (arm[i] == Treated) from the comparison pool (arm[i] == Comparison), as
// MatchIt 4.5's method = "nearest" does (estimand ATT):
//
//  1. the propensity score is the fitted probability of a logistic
//     regression of taking part on the matching covariates (categorical ones
//     dummy-coded against their first level) — MatchIt's distance = "glm";
//  2. the matching distance is the propensity score (caliper_scale
//     probability, MatchIt's default) or its logit (caliper_scale logit,
//     MatchIt's link = "linear.logit": Austin's (2011) rule of 0.2 SD of
//     the logit), or the Mahalanobis distance on the covariates;
//  3. a caliper of c SDs is c times the SD (n − 1) of the distance over all
//     pupils in the match (MatchIt's std.caliper = TRUE);
//  4. pupils who took part are taken in order of decreasing distance
//     ("largest", MatchIt's default), increasing ("smallest"), data order or
//     a seeded random order; each takes the nearest available comparison
//     pupil; with ratio k the whole group is passed k times, one more match
//     per pass; without replacement a comparison pupil is used once;
//  5. exact columns split the data into cells matched separately;
//  6. weights as MatchIt's weights.matrix (see Result.Weights).
//
// Ties (two comparison pupils equally near) go to the first in data order,
// as in MatchIt's nn_matchC (R's which.min); Mahalanobis distances that
// agree to 1e-10 (relative) count as ties, so rounding cannot decide.
//
// Nearest-neighbour search on a 1-D distance costs O(n log n) for sorting
// plus nearly O(1) per match: comparison pupils are kept in sorted order
// with "next available" pointers to the left and right (union–find with
// path compression), so a used pupil is skipped in amortised constant time.
// Mahalanobis matching compares every pupil who took part with every
// pupil in the pool: O(n_treated × n_pool × covariates).
//
// Differences from MatchIt 4.5.1, all deliberate, are listed in
// fixtures/matching/README.md (4.5.1's caliper bug, duplicated controls
// with replacement and ratio > 1, subclass numbering).
//
// Ho, Imai, King & Stuart (2011), MatchIt: Nonparametric Preprocessing for
// Parametric Causal Inference, J. Stat. Softw. 42(8),
// doi:10.18637/jss.v042.i08; Austin (2011), Optimal caliper widths for
// propensity-score matching, Pharm. Stat. 10(2), doi:10.1002/pst.433.
func Run(arm []int8, sp *Settings, seed uint64) (*Result, error) {
	s, err := settingsOf(sp, seed)
	if err != nil {
		return nil, err
	}
	if err := checkLengths(arm, sp); err != nil {
		return nil, err
	}
	m := newMatcher(arm, sp, s)
	steps := []func() error{
		m.selectPupils,    // pupils with every matching covariate
		m.screen,          // constant or separating covariates refused
		m.propensity,      // the propensity-score model
		m.distance,        // the matching distance and the caliper
		m.matchCells,      // nearest neighbours within each exact cell
		m.weigh,           // weights and matched sets
		m.countAndBalance, // sample sizes, balance and warnings
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return m.res, nil
}

// matcher carries one Run's state from step to step.
type matcher struct {
	arm  []int8
	sp   *Settings
	s    resolved
	covs []data.Variable
	rep  *Report
	res  *Result

	rows         []int // pupils in the match, in data order
	treated      []int // those who took part, in data order
	nT, nC       int   // pupils in the match by arm
	missT, missC int   // pupils left out for a missing covariate
	fitted       bool  // the propensity model was estimated
	eta          []float64
	dist         []float64 // the 1-D matching distance (logit distance)
	cal          float64   // caliper in units of dist; 0 = none
	mm           map[int][]int
	warns        []string
}

// checkLengths rejects covariates and exact columns of the wrong length (a
// programmer's error, reported as an error rather than a panic).
func checkLengths(arm []int8, sp *Settings) error {
	n := len(arm)
	if n == 0 {
		return errors.New("matching: no pupils")
	}
	for _, v := range sp.Covariates {
		if err := checkVariableLen(v, n); err != nil {
			return err
		}
	}
	for _, f := range sp.Exact {
		if len(f.Codes) != n {
			return fmt.Errorf("matching: exact column %q has %d values for %d pupils", f.Name, len(f.Codes), n)
		}
	}
	return nil
}

func newMatcher(arm []int8, sp *Settings, s resolved) *matcher {
	n := len(arm)
	rep := &Report{
		Settings:       map[string]string{},
		Caliper:        data.NaN,
		SMDDenominator: "SD of the pupils who took part, before matching (MatchIt and cobalt for the ATT; sqrt(p(1 − p)) for 0/1 variables)",
		PS:             make([]float64, n),
		Arm:            make([]int8, n),
		Weights:        make([]float64, n),
	}
	res := &Result{
		Weights:  rep.Weights,
		Subclass: make([]int32, n),
		PS:       rep.PS,
		Report:   rep,
	}
	for i := range res.Subclass {
		res.Subclass[i] = -1
		rep.PS[i] = math.NaN()
		rep.Arm[i] = data.Excluded
	}
	fillSettings(rep.Settings, s, sp)
	return &matcher{arm: arm, sp: sp, s: s, covs: sp.Covariates, rep: rep, res: res}
}

// selectPupils keeps the pupils in an arm with no missing covariate or
// exact column.
func (m *matcher) selectPupils() error {
	missVars := map[string]int{}
	for i, a := range m.arm {
		if a != data.Treated && a != data.Comparison {
			continue
		}
		if miss := m.missing(i); miss != "" {
			missVars[miss]++
			if a == data.Treated {
				m.missT++
			} else {
				m.missC++
			}
			continue
		}
		m.rows = append(m.rows, i)
		m.rep.Arm[i] = a
		if a == data.Treated {
			m.nT++
			m.treated = append(m.treated, i)
		} else {
			m.nC++
		}
	}
	m.rep.Counts.Treated.Discarded = m.missT
	m.rep.Counts.Comparison.Discarded = m.missC
	if m.nT == 0 {
		return errors.New("matching: no pupil who took part has all the matching covariates (check the group column and missing values)")
	}
	if m.nC == 0 {
		return errors.New("matching: no pupil in the comparison pool has all the matching covariates (check the group column and missing values)")
	}
	if m.missT+m.missC > 0 {
		m.warns = append(m.warns, fmt.Sprintf("%d pupils who took part and %d in the comparison pool were left out of matching because a matching covariate is missing (%s); the results describe only pupils with complete data",
			m.missT, m.missC, describeCounts(missVars)))
	}
	return nil
}

// Screen reports what Run would refuse in the matching settings and
// covariates before matching: settings that are not valid, no pupils to
// match, a covariate with a single value among the pupils in the match, or
// one that separates the groups completely (see screen). Check uses it so
// that whatworks check and analyse agree.
func Screen(arm []int8, sp *Settings, seed uint64) error {
	s, err := settingsOf(sp, seed)
	if err != nil {
		return err
	}
	if err := checkLengths(arm, sp); err != nil {
		return err
	}
	m := newMatcher(arm, sp, s)
	if err := m.selectPupils(); err != nil {
		return err
	}
	return m.screen()
}

// screen refuses a covariate that has a single value among the pupils in
// the match (it cannot tell pupils apart: the propensity model cannot
// estimate its coefficient, R's glm gives it NA) and one that separates
// the groups completely: every pupil who took part has a value no pupil in
// the pool has (a covariate that is the group itself, or decided by it),
// so matching on it pairs pupils who differ on it and the propensity model
// has no finite estimate. Quasi-separation (the groups meet at one value)
// is left to propensity's warning. With distance logit it also refuses
// collinear covariates, which the propensity model cannot be fitted with.
func (m *matcher) screen() error {
	for _, v := range m.covs {
		if one, val := singleValue(v, m.rows); one {
			return fmt.Errorf("matching: covariate %q has the same value for every pupil in the match (%s), so it cannot tell pupils apart; "+
				"remove it from matching.covariates", v.Name, val)
		}
		if why := completeSeparation(v, m.rows, m.arm); why != "" {
			return fmt.Errorf("matching: covariate %q separates the groups completely (%s), so no pupil who took part has a comparison pupil like them; "+
				"remove it from matching.covariates (a covariate that is the group itself, or decided by it, cannot be matched on)", v.Name, why)
		}
	}
	if m.s.distance == "logit" {
		// Collinear covariates: the propensity model cannot be fitted
		// (propensity would fail with the same words).
		X, names, _ := regress.DesignMatrix(m.covs, m.rows, true)
		if err := regress.Collinear(X, names); err != nil {
			return fmt.Errorf("matching: propensity-score model: %w", err)
		}
	}
	return nil
}

// singleValue reports whether v takes one value over rows, and which.
func singleValue(v data.Variable, rows []int) (bool, string) {
	if len(rows) == 0 {
		return false, ""
	}
	r0 := rows[0]
	for _, r := range rows[1:] {
		if v.Factor != nil && v.Factor.Codes[r] != v.Factor.Codes[r0] || v.Factor == nil && v.Num[r] != v.Num[r0] {
			return false, ""
		}
	}
	if v.Factor != nil {
		return true, strconv.Quote(v.Factor.Levels[v.Factor.Codes[r0]])
	}
	return true, strconv.FormatFloat(v.Num[r0], 'g', -1, 64)
}

// completeSeparation says how v separates the arms completely over rows
// (no value, or level, held by pupils of both arms), or "".
func completeSeparation(v data.Variable, rows []int, arm []int8) string {
	if v.Factor != nil {
		inT := make([]bool, len(v.Factor.Levels))
		inC := make([]bool, len(v.Factor.Levels))
		for _, r := range rows {
			if arm[r] == data.Treated {
				inT[v.Factor.Codes[r]] = true
			} else {
				inC[v.Factor.Codes[r]] = true
			}
		}
		var lt, lc []string
		for l := range v.Factor.Levels {
			if inT[l] && inC[l] {
				return ""
			}
			if inT[l] {
				lt = append(lt, strconv.Quote(v.Factor.Levels[l]))
			} else if inC[l] {
				lc = append(lc, strconv.Quote(v.Factor.Levels[l]))
			}
		}
		return fmt.Sprintf("pupils who took part are %s, pupils in the pool %s", strings.Join(lt, " or "), strings.Join(lc, " or "))
	}
	tmin, tmax := math.Inf(1), math.Inf(-1)
	cmin, cmax := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		x := v.Num[r]
		if arm[r] == data.Treated {
			tmin, tmax = math.Min(tmin, x), math.Max(tmax, x)
		} else {
			cmin, cmax = math.Min(cmin, x), math.Max(cmax, x)
		}
	}
	if !(tmin > cmax || tmax < cmin) {
		return ""
	}
	rng := func(lo, hi float64) string {
		if lo == hi {
			return strconv.FormatFloat(lo, 'g', 6, 64)
		}
		return strconv.FormatFloat(lo, 'g', 6, 64) + " to " + strconv.FormatFloat(hi, 'g', 6, 64)
	}
	return fmt.Sprintf("%s for every pupil who took part, %s for every pupil in the pool", rng(tmin, tmax), rng(cmin, cmax))
}

// missing names the first matching covariate or exact column pupil i
// lacks, or "".
func (m *matcher) missing(i int) string {
	for _, v := range m.covs {
		if v.Missing(i) {
			return v.Name
		}
	}
	for _, f := range m.sp.Exact {
		if f.Codes[i] < 0 {
			return f.Name
		}
	}
	return ""
}

// propensity fits the logistic regression of taking part on the matching
// covariates and explains separation in words.
func (m *matcher) propensity() error {
	y := make([]float64, len(m.rows))
	for k, r := range m.rows {
		if m.arm[r] == data.Treated {
			y[k] = 1
		}
	}
	X, names, _ := regress.DesignMatrix(m.covs, m.rows, true)
	fit, ferr := regress.Logistic(X, y, names)
	if ferr != nil {
		if m.s.distance == "logit" {
			if sep := regress.Separation(m.covs, m.rows, y); sep != "" {
				return fmt.Errorf("matching: the propensity-score model cannot be fitted: %s (separation); remove or merge the covariate, match exactly on it, or restrict the analysis to pupils where both groups occur", sep)
			}
			return fmt.Errorf("matching: propensity-score model: %w", ferr)
		}
		m.warns = append(m.warns, "the propensity score (used only for the plots and the order of matching) could not be estimated: "+ferr.Error())
		return nil
	}
	m.fitted = true
	m.rep.Model = propensityModel(fit, m.covs)
	// Separation: a covariate (level) that perfectly predicts taking
	// part drives its coefficient to ±∞; glm may still report
	// convergence (the deviance stops changing), so look for it
	// directly as well as for the symptoms.
	sep := regress.Separation(m.covs, m.rows, y)
	if sep == "" && (!fit.Converged || fit.FittedBoundary > 0) {
		sep = "a combination of the covariates perfectly predicts who took part"
	}
	if sep != "" {
		m.rep.Model.Separation = sep
		var what string
		switch {
		case !fit.Converged:
			what = fmt.Sprintf("did not converge after %d iterations", fit.Iterations)
		case fit.FittedBoundary > 0:
			what = fmt.Sprintf("gives %d pupils a probability of taking part of exactly 0 or 1", fit.FittedBoundary)
		default:
			what = "has no finite estimates"
		}
		m.warns = append(m.warns, fmt.Sprintf("the propensity-score model %s: %s (separation). Pupils who are certain to take part, or certain not to, have no comparable pupils in the other group: remove or merge the covariate, match exactly on it, or restrict the analysis to pupils where both groups occur", what, sep))
	}
	m.eta = make([]float64, len(m.arm))
	for k, r := range m.rows {
		m.rep.PS[r] = fit.Fitted[k]
		m.eta[r] = fit.Eta[k]
	}
	return nil
}

// distance chooses the 1-D matching distance (the propensity score or its
// logit) and turns the caliper's SDs into its units.
func (m *matcher) distance() error {
	if m.s.distance == "logit" {
		if m.s.caliperScale == "logit" {
			m.dist = m.eta
		} else {
			m.dist = m.rep.PS
		}
	}
	if m.s.caliper > 0 {
		vals := make([]float64, len(m.rows))
		for k, r := range m.rows {
			vals[k] = m.dist[r]
		}
		sd := sample.Of(vals).SD
		m.cal = m.s.caliper * sd
		m.rep.Caliper = data.Num(m.cal)
	}
	return nil
}

// matchCells matches within each exact cell, in the global order of the
// pupils who took part.
func (m *matcher) matchCells() error {
	ord, oerr := matchOrder(m.treated, m.s, m.rep.PS)
	if oerr != nil {
		m.warns = append(m.warns, oerr.Error())
	}
	rank := make(map[int]int, len(ord))
	for k, r := range ord {
		rank[r] = k
	}
	var zMah [][]float64
	if m.s.distance == "mahalanobis" {
		var err error
		zMah, err = mahalanobisCoords(m.covs, m.rows, m.arm)
		if err != nil {
			return err
		}
		if float64(m.nT)*float64(m.nC) > 2e8 {
			m.warns = append(m.warns, fmt.Sprintf("Mahalanobis matching compares every pupil who took part with every pupil in the pool (%d × %d pairs) and may take minutes; distance: logit is much faster at this size", m.nT, m.nC))
		}
	}
	cells := exactCells(m.sp.Exact, m.rows)
	m.mm = make(map[int][]int, m.nT) // treated row -> matched control rows
	var emptyCells, shortCells []string
	for _, cell := range cells {
		var cellOrd []int
		cc := 0
		for _, r := range cell.rows {
			if m.arm[r] == data.Treated {
				cellOrd = append(cellOrd, r)
			} else {
				cc++
			}
		}
		ct := len(cellOrd)
		if ct == 0 {
			continue
		}
		if cc == 0 {
			emptyCells = append(emptyCells, fmt.Sprintf("%s (%d pupils)", cell.label, ct))
			continue
		}
		if len(cells) > 1 && !m.s.replace && cc < m.s.ratio*ct {
			shortCells = append(shortCells, fmt.Sprintf("%s (%d took part, %d in the pool)", cell.label, ct, cc))
		}
		sort.Slice(cellOrd, func(a, b int) bool { return rank[cellOrd[a]] < rank[cellOrd[b]] })
		if m.s.distance == "mahalanobis" {
			matchMahalanobis(cell.rows, m.arm, cellOrd, zMah, m.s.ratio, m.s.replace, m.mm)
		} else {
			matchNearest(cell.rows, m.arm, cellOrd, m.dist, m.s.ratio, m.s.replace, m.cal, m.mm)
		}
	}
	if len(shortCells) > 0 {
		m.warns = append(m.warns, fmt.Sprintf("in some exact-matching cells the comparison pool is too small to give every pupil who took part %d match(es): %s", m.s.ratio, strings.Join(shortCells, "; ")))
	}
	if len(emptyCells) > 0 {
		m.warns = append(m.warns, fmt.Sprintf("no comparison pupil matches exactly on %s for: %s; these pupils who took part are left unmatched",
			strings.Join(factorNames(m.sp.Exact), ", "), strings.Join(emptyCells, "; ")))
	}
	return nil
}

// weigh gives the weights and matched sets (MatchIt's weights.matrix and
// mm2subclass).
func (m *matcher) weigh() error {
	w := m.rep.Weights
	var sub int32
	for _, t := range m.treated { // data order
		ctrl := m.mm[t]
		if len(ctrl) == 0 {
			continue
		}
		w[t] += 1
		m.res.Sets = append(m.res.Sets, Set{Treated: t, Controls: ctrl})
		for _, c := range ctrl {
			w[c] += 1 / float64(len(ctrl))
		}
		if !m.s.replace {
			sub++
			m.res.Subclass[t] = sub
			for _, c := range ctrl {
				m.res.Subclass[c] = sub
			}
		}
	}
	var sumC float64
	var mC, mT int
	for _, r := range m.rows {
		if w[r] > 0 {
			if m.arm[r] == data.Treated {
				mT++
			} else {
				mC++
				sumC += w[r]
			}
		}
	}
	if mT == 0 {
		return errors.New("matching: no pupil who took part found a comparison pupil (widen the caliper or relax the exact columns)")
	}
	for _, r := range m.rows {
		if m.arm[r] == data.Comparison && w[r] > 0 {
			w[r] *= float64(mC) / sumC
		}
	}
	m.rep.Counts.Treated.Matched = mT
	m.rep.Counts.Comparison.Matched = mC
	return nil
}

// countAndBalance fills the sample sizes, the balance before and after
// matching, and the warnings.
func (m *matcher) countAndBalance() error {
	c := &m.rep.Counts
	c.Treated.All = m.nT + m.missT
	c.Comparison.All = m.nC + m.missC
	c.Treated.Unmatched = m.nT - c.Treated.Matched
	c.Comparison.Unmatched = m.nC - c.Comparison.Matched
	c.Treated.ESSAll = data.Num(m.nT)
	c.Comparison.ESSAll = data.Num(m.nC)
	c.Treated.ESSMatched = data.Num(kishESS(m.rep.Weights, m.arm, m.rows, data.Treated))
	c.Comparison.ESSMatched = data.Num(kishESS(m.rep.Weights, m.arm, m.rows, data.Comparison))
	m.rep.Balance = matchBalance(m.covs, m.rows, m.arm, m.rep.PS, m.rep.Weights, m.fitted)
	m.warns = append(m.warns, matchWarnings(m.s, m.rep, m.rows, m.arm, m.nT, m.nC)...)
	m.rep.Warnings = m.warns
	return nil
}

func checkVariableLen(v data.Variable, n int) error {
	switch {
	case v.Factor != nil:
		if len(v.Factor.Codes) != n {
			return fmt.Errorf("matching: covariate %q has %d values for %d pupils", v.Name, len(v.Factor.Codes), n)
		}
	case len(v.Num) != n:
		return fmt.Errorf("matching: covariate %q has %d values for %d pupils", v.Name, len(v.Num), n)
	}
	return nil
}

func describeCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func factorNames(fs []data.Factor) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func fillSettings(m map[string]string, s resolved, sp *Settings) {
	m["distance"] = s.distance
	m["caliper_scale"] = s.caliperScale
	if s.caliper > 0 {
		m["caliper"] = strconv.FormatFloat(s.caliper, 'g', -1, 64)
	} else {
		m["caliper"] = "none"
	}
	m["ratio"] = strconv.Itoa(s.ratio)
	m["replace"] = strconv.FormatBool(s.replace)
	m["order"] = s.order
	if s.order == "random" {
		m["seed"] = strconv.FormatUint(s.seed, 10)
	}
	m["exact"] = strings.Join(factorNames(sp.Exact), ", ")
	names := make([]string, len(sp.Covariates))
	for i, v := range sp.Covariates {
		names[i] = v.Name
	}
	m["covariates"] = strings.Join(names, ", ")
	m["estimand"] = "ATT (effect on the pupils who took part)"
}

func propensityModel(fit *regress.LogitFit, covs []data.Variable) *PropensityModel {
	names := make([]string, len(covs))
	for i, v := range covs {
		names[i] = v.Name
	}
	pm := &PropensityModel{
		Formula:      "took_part ~ " + strings.Join(names, " + "),
		Converged:    fit.Converged,
		Iterations:   fit.Iterations,
		Deviance:     data.Num(fit.Deviance),
		NullDeviance: data.Num(fit.NullDeviance),
		N:            fit.N,
	}
	for j, nm := range fit.Names {
		pm.Terms = append(pm.Terms, Coefficient{
			Term: nm, Estimate: data.Num(fit.Coef[j]), SE: data.Num(fit.SE[j]), Z: data.Num(fit.Z[j]), PValue: data.Num(fit.P[j]),
		})
	}
	return pm
}

// matchOrder returns the pupils who took part in the order they choose
// their matches (MatchIt's m.order). Ties in the distance keep data order
// (R's order() is stable).
func matchOrder(treated []int, s resolved, ps []float64) ([]int, error) {
	ord := append([]int(nil), treated...)
	order := s.order
	if (order == "largest" || order == "smallest") && (len(treated) == 0 || math.IsNaN(ps[treated[0]])) {
		return ord, fmt.Errorf("matching order %q needs a propensity score, which is not available; data order was used", order)
	}
	switch order {
	case "largest":
		sort.SliceStable(ord, func(a, b int) bool { return ps[ord[a]] > ps[ord[b]] })
	case "smallest":
		sort.SliceStable(ord, func(a, b int) bool { return ps[ord[a]] < ps[ord[b]] })
	case "random":
		rng := rand.New(rand.NewPCG(s.seed, 0x6d61746368)) // "match"
		rng.Shuffle(len(ord), func(a, b int) { ord[a], ord[b] = ord[b], ord[a] })
	}
	return ord, nil
}

// cell is one exact-matching cell: rows in data order.
type cell struct {
	label string
	rows  []int
}

func exactCells(ex []data.Factor, rows []int) []cell {
	if len(ex) == 0 {
		return []cell{{label: "all", rows: rows}}
	}
	idx := map[string]int{}
	var cells []cell
	var key strings.Builder
	for _, r := range rows {
		key.Reset()
		for j, f := range ex {
			if j > 0 {
				key.WriteString(", ")
			}
			key.WriteString(f.Name)
			key.WriteString("=")
			key.WriteString(f.Levels[f.Codes[r]])
		}
		k := key.String()
		c, ok := idx[k]
		if !ok {
			c = len(cells)
			idx[k] = c
			cells = append(cells, cell{label: k})
		}
		cells[c].rows = append(cells[c].rows, r)
	}
	sort.Slice(cells, func(a, b int) bool { return cells[a].label < cells[b].label })
	return cells
}

// aliveSet is a set of positions 0..n−1 that supports deletion and "nearest
// alive position at or left/right of j" in amortised near-constant time
// (two union–find forests with path compression).
type aliveSet struct {
	left  []int32 // left[j+1] -> candidate for the largest alive <= j; 0 = none
	right []int32 // right[j] -> candidate for the smallest alive >= j; n = none
}

func newAliveSet(n int) *aliveSet {
	a := &aliveSet{left: make([]int32, n+1), right: make([]int32, n+1)}
	for j := range a.left {
		a.left[j] = int32(j)
		a.right[j] = int32(j)
	}
	return a
}

// leftOf returns the largest alive position <= j, or −1.
func (a *aliveSet) leftOf(j int) int {
	x := int32(j + 1)
	root := x
	for a.left[root] != root {
		root = a.left[root]
	}
	for a.left[x] != root {
		x, a.left[x] = a.left[x], root
	}
	return int(root) - 1
}

// rightOf returns the smallest alive position >= j, or n.
func (a *aliveSet) rightOf(j int) int {
	x := int32(j)
	root := x
	for a.right[root] != root {
		root = a.right[root]
	}
	for a.right[x] != root {
		x, a.right[x] = a.right[x], root
	}
	return int(root)
}

func (a *aliveSet) remove(j int) {
	a.left[j+1] = int32(j)
	a.right[j] = int32(j + 1)
}

// matchNearest is MatchIt's nearest-neighbour matching on a 1-D distance
// (nn_matchC) for one cell: rows (data order) hold both arms; ord is the
// cell's pupils who took part in matching order; d is the distance by row;
// cal > 0 is the caliper. Matches are appended to mm.
//
// Each pupil who took part gets the available comparison pupil with the
// smallest |d_c − d_t| within the caliper; on a tie, the first in data
// order (R's which.min over the controls in data order, as nn_matchC).
// Controls are sorted by (d, row); the nearest candidates are the first
// available control on each side of the treated pupil's position, and on
// the left the first available control of that control's run of equal
// distances (the smallest row with that distance).
func matchNearest(rows []int, arm []int8, ord []int, d []float64, ratio int, replace bool, cal float64, mm map[int][]int) {
	type keyed struct {
		d float64
		r int
	}
	all := make([]keyed, len(rows))
	for k, r := range rows {
		all[k] = keyed{d[r], r}
	}
	slices.SortFunc(all, func(a, b keyed) int {
		if c := cmp.Compare(a.d, b.d); c != 0 {
			return c
		}
		return cmp.Compare(a.r, b.r)
	})
	ctrl := make([]int, 0, len(all))
	pos := make(map[int]int, len(ord)) // treated row -> number of controls before it
	for _, e := range all {
		if arm[e.r] == data.Treated {
			pos[e.r] = len(ctrl)
		} else {
			ctrl = append(ctrl, e.r)
		}
	}
	nc := len(ctrl)
	cd := make([]float64, nc)
	runStart := make([]int32, nc)
	for j, r := range ctrl {
		cd[j] = d[r]
		if j > 0 && cd[j] == cd[j-1] {
			runStart[j] = runStart[j-1]
		} else {
			runStart[j] = int32(j)
		}
	}
	alive := newAliveSet(nc)
	remaining := nc
	taken := func(t, c int) bool { // c already matched to t (with replacement)
		if !replace {
			return false
		}
		for _, x := range mm[t] {
			if x == c {
				return true
			}
		}
		return false
	}
	for r := 0; r < ratio; r++ {
		for _, t := range ord {
			if remaining == 0 {
				return
			}
			dt := d[t]
			p := pos[t]
			kl := alive.leftOf(p - 1)
			for kl >= 0 && taken(t, ctrl[kl]) {
				kl = alive.leftOf(kl - 1)
			}
			if kl >= 0 && cal > 0 && math.Abs(dt-cd[kl]) > cal {
				kl = -1
			}
			if kl >= 0 {
				// The smallest row among the available controls with the
				// same distance: the first available in the run.
				j := alive.rightOf(int(runStart[kl]))
				for j < kl && taken(t, ctrl[j]) {
					j = alive.rightOf(j + 1)
				}
				kl = j
			}
			kr := alive.rightOf(p)
			for kr < nc && taken(t, ctrl[kr]) {
				kr = alive.rightOf(kr + 1)
			}
			if kr < nc && cal > 0 && math.Abs(dt-cd[kr]) > cal {
				kr = nc
			}
			var k int
			switch {
			case kl >= 0 && kr < nc:
				dl, dr := math.Abs(cd[kl]-dt), math.Abs(cd[kr]-dt)
				switch {
				case dl < dr:
					k = kl
				case dr < dl:
					k = kr
				case ctrl[kl] < ctrl[kr]:
					k = kl
				default:
					k = kr
				}
			case kl >= 0:
				k = kl
			case kr < nc:
				k = kr
			default:
				continue
			}
			mm[t] = append(mm[t], ctrl[k])
			if !replace {
				alive.remove(k)
				remaining--
			}
		}
	}
}

func kishESS(w []float64, arm []int8, rows []int, a int8) float64 {
	var s, s2 float64
	for _, r := range rows {
		if arm[r] == a {
			s += w[r]
			s2 += w[r] * w[r]
		}
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}
