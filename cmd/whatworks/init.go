package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
)

type initOptions struct {
	Dir, Design string
	Out, Err    io.Writer
}

func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented design file and an Excel data-entry template",
		ArgsUsage: "DIR",
		Description: `Creates DIR (if needed) with design.yaml, a commented design file for the
chosen kind of evaluation, and pupils.xlsx, a template to type or paste pupil
data into. Existing files are never overwritten.

   whatworks init reading-2026
   whatworks init --design pre-post outreach-survey`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "design", Value: designs.TwoGroup,
				Usage: "kind of evaluation: " + strings.Join(designs.Kinds, ", ")},
		},
		Action: func(c *cli.Context) error {
			dir, err := oneArg(c, "a folder to create the files in")
			if err != nil {
				return err
			}
			return runInit(c.Context, initOptions{Dir: dir, Design: c.String("design"), Out: c.App.Writer, Err: c.App.ErrWriter})
		},
	}
}

func runInit(ctx context.Context, o initOptions) error {
	if !validKind(o.Design) {
		return usagef("--design %q is not a kind of evaluation (use one of: %s)", o.Design, strings.Join(designs.Kinds, ", "))
	}
	files, err := designs.TemplateFiles(o.Design)
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
	fmt.Fprintf(o.Out, "\nNext: type your pupils' data into the template, then run\n   whatworks check %s\n", paths[0])
	return nil
}

func validKind(k string) bool {
	for _, d := range designs.Kinds {
		if d == k {
			return true
		}
	}
	return false
}
