package reports

import (
	"bytes"
	"encoding/csv"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

var matchPlotsOut = flag.String("matchplots", "", "write the matching plots as PNG files to this directory (to look at them)")

// lalondeMatch matches MatchIt's lalonde data (fixtures/matching) with a
// caliper, as a realistic report for the plots.
func lalondeMatch(t testing.TB) (*evaluate.MatchResult, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "fixtures", "matching", "lalonde.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) []string {
		j := -1
		for k, h := range recs[0] {
			if h == name {
				j = k
			}
		}
		out := make([]string, len(recs)-1)
		for i, r := range recs[1:] {
			out[i] = r[j]
		}
		return out
	}
	num := func(name string) []float64 {
		s := col(name)
		out := make([]float64, len(s))
		for i, v := range s {
			out[i], err = strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	race := col("race")
	levels := []string{"black", "hispan", "white"}
	fr := &evaluate.Factor{Name: "race", Levels: levels, Codes: make([]int32, len(race))}
	for i, v := range race {
		fr.Codes[i] = int32(sort.SearchStrings(levels, v))
	}
	tr := num("treat")
	arm := make([]int8, len(tr))
	for i, v := range tr {
		arm[i] = int8(v)
	}
	in := evaluate.Input{Arm: arm, Matching: &evaluate.MatchSpec{
		Covariates: []evaluate.Variable{
			{Name: "age", Num: num("age")}, {Name: "educ", Num: num("educ")},
			{Name: "race", Factor: fr}, {Name: "married", Num: num("married")},
			{Name: "nodegree", Num: num("nodegree")}, {Name: "re74", Num: num("re74")},
			{Name: "re75", Num: num("re75")},
		},
		Caliper: 0.2,
	}}
	res, err := evaluate.Match(in)
	if err != nil {
		t.Fatal(err)
	}
	return res, recs
}

func TestMatchPlots(t *testing.T) {
	res, _ := lalondeMatch(t)
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
		b, err := fig.PNG()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if w := img.Bounds().Dx(); w < 1000 {
			t.Errorf("%s: %d pixels wide", name, w)
		}
		if *matchPlotsOut != "" {
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
