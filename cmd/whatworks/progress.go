package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressMode is how a command shows the progress of long work on
// standard error.
type progressMode int

const (
	// progressOff shows nothing: standard error is not a file (tests
	// capture it in a buffer).
	progressOff progressMode = iota
	// progressLines is for standard error redirected to a file or a pipe
	// (a log): one line when a stage has taken a second, one every
	// linesEvery after that, and one when it ends.
	progressLines
	// progressBar is for a terminal: a live line, redrawn in place, with
	// a bar and percentage when the amount of work is known; when the
	// stage ends the live line gives way to a line saying what was done.
	progressBar
)

// Timings of progress reports.
const (
	linesEvery = 10 * time.Second // progressLines: a line this often
	barEvery   = 100 * time.Millisecond
)

// showAfter is how long a stage runs before it is shown: shorter stages
// show nothing (a variable for tests).
var showAfter = time.Second

// progressFor is the progress mode for standard error w.
func progressFor(w io.Writer) progressMode {
	f, ok := w.(*os.File)
	if !ok {
		return progressOff
	}
	st, err := f.Stat()
	if err != nil {
		return progressOff
	}
	if st.Mode()&os.ModeCharDevice != 0 {
		return progressBar
	}
	return progressLines
}

// progress reports the stages of a command's work on w, by time: a stage
// appears once it has run for showAfter, so that quick runs print nothing.
// Its methods are safe to call from several goroutines.
type progress struct {
	w    io.Writer
	mode progressMode
	now  func() time.Time

	mu          sync.Mutex
	start       time.Time // of the command
	label       string    // the current stage; "" between stages
	began       time.Time
	done, total int
	shown       bool      // the current stage has been reported
	last        time.Time // progressLines: when the last line was written
	live        bool      // progressBar: a live line is on the screen
	stop        chan struct{}
	stopped     sync.WaitGroup
}

// newProgress starts reporting on w; close it when the command ends.
func newProgress(w io.Writer, mode progressMode) *progress {
	p := makeProgress(w, mode, time.Now)
	if p.mode == progressOff {
		return p
	}
	every := barEvery
	if p.mode == progressLines {
		every = min(250*time.Millisecond, showAfter/4)
	}
	p.stop = make(chan struct{})
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.tick()
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// makeProgress is a progress whose ticks are left to the caller (tests).
func makeProgress(w io.Writer, mode progressMode, now func() time.Time) *progress {
	if w == nil {
		mode = progressOff
	}
	return &progress{w: w, mode: mode, now: now, start: now()}
}

// begin starts a stage ("reading pupils.csv"); a stage still running ends
// first.
func (p *progress) begin(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label != "" {
		p.endLocked(p.label + ": done")
	}
	p.label = fmt.Sprintf(format, a...)
	p.began = p.now()
	p.done, p.total = 0, 0
	p.shown = false
}

// count records how much of the current stage is done.
func (p *progress) count(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	p.mu.Unlock()
}

// relabel renames the current stage and forgets its count
// ("writing report.xlsx (compressing)").
func (p *progress) relabel(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label != "" {
		p.label = fmt.Sprintf(format, a...)
		p.done, p.total = 0, 0
		p.last = time.Time{} // progressLines: say so at the next tick
	}
}

// end ends the current stage; if it was shown, the message says what was
// done ("read 5,000,000 pupils from pupils.csv").
func (p *progress) end(format string, a ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label != "" {
		p.endLocked(fmt.Sprintf(format, a...))
	}
}

func (p *progress) endLocked(msg string) {
	if p.shown {
		p.clearLocked()
		fmt.Fprintf(p.w, "[%5.1fs] %s (%.1f s)\n", p.since(p.start), msg, p.since(p.began))
	}
	p.label = ""
}

// close ends the current stage without a word and stops reporting.
func (p *progress) close() {
	if p.stop != nil {
		close(p.stop)
		p.stopped.Wait()
		p.stop = nil
	}
	p.mu.Lock()
	p.clearLocked()
	p.label = ""
	p.mu.Unlock()
}

// writer is w with the live line cleared before each write, for messages
// written while progress is shown.
func (p *progress) writer(w io.Writer) io.Writer {
	if p.mode != progressBar {
		return w
	}
	return clearingWriter{p, w}
}

type clearingWriter struct {
	p *progress
	w io.Writer
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	c.p.clearLocked()
	return c.w.Write(b)
}

// tick shows the current stage if it has run for showAfter: the live line
// (progressBar), or a line now and then (progressLines).
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label == "" || p.mode == progressOff {
		return
	}
	now := p.now()
	if now.Sub(p.began) < showAfter {
		return
	}
	switch p.mode {
	case progressLines:
		if p.shown && now.Sub(p.last) < linesEvery {
			return
		}
		fmt.Fprintf(p.w, "[%5.1fs] %s…%s\n", p.since(p.start), p.label, p.percent())
		p.last = now
	case progressBar:
		fmt.Fprintf(p.w, "\r\x1b[K%s…%s %s", p.label, p.bar(), seconds(now.Sub(p.began)))
		p.live = true
	}
	p.shown = true
}

func (p *progress) since(t time.Time) float64 { return p.now().Sub(t).Seconds() }

// percent is " 45%" when the amount of work is known, else "".
func (p *progress) percent() string {
	if p.total <= 0 {
		return ""
	}
	return fmt.Sprintf(" %d%%", 100*p.done/p.total)
}

// bar is " [#####·····]  45%" when the amount of work is known, else "".
func (p *progress) bar() string {
	if p.total <= 0 {
		return ""
	}
	const width = 20
	full := width * p.done / p.total
	return " [" + strings.Repeat("#", full) + strings.Repeat("·", width-full) + "]" + fmt.Sprintf(" %3d%%", 100*p.done/p.total)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%d s", int(d.Seconds())) }

func (p *progress) clearLocked() {
	if p.live {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.live = false
	}
}
