package evaluate

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

	"github.com/whatworks/whatworks/evaluate/regress"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// MatchResult is the outcome of Match: one entry per input row in every
// slice.
type MatchResult struct {
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
	Sets   []MatchedSet
	Report *MatchReport
}

// MatchedSet is one pupil who took part and the comparison pupils matched
// to them (row indices of the input).
type MatchedSet struct {
	Treated  int
	Controls []int
}

// matchSettings is a MatchSpec with defaults filled in and checked.
type matchSettings struct {
	distance     string // logit | mahalanobis
	caliper      float64
	caliperScale string // probability | logit
	ratio        int
	replace      bool
	order        string
	seed         uint64
}

func matchSettingsOf(in Input) (matchSettings, error) {
	sp := in.Matching
	if sp == nil {
		return matchSettings{}, errors.New("matching: the design has no matching settings (add a matching: section)")
	}
	s := matchSettings{
		distance:     strings.ToLower(sp.Distance),
		caliper:      sp.Caliper,
		caliperScale: strings.ToLower(sp.CaliperScale),
		ratio:        sp.Ratio,
		replace:      sp.Replace,
		order:        strings.ToLower(sp.Order),
		seed:         sp.Seed,
	}
	if s.seed == 0 {
		s.seed = in.Seed
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

// Match builds a matched comparison group for the pupils who took part
// (Input.Arm == Treated) from the comparison pool (Arm == Comparison), as
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
//  6. weights as MatchIt's weights.matrix (see MatchResult.Weights).
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
func Match(in Input) (*MatchResult, error) {
	s, err := matchSettingsOf(in)
	if err != nil {
		return nil, err
	}
	n := len(in.Arm)
	if n == 0 {
		return nil, errors.New("matching: no pupils")
	}
	covs := in.Matching.Covariates
	for _, v := range covs {
		if err := checkVariableLen(v, n); err != nil {
			return nil, err
		}
	}
	for _, f := range in.Matching.Exact {
		if len(f.Codes) != n {
			return nil, fmt.Errorf("matching: exact column %q has %d values for %d pupils", f.Name, len(f.Codes), n)
		}
	}

	rep := &MatchReport{
		Settings:       map[string]string{},
		Caliper:        NaN,
		SMDDenominator: "SD of the pupils who took part, before matching (MatchIt and cobalt for the ATT; sqrt(p(1 − p)) for 0/1 variables)",
		PS:             make([]float64, n),
		Arm:            make([]int8, n),
		Weights:        make([]float64, n),
	}
	res := &MatchResult{
		Weights:  rep.Weights,
		Subclass: make([]int32, n),
		PS:       rep.PS,
		Report:   rep,
	}
	for i := range res.Subclass {
		res.Subclass[i] = -1
		rep.PS[i] = math.NaN()
		rep.Arm[i] = Excluded
	}
	fillSettings(rep.Settings, s, in.Matching)

	// Pupils in the match: in an arm, no missing covariate or exact column.
	var rows []int
	var missT, missC int
	var missVars = map[string]int{}
	for i := 0; i < n; i++ {
		a := in.Arm[i]
		if a != Treated && a != Comparison {
			continue
		}
		miss := ""
		for _, v := range covs {
			if variableMissing(v, i) {
				miss = v.Name
				break
			}
		}
		if miss == "" {
			for _, f := range in.Matching.Exact {
				if f.Codes[i] < 0 {
					miss = f.Name
					break
				}
			}
		}
		if miss != "" {
			missVars[miss]++
			if a == Treated {
				missT++
			} else {
				missC++
			}
			continue
		}
		rows = append(rows, i)
		rep.Arm[i] = a
	}
	rep.Counts.Treated.Discarded = missT
	rep.Counts.Comparison.Discarded = missC
	var nT, nC int
	for _, r := range rows {
		if in.Arm[r] == Treated {
			nT++
		} else {
			nC++
		}
	}
	if nT == 0 {
		return nil, errors.New("matching: no pupil who took part has all the matching covariates (check the group column and missing values)")
	}
	if nC == 0 {
		return nil, errors.New("matching: no pupil in the comparison pool has all the matching covariates (check the group column and missing values)")
	}
	var warns []string
	if missT+missC > 0 {
		warns = append(warns, fmt.Sprintf("%d pupils who took part and %d in the comparison pool were left out of matching because a matching covariate is missing (%s); the results describe only pupils with complete data",
			missT, missC, describeCounts(missVars)))
	}

	// Propensity score.
	y := make([]float64, len(rows))
	for k, r := range rows {
		if in.Arm[r] == Treated {
			y[k] = 1
		}
	}
	X, names, _ := covariateMatrix(covs, rows, true)
	fit, ferr := regress.Logistic(X, y, names)
	var eta []float64
	if ferr != nil {
		if s.distance == "logit" {
			if sep := separationReport(covs, rows, y); sep != "" {
				return nil, fmt.Errorf("matching: the propensity-score model cannot be fitted: %s (separation); remove or merge the covariate, match exactly on it, or restrict the analysis to pupils where both groups occur", sep)
			}
			return nil, fmt.Errorf("matching: propensity-score model: %w", ferr)
		}
		warns = append(warns, "the propensity score (used only for the plots and the order of matching) could not be estimated: "+ferr.Error())
	} else {
		rep.Model = propensityModel(fit, covs)
		// Separation: a covariate (level) that perfectly predicts taking
		// part drives its coefficient to ±∞; glm may still report
		// convergence (the deviance stops changing), so look for it
		// directly as well as for the symptoms.
		sep := separationReport(covs, rows, y)
		if sep == "" && (!fit.Converged || fit.FittedBoundary > 0) {
			sep = "a combination of the covariates perfectly predicts who took part"
		}
		if sep != "" {
			rep.Model.Separation = sep
			var what string
			switch {
			case !fit.Converged:
				what = fmt.Sprintf("did not converge after %d iterations", fit.Iterations)
			case fit.FittedBoundary > 0:
				what = fmt.Sprintf("gives %d pupils a probability of taking part of exactly 0 or 1", fit.FittedBoundary)
			default:
				what = "has no finite estimates"
			}
			warns = append(warns, fmt.Sprintf("the propensity-score model %s: %s (separation). Pupils who are certain to take part, or certain not to, have no comparable pupils in the other group: remove or merge the covariate, match exactly on it, or restrict the analysis to pupils where both groups occur", what, sep))
		}
		eta = make([]float64, n)
		for k, r := range rows {
			rep.PS[r] = fit.Fitted[k]
			eta[r] = fit.Eta[k]
		}
	}

	// Matching distance.
	var dist []float64
	if s.distance == "logit" {
		if s.caliperScale == "logit" {
			dist = eta
		} else {
			dist = rep.PS
		}
	}
	var cal float64
	if s.caliper > 0 {
		vals := make([]float64, len(rows))
		for k, r := range rows {
			vals[k] = dist[r]
		}
		sd := sample.Of(vals).SD
		cal = s.caliper * sd
		rep.Caliper = Num(cal)
	}

	// Order of the pupils who took part (global; restricted to each cell).
	treated := make([]int, 0, nT)
	for _, r := range rows {
		if in.Arm[r] == Treated {
			treated = append(treated, r)
		}
	}
	ord, oerr := matchOrder(treated, s, rep.PS)
	if oerr != nil {
		warns = append(warns, oerr.Error())
	}
	rank := make(map[int]int, len(ord))
	for k, r := range ord {
		rank[r] = k
	}

	var zMah [][]float64
	if s.distance == "mahalanobis" {
		zMah, err = mahalanobisCoords(covs, rows, in.Arm)
		if err != nil {
			return nil, err
		}
		if float64(nT)*float64(nC) > 2e8 {
			warns = append(warns, fmt.Sprintf("Mahalanobis matching compares every pupil who took part with every pupil in the pool (%d × %d pairs) and may take minutes; distance: logit is much faster at this size", nT, nC))
		}
	}

	// Exact cells.
	cells := exactCells(in.Matching.Exact, rows)
	mm := make(map[int][]int, nT) // treated row -> matched control rows
	var emptyCells, shortCells []string
	for _, cell := range cells {
		var ct, cc int
		for _, r := range cell.rows {
			if in.Arm[r] == Treated {
				ct++
			} else {
				cc++
			}
		}
		if ct == 0 {
			continue
		}
		if cc == 0 {
			emptyCells = append(emptyCells, fmt.Sprintf("%s (%d pupils)", cell.label, ct))
			continue
		}
		if len(cells) > 1 && !s.replace && cc < s.ratio*ct {
			shortCells = append(shortCells, fmt.Sprintf("%s (%d took part, %d in the pool)", cell.label, ct, cc))
		}
		cellOrd := make([]int, 0, ct)
		for _, r := range cell.rows {
			if in.Arm[r] == Treated {
				cellOrd = append(cellOrd, r)
			}
		}
		sort.Slice(cellOrd, func(a, b int) bool { return rank[cellOrd[a]] < rank[cellOrd[b]] })
		if s.distance == "mahalanobis" {
			matchMahalanobis(cell.rows, in.Arm, cellOrd, zMah, s.ratio, s.replace, mm)
		} else {
			matchNearest(cell.rows, in.Arm, cellOrd, dist, s.ratio, s.replace, cal, mm)
		}
	}
	if len(shortCells) > 0 {
		warns = append(warns, fmt.Sprintf("in some exact-matching cells the comparison pool is too small to give every pupil who took part %d match(es): %s", s.ratio, strings.Join(shortCells, "; ")))
	}
	if len(emptyCells) > 0 {
		warns = append(warns, fmt.Sprintf("no comparison pupil matches exactly on %s for: %s; these pupils who took part are left unmatched",
			strings.Join(factorNames(in.Matching.Exact), ", "), strings.Join(emptyCells, "; ")))
	}

	// Weights and subclasses (MatchIt's weights.matrix and mm2subclass).
	var sub int32
	for _, t := range treated { // data order
		ctrl := mm[t]
		if len(ctrl) == 0 {
			continue
		}
		rep.Weights[t] += 1
		res.Sets = append(res.Sets, MatchedSet{Treated: t, Controls: ctrl})
		for _, c := range ctrl {
			rep.Weights[c] += 1 / float64(len(ctrl))
		}
		if !s.replace {
			sub++
			res.Subclass[t] = sub
			for _, c := range ctrl {
				res.Subclass[c] = sub
			}
		}
	}
	var sumC float64
	var mC, mT int
	for _, r := range rows {
		if rep.Weights[r] > 0 {
			if in.Arm[r] == Treated {
				mT++
			} else {
				mC++
				sumC += rep.Weights[r]
			}
		}
	}
	if mT == 0 {
		return nil, errors.New("matching: no pupil who took part found a comparison pupil (widen the caliper or relax the exact columns)")
	}
	for _, r := range rows {
		if in.Arm[r] == Comparison && rep.Weights[r] > 0 {
			rep.Weights[r] *= float64(mC) / sumC
		}
	}

	// Counts.
	rep.Counts.Treated.All = nT + missT
	rep.Counts.Comparison.All = nC + missC
	rep.Counts.Treated.Matched = mT
	rep.Counts.Comparison.Matched = mC
	rep.Counts.Treated.Unmatched = nT - mT
	rep.Counts.Comparison.Unmatched = nC - mC
	rep.Counts.Treated.ESSAll = Num(nT)
	rep.Counts.Comparison.ESSAll = Num(nC)
	rep.Counts.Treated.ESSMatched = Num(kishESS(rep.Weights, in.Arm, rows, Treated))
	rep.Counts.Comparison.ESSMatched = Num(kishESS(rep.Weights, in.Arm, rows, Comparison))

	// Balance.
	rep.Balance = matchBalance(covs, rows, in.Arm, rep.PS, rep.Weights, fit != nil)

	// Warnings in words.
	warns = append(warns, matchWarnings(s, rep, rows, in.Arm, nT, nC)...)
	rep.Warnings = warns
	return res, nil
}

func checkVariableLen(v Variable, n int) error {
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

func variableMissing(v Variable, i int) bool {
	if v.Factor != nil {
		return v.Factor.Codes[i] < 0
	}
	x := v.Num[i]
	return math.IsNaN(x) || math.IsInf(x, 0)
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

func factorNames(fs []Factor) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func fillSettings(m map[string]string, s matchSettings, sp *MatchSpec) {
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

func propensityModel(fit *regress.LogitFit, covs []Variable) *PropensityModel {
	names := make([]string, len(covs))
	for i, v := range covs {
		names[i] = v.Name
	}
	pm := &PropensityModel{
		Formula:      "took_part ~ " + strings.Join(names, " + "),
		Converged:    fit.Converged,
		Iterations:   fit.Iterations,
		Deviance:     Num(fit.Deviance),
		NullDeviance: Num(fit.NullDeviance),
		N:            fit.N,
	}
	for j, nm := range fit.Names {
		pm.Terms = append(pm.Terms, Coefficient{
			Term: nm, Estimate: Num(fit.Coef[j]), SE: Num(fit.SE[j]), Z: Num(fit.Z[j]), PValue: Num(fit.P[j]),
		})
	}
	return pm
}

// matchOrder returns the pupils who took part in the order they choose
// their matches (MatchIt's m.order). Ties in the distance keep data order
// (R's order() is stable).
func matchOrder(treated []int, s matchSettings, ps []float64) ([]int, error) {
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

func exactCells(ex []Factor, rows []int) []cell {
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
		if arm[e.r] == Treated {
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
