package main

import (
	"context"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
)

type matchOptions struct {
	DesignPath, OutPath string
	Out, Err            io.Writer
	Progress            progressMode // how long work is shown on Err
}

func matchCommand() *cli.Command {
	return &cli.Command{
		Name:      "match",
		Usage:     "build a matched comparison group and show the balance before and after",
		ArgsUsage: "DESIGN",
		Description: `For design: matched. Estimates each pupil's propensity to take part from the
matching covariates (logistic regression), matches every pupil who took part
to the nearest comparison pupil(s) as the design's matching: section says
(as R's MatchIt does), and prints the pupils matched and the balance of every
covariate before and after, with warnings when the match cannot be trusted.
With -o it writes the matched sample: every original column plus
propensity_score, subclass and weight.

   whatworks match outreach.yaml -o matched.csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "write the matched sample to `FILE` (CSV)"},
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "a design file")
			if err != nil {
				return err
			}
			return runMatch(c.Context, matchOptions{DesignPath: path, OutPath: c.String("output"), Out: c.App.Writer, Err: c.App.ErrWriter, Progress: progressFor(c.App.ErrWriter)})
		},
	}
}

func runMatch(ctx context.Context, o matchOptions) error {
	prog := newProgress(o.Err, o.Progress)
	defer prog.close()
	set := newOutputSet(prog.writer(o.Err), o.DesignPath, prog)
	var (
		res *evaluate.MatchResult
		t   *table.Table
	)
	if o.OutPath != "" {
		err := set.Add(o.OutPath, "-o", func(_ context.Context, w io.Writer) error {
			return reports.WriteMatchedCSVTo(w, t.Names(), func(i int) []string {
				row := make([]string, len(t.Columns))
				for j, c := range t.Columns {
					row[j] = c.Text(i)
				}
				return row
			}, res)
		})
		if err != nil {
			return err
		}
	}
	prog.begin("reading %s", dataName(o.DesignPath))
	keep := designs.AnalysisColumns
	if o.OutPath != "" {
		keep = designs.AllColumns // the matched sample has every column
	}
	ev, err := designs.Load(o.DesignPath, keep)
	if err != nil {
		return err
	}
	prog.end("read %s from %s", plural(ev.Table.Rows(), "pupil"), ev.DataPath)
	if ev.Design.Design != designs.Matched {
		return unusableError{fmt.Sprintf("%s: match needs design: matched with a matching: section (this design is %s)", o.DesignPath, ev.Design.Design)}
	}
	warn(prog.writer(o.Err), ev.Warnings)
	t = ev.Table
	prog.begin("matching")
	res, err = evaluate.Match(ev.Input())
	if err != nil {
		return unusableError{fmt.Sprintf("%s: %v", o.DesignPath, err)}
	}
	prog.end("matched %s who took part", plural(res.Report.Counts.Treated.Matched, "pupil"))
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := reports.WriteMatchText(prog.writer(o.Out), res.Report); err != nil {
		return err
	}
	if o.OutPath == "" {
		fmt.Fprintln(o.Out, "\n(no file written: add -o matched.csv to save the matched sample)")
		return nil
	}
	if _, err := set.Commit(ctx); err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "\nwrote %s\n", o.OutPath)
	return nil
}
