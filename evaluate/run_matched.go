package evaluate

import "errors"

// matched adds the matched-sample rows of a matched design (Match, then
// MatchedRows) and the matching report.
func (r *runner) matched() error {
	return errors.New("matched designs: matching is not available yet")
}
