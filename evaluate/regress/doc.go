// Package regress fits the regression models behind whatworks' adjusted
// analyses, on plain gonum matrices or row-fill callbacks:
//
//   - ols.go: ordinary least squares by a blocked (tall-skinny) Householder
//     QR, with R's rank check and a CollinearError that names the columns;
//   - wls.go: weighted least squares with standard errors clustered on a
//     grouping (CR1, as sandwich::vcovCL), for matched samples;
//   - logistic.go: logistic regression by iteratively reweighted least
//     squares, as R's glm.fit, with the full covariance of the coefficients;
//   - design.go: the design matrix of covariates with treatment contrasts
//     (as R's model.matrix) and the words for a covariate that separates
//     the groups of a logistic regression;
//   - cr2.go: the bias-reduced cluster-robust covariance CR2 with
//     Satterthwaite degrees of freedom, as clubSandwich, computed with p×p
//     matrices per cluster so it scales to national data: CR2 and CR2Rows
//     from the rows and residuals, CR2Clusters from each cluster's X_j'X_j
//     and X_j'r_j made elsewhere (evaluate/multilevel's Sums).
//
// The analyses that use these fits (the ANCOVA, the matched effects) and
// the rows they report live in package evaluate. Methods: docs/methods.md
// §4 (ANCOVA), §9 (CR2) and §10 (propensity scores, matched effects).
//
// References: Chambers (1992), Linear models, in Statistical Models in S;
// Demmel, Grigori, Hoemmen & Langou (2012), doi:10.1137/080731992;
// McCullagh & Nelder (1989), Generalized Linear Models; Zeileis (2004),
// doi:10.18637/jss.v011.i10 (sandwich); Bell & McCaffrey (2002), "Bias
// reduction in standard errors for linear regression with multi-stage
// samples", Survey Methodology 28(2); Pustejovsky & Tipton (2018),
// doi:10.1080/07350015.2016.1247004.
package regress
