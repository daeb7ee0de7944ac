package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/fixtures/demo"
	"github.com/whatworks/whatworks/reports/words"
)

type demoOptions struct {
	Dir      string
	Out, Err io.Writer
	Progress progressMode // how long work is shown on Err
	Now      func() time.Time
}

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "analyse a bundled, made-up evaluation to see what whatworks produces",
		ArgsUsage: "[DIR]",
		Description: `Copies the demo design file and its synthetic pupil data (a Year 7 reading
catch-up in six schools; no real pupils) into DIR (default whatworks-demo),
then analyses it: the summary is printed, and DIR gets the workbook
design-report.xlsx, results.json and the plots in plots/.

   whatworks demo
   whatworks demo /tmp/try-whatworks`,
		Action: func(c *cli.Context) error {
			dir := "whatworks-demo"
			switch c.NArg() {
			case 0:
			case 1:
				dir = c.Args().First()
			default:
				return usagef("demo takes at most one folder, got %q", c.Args().Slice())
			}
			return runDemo(c.Context, demoOptions{Dir: dir, Out: c.App.Writer, Err: c.App.ErrWriter, Progress: progressFor(c.App.ErrWriter), Now: time.Now})
		},
	}
}

func runDemo(ctx context.Context, o demoOptions) error {
	// The demo writes into a new or empty folder, or over an earlier demo;
	// never over files of yours.
	design, err := demo.Files.ReadFile("design.yaml")
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		old, _ := os.ReadFile(filepath.Join(o.Dir, "design.yaml"))
		if !bytes.Equal(old, design) {
			return usagef("%s is not empty and holds no earlier demo: the demo needs a new or empty folder (whatworks never overwrites your files; try: whatworks demo %s)",
				o.Dir, words.ShellQuote(filepath.Join(o.Dir, "whatworks-demo")))
		}
	}
	set := newOutputSet(o.Err, "", nil)
	if err := set.AddDir(o.Dir, "the demo folder"); err != nil {
		return err
	}
	err = fs.WalkDir(demo.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := demo.Files.ReadFile(name)
		if err != nil {
			return err
		}
		path := filepath.Join(o.Dir, name)
		if old, err := os.ReadFile(path); err == nil {
			if bytes.Equal(old, b) {
				return nil // copied by an earlier demo
			}
			return usagef("%s differs from the demo's (was it edited?): whatworks never overwrites your files; move it away, or run the demo in another folder", path)
		}
		return set.AddNew(path, "", func(_ context.Context, w io.Writer) error { _, err := w.Write(b); return err })
	})
	if err != nil {
		return err
	}
	if _, err := set.Commit(ctx); err != nil {
		return fmt.Errorf("copying the demo into %s: %w", o.Dir, err)
	}
	fmt.Fprintf(o.Out, "Demo: made-up data for a Year 7 reading catch-up, copied into %s\n\n", o.Dir)
	return runAnalyse(ctx, analyseOptions{
		DesignPath: filepath.Join(o.Dir, "design.yaml"),
		JSONPath:   filepath.Join(o.Dir, "results.json"),
		PlotsDir:   filepath.Join(o.Dir, "plots"),
		Out:        o.Out, Err: o.Err, Progress: o.Progress, Now: o.Now,
	})
}
