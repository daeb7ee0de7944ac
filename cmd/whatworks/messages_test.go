package main

import (
	"strings"
	"testing"
)

func TestClipMessage(t *testing.T) {
	short := "design.yaml:4:8: the title is empty"
	if got := clipMessage(short); got != short {
		t.Errorf("clipMessage(%q) = %q", short, got)
	}
	long := "first line\n" + strings.Repeat("é", 5000) + "\nlast line"
	want := "first line\n" + strings.Repeat("é", maxMessageLine-100) + "… (line cut: 5,000 characters in all)\nlast line"
	if got := clipMessage(long); got != want {
		t.Errorf("clipMessage cut %d runes to %.80q…", 5000, got)
	}
}
