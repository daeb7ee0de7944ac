// Package pool reads the inputs of `whatworks pool` into an
// evaluate.PoolInput: one effect size yᵢ and sampling variance vᵢ per
// study, with the study's name, where it was read, and its moderators.
//
// Read takes several files, each in one of these forms (told apart by
// their column names, which may be in any case and order):
//
//	effect sizes   study, yi, and vi or se or ci_low and ci_high
//	summaries      study, n_t, mean_t, sd_t, n_c, mean_c, sd_c; optionally
//	               pre_mean_t, pre_sd_t, pre_mean_c, pre_sd_c and r
//	counts         study, events_t, n_t, events_c, n_c
//	results        a JSON file written by `whatworks analyse --json`
//
// CSV and XLSX files are read by designs/table, so delimiters, encodings
// and workbooks work as for pupil data. Other columns of a table (region,
// phase, school type, the share of pupils eligible for free school meals)
// are the study's moderators; `--by` and `--moderator` name one.
//
// The effect sizes are found by evaluate/meta (SMD with the EEF's J,
// LogOddsRatio, RiskDifference, FromSE, FromCI) and, for summaries with a
// pretest, by evaluate.DiDRowR, so a study's g is the one `whatworks
// effect` gives for the same numbers. docs/methods.md §17 gives the
// formulas.
//
// Every problem is a *table.DataError positioned as the spreadsheet shows
// it (file, sheet, row with the header as row 1, column, value) with how
// to fix it, and all of them are returned at once as table.Problems.
//
// Files:
//
//	read.go     Read, Options: files to studies, the checks shared by all forms
//	forms.go    the three table forms and their columns
//	results.go  the JSON results of `whatworks analyse`; analyse's workbooks
package pool
