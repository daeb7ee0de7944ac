package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/internal/outputs"
)

// newOutputSet is the set of files a command writes, all or nothing (see
// package outputs). When design is not "", the design file and the data
// file it names are the run's inputs, which no output may replace. Each
// half-written file of an earlier, killed run that the set removes is
// reported on errw.
func newOutputSet(errw io.Writer, design string) *outputs.Set {
	s := &outputs.Set{Notice: func(msg string) { fmt.Fprintln(errw, "whatworks:", msg) }, Staged: stagedHook}
	if design == "" {
		return s
	}
	s.Input(design, "the design file")
	// A design that does not parse is reported by designs.Load, before
	// anything is written.
	if d, _ := designs.Parse(design); d != nil && strings.TrimSpace(d.Data.File) != "" {
		s.Input(d.DataPath(), "the data file")
	}
	return s
}

// stagedHook is called after each output is written to its temporary
// file; tests set it to stop a run there (signal_test.go).
var stagedHook func(ctx context.Context, path string)
