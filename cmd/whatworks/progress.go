package main

import (
	"fmt"
	"io"
	"time"
)

// bigData is the number of pupils from which whatworks reports each stage
// of its work as it goes: below it every command finishes in well under a
// second.
const bigData = 100_000

// progress prints stage lines with the time taken so far to w (standard
// error), once the data is known to be big; before that it stays silent.
type progress struct {
	w     io.Writer
	start time.Time
	on    bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w, start: time.Now()} }

// rows switches progress on when n pupils is big data.
func (p *progress) rows(n int, file string) {
	if n >= bigData && p.w != nil {
		p.on = true
		p.step("read %d pupils from %s", n, file)
	}
}

func (p *progress) step(format string, a ...any) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "[%5.1fs] %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, a...))
}
