package evaluate

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayers keeps evaluate pure (STYLE.md §1): its non-test files import
// no I/O, no spreadsheet or CLI library, and none of whatworks' other
// packages, which all depend on it, except its own statistical families
// (evaluate/power, evaluate/rating, ...), which evaluate orchestrates.
func TestLayers(t *testing.T) {
	// Each entry forbids the path and everything below it.
	forbidden := []string{"os", "io", "bufio", "net", "github.com/xuri/excelize",
		"github.com/urfave/cli", "gonum.org/v1/plot", "go.yaml.in/yaml", "github.com/whatworks/whatworks"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/whatworks/whatworks/evaluate/") {
				continue
			}
			for _, bad := range forbidden {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %q: evaluate is pure statistics (no I/O, no report or CLI code)", f, path)
				}
			}
		}
	}
}
