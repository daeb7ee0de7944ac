package power

import (
	"math"
	"testing"
)

// TestWholeArms_golden: for every smallest total N of fixtures/power
// (golden.csv, fn n_total, found by brute force in R 4.2.2) with P = 1/2,
// WholeArms gives ⌈N/2⌉ per group, which reaches the target, while one
// pupil fewer per group does not. With P ≠ 1/2 each arm is ⌈N·P⌉ and
// ⌈N(1 − P)⌉ and the target is still reached.
func TestWholeArms_golden(t *testing.T) {
	seen := 0
	for _, g := range goldenRows(t) {
		if g.fn != "n_total" || g.kind != "individual" {
			continue
		}
		seen++
		r, err := SampleSize(g.plan(), g.effect)
		if err != nil {
			t.Fatal(err)
		}
		w, err := WholeArms(r)
		if err != nil {
			t.Fatal(err)
		}
		nt, nc := Arms(w.Plan)
		if nt != math.Ceil(g.value*g.p-1e-9) || nc != math.Ceil(g.value*(1-g.p)-1e-9) {
			t.Errorf("%s: arms %g and %g from N = %g, P = %g", g.id, nt, nc, g.value, g.p)
		}
		if !(w.MDES <= r.MDES) || !(w.MDES <= g.effect) || !(w.Power >= w.Plan.Power) {
			t.Errorf("%s: whole arms MDES %.6f (was %.6f), power %.4f for effect %g", g.id, w.MDES, r.MDES, w.Power, g.effect)
		}
		if w.Solved != SolveN || w.Effect != g.effect {
			t.Errorf("%s: solved %q, effect %g not kept", g.id, w.Solved, w.Effect)
		}
		if g.p == 0.5 {
			q := w.Plan
			q.N -= 2 // one pupil fewer in each group
			less, err := MDES(q)
			if err == nil && less.MDES <= g.effect {
				t.Errorf("%s: %g per group already detects %g (MDES %.6f)", g.id, q.N/2, g.effect, less.MDES)
			}
		}
	}
	if seen < 4 {
		t.Fatalf("only %d golden n_total rows", seen)
	}
}

func TestWholeArms(t *testing.T) {
	// 395 pupils (R: golden.csv n_ind_e2_r5) is 197.5 per group: 198 each.
	r, _ := SampleSize(Plan{Design: RCT, R2Pupil: 0.5, Covariates: 1}, 0.2)
	w, err := WholeArms(r)
	if err != nil || w.N != 396 || w.Plan.PTreated != 0.5 {
		t.Errorf("395 → N %g, P %g, %v; want 396, 0.5", w.N, w.Plan.PTreated, err)
	}
	// 100 × 0.3 is 30.000000000000004 in floating point: still 30 and 70.
	r, _ = MDES(Plan{Design: RCT, N: 100, PTreated: 0.3})
	w, _ = WholeArms(r)
	if nt, nc := Arms(w.Plan); nt != 30 || nc != 70 || w.N != 100 {
		t.Errorf("N = 100, P = 0.3: arms %g, %g (N %g)", nt, nc, w.N)
	}
	// A cluster-rct: 41 clusters at P = 1/2 become 21 + 21; pupils per
	// cluster unchanged.
	r, _ = MDES(Plan{Design: ClusterRCT, Clusters: 41, ClusterSize: 20, ICC: 0.2})
	w, _ = WholeArms(r)
	if w.Clusters != 42 || w.ClusterSize != 20 || w.N != 840 || !(w.MDES < r.MDES) {
		t.Errorf("41 clusters: %d clusters of %g (N %g), MDES %g from %g", w.Clusters, w.ClusterSize, w.N, w.MDES, r.MDES)
	}
	// Pre-post: one group, unchanged.
	r, _ = MDES(Plan{Design: PrePost, N: 61})
	if w, _ = WholeArms(r); w.N != 61 || w.MDES != r.MDES {
		t.Errorf("pre-post changed: N %g, MDES %g", w.N, w.MDES)
	}
	if nt, nc := Arms(w.Plan); nt != 61 || nc != 0 {
		t.Errorf("pre-post arms %g, %g", nt, nc)
	}
	if _, err := WholeArms(nanResult(Plan{Design: RCT}, SolveN)); err == nil {
		t.Error("a NaN result: no error")
	}
	// Arms of an odd total stay expected counts.
	if nt, nc := Arms(Plan{Design: RCT, N: 61}); nt != 30.5 || nc != 30.5 {
		t.Errorf("61 pupils: arms %g, %g", nt, nc)
	}
}
