package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/reports/outputs"
)

// newOutputSet is the set of files a command writes, all or nothing (see
// package outputs). When design is not "", the design file and the data
// file it names are the run's inputs, which no output may replace. Each
// half-written file of an earlier, killed run that the set removes is
// reported on errw; writing each output is a stage of prog (which may be
// nil).
func newOutputSet(errw io.Writer, design string, prog *progress) *outputs.Set {
	s := &outputs.Set{
		Notice: func(msg string) { fmt.Fprintln(errw, "whatworks:", msg) },
		Staged: func(ctx context.Context, path string) {
			if prog != nil {
				prog.end("wrote %s", filepath.Base(path))
			}
			if stagedHook != nil {
				stagedHook(ctx, path)
			}
		},
	}
	if prog != nil {
		s.Writing = func(path string, i, n int) { prog.begin("writing %s", filepath.Base(path)) }
	}
	if design == "" {
		return s
	}
	s.Input(design, "the design file")
	if data := dataPathOf(design); data != "" {
		s.Input(data, "the data file")
	}
	return s
}

// dataPathOf is the data file the design file names, or "" when the design
// does not parse (designs.Load then reports why, before anything is
// written).
func dataPathOf(design string) string {
	if d, _ := designs.Parse(design); d != nil && strings.TrimSpace(d.Data.File) != "" {
		return d.DataPath()
	}
	return ""
}

// dataName is the data file's name for progress messages.
func dataName(design string) string {
	if p := dataPathOf(design); p != "" {
		return filepath.Base(p)
	}
	return "the data"
}

// stagedHook is called after each output is written to its temporary
// file; tests set it to stop a run there (signal_test.go).
var stagedHook func(ctx context.Context, path string)
