package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxMessageLine is the most characters of one line of a message whatworks
// prints on standard error. The packages cut the values they quote (a 5 MB
// cell is "999…" (5,000,001 characters)); this is the safety net for a line
// that quotes something they did not expect to be long.
const maxMessageLine = 2000

// clipMessage cuts every line of msg longer than maxMessageLine, saying
// how long it was.
func clipMessage(msg string) string {
	if len(msg) <= maxMessageLine {
		return msg
	}
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > maxMessageLine {
			k := 0
			for j := range l {
				if k == maxMessageLine-100 {
					l = l[:j]
					break
				}
				k++
			}
			lines[i] = fmt.Sprintf("%s… (line cut: %s characters in all)", l, thousands(n))
		}
	}
	return strings.Join(lines, "\n")
}
