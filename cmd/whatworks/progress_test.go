package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clock is a fake time for progress tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) at(seconds float64) *clock {
	c.t = time.Unix(0, 0).Add(time.Duration(seconds * float64(time.Second)))
	return c
}

func TestProgress_lines(t *testing.T) {
	var b bytes.Buffer
	c := (&clock{}).at(0)
	p := makeProgress(&b, progressLines, c.now)
	steps := []struct {
		at   float64
		do   func()
		want string // what this step adds to the output
	}{
		{0, func() { p.begin("reading pupils.csv") }, ""},
		{0.9, p.tick, ""}, // under a second: nothing yet
		{1.2, p.tick, "[  1.2s] reading pupils.csv…\n"},
		{5, func() { p.count(45, 100); p.tick() }, ""}, // a line every 10 s at most
		{11.3, p.tick, "[ 11.3s] reading pupils.csv… 45%\n"},
		{12, func() { p.end("read %s pupils", thousands(5000000)) }, "[ 12.0s] read 5,000,000 pupils (12.0 s)\n"},
		{12.1, func() { p.begin("checking") }, ""},
		{12.9, p.tick, ""},
		{13, func() { p.end("checked") }, ""}, // quick stages say nothing
		{13, func() { p.begin("writing report.xlsx") }, ""},
		{14.5, func() { p.count(10, 20); p.tick() }, "[ 14.5s] writing report.xlsx… 50%\n"},
		{15, func() { p.relabel("writing report.xlsx (compressing)"); p.tick() }, "[ 15.0s] writing report.xlsx (compressing)…\n"},
		{16, func() { p.begin("next") }, "[ 16.0s] writing report.xlsx (compressing): done (3.0 s)\n"},
		{30, p.close, ""}, // close ends a stage silently
		{40, p.tick, ""},
	}
	for i, s := range steps {
		c.at(s.at)
		before := b.Len()
		s.do()
		if got := b.String()[before:]; got != s.want {
			t.Errorf("step %d (%.1f s): wrote %q, want %q", i, s.at, got, s.want)
		}
	}
}

func TestProgress_bar(t *testing.T) {
	var b bytes.Buffer
	c := (&clock{}).at(0)
	p := makeProgress(&b, progressBar, c.now)
	p.begin("analysing 500 outcomes")
	c.at(0.5)
	p.tick()
	if b.Len() != 0 {
		t.Errorf("drew %q before a second", b.String())
	}
	c.at(3.2)
	p.count(125, 500)
	p.tick()
	if want := "\r\x1b[Kanalysing 500 outcomes… [#####···············]  25% 3 s"; b.String() != want {
		t.Errorf("live line %q, want %q", b.String(), want)
	}
	b.Reset()
	fmt.Fprint(p.writer(&b), "a warning\n")
	if want := "\r\x1b[Ka warning\n"; b.String() != want {
		t.Errorf("a message while the bar is drawn: %q, want %q", b.String(), want)
	}
	b.Reset()
	c.at(4)
	p.tick()
	c.at(4.5)
	p.end("analysed 500 outcomes")
	if want := "\r\x1b[Kanalysing 500 outcomes… [#####···············]  25% 4 s\r\x1b[K[  4.5s] analysed 500 outcomes (4.5 s)\n"; b.String() != want {
		t.Errorf("end: %q, want %q", b.String(), want)
	}
}

// TestProgress_off: tests (standard error in a buffer) see no progress.
func TestProgress_off(t *testing.T) {
	var b bytes.Buffer
	if m := progressFor(&b); m != progressOff {
		t.Fatalf("a buffer gets mode %d", m)
	}
	c := (&clock{}).at(0)
	p := makeProgress(&b, progressOff, c.now)
	p.begin("reading")
	c.at(100)
	p.tick()
	p.end("read")
	p.close()
	if b.Len() != 0 {
		t.Errorf("wrote %q", b.String())
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if m := progressFor(f); m != progressLines {
		t.Errorf("a file gets mode %d, want lines", m)
	}
}

// TestProgress_realTicker: with the real clock, a stage longer than
// showAfter is reported and close stops the ticker.
func TestProgress_realTicker(t *testing.T) {
	if testing.Short() {
		t.Skip("sleeps")
	}
	defer func(d time.Duration) { showAfter = d }(showAfter)
	showAfter = 100 * time.Millisecond
	var b bytes.Buffer // written under the progress's lock only
	p := newProgress(&b, progressLines)
	p.begin("sleeping")
	time.Sleep(300 * time.Millisecond)
	p.end("slept")
	p.close()
	if got := b.String(); !strings.Contains(got, "] sleeping…\n") || !strings.Contains(got, "] slept (0.") {
		t.Errorf("got %q", got)
	}
}
