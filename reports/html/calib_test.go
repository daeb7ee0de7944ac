package html

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/reports/plot"
)

// TestCalibrate prints fit's estimate of each test page's height beside
// the height Chromium lays it out at (a screenshot's last inked row), at
// three type sizes: run it after changing the style sheet or fit.go,
//
//	WW_CALIBRATE=1 go test ./reports/html -run TestCalibrate -v
//
// and keep the estimates at or above the actual heights.
func TestCalibrate(t *testing.T) {
	bin := chromium()
	if os.Getenv("WW_CALIBRATE") == "" || bin == "" {
		t.Skip("set WW_CALIBRATE=1 (with chromium installed) to compare fit's estimates with Chromium")
	}
	dir := t.TempDir()
	defer func() { forceFont = 0 }()
	for _, name := range []string{"rct", "survey", "crowded", "matched"} {
		for _, fs := range []float64{8.8, 8.0, 7.2} {
			rep := caseReport(t, name)
			o := Options{Version: "test", Date: "2026-07-20", DesignName: "design.yaml"}
			if f, ok, _ := plot.ForestPlot(rep); ok {
				o.ForestSVG, _ = f.SVG()
			}
			var b bytes.Buffer
			forceFont = fs
			if err := Write(&b, rep, o); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name+".html")
			os.WriteFile(path, b.Bytes(), 0o644)
			shot := filepath.Join(dir, name+".png")
			if err := browse(t, bin, path, "--window-size=794,3000", "--screenshot="+shot); err != nil {
				t.Fatal(err)
			}
			f, _ := os.Open(shot)
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			bottom := 0
			bd := img.Bounds()
			for y := bd.Min.Y; y < bd.Max.Y; y++ {
				for x := bd.Min.X; x < bd.Max.X; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					if r+g+b < 3*0xe000 {
						bottom = y
						break
					}
				}
			}
			// 96 pixels to the inch; the screen's body has 6 mm above it.
			t.Logf("%s at %.1f pt: estimate %.0f mm, laid out %.0f mm", name, fs, lastEstimate/mm, float64(bottom)*25.4/96-6)
		}
	}
}
