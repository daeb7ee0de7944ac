package effectsize_test

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate/effectsize"
	"github.com/whatworks/whatworks/evaluate/sample"
)

// Two classes of 10 with the same SD of 15, 5 points apart: d = 5/15 and
// J = 1 − 3/(4·20 − 9) = 68/71, so g = 68/213 = 0.3192.
func ExampleHedgesG() {
	t := sample.Summary{N: 10, Mean: 105, SD: 15}
	c := sample.Summary{N: 10, Mean: 100, SD: 15}
	g := effectsize.HedgesG(t, c)
	fmt.Printf("d = %.4f, J = %.4f, g = %.4f\n", effectsize.CohensD(t, c), effectsize.HedgesJ(18), g)
	fmt.Printf("SE = %.4f\n", effectsize.HedgesGSE(g, 10, 10))
	// Output:
	// d = 0.3333, J = 0.9577, g = 0.3192
	// SE = 0.4501
}
