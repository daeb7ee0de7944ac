package publish

import (
	"fmt"
	"math"
)

// The roundings of Rules.Rounding (docs/methods.md §18).
const (
	// RoundNone rounds nothing: only groups under MinCount are withheld.
	RoundNone = "none"
	// RoundHESA is the Higher Education Statistics Agency's rounding:
	// counts to the nearest 5 (0, 1 and 2 to 0), percentages on fewer
	// than 22.5 pupils and means on 7 or fewer withheld.
	RoundHESA = "hesa"
	// RoundOfS is the Office for Students' rounding: counts to the
	// nearest 10, statistics on denominators under 23 withheld.
	RoundOfS = "ofs"
)

// Roundings are the values Rules.Rounding takes.
var Roundings = []string{RoundNone, RoundHESA, RoundOfS}

// DefaultMinCount is the smallest group shown when no other is given: the
// threshold of the DfE's and most schools' publishing.
const DefaultMinCount = 10

// Rules are the publishing rules of a shared output: the design file's
// `publish: {min_count: 10, rounding: none}` block, or `--suppress-small`
// with the defaults.
type Rules struct {
	// MinCount: every number about a group of fewer pupils than this is
	// withheld (0 = DefaultMinCount).
	MinCount int `json:"min_count"`
	// Rounding is RoundNone ("" = none), RoundHESA or RoundOfS.
	Rounding string `json:"rounding"`
}

// WithDefaults fills in MinCount and Rounding.
func (r Rules) WithDefaults() Rules {
	if r.MinCount == 0 {
		r.MinCount = DefaultMinCount
	}
	if r.Rounding == "" {
		r.Rounding = RoundNone
	}
	return r
}

// Validate says what is wrong with r, or nil.
func (r Rules) Validate() error {
	r = r.WithDefaults()
	if r.MinCount < 2 {
		return fmt.Errorf("publish.min_count must be 2 or more (10 is usual), not %d", r.MinCount)
	}
	switch r.Rounding {
	case RoundNone, RoundHESA, RoundOfS:
		return nil
	}
	return fmt.Errorf("publish.rounding must be none, hesa or ofs, not %q", r.Rounding)
}

// RoundCount is n as published: unchanged with RoundNone; with RoundHESA
// to the nearest 5 (0, 1 and 2 to 0, 3 to 7 to 5, …); with RoundOfS to
// the nearest 10 (5 to 14 to 10, …). Halves round up. A withheld count
// stays withheld.
func (r Rules) RoundCount(n int) int {
	if IsCount(n) {
		return n
	}
	step := r.step()
	if step <= 1 {
		return n
	}
	return int(math.Floor(float64(n)/float64(step)+0.5)) * step
}

// step is the rounding base of counts (1 = none).
func (r Rules) step() int {
	switch r.Rounding {
	case RoundHESA:
		return 5
	case RoundOfS:
		return 10
	}
	return 1
}

// Rounds reports whether counts are rounded.
func (r Rules) Rounds() bool { return r.step() > 1 }

// meanMin is the fewest pupils a mean (or another statistic of scores) of
// a group may rest on: MinCount, and with RoundHESA 8 (HESA withholds
// means on 7 or fewer), with RoundOfS 23 (denominators under 23).
func (r Rules) meanMin() int {
	r = r.WithDefaults()
	switch r.Rounding {
	case RoundHESA:
		return max(r.MinCount, 8)
	case RoundOfS:
		return max(r.MinCount, 23)
	}
	return r.MinCount
}

// shareMin is the fewest pupils a percentage (a proportion, a risk
// difference) may rest on: MinCount, and with RoundHESA or RoundOfS 23
// (HESA withholds percentages on fewer than 22.5 people; the OfS
// denominators under 23).
func (r Rules) shareMin() int {
	r = r.WithDefaults()
	if r.Rounding == RoundHESA || r.Rounding == RoundOfS {
		return max(r.MinCount, 23)
	}
	return r.MinCount
}

// Words say the rules in a sentence for notes under tables: `"c" marks a
// number withheld …`.
func (r Rules) Words() string {
	r = r.WithDefaults()
	s := fmt.Sprintf(`"%s" marks a number withheld under the publishing rules: every number about a group of fewer than %d pupils, and numbers from which one could be worked out`, Mark, r.MinCount)
	switch r.Rounding {
	case RoundHESA:
		s += "; counts are rounded to a multiple of 5 (the nearest; below 3 to 0), and percentages on fewer than 23 pupils and means on 7 or fewer are withheld (HESA's rounding and suppression)"
	case RoundOfS:
		s += "; counts are rounded to the nearest 10, and statistics on fewer than 23 pupils are withheld (the OfS's rounding and suppression)"
	}
	return s + "."
}
