// Package meta pools several evaluations: the statistics of a
// meta-analysis of study effect sizes yᵢ with sampling variances vᵢ, as R's
// metafor (rma.uni, confint, predict, leave1out, regtest, escalc) computes
// them. docs/methods.md §17 gives every formula.
//
// What it holds:
//
//   - Pool: one of five models (Model), the rows meta_fe (common effect),
//     meta_dl (DerSimonian–Laird), meta_reml (REML by Fisher scoring with
//     step halving), meta_pm (Paule–Mandel) and meta_reml_knha (REML with
//     the Knapp–Hartung adjustment). Each Result has the pooled effect with
//     its interval and test, τ² with its Q-profile interval, I², H²,
//     Cochran's Q, the prediction interval, each study's weight, and the
//     warnings a reader needs (a REML fit that did not converge falls back
//     to DL and says so). Headline picks the pool command's headline model.
//   - Moderators: Subgroups (each level pooled alone), FactorTest (the
//     omnibus QM of a meta-regression on a categorical moderator), Slope
//     (a numeric moderator) and the general Regress.
//   - Sensitivity and small-study effects: LeaveOneOut, Egger (metafor's
//     regtest with its defaults) and NewFunnel (what a funnel plot draws).
//   - Effect sizes from what studies report: SMD (Hedges' g with the EEF's
//     or the exact J), LogOddsRatio and RiskDifference from 2×2 counts
//     (1/2 added to every cell of a table with a zero), FromSE, FromCI.
//
// The iterative parts follow metafor 3.8-1 step for step (starting values,
// stopping rules, step halving, R's uniroot), so they agree with it to
// about 1e-12, not merely within a tolerance; fixtures/meta holds the R
// script and goldens. Everything is pure: slices and plain structs in and
// out, no I/O. Bad input returns an error; a number that cannot be
// computed is NaN with the reason in Result.Undefined or Effect.Note.
//
// References:
//   - DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials.
//     Controlled Clinical Trials 7(3), 177–188.
//     doi:10.1016/0197-2456(86)90046-2
//   - Paule, R. C. & Mandel, J. (1982). Consensus values and weighting
//     factors. Journal of Research of the National Bureau of Standards
//     87(5), 377–385. doi:10.6028/jres.087.022
//   - Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance
//     estimators in the random-effects model. Journal of Educational and
//     Behavioral Statistics 30(3), 261–293. doi:10.3102/10769986030003261
//   - Viechtbauer, W. (2007). Confidence intervals for the amount of
//     heterogeneity in meta-analysis. Statistics in Medicine 26(1), 37–52.
//     doi:10.1002/sim.2514
//   - Viechtbauer, W. (2010). Conducting meta-analyses in R with the
//     metafor package. Journal of Statistical Software 36(3), 1–48.
//     doi:10.18637/jss.v036.i03
//   - Knapp, G. & Hartung, J. (2003). Improved tests for a random effects
//     meta-regression with a single covariate. Statistics in Medicine
//     22(17), 2693–2710. doi:10.1002/sim.1482
//   - Higgins, J. P. T. & Thompson, S. G. (2002). Quantifying heterogeneity
//     in a meta-analysis. Statistics in Medicine 21(11), 1539–1558.
//     doi:10.1002/sim.1186
//   - Egger, M., Davey Smith, G., Schneider, M. & Minder, C. (1997). Bias in
//     meta-analysis detected by a simple, graphical test. BMJ 315(7109),
//     629–634. doi:10.1136/bmj.315.7109.629
//   - Hedges, L. V. & Olkin, I. (1985). Statistical Methods for
//     Meta-Analysis. Orlando: Academic Press.
//   - Brent, R. P. (1973). Algorithms for Minimization without Derivatives,
//     ch. 4. Englewood Cliffs, NJ: Prentice-Hall.
package meta
