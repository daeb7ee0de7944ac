package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
)

type initOptions struct {
	Dir, Design string
	Out         io.Writer
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
			return runInit(initOptions{Dir: dir, Design: c.String("design"), Out: c.App.Writer})
		},
	}
}

func runInit(o initOptions) error {
	if !validKind(o.Design) {
		return usagef("--design %q is not a kind of evaluation (use one of: %s)", o.Design, strings.Join(designs.Kinds, ", "))
	}
	files, err := designs.WriteTemplate(o.Dir, o.Design)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(o.Out, "wrote %s\n", f)
	}
	fmt.Fprintf(o.Out, "\nNext: type your pupils' data into the template, then run\n   whatworks check %s\n", files[0])
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
