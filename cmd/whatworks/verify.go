package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/manifest"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/workbook"
)

type verifyOptions struct {
	WorkbookPath string
	DataPath     string // "" = check without the data
	PasswordEnv  string
	Out, Err     io.Writer
	Progress     progressMode
}

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check a workbook written by whatworks analyse: re-run it with the data, or check it without",
		ArgsUsage: "REPORT.xlsx",
		Description: `Every workbook whatworks analyse writes carries, in a hidden sheet, the
design file, the SHA-256 of its inputs, the version, options and seed, the
results and the value of every cell as written. verify reads it.

With --data (the pupil data the school used; its SHA-256 must be the one
recorded) it re-runs the analysis and compares every number on the
workbook's sheets with the recomputed one, and prints "verified: N numbers
match" or each difference as Sheet!Cell, the workbook's value and the
recomputed one.

Without the data it checks what the workbook alone allows: that no cell was
edited since whatworks wrote it, each unadjusted effect size from the
Descriptives' means, SDs and numbers of pupils, each interval from its SE,
each p-value from its statistic, months' progress and the improvement index
from the effect size, the adjusted p-values, the Summary's table from the
Results sheet and the inputs' SHA-256; and it says what could not be
checked. Exit 0 only when everything checked agrees.

   whatworks verify report.xlsx
   whatworks verify report.xlsx --data pupils.csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data", TakesFile: true, Usage: "the pupil data `FILE` the workbook was made from: re-run the analysis and compare every number"},
			&cli.StringFlag{Name: "password-env", Usage: "the workbook's password is in environment variable `VAR`"},
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "a workbook written by whatworks analyse")
			if err != nil {
				return err
			}
			return runVerify(c.Context, verifyOptions{WorkbookPath: path, DataPath: c.String("data"), PasswordEnv: c.String("password-env"),
				Out: c.App.Writer, Err: c.App.ErrWriter, Progress: progressFor(c.App.ErrWriter)})
		},
	}
}

// notVerified is verify's failure: something differs (exit 1).
type notVerified struct{ msg string }

func (e notVerified) Error() string { return e.msg }

func runVerify(ctx context.Context, o verifyOptions) error {
	password := ""
	if o.PasswordEnv != "" {
		if password = os.Getenv(o.PasswordEnv); password == "" {
			return usagef("--password-env %s: that environment variable is empty or not set", o.PasswordEnv)
		}
	}
	f, err := os.Open(o.WorkbookPath)
	if err != nil {
		return unusableError{fmt.Sprintf("%s: %v", o.WorkbookPath, unwrapPath(err))}
	}
	book, err := workbook.Open(f, password)
	f.Close()
	if err != nil {
		return unusableError{fmt.Sprintf("%s %v", o.WorkbookPath, err)}
	}
	m := book.Record
	out := o.Out
	name := filepath.Base(o.WorkbookPath)
	fmt.Fprintf(out, "%s: written by whatworks %s on %s from %s\n", name, m.Version, m.Date, inputsWords(m))
	if m.Options.Published {
		fmt.Fprintf(out, "  publishing rules: groups under %d pupils withheld, rounding %s\n", m.Options.MinCount, m.Options.Rounding)
	}
	var problems []string

	// Hand edits: the cells as they are against the cells as written.
	edits := 0
	for i, now := range book.Cells {
		diffs, _ := manifest.Compare(m.Sheets[i], now)
		for _, d := range diffs {
			if edits == 0 {
				fmt.Fprintln(out, "\nCells changed since whatworks wrote the workbook:")
			}
			edits++
			fmt.Fprintf(out, "  %s!%s: written %s, now %s\n", d.Sheet, d.Ref, quoteCell(d.Old), quoteCell(d.New))
		}
	}
	if edits > 0 {
		problems = append(problems, plural(edits, "cell")+" changed by hand")
	}
	// The record itself: the design text must have the SHA-256 recorded.
	if sum := sha256.Sum256([]byte(m.Design.Text)); hex.EncodeToString(sum[:]) != m.Design.SHA256 {
		fmt.Fprintf(out, "\nThe design text in the workbook's record does not have the SHA-256 the record gives (%s): the record was changed.\n", short(m.Design.SHA256))
		problems = append(problems, "the record was changed")
	}

	if o.DataPath != "" {
		p, err := verifyWithData(ctx, o, book)
		if err != nil {
			return err
		}
		problems = append(problems, p...)
	} else {
		problems = append(problems, verifyWithout(out, book)...)
	}
	if len(problems) > 0 {
		return notVerified{fmt.Sprintf("%s: not verified: %s", o.WorkbookPath, strings.Join(problems, "; "))}
	}
	return nil
}

// verifyWithData re-runs the recorded design on the data and compares
// every cell; it returns the problems found.
func verifyWithData(ctx context.Context, o verifyOptions, book *workbook.Opened) ([]string, error) {
	m, out := book.Record, o.Out
	var want *manifest.Input
	for i := range m.Inputs {
		if m.Inputs[i].Role == "data" {
			want = &m.Inputs[i]
		}
	}
	if want == nil {
		return nil, unusableError{fmt.Sprintf("%s: its record names no data file, so it cannot be re-run", o.WorkbookPath)}
	}
	sum, err := fileSHA256(o.DataPath)
	if err != nil {
		return nil, unusableError{fmt.Sprintf("--data %s: %v", o.DataPath, unwrapPath(err))}
	}
	if sum != want.SHA256 {
		fmt.Fprintf(out, "\n%s is not the data the workbook was made from: its SHA-256 is %s, the workbook records %s for %s.\n",
			o.DataPath, short(sum), short(want.SHA256), want.Name)
		return []string{"the data file differs from the one recorded"}, nil
	}
	fmt.Fprintf(out, "\n%s: SHA-256 matches the workbook's record of %s\n", filepath.Base(o.DataPath), want.Name)

	prog := newProgress(o.Err, o.Progress)
	defer prog.close()
	designPath := filepath.Join(filepath.Dir(o.DataPath), m.Design.Name)
	ev, err := designs.LoadWithData(designPath, []byte(m.Design.Text), o.DataPath, designs.AnalysisColumns)
	if err != nil {
		return nil, err
	}
	in := ev.Input()
	in.Progress = prog.count
	prog.begin("re-running %s", plural(len(in.Outcomes), "outcome"))
	rep, err := evaluate.Run(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("re-running %s: %w", m.Design.Name, err)
	}
	prog.end("re-ran %s", plural(len(in.Outcomes), "outcome"))
	if m.Options.Published {
		// The workbook was published: its numbers are the re-run's under
		// the same rules.
		rep, _ = publish.Apply(rep, publish.Rules{MinCount: m.Options.MinCount, Rounding: m.Options.Rounding})
	}
	if m.Options.Seed != in.Seed {
		fmt.Fprintf(out, "  (the record's seed is %d, the design's %d)\n", m.Options.Seed, in.Seed)
	}
	cells, err := workbook.Cells(rep, book.RecordOptions())
	if err != nil {
		return nil, err
	}
	recomputed := map[string]manifest.Cells{}
	for _, c := range cells {
		recomputed[c.Sheet] = c
	}
	var diffs []manifest.Difference
	total := 0
	var counts []string
	for _, now := range book.Cells {
		d, n := manifest.Compare(recomputed[now.Sheet], now)
		diffs = append(diffs, d...)
		total += n
		counts = append(counts, fmt.Sprintf("%s %s", now.Sheet, thousands(n)))
	}
	if m.Version != version {
		fmt.Fprintf(out, "  (written by whatworks %s, re-run by %s: a difference may come from the versions)\n", m.Version, version)
	}
	if len(diffs) == 0 {
		fmt.Fprintf(out, "verified: %s numbers match (%s)\n", thousands(total), strings.Join(counts, ", "))
		return nil, nil
	}
	fmt.Fprintf(out, "\n%s %s from the re-run (the workbook's value, then the recomputed one):\n", plural(len(diffs), "cell"), verb(len(diffs), "differs", "differ"))
	for _, d := range diffs {
		fmt.Fprintf(out, "  %s!%s: %s, recomputed %s\n", d.Sheet, d.Ref, quoteCell(d.New), quoteCell(d.Old))
	}
	return []string{plural(len(diffs), "cell") + " " + verb(len(diffs), "differs", "differ") + " from the re-run"}, nil
}

// verifyWithout checks what the workbook alone allows and returns the
// problems found.
func verifyWithout(out io.Writer, book *workbook.Opened) []string {
	var problems []string
	opts := book.Record.Options
	rounded := opts.Published && opts.Rounding != "" && opts.Rounding != publish.RoundNone
	if rounded {
		// Rounded counts do not give the effect sizes back: the
		// Descriptives are not matched with the rows.
		for i := range book.Report.Descriptives {
			book.Report.Descriptives[i].N = -1
		}
	}
	withheld := 0
	for i := range book.Report.Results {
		x := &book.Report.Results[i]
		if publish.IsNum(x.Estimate) {
			withheld++
		}
		if publish.IsNum(x.DF) {
			// Its p-value comes from a t statistic on df not shown.
			x.Statistic = evaluate.NaN
		}
	}
	rc := evaluate.RecheckRows(book.Report)
	kinds := map[string]int{}
	for _, c := range rc.Checks {
		kinds[c.Kind]++
	}
	fmt.Fprintln(out, "\nChecked without the pupils' data (give --data FILE to re-run the analysis and compare every number):")
	for _, k := range []struct{ kind, words string }{
		{"descriptives", "unadjusted effect sizes, mean differences and their tests from the Descriptives' n, means and SDs (a yes/no outcome's: its shares and counts of yes)"},
		{"interval", "confidence intervals from their estimate and SE"},
		{"p_value", "p-values from their statistic and df"},
		{"months", "months' progress from the effect size"},
		{"improvement_index", "improvement indices from the effect size"},
		{"benjamini_hochberg", "Benjamini–Hochberg p-values from the p-values"},
		{"rating", "security ratings (EEF padlocks, WWC rating, OfS type, cost rating) from the inputs they state"},
	} {
		if kinds[k.kind] > 0 {
			fmt.Fprintf(out, "  %s: %s\n", k.words, plural(kinds[k.kind], "number"))
		}
	}
	failed := rc.Failed()
	sdiffs, sn, err := book.CheckSummary()
	if err != nil {
		fmt.Fprintf(out, "  the Summary's table could not be checked: %v\n", err)
		problems = append(problems, "the Summary could not be checked")
	} else {
		fmt.Fprintf(out, "  the Summary's table from the Results sheet: %s\n", plural(sn, "cell"))
	}
	inputs := 0
	for _, in := range book.Record.Inputs {
		if len(in.SHA256) == 64 {
			inputs++
		}
	}
	fmt.Fprintf(out, "  SHA-256 of the inputs recorded: %s\n", inputsWords(book.Record))
	if inputs < 2 {
		problems = append(problems, "the record lacks an input's SHA-256")
	}
	if len(failed) > 0 || len(sdiffs) > 0 {
		fmt.Fprintf(out, "\n%s %s with the numbers they come from:\n", plural(len(failed)+len(sdiffs), "number"), verb(len(failed)+len(sdiffs), "does not agree", "do not agree"))
		for _, c := range failed {
			if c.GotText != "" || c.WantText != "" {
				fmt.Fprintf(out, "  %s (%s): %q, rated again %q\n", book.ResultCell(c.Row, c.Field), c.Field, c.GotText, c.WantText)
				continue
			}
			fmt.Fprintf(out, "  %s (%s): %s, recomputed %s\n", book.ResultCell(c.Row, c.Field), c.Field, fmtNum(c.Got), fmtNum(c.Want))
		}
		for _, d := range sdiffs {
			fmt.Fprintf(out, "  %s!%s: %s, the Results sheet gives %s\n", d.Sheet, d.Ref, quoteCell(d.Old), quoteCell(d.New))
		}
		problems = append(problems, plural(len(failed)+len(sdiffs), "number")+" "+verb(len(failed)+len(sdiffs), "disagrees", "disagree"))
	}
	if withheld > 0 || rounded {
		fmt.Fprintln(out, "\nWhat the publishing rules leave unchecked:")
		if withheld > 0 {
			fmt.Fprintf(out, "  %s withheld (\"c\"): nothing in them can be checked without the data\n", plural(withheld, "result row"))
		}
		if rounded {
			fmt.Fprintf(out, "  counts are rounded (%s): no effect size can be recomputed from the Descriptives, and the degrees of freedom are withheld, so p-values from t statistics are not checked\n", opts.Rounding)
		}
	}
	if len(rc.Unchecked) > 0 {
		fmt.Fprintln(out, "\nEstimates that could not be recomputed without the data (their intervals, p-values and months' progress were checked where they have them):")
		for _, u := range rc.Unchecked {
			fmt.Fprintf(out, "  %s (%s): %s\n", u.What, plural(u.Rows, "row"), u.Why)
		}
	}
	if len(problems) == 0 {
		fmt.Fprintf(out, "consistent: %s numbers agree with the numbers they come from; no cell changed since whatworks wrote it\n", thousands(len(rc.Checks)+sn))
	}
	return problems
}

// inputsWords names the recorded inputs with their SHA-256, shortened.
func inputsWords(m *manifest.Manifest) string {
	var parts []string
	for _, in := range m.Inputs {
		parts = append(parts, fmt.Sprintf("%s (SHA-256 %s)", in.Name, short(in.SHA256)))
	}
	if len(parts) == 0 {
		return "no recorded inputs"
	}
	return strings.Join(parts, " and ")
}

// short is the first 12 characters of a SHA-256, with an ellipsis.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	if sum == "" {
		return "(none)"
	}
	return sum
}

// quoteCell shows a cell's value: numbers as they are, text quoted, an
// empty cell as "(empty)".
func quoteCell(v string) string {
	if v == "" {
		return "(empty)"
	}
	if _, err := fmt.Sscanf(v, "%g", new(float64)); err == nil && !strings.ContainsAny(v, " ;") {
		return v
	}
	return fmt.Sprintf("%q", v)
}

// fmtNum shows a number to 6 significant digits.
func fmtNum(x float64) string { return fmt.Sprintf("%.6g", x) }

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// verb is the singular form for one, else the plural: "1 cell differs",
// "2 cells differ".
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
