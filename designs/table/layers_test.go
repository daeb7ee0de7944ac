package table

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayers keeps the reader below designs (docs/architecture.md): its
// non-test files import the standard library, excelize, golang.org/x/text
// and designs/internal (hint, regular), never designs, evaluate or reports.
func TestLayers(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := []string{
		"github.com/xuri/excelize/v2",
		"golang.org/x/text/",
		"github.com/whatworks/whatworks/designs/internal/hint",
		"github.com/whatworks/whatworks/designs/internal/regular",
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				continue // standard library
			}
			ok := false
			for _, a := range allowed {
				if p == a || strings.HasSuffix(a, "/") && strings.HasPrefix(p, a) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
