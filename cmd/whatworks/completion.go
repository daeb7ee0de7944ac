package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
)

// shells lists the shells whatworks completion writes a script for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a script that completes whatworks commands and flags in your shell (bash, zsh, fish, powershell)",
		ArgsUsage: "SHELL",
		Description: `Prints a completion script for SHELL (bash, zsh, fish or powershell): after
it, the Tab key completes whatworks's commands, their flags and file names.

   bash, now:                source <(whatworks completion bash)
   bash, every new shell:    whatworks completion bash > ~/.local/share/bash-completion/completions/whatworks
   zsh, in ~/.zshrc:         source <(whatworks completion zsh)
                             (after compinit: autoload -U compinit && compinit)
   fish:                     whatworks completion fish > ~/.config/fish/completions/whatworks.fish
   PowerShell, in $PROFILE:  whatworks completion powershell | Out-String | Invoke-Expression`,
		Action: func(c *cli.Context) error {
			shell, err := oneArg(c, "a shell ("+strings.Join(shells, ", ")+")")
			if err != nil {
				return err
			}
			return writeCompletion(c.App, c.App.Writer, shell)
		},
	}
}

// writeCompletion writes the completion script of shell for app. The
// bash, zsh and PowerShell scripts ask whatworks itself what comes next
// (urfave/cli's hidden --generate-bash-completion flag); fish's lists the
// commands and flags (cli.App.ToFishCompletion).
func writeCompletion(app *cli.App, w io.Writer, shell string) error {
	var script string
	switch strings.ToLower(shell) {
	case "bash":
		script = bashCompletion
	case "zsh":
		script = zshCompletion
	case "fish":
		s, err := app.ToFishCompletion()
		if err != nil {
			return fmt.Errorf("writing the fish completion: %w", err)
		}
		script = s
	case "powershell", "pwsh":
		script = powershellCompletion
	default:
		return usagef("completion: no script for %q (shells: %s)", shell, strings.Join(shells, ", "))
	}
	_, err := io.WriteString(w, script)
	return err
}

// The scripts below follow urfave/cli v2's autocomplete/ folder (MIT
// licence), with the program's name written in.

const bashCompletion = `# bash completion for whatworks: source <(whatworks completion bash)

_whatworks_complete() {
  local cur words cword requestComp opts
  COMPREPLY=()
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -n "=:" || return
  else
    # Without the bash-completion package: the words as bash split them.
    cur="${COMP_WORDS[COMP_CWORD]}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  words=("${words[@]:0:$cword}")
  if [[ "$cur" == "-"* ]]; then
    requestComp="${words[*]} ${cur} --generate-bash-completion"
  else
    requestComp="${words[*]} --generate-bash-completion"
  fi
  opts=$(eval "${requestComp}" 2>/dev/null)
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  return 0
}

complete -o bashdefault -o default -F _whatworks_complete whatworks
`

const zshCompletion = `#compdef whatworks
# zsh completion for whatworks: source <(whatworks completion zsh)
compdef _whatworks whatworks

_whatworks() {
  local -a opts
  local cur
  cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

# Run only when zsh calls it as a completion function (installed as
# _whatworks in $fpath), not when sourced.
if [ "$funcstack[1]" = "_whatworks" ]; then
  _whatworks "$@"
fi
`

const powershellCompletion = `# PowerShell completion for whatworks:
#   whatworks completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName whatworks -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0 -and $words[-1] -eq $wordToComplete) {
        $words = @($words | Select-Object -First ($words.Count - 1))
    }
    $rest = @($words | Select-Object -Skip 1)
    if ($wordToComplete -like '-*') { $rest += $wordToComplete }
    & $words[0] @rest --generate-bash-completion 2>$null |
        Where-Object { $_ -like "$wordToComplete*" } |
        ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}
`
