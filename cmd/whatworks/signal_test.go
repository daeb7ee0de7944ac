//go:build unix

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary run whatworks' main instead of the tests,
// stopping after each output is staged until it is signalled.
const childEnv = "WHATWORKS_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		stagedHook = func(ctx context.Context, path string) {
			fmt.Fprintln(os.Stderr, "staged "+path)
			select {
			case <-ctx.Done():
			case <-time.After(time.Minute):
			}
		}
		main()
	}
	os.Exit(m.Run())
}

// startChild runs whatworks with args in a child process and returns once
// it has staged its first output (its temporary file is on disk).
func startChild(t *testing.T, args ...string) (*exec.Cmd, *strings.Builder, chan error) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	staged := make(chan bool, 1)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "staged ") {
				staged <- true
			}
		}
		io.Copy(io.Discard, pipe)
		done <- cmd.Wait()
	}()
	select {
	case <-staged:
	case err := <-done:
		t.Fatalf("the child ended before staging: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child staged nothing in 30 s")
	}
	return cmd, &stderr, done
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.whatworks-tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSignal_removesTemporaryFiles: SIGINT or SIGTERM while the outputs are
// being written stops the run with exit 130 or 143, and leaves the folder
// as it was: no output, no temporary file.
func TestSignal_removesTemporaryFiles(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		want string
	}{
		{syscall.SIGINT, 130, "whatworks: stopped by SIGINT (Ctrl-C): no output was written"},
		{syscall.SIGTERM, 143, "whatworks: stopped by SIGTERM: no output was written"},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "design.yaml"), goodDesign)
			write(t, filepath.Join(dir, "pupils.csv"), goodCSV)
			before := snapshot(t, dir)
			cmd, stderr, done := startChild(t, "analyse", filepath.Join(dir, "design.yaml"),
				"--json", filepath.Join(dir, "out.json"), "-o", filepath.Join(dir, "out.xlsx"))
			if len(tempFiles(t, dir)) != 1 {
				t.Errorf("staged, but the temporary files are %q", tempFiles(t, dir))
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := <-done
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Errorf("exit %v, want %d\n%s", err, tc.code, stderr)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestSIGKILL_nextRunCleansUp: a run killed mid-write leaves its temporary
// file (nothing can stop that); the next run that writes in the folder
// removes it and says so.
func TestSIGKILL_nextRunCleansUp(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "design.yaml"), goodDesign)
	write(t, filepath.Join(dir, "pupils.csv"), goodCSV)
	out := filepath.Join(dir, "out.json")
	cmd, _, done := startChild(t, "analyse", filepath.Join(dir, "design.yaml"), "--json", out, "--no-workbook")
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	left := tempFiles(t, dir)
	if len(left) != 1 {
		t.Fatalf("temporary files after SIGKILL: %q", left)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("the killed run wrote its output")
	}
	code, _, stderr := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "--json", out, "--no-workbook")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "whatworks: removed a half-written file left by an interrupted run: " + left[0] + "\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if m := tempFiles(t, dir); len(m) != 0 {
		t.Errorf("left %q", m)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("the next run wrote no output: %v", err)
	}
}
