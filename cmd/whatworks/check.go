package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
)

type checkOptions struct {
	DesignPath string
	Out, Err   io.Writer
	Progress   progressMode // how long work is shown on Err
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "validate a design file and its data before analysing",
		ArgsUsage: "DESIGN",
		Description: `Reads the design file and the data it names and reports: pupils per group
(and per cluster), missing values per column and group, pupils per subgroup,
duplicate pupil IDs, columns with one value only, the pre-test/outcome
correlation, and how similar the groups were at baseline (standardised mean
difference with the What Works Clearinghouse thresholds). Every problem is
listed at once. Exit code 0 when the evaluation can run, 3 when it cannot.

   whatworks check design.yaml`,
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "a design file")
			if err != nil {
				return err
			}
			return runCheck(c.Context, checkOptions{DesignPath: path, Out: c.App.Writer, Err: c.App.ErrWriter, Progress: progressFor(c.App.ErrWriter)})
		},
	}
}

func runCheck(ctx context.Context, o checkOptions) error {
	prog := newProgress(o.Err, o.Progress)
	defer prog.close()
	prog.begin("reading %s", dataName(o.DesignPath))
	ev, err := designs.Load(o.DesignPath, designs.DesignColumns)
	if err != nil {
		return err
	}
	prog.end("read %s from %s", plural(ev.Table.Rows(), "pupil"), ev.DataPath)
	if err := ctx.Err(); err != nil {
		return err
	}
	prog.begin("checking %s", plural(ev.Table.Rows(), "pupil"))
	rep := evaluate.Check(ev.Input())
	if err := ctx.Err(); err != nil {
		return err
	}
	prog.end("checked %s", plural(ev.Table.Rows(), "pupil"))
	if len(ev.Warnings) > 0 {
		rep.Warnings = append(slices.Clone(ev.Warnings), dropRepeated(ev.Warnings, rep.Warnings)...)
	}
	info := reports.CheckInfo{
		DesignPath: o.DesignPath,
		Title:      ev.Design.Title,
		DataFile:   ev.DataPath,
		Sheet:      ev.Table.Sheet,
		IDColumn:   ev.Design.Data.ID,
	}
	if info.IDColumn != "" {
		for _, d := range ev.Table.DuplicateIDs(info.IDColumn) {
			info.Duplicates = append(info.Duplicates, fmt.Sprintf("%q on rows %s", d.ID, joinInts(d.Rows)))
		}
		if n := len(info.Duplicates); n > 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d pupil IDs occur on more than one row of %s: remove the repeated rows, or check that they are different pupils", n, ev.DataPath))
		}
	}
	if err := reports.WriteCheck(o.Out, info, rep); err != nil {
		return err
	}
	if len(rep.Unusable) > 0 {
		return unusableError{fmt.Sprintf("%s cannot be analysed as it stands (%s listed above)", o.DesignPath, plural(len(rep.Unusable), "problem"))}
	}
	return nil
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	if len(s) > 6 {
		s = append(s[:6], fmt.Sprintf("and %d more", len(xs)-6))
	}
	return strings.Join(s, ", ")
}

// dropRepeated leaves out of the analysis' warnings those the design's
// warnings already give in more detail: the pupils in neither group,
// which the design names with their column, values and rows.
func dropRepeated(design, analysis []string) []string {
	named := slices.ContainsFunc(design, func(w string) bool { return strings.Contains(w, " in neither group and will be left out (") })
	if !named {
		return analysis
	}
	return slices.DeleteFunc(slices.Clone(analysis), func(w string) bool { return strings.HasSuffix(w, " in neither arm and will be left out") })
}
