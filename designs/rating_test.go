package designs

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// The allocation:, threats: and rating: blocks (designs/rating.go).

const ratingBlocks = `allocation:
  treated: 120
  comparison: 118
threats:
  contamination: low
  concurrent_interventions: Moderate
  implementation_fidelity: low
  missing_data: low
  measurement: high
  selective_reporting: low
rating:
  wwc_boundary: optimistic
cost:
  per_pupil: 150
`

func TestParse_ratingBlocks(t *testing.T) {
	d, probs := parseIn(t, goodTwoGroup+ratingBlocks)
	if probs != nil {
		t.Fatal(probs)
	}
	if a := d.Allocation; a == nil || *a.Treated != 120 || *a.Comparison != 118 {
		t.Errorf("allocation %+v", d.Allocation)
	}
	want := []evaluate.Threat{{Name: "contamination", Level: "low"}, {Name: "concurrent_interventions", Level: "moderate"},
		{Name: "implementation_fidelity", Level: "low"}, {Name: "missing_data", Level: "low"}, {Name: "measurement", Level: "high"}, {Name: "selective_reporting", Level: "low"}}
	if !reflect.DeepEqual(d.Threats, want) {
		t.Errorf("threats %v, want %v", d.Threats, want)
	}
	if d.Rating.WWCBoundary != "optimistic" {
		t.Errorf("boundary %q", d.Rating.WWCBoundary)
	}
}

func TestParse_ratingBlocksBad(t *testing.T) {
	base := goodTwoGroup // 14 lines
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"allocation not whole", base + "allocation:\n  treated: 12.5\n  comparison: 118\n",
			[]string{`design.yaml:16:12: allocation.treated must be a whole number of pupils, 1 or more, not 12.5 (write the number of pupils allocated to this group before any were lost, e.g. treated: 120)`}},
		{"allocation text", base + "allocation:\n  treated: many\n  comparison: 118\n",
			[]string{`design.yaml:16:12: allocation.treated must be a number, not the text "many" (write it as treated: 120)`}},
		{"allocation without comparison", base + "allocation:\n  treated: 120\n",
			[]string{`design.yaml:15:1: allocation needs comparison (add comparison: followed by the pupils allocated to the comparison group)`}},
		{"allocation misspelt", base + "allocation:\n  treatd: 120\n  comparison: 118\n",
			[]string{`design.yaml:16:3: unknown field "treatd" (did you mean "treated"?)`}},
		{"allocation a number", base + "allocation: 238\n",
			[]string{`design.yaml:15:13: allocation must be a set of fields, not the number 238 (put its fields on the lines below, indented, e.g. treated: 120)`}},
		{"pre-post with comparison", strings.Replace(strings.Replace(base, "design: two-group", "design: pre-post", 1),
			"group:\n  column: intervention\n  treated: [Y]\n  comparison: [N]\n", "", 1) + "allocation:\n  treated: 60\n  comparison: 50\n",
			[]string{`design.yaml:13:3: allocation.comparison does not apply to a pre-post design (remove it: one group has no comparison group)`}},
		{"threat unknown", base + "threats:\n  contamnation: low\n",
			[]string{`design.yaml:16:3: unknown field "contamnation" (did you mean "contamination"?)`}},
		{"threat level unknown", base + "threats:\n  measurement: severe\n",
			[]string{`design.yaml:16:16: unknown threats.measurement "severe" (choose one of: low, moderate, high)`}},
		{"threat without level", base + "threats:\n  measurement:\n",
			[]string{`design.yaml:16:3: threat measurement has no level (rate it low, moderate or high, or remove the line)`}},
		{"boundary unknown", base + "rating:\n  wwc_boundary: liberal\n",
			[]string{`design.yaml:16:17: unknown rating.wwc_boundary "liberal" (choose one of: cautious, optimistic)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := parseIn(t, tc.src)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestLoad_allocation: fewer pupils allocated than the data hold is an
// error naming both numbers, at the number; the allocation reaches
// evaluate.Input.
func TestLoad_allocation(t *testing.T) {
	src := design("pupils.csv") + "allocation:\n  treated: 7\n  comparison: 9\n"
	_, probs := loadIn(t, src, "pupils.csv")
	want := []string{`design.yaml:17:12: allocation.treated: 7 pupils allocated to the programme group, but pupils.csv holds 8 of them (count every pupil allocated before any were lost: it cannot be fewer than the pupils in the data)`}
	if !reflect.DeepEqual(probs, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(want, "\n"))
	}
	src = design("pupils.csv") + "allocation:\n  treated: 10\n  comparison: 9\nthreats:\n  measurement: moderate\nrating:\n  wwc_boundary: optimistic\ncost:\n  per_pupil: 80\n"
	e, probs := loadIn(t, src, "pupils.csv")
	if probs != nil {
		t.Fatal(probs)
	}
	in := e.Input()
	if in.Allocation == nil || *in.Allocation != (evaluate.Allocation{Treated: 10, Comparison: 9}) ||
		!reflect.DeepEqual(in.Threats, []evaluate.Threat{{Name: "measurement", Level: "moderate"}}) ||
		in.WWCBoundary != "optimistic" || in.CostPerPupil == nil || *in.CostPerPupil != 80 {
		t.Errorf("input: allocation %+v, threats %v, boundary %q, cost %v", in.Allocation, in.Threats, in.WWCBoundary, in.CostPerPupil)
	}
}

// TestTemplates_ratingBlocks: every template asks for the allocation, the
// threats and the cost in commented lines that parse once uncommented.
func TestTemplates_ratingBlocks(t *testing.T) {
	key := regexp.MustCompile(`(?m)^# (\s*[a-z_]+:.*)$`)
	for _, kind := range Kinds {
		t.Run(string(kind), func(t *testing.T) {
			src, err := templateFS.ReadFile("templates/" + string(kind) + ".yaml")
			if err != nil {
				t.Fatal(err)
			}
			s := string(src)
			i := strings.Index(s, "\n# allocation:")
			if i < 0 || !strings.Contains(s[i:], "\n# threats:") || !strings.Contains(s[i:], "\n# cost:") {
				t.Fatal("no commented allocation:, threats: and cost: blocks")
			}
			s = s[:i] + key.ReplaceAllString(s[i:], "$1")
			d, probs := parseIn(t, s)
			if probs != nil {
				t.Fatalf("uncommented, the template does not parse:\n%s", strings.Join(probs, "\n"))
			}
			if d.Allocation == nil || d.Allocation.Treated == nil || len(d.Threats) != 6 || d.Cost == nil || d.Cost.PerPupil == nil {
				t.Errorf("allocation %+v, threats %v, cost %+v", d.Allocation, d.Threats, d.Cost)
			}
		})
	}
}
