// Package power plans evaluations: the minimum detectable effect size
// (MDES), the power to detect a given effect, and the smallest sample (pupils
// or clusters) that reaches a target, for the designs whatworks knows.
//
// Designs and their formulas (docs/methods.md §15):
//
//   - rct, two-group, matched: individual assignment (Bloom 1995; PowerUp!'s
//     IRA). Two-group and matched comparisons are planned as if the groups
//     were formed at random; the MDES says nothing about selection bias.
//   - cluster-rct: two-level cluster assignment (Bloom 2006; PowerUp!'s
//     CRA2), with the intraclass correlation and the R² at each level.
//   - pre-post: one group measured twice (a paired design). Its MDES is the
//     smallest mean change, in SDs of the scores, the test would detect: a
//     change, not an effect of the programme.
//
// MDES, Power, SampleSize, Clusters and Solve follow PowerUp! (Dong &
// Maynard 2013): MDES = M·SE with M = t(1−α/2, df) + t(power, df), and the
// power of an effect from the same central-t reading. TTestPower and TTestN
// reproduce R's pwr::pwr.t.test (Champely; Cohen 1988), which uses the
// noncentral t. AchievedMDES gives the MDES of the sample an analysis
// actually used, for the EEF security rating. WholeArms rounds each arm of
// a solved plan up to whole pupils (or clusters), and Recruit and Subgroup
// give the pupils to recruit and the disadvantaged pupils' MDES.
//
// Everything here is pure: plain structs in, plain structs out, no I/O.
// Bad input returns an error; a value that cannot be computed is NaN.
//
// References:
//   - Bloom, H. S. (1995). Minimum detectable effects: a simple way to
//     report the statistical power of experimental designs. Evaluation
//     Review 19(5), 547–556. doi:10.1177/0193841X9501900504
//   - Bloom, H. S. (2006). The core analytics of randomized experiments for
//     social research. MDRC Working Papers on Research Methodology.
//   - Dong, N. & Maynard, R. (2013). PowerUp!: a tool for calculating
//     minimum detectable effect sizes and minimum required sample sizes for
//     experimental and quasi-experimental design studies. Journal of
//     Research on Educational Effectiveness 6(1), 24–67.
//     doi:10.1080/19345747.2012.673143
//   - Cohen, J. (1988). Statistical Power Analysis for the Behavioral
//     Sciences, 2nd ed. Lawrence Erlbaum.
//   - Champely, S. pwr: Basic Functions for Power Analysis, R package
//     version 1.3-0.
package power
