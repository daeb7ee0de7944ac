package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// analyse -o NAME.html writes the one-page summary instead of the
// workbook; --html writes it beside the workbook; both give the same page.
func TestAnalyse_htmlSummary(t *testing.T) {
	dir := demoDir(t)
	design := filepath.Join(dir, "design.yaml")
	only := filepath.Join(dir, "summary.html")
	code, stdout, stderr := runCLI(t, "analyse", design, "-o", only)
	if code != 0 {
		t.Fatalf("-o summary.html: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+only) {
		t.Errorf("-o summary.html: no 'wrote' line:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "design-report.xlsx")); err == nil {
		t.Error("-o summary.html also wrote the workbook")
	}
	page, err := os.ReadFile(only)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "Year 7 reading catch-up", "Key conclusions", "<svg", "How secure is the finding?"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the summary has no %q", want)
		}
	}

	both := filepath.Join(dir, "both.html")
	book := filepath.Join(dir, "report.xlsx")
	if code, _, stderr := runCLI(t, "analyse", design, "-o", book, "--html", both); code != 0 {
		t.Fatalf("--html: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(book); err != nil {
		t.Errorf("--html: no workbook: %v", err)
	}
	again, err := os.ReadFile(both)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(page) {
		t.Error("-o summary.html and --html both.html differ")
	}

	for _, args := range [][]string{
		{"-o", filepath.Join(dir, "a.html"), "--html", filepath.Join(dir, "b.html")},
		{"--html", filepath.Join(dir, "summary.txt")},
		{"-o", filepath.Join(dir, "a.html"), "--include-data"},
	} {
		code, _, stderr := runCLI(t, append([]string{"analyse", design}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
}
