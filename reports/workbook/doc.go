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
//	clustering.go    the Summary's and Method's rows of a clustered design
//	pool_*.go        the pooling workbook's Summary, Studies, Models,
//	                 Moderators and Method sheets
//
// workbook.go holds the options and the order of the sheets, styles.go
// the cell styles (the Okabe–Ito palette), layout.go the sheet writer
// every sheet writes through (sheet: put, putRow, header, paragraph,
// count, merge, height, do; it keeps the first error, as bufio.Writer
// does, so a sheet checks it once, with Err; flow: a sheet written from
// the top down, section by section), images.go the embedded plots and
// page.go the print set-up and document properties. docs/workbook.md
// describes every sheet.
//
// A new sheet: a (*book) method in its own file that writes through
// b.sheet(name) and returns w.Err(), added to the sheets and steps of
// buildWorkbook, documented in docs/workbook.md and pinned by the
// cell-dump golden of workbook_test.go. The numbers on the
// sheets are read from evaluate's results and evaluate/rating; nothing
// here computes a statistic.
package workbook
