package main

import (
	"context"
	"io"
	"math"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
)

type effectOptions struct {
	Input    evaluate.SummaryInput
	Outcome  string
	JSONPath string
	Out, Err io.Writer
}

func effectCommand() *cli.Command {
	num := func(name, usage string) cli.Flag { return &cli.Float64Flag{Name: name, Usage: usage} }
	count := func(name, usage string) cli.Flag { return &cli.IntFlag{Name: name, Usage: usage} }
	return &cli.Command{
		Name:  "effect",
		Usage: "effect sizes from summary statistics (means, SDs and numbers of pupils per group)",
		Description: `For funders and for schools that only have aggregates: the same effect-size
rows as analyse (mean difference with Welch's t-test, Cohen's d, Hedges' g
with its confidence interval, Glass's delta, months' progress), from each
group's number of pupils, mean and standard deviation. With pre-test means
and SDs it adds the pre-test difference and the difference-in-differences
effect (WWC); --r, the pre/post correlation, sharpens it when known.

   whatworks effect --n-t 120 --mean-t 104.2 --sd-t 14.1 --n-c 118 --mean-c 101.5 --sd-c 14.8
   whatworks effect --n-t 60 --mean-t 31 --sd-t 6 --n-c 64 --mean-c 29.5 --sd-c 6.4 \
       --pre-mean-t 25 --pre-sd-t 5.8 --pre-mean-c 24.6 --pre-sd-c 6.1 --json -`,
		Flags: []cli.Flag{
			count("n-t", "number of pupils in the intervention group"),
			num("mean-t", "intervention group's mean outcome"),
			num("sd-t", "intervention group's standard deviation"),
			count("n-c", "number of pupils in the comparison group"),
			num("mean-c", "comparison group's mean outcome"),
			num("sd-c", "comparison group's standard deviation"),
			num("pre-mean-t", "intervention group's pre-test mean (optional)"),
			num("pre-sd-t", "intervention group's pre-test SD (optional)"),
			num("pre-mean-c", "comparison group's pre-test mean (optional)"),
			num("pre-sd-c", "comparison group's pre-test SD (optional)"),
			num("r", "correlation between pre-test and outcome (optional)"),
			&cli.Float64Flag{Name: "confidence", Value: 0.95, Usage: "confidence level of the intervals"},
			&cli.StringFlag{Name: "ci-method", Value: "normal", Usage: "CI for Hedges' g: normal (EEF) or noncentral-t (R effectsize)"},
			&cli.StringFlag{Name: "months-table", Value: "toolkit", Usage: "months' progress table: toolkit or report"},
			&cli.StringFlag{Name: "outcome", Value: "outcome", Usage: "a name for the outcome in the output"},
			&cli.StringFlag{Name: "json", TakesFile: true, Usage: "write the rows as JSON to `FILE` (- for standard output)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("effect takes flags only, got %q", c.Args().Slice())
			}
			for _, req := range []string{"n-t", "mean-t", "sd-t", "n-c", "mean-c", "sd-c"} {
				if !c.IsSet(req) {
					return usagef("effect needs --%s (each group's n, mean and SD: --n-t --mean-t --sd-t --n-c --mean-c --sd-c)", req)
				}
			}
			in := evaluate.SummaryInput{
				Treated:    evaluate.Summary{N: c.Int("n-t"), Mean: c.Float64("mean-t"), SD: c.Float64("sd-t")},
				Comparison: evaluate.Summary{N: c.Int("n-c"), Mean: c.Float64("mean-c"), SD: c.Float64("sd-c")},
				PrePostR:   math.NaN(),
				Options: evaluate.Options{Confidence: c.Float64("confidence"),
					CIMethod: c.String("ci-method"), MonthsTable: c.String("months-table")},
			}
			pre := []string{"pre-mean-t", "pre-sd-t", "pre-mean-c", "pre-sd-c"}
			nPre := 0
			for _, p := range pre {
				if c.IsSet(p) {
					nPre++
				}
			}
			switch nPre {
			case 0:
			case len(pre):
				in.PreTreated = &evaluate.Summary{N: in.Treated.N, Mean: c.Float64("pre-mean-t"), SD: c.Float64("pre-sd-t")}
				in.PreComparison = &evaluate.Summary{N: in.Comparison.N, Mean: c.Float64("pre-mean-c"), SD: c.Float64("pre-sd-c")}
			default:
				return usagef("pre-test summaries need all four of --pre-mean-t --pre-sd-t --pre-mean-c --pre-sd-c")
			}
			if c.IsSet("r") {
				if in.PreTreated == nil {
					return usagef("--r is the pre/post correlation: give the pre-test summaries too")
				}
				in.PrePostR = c.Float64("r")
			}
			return runEffect(c.Context, effectOptions{Input: in, Outcome: c.String("outcome"), JSONPath: c.String("json"),
				Out: c.App.Writer, Err: c.App.ErrWriter})
		},
	}
}

func runEffect(ctx context.Context, o effectOptions) error {
	if err := o.Input.Options.Validate(); err != nil {
		return usagef("%v", err)
	}
	rows, err := evaluate.FromSummary(o.Input)
	if err != nil {
		return usagef("%v", err)
	}
	for i := range rows {
		rows[i].Outcome = o.Outcome
	}
	rep := &evaluate.Report{
		Title: "Effect sizes from summary statistics", Design: "summary",
		Confidence: o.Input.Options.Confidence, CIMethod: o.Input.Options.CIMethod,
		MonthsTable: o.Input.Options.MonthsTable, Results: rows,
	}
	summary := o.Out
	switch o.JSONPath {
	case "":
	case "-":
		summary = o.Err
		if err := reports.WriteJSON(o.Out, rep); err != nil {
			return err
		}
	default:
		set := newOutputSet(o.Err, "", nil)
		if err := set.Add(o.JSONPath, "--json", func(_ context.Context, w io.Writer) error { return reports.WriteJSON(w, rep) }); err != nil {
			return err
		}
		if _, err := set.Commit(ctx); err != nil {
			return err
		}
	}
	return reports.WriteText(summary, rep, reports.TextOptions{All: true})
}
