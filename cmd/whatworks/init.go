package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

type initOptions struct {
	Dir, Design string
	// Pool writes the templates of whatworks pool instead of a design.
	Pool     bool
	Out, Err io.Writer
}

func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented design file and an Excel data-entry template (with --pool: templates for pooling)",
		ArgsUsage: "DIR",
		Description: `Creates DIR (if needed) with design.yaml, a commented design file for the
chosen kind of evaluation, and pupils.xlsx, a template to type or paste pupil
data into. Existing files are never overwritten.

With --pool, DIR gets the templates for pooling several evaluations instead:
studies.csv (each group's n, mean and SD per study), effect-sizes.csv (each
study's effect size and SE) and instructions.xlsx.

   whatworks init reading-2026
   whatworks init --design pre-post outreach-survey
   whatworks init --pool grantees-2026`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "design", Value: string(designs.TwoGroup),
				Usage: "kind of evaluation: " + strings.Join(evaluate.DesignNames(), ", ")},
			&cli.BoolFlag{Name: "pool", Usage: "write the templates for whatworks pool (several evaluations) instead"},
		},
		Action: func(c *cli.Context) error {
			dir, err := oneArg(c, "a folder to create the files in")
			if err != nil {
				return err
			}
			if c.Bool("pool") && c.IsSet("design") {
				return usagef("--pool writes the templates for pooling several evaluations and --design a design for one: give one or the other")
			}
			return runInit(c.Context, initOptions{Dir: dir, Design: c.String("design"), Pool: c.Bool("pool"), Out: c.App.Writer, Err: c.App.ErrWriter})
		},
	}
}

func runInit(ctx context.Context, o initOptions) error {
	if !validKind(o.Design) {
		return usagef("--design %q is not a kind of evaluation (use one of: %s)", o.Design, strings.Join(evaluate.DesignNames(), ", "))
	}
	files, err := designs.TemplateFiles(o.Design)
	if o.Pool {
		files, err = designs.PoolTemplateFiles()
	}
	if err != nil {
		return err
	}
	set := newOutputSet(o.Err, "", nil)
	if err := set.AddDir(o.Dir, ""); err != nil {
		return err
	}
	var paths []string
	for _, f := range files {
		path := filepath.Join(o.Dir, f.Name)
		data := f.Data
		if err := set.AddNew(path, "", func(_ context.Context, w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
		paths = append(paths, path)
	}
	if _, err := set.Commit(ctx); err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintf(o.Out, "wrote %s\n", p)
	}
	if o.Pool {
		fmt.Fprintf(o.Out, "\nNext: read %s, type one row per study into %s or %s, then run\n   whatworks pool %s\n",
			paths[2], filepath.Base(paths[0]), filepath.Base(paths[1]), words.ShellQuote(paths[0]))
		return nil
	}
	fmt.Fprintf(o.Out, "\nNext: type your pupils' data into the template, then run\n   whatworks check %s\n", words.ShellQuote(paths[0]))
	return nil
}

func validKind(k string) bool {
	for _, d := range designs.Kinds {
		if string(d) == k {
			return true
		}
	}
	return false
}
