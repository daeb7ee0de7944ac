package scales_test

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/scales"
)

// Four 1–5 items answered by five pupils; the third item is worded the
// other way round, and a score needs three answers. (psych::alpha on the
// three complete pupils: raw_alpha 0.9315, 0.9474 without q2.)
func ExampleScale_Score() {
	nan := math.NaN()
	items := [][]float64{
		{4, 5, 2, 3, nan}, // q1
		{4, 4, 3, 3, nan}, // q2
		{2, 1, 4, nan, 5}, // q3, reverse-worded: 2 counts as 4
		{5, 4, 2, 3, 1},   // q4
	}
	s := scales.Scale{Min: 1, Max: 5, Reverse: []int{2}, MinItems: 3}
	res, err := s.Score(items)
	if err != nil {
		panic(err)
	}
	fmt.Println("scores:", res.Score)
	fmt.Println("answered:", res.Answered, "short:", res.Short)
	r, err := s.Reliability(items)
	if err != nil {
		panic(err)
	}
	fmt.Printf("alpha %.3f on %d pupils; if q2 were dropped %.3f\n", r.Alpha, r.N, r.AlphaIfDropped[1])
	// Output:
	// scores: [4.25 4.5 2.25 3 NaN]
	// answered: [4 4 4 3 2] short: 1
	// alpha 0.932 on 3 pupils; if q2 were dropped 0.947
}
