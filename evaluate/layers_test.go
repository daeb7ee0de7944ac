package evaluate

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/whatworks/whatworks"

// moduleImports returns the import paths of the non-test Go files of every
// package of the module, keyed by the package's directory relative to the
// module root ("evaluate/match"), each path with the file that imports it.
func moduleImports(t *testing.T) map[string]map[string]string {
	t.Helper()
	root := ".."
	fset := token.NewFileSet()
	out := map[string]map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(rel)
		if out[dir] == nil {
			out[dir] = map[string]string{}
		}
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			out[dir][ip] = name
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out["evaluate"]) == 0 || len(out["cmd/whatworks"]) == 0 {
		t.Fatalf("walked the wrong tree from %s: %d packages", root, len(out))
	}
	return out
}

// under reports whether import path ip is p or a package below it.
func under(ip, p string) bool { return ip == p || strings.HasPrefix(ip, p+"/") }

// standard reports whether ip is in Go's standard library (no dot in its
// first element).
func standard(ip string) bool {
	first, _, _ := strings.Cut(ip, "/")
	return !strings.Contains(first, ".")
}

// TestLayers keeps evaluate pure (docs/architecture.md): the root's
// non-test files import no I/O, no spreadsheet, plotting, YAML or CLI
// library, and none of whatworks' packages except evaluate's own families,
// which it orchestrates.
func TestLayers(t *testing.T) {
	forbidden := []string{"os", "io", "bufio", "net", "github.com/xuri/excelize",
		"github.com/urfave/cli", "gonum.org/v1/plot", "go.yaml.in/yaml"}
	for ip, file := range moduleImports(t)["evaluate"] {
		if under(ip, module) {
			if !strings.HasPrefix(ip, module+"/evaluate/") || under(ip, module+"/evaluate/internal/golden") {
				t.Errorf("evaluate/%s imports %q: evaluate depends only on its families", file, ip)
			}
			continue
		}
		for _, bad := range forbidden {
			if under(ip, bad) {
				t.Errorf("evaluate/%s imports %q: evaluate is pure statistics (no I/O, no report or CLI code)", file, ip)
			}
		}
	}
}

// familyLevel places each package below evaluate/ in a layer: a family
// imports only the standard library (no I/O), gonum, and families of a
// lower layer. A new family must be given a layer here (docs/architecture.md
// explains the order).
var familyLevel = map[string]int{
	"data": 0, "internal/parallel": 0, "internal/zeroin": 0, // plain values; the parallel loop; R's root finder
	"sample":     1, // n, mean, SD
	"ttest":      2, // t-tests, noncentral t (on sample's summaries)
	"effectsize": 3, // d, g, Glass, cluster correction
	"power":      3, // MDES, power (noncentral t from ttest)
	"regress":    4, // OLS, WLS, logistic, CR2
	"rating":     4, // months, cost, WWC, padlocks (power's MDES)
	"match":      5, // matching (logistic regression from regress)
	"binary":     6,
	"meta":       6,
	"multilevel": 6,
	"ranks":      6,
	"scales":     6,
}

// TestFamilyLayers checks every package below evaluate/ against
// familyLevel. evaluate/internal/golden is test support: only test files
// may import it.
func TestFamilyLayers(t *testing.T) {
	noIO := []string{"os", "io", "bufio", "net", "testing"}
	for dir, imps := range moduleImports(t) {
		fam, ok := strings.CutPrefix(dir, "evaluate/")
		if !ok || fam == "internal/golden" || under(fam, "internal/golden") {
			continue
		}
		level, known := familyLevel[fam]
		if !known {
			t.Errorf("%s is not in familyLevel: give the new family a layer in evaluate/layers_test.go", dir)
			continue
		}
		for ip, file := range imps {
			switch {
			case standard(ip):
				for _, bad := range noIO {
					if under(ip, bad) {
						t.Errorf("%s/%s imports %q: families do no I/O", dir, file, ip)
					}
				}
			case under(ip, "gonum.org/v1/gonum"):
			case strings.HasPrefix(ip, module+"/evaluate/"):
				dep := strings.TrimPrefix(ip, module+"/evaluate/")
				if l, ok := familyLevel[dep]; !ok || l >= level {
					t.Errorf("%s/%s imports %q: a family imports only lower families (layers %d and %d)", dir, file, ip, level, l)
				}
			default:
				t.Errorf("%s/%s imports %q: families import only the standard library, gonum and lower families", dir, file, ip)
			}
		}
	}
}

// TestModuleLayers checks the rules that span the module: only cmd/
// imports the CLI library, and reports only presents (docs/architecture.md):
// it imports no gonum statistics and no statistical family but
// evaluate/rating, reading everything else from evaluate's results.
func TestModuleLayers(t *testing.T) {
	var dirs []string
	all := moduleImports(t)
	for dir := range all {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		for ip, file := range all[dir] {
			where := path.Join(dir, file)
			if under(ip, "github.com/urfave/cli") && !under(dir, "cmd") {
				t.Errorf("%s imports %q: only cmd/ parses command lines", where, ip)
			}
			if !under(dir, "reports") || under(dir, "reports/internal/testreport") {
				continue // reports/internal/testreport is test support (reports/layers_test.go)
			}
			if under(ip, "gonum.org/v1/gonum/stat") {
				t.Errorf("%s imports %q: reports computes no statistic (read it from evaluate's results)", where, ip)
			}
			if strings.HasPrefix(ip, module+"/evaluate/") && ip != module+"/evaluate/rating" {
				t.Errorf("%s imports %q: reports reads evaluate's results and evaluate/rating, never a statistical family", where, ip)
			}
		}
	}
	if _, err := os.Stat(filepath.Join("..", "go.mod")); err != nil {
		t.Errorf("the module root is not the parent of evaluate/: %v", err)
	}
}
