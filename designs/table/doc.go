// Package table reads pupil data (CSV and XLSX files) into typed columns.
//
// Read is the one door: it sniffs what the file really is (a workbook
// named .csv, an old .xls, a password-protected workbook, a web page saved
// as .xls and other look-alikes each get their own message), then reads
// delimited text (csv.go: delimiter and encoding detection, RFC 4180
// quoting) or one sheet of a workbook (xlsx.go, through excelize), and
// types each column as its cells arrive (typer.go): Numeric (float64, NaN
// where missing) or Categorical (codes into sorted Levels, -1 where
// missing). Options say which columns must be numbers, which are always
// labels, and which cell values mean "missing".
//
// Numbers are plain decimals (number.go): "1,234", "95%", "inf" and "0x10"
// are not numbers, and a decimal comma is read only in semicolon-delimited
// files. Problems are reported as *DataError, positioned as the
// spreadsheet shows them (file, sheet, row with the header as row 1,
// column, value) with a hint on how to fix them; many at once as Problems.
//
// Files:
//
//	read.go    Read: open, sniff, dispatch
//	sniff.go   what the first bytes say a file is
//	csv.go     delimited text: decoding, delimiter, scanner
//	xlsx.go    workbooks: zip checks, one sheet's cells, TRUE/FALSE cells
//	typer.go   typing columns cell by cell; missing-value tokens; header
//	number.go  cell trimming and number parsing
//	intern.go  the label → code hash table
//	table.go   Table, Column, Options
//	cells.go   cell text and duplicate identifiers
//	errors.go  DataError, Problems
//
// The package knows nothing of designs: package designs builds Options from
// a design file and checks the Table against it.
package table
