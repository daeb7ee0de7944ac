// Package designs reads evaluation design files (YAML), checks them against
// the pupil data they name, and turns design and data into the plain inputs
// that package evaluate analyses.
//
// The data itself is read by package designs/table (CSV and XLSX files,
// typed columns, DataError); designs says which columns must be numbers or
// labels and which values mean missing, then checks the table against the
// design. Files:
//
//	design.go    Design and its parts: the YAML contract with users' files
//	parse.go     Parse: YAML to Design, every problem positioned (DesignError)
//	validate.go  checks of a design on its own (required parts, roles)
//	load.go      Load: parse, read the data (only the columns needed),
//	             check one against the other
//	check.go     the checks of a design against its data
//	values.go    values typed two ways (y/Y, Yes/Y, one letter off)
//	survey.go    yes/no answers (positive:), scales: and their items:
//	             parsing, checks (every bad answer a DataError), scores
//	input.go     Evaluation.Input: design + table → evaluate.Input
//	rating.go    allocation:, threats: and rating: (the security rating)
//	template.go  WriteTemplate: starting design files and workbooks
//	errors.go    DesignError, Problems
//
// Import direction: cmd/whatworks → designs → designs/table; designs →
// evaluate (root only).
package designs
