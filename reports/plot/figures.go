package plot

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/outputs"
	"github.com/whatworks/whatworks/reports/words"
)

// AddPlan adds to s the plan's figures (the power curve) as dir/NAME.png
// (DPI) and dir/NAME.svg, rendered when s is committed, and returns their
// paths. dir must have been added to s with AddDir; what names it in
// messages (e.g. "--plots").
func AddPlan(s *outputs.Set, dir, what string, r *evaluate.PlanReport) ([]string, error) {
	f, err := PowerCurvePlot(r)
	if err != nil {
		return nil, err
	}
	return AddFigures(s, dir, what, []Figure{f})
}

// AddFigures adds each figure to s as dir/NAME.png (DPI) and dir/NAME.svg,
// rendered when s is committed (a PNG already rendered for the workbook is
// not rendered again), and returns their paths in order. dir must have
// been added to s with AddDir; what names it in messages (e.g. "--plots").
func AddFigures(s *outputs.Set, dir, what string, figs []Figure) ([]string, error) {
	var files []string
	for _, f := range figs {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(dir, f.Name+ext)
			render := f.PNG
			if ext == ".svg" {
				render = f.SVG
			}
			err := s.Add(path, what, func(_ context.Context, w io.Writer) error {
				b, err := render()
				if err != nil {
					return err
				}
				_, err = w.Write(b)
				return err
			})
			if err != nil {
				return nil, err
			}
			files = append(files, path)
		}
	}
	return files, nil
}

// EmbedFigures renders each figure as a PNG (DPI) for the workbook, keyed
// "SHEET/NAME" as the workbook's Options.PlotPNGs expects.
func EmbedFigures(figs []Figure) (map[string][]byte, error) {
	m := map[string][]byte{}
	for _, f := range figs {
		png, err := f.PNG()
		if err != nil {
			return nil, err
		}
		m[f.Sheet+"/"+f.Name] = png
	}
	return m, nil
}

// Figures builds the standard plots of r: the forest plot of effect sizes
// (when there are any), for each outcome the before-and-after means (when
// there are descriptives; for a yes/no outcome the shares of each group
// with it instead), for each entry of dist the box plots of the outcome by
// arm, for each questionnaire scale the Likert chart of its answers, for
// each outcome the flow of its pupils from allocation to analysis (r.Flow),
// and for a matched design the Love plot and, when the match has
// propensity scores, their distributions before and after.
func Figures(r *evaluate.Report, dist []Distribution) ([]Figure, error) {
	var figs []Figure
	if f, ok, err := ForestPlot(r); err != nil {
		return nil, err
	} else if ok {
		figs = append(figs, f)
	}
	for _, o := range words.Outcomes(r) {
		if words.OutcomeType(r, o) == evaluate.TypeBinary {
			continue // the shares with the outcome: ProportionsPlot
		}
		f, ok, err := BeforeAfterPlot(r, o)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	for _, d := range dist {
		f, ok, err := DistributionPlot(d)
		if err != nil {
			return nil, err
		}
		if ok {
			figs = append(figs, f)
		}
	}
	// Yes/no outcomes and questionnaire scales (survey.go).
	sf, err := surveyFigures(r)
	if err != nil {
		return nil, err
	}
	figs = append(figs, sf...)
	// Each outcome's flow of pupils from allocation to analysis (flow.go),
	// for the Summary sheet.
	for _, fl := range r.Flow {
		if f, ok := FlowDiagram(r, fl); ok {
			figs = append(figs, f)
		}
	}
	// Matched designs: the Love plot and the propensity-score panels
	// (love.go, propensity.go), for the Matching sheet.
	if m := r.Matching; m != nil {
		if len(m.Balance) > 0 {
			p, err := LovePlot(m)
			if err != nil {
				return nil, err
			}
			rows := max(len(m.Balance)/2, 1)
			h := vg.Length(1.6)*vg.Inch + vg.Length(rows)*0.3*vg.Inch
			figs = append(figs, Figure{Name: "love-plot", Sheet: "Matching", Plot: p, Width: plotWidth, Height: h})
		}
		if anyScore(m.PS) {
			// Without any score (Mahalanobis matching whose propensity
			// model could not be fitted, say on collinear covariates)
			// there is nothing to draw; the matching's warnings say why.
			ps, err := PropensityPanels(m)
			if err != nil {
				return nil, err
			}
			figs = append(figs, Figure{Name: "propensity", Sheet: "Matching", Panels: ps, Width: plotWidth + vg.Inch, Height: 4 * vg.Inch})
		}
	}
	return shared(figs), nil
}

// Embedded renders Figures(r, dist) as PNGs for the workbook, keyed
// "SHEET/NAME" as the workbook's Options.PlotPNGs expects.
func Embedded(r *evaluate.Report, dist []Distribution) (map[string][]byte, error) {
	figs, err := Figures(r, dist)
	if err != nil {
		return nil, err
	}
	return EmbedFigures(figs)
}

// PoolFigures are the plots of a pooling: the forest plot (for the
// Summary sheet) and, with 10 or more studies, the funnel plot (for the
// Moderators sheet).
func PoolFigures(r *evaluate.PoolReport) ([]Figure, error) {
	f, err := PoolForestPlot(r)
	if err != nil {
		return nil, err
	}
	figs := []Figure{f}
	if r.Funnel != nil {
		fn, err := PoolFunnelPlot(r)
		if err != nil {
			return nil, err
		}
		figs = append(figs, fn)
	}
	return shared(figs), nil
}

// AddPool adds every figure of PoolFigures(r) to s as dir/NAME.png (DPI)
// and dir/NAME.svg, rendered when s is committed, and returns their paths.
// dir must have been added to s with AddDir.
func AddPool(s *outputs.Set, dir, what string, r *evaluate.PoolReport) ([]string, error) {
	figs, err := PoolFigures(r)
	if err != nil {
		return nil, err
	}
	return AddFigures(s, dir, what, figs)
}

// PoolEmbedded renders PoolFigures(r) as PNGs for the workbook, keyed
// "SHEET/NAME" as the workbook's Options.PlotPNGs expects.
func PoolEmbedded(r *evaluate.PoolReport) (map[string][]byte, error) {
	figs, err := PoolFigures(r)
	if err != nil {
		return nil, err
	}
	return EmbedFigures(figs)
}

// Add adds to s every figure of Figures(r, dist) as dir/NAME.png (DPI)
// and dir/NAME.svg, each rendered when s is committed, and returns their
// paths in order. dir must have been added to s with AddDir.
func Add(s *outputs.Set, dir, what string, r *evaluate.Report, dist []Distribution) ([]string, error) {
	figs, err := Figures(r, dist)
	if err != nil {
		return nil, fmt.Errorf("drawing the plots: %w", err)
	}
	return AddFigures(s, dir, what, figs)
}

// Write writes every figure of Figures(r, dist) into dir (created if
// needed) as NAME.png (300 dpi) and NAME.svg, all or none, and returns the
// paths written, in order.
func Write(dir string, r *evaluate.Report, dist []Distribution) ([]string, error) {
	var s outputs.Set
	if err := s.AddDir(dir, ""); err != nil {
		return nil, err
	}
	files, err := Add(&s, dir, "", r, dist)
	if err != nil {
		return nil, err
	}
	if _, err := s.Commit(context.Background()); err != nil {
		return nil, err
	}
	return files, nil
}

// anyScore reports whether any propensity score was estimated.
func anyScore(ps []float64) bool {
	for _, v := range ps {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}
