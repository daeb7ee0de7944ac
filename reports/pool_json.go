package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// PoolSchemaVersion is the version of the pool command's JSON layout
// (docs/json.md, "The pool JSON"). It changes only when a field is renamed
// or removed, or its meaning changes.
const PoolSchemaVersion = 1

// jsonPool is the top-level object of the pool JSON: the versions, the
// command, then the report's own fields.
type jsonPool struct {
	Schema  int    `json:"schema_version"`
	Version string `json:"whatworks_version"`
	Command string `json:"command"`
	*evaluate.PoolReport
}

// WritePoolJSON writes r as one indented JSON object (2 spaces) followed
// by a newline, with the promises of WriteJSON: the same report gives the
// same bytes, NaN and infinities are null, empty lists are [].
func WritePoolJSON(w io.Writer, r *evaluate.PoolReport) error {
	if r == nil {
		return fmt.Errorf("writing JSON: no report")
	}
	if math.IsNaN(r.Confidence) || math.IsInf(r.Confidence, 0) {
		return fmt.Errorf("writing JSON: the confidence level is %v, not a number between 0 and 1", r.Confidence)
	}
	c := *r
	if c.Results == nil {
		c.Results = []evaluate.PoolRow{}
	}
	if c.Caveats == nil {
		c.Caveats = []string{}
	}
	c.Studies = append([]evaluate.PoolStudyResult{}, c.Studies...)
	for i := range c.Studies {
		if c.Studies[i].Moderators == nil {
			c.Studies[i].Moderators = []evaluate.PoolField{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonPool{Schema: PoolSchemaVersion, Version: words.Version, Command: "pool", PoolReport: &c}); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}
