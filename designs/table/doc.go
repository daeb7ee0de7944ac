// Package table reads pupil data (CSV and XLSX files) into typed columns.
//
// Read is the one door: it opens only regular files within MaxFileSize
// (designs/internal/regular), sniffs what the file really is (a workbook
// named .csv, an old .xls, a password-protected workbook, a web page saved
// as .xls and other look-alikes each get their own message), then reads
// delimited text in pieces (csv.go, scan.go, text.go: encoding and
// delimiter detection, RFC 4180 quoting) or one sheet of a workbook
// (xlsx.go, through excelize), and types each column as its cells arrive
// (typer.go): Numeric (float64, NaN where missing), Categorical (codes
// into sorted Levels, -1 where missing) or Text (identifiers, kept row by
// row). Options say which columns must be numbers, which are always
// labels, which are identifiers, which are a model's variables (where a
// few labels among numbers are errors, not categories), which cell values
// mean "missing", and which columns to keep at all.
//
// Numbers are plain decimals (number.go): "1,234", "95%", "inf" and "0x10"
// are not numbers, and a decimal comma is read only in semicolon-delimited
// files. Problems are reported as *DataError, positioned as the
// spreadsheet shows them (file, sheet, row with the header as row 1,
// column, value) with a hint on how to fix them; many at once as
// Problems; a value repeated in many rows once, with its rows summed up.
// What does not stop the data being read (a stray byte in a UTF-8 file,
// formulas with no saved value, dates, which sheet was read) is in
// Table.Warnings.
//
// Files:
//
//	read.go    Read: open, sniff, dispatch; MaxFileSize
//	sniff.go   what the first bytes say a file is
//	text.go    a text file's encoding (UTF-8, UTF-16, Windows-1252, stray bytes)
//	scan.go    the CSV record scanner, reading in pieces
//	csv.go     delimited text: delimiter, header, rows
//	xlsx.go    workbooks: zip checks, damaged text tables, the sheet, its
//	           cells, TRUE/FALSE, formulas with no value, dates
//	typer.go   typing columns cell by cell; missing-value tokens; header;
//	           values that are not numbers, stray labels in variables
//	number.go  cell trimming and number parsing
//	intern.go  the label → code hash table
//	table.go   Table, Column, Options; row numbers in runs
//	cells.go   cell text and duplicate identifiers
//	errors.go  DataError, Problems
//
// The package knows nothing of designs: package designs builds Options from
// a design file and checks the Table against it.
package table
