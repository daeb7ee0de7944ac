package words

import (
	"fmt"
	"math"
	"strconv"

	"github.com/whatworks/whatworks/evaluate"
)

// PlanSizes names the sizes of a plan: "60 pupils (30 in each group)",
// "40 schools of 25 pupils (1,000 pupils)", "60 pupils measured before and
// after".
func PlanSizes(r *evaluate.PlanReport) string {
	res, p := r.Result, r.Result.Plan
	switch p.Design {
	case evaluate.DesignPrePost:
		return Count(res.N) + " pupils measured before and after"
	case evaluate.DesignClusterRCT:
		avg := ""
		if !isWholeNum(p.ClusterSize) {
			avg = " on average"
		}
		return fmt.Sprintf("%d %s of %s pupils%s (%s pupils)", p.Clusters, r.ClusterWord, Count(p.ClusterSize), avg, Count(res.N))
	}
	return Count(res.N) + " pupils" + groupsParen(r)
}

// groupsParen is " (30 in each group)", " (20 in the programme, 40 in the
// comparison group)" or "" when the groups are not whole.
func groupsParen(r *evaluate.PlanReport) string {
	t, c := r.PupilsTreated, r.PupilsComparison
	switch {
	case !isWholeNum(t) || !isWholeNum(c):
		return ""
	case t == c:
		return " (" + Count(t) + " in each group)"
	}
	return " (" + Count(t) + " in the programme, " + Count(c) + " in the comparison group)"
}

// Pct is a proportion as a percentage: 0.8 → "80%", 0.234 → "23%",
// 0.025 → "2.5%".
func Pct(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	v := 100 * x
	if v >= 10 || v == math.Trunc(v) {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

// Count is a number of pupils or clusters: "1,000", or "30.5", "7.5" when
// not whole.
func Count(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	if !isWholeNum(x) {
		// An average or a share of pupils: to one decimal ("44.9", not
		// the "44.90625" of 7,185 pupils in 160 schools), or whole when
		// it rounds to a whole number.
		r := math.Round(10*x) / 10
		if isWholeNum(r) {
			return Count(r)
		}
		whole, frac := math.Modf(math.Abs(r))
		s := Count(whole) + strconv.FormatFloat(frac, 'f', 1, 64)[1:]
		if r < 0 {
			s = "-" + s
		}
		return s
	}
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func isWholeNum(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x-math.Round(x)) <= 1e-9*math.Max(1, math.Abs(x))
}
