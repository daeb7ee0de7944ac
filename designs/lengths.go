package designs

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Longest title and outcome label a design may give, in characters: what
// the workbook's title rows, page footers, chart titles and plots can show.
const (
	MaxTitle = 200
	MaxLabel = 200
)

// validateLengths refuses a title or label too long for the workbook, so
// that check says so before analyse fails writing it.
func (p *parser) validateLengths(d *Design) {
	long := func(path, what, s string, max int) {
		if n := utf8.RuneCountInString(s); n > max {
			p.errPos(p.pos.at(path, path+":key"), "shorten it; longer descriptions belong in a document of your own",
				"%s is %s characters long (at most %d)", what, thousands(n), max)
		}
	}
	long("title", "the title", d.Title, MaxTitle)
	for i, o := range d.Outcomes {
		long(fmt.Sprintf("outcomes.%d.label", i), "the outcome label", o.Label, MaxLabel)
	}
}

// thousands writes n with commas: 40000 → "40,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
