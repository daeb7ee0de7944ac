package html

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

var yMaxRE = regexp.MustCompile(`<page |yMax="([0-9.]+)"`)

// printedHeight is how tall the content of a printed PDF is, in points:
// the full pages before the last and the last page down to its lowest
// word (pdftotext -bbox, from poppler-utils).
func printedHeight(t *testing.T, pdf string) float64 {
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Skipf("pdftotext: %v", err)
	}
	pages, last := 0, 0.0
	for _, m := range yMaxRE.FindAllSubmatch(out, -1) {
		if m[1] == nil {
			pages++
			last = 0
			continue
		}
		y, _ := strconv.ParseFloat(string(m[1]), 64)
		last = max(last, y)
	}
	top := 11 * mm
	return float64(pages-1)*pageH + last - top
}

// TestCalibrate prints fit's estimate of each test page's height beside
// the height Chromium prints it at, at three type sizes: run it after
// changing the style sheet or fit.go,
//
//	WW_CALIBRATE=1 go test ./reports/html -run TestCalibrate -v
//
// and keep the estimates at or above the printed heights.
func TestCalibrate(t *testing.T) {
	bin := chromium()
	if os.Getenv("WW_CALIBRATE") == "" || bin == "" {
		t.Skip("set WW_CALIBRATE=1 (with chromium and poppler-utils installed) to compare fit's estimates with Chromium")
	}
	dir := t.TempDir()
	defer func() { forceFont = 0 }()
	for _, name := range []string{"rct", "prepost", "survey", "crowded", "many", "matched"} {
		for _, fs := range []float64{0, 8.8, 7.2} {
			rep := caseReport(t, name)
			o := Options{Version: "test", Date: "2026-07-20", DesignName: "design.yaml", Forest: forestSVG}
			var b bytes.Buffer
			forceFont = fs
			if err := Write(&b, rep, o); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name+".html")
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := filepath.Join(dir, name+".pdf")
			if err := browse(t, bin, path, "--print-to-pdf="+pdf); err != nil {
				t.Fatal(err)
			}
			got := printedHeight(t, pdf)
			t.Logf("%-8s at %.1f pt (%d steps, %d caveats): estimate %3.0f mm, printed %3.0f mm (%+.0f); left %3.0f, right %3.0f mm", name, lastFont, lastSteps, lastCaveats, lastEstimate/mm, got/mm, (lastEstimate-got)/mm, lastLeft/mm, lastRight/mm)
		}
	}
}
