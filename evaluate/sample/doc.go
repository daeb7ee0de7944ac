// Package sample summarises samples of scores: the number of values, their
// mean and standard deviation (unweighted, and weighted as matching
// weights require), the SD of within-pupil differences from two time
// points' SDs and their correlation, and pooled within-group correlations.
// Missing values are NaN and are skipped.
//
// These summaries are the inputs of the effect sizes (evaluate/effectsize)
// and the tests (evaluate/ttest); docs/methods.md §2 and §5 describe how
// they are used.
//
// References: Chan, Golub & LeVeque (1983), "Algorithms for computing the
// sample variance", The American Statistician 37(3), 242–247 (the
// corrected two-pass algorithm); Ho, Imai, King & Stuart, MatchIt (the
// weighted variance of matched samples).
package sample
