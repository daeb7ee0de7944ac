package binary_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/binary"
)

// Low birth weight by mother smoking (MASS::birthwt): 30 of 74 babies of
// smokers against 29 of 115 of non-smokers.
func ExampleCompare() {
	u, err := binary.Compare(binary.Table{Events1: 30, N1: 74, Events0: 29, N0: 115}, 0.95)
	if err != nil {
		panic(err)
	}
	rd := u.RiskDifference
	fmt.Printf("%.1f%% against %.1f%%: %.1f points (95%% CI %.1f to %.1f), chi-square %.3f, p = %.4f\n",
		100*u.P1, 100*u.P0, 100*rd.Estimate, 100*rd.CILow, 100*rd.CIHigh, u.ChiSquare.Statistic, rd.P)
	fmt.Printf("risk ratio %.3f (%.3f to %.3f)\n", u.RiskRatio.Estimate, u.RiskRatio.CILow, u.RiskRatio.CIHigh)
	fmt.Printf("odds ratio %.3f (%.3f to %.3f)\n", u.OddsRatio.Estimate, u.OddsRatio.CILow, u.OddsRatio.CIHigh)
	fmt.Printf("Cox index %.3f (%.3f to %.3f)\n", u.CoxIndex.Estimate, u.CoxIndex.CILow, u.CoxIndex.CIHigh)
	fmt.Printf("smallest expected count %.1f\n", u.MinExpected)
	// Output:
	// 40.5% against 25.2%: 15.3 points (95% CI 1.6 to 29.0), chi-square 4.924, p = 0.0265
	// risk ratio 1.608 (1.058 to 2.443)
	// odds ratio 2.022 (1.081 to 3.783)
	// Cox index 0.427 (0.047 to 0.806)
	// smallest expected count 23.1
}

// Fisher's exact test of a small table: 2 of 40 against 9 of 41.
func ExampleFisher() {
	f, err := binary.Fisher(binary.Table{Events1: 2, N1: 40, Events0: 9, N0: 41}, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("odds ratio %.4f (95%% CI %.4f to %.4f), p = %.4f\n", f.OddsRatio, f.CILow, f.CIHigh, f.P)
	// Output:
	// odds ratio 0.1907 (95% CI 0.0188 to 1.0163), p = 0.0480
}

// Pupils answering yes before and after: 30 said yes both times, 10
// yes then no, 2 no then yes, 2 no both times (MASS::bacteria, weeks 0
// and 11).
func ExampleComparePaired() {
	p, err := binary.ComparePaired(binary.PairedTable{Both: 30, Lost: 10, Gained: 2, Neither: 2}, 0.95)
	if err != nil {
		panic(err)
	}
	d := p.Difference
	fmt.Printf("%.1f%% then %.1f%%: %.1f points (95%% CI %.1f to %.1f)\n",
		100*p.PPre, 100*p.PPost, 100*d.Estimate, 100*d.CILow, 100*d.CIHigh)
	fmt.Printf("McNemar chi-square %.3f, p = %.4f; exact p = %.4f\n", p.McNemar.Statistic, p.McNemar.P, p.ExactP)
	// Output:
	// 90.9% then 72.7%: -18.2 points (95% CI -32.6 to -3.7)
	// McNemar chi-square 5.333, p = 0.0209; exact p = 0.0386
}
