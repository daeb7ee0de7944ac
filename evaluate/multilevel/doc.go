// Package multilevel fits the random-intercept linear mixed model that the
// EEF uses for cluster-randomised and multisite trials,
//
//	y_ij = x_ij'β + u_j + e_ij,  u_j ~ N(0, τ²),  e_ij ~ N(0, σ²),
//
// by restricted maximum likelihood (REML), as lme4::lmer(y ~ X + (1 |
// cluster)) does, with lmerTest's Satterthwaite degrees of freedom, and
// computes the effect sizes the EEF and its archive team's eefAnalytics
// package report from it. docs/methods.md §9 gives every formula.
//
// What it holds:
//
//   - NewStats: one pass over the pupils builds the sufficient statistics
//     (cluster sizes, cluster means of [X y], pooled within-cluster
//     cross-products); every evaluation of the REML criterion afterwards
//     costs O(S·p²) for S distinct cluster sizes (at most the number of
//     clusters), whatever the number of pupils. Stats.Fit fits the model, Stats.FitNull the
//     null model y ~ 1 + (1 | cluster) on the same pupils.
//   - NewSums: the same pass keeping each cluster's cross-products, from
//     which Sums.Stats (the model), Sums.CR2 (the CR2 errors of the OLS fit
//     of the same design, through regress.CR2Clusters) and Sums.Layout (the
//     arms in the clusters) follow: what whatworks analyse uses, so the
//     model and CR2 of a group of pupils cost one pass over them.
//   - Fit: β̂ and its covariance, σ², τ², θ = τ/σ, the ICC, REMLcrit and
//     the log-likelihood, convergence and boundary information and the
//     warnings a reader needs. Fit.Test and Fit.TestContrast give the t
//     test of a coefficient or contrast with Satterthwaite's df (as
//     lmerTest), its p and t interval. A treatment × subgroup interaction
//     is a column of X like any other.
//   - EEFEffects: the EEF guidance's hedges_g = b / sqrt(τ₀² + σ₀²) and
//     hedges_g_within = b / σ₀ from the null model, intervals
//     (b ± z SE) / SD. Layout and Layout.Effects: eefAnalytics' within and
//     total effect sizes with Hedges' (2007) standard errors, from the
//     variances of either model. Z and EEFZ: the normal quantile.
//   - Warning codes (boundary fit, non-convergence, few clusters, few
//     degrees of freedom, an arm in one cluster, arms mixed within
//     clusters, an ICC near 0), as data; the report words them.
//
// The REML criterion is profiled over the variance ratio λ = τ²/σ²: a
// grid over λ finds the global minimum, Newton's method on log λ with
// analytic derivatives (safeguarded by bisection) refines it, and the
// boundary τ² = 0 is detected and reported (the model is then ordinary
// least squares). The values agree with lme4 1.1-31 and lmerTest 3.1-3 to
// about 1e-7 on the data of fixtures/multilevel, and with eefAnalytics
// 1.1.3's printed effect sizes to within 3e-9. Pure functions over slices and
// plain structs; no I/O.
//
// References:
//   - Patterson, H. D. & Thompson, R. (1971). Recovery of inter-block
//     information when block sizes are unequal. Biometrika 58(3), 545–554.
//     doi:10.1093/biomet/58.3.545
//   - Bates, D., Mächler, M., Bolker, B. & Walker, S. (2015). Fitting
//     linear mixed-effects models using lme4. Journal of Statistical
//     Software 67(1), 1–48. doi:10.18637/jss.v067.i01
//   - Kuznetsova, A., Brockhoff, P. B. & Christensen, R. H. B. (2017).
//     lmerTest package: tests in linear mixed effects models. Journal of
//     Statistical Software 82(13), 1–26. doi:10.18637/jss.v082.i13
//   - Satterthwaite, F. E. (1946). An approximate distribution of
//     estimates of variance components. Biometrics Bulletin 2(6), 110–114.
//     doi:10.2307/3002019
//   - Hedges, L. V. (2007). Effect sizes in cluster-randomized designs.
//     Journal of Educational and Behavioral Statistics 32(4), 341–370.
//     doi:10.3102/1076998606298043
//   - Education Endowment Foundation (2022). Statistical analysis
//     guidance for EEF evaluations.
//   - Uwimpuhwe, G., Zhang, Q., Singh, A., Vallis, D., Einbeck, J.,
//     Higgins, S., Xiao, Z., De Troyer, E. & Kasim, A. (2024).
//     eefAnalytics: robust analytical methods for evaluating educational
//     interventions using randomised controlled trials designs. R package
//     1.1.3 (crtFREQ, mstFREQ).
package multilevel
