package power_test

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/power"
)

// Forty schools of 25 pupils, half the schools treated, an ICC of 0.15 and
// a pretest explaining half the variance at each level.
func ExampleMDES() {
	r, err := power.MDES(power.Plan{Design: power.ClusterRCT, Clusters: 40, ClusterSize: 25,
		ICC: 0.15, R2Pupil: 0.5, R2Cluster: 0.5, Covariates: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("MDES %.2f = M %.3f × SE %.4f, df %g\n", r.MDES, r.Multiplier, r.SE, r.DF)
	fsm, _ := power.Subgroup(r.Plan, 0.25)
	fmt.Printf("a quarter of the pupils: MDES %.2f\n", fsm.MDES)
	// Output:
	// MDES 0.28 = M 2.878 × SE 0.0959, df 37
	// a quarter of the pupils: MDES 0.34
}

// How many pupils does a randomised trial need to detect 0.2 when the
// pretest explains half the variance, and how many to recruit when a tenth
// will be lost?
func ExampleSampleSize() {
	r, err := power.SampleSize(power.Plan{Design: power.RCT, R2Pupil: 0.5, Covariates: 1}, 0.2)
	if err != nil {
		fmt.Println(err)
		return
	}
	recruit, _ := power.Recruit(r.N, 0.1)
	fmt.Printf("analyse %g pupils (MDES %.4f, power %.3f); recruit %g\n", r.N, r.MDES, r.Power, recruit)
	// Output:
	// analyse 395 pupils (MDES 0.1998, power 0.801); recruit 439
}

// pwr.t.test(d = 0.5, power = 0.8) gives n = 63.77 per group.
func ExampleTTestN() {
	n, _ := power.TTestN(0.5, 0.05, 0.8, power.TwoSample)
	fmt.Printf("n = %.4f per group: recruit %g\n", n, math.Ceil(n))
	// Output:
	// n = 63.7656 per group: recruit 64
}
