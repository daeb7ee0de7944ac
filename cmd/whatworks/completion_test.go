package main

import (
	"os"
	"strings"
	"testing"
)

func TestCompletion_scripts(t *testing.T) {
	for _, c := range []struct{ shell, want string }{
		{"bash", "complete -o bashdefault -o default -F _whatworks_complete whatworks"},
		{"zsh", "compdef _whatworks whatworks"},
		{"fish", "complete -c whatworks -n '__fish_whatworks_no_subcommand' -f -l version"},
		{"powershell", "Register-ArgumentCompleter -Native -CommandName whatworks"},
	} {
		code, stdout, stderr := runCLI(t, "completion", c.shell)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.shell, code, stderr)
		}
		if !strings.Contains(stdout, c.want) {
			t.Errorf("%s: no %q in\n%s", c.shell, c.want, stdout)
		}
		if c.shell != "fish" && !strings.Contains(stdout, "--generate-bash-completion") {
			t.Errorf("%s: the script does not ask whatworks what comes next", c.shell)
		}
	}
	if code, _, stderr := runCLI(t, "completion", "tcsh"); code != exitUsage || !strings.Contains(stderr, "bash, zsh, fish, powershell") {
		t.Errorf("unknown shell: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "completion"); code != exitUsage || !strings.Contains(stderr, "needs a shell") {
		t.Errorf("no shell: exit %d, %q", code, stderr)
	}
}

// TestCompletion_protocol checks what the bash, zsh and PowerShell scripts
// ask: the words typed so far, then --generate-bash-completion.
func TestCompletion_protocol(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--generate-bash-completion"}, []string{"analyse", "check", "completion", "demo", "init", "plan"}},
		{[]string{"analyse", "--j", "--generate-bash-completion"}, []string{"--json"}},
		{[]string{"analyse", "-", "--generate-bash-completion"}, []string{"--json", "--plots", "--no-workbook", "-o"}},
		// Flags after the file, as people type them: not reordered.
		{[]string{"analyse", "design.yaml", "--p", "--generate-bash-completion"}, []string{"--plots"}},
		{[]string{"plan", "--d", "--generate-bash-completion"}, []string{"--design"}},
	} {
		// urfave/cli reads the word being completed from os.Args.
		old := os.Args
		os.Args = append([]string{"whatworks"}, c.args...)
		code, stdout, stderr := runCLI(t, c.args...)
		os.Args = old
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		got := strings.Fields(stdout)
		for _, w := range c.want {
			if !contains(got, w) {
				t.Errorf("%v: no %s in %v", c.args, w, got)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	for _, flag := range []string{"--version", "-v"} {
		code, stdout, stderr := runCLI(t, flag)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", flag, code, stderr)
		}
		lines := strings.Split(stdout, "\n")
		if lines[0] != "whatworks "+version {
			t.Errorf("%s: first line %q, want %q", flag, lines[0], "whatworks "+version)
		}
		if !strings.HasPrefix(lines[1], "built with go") {
			t.Errorf("%s: no Go version on the second line:\n%s", flag, stdout)
		}
	}
}

func TestIsRelease(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.2.0": true, "v0.3.1-rc.1": true, "(devel)": false, "": false,
		"v0.0.0-20260102150405-abcdef123456":       false,
		"v1.2.1-0.20260102150405-abcdef123456":     false,
		"v1.2.0+dirty":                             false,
		"v0.0.0-20260102150405-abcdef123456+dirty": false,
	} {
		if got := isRelease(v); got != want {
			t.Errorf("isRelease(%q) = %v, want %v", v, got, want)
		}
	}
}
