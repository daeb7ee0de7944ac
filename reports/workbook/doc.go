// Package workbook writes the EEF-style analysis workbook of an evaluation
// (WriteTo, Write) and the workbook of a pooling (WritePoolTo) with
// excelize, one file per sheet:
//
//	summary.go       Summary: the EEF executive-summary table, key conclusions
//	results.go       Results: every result row, as in the JSON
//	descriptives.go  Descriptives: n, mean, SD by arm and time, native charts
//	balance.go       Balance: the baseline comparison (WWC classes)
//	method.go        Method: choices, pupils left out, formulas, months table, inputs
//	matching.go      Matching: settings, counts, propensity model, balance
//	data.go          Data: the pupil rows (optional, streamed)
//	pool_*.go        the pooling workbook's Summary, Studies, Models,
//	                 Moderators and Method sheets
//
// workbook.go holds the options and the order of the sheets, styles.go
// the cell styles (the Okabe–Ito palette), layout.go the writing helpers
// shared by every sheet (cells, widths, headers, paragraphs, marked small
// counts), images.go the embedded plots and page.go the print set-up and
// document properties. docs/workbook.md describes every sheet.
//
// A new sheet: a (*book) method in its own file, added to the sheet list
// and the steps of buildWorkbook, documented in docs/workbook.md and
// pinned by the cell-dump golden of workbook_test.go. The numbers on the
// sheets are read from evaluate's results and evaluate/rating; nothing
// here computes a statistic.
package workbook
