// Package regular opens the files whatworks reads (design files and pupil
// data) only when they are regular files of a bounded size, so that a path
// that names a device (/dev/zero, /dev/urandom), a named pipe, a socket or
// a folder, directly or through a symbolic link, gets a clear error rather
// than an endless read or a hang, and a file that grows while it is read
// is cut off at the limit.
package regular

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// NotRegularError is a path that names something other than a regular
// file.
type NotRegularError struct {
	Path string
	// What the path names, for messages: "a folder", "a device", "a named
	// pipe (FIFO)", "a socket" or "not a regular file".
	What string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a file", e.Path, e.What)
}

// TooLargeError is a file larger than the limit it is read with.
type TooLargeError struct {
	Path  string
	Size  int64 // as far as it was read: limit+1 when it grew while read
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s", e.Path, Bytes(e.Limit))
}

// Bytes writes a size for people: "2 GB", "10 MB", "512 bytes" (powers of
// 1,000; sizes that are not whole units to three significant figures).
func Bytes(n int64) string {
	const k = 1000
	switch {
	case n >= k*k*k:
		return unit(n, k*k*k, "GB")
	case n >= k*k:
		return unit(n, k*k, "MB")
	case n >= k:
		return unit(n, k, "kB")
	}
	return fmt.Sprintf("%d bytes", n)
}

func unit(n, u int64, name string) string {
	if n%u == 0 {
		return fmt.Sprintf("%d %s", n/u, name)
	}
	return strconv.FormatFloat(float64(n)/float64(u), 'g', 3, 64) + " " + name
}

// describe names a file mode that is not a regular file.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// Check reports whether path (after following symbolic links) is a
// regular file of at most limit bytes, returning its size. The errors are
// those of os.Stat, *NotRegularError and *TooLargeError.
func Check(path string, limit int64) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if !st.Mode().IsRegular() {
		return 0, &NotRegularError{Path: path, What: describe(st.Mode())}
	}
	if st.Size() > limit {
		return st.Size(), &TooLargeError{Path: path, Size: st.Size(), Limit: limit}
	}
	return st.Size(), nil
}

// File is a regular file open for reading, limited to a number of bytes.
type File struct {
	f     *os.File
	r     io.LimitedReader
	path  string
	limit int64
	// Size is the file's size when it was opened.
	Size int64
}

// Open opens path for reading if it is a regular file of at most limit
// bytes (see Check). It never blocks on a named pipe: it checks before
// opening, and opens without waiting for a writer in case the path was
// replaced in between, then checks the open file again.
func Open(path string, limit int64) (*File, error) {
	if _, err := Check(path, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, What: describe(st.Mode())}
	}
	if st.Size() > limit {
		f.Close()
		return nil, &TooLargeError{Path: path, Size: st.Size(), Limit: limit}
	}
	rf := &File{f: f, path: path, limit: limit, Size: st.Size()}
	rf.r = io.LimitedReader{R: f, N: limit + 1}
	return rf, nil
}

// Read reads from the file; past the limit it returns a *TooLargeError.
func (f *File) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if f.r.N <= 0 {
		// One byte past the limit was read: the file grew.
		return n, &TooLargeError{Path: f.path, Size: f.limit + 1, Limit: f.limit}
	}
	return n, err
}

// Rewind goes back to the start of the file, for a second pass.
func (f *File) Rewind() error {
	if _, err := f.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	f.r = io.LimitedReader{R: f.f, N: f.limit + 1}
	return nil
}

// ReadAll reads the rest of the file.
func (f *File) ReadAll() ([]byte, error) {
	buf := make([]byte, 0, min(f.Size, f.limit)+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// ReadFile reads a whole regular file of at most limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadAll()
}

// IsNotRegular reports whether err is a *NotRegularError and returns it.
func IsNotRegular(err error) (*NotRegularError, bool) {
	var e *NotRegularError
	ok := errors.As(err, &e)
	return e, ok
}
