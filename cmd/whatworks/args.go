package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst rewrites "whatworks CMD FILE -o x --flag" as
// "whatworks CMD -o x --flag FILE": urfave/cli v2 stops reading flags at the
// first positional argument, but users (and the documented command lines)
// put flags after the design file. Values of non-boolean flags stay with
// their flag; "--" ends the flags; a lone "-" (standard output) is a value.
func flagsFirst(app *cli.App, args []string) []string {
	if len(args) < 3 || args[len(args)-1] == "--generate-bash-completion" {
		// A shell asking what comes next (whatworks completion) gives
		// the words as typed, the request last.
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	isBool := map[string]bool{"help": true, "h": true}
	for _, f := range cmd.Flags {
		_, b := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			isBool[n] = b
		}
	}
	var flags, pos []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			pos = append(pos, rest[i+1:]...)
			i = len(rest)
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if b, known := isBool[name]; known && !b && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		default:
			pos = append(pos, a)
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(pos) > 0 {
		out = append(out, "--")
		out = append(out, pos...)
	}
	return out
}
