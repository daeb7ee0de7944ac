package designs

import (
	"reflect"
	"testing"
)

// A yes/no column analysed as a score is refused at the outcome (issue 9
// item 7): its mean difference and months' progress mean nothing.
func TestLoad_twoValuedOutcome(t *testing.T) {
	const csv = "id,arm,he,score,grade\n1,Y,1,10,1\n2,Y,0,12,2\n3,Y,1,,2\n4,N,0,9,1\n5,N,0,11,1\n6,N,1,14,2\n"
	design := func(outcome string) string {
		return "title: T\ndesign: two-group\ndata:\n  file: pupils.csv\n  id: id\ngroup:\n  column: arm\n  treated: Y\noutcomes:\n" + outcome
	}
	for _, tc := range []struct {
		name, outcome string
		want          []string
	}{
		{"no type", "  - column: he\n",
			[]string{`design.yaml:10:13: outcome "he" has no type, so it is analysed as a score, but its column in pupils.csv has only two values: 0 and 1 (if it is a yes/no answer, write type: binary under this outcome; if it is a score, check that this is the right column)`}},
		{"continuous", "  - column: he\n    type: continuous\n",
			[]string{`design.yaml:11:11: outcome "he" has type: continuous, but its column in pupils.csv has only two values: 0 and 1 (if it is a yes/no answer, write type: binary under this outcome; if it is a score, check that this is the right column)`}},
		{"1 and 2", "  - column: grade\n",
			[]string{`design.yaml:10:13: outcome "grade" has no type, so it is analysed as a score, but its column in pupils.csv has only two values: 1 and 2 (if it is a yes/no answer, write type: binary under this outcome with positive: 2 (the answer counted as yes); if it is a score, check that this is the right column)`}},
		{"binary", "  - column: he\n    type: binary\n", nil},
		{"binary 1 and 2", "  - column: grade\n    type: binary\n    positive: 2\n", nil},
		{"a score", "  - column: score\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, msgs := loadSurvey(t, design(tc.outcome), csv)
			if !reflect.DeepEqual(msgs, tc.want) {
				t.Errorf("problems\n%q\nwant\n%q", msgs, tc.want)
			}
		})
	}
}
