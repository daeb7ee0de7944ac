// Package evaluate runs whatworks' evaluations: it takes an Input (plain
// values: each pupil's arm, outcomes, pretests, covariates, subgroups,
// clusters), decides which analyses the design and each outcome get, calls
// the statistical families below it and turns their answers into a Report
// of Result rows, descriptives, balance, exclusions and caveats, which
// package reports presents. It does no I/O and prints nothing.
//
// What lives here (the orchestration):
//
//   - types.go, vocab.go: Input, Report, Result and the other result
//     types; the vocabulary of designs, analyses and measures (typed
//     constants whose values are the JSON names of docs/json.md);
//   - run.go, run_matched.go: Run, which analyses each design and outcome
//     get, run as independent tasks in a fixed order; exclusions and
//     caveats;
//   - run_cluster.go, clustering.go, check_cluster.go: designs with a
//     cluster column: the multilevel and cluster_robust rows (the
//     random-intercept model, the EEF's and eefAnalytics' effect sizes, the
//     ICC, CR2 errors), their warnings in words, the report's Clustering
//     block, and what Check says of the clusters;
//   - rows.go, ancova.go, prepost.go, subgroup.go, matched.go,
//     fromsummary.go, describe.go: the row builders that turn family
//     results into Result rows (unadjusted, ANCOVA, gain, DiD, paired,
//     interaction and gap, cluster-corrected, matched; descriptives and
//     baseline balance);
//   - run_types.go, run_binary.go, run_binary_sub.go,
//     run_binary_matched.go, run_ordinal.go, survey.go, check_survey.go:
//     yes/no and ordinal outcomes and questionnaire scales: shares, risk
//     difference, risk ratio, odds ratio, Cox index, Fisher's exact test,
//     the logistic regression and its g-computation, McNemar's test, the
//     cluster_robust linear probability model, interaction and gaps in
//     percentage points, the matched sample; rank-biserial rows; scale
//     scores and reliability (docs/methods.md §11–12);
//   - headline.go: the choice of each outcome's headline row (HeadlineRow)
//     and of its p-value (HeadlineP);
//   - status.go, usable.go: who is analysed or excluded and why, pupil by
//     pupil (PupilStatus), and what makes a data set unusable;
//   - flow.go, security.go: each outcome's flow of pupils from allocation
//     to its headline analysis (Flow), and the rating of every headline
//     (attrition, achieved MDES, EEF padlocks, WWC rating, OfS type, cost
//     rating: Security and the "rating" rows; docs/methods.md §16);
//   - check.go: Check, the look at the data before analysing it;
//   - plan.go, pool.go: RunPlan (whatworks plan) and Pool (whatworks pool).
//
// The statistics are in the families, each a sub-package that imports only
// the standard library, gonum and lower families (evaluate/layers_test.go
// keeps the order): data (columns and arm codes, aliased here as Factor,
// Variable, Treated, ...), sample, ttest, effectsize, regress, match,
// rating, power, meta, multilevel, binary, ranks and scales.
// docs/architecture.md maps them; docs/methods.md gives every formula with
// its published source, by section (§2 effect sizes, §4 ANCOVA, §5 gain
// and difference in differences, §6 pre-post, §7 subgroups, §8 clustered
// designs, §10 matching and balance, §11 yes/no outcomes, §12 ordinal
// outcomes and scales, §13 months' progress and cost, §14
// Benjamini–Hochberg, ...).
package evaluate
