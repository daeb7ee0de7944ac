package table

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/regular"
)

// Errors that DataError.Err may hold, for errors.Is.
var (
	// ErrNotNumber is a value in a numeric column that is neither a number
	// nor a missing-value token.
	ErrNotNumber = errors.New("is not a number")
	// ErrPasswordProtected is a workbook that needs a password to open.
	ErrPasswordProtected = errors.New("this workbook is password-protected")
)

// maxPerColumn is how many bad cells Read reports one by one in each
// column before it sums up the rest in one message.
const maxPerColumn = 20

// Read reads pupil data from a CSV or XLSX file into typed columns.
//
// The format is sniffed from the file's content, not trusted from its
// extension: a workbook named .csv, a CSV named .xlsx, an old .xls
// workbook, a password-protected workbook, a web page or XML spreadsheet
// saved as .xls, a zip archive or a binary file each get an error that says
// what the file really is.
//
// CSV files may be comma-, semicolon-, tab- or vertical-bar-delimited
// (detected from the header line, or named by an Excel "sep=;" first line),
// UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark,
// or Windows-1252 (Excel's plain "CSV" export), with LF, CRLF or CR line
// ends. Fields may be quoted as in RFC 4180. In semicolon-delimited files a
// decimal comma ("3,5") reads as a decimal point.
//
// XLSX cells are read raw, not as displayed: a cell formatted as 25.6%
// reads 0.256 and a date reads as its serial number; formula cells read
// their cached values; TRUE/FALSE cells read "TRUE" and "FALSE".
// opts.Sheet names the sheet; "" reads the first. For CSV files opts.Sheet
// is ignored.
//
// The first row that is not blank holds the column names (row 1, unless
// rows above it are blank). Cells are trimmed of surrounding spaces before
// they are compared with opts.Missing or parsed, and an empty cell is
// always missing. Numbers are decimals with an optional sign, decimal
// point and exponent ("-2", ".5", "1e3"); "1,234", "95%", "inf" and "0x10"
// are not numbers. Completely blank rows are skipped, but rows keep the
// numbers the spreadsheet shows them under (Table.RowNumbers). Columns with
// no name and no data (trailing blank columns) are dropped.
//
// Problems with the file as a whole (cannot be opened, empty, no data rows,
// duplicate or empty column names, rows with the wrong number of fields, a
// missing sheet) are returned as *DataError, or Problems of them, with a nil
// Table. When the only problems are values that are not numbers in
// opts.Numeric columns, Read returns the Table, those cells missing,
// together with Problems listing them (at most 20 per column, then one
// message counting the rest), so that a caller can report more.
//
// Only regular files are read (not folders, devices or named pipes,
// directly or through a link), of at most MaxFileSize bytes. CSV files are
// read in pieces, never whole; workbooks are read whole.
//
// The input file is only ever opened for reading.
func Read(path string, opts Options) (*Table, error) {
	f, err := regular.Open(path, readLimit)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	head := make([]byte, min(f.Size, sniffLen))
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, readError(path, err)
	}
	head = head[:n]
	if len(head) == 0 {
		return nil, &DataError{File: path, Err: errors.New("the file is empty"),
			Hint: "it should have a header row of column names and one row per pupil"}
	}
	ext := strings.ToLower(filepath.Ext(path))
	kind := sniff(head)
	if kind == sniffZip || kind == sniffCFB {
		// Workbooks are read whole; an old-style one is searched for the
		// streams that mark it as encrypted.
		if kind == sniffZip && (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
			return nil, &DataError{File: path,
				Err:  errors.New("this is an Excel workbook (.xlsx), not a CSV file"),
				Hint: "rename it to " + renamedTo(path, ".xlsx") + ", or open it in Excel and save it as CSV"}
		}
		if err := f.Rewind(); err != nil {
			return nil, readError(path, err)
		}
		data, err := f.ReadAll()
		if err != nil {
			return nil, readError(path, err)
		}
		if kind == sniffZip {
			return xlsxTable(path, data, opts)
		}
		kind = sniff(data)
	}
	switch kind {
	case sniffODS:
		return nil, &DataError{File: path,
			Err:  errors.New("this is an OpenDocument spreadsheet (.ods), which whatworks cannot read"),
			Hint: "save it as .xlsx or CSV"}
	case sniffEncrypted:
		return nil, &DataError{File: path, Err: ErrPasswordProtected,
			Hint: "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save a copy as .xlsx or CSV"}
	case sniffCFB:
		return nil, &DataError{File: path,
			Err:  errors.New("this is an old-style Excel workbook (.xls), which whatworks cannot read"),
			Hint: "open it in Excel and save it as .xlsx (Excel Workbook) or CSV"}
	case sniffBinary:
		what := "a binary file, not a text (CSV) file or an Excel workbook"
		if d := describeBinary(head); d != "" {
			what = d + ", not a CSV file or an Excel workbook"
		}
		return nil, &DataError{File: path, Err: errors.New("this is " + what),
			Hint: "export the pupil data from your spreadsheet or MIS as .xlsx or CSV"}
	}
	// Text.
	if what := markup(head); what != "" {
		return nil, &DataError{File: path, Err: errors.New("this is " + what + ", not a CSV file or an Excel workbook"),
			Hint: "open it in Excel and save it as .xlsx (Excel Workbook) or CSV"}
	}
	if ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" {
		return nil, &DataError{File: path,
			Err:  errors.New("this is a text (CSV) file, not an Excel workbook"),
			Hint: "rename it to " + renamedTo(path, ".csv")}
	}
	return csvTable(path, f, opts)
}

// MaxFileSize is the largest data file Read reads: 2 GB, about 20 million
// pupils in a CSV file of a dozen columns. Larger files (and paths that
// are not regular files: folders, devices, named pipes) get a *DataError
// before anything is read.
const MaxFileSize = 2_000_000_000

// readLimit is MaxFileSize, lowered by tests.
var readLimit int64 = MaxFileSize

func openError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	de := &DataError{File: path, Err: fmt.Errorf("cannot open the file: %w", err)}
	var nr *regular.NotRegularError
	var tl *regular.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		de.Err = errors.New("no such file")
		de.Hint = "data.file is relative to the folder the design file is in"
	case errors.As(err, &nr):
		de.Err = fmt.Errorf("this is %s, not a data file", nr.What)
		de.Hint = "data.file must name a CSV or Excel (.xlsx) file"
	case errors.As(err, &tl):
		de.Err = tooLarge(tl)
		de.Hint = "keep only the pupils and columns the evaluation needs, or split the file"
	}
	return de
}

func tooLarge(tl *regular.TooLargeError) error {
	if tl.Size > tl.Limit+1 {
		return fmt.Errorf("the file is %s, more than whatworks reads (%s)", regular.Bytes(tl.Size), regular.Bytes(tl.Limit))
	}
	return fmt.Errorf("the file grew past %s while it was read", regular.Bytes(tl.Limit))
}

// readError explains a failure to read an open file.
func readError(path string, err error) error {
	var tl *regular.TooLargeError
	if errors.As(err, &tl) {
		return &DataError{File: path, Err: tooLarge(tl)}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &DataError{File: path, Err: fmt.Errorf("cannot read the file: %w", err)}
}

func renamedTo(path, ext string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ext
}
