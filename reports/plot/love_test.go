package plot

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

var matchPlotsOut = flag.String("matchplots", "", "write the matching plots as PNG files to this directory (to look at them)")

func TestMatchPlots(t *testing.T) {
	res, _ := testreport.LalondeMatch(t)
	love, err := LovePlot(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := PropensityPlot(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	panels, err := PropensityPanels(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	if len(panels) != 2 || panels[0].Y.Min != panels[1].Y.Min {
		t.Errorf("panels: %d, y ranges differ", len(panels))
	}
	// The thresholds must be visible: the x axis runs from 0 past 0.25.
	if love.X.Min != 0 || love.X.Max < 0.25 {
		t.Errorf("love plot x range %v to %v", love.X.Min, love.X.Max)
	}
	figs := map[string]Figure{
		"love":              {Name: "love", Plot: love, Width: plotWidth, Height: 5 * vg4},
		"propensity":        {Name: "propensity", Plot: ps, Width: plotWidth, Height: 4 * vg4},
		"propensity_panels": {Name: "propensity_panels", Panels: panels, Width: plotWidth * 1.5, Height: 3.5 * vg4},
	}
	for name, fig := range figs {
		checkFigure(t, "match-"+name, fig)
		if *matchPlotsOut != "" {
			b, err := fig.PNG()
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*matchPlotsOut, name+".png"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := LovePlot(nil); err == nil {
		t.Error("LovePlot(nil) gave no error")
	}
	if _, err := PropensityPlot(&evaluate.MatchReport{}); err == nil {
		t.Error("PropensityPlot without scores gave no error")
	}
}

const vg4 = 72 // one inch in vg.Length points
