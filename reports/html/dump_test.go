package html

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDump writes the test pages into the folder WW_DUMP names, to look
// at them in a browser:
//
//	WW_DUMP=/tmp/pages go test ./reports/html -run TestDump
func TestDump(t *testing.T) {
	dir := os.Getenv("WW_DUMP")
	if dir == "" {
		t.Skip("set WW_DUMP=DIR to write the test pages into DIR")
	}
	for name, b := range summaries(t) {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
