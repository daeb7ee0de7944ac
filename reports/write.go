package reports

import (
	"context"
	"io"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/outputs"
)

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
