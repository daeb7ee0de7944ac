package scales

import (
	"fmt"
	"math"
)

// Scale says how a questionnaire scale is scored.
type Scale struct {
	// Min and Max are the lowest and highest possible answers (1 and 5 for
	// a five-point Likert item).
	Min, Max float64
	// Reverse lists the reverse-worded items, by position (0 = first), each
	// scored Min + Max − answer.
	Reverse []int
	// MinItems is the number of answered items a pupil needs for a score;
	// 0 means every item.
	MinItems int
}

// ReverseScore returns min + max − x: on a 1–5 item, 1 becomes 5 and 4
// becomes 2.
func ReverseScore(x, min, max float64) float64 { return min + max - x }

// check validates the scale and its items' answers.
func (s Scale) check(items [][]float64) error {
	k := len(items)
	if k == 0 {
		return fmt.Errorf("a scale needs at least one item")
	}
	if s.MinItems < 0 || s.MinItems > k {
		return fmt.Errorf("min_items is %d for a scale of %d items", s.MinItems, k)
	}
	seen := make(map[int]bool, len(s.Reverse))
	for _, j := range s.Reverse {
		if j < 0 || j >= k {
			return fmt.Errorf("reverse item %d is not among the %d items", j+1, k)
		}
		if seen[j] {
			return fmt.Errorf("reverse item %d is listed twice", j+1)
		}
		seen[j] = true
	}
	return s.checkAnswers(items)
}

// checkAnswers checks the items have the same length and every answer is
// NaN or between Min and Max.
func (s Scale) checkAnswers(items [][]float64) error {
	if math.IsNaN(s.Min) || math.IsNaN(s.Max) || math.IsInf(s.Min, 0) || math.IsInf(s.Max, 0) || s.Min >= s.Max {
		return fmt.Errorf("answers range from %v to %v: min must be below max", s.Min, s.Max)
	}
	n := len(items[0])
	for j, it := range items {
		if len(it) != n {
			return fmt.Errorf("item %d has %d answers and item 1 has %d", j+1, len(it), n)
		}
		for i, v := range it {
			if !math.IsNaN(v) && (v < s.Min || v > s.Max) {
				return fmt.Errorf("item %d, pupil %d: answer %v is outside %v to %v", j+1, i+1, v, s.Min, s.Max)
			}
		}
	}
	return nil
}

// Keyed returns a copy of items with the reverse items scored
// Min + Max − answer, after checking every answer is NaN or between Min
// and Max.
func (s Scale) Keyed(items [][]float64) ([][]float64, error) {
	if err := s.check(items); err != nil {
		return nil, fmt.Errorf("scoring a scale: %w", err)
	}
	rev := make(map[int]bool, len(s.Reverse))
	for _, j := range s.Reverse {
		rev[j] = true
	}
	out := make([][]float64, len(items))
	for j, it := range items {
		out[j] = append([]float64(nil), it...)
		if rev[j] {
			for i, v := range out[j] {
				out[j][i] = ReverseScore(v, s.Min, s.Max) // NaN stays NaN
			}
		}
	}
	return out, nil
}

// Scores holds each pupil's scale score.
type Scores struct {
	// Score is the mean of the pupil's answered items, reverse items
	// flipped; NaN when fewer than MinItems (or, with MinItems 0, not
	// every item) are answered.
	Score []float64
	// Answered is the number of items each pupil answered.
	Answered []int
	// Short counts the pupils who answered some items but too few for a
	// score; Unanswered those who answered none.
	Short, Unanswered int
}

// Score returns each pupil's scale score: with pupil i's answered items
// A_i (reverse items scored Min + Max − x) and m = MinItems (the number
// of items when 0),
//
//	score_i = (1/|A_i|) Σ_{j ∈ A_i} x_ij   when |A_i| ≥ m,   NaN otherwise
//
// so a score stays on the items' scale (1–5) however many items were
// answered. items[j][i] is pupil i's answer to item j, NaN for no answer.
// An answer outside Min to Max, or a bad scale, is an error.
func (s Scale) Score(items [][]float64) (Scores, error) {
	keyed, err := s.Keyed(items)
	if err != nil {
		return Scores{}, err
	}
	need := s.MinItems
	if need == 0 {
		need = len(items)
	}
	n := len(items[0])
	res := Scores{Score: make([]float64, n), Answered: make([]int, n)}
	for i := range n {
		sum, m := 0.0, 0
		for _, it := range keyed {
			if v := it[i]; !math.IsNaN(v) {
				sum += v
				m++
			}
		}
		res.Answered[i] = m
		switch {
		case m == 0:
			res.Unanswered++
			res.Score[i] = math.NaN()
		case m < need:
			res.Short++
			res.Score[i] = math.NaN()
		default:
			res.Score[i] = sum / float64(m)
		}
	}
	return res, nil
}

// Counts returns how many pupils gave each whole-number answer Min, Min + 1,
// …, Max to one item (counts[0] is Min), and how many did not answer
// (NaN). Answers that are not whole numbers between Min and Max are an
// error.
func (s Scale) Counts(item []float64) (counts []int, missing int, err error) {
	if err := s.checkAnswers([][]float64{item}); err != nil {
		return nil, 0, fmt.Errorf("counting answers: %w", err)
	}
	if s.Min != math.Trunc(s.Min) || s.Max != math.Trunc(s.Max) {
		return nil, 0, fmt.Errorf("counting answers: the range %v to %v is not whole numbers", s.Min, s.Max)
	}
	counts = make([]int, int(s.Max-s.Min)+1)
	for i, v := range item {
		switch {
		case math.IsNaN(v):
			missing++
		case v != math.Trunc(v):
			return nil, 0, fmt.Errorf("counting answers: pupil %d's answer %v is not a whole number", i+1, v)
		default:
			counts[int(v-s.Min)]++
		}
	}
	return counts, missing, nil
}
