package match

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/whatworks/whatworks/evaluate/data"
)

func TestAliveSet(t *testing.T) {
	a := newAliveSet(6)
	a.remove(2)
	a.remove(3)
	if got := a.leftOf(3); got != 1 {
		t.Errorf("leftOf(3) = %d, want 1", got)
	}
	if got := a.rightOf(2); got != 4 {
		t.Errorf("rightOf(2) = %d, want 4", got)
	}
	a.remove(0)
	a.remove(1)
	if got := a.leftOf(3); got != -1 {
		t.Errorf("leftOf(3) = %d, want -1", got)
	}
	a.remove(5)
	if got := a.rightOf(5); got != 6 {
		t.Errorf("rightOf(5) = %d, want 6 (none)", got)
	}
	if got := a.rightOf(0); got != 4 {
		t.Errorf("rightOf(0) = %d, want 4", got)
	}
}

// bruteNearest is the textbook greedy nearest-neighbour match (MatchIt's
// nn_matchC: scan every control) for checking matchNearest.
func bruteNearest(d []float64, arm []int8, ord []int, ratio int, cal float64) map[int][]int {
	used := make([]bool, len(d))
	mm := map[int][]int{}
	for r := 0; r < ratio; r++ {
		for _, t := range ord {
			best, bd := -1, math.Inf(1)
			for c := range d {
				if arm[c] != data.Comparison || used[c] {
					continue
				}
				dd := math.Abs(d[c] - d[t])
				if cal > 0 && dd > cal {
					continue
				}
				if dd < bd {
					best, bd = c, dd
				}
			}
			if best >= 0 {
				used[best] = true
				mm[t] = append(mm[t], best)
			}
		}
	}
	return mm
}

func TestMatchNearest_bruteForce(t *testing.T) {
	// Distinct random distances: the fast search must agree with the scan.
	n := 400
	d := make([]float64, n)
	arm := make([]int8, n)
	x := uint64(12345)
	var rows, treated []int
	for i := range d {
		x = x*6364136223846793005 + 1442695040888963407
		d[i] = float64(x>>11) / (1 << 53)
		if i%5 == 0 {
			arm[i] = data.Treated
			treated = append(treated, i)
		}
		rows = append(rows, i)
	}
	// Many ties: distances on a grid of 0.02.
	dTied := make([]float64, n)
	for i := range d {
		dTied[i] = math.Round(d[i]*50) / 50
	}
	for _, dd := range [][]float64{d, dTied} {
		ord := append([]int(nil), treated...)
		sort.SliceStable(ord, func(a, b int) bool { return dd[ord[a]] > dd[ord[b]] })
		for _, tc := range []struct {
			ratio int
			cal   float64
		}{{1, 0}, {2, 0}, {3, 0.01}, {1, 0.002}} {
			mm := map[int][]int{}
			matchNearest(rows, arm, ord, dd, tc.ratio, false, tc.cal, mm)
			want := bruteNearest(dd, arm, ord, tc.ratio, tc.cal)
			if fmt.Sprint(mm) != fmt.Sprint(want) {
				t.Errorf("ratio %d caliper %v: fast and brute-force matches differ", tc.ratio, tc.cal)
			}
		}
	}
}
