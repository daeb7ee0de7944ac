package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs/pool"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
	"github.com/whatworks/whatworks/reports/plot"
	"github.com/whatworks/whatworks/reports/workbook"
)

type poolOptions struct {
	Files        []string
	Read         pool.Options
	Title        string
	Confidence   float64
	MonthsTable  string
	JSONPath     string // "" none, "-" standard output
	WorkbookPath string // "" none
	PlotsDir     string // "" none
	Out, Err     io.Writer
	// Now is the report date; tests fix it.
	Now func() time.Time
}

func poolCommand() *cli.Command {
	return &cli.Command{
		Name:      "pool",
		Usage:     "pool several evaluations into one answer (meta-analysis)",
		ArgsUsage: "FILE...",
		Description: `Combines several evaluations of the same kind of programme (a trust's schools,
a funder's grantees) into one pooled effect, says how much the effect varies
from place to place, and whether it differs by a characteristic of the place.

Each FILE (CSV or XLSX, one row per study, columns in any order) holds
  effect sizes   study, yi, and vi or se or ci_low and ci_high
  summaries      study, n_t, mean_t, sd_t, n_c, mean_c, sd_c
                 (optionally pre_mean_t, pre_sd_t, pre_mean_c, pre_sd_c, r)
  counts         study, events_t, n_t, events_c, n_c
or is a JSON file written by whatworks analyse --json. Other columns
(region, phase, ...) describe the studies: --by and --moderator use them.
whatworks init --pool DIR writes templates.

   whatworks pool schools.csv
   whatworks pool schools.csv --by region -o pooled.xlsx --plots plots/
   whatworks pool ash.json birch.json cedar.json --json pooled.json
   whatworks pool exclusions.csv --measure rd`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "by", Usage: "pool each level of `COLUMN` alone and test whether they differ"},
			&cli.StringFlag{Name: "moderator", Usage: "meta-regression on the numeric `COLUMN` (the slope)"},
			&cli.StringFlag{Name: "measure", Usage: "scale of the effect sizes: g (Hedges' g; default), or and rd (counts: log odds ratio, the default for counts, or risk difference), other"},
			&cli.StringFlag{Name: "outcome", Usage: "the outcome to take from whatworks results with several (default: the first)"},
			&cli.StringFlag{Name: "title", Usage: "a title for the report"},
			&cli.Float64Flag{Name: "confidence", Value: 0.95, Usage: "confidence level of the intervals"},
			&cli.Float64Flag{Name: "ci-level", Value: 0.95, Usage: "confidence level of the ci_low and ci_high columns of the input"},
			&cli.StringFlag{Name: "months-table", Value: "toolkit", Usage: "months' progress table: toolkit or report"},
			&cli.StringFlag{Name: "json", TakesFile: true, Usage: "write the results as JSON to `FILE` (- for standard output; see docs/json.md)"},
			&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "write the EEF-style workbook to `FILE`.xlsx"},
			&cli.StringFlag{Name: "plots", TakesFile: true, Usage: "write the forest and funnel plots (PNG at 300 dpi and SVG) into `DIR`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("pool needs one or more files of studies (see whatworks pool --help; whatworks init --pool DIR writes templates)")
			}
			return runPool(c.Context, poolOptions{
				Files: c.Args().Slice(),
				Read: pool.Options{Measure: c.String("measure"), By: c.String("by"), Moderator: c.String("moderator"),
					Outcome: c.String("outcome"), Level: c.Float64("ci-level")},
				Title: c.String("title"), Confidence: c.Float64("confidence"), MonthsTable: c.String("months-table"),
				JSONPath: c.String("json"), WorkbookPath: c.String("output"), PlotsDir: c.String("plots"),
				Out: c.App.Writer, Err: c.App.ErrWriter, Now: time.Now,
			})
		},
	}
}

func runPool(ctx context.Context, o poolOptions) error {
	if o.Read.Measure != "" && !slices.Contains(pool.Measures, o.Read.Measure) {
		return usagef("--measure %q is not a scale whatworks pools (use one of: %s)", o.Read.Measure, strings.Join(pool.Measures, ", "))
	}
	if err := (evaluate.Options{Confidence: o.Confidence, MonthsTable: o.MonthsTable}).Validate(); err != nil {
		return usagef("%v", err)
	}
	if !(o.Read.Level > 0 && o.Read.Level < 1) {
		return usagef("--ci-level %v is not between 0 and 1 (e.g. 0.95)", o.Read.Level)
	}
	if o.Read.By != "" && strings.EqualFold(o.Read.By, o.Read.Moderator) {
		return usagef("--by and --moderator name the same column %q: --by is for labels (region), --moderator for numbers (the share of pupils eligible for FSM)", o.Read.By)
	}

	// Every output is checked before the work starts, and written only
	// when all of them can be (cmd/whatworks/outputs.go).
	set := newOutputSet(o.Err, "", nil)
	for _, f := range o.Files {
		set.Input(f, "a file of studies")
	}
	var rep *evaluate.PoolReport
	var written []string
	if o.JSONPath != "" && o.JSONPath != "-" {
		if err := set.Add(o.JSONPath, "--json", func(_ context.Context, w io.Writer) error { return reports.WritePoolJSON(w, rep) }); err != nil {
			return err
		}
		written = append(written, o.JSONPath)
	}
	if o.PlotsDir != "" {
		if err := set.AddDir(o.PlotsDir, "--plots"); err != nil {
			return err
		}
	}
	var wo workbook.Options
	if o.WorkbookPath != "" {
		if !strings.EqualFold(filepath.Ext(o.WorkbookPath), ".xlsx") {
			return usagef("-o %s: the workbook's name must end in .xlsx (e.g. pooled.xlsx)", o.WorkbookPath)
		}
		if err := set.Add(o.WorkbookPath, "-o", func(ctx context.Context, w io.Writer) error { return workbook.WritePoolTo(ctx, w, rep, wo) }); err != nil {
			return err
		}
	}

	in, err := pool.Read(o.Files, o.Read)
	if err != nil {
		return err
	}
	in.Title = o.Title
	if in.Title == "" {
		// The files' names, or their paths as given when two share a name
		// (s1/report.xlsx, s2/report.xlsx).
		names := make([]string, len(o.Files))
		seen := map[string]int{}
		for i, f := range o.Files {
			names[i] = filepath.Base(f)
			seen[names[i]]++
		}
		for i, f := range o.Files {
			if seen[names[i]] > 1 {
				names[i] = filepath.ToSlash(filepath.Clean(f))
			}
		}
		in.Title = "Pooled results: " + clipList(names, 3)
	}
	in.Confidence, in.MonthsTable = o.Confidence, o.MonthsTable
	if rep, err = evaluate.Pool(*in); err != nil {
		return fmt.Errorf("pooling: %w", err)
	}

	// With --json -, standard output carries only the JSON.
	summary := o.Out
	if o.JSONPath == "-" {
		summary = o.Err
		if err := reports.WritePoolJSON(o.Out, rep); err != nil {
			return err
		}
	}
	if err := reports.WritePoolText(summary, rep); err != nil {
		return err
	}
	// The figures are drawn once for the plots folder and the workbook.
	var figs []plot.Figure
	var figErr error
	if o.PlotsDir != "" || o.WorkbookPath != "" {
		figs, figErr = plot.PoolFigures(rep)
	}
	if o.PlotsDir != "" {
		if figErr != nil {
			return fmt.Errorf("drawing the plots: %w", figErr)
		}
		files, err := plot.AddFigures(set, o.PlotsDir, "--plots", figs)
		if err != nil {
			return fmt.Errorf("drawing the plots: %w", err)
		}
		written = append(written, files...)
	}
	if o.WorkbookPath != "" {
		wo = workbook.Options{Version: version, Date: o.Now().Format("2006-01-02")}
		for _, f := range o.Files {
			sum, err := fileSHA256(f)
			if err != nil {
				return err
			}
			wo.Inputs = append(wo.Inputs, workbook.InputFile{Name: filepath.Base(f), SHA256: sum})
		}
		if figErr != nil {
			return fmt.Errorf("drawing the workbook's plots: %w", figErr)
		}
		if wo.PlotPNGs, err = plot.EmbedFigures(figs); err != nil {
			return fmt.Errorf("drawing the workbook's plots: %w", err)
		}
		written = append(written, o.WorkbookPath)
	}
	if _, err := set.Commit(ctx); err != nil {
		return err
	}
	if len(written) > 0 {
		fmt.Fprintf(summary, "\nwrote %s\n", strings.Join(written, ", "))
	}
	return nil
}

// clipList is "a, b, c" or "a, b, c and 4 more".
func clipList(xs []string, n int) string {
	if len(xs) <= n {
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(xs[:n], ", "), len(xs)-n)
}
