package reports

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/internal/outputs"
)

// WriteWorkbook writes the workbook of WriteWorkbookTo to path (which must
// end in .xlsx) through an outputs.Set: on failure no file is left and an
// existing file is replaced only on success.
func WriteWorkbook(path string, r *evaluate.Report, o WorkbookOptions) error {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return fmt.Errorf("%s: the workbook's name must end in .xlsx", path)
	}
	return writeOne(path, func(ctx context.Context, w io.Writer) error { return WriteWorkbookTo(ctx, w, r, o) })
}

// WriteMatchedCSV writes the matched sample of WriteMatchedCSVTo to path
// through an outputs.Set (a temporary file in the same folder, renamed over
// path when complete). The pupil rows are personal data: this is written
// only when asked for (whatworks match -o).
func WriteMatchedCSV(path string, header []string, row func(i int) []string, res *evaluate.MatchResult) error {
	return writeOne(path, func(_ context.Context, w io.Writer) error { return WriteMatchedCSVTo(w, header, row, res) })
}

func writeOne(path string, write outputs.WriteFunc) error {
	var s outputs.Set
	if err := s.Add(path, "", write); err != nil {
		return err
	}
	_, err := s.Commit(context.Background())
	return err
}

// AddPlots adds to s every figure of Figures(r, dist) as dir/NAME.png (300
// dpi) and dir/NAME.svg, each rendered when s is committed, and returns
// their paths in order. dir must have been added to s with AddDir.
func AddPlots(s *outputs.Set, dir, what string, r *evaluate.Report, dist []Distribution) ([]string, error) {
	figs, err := Figures(r, dist)
	if err != nil {
		return nil, fmt.Errorf("drawing the plots: %w", err)
	}
	var files []string
	for _, f := range figs {
		for _, ext := range []string{".png", ".svg"} {
			path := filepath.Join(dir, f.Name+ext)
			render := f.PNG
			if ext == ".svg" {
				render = f.SVG
			}
			err := s.Add(path, what, func(ctx context.Context, w io.Writer) error {
				b, err := render()
				if err != nil {
					return fmt.Errorf("drawing %s: %w", f.Name, err)
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

// WritePlots writes every figure of Figures(r, dist) into dir (created if
// needed) as NAME.png (300 dpi) and NAME.svg, all or none, and returns the
// paths written, in order.
func WritePlots(dir string, r *evaluate.Report, dist []Distribution) ([]string, error) {
	var s outputs.Set
	if err := s.AddDir(dir, ""); err != nil {
		return nil, err
	}
	files, err := AddPlots(&s, dir, "", r, dist)
	if err != nil {
		return nil, err
	}
	if _, err := s.Commit(context.Background()); err != nil {
		return nil, err
	}
	return files, nil
}
