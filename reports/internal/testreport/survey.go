package testreport

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// Survey is the report of the widening-participation example
// (fixtures/examples/summer-school: a matched design with a yes/no outcome
// and a questionnaire scale before and after), read from the JSON that
// whatworks analyse writes for it, which cmd/whatworks'
// TestExample_summerSchool keeps up to date.
func Survey(t testing.TB) *evaluate.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(), "fixtures", "examples", "summer-school", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r evaluate.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}
