// Package words holds what every output of whatworks says the same way:
// the headline sentences of an evaluation (headline.go; survey.go for
// yes/no and ordinal outcomes) and of a pooling (pool.go), how pupils sit
// in their clusters (cluster.go), the names of designs, outcomes, subgroups and arms
// (labels.go), number formats such as "0.18", "p < 0.001" and "95% CI"
// (format.go), the sizes of a plan (plan.go), the look-ups that choose
// which rows to show (rows.go: the outcomes in order, the headline row of
// each, the subgroups of the summary table) and the version of whatworks
// written into every report (version.go).
//
// The terminal text and JSON (reports), the workbook (reports/workbook)
// and the plots (reports/plot) all import it; it imports none of them and
// no output library. Like the rest of reports it computes no statistic:
// the headline row is evaluate.HeadlineRow, months' progress comes with
// each row.
package words
