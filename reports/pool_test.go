package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
)

func TestWritePoolText_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.PoolReport
	}{{"pool-schools.txt", testreport.Pool(t)}, {"pool-funnel.txt", testreport.Funnel(t)}} {
		var b bytes.Buffer
		if err := WritePoolText(&b, c.r); err != nil {
			t.Fatal(err)
		}
		testreport.Golden(t, c.name, b.Bytes())
		for _, l := range strings.Split(b.String(), "\n") {
			if n := len([]rune(l)); n > poolWidth {
				t.Errorf("%s: a line of %d columns:\n%s", c.name, n, l)
			}
		}
	}
}

// The JSON keeps analyse's promises: the same bytes twice, null for NaN,
// [] for empty lists, the versions and the command first.
func TestWritePoolJSON(t *testing.T) {
	r := testreport.Pool(t)
	var a, b bytes.Buffer
	if err := WritePoolJSON(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WritePoolJSON(&b, testreport.Pool(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs give different JSON")
	}
	if !strings.HasPrefix(a.String(), "{\n  \"schema_version\": 1,\n  \"whatworks_version\": ") || !strings.Contains(a.String(), `"command": "pool"`) {
		t.Errorf("JSON starts %q", a.String()[:80])
	}
	var doc map[string]any
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"headline", "results", "studies", "small_study_effects", "caveats"} {
		if doc[f] == nil {
			t.Errorf("no %q", f)
		}
	}
	if e := doc["small_study_effects"].(map[string]any); e["p_value"] != nil || e["note"] == "" {
		t.Errorf("Egger with 6 studies: %v, want null with a note", e)
	}
	empty := &evaluate.PoolReport{Confidence: 0.95, Studies: []evaluate.PoolStudyResult{{Study: "a"}}}
	b.Reset()
	if err := WritePoolJSON(&b, empty); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"results": []`, `"caveats": []`, `"moderators": []`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("empty lists: no %s in\n%s", want, b.String())
		}
	}
}
