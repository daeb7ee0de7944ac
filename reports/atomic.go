// Package reports turns an evaluation's results (*evaluate.Report) into the
// things people read: JSON, a terminal summary, an EEF-style Excel workbook
// and plots.
package reports

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file so that readers see either the old file or
// the complete new one, never a half-written file. write receives a buffered
// writer on a temporary file in the same directory as path; when write
// succeeds the temporary file is flushed, synced and renamed over path.
// On any error the temporary file is removed and path is left untouched.
//
// A file that already exists keeps its permission bits; a new file gets
// 0644.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("%q: not a file name", path)
	}
	mode := fs.FileMode(0o644)
	if st, statErr := os.Stat(path); statErr == nil {
		if st.IsDir() {
			return fmt.Errorf("%s: is a directory, not a file", path)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	// Make the rename itself durable; a failure here does not undo the write.
	if d, dErr := os.Open(dir); dErr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
