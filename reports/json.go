package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// SchemaVersion is the version of analyse's JSON layout documented in
// docs/json.md. It changes only when a field is renamed or removed, or its
// meaning changes; new fields do not change it. Version 2: each
// effect-size row carries its comparison's test, d_z's interval is the
// noncentral t, undefined measures are null, months only on g rows, gap
// rows from a declared disadvantaged level (docs/json.md, "Changes to this
// layout").
const SchemaVersion = 2

// PlanSchemaVersion is the version of plan's JSON layout (docs/json.md).
const PlanSchemaVersion = 1

// jsonReport is the top-level JSON object: the report's own fields (from
// the json tags in evaluate/types.go, in their declared order) preceded by
// the versions.
type jsonReport struct {
	Schema  int    `json:"schema_version"`
	Version string `json:"whatworks_version"`
	*evaluate.Report
}

// WriteJSON writes r as one indented JSON object (2 spaces) followed by a
// newline. The output is byte-identical for identical reports: rows keep
// their order in r, maps are written with sorted keys, NaN and infinities
// are written as null and empty lists as [] (never null). docs/json.md
// documents every field.
func WriteJSON(w io.Writer, r *evaluate.Report) error {
	if r == nil {
		return fmt.Errorf("writing JSON: no report")
	}
	c := *r
	if c.Results == nil {
		c.Results = []evaluate.Result{}
	}
	if c.Descriptives == nil {
		c.Descriptives = []evaluate.Descriptive{}
	}
	if c.Balance == nil {
		c.Balance = []evaluate.Balance{}
	}
	if c.Exclusions == nil {
		c.Exclusions = []evaluate.Exclusion{}
	}
	if c.Outcomes == nil {
		c.Outcomes = []evaluate.OutcomeInfo{}
	}
	if c.Scales == nil {
		c.Scales = []evaluate.ScaleReport{}
	}
	if c.Caveats == nil {
		c.Caveats = []string{}
	}
	if c.Flow == nil {
		c.Flow = []evaluate.Flow{}
	}
	if c.Subgroups == nil {
		c.Subgroups = []evaluate.Subgroup{}
	}
	if c.Matching != nil {
		m := *c.Matching
		if m.Settings == nil {
			m.Settings = map[string]string{}
		}
		if m.Warnings == nil {
			m.Warnings = []string{}
		}
		if m.Balance == nil {
			m.Balance = []evaluate.Balance{}
		}
		if m.Model != nil && m.Model.Terms == nil {
			pm := *m.Model
			pm.Terms = []evaluate.Coefficient{}
			m.Model = &pm
		}
		c.Matching = &m
	}
	if math.IsNaN(c.Confidence) || math.IsInf(c.Confidence, 0) {
		return fmt.Errorf("writing JSON: the confidence level is %v, not a number between 0 and 1", c.Confidence)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonReport{Schema: SchemaVersion, Version: words.Version, Report: &c}); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}
