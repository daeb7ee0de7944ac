package data

import (
	"encoding/json"
	"math"
	"strconv"
)

// Arm codes: each pupil's arm in evaluate.Input.Arm and in the families.
const (
	Excluded   int8 = -1 // in neither arm (a group value named by neither list)
	Comparison int8 = 0
	Treated    int8 = 1
)

// Design is a kind of evaluation design, spelled as in the design file's
// `design:` field (and the JSON's "design").
type Design string

// Design kinds, in the order they are documented.
const (
	DesignPrePost    Design = "pre-post"    // one group, before and after
	DesignTwoGroup   Design = "two-group"   // programme and comparison group, not randomised
	DesignRCT        Design = "rct"         // pupils randomised
	DesignClusterRCT Design = "cluster-rct" // schools or classes randomised
	DesignMatched    Design = "matched"     // a comparison group matched from a pool
)

// Randomised reports whether the design allocates pupils (or schools) at
// random.
func (d Design) Randomised() bool { return d == DesignRCT || d == DesignClusterRCT }

// TwoArm reports whether the design compares two groups of pupils.
func (d Design) TwoArm() bool { return d != DesignPrePost }

// Variable is a covariate: numeric (Num set) or categorical (Factor set).
type Variable struct {
	Name   string
	Num    []float64
	Factor *Factor
}

// Missing reports whether pupil i has no value of v (NaN or ±Inf for a
// numeric variable, code −1 for a categorical one).
func (v Variable) Missing(i int) bool {
	if v.Factor != nil {
		return v.Factor.Codes[i] < 0
	}
	x := v.Num[i]
	return math.IsNaN(x) || math.IsInf(x, 0)
}

// Factor is a categorical column: Codes index Levels, -1 = missing.
// Levels are sorted; the first is the reference level in regressions.
type Factor struct {
	Name   string
	Codes  []int32
	Levels []string
}

// Num is a float64 that marshals NaN and ±Inf as JSON null.
type Num float64

// MarshalJSON writes null for NaN and infinities, else the shortest
// decimal that round-trips.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// NaN is the missing Num.
var NaN = Num(math.NaN())
