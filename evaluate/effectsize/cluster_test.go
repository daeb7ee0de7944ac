package effectsize

import (
	"math"
	"testing"
)

// TestClusterCorrect_zeroEffect: a null effect keeps a finite interval
// (the SE does not come from g / t_A, which is 0/0 there).
func TestClusterCorrect_zeroEffect(t *testing.T) {
	tA, h, p, se := ClusterCorrect(0, 100, 100, 10, 0.2)
	if tA != 0 || p != 1 || !(se > 0) || !(h > 0) {
		t.Errorf("ClusterCorrect(g=0) = t_A %v, h %v, p %v, SE %v; want 0, >0, 1, >0", tA, h, p, se)
	}
	_, _, _, se1 := ClusterCorrect(1e-9, 100, 100, 10, 0.2)
	if math.Abs(se-se1) > 1e-9 {
		t.Errorf("SE jumps at g = 0: %v vs %v", se, se1)
	}
}
