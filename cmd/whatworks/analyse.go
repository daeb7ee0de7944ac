package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports"
	"github.com/whatworks/whatworks/reports/html"
	"github.com/whatworks/whatworks/reports/manifest"
	"github.com/whatworks/whatworks/reports/plot"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/workbook"
)

type analyseOptions struct {
	DesignPath    string
	JSONPath      string // "" none, "-" standard output
	WorkbookPath  string // "" = next to the design file
	NoWorkbook    bool
	All           bool   // print every result row
	HTMLPath      string // the one-page HTML summary ("" none)
	PlotsDir      string
	IncludeData   bool
	SuppressSmall bool
	PasswordEnv   string
	Out, Err      io.Writer
	Progress      progressMode // how long work is shown on Err
	// Now is the report date; tests fix it.
	Now func() time.Time
}

func analyseCommand() *cli.Command {
	return &cli.Command{
		Name:      "analyse",
		Aliases:   []string{"analyze"},
		Usage:     "run every analysis the design implies and write the report",
		ArgsUsage: "DESIGN",
		Description: `Reads the design file and its data, runs the analyses (effect sizes with
confidence intervals, ANCOVA, gain scores, subgroups, matching for matched
designs), prints a summary (the headlines and the headline estimate of each
outcome and group; --all: every result row), and writes an EEF-style Excel
workbook next to the design file (DESIGN-report.xlsx) unless told
otherwise. What whatworks check finds unusable, analyse refuses too (exit
3, in the same words), before writing anything.

   whatworks analyse design.yaml
   whatworks analyse design.yaml -o report.xlsx --plots plots/
   whatworks analyse design.yaml --all                 (print every result row)
   whatworks analyse design.yaml --json results.json --no-workbook
   whatworks analyse design.yaml -o summary.html       (the one-page summary)
   whatworks analyse design.yaml --html summary.html   (and the workbook)
   whatworks analyse design.yaml --json - | jq '.results[]'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", TakesFile: true, Aliases: []string{"o"}, Usage: "workbook to write, or with a name ending in .html the one-page HTML summary instead (default: the workbook next to the design file, named DESIGN-report.xlsx)"},
			&cli.StringFlag{Name: "html", TakesFile: true, Usage: "also write the one-page HTML summary to `FILE` (the EEF summary table, key conclusions, forest plot, security rating, caveats; prints on one A4 page)"},
			&cli.BoolFlag{Name: "all", Usage: "print every result row (every analysis and measure) and the pupils left out of each analysis, not only the headline estimates"},
			&cli.BoolFlag{Name: "no-workbook", Usage: "do not write the workbook"},
			&cli.StringFlag{Name: "json", TakesFile: true, Usage: "write the results as JSON to `FILE` (- for standard output; see docs/json.md)"},
			&cli.StringFlag{Name: "plots", TakesFile: true, Usage: "write plots (PNG at 300 dpi and SVG) into `DIR`"},
			&cli.BoolFlag{Name: "include-data", Usage: "add a Data sheet with the analysed pupil rows (personal data: do not share such a workbook)"},
			&cli.BoolFlag{Name: "suppress-small", Usage: "for publishing: withhold every number about a group of fewer than 10 pupils (or the design's publish.min_count) from every output, shown as \"c\" as the DfE does; the design's publish block does the same"},
			&cli.StringFlag{Name: "password-env", Usage: "encrypt the workbook with the password held in environment variable `VAR`"},
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "a design file")
			if err != nil {
				return err
			}
			return runAnalyse(c.Context, analyseOptions{
				DesignPath: path, JSONPath: c.String("json"), WorkbookPath: c.String("output"),
				NoWorkbook: c.Bool("no-workbook"), All: c.Bool("all"), HTMLPath: c.String("html"), PlotsDir: c.String("plots"),
				IncludeData: c.Bool("include-data"), SuppressSmall: c.Bool("suppress-small"), PasswordEnv: c.String("password-env"),
				Out: c.App.Writer, Err: c.App.ErrWriter, Progress: progressFor(c.App.ErrWriter), Now: time.Now,
			})
		},
	}
}

func runAnalyse(ctx context.Context, o analyseOptions) error {
	// -o summary.html writes the HTML summary in place of the workbook.
	if isHTML(o.WorkbookPath) {
		if o.HTMLPath != "" {
			return usagef("-o %s and --html %s: give the HTML summary once (-o report.xlsx --html %s writes both)", o.WorkbookPath, o.HTMLPath, o.HTMLPath)
		}
		if o.IncludeData || o.PasswordEnv != "" {
			return usagef("-o %s writes the HTML summary, which has no pupil rows and no password: --include-data and --password-env are for a workbook (-o report.xlsx)", o.WorkbookPath)
		}
		o.HTMLPath, o.WorkbookPath, o.NoWorkbook = o.WorkbookPath, "", true
	}
	if o.HTMLPath != "" && !isHTML(o.HTMLPath) {
		return usagef("--html %s: the summary's name must end in .html (e.g. summary.html)", o.HTMLPath)
	}
	if o.NoWorkbook && (o.WorkbookPath != "" || o.IncludeData || o.PasswordEnv != "") {
		return usagef("--no-workbook cannot be combined with -o, --include-data or --password-env")
	}
	if o.IncludeData && o.SuppressSmall {
		return usagef("--include-data puts every pupil's row in the workbook, which --suppress-small is there to prevent: leave one out")
	}
	password := ""
	if o.PasswordEnv != "" {
		password = os.Getenv(o.PasswordEnv)
		if password == "" {
			return usagef("--password-env %s: that environment variable is empty or not set (set it first, e.g. export %s=...)", o.PasswordEnv, o.PasswordEnv)
		}
	}

	prog := newProgress(o.Err, o.Progress)
	defer prog.close()
	errw := prog.writer(o.Err)

	// Every output is checked before the work starts, and written only
	// when all of them can be (see cmd/whatworks/outputs.go).
	set := newOutputSet(errw, o.DesignPath, prog)
	var (
		rep      *evaluate.Report
		wo       workbook.Options
		withheld *publish.Summary // with publishing rules: what they withheld
	)
	var ho html.Options
	if o.HTMLPath != "" {
		if err := set.Add(o.HTMLPath, "--html", func(_ context.Context, w io.Writer) error { return html.Write(w, rep, ho) }); err != nil {
			return err
		}
	}
	jsonFile := o.JSONPath != "" && o.JSONPath != "-"
	if jsonFile {
		if err := set.Add(o.JSONPath, "--json", func(_ context.Context, w io.Writer) error {
			return reports.WriteJSONPublished(w, rep, withheld.RulesOrNil())
		}); err != nil {
			return err
		}
	}
	if o.PlotsDir != "" {
		if err := set.AddDir(o.PlotsDir, "--plots"); err != nil {
			return err
		}
	}
	bookPath := ""
	if !o.NoWorkbook {
		what := "-o"
		bookPath = o.WorkbookPath
		if bookPath == "" {
			bookPath, what = defaultWorkbookPath(o.DesignPath), "the workbook"
		}
		if !strings.EqualFold(filepath.Ext(bookPath), ".xlsx") {
			return usagef("%s %s: the workbook's name must end in .xlsx (e.g. report.xlsx), or .html for the one-page summary", what, bookPath)
		}
		if err := set.Add(bookPath, what, func(ctx context.Context, w io.Writer) error { return workbook.WriteTo(ctx, w, rep, wo) }); err != nil {
			return err
		}
	}

	prog.begin("reading %s", dataName(o.DesignPath))
	keep := designs.AnalysisColumns
	if o.IncludeData {
		keep = designs.AllColumns // the Data sheet has every column
	}
	ev, err := designs.Load(o.DesignPath, keep)
	if err != nil {
		return err
	}
	prog.end("read %s from %s", plural(ev.Table.Rows(), "pupil"), ev.DataPath)
	warn(errw, ev.Warnings)
	rules, publishing := publishRules(ev.Design, o.SuppressSmall)
	if publishing && o.IncludeData {
		return usagef("--include-data puts every pupil's row in the workbook, which the design's publish rules are there to prevent: leave out --include-data (or the publish block)")
	}
	if o.IncludeData && ev.Table.Rows() > maxDataRows {
		return usagef("--include-data: %s has %s pupils but a worksheet holds at most %s: leave out --include-data",
			ev.DataPath, thousands(ev.Table.Rows()), thousands(maxDataRows))
	}
	in := ev.Input()
	in.Progress = prog.count
	prog.begin("analysing %s", plural(len(in.Outcomes), "outcome"))
	rep, err = evaluate.Run(ctx, in)
	if ue := (*evaluate.UnusableError)(nil); errors.As(err, &ue) {
		// The same problems, in the same words, as whatworks check.
		return unusableError{fmt.Sprintf("%s cannot be analysed as it stands:\n  - %s", o.DesignPath, strings.Join(ue.Problems, "\n  - "))}
	}
	if err != nil {
		return fmt.Errorf("analysing %s: %w", o.DesignPath, err)
	}
	prog.end("analysed %s: %s", plural(len(in.Outcomes), "outcome"), plural(len(rep.Results), "result"))
	// Publishing rules: every output below reads the published report.
	if publishing {
		rep, withheld = publish.Apply(rep, rules)
		if n := len(withheld.Outcomes) + len(withheld.Levels); n > 0 {
			fmt.Fprintf(errw, "publishing rules: %s withheld (%s numbers, %s)\n", plural(n, "group"), thousands(withheld.Values), plural(withheld.Texts, "sentence"))
		}
	}
	dist := distributions(in, withheld)

	// With --json -, standard output carries only the JSON.
	summary := prog.writer(o.Out)
	if o.JSONPath == "-" {
		summary = errw
		if err := reports.WriteJSONPublished(o.Out, rep, withheld.RulesOrNil()); err != nil {
			return err
		}
	}
	if err := reports.WriteText(summary, rep, reports.TextOptions{All: o.All}); err != nil {
		return err
	}

	var written []string
	if jsonFile {
		written = append(written, o.JSONPath)
	}
	// The figures are drawn once for the plots folder and the workbook.
	var figs []plot.Figure
	var figErr error
	if o.PlotsDir != "" || bookPath != "" {
		figs, figErr = plot.Figures(rep, dist)
	}
	if o.PlotsDir != "" {
		if figErr != nil {
			return fmt.Errorf("drawing the plots: %w", figErr)
		}
		files, err := plot.AddFigures(set, o.PlotsDir, "--plots", figs)
		if err != nil {
			return err
		}
		written = append(written, plotsWritten(o.PlotsDir, files))
	}
	if o.HTMLPath != "" {
		ho = htmlOptions(ev, o.Now())
		ho.Publish = withheld.RulesOrNil()
		written = append(written, o.HTMLPath)
	}
	if bookPath != "" {
		if wo, err = workbookOptions(ev, o.Now()); err != nil {
			return err
		}
		wo.Password = password
		wo.IncludeData = o.IncludeData
		wo.Publish = withheld.RulesOrNil()
		if wo.Record, err = analyseRecord(rep, in, wo, o.SuppressSmall); err != nil {
			return err
		}
		prog.begin("drawing the workbook's plots")
		if figErr != nil {
			return fmt.Errorf("drawing the workbook's plots: %w", figErr)
		}
		if wo.PlotPNGs, err = plot.EmbedFigures(figs); err != nil {
			return fmt.Errorf("drawing the workbook's plots: %w", err)
		}
		prog.end("drew the workbook's plots")
		if o.IncludeData {
			prog.begin("gathering the Data sheet's %s pupil rows", thousands(ev.Table.Rows()))
			wo.Data = dataSheet(ev, in, rep.Matching)
			prog.end("gathered the Data sheet's %s pupil rows", thousands(len(wo.Data.Rows)))
			name := filepath.Base(bookPath)
			wo.Progress = func(done, total int) {
				prog.count(done, total)
				if done == total {
					prog.relabel("writing %s (compressing)", name)
				}
			}
		}
		written = append(written, bookPath)
	}
	if _, err := set.Commit(ctx); err != nil {
		return err
	}
	if len(written) > 0 {
		fmt.Fprintln(summary)
		for _, l := range wrapLine("wrote "+strings.Join(written, ", "), reportWidth) {
			fmt.Fprintln(summary, l)
		}
	}
	return nil
}

// reportWidth is the widest line of a command's report on the terminal.
const reportWidth = 100

// plotsWritten names the plot files written into dir in one phrase:
// "plots/ (8 plots, each as PNG and SVG)".
func plotsWritten(dir string, files []string) string {
	n := 0
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f), ".png") {
			n++
		}
	}
	d := strings.TrimRight(dir, `/\`) + string(filepath.Separator)
	if n == 0 || 2*n != len(files) {
		return d + " (" + plural(len(files), "file") + ")"
	}
	return d + " (" + plural(n, "plot") + ", each as PNG and SVG)"
}

// wrapLine splits s at spaces into lines of at most width runes (a longer
// word, a long file name, stands alone).
func wrapLine(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// maxDataRows is the most pupils --include-data takes (a variable for
// tests).
var maxDataRows = workbook.MaxDataRows

// plural is "1 outcome", "2 outcomes", "1,000 outcomes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// thousands writes n with commas: 1048575 → "1,048,575".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// defaultWorkbookPath is the design file's name with -report.xlsx, next to it.
func defaultWorkbookPath(design string) string {
	base := strings.TrimSuffix(design, filepath.Ext(design))
	return base + "-report.xlsx"
}

// workbookOptions gathers what the Method sheet records about the inputs.
func workbookOptions(ev *designs.Evaluation, now time.Time) (workbook.Options, error) {
	d := ev.Design
	o := workbook.Options{
		Design:     d.Source,
		DesignName: filepath.Base(d.Path),
		Version:    version,
		Date:       now.Format("2006-01-02"),
	}
	if d.Cost != nil {
		o.CostPerPupil = d.Cost.PerPupil
	}
	for _, f := range []string{d.Path, ev.DataPath} {
		sum, err := fileSHA256(f)
		if err != nil {
			return o, err
		}
		o.Inputs = append(o.Inputs, workbook.InputFile{Name: filepath.Base(f), SHA256: sum})
	}
	return o, nil
}

// isHTML reports whether path names an HTML file (.html or .htm).
func isHTML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".html" || ext == ".htm"
}

// htmlOptions gathers what the HTML summary states beside the report, and
// how it draws its forest plot (as SVG).
func htmlOptions(ev *designs.Evaluation, now time.Time) html.Options {
	o := html.Options{Version: version, Date: now.Format("2006-01-02"), DesignName: filepath.Base(ev.Design.Path), Forest: forestSVG}
	if ev.Design.Cost != nil {
		o.CostPerPupil = ev.Design.Cost.PerPupil
	}
	return o
}

// forestSVG is the forest plot of r as SVG, or nil when r has nothing to
// plot.
func forestSVG(r *evaluate.Report) ([]byte, error) {
	f, ok, err := plot.ForestPlot(r)
	if err != nil || !ok {
		return nil, err
	}
	return f.SVG()
}

// analyseRecord is the workbook's machine-readable record (package
// manifest): the design, the inputs' SHA-256, the options and the results
// JSON, for whatworks verify and whatworks pool.
func analyseRecord(rep *evaluate.Report, in evaluate.Input, wo workbook.Options, suppressSmall bool) (*manifest.Manifest, error) {
	var js bytes.Buffer
	if err := reports.WriteJSONPublished(&js, rep, wo.Publish); err != nil {
		return nil, err
	}
	m := &manifest.Manifest{
		Command: "analyse",
		Design:  manifest.Design{Name: wo.DesignName, Text: string(wo.Design)},
		Options: manifest.Options{Seed: in.Seed, SuppressSmall: suppressSmall, IncludeData: wo.IncludeData, CostPerPupil: wo.CostPerPupil},
		Results: js.Bytes(),
	}
	if p := wo.Publish; p != nil {
		m.Options.Published, m.Options.MinCount, m.Options.Rounding = true, p.MinCount, p.Rounding
	}
	for i, f := range wo.Inputs {
		role := "data"
		if i == 0 {
			role = "design"
			m.Design.SHA256 = f.SHA256
		}
		m.Inputs = append(m.Inputs, manifest.Input{Role: role, Name: f.Name, SHA256: f.SHA256})
	}
	return m, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// publishRules are the publishing rules of a run: the design's publish
// block, or with --suppress-small its defaults; publishing is false
// without either.
func publishRules(d *designs.Design, suppressSmall bool) (rules publish.Rules, publishing bool) {
	if d.Publish != nil {
		rules = publish.Rules{MinCount: d.Publish.MinCount, Rounding: d.Publish.Rounding}
	}
	return rules.WithDefaults(), suppressSmall || d.Publish != nil
}

// distributions collects each continuous outcome's values by arm, for the
// box plots; with publishing rules (withheld not nil), not those of an
// outcome whose pupils are withheld, and with counts rounded.
func distributions(in evaluate.Input, withheld *publish.Summary) []plot.Distribution {
	if in.Arm == nil {
		return nil
	}
	var out []plot.Distribution
	for _, oc := range in.Outcomes {
		if oc.Type != "" && oc.Type != "continuous" {
			continue
		}
		if withheld.Withheld(oc.Column) {
			continue
		}
		d := plot.Distribution{Outcome: oc.Column, Label: oc.Label}
		if withheld != nil {
			d.Count = withheld.RoundCount
		}
		for i, y := range oc.Y {
			if y != y {
				continue
			}
			switch in.Arm[i] {
			case evaluate.Treated:
				d.Treated = append(d.Treated, y)
			case evaluate.Comparison:
				d.Comparison = append(d.Comparison, y)
			}
		}
		out = append(out, d)
	}
	return out
}
