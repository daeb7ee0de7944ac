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
	"runtime/debug"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/reports/outputs"
	"github.com/whatworks/whatworks/reports/words"
)

// Exit codes, listed in --help.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitUnusable = 3
	// exitInterrupted is the exit code after Ctrl-C (SIGINT); SIGTERM
	// gives 143.
	exitInterrupted = 130
)

func main() {
	if os.Getenv("GOGC") == "" {
		// The collector may let the heap grow to 1.5 times what is live
		// rather than Go's default 2: at national scale (5,000,000 pupils)
		// that is the difference between about 120 and 100 bytes a pupil at
		// the peak, for a few per cent more time, since the pupils' columns
		// hold no pointers and are cheap to collect (docs/performance.md).
		// GOGC, when set, still decides.
		debug.SetGCPercent(50)
	}
	ctx, stop := onSignal(context.Background())
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// signalled is the cause of a context cancelled by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "stopped by " + signalName(s.sig) }

// onSignal returns a context cancelled, with cause signalled, by the first
// SIGINT (Ctrl-C) or SIGTERM: the command stops at its next check, removes
// its temporary files and returns, and run exits 130 (143 for SIGTERM).
// Work that checks for the signal only between steps (reading a big data
// file) is given stopGrace; after it, or at a second signal, the process
// removes its temporary files and exits at once.
func onSignal(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		var sig os.Signal
		select {
		case sig = <-ch:
			cancel(signalled{sig})
		case <-done:
			return
		}
		select {
		case <-ch:
		case <-time.After(stopGrace):
		case <-done:
			return
		}
		outputs.RemoveTemporaryFiles()
		fmt.Fprintf(os.Stderr, "whatworks: %v: no output was written\n", signalled{sig})
		os.Exit(signalCode(sig))
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// stopGrace is how long a signalled command has to stop by itself.
const stopGrace = 3 * time.Second

func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT (Ctrl-C)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// signalCode is the exit code of a run stopped by sig: 128 + its number,
// as shells report it (130 for SIGINT, 143 for SIGTERM).
func signalCode(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitInterrupted
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
	words.Version = version
	app := newApp(stdin, stdout, stderr)
	err := app.RunContext(ctx, flagsFirst(app, args))
	var sig signalled
	if err != nil && ctx.Err() != nil && errors.As(context.Cause(ctx), &sig) {
		// Whatever the command was doing, it wrote nothing.
		fmt.Fprintf(stderr, "whatworks: %v: no output was written\n", sig)
		return signalCode(sig.sig)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "whatworks:", clipMessage(words.Singular(err.Error())))
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
		oe *outputs.UsageError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u), errors.As(err, &oe):
		return exitUsage
	case errors.As(err, &un), errors.As(err, &p), errors.As(err, &de), errors.As(err, &ye):
		return exitUnusable
	}
	return exitFailure
}

const exitCodesHelp = `EXIT CODES:
   0    success (for check: the evaluation can run)
   1    failure (could not write an output, an analysis failed, ...)
   2    usage error (unknown command or flag, missing argument, an output
        that would replace an input or that cannot be written)
   3    the design or its data is unusable (every problem is listed)
   130  interrupted by Ctrl-C (143: by SIGTERM); no output was written

OUTPUTS:
   whatworks never writes over its inputs (the design and data files) and
   writes its outputs all or nothing: every output is checked before the
   work starts, written to a temporary file beside it and renamed into
   place only when all of them succeeded. A temporary file left by a run
   that was killed (.NAME.whatworks-tmp-...) is removed by the next run
   that writes in that folder.

PROGRESS:
   A step that takes more than a second is shown on standard error: a live
   line with a bar on a terminal; when standard error is a file or a pipe,
   a line after one second, every ten seconds and at its end.
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

   whatworks plan --design rct --n 60    before you start: is the cohort big enough?
   whatworks init my-evaluation          start from a template
   whatworks check my-evaluation/design.yaml
   whatworks analyse my-evaluation/design.yaml
   whatworks demo                        try it on made-up data`,
		EnableBashCompletion:  true,
		Reader:                stdin,
		Writer:                stdout,
		ErrWriter:             stderr,
		HideHelpCommand:       true,
		OnUsageError:          onUsage,
		ExitErrHandler:        func(*cli.Context, error) {},
		CustomAppHelpTemplate: cli.AppHelpTemplate + "\n" + exitCodesHelp,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("unknown command %q (commands: init, check, analyse, match, effect, plan, pool, verify, demo, completion; see whatworks --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			initCommand(), checkCommand(), analyseCommand(), matchCommand(), effectCommand(), planCommand(), poolCommand(), verifyCommand(), demoCommand(), completionCommand(),
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

// warn prints warnings about the design or its data on w (standard error).
func warn(w io.Writer, warnings []string) {
	for _, s := range warnings {
		fmt.Fprintln(w, "whatworks: warning:", clipMessage(words.Singular(s)))
	}
}
