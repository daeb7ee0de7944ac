package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/fixtures/demo"
)

type demoOptions struct {
	Dir      string
	Out, Err io.Writer
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
			return runDemo(c.Context, demoOptions{Dir: dir, Out: c.App.Writer, Err: c.App.ErrWriter, Now: time.Now})
		},
	}
}

func runDemo(ctx context.Context, o demoOptions) error {
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	err := fs.WalkDir(demo.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := demo.Files.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(o.Dir, name), b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("copying the demo into %s: %w", o.Dir, err)
	}
	fmt.Fprintf(o.Out, "Demo: made-up data for a Year 7 reading catch-up, copied into %s\n\n", o.Dir)
	return runAnalyse(ctx, analyseOptions{
		DesignPath: filepath.Join(o.Dir, "design.yaml"),
		JSONPath:   filepath.Join(o.Dir, "results.json"),
		PlotsDir:   filepath.Join(o.Dir, "plots"),
		Out:        o.Out, Err: o.Err, Now: o.Now,
	})
}
