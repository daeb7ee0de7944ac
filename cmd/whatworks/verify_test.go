package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// analysedDemo analyses the demo into dir/report.xlsx (and its JSON) and
// returns the workbook's path.
func analysedDemo(t *testing.T) (dir, book string) {
	t.Helper()
	dir = demoDir(t)
	book = filepath.Join(dir, "report.xlsx")
	if code, _, stderr := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "-o", book, "--json", filepath.Join(dir, "results.json")); code != 0 {
		t.Fatalf("analyse: exit %d: %s", code, stderr)
	}
	return dir, book
}

// editCell changes one cell of a saved workbook, as a hand edit would.
func editCell(t *testing.T, path, sheet, ref string, v any) (old string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old, _ = f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err := f.SetCellValue(sheet, ref, v); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return old
}

// number reads back a number editCell replaced.
func number(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A funder checks a grantee's workbook: with the data every number is
// recomputed, without it what the workbook allows is checked, and a
// hand-edited headline is found and named either way.
func TestVerify(t *testing.T) {
	dir, book := analysedDemo(t)
	data := filepath.Join(dir, "pupils.csv")

	code, out, stderr := runCLI(t, "verify", book, "--data", data)
	if code != 0 {
		t.Fatalf("verify --data: exit %d\n%s%s", code, out, stderr)
	}
	m := regexp.MustCompile(`verified: ([0-9,]+) numbers match \(Summary [0-9,]+, Results [0-9,]+, Descriptives [0-9,]+, Balance [0-9,]+`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no \"verified: N numbers match\" line:\n%s", out)
	}
	code, out, stderr = runCLI(t, "verify", book)
	if code != 0 || !strings.Contains(out, "consistent: ") || !strings.Contains(out, "no cell changed since whatworks wrote it") {
		t.Fatalf("verify without data: exit %d\n%s%s", code, out, stderr)
	}
	for _, want := range []string{"unadjusted effect sizes, mean differences and their tests from the Descriptives", "confidence intervals from their estimate and SE",
		"months' progress from the effect size", "ancova hedges_g (", "the estimate comes from the pupils' scores", "pupils.csv (SHA-256 e443b94c76b6…)"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify without data does not say %q:\n%s", want, out)
		}
	}

	// A tampered headline: the Summary's first effect size.
	old := editCell(t, book, "Summary", "C5", "0.65 (0.50 to 0.80)")
	code, out, _ = runCLI(t, "verify", book)
	if code != exitFailure {
		t.Errorf("tampered, without data: exit %d, want %d", code, exitFailure)
	}
	for _, want := range []string{`Summary!C5: written "` + old + `", now "0.65 (0.50 to 0.80)"`, `Summary!C5: "0.65 (0.50 to 0.80)", the Results sheet gives "` + old + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("tampered, without data: no %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCLI(t, "verify", book, "--data", data)
	if code != exitFailure || !strings.Contains(out, `Summary!C5: "0.65 (0.50 to 0.80)", recomputed "`+old+`"`) || !strings.Contains(stderr, "not verified") {
		t.Errorf("tampered, with data: exit %d\n%s%s", code, out, stderr)
	}
	editCell(t, book, "Summary", "C5", old)

	// A tampered estimate on the Results sheet (the unadjusted g of row
	// 4) disagrees with the Descriptives it comes from.
	old4 := editCell(t, book, "Results", "F4", 0.9)
	code, out, _ = runCLI(t, "verify", book)
	if code != exitFailure || !strings.Contains(out, "Results!F4 (estimate): 0.9, recomputed ") {
		t.Errorf("tampered g: exit %d\n%s", code, out)
	}
	code, out, stderr = runCLI(t, "verify", book, "--data", data)
	if code != exitFailure || !strings.Contains(out, "\n1 cell differs from the re-run") || !strings.Contains(stderr, "1 cell differs from the re-run") {
		t.Errorf("tampered g, with data: exit %d\n%s%s", code, out, stderr)
	}

	editCell(t, book, "Results", "F4", number(t, old4))

	// A tampered security rating: the first headline's padlocks, rated
	// again from the inputs the workbook states.
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Results")
	f.Close()
	padRow := 0
	for i, r := range rows {
		if len(r) > 4 && r[3] == "rating" && r[4] == "eef_padlocks" {
			padRow = i + 1
			break
		}
	}
	if padRow == 0 {
		t.Fatal("no eef_padlocks row on the Results sheet")
	}
	ref := fmt.Sprintf("F%d", padRow)
	oldPad := editCell(t, book, "Results", ref, 5)
	code, out, _ = runCLI(t, "verify", book)
	if want := "Results!" + ref + " (estimate): 5, recomputed " + oldPad; code != exitFailure || !strings.Contains(out, want) {
		t.Errorf("tampered padlocks: exit %d, no %q\n%s", code, want, out)
	}
	editCell(t, book, "Results", ref, number(t, oldPad))
	if code, out, _ = runCLI(t, "verify", book); code != 0 || !strings.Contains(out, "security ratings (EEF padlocks, WWC rating, OfS type, cost rating) from the inputs they state") {
		t.Errorf("restored: exit %d\n%s", code, out)
	}

	// Other data: refused, with both hashes.
	other := filepath.Join(dir, "other.csv")
	b, _ := os.ReadFile(data)
	os.WriteFile(other, append(b, '\n'), 0o644)
	code, out, _ = runCLI(t, "verify", book, "--data", other)
	if code != exitFailure || !strings.Contains(out, "is not the data the workbook was made from") {
		t.Errorf("other data: exit %d\n%s", code, out)
	}

	// Not a whatworks workbook.
	plain := filepath.Join(dir, "plain.xlsx")
	f = excelize.NewFile()
	f.SaveAs(plain)
	if code, _, stderr := runCLI(t, "verify", plain); code != exitUnusable || !strings.Contains(stderr, "is not a workbook written by whatworks analyse") {
		t.Errorf("a plain workbook: exit %d: %s", code, stderr)
	}
}

// A funder pools grantees' workbooks directly: each gives its headline
// effect, as its JSON results would.
func TestPool_analyseWorkbooks(t *testing.T) {
	dir := t.TempDir()
	var books, jsons []string
	for _, name := range []string{"Ash", "Birch"} {
		src := demoDir(t)
		design := filepath.Join(src, "design.yaml")
		text, _ := os.ReadFile(design)
		text = regexp.MustCompile(`(?m)^title:.*$`).ReplaceAll(text, []byte("title: "+name+" reading catch-up"))
		os.WriteFile(design, text, 0o644)
		book := filepath.Join(dir, name+".xlsx")
		js := filepath.Join(dir, name+".json")
		if code, _, stderr := runCLI(t, "analyse", design, "-o", book, "--json", js); code != 0 {
			t.Fatalf("analyse %s: %s", name, stderr)
		}
		books, jsons = append(books, book), append(jsons, js)
	}
	pooled := func(files []string) []float64 {
		out := filepath.Join(t.TempDir(), "pooled.json")
		code, _, stderr := runCLI(t, append(append([]string{"pool"}, files...), "--json", out)...)
		if code != 0 {
			t.Fatalf("pool %v: exit %d: %s", files, code, stderr)
		}
		var doc struct {
			Studies []struct {
				Name string  `json:"name"`
				Yi   float64 `json:"yi"`
			} `json:"studies"`
		}
		b, _ := os.ReadFile(out)
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		var yi []float64
		for _, s := range doc.Studies {
			yi = append(yi, s.Yi)
		}
		return yi
	}
	fromBooks, fromJSON := pooled(books), pooled(jsons)
	if len(fromBooks) != 2 || len(fromJSON) != 2 {
		t.Fatalf("studies: %v from workbooks, %v from JSON", fromBooks, fromJSON)
	}
	for i := range fromBooks {
		if math.Abs(fromBooks[i]-fromJSON[i]) > 1e-12 {
			t.Errorf("study %d: g %v from the workbook, %v from the JSON", i, fromBooks[i], fromJSON[i])
		}
	}
}
