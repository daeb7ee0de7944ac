// Package match builds matched comparison groups as MatchIt's nearest
// neighbour matching does (estimand ATT), and measures the balance it
// achieves:
//
//   - match.go: Run in named steps — the pupils in the match, the
//     propensity-score model (logistic regression of taking part on the
//     matching covariates, with separation explained in words), the
//     matching distance and caliper, nearest-neighbour matching within
//     exact cells (sorted distances with "next available" pointers), the
//     ATT weights and matched sets, the counts and effective sample sizes;
//   - mahalanobis.go: matching on the Mahalanobis distance;
//   - balance.go: standardised mean differences and variance ratios before
//     and after matching (MatchIt's summary and cobalt's conventions), and
//     the warnings in words;
//   - types.go: the settings and the results (Report is written to JSON).
//
// The effects estimated on the matched sample are evaluate's (they are
// rows of its report). Methods: docs/methods.md §10.
//
// References: Ho, Imai, King & Stuart (2011), doi:10.18637/jss.v042.i08
// (MatchIt); Austin (2011), doi:10.1002/pst.433 (caliper widths); Stuart
// (2010), doi:10.1214/09-STS313; Rosenbaum & Rubin (1983),
// doi:10.1093/biomet/70.1.41; Kish (1965), Survey Sampling (effective
// sample size).
package match
