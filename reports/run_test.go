package reports

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/plot"
	"github.com/whatworks/whatworks/reports/words"
	"github.com/whatworks/whatworks/reports/workbook"
)

// runInput is a seeded synthetic randomised trial (PCG seed 7, 11): 400
// pupils, a pretest, an FSM subgroup and a true effect of about 0.2 SD on
// reading and none on maths.
func runInput(design string) evaluate.Input {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 400
	arm := make([]int8, n)
	fsm := make([]int32, n)
	pre := make([]float64, n)
	read := make([]float64, n)
	maths := make([]float64, n)
	for i := range n {
		arm[i] = int8(i % 2)
		if rng.Float64() < 0.3 {
			fsm[i] = 1
		}
		pre[i] = 100 + 15*rng.NormFloat64() - 5*float64(fsm[i])
		read[i] = 20 + 0.8*pre[i] + 3*float64(arm[i]) + 10*rng.NormFloat64()
		maths[i] = 25 + 0.7*pre[i] + 10*rng.NormFloat64()
	}
	read[3] = math.NaN()
	in := evaluate.Input{
		Title: "Synthetic trial", Design: evaluate.Design(design), Arm: arm, Confidence: 0.95, MonthsTable: "toolkit", CIMethod: "normal",
		Outcomes: []evaluate.Outcome{
			{Column: "read", Label: "Reading", Type: "continuous", Y: read, PreColumn: "pre", Pre: pre},
			{Column: "maths", Label: "Maths", Type: "continuous", Y: maths, PreColumn: "pre", Pre: pre},
		},
		Subgroups: []evaluate.Factor{{Name: "fsm", Codes: fsm, Levels: []string{"N", "Y"}}},
	}
	switch design {
	case "pre-post":
		in.Arm = nil
	case "cluster-rct":
		// 20 classes of 20, alternate classes randomised.
		codes := make([]int32, n)
		levels := make([]string, 20)
		for i := range codes {
			codes[i] = int32(i / 20)
			arm[i] = int8(codes[i] % 2)
		}
		for k := range levels {
			levels[k] = fmt.Sprintf("class%02d", k)
		}
		in.Cluster = &evaluate.Factor{Name: "class", Codes: codes, Levels: levels}
	}
	return in
}

// TestReports_fromRun writes every output of a report made by evaluate.Run,
// so that the reports keep working with what the statistics really produce.
func TestReports_fromRun(t *testing.T) {
	for _, design := range []string{"rct", "two-group", "pre-post", "cluster-rct"} {
		t.Run(design, func(t *testing.T) {
			r, err := evaluate.Run(context.Background(), runInput(design))
			if err != nil {
				t.Fatal(err)
			}
			var js, txt bytes.Buffer
			if err := WriteJSON(&js, r); err != nil {
				t.Fatal(err)
			}
			if err := WriteText(&txt, r, TextOptions{}); err != nil {
				t.Fatal(err)
			}
			h := words.Headlines(r)
			if len(h) < 2 {
				t.Fatalf("want a headline per outcome, got %q", h)
			}
			if design == "pre-post" && !strings.Contains(h[0], "cannot be attributed") {
				t.Errorf("pre-post headline without the caveat: %s", h[0])
			}
			if design != "pre-post" && !strings.Contains(h[0], "free school meals") {
				t.Errorf("no FSM clause: %s", h[0])
			}
			if design == "cluster-rct" {
				if x := words.PrimaryRow(r, "read", "all"); x == nil || x.Analysis != evaluate.AnalysisMultilevel {
					t.Errorf("cluster-rct headline row: %+v", x)
				}
			}
			dir := t.TempDir()
			// Every plot, drawn as SVG and as a PNG at a low resolution
			// (quick; reports/plot checks the full one), embedded in the
			// workbook.
			figs, err := plot.Figures(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(figs) < 2 {
				t.Fatalf("%d plots", len(figs))
			}
			o := workbook.Options{Date: "2026-01-01", Version: "test", PlotPNGs: map[string][]byte{}}
			for _, f := range figs {
				if _, err := f.SVG(); err != nil {
					t.Fatal(err)
				}
				png, err := f.PNGAt(50)
				if err != nil {
					t.Fatal(err)
				}
				o.PlotPNGs[f.Sheet+"/"+f.Name] = png
			}
			if err := workbook.Write(filepath.Join(dir, "r.xlsx"), r, o); err != nil {
				t.Fatal(err)
			}
			if d := os.Getenv("WHATWORKS_SAMPLE_DIR"); d != "" {
				os.WriteFile(filepath.Join(d, "run-"+design+".txt"), txt.Bytes(), 0o644)
				os.WriteFile(filepath.Join(d, "run-"+design+".json"), js.Bytes(), 0o644)
				o.PlotPNGs, _ = plot.Embedded(r, nil) // at full resolution
				workbook.Write(filepath.Join(d, "run-"+design+".xlsx"), r, o)
				plot.Write(filepath.Join(d, "run-"+design+"-plots"), r, nil)
			}
		})
	}
}
