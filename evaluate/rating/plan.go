package rating

import "github.com/whatworks/whatworks/evaluate/data"

// This file: the padlock criteria a plan can be read against before an
// evaluation starts (whatworks plan), from the same tables as Padlocks.

// PadlocksForMDES is the MDES column of the EEF security rating
// (PadlockMDESLevels) on its own: the most padlocks a finding with this
// minimum detectable effect size can earn, whatever its design, attrition
// and threats. The MDES is compared rounded to two decimals, as in
// Padlocks; NaN earns 0. EEF (2019), docs/methods.md §16.
func PadlocksForMDES(mdes float64) int {
	return padlockLevel(PadlockMDESLevels, padlockRound(mdes, 2))
}

// PadlocksForDesign is the row of the design column (PadlockDesignLevels)
// for a kind of design: the most padlocks it can earn, with the EEF's
// description and whatworks' reason. pretestAdjusted matters only for a
// two-group design. ok is false for an unknown design.
func PadlocksForDesign(design data.Design, pretestAdjusted bool) (level PadlockDesignLevel, ok bool) {
	return padlockDesignLevel(design, pretestAdjusted)
}
