package table

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRead_onlyRegularFiles: devices, named pipes and folders, directly or
// through a link, are refused at once (issue 15: /dev/zero ran out of
// memory and a named pipe hung).
func TestRead_onlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	zero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/dev/zero":    "/dev/zero: this is a device, not a data file (data.file must name a CSV or Excel (.xlsx) file)",
		"/dev/urandom": "/dev/urandom: this is a device, not a data file (data.file must name a CSV or Excel (.xlsx) file)",
		zero:           zero + ": this is a device, not a data file (data.file must name a CSV or Excel (.xlsx) file)",
		fifo:           fifo + ": this is a named pipe (FIFO), not a data file (data.file must name a CSV or Excel (.xlsx) file)",
		dir:            dir + ": this is a folder, not a data file (data.file must name a CSV or Excel (.xlsx) file)",
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(path, Options{}); done <- err }()
		select {
		case err := <-done:
			checkErrorKinds(t, err)
			if err == nil || err.Error() != want {
				t.Errorf("Read(%s) = %v, want %s", path, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Read(%s) hangs", path)
		}
	}
}

func TestRead_sizeLimit(t *testing.T) {
	defer func(l int64) { readLimit = l }(readLimit)
	readLimit = 1000
	path := writeFile(t, "pupils.csv", []byte("score\n"+strings.Repeat("1\n", 500)))
	_, err := Read(path, Options{})
	want := path + ": the file is 1.01 kB, more than whatworks reads (1 kB) (keep only the pupils and columns the evaluation needs, or split the file)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestRead_strayByteInUTF8: a UTF-8 file with one byte that is not UTF-8
// (a value pasted from a Windows program) is read as UTF-8, that byte as
// Windows-1252, and the row is named (issue 15: the whole file was read
// as Windows-1252, mangling every accented name).
func TestRead_strayByteInUTF8(t *testing.T) {
	path := writeFile(t, "pupils.csv", []byte("name,score\nZoë,1\nRen\xE9e,2\nJosé,3\n"))
	tab, err := readUnchanged(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, tab, []int{2, 3, 4}, wantCat("name", []string{"José", "Renée", "Zoë"}, "Zoë", "Renée", "José"), wantNum("score", 1, 2, 3))
	want := path + `, row 3: has a byte that is not UTF-8 (0xE9), read as "é" as in Windows-1252; the rest of the file is read as UTF-8 (check the value in this row; save the file as "CSV UTF-8" so that every character is stored one way)`
	if len(tab.Warnings) != 1 || tab.Warnings[0].Error() != want {
		t.Errorf("warnings %v\nwant %s", tab.Warnings, want)
	}

	// Many rows: five named, the rest counted.
	var b strings.Builder
	b.WriteString("name\nZoë\n")
	for range 8 {
		b.WriteString("Ren\xE9e\n")
	}
	tab, err = Read(writeFile(t, "many.csv", []byte(b.String())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tab.Warnings); n != 6 || !strings.HasSuffix(tab.Warnings[5].Error(), "…and 3 more rows with bytes that are not UTF-8") {
		t.Errorf("%d warnings: %v", n, tab.Warnings)
	}

	// A file with no UTF-8 at all is Windows-1252, without a word.
	tab, err = Read(writeFile(t, "cp.csv", cp1252("name\nZoë\nRenée\n")), Options{})
	if err != nil || len(tab.Warnings) != 0 || !slices.Equal(tab.Columns[0].Levels, []string{"Renée", "Zoë"}) {
		t.Errorf("Windows-1252: %v %v %v", err, tab.Warnings, tab.Columns[0].Levels)
	}
}
