package publish

import (
	"math"

	"github.com/whatworks/whatworks/evaluate"
)

// Mark is what a withheld number shows as: "c", the mark of the
// Department for Education's statistics for a number withheld to protect
// confidentiality.
const Mark = "c"

// Count is a withheld count: a value no count can have. Outputs show it
// as Mark; the JSON as null.
const Count = math.MinInt32

// withheldBits is the bit pattern of a withheld evaluate.Num: a quiet NaN
// with a payload of its own, so that every output that treats NaN as "no
// number" shows nothing, and outputs that know the mark show "c".
const withheldBits = 0x7ff8_0000_0000_0c0c

// Num is a withheld number.
func Num() evaluate.Num { return evaluate.Num(math.Float64frombits(withheldBits)) }

// IsNum reports whether x is a withheld number.
func IsNum(x evaluate.Num) bool { return math.Float64bits(float64(x)) == withheldBits }

// IsFloat reports whether x is a withheld number.
func IsFloat(x float64) bool { return math.Float64bits(x) == withheldBits }

// IsCount reports whether n is a withheld count.
func IsCount(n int) bool { return n == Count }

// IsCountPtr reports whether p points to a withheld count.
func IsCountPtr(p *int) bool { return p != nil && *p == Count }

// count returns a new pointer to a withheld count, or nil for nil.
func countPtr(p *int) *int {
	if p == nil {
		return nil
	}
	c := Count
	return &c
}
