package html

import (
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	if os.Getenv("WW_DUMP") == "" {
		t.Skip()
	}
	for name, b := range summaries(t) {
		os.WriteFile("/tmp/int-share/"+name+".html", b, 0o644)
	}
}
