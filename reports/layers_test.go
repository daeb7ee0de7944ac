package reports

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/whatworks/whatworks"

// reportsImports returns, for every directory under reports/ (relative to
// the module root, "reports/plot"), the import paths of its non-test Go
// files, each with the file that imports it.
func reportsImports(t *testing.T) map[string]map[string]string {
	t.Helper()
	code := map[string]map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Join("reports", filepath.Dir(p)))
		if code[dir] == nil {
			code[dir] = map[string]string{}
		}
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			code[dir][ip] = filepath.Base(p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"reports", "reports/words", "reports/workbook", "reports/plot"} {
		if len(code[d]) == 0 {
			t.Fatalf("walked the wrong tree: no %s", d)
		}
	}
	return code
}

// under reports whether import path ip is p or a package below it.
func under(ip, p string) bool { return ip == p || strings.HasPrefix(ip, p+"/") }

// TestLayers keeps reports presentation only (docs/architecture.md): no
// package under reports/ computes a statistic (no gonum stat, distuv or
// mat, no statistical family of evaluate but evaluate/rating: everything
// else is read from evaluate's results) or parses a command line; the
// words are shared from reports/words, which imports no output library;
// reports/workbook and reports/plot import neither the root nor each
// other (the root may use neither, so that both may grow freely);
// reports/html, the one-page summary, none of them nor an output library
// (its plot comes drawn, through its options); and
// reports/internal/testreport, the tests' sample reports, is imported only
// by tests.
func TestLayers(t *testing.T) {
	code := reportsImports(t)
	var dirs []string
	for d := range code {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	own := func(p string) string { return module + "/" + p }
	for _, dir := range dirs {
		if dir == "reports/internal/testreport" {
			continue // test support: it builds its sample reports with evaluate's families
		}
		for ip, file := range code[dir] {
			where := dir + "/" + file
			switch {
			case under(ip, "gonum.org/v1/gonum"):
				t.Errorf("%s imports %q: reports computes no statistic (read it from evaluate's results)", where, ip)
			case strings.HasPrefix(ip, own("evaluate/")) && ip != own("evaluate/rating"):
				t.Errorf("%s imports %q: reports reads evaluate's results and evaluate/rating, never a statistical family", where, ip)
			case under(ip, "github.com/urfave/cli"):
				t.Errorf("%s imports %q: only cmd/ parses command lines", where, ip)
			case ip == own("reports/internal/testreport"):
				t.Errorf("%s imports %q: the sample reports are for tests only", where, ip)
			}
			bad := map[string][]string{
				"reports/words":    {own("reports"), "github.com/xuri/excelize", "gonum.org/v1/plot", "io", "os", own("reports/outputs")},
				"reports/workbook": {own("reports"), own("reports/plot"), "gonum.org/v1/plot"},
				"reports/plot":     {own("reports"), own("reports/workbook"), "github.com/xuri/excelize"},
				"reports":          {own("reports/workbook"), own("reports/plot"), "github.com/xuri/excelize", "gonum.org/v1/plot"},
				"reports/html":     {own("reports"), own("reports/workbook"), own("reports/plot"), "github.com/xuri/excelize", "gonum.org/v1/plot"},
			}[dir]
			for _, b := range bad {
				// own("reports") is the root: its sub-packages are allowed.
				if ip == b || (b != own("reports") && under(ip, b)) {
					t.Errorf("%s imports %q: see the reports layers in docs/architecture.md", where, ip)
				}
			}
		}
	}
}
