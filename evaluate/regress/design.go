package regress

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/whatworks/whatworks/evaluate/data"
	"gonum.org/v1/gonum/mat"
)

// Term says where a column of a covariate design matrix comes from.
type Term struct {
	Variable string
	Level    string // categorical: the level coded 1; "" for numeric
	Ref      string // categorical: the reference level
}

// DesignMatrix builds the design matrix of vars for the given rows:
// an intercept column when intercept is true, then each numeric covariate,
// then each categorical covariate as 0/1 dummies for every level seen in
// rows except the first (the reference level, the first in sorted order,
// as R's treatment contrasts). Levels absent from rows are dropped (as
// R's droplevels).
func DesignMatrix(vars []data.Variable, rows []int, intercept bool) (*mat.Dense, []string, []Term) {
	var names []string
	var terms []Term
	type col struct {
		v     *data.Variable
		level int32
	}
	var cols []col
	if intercept {
		names = append(names, "(Intercept)")
		terms = append(terms, Term{})
		cols = append(cols, col{})
	}
	for i := range vars {
		v := &vars[i]
		if v.Factor == nil {
			names = append(names, v.Name)
			terms = append(terms, Term{Variable: v.Name})
			cols = append(cols, col{v: v})
			continue
		}
		seen := make([]bool, len(v.Factor.Levels))
		for _, r := range rows {
			if c := v.Factor.Codes[r]; c >= 0 {
				seen[c] = true
			}
		}
		ref := -1
		for l, ok := range seen {
			if !ok {
				continue
			}
			if ref < 0 {
				ref = l
				continue
			}
			names = append(names, v.Name+"="+v.Factor.Levels[l])
			terms = append(terms, Term{Variable: v.Name, Level: v.Factor.Levels[l], Ref: v.Factor.Levels[ref]})
			cols = append(cols, col{v: v, level: int32(l)})
		}
	}
	X := mat.NewDense(max(len(rows), 1), max(len(cols), 1), nil)
	for i, r := range rows {
		for j, c := range cols {
			switch {
			case c.v == nil:
				X.Set(i, j, 1)
			case c.v.Factor == nil:
				X.Set(i, j, c.v.Num[r])
			case c.v.Factor.Codes[r] == c.level:
				X.Set(i, j, 1)
			}
		}
	}
	return X, names, terms
}

// Separation explains, in words, why a logistic regression of taking
// part (y) on the covariates may have diverged: for each covariate level
// (or binary covariate) in which every pupil is in one arm, and each
// numeric covariate whose values in the two arms do not overlap. It
// returns "" when no single covariate separates the arms; the caller then
// reports a combination of covariates.
func Separation(vars []data.Variable, rows []int, y []float64) string {
	var msgs []string
	for _, v := range vars {
		if v.Factor != nil {
			nt := make([]int, len(v.Factor.Levels))
			nc := make([]int, len(v.Factor.Levels))
			for i, r := range rows {
				c := v.Factor.Codes[r]
				if c < 0 {
					continue
				}
				if y[i] == 1 {
					nt[c]++
				} else {
					nc[c]++
				}
			}
			for l := range v.Factor.Levels {
				switch {
				case nt[l] > 0 && nc[l] == 0:
					msgs = append(msgs, fmt.Sprintf("every pupil with %s = %q took part (%d pupils, none in the comparison pool)", v.Name, v.Factor.Levels[l], nt[l]))
				case nc[l] > 0 && nt[l] == 0:
					msgs = append(msgs, fmt.Sprintf("no pupil with %s = %q took part (%d pupils, all in the comparison pool)", v.Name, v.Factor.Levels[l], nc[l]))
				}
			}
			continue
		}
		tmin, tmax := math.Inf(1), math.Inf(-1)
		cmin, cmax := math.Inf(1), math.Inf(-1)
		for i, r := range rows {
			x := v.Num[r]
			if y[i] == 1 {
				tmin, tmax = math.Min(tmin, x), math.Max(tmax, x)
			} else {
				cmin, cmax = math.Min(cmin, x), math.Max(cmax, x)
			}
		}
		if math.IsInf(tmin, 0) || math.IsInf(cmin, 0) {
			continue
		}
		binary := isBinaryRows(v.Num, rows)
		switch {
		case binary && tmin == tmax && cmin == cmax && tmin != cmin:
			msgs = append(msgs, fmt.Sprintf("%s = %v for every pupil who took part and %v for every pupil in the comparison pool", v.Name, tmin, cmin))
		case binary:
			// A binary covariate separates only if one of its values is
			// confined to one arm.
			for _, val := range []float64{0, 1} {
				inT, inC := 0, 0
				for i, r := range rows {
					if v.Num[r] == val {
						if y[i] == 1 {
							inT++
						} else {
							inC++
						}
					}
				}
				if inT > 0 && inC == 0 {
					msgs = append(msgs, fmt.Sprintf("every pupil with %s = %v took part (%d pupils, none in the comparison pool)", v.Name, val, inT))
				} else if inC > 0 && inT == 0 {
					msgs = append(msgs, fmt.Sprintf("no pupil with %s = %v took part (%d pupils, all in the comparison pool)", v.Name, val, inC))
				}
			}
		case tmin > cmax:
			msgs = append(msgs, fmt.Sprintf("every pupil who took part has a higher %s (lowest %v) than every pupil in the comparison pool (highest %v)", v.Name, tmin, cmax))
		case tmax < cmin:
			msgs = append(msgs, fmt.Sprintf("every pupil who took part has a lower %s (highest %v) than every pupil in the comparison pool (lowest %v)", v.Name, tmax, cmin))
		case tmin >= cmax:
			msgs = append(msgs, fmt.Sprintf("%s separates the groups: no pupil who took part has a lower value than any pupil in the comparison pool (they meet only at %v)", v.Name, tmin))
		case tmax <= cmin:
			msgs = append(msgs, fmt.Sprintf("%s separates the groups: no pupil who took part has a higher value than any pupil in the comparison pool (they meet only at %v)", v.Name, tmax))
		}
	}
	sort.Strings(msgs)
	return strings.Join(msgs, "; ")
}

func isBinaryRows(x []float64, rows []int) bool {
	for _, r := range rows {
		if x[r] != 0 && x[r] != 1 {
			return false
		}
	}
	return true
}
