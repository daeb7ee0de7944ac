// Package binary holds the statistics of yes/no outcomes (progressed to
// higher education or not, passed or not): the measures of a 2×2 table of
// outcome by arm, Fisher's exact test, the paired before/after comparison
// with McNemar's test, and the covariate-adjusted risk difference of a
// logistic regression by g-computation. docs/methods.md §11 gives every
// formula and the conventions chosen.
//
// Inputs are plain: 0/1 slices or counts (Table, PairedTable), and for
// g-computation the coefficients and covariance of a logistic regression
// fitted elsewhere with the rows of its design matrix. Results are plain
// structs. A value that cannot be computed is NaN, with the reason in the
// result's Reason field; bad input (negative counts, values other than 0
// and 1) is an error.
//
// Every number agrees with R 4.2.2 (stats: chisq.test, fisher.test,
// mcnemar.test, binom.test, glm; metafor::escalc for the zero-cell
// correction): see fixtures/binary.
//
// References:
//   - Agresti A (2013). Categorical Data Analysis, 3rd ed. Wiley. §3.1–3.2
//     (risk difference, relative risk, odds ratio and their Wald
//     intervals), §3.5 (Fisher's exact test and its conditional ML
//     estimate), §11.1 (paired proportions and McNemar's test).
//   - Cochran WG (1954). Some methods for strengthening the common χ²
//     tests. Biometrics 10:417–451. doi:10.2307/3001616
//   - Cornfield J (1956). A statistical problem arising from retrospective
//     studies. Proceedings of the Third Berkeley Symposium on Mathematical
//     Statistics and Probability 4:135–148. (The exact interval.)
//   - Woolf B (1955). On estimating the relation between blood group and
//     disease. Annals of Human Genetics 19:251–253.
//     doi:10.1111/j.1469-1809.1955.tb01348.x
//   - Katz D, Baptista J, Azen SP, Pike MC (1978). Obtaining confidence
//     intervals for the risk ratio in cohort studies. Biometrics
//     34:469–474. doi:10.2307/2530610
//   - Fisher RA (1935). The logic of inductive inference. Journal of the
//     Royal Statistical Society 98:39–82. doi:10.2307/2342435
//   - Mehta CR, Patel NR (1983). A network algorithm for performing Fisher's
//     exact test in r × c contingency tables. JASA 78:427–434.
//     doi:10.1080/01621459.1983.10477989
//   - McNemar Q (1947). Note on the sampling error of the difference
//     between correlated proportions or percentages. Psychometrika
//     12:153–157. doi:10.1007/BF02295996
//   - Haldane JBS (1956). The estimation and significance of the logarithm
//     of a ratio of frequencies. Annals of Human Genetics 20:309–311.
//     doi:10.1111/j.1469-1809.1955.tb01285.x
//   - Cox DR (1970). The Analysis of Binary Data. London: Methuen.
//   - Sánchez-Meca J, Marín-Martínez F, Chacón-Moscoso S (2003).
//     Effect-size indices for dichotomized outcomes in meta-analysis.
//     Psychological Methods 8:448–467. doi:10.1037/1082-989X.8.4.448
//   - What Works Clearinghouse (2020). Procedures Handbook, version 4.1.
//     Institute of Education Sciences. (Cox index.)
//   - Robins J (1986). A new approach to causal inference in mortality
//     studies with a sustained exposure period. Mathematical Modelling
//     7:1393–1512. doi:10.1016/0270-0255(86)90088-6
//   - Austin PC (2010). Absolute risk reductions, relative risks, relative
//     risk reductions, and numbers needed to treat can be obtained from a
//     logistic regression model. Journal of Clinical Epidemiology
//     63:2–6. doi:10.1016/j.jclinepi.2008.11.004
//   - Brent RP (1973). Algorithms for Minimization without Derivatives,
//     ch. 4. Prentice-Hall. (The root finder behind the Fisher estimate.)
package binary
