// Package ttest holds the t- and z-tests behind whatworks' comparisons and
// what goes with them: Welch's and Student's two-sample t-tests, the
// one-sample (paired) t-test, critical values and two-sided p-values, the
// noncentral t distribution and the confidence interval of its
// noncentrality parameter (the basis of R effectsize's intervals for
// standardised differences), the Benjamini–Hochberg adjustment of
// p-values across outcomes, and the upper tail of the F distribution
// (FSurvival, for the F tests of meta-regression and of subgroup
// differences, whose small p-values gonum's 1 − CDF loses).
//
// Methods: docs/methods.md §2 (noncentral-t intervals), §3 (tests and
// p-values) and §14 (Benjamini–Hochberg).
//
// References: Welch (1947), doi:10.1093/biomet/34.1-2.28; Student (1908);
// Lenth (1989), Algorithm AS 243, doi:10.2307/2347693; Steiger & Fouladi
// (1997), "Noncentrality interval estimation and the evaluation of
// statistical models"; Benjamini & Hochberg (1995),
// doi:10.1111/j.2517-6161.1995.tb02031.x.
package ttest
