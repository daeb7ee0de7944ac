package outputs

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// WriteFunc writes one output's content to w. When ctx is cancelled the
// writes to w fail with ctx's error, so a long write stops at its next
// write; a WriteFunc that computes for long between writes should check
// ctx itself.
type WriteFunc func(ctx context.Context, w io.Writer) error

// UsageError is an output refused before anything was written: the
// command line names a file that cannot or must not be written.
type UsageError struct {
	What    string // how the output was named ("-o", "--json"); may be ""
	Path    string
	Problem string
	Err     error // what errors.Is sees: fs.ErrExist for a file AddNew refuses; may be nil
}

func (e *UsageError) Unwrap() error { return e.Err }

func (e *UsageError) Error() string {
	if e.What == "" || e.What == e.Path {
		return e.Path + ": " + e.Problem
	}
	return e.What + " " + e.Path + ": " + e.Problem
}

// Set is the outputs of one run. The zero Set is ready to use; it is not
// safe for concurrent use.
type Set struct {
	// Notice, when set, receives messages for the user: each half-written
	// file of an earlier, killed run that was removed.
	Notice func(msg string)
	// Writing, when set, is called before output i of n is written.
	Writing func(path string, i, n int)
	// Staged, when set, is called after each output has been written to
	// its temporary file, before the next one is written.
	Staged func(ctx context.Context, path string)

	inputs  []place
	files   []*file
	dirs    []*dir
	folders map[string]error // folder key → result of its check
	done    bool
}

// place is a file or folder named by the user, resolved.
type place struct {
	path, what string
	key        string      // absolute path with symbolic links resolved
	info       fs.FileInfo // nil when it does not exist
}

type file struct {
	place
	write     WriteFunc
	noReplace bool
	mode      fs.FileMode
	tmp       string // during Commit
}

type dir struct {
	place
	create bool // does not exist yet: Commit makes it
}

// Input names a file the run reads (what says which, e.g. "the data
// file"); no output may resolve to it.
func (s *Set) Input(path, what string) {
	p := place{path: path, what: what, key: resolve(path)}
	if st, err := os.Stat(path); err == nil {
		p.info = st
	}
	s.inputs = append(s.inputs, p)
}

// Add reserves the file path for write, naming it what in messages (a
// flag such as "-o", or "" to name it by its path alone). It returns a
// *UsageError when the file may not or cannot be written; then nothing is
// reserved.
func (s *Set) Add(path, what string, write WriteFunc) error {
	return s.add(path, what, write, false)
}

// AddNew is Add for a file that must not exist: it is refused when it
// does, and Commit fails rather than replace a file that appeared since.
func (s *Set) AddNew(path, what string, write WriteFunc) error {
	return s.add(path, what, write, true)
}

func (s *Set) add(path, what string, write WriteFunc, noReplace bool) error {
	if s.done {
		panic("outputs: Add after Commit")
	}
	refuse := func(format string, a ...any) error {
		return &UsageError{What: what, Path: path, Problem: fmt.Sprintf(format, a...)}
	}
	base := filepath.Base(path)
	switch {
	case path == "":
		return &UsageError{What: what, Path: `""`, Problem: "no file name given"}
	case strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)) || base == "." || base == "..":
		return refuse("not a file name (give a file name, not a folder)")
	}
	f := &file{place: place{path: path, what: what, key: resolve(path)}, write: write, noReplace: noReplace, mode: 0o644}
	if st, err := os.Stat(path); err == nil {
		switch {
		case st.IsDir():
			return refuse("that is a folder, not a file (give a file name inside it)")
		case !st.Mode().IsRegular():
			return refuse("that is not a regular file (a device, pipe or socket): whatworks writes files through a temporary file and cannot replace it")
		case noReplace:
			return exists(f.place)
		}
		f.info = st
		f.mode = st.Mode().Perm()
	} else if noReplace {
		if _, lerr := os.Lstat(path); lerr == nil {
			return exists(f.place)
		}
	}
	if err := s.collides(f.place); err != nil {
		return err
	}
	folder := filepath.Dir(path)
	if !s.inNewDir(folder) {
		if err := s.checkFolder(folder); err != nil {
			return refuse("%v", err)
		}
		s.sweepLegacy(folder, base)
	}
	s.files = append(s.files, f)
	return nil
}

// AddDir reserves the folder path for outputs added later with Add (what
// names it in messages). A folder that does not exist is made by Commit,
// and removed again if Commit fails; its parent folders must be writable.
func (s *Set) AddDir(path, what string) error {
	if s.done {
		panic("outputs: AddDir after Commit")
	}
	refuse := func(format string, a ...any) error {
		return &UsageError{What: what, Path: path, Problem: fmt.Sprintf(format, a...)}
	}
	if path == "" {
		return &UsageError{What: what, Path: `""`, Problem: "no folder name given"}
	}
	d := &dir{place: place{path: path, what: what, key: resolve(path)}}
	if err := s.collides(d.place); err != nil {
		return err
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.IsDir():
		return refuse("that is a file, not a folder (name a folder for them)")
	case err == nil:
		d.info = st
		if err := s.checkFolder(path); err != nil {
			return refuse("%v", err)
		}
	default:
		// Made by Commit: its nearest existing ancestor must be a writable
		// folder.
		anc := filepath.Dir(path)
		for {
			if _, err := os.Lstat(anc); err == nil || filepath.Dir(anc) == anc {
				break
			}
			anc = filepath.Dir(anc)
		}
		if s.inNewDir(anc) {
			break
		}
		ast, err := os.Stat(anc)
		if err != nil || !ast.IsDir() {
			return refuse("cannot make this folder: %s is not a folder", anc)
		}
		if err := s.checkFolder(anc); err != nil {
			return refuse("cannot make this folder: %v", err)
		}
		d.create = true
	}
	s.dirs = append(s.dirs, d)
	return nil
}

// collides refuses p when it resolves to an input or to an output already
// in the set.
func (s *Set) collides(p place) error {
	refuse := func(format string, a ...any) error {
		return &UsageError{What: p.what, Path: p.path, Problem: fmt.Sprintf(format, a...)}
	}
	st, _ := os.Stat(p.path)
	same := func(q place) bool {
		return q.key == p.key || (st != nil && q.info != nil && os.SameFile(st, q.info))
	}
	for _, in := range s.inputs {
		if same(in) {
			return refuse("that is %s this run reads (%s); whatworks never writes over its inputs: choose another name", in.what, in.path)
		}
	}
	for _, f := range s.files {
		if same(f.place) {
			return refuse("%s writes that file too: give each output its own name", nameOf(f.place))
		}
	}
	for _, d := range s.dirs {
		if same(d.place) {
			return refuse("%s writes into that folder: give each output its own name", nameOf(d.place))
		}
	}
	return nil
}

// exists is the refusal of AddNew.
func exists(p place) error {
	return &UsageError{What: p.what, Path: p.path, Err: fs.ErrExist,
		Problem: "already exists (whatworks never overwrites it: choose another folder, or move the file away first)"}
}

// nameOf names an output in a message: its flag, or its path.
func nameOf(p place) string {
	if p.what != "" {
		return p.what
	}
	return p.path
}

// inNewDir reports whether folder is (or is inside) a reserved folder that
// Commit will make.
func (s *Set) inNewDir(folder string) bool {
	k := resolve(folder)
	for _, d := range s.dirs {
		if d.create && (k == d.key || strings.HasPrefix(k, d.key+string(filepath.Separator))) {
			return true
		}
	}
	return false
}

// checkFolder checks, once per folder, that folder exists and can be
// written (by making and removing a file in it), and removes the
// half-written files killed runs left in it.
func (s *Set) checkFolder(folder string) error {
	if s.folders == nil {
		s.folders = map[string]error{}
	}
	k := resolve(folder)
	if err, ok := s.folders[k]; ok {
		return err
	}
	err := probe(folder)
	s.folders[k] = err
	if err == nil {
		s.sweep(folder)
	}
	return err
}

func probe(folder string) error {
	st, err := os.Stat(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("folder %s does not exist (create it first)", folder)
	case err != nil:
		return fmt.Errorf("folder %s: %w", folder, bare(err))
	case !st.IsDir():
		return fmt.Errorf("%s is not a folder", folder)
	}
	f, err := os.CreateTemp(folder, tmpPrefix("probe"))
	if err != nil {
		return fmt.Errorf("folder %s cannot be written (%w)", folder, bare(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// tmpMarker is in the name of every temporary file whatworks writes.
const tmpMarker = ".whatworks-tmp-"

// tmpPrefix is the os.CreateTemp pattern of a temporary file for base.
func tmpPrefix(base string) string {
	return "." + base + tmpMarker + strconv.Itoa(os.Getpid()) + "-*"
}

// staleName matches the temporary files of tmpPrefix.
var staleName = regexp.MustCompile(`^\..*` + regexp.QuoteMeta(tmpMarker) + `([0-9]+)-[0-9]+$`)

// sweep removes the temporary files in folder whose process is gone.
func (s *Set) sweep(folder string) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := staleName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		s.removeStale(filepath.Join(folder, e.Name()))
	}
}

// legacyName matches the temporary files of whatworks 0.1 (".NAME.tmp-"
// and digits), which carried no PID.
var legacyName = regexp.MustCompile(`^\.(.*)\.tmp-[0-9]+$`)

// sweepLegacy removes temporary files an older whatworks left beside base.
func (s *Set) sweepLegacy(folder, base string) {
	matches, _ := filepath.Glob(filepath.Join(folder, "."+globEscape(base)+".tmp-*"))
	for _, m := range matches {
		sub := legacyName.FindStringSubmatch(filepath.Base(m))
		if sub == nil || sub[1] != base {
			continue
		}
		if st, err := os.Lstat(m); err == nil && st.Mode().IsRegular() {
			s.removeStale(m)
		}
	}
}

func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

func (s *Set) removeStale(path string) {
	if err := os.Remove(path); err != nil {
		return
	}
	if s.Notice != nil {
		s.Notice("removed a half-written file left by an interrupted run: " + path)
	}
}

// Commit writes every output (see the package comment) and returns their
// paths in the order they were added: folders made, then files. On
// failure it returns nil and an error naming the output that failed; the
// error satisfies errors.Is(err, context.Canceled) (or DeadlineExceeded)
// when ctx was cancelled. A Set is committed at most once.
func (s *Set) Commit(ctx context.Context) (written []string, err error) {
	if s.done {
		panic("outputs: Commit called twice")
	}
	s.done = true
	if err := ctx.Err(); err != nil {
		return nil, interrupted(ctx, "")
	}
	var made []string // folders made, outermost first
	defer func() {
		if err == nil {
			return
		}
		for _, f := range s.files {
			if f.tmp != "" {
				os.Remove(f.tmp)
				temporary.remove(f.tmp)
			}
		}
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i]) // only when empty
		}
		written = nil
	}()
	for _, d := range s.dirs {
		if !d.create {
			continue
		}
		var todo []string
		for p := d.path; ; p = filepath.Dir(p) {
			if _, err := os.Lstat(p); err == nil || filepath.Dir(p) == p {
				break
			}
			todo = append(todo, p)
		}
		for i := len(todo) - 1; i >= 0; i-- {
			if err := os.Mkdir(todo[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("making folder %s: %w", todo[i], bare(err))
			}
			made = append(made, todo[i])
		}
	}
	for i, f := range s.files {
		if ctx.Err() != nil {
			return nil, interrupted(ctx, f.path)
		}
		if s.Writing != nil {
			s.Writing(f.path, i, len(s.files))
		}
		if err := f.stage(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, interrupted(ctx, f.path)
			}
			return nil, f.failed(err)
		}
		if s.Staged != nil {
			s.Staged(ctx, f.path)
		}
	}
	if ctx.Err() != nil {
		return nil, interrupted(ctx, "")
	}
	for _, f := range s.files {
		if err := f.commit(); err != nil {
			return nil, err
		}
		temporary.remove(f.tmp)
		f.tmp = ""
	}
	synced := map[string]bool{}
	for _, f := range s.files {
		if dir := filepath.Dir(f.path); !synced[dir] {
			synced[dir] = true
			syncDir(dir)
		}
	}
	written = append(written, made...)
	for _, f := range s.files {
		written = append(written, f.path)
	}
	return written, nil
}

// stage writes f to a new temporary file beside it.
func (f *file) stage(ctx context.Context) error {
	t, err := os.CreateTemp(filepath.Dir(f.path), tmpPrefix(filepath.Base(f.path)))
	if err != nil {
		return err
	}
	f.tmp = t.Name()
	temporary.add(f.tmp)
	bw := bufio.NewWriterSize(ctxWriter{ctx, t}, 64<<10)
	if err := f.write(ctx, bw); err != nil {
		t.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		t.Close()
		return err
	}
	if err := t.Chmod(f.mode); err != nil {
		t.Close()
		return err
	}
	if err := t.Sync(); err != nil {
		t.Close()
		return err
	}
	return t.Close()
}

// commit moves f's temporary file to its name.
func (f *file) commit() error {
	if f.noReplace {
		// A hard link never replaces a file; where links are not supported,
		// check and rename.
		err := os.Link(f.tmp, f.path)
		switch {
		case err == nil:
			os.Remove(f.tmp)
			return nil
		case errors.Is(err, fs.ErrExist):
			return exists(f.place)
		}
		if _, lerr := os.Lstat(f.path); lerr == nil {
			return exists(f.place)
		}
	}
	if err := os.Rename(f.tmp, f.path); err != nil {
		return f.failed(err)
	}
	return nil
}

// failed is the error of writing f: "writing PATH: cause", with PATH said
// once and never the temporary file's name.
func (f *file) failed(err error) error {
	var msg string
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && err.Error() == pe.Error():
		msg = pe.Err.Error() // the operating system's own error: its cause
	case errors.As(err, &le) && err.Error() == le.Error():
		msg = le.Err.Error()
	default:
		msg = err.Error()
		if f.tmp != "" {
			msg = strings.ReplaceAll(msg, f.tmp, f.path)
			msg = strings.ReplaceAll(msg, filepath.Base(f.tmp), filepath.Base(f.path))
		}
	}
	prefix := "writing " + f.path + ": "
	for strings.HasPrefix(msg, prefix) {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return &writeError{msg: prefix + msg, err: err}
}

type writeError struct {
	msg string
	err error
}

func (e *writeError) Error() string { return e.msg }
func (e *writeError) Unwrap() error { return e.err }

// interrupted is the error of a Commit stopped by ctx.
func interrupted(ctx context.Context, path string) error {
	if path == "" {
		return fmt.Errorf("stopped before writing: %w", ctx.Err())
	}
	return fmt.Errorf("stopped while writing %s; nothing was written: %w", path, ctx.Err())
}

// bare drops the path from an *fs.PathError, for messages that name the
// path already.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ctxWriter fails every write once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// resolve is path made absolute with its symbolic links resolved; for a
// path that does not exist, its nearest existing ancestor is resolved and
// the rest appended.
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	rest := ""
	for p := abs; ; {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// temporary is every temporary file of this process's Sets that exists.
var temporary = tempFiles{m: map[string]bool{}}

type tempFiles struct {
	mu sync.Mutex
	m  map[string]bool
}

func (t *tempFiles) add(path string) {
	t.mu.Lock()
	t.m[path] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(path string) {
	t.mu.Lock()
	delete(t.m, path)
	t.mu.Unlock()
}

// RemoveTemporaryFiles removes the temporary files of every Set being
// committed, for a process about to exit without letting Commit finish
// (a second Ctrl-C). Their Commits fail.
func RemoveTemporaryFiles() {
	temporary.mu.Lock()
	defer temporary.mu.Unlock()
	for p := range temporary.m {
		os.Remove(p)
		delete(temporary.m, p)
	}
}
