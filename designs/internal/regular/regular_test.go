package regular

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestOpen_refusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	link := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(dir, "folder.csv")
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, what string }{
		{"/dev/zero", "a device"},
		{"/dev/urandom", "a device"},
		{link, "a device"},
		{fifo, "a named pipe (FIFO)"},
		{dir, "a folder"},
		{dirLink, "a folder"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(tc.path, 1<<20); done <- err }()
		select {
		case err := <-done:
			e, ok := IsNotRegular(err)
			if !ok || e.What != tc.what {
				t.Errorf("ReadFile(%s) = %v, want %s", tc.path, err, tc.what)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%s) hangs", tc.path)
		}
	}
}

func TestOpen_sizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, make([]byte, 1001), 0o644); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(path, 1000); !errors.As(err, &tl) || tl.Size != 1001 || tl.Limit != 1000 {
		t.Errorf("over the limit: %v", err)
	}
	if b, err := ReadFile(path, 1001); err != nil || len(b) != 1001 {
		t.Errorf("at the limit: %d bytes, %v", len(b), err)
	}
	// A file that grows after it was opened is cut off at the limit.
	f, err := Open(path, 1001)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := os.WriteFile(path, make([]byte, 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadAll(); !errors.As(err, &tl) {
		t.Errorf("a file that grew: %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "nope"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 2000: "2 kB", 10_000_000: "10 MB", 2_000_000_000: "2 GB", 2_500_000_000: "2.5 GB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
