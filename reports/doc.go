// Package reports writes whatworks' results as text and data: the JSON of
// an evaluation, a plan and a pooling (json.go, plan.go, pool_json.go; the
// contract is docs/json.md), the terminal summaries (text.go, plan.go,
// pool_text.go), the data check (check_text.go, with check_cluster.go for
// the clusters and check_survey.go for yes/no answers and scales), the
// matching summary and the matched sample as CSV (match_text.go,
// match_csv.go).
//
// The workbook is in reports/workbook and the plots in reports/plot; the
// sentences, labels and number formats every output shares (the headline
// sentences among them) are in reports/words. Nothing under reports
// computes a statistic: estimates, intervals, the headline row, ratings
// and exclusions are read from evaluate's results (and evaluate/rating).
// TestLayers (layers_test.go) keeps these rules.
package reports
