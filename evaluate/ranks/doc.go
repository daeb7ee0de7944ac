// Package ranks holds the rank tests for ordinal outcomes (Likert answers,
// scale scores, grades) and their effect sizes: the Mann–Whitney (Wilcoxon
// rank-sum) test of two arms, the Wilcoxon signed-rank test of paired
// before/after answers, and the rank-biserial correlation of each with its
// Fisher-z interval. docs/methods.md §12 gives every formula.
//
// The tests are R's wilcox.test: exact p-values when both arms (or the
// non-zero differences) number under 50 and no value is tied (and, for
// pairs, no difference is zero), the normal approximation with tie and
// continuity correction otherwise; which one was used is in the result.
// The effect sizes are effectsize::rank_biserial (version 0.8.3). Every
// number agrees with R 4.2.2: see fixtures/ranks.
//
// References:
//   - Mann HB, Whitney DR (1947). On a test of whether one of two random
//     variables is stochastically larger than the other. Annals of
//     Mathematical Statistics 18:50–60. doi:10.1214/aoms/1177730491
//   - Wilcoxon F (1945). Individual comparisons by ranking methods.
//     Biometrics Bulletin 1:80–83. doi:10.2307/3001968
//   - Hollander M, Wolfe DA, Chicken E (2014). Nonparametric Statistical
//     Methods, 3rd ed. Wiley. §3.1, §4.1 (tie corrections).
//   - Glass GV (1965). A ranking variable analogue of biserial
//     correlation: implications for short-cut item analysis. Journal of
//     Educational Measurement 2:91–95. doi:10.1111/j.1745-3984.1965.tb00396.x
//   - Kerby DS (2014). The simple difference formula: an approach to
//     teaching nonparametric correlation. Comprehensive Psychology 3:11.IT.3.1.
//     doi:10.2466/11.IT.3.1
package ranks
