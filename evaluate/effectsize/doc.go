// Package effectsize holds the standardised mean differences whatworks
// reports and their standard errors: Cohen's d, Hedges' g with the EEF/WWC
// correction J = 1 − 3/(4N − 9) and with the exact gamma-function J,
// Glass's Δ, the large-sample standard errors behind the EEF's
// normal-approximation intervals, and for clustered designs the intraclass
// correlation by one-way analysis of variance and the WWC correction of a
// pupil-level analysis of a cluster-assigned design (Hedges 2007).
//
// Inputs are per-arm summaries (package sample). Undefined values are NaN.
// Methods: docs/methods.md §2 (effect sizes) and §8 (clustered designs).
//
// References: Cohen (1988), Statistical Power Analysis for the Behavioral
// Sciences; Hedges (1981), doi:10.3102/10769986006002107; Hedges & Olkin
// (1985), Statistical Methods for Meta-Analysis; Glass (1976); Hedges
// (2007), doi:10.3102/1076998606298043; Donner & Koval (1980); WWC
// Procedures Handbook v4.1, Appendix E and G.
package effectsize
