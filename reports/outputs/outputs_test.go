package outputs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func text(s string) WriteFunc {
	return func(_ context.Context, w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func failing(msg string) WriteFunc {
	return func(_ context.Context, w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New(msg)
	}
}

// listing is every name under dir with its content (folders end in /).
func listing(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		if d.Type()&os.ModeSymlink != 0 {
			out = append(out, rel+"@")
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, rel+"="+string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCommit(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "old.json"), "old")
	if err := os.Chmod(filepath.Join(dir, "old.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	var s Set
	var order []string
	s.Writing = func(path string, i, n int) {
		order = append(order, fmt.Sprintf("%s %d/%d", filepath.Base(path), i+1, n))
	}
	must(t, s.Add(filepath.Join(dir, "old.json"), "--json", text("new")))
	must(t, s.AddDir(filepath.Join(dir, "plots", "deep"), "--plots"))
	must(t, s.Add(filepath.Join(dir, "plots", "deep", "a.png"), "--plots", text("png")))
	must(t, s.AddNew(filepath.Join(dir, "fresh.txt"), "", text("fresh")))
	written, err := s.Commit(context.Background())
	must(t, err)
	if got, want := listing(t, dir), "fresh.txt=fresh old.json=new plots/ plots/deep/ plots/deep/a.png=png"; got != want {
		t.Errorf("folder:\n got %s\nwant %s", got, want)
	}
	if len(written) != 5 || written[0] != filepath.Join(dir, "plots") || written[4] != filepath.Join(dir, "fresh.txt") {
		t.Errorf("written = %q", written)
	}
	if got := strings.Join(order, ", "); got != "old.json 1/3, a.png 2/3, fresh.txt 3/3" {
		t.Errorf("Writing calls: %s", got)
	}
	for name, want := range map[string]os.FileMode{"old.json": 0o600, "fresh.txt": 0o644} {
		st, err := os.Stat(filepath.Join(dir, name))
		must(t, err)
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, st.Mode().Perm(), want)
		}
	}
}

// TestCommit_allOrNothing: when one output fails, none is written, the
// files that existed are untouched, no temporary file is left and folders
// made for the outputs are removed.
func TestCommit_allOrNothing(t *testing.T) {
	for _, failAt := range []int{0, 1, 2} {
		t.Run(fmt.Sprint(failAt), func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.json"), "keep")
			before := listing(t, dir)
			var s Set
			names := []string{"a.json", "plots/b.png", "c.xlsx"}
			must(t, s.AddDir(filepath.Join(dir, "plots"), "--plots"))
			for i, n := range names {
				w := text("new " + n)
				if i == failAt {
					w = failing("disk full while writing sheet 3")
				}
				must(t, s.Add(filepath.Join(dir, n), "", w))
			}
			_, err := s.Commit(context.Background())
			if err == nil {
				t.Fatal("Commit succeeded")
			}
			want := "writing " + filepath.Join(dir, names[failAt]) + ": disk full while writing sheet 3"
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if after := listing(t, dir); after != before {
				t.Errorf("folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestCommit_messages: the operating system's errors are said once, with
// the output's name and never the temporary file's.
func TestCommit_messages(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	cases := []struct {
		name  string
		write WriteFunc
		want  string
	}{
		{"path error", func(context.Context, io.Writer) error {
			return &os.PathError{Op: "write", Path: "/nowhere/.report.xlsx" + tmpMarker + "1-2", Err: errors.New("no space left on device")}
		}, "no space left on device"},
		{"doubled", func(context.Context, io.Writer) error {
			return fmt.Errorf("writing %s: writing %s: sheet too big", path, path)
		}, "sheet too big"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s Set
			must(t, s.Add(path, "-o", tc.write))
			_, err := s.Commit(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			if want := "writing " + path + ": " + tc.want; err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if strings.Contains(err.Error(), tmpMarker) || strings.Count(err.Error(), "writing") != 1 {
				t.Errorf("error %q names a temporary file or says writing twice", err)
			}
		})
	}
}

func TestCommit_cancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var s Set
	must(t, s.Add(filepath.Join(dir, "a.json"), "", text("a")))
	must(t, s.Add(filepath.Join(dir, "big.xlsx"), "", func(ctx context.Context, w io.Writer) error {
		chunk := make([]byte, 1<<16)
		for i := 0; ; i++ {
			if i == 3 {
				cancel() // as SIGINT does, in the middle of the write
			}
			if _, err := w.Write(chunk); err != nil {
				return fmt.Errorf("sheet Data: %w", err)
			}
		}
	}))
	_, err := s.Commit(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if got := listing(t, dir); got != "" {
		t.Errorf("left %s", got)
	}
	// A Set cancelled before Commit writes nothing either.
	var s2 Set
	must(t, s2.Add(filepath.Join(dir, "a.json"), "", text("a")))
	if _, err := s2.Commit(ctx); !errors.Is(err, context.Canceled) || listing(t, dir) != "" {
		t.Errorf("cancelled Commit: %v, left %s", err, listing(t, dir))
	}
}

func TestCommit_staged(t *testing.T) {
	dir := t.TempDir()
	var s Set
	var seen []string
	s.Staged = func(_ context.Context, path string) {
		m, _ := filepath.Glob(filepath.Join(dir, ".*"+tmpMarker+"*"))
		seen = append(seen, fmt.Sprintf("%s:%d", filepath.Base(path), len(m)))
	}
	must(t, s.Add(filepath.Join(dir, "a"), "", text("a")))
	must(t, s.Add(filepath.Join(dir, "b"), "", text("b")))
	_, err := s.Commit(context.Background())
	must(t, err)
	if got := strings.Join(seen, " "); got != "a:1 b:2" {
		t.Errorf("temporary files while staging: %s", got)
	}
}

// TestAdd_refused: outputs refused before anything is written.
func TestAdd_refused(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "pupils.csv")
	design := filepath.Join(dir, "design.yaml")
	write(t, data, "upn\n1\n")
	write(t, design, "title: x\n")
	notes := filepath.Join(dir, "notes.txt")
	write(t, notes, "notes")
	must(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(t, os.Symlink(data, filepath.Join(dir, "link.csv")))
	must(t, os.Symlink(dir, filepath.Join(dir, "sub", "up")))
	must(t, os.Link(data, filepath.Join(dir, "hard.csv")))
	cases := []struct {
		name  string
		add   func(*Set) error
		want  string
		dirOK bool
	}{
		{"the data file", func(s *Set) error { return s.Add(data, "--json", text("")) },
			"--json " + data + ": that is the data file this run reads (" + data + "); whatworks never writes over its inputs: choose another name", false},
		{"the design file, relative path", func(s *Set) error {
			rel, _ := filepath.Rel(mustWd(t), design)
			return s.Add(rel, "-o", text(""))
		}, "that is the design file this run reads", false},
		{"a symbolic link to the data", func(s *Set) error { return s.Add(filepath.Join(dir, "link.csv"), "-o", text("")) }, "the data file", false},
		{"through a linked folder", func(s *Set) error { return s.Add(filepath.Join(dir, "sub", "up", "pupils.csv"), "-o", text("")) }, "the data file", false},
		{"a hard link to the data", func(s *Set) error { return s.Add(filepath.Join(dir, "hard.csv"), "-o", text("")) }, "the data file", false},
		{"the same output twice", func(s *Set) error {
			must(t, s.Add(filepath.Join(dir, "out.xlsx"), "-o", text("")))
			return s.Add(filepath.Join(dir, "sub", "..", "out.xlsx"), "--json", text(""))
		}, "--json " + filepath.Join(dir, "sub", "..", "out.xlsx") + ": -o writes that file too: give each output its own name", false},
		{"a file where the plots go", func(s *Set) error {
			must(t, s.AddDir(filepath.Join(dir, "plots"), "--plots"))
			return s.Add(filepath.Join(dir, "plots"), "--json", text(""))
		}, "--plots writes into that folder", false},
		{"a folder", func(s *Set) error { return s.Add(filepath.Join(dir, "sub"), "-o", text("")) }, "that is a folder, not a file", false},
		{"a folder name", func(s *Set) error { return s.Add(dir+"/", "-o", text("")) }, "not a file name", false},
		{"no name", func(s *Set) error { return s.Add("", "--json", text("")) }, `--json "": no file name given`, false},
		{"a device", func(s *Set) error { return s.Add(os.DevNull, "--json", text("")) }, "not a regular file", false},
		{"a missing folder", func(s *Set) error { return s.Add(filepath.Join(dir, "nope", "r.xlsx"), "-o", text("")) },
			"folder " + filepath.Join(dir, "nope") + " does not exist (create it first)", false},
		{"a file as folder", func(s *Set) error { return s.Add(filepath.Join(data, "r.xlsx"), "-o", text("")) }, "is not a folder", false},
		{"plots into a file", func(s *Set) error { return s.AddDir(notes, "--plots") }, "that is a file, not a folder", false},
		{"plots under a file", func(s *Set) error { return s.AddDir(filepath.Join(notes, "plots"), "--plots") }, "is not a folder", false},
		{"a new file that exists", func(s *Set) error { return s.AddNew(filepath.Join(dir, "hard.csv"), "", text("")) }, "already exists", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := listing(t, dir)
			var s Set
			s.Input(design, "the design file")
			s.Input(data, "the data file")
			err := tc.add(&s)
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("error %v (%T), want a *UsageError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
			if strings.Contains(err.Error(), tmpMarker) {
				t.Errorf("error names a temporary file: %q", err)
			}
			if after := listing(t, dir); after != before {
				t.Errorf("folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func TestAdd_unwritableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	must(t, os.Mkdir(ro, 0o555))
	var s Set
	err := s.Add(filepath.Join(ro, "r.xlsx"), "-o", text(""))
	if err == nil || !strings.Contains(err.Error(), "cannot be written (permission denied)") {
		t.Errorf("error %v", err)
	}
	if err := s.AddDir(filepath.Join(ro, "plots"), "--plots"); err == nil || !strings.Contains(err.Error(), "cannot make this folder") {
		t.Errorf("AddDir error %v", err)
	}
}

// TestAddNew_appeared: a file that appears between Add and Commit is not
// overwritten.
func TestAddNew_appeared(t *testing.T) {
	dir := t.TempDir()
	var s Set
	must(t, s.AddNew(filepath.Join(dir, "design.yaml"), "", text("template")))
	write(t, filepath.Join(dir, "design.yaml"), "mine")
	_, err := s.Commit(context.Background())
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("error %v", err)
	}
	if got := listing(t, dir); got != "design.yaml=mine" {
		t.Errorf("folder: %s", got)
	}
}

// deadPID is the PID of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	must(t, cmd.Run())
	return cmd.Process.Pid
}

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	dead := fmt.Sprintf("%s%d-123", tmpMarker, deadPID(t))
	live := fmt.Sprintf("%s%d-456", tmpMarker, os.Getppid())
	files := []string{
		".report.xlsx" + dead,         // removed: its run is gone
		".other.json" + dead,          // removed: any whatworks output of a dead run
		".report.xlsx" + live,         // kept: its run may be writing it now
		".report.xlsx.tmp-123456789",  // removed: whatworks 0.1's name for report.xlsx
		".other.json.tmp-123456789",   // kept: not an output of this run
		"report.xlsx.whatworks-tmp-1", // kept: not whatworks' pattern
	}
	for _, f := range files {
		write(t, filepath.Join(dir, f), "pupil 1234")
	}
	var s Set
	var notices []string
	s.Notice = func(msg string) { notices = append(notices, msg) }
	must(t, s.Add(filepath.Join(dir, "report.xlsx"), "-o", text("r")))
	must(t, s.Add(filepath.Join(dir, "b.json"), "--json", text("b"))) // same folder: swept once
	want := []string{
		"removed a half-written file left by an interrupted run: " + filepath.Join(dir, ".other.json"+dead),
		"removed a half-written file left by an interrupted run: " + filepath.Join(dir, ".report.xlsx"+dead),
		"removed a half-written file left by an interrupted run: " + filepath.Join(dir, ".report.xlsx.tmp-123456789"),
	}
	if got := strings.Join(notices, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("notices:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if got, want := listing(t, dir), ".other.json.tmp-123456789=pupil 1234 .report.xlsx"+live+"=pupil 1234 report.xlsx.whatworks-tmp-1=pupil 1234"; got != want {
		t.Errorf("left:\n%s\nwant\n%s", got, want)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	real, err := filepath.EvalSymlinks(dir)
	must(t, err)
	must(t, os.Symlink(real, filepath.Join(dir, "ln")))
	for _, p := range []string{
		filepath.Join(dir, "a", "b.xlsx"),
		filepath.Join(dir, "ln", "a", "..", "a", "b.xlsx"),
		filepath.Join(dir, "ln", "ln", "a", "b.xlsx"),
	} {
		if got, want := resolve(p), filepath.Join(real, "a", "b.xlsx"); got != want {
			t.Errorf("resolve(%s) = %s, want %s", p, got, want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustWd(t *testing.T) string {
	wd, err := os.Getwd()
	must(t, err)
	return wd
}
