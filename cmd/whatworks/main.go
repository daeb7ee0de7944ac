// Command whatworks evaluates school and university programmes in the style
// of the Education Endowment Foundation: one design file, one command.
//
// This package only wires: it parses flags into an options struct, calls
// designs, evaluate and reports, and maps errors to exit codes in one place.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/reports"
)

// Exit codes, listed in --help.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitUnusable = 3
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in how whatworks was called (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// unusableError says the evaluation cannot run as designed (exit 3), for
// problems found after loading (check's findings).
type unusableError struct{ msg string }

func (e unusableError) Error() string { return e.msg }

// run runs whatworks with args and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	reports.Version = version
	app := newApp(stdin, stdout, stderr)
	err := app.RunContext(ctx, flagsFirst(app, args))
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "whatworks:", err)
	return exitCode(err)
}

// exitCode maps an error to the exit code documented in --help.
func exitCode(err error) int {
	var (
		u  usageError
		un unusableError
		p  designs.Problems
		de *table.DataError
		ye *designs.DesignError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	case errors.As(err, &un), errors.As(err, &p), errors.As(err, &de), errors.As(err, &ye):
		return exitUnusable
	}
	return exitFailure
}

const exitCodesHelp = `EXIT CODES:
   0  success (for check: the evaluation can run)
   1  failure (could not write an output, an analysis failed, ...)
   2  usage error (unknown command or flag, missing argument)
   3  the design or its data is unusable (every problem is listed)
`

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	onUsage := func(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }
	app := &cli.App{
		Name:    "whatworks",
		Usage:   "find out, honestly, whether a school or university programme works",
		Version: version,
		Description: `whatworks reads an evaluation design file (YAML) and the pupil data it names
(CSV or XLSX), and reports effect sizes, months' progress, significance and
results for disadvantaged pupils in the style of the Education Endowment
Foundation.

   whatworks init my-evaluation          start from a template
   whatworks check my-evaluation/design.yaml
   whatworks analyse my-evaluation/design.yaml
   whatworks demo                        try it on made-up data`,
		Reader:                stdin,
		Writer:                stdout,
		ErrWriter:             stderr,
		HideHelpCommand:       true,
		OnUsageError:          onUsage,
		ExitErrHandler:        func(*cli.Context, error) {},
		CustomAppHelpTemplate: cli.AppHelpTemplate + "\n" + exitCodesHelp,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("unknown command %q (commands: init, check, analyse, match, effect, demo; see whatworks --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			initCommand(), checkCommand(), analyseCommand(), matchCommand(), effectCommand(), demoCommand(),
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsage
		c.CustomHelpTemplate = cli.CommandHelpTemplate + "\n" + exitCodesHelp
	}
	return app
}

// oneArg returns the single positional argument a command takes.
func oneArg(c *cli.Context, what string) (string, error) {
	switch c.NArg() {
	case 1:
		return c.Args().First(), nil
	case 0:
		return "", usagef("%s needs %s (see whatworks %s --help)", c.Command.Name, what, c.Command.Name)
	}
	return "", usagef("%s takes one %s, got %d arguments: %q (put flags before the file)", c.Command.Name, what, c.NArg(), c.Args().Slice())
}
