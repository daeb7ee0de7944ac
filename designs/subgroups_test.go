package designs

import (
	"reflect"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// The subgroup object form (issue 9 item 5): a column with its
// disadvantaged level and a label, beside the short form.
func TestLoad_subgroupDeclaration(t *testing.T) {
	const csv = "id,arm,score,lunch1,sen\n1,Y,10,free,N\n2,Y,12,paid,Y\n3,Y,13,free,N\n4,N,9,paid,N\n5,N,11,free,Y\n6,N,14,paid,N\n"
	design := func(subgroups string) string {
		return "title: T\ndesign: two-group\ndata:\n  file: pupils.csv\n  id: id\ngroup:\n  column: arm\n  treated: Y\noutcomes:\n  - score\nsubgroups:\n" + subgroups
	}
	e, msgs := loadSurvey(t, design("  - column: lunch1\n    disadvantaged: free\n    label: pupils eligible for free school meals\n  - sen\n"), csv)
	if msgs != nil {
		t.Fatal(msgs)
	}
	if !reflect.DeepEqual(e.Design.Subgroups, []string{"lunch1", "sen"}) {
		t.Errorf("subgroups %q", e.Design.Subgroups)
	}
	in := e.Input()
	want := []evaluate.Subgroup{{Column: "lunch1", Disadvantaged: "free", Label: "pupils eligible for free school meals"}}
	if !reflect.DeepEqual(in.SubgroupInfo, want) || len(in.Subgroups) != 2 {
		t.Errorf("input subgroups %+v, info %+v", in.Subgroups, in.SubgroupInfo)
	}
	for _, tc := range []struct {
		name, subgroups string
		want            []string
	}{
		{"a level not in the data", "  - column: lunch1\n    disadvantaged: Fre\n",
			[]string{`design.yaml:13:20: disadvantaged level "Fre" never occurs in column "lunch1" of pupils.csv (did you mean "free"? its values are: "free", "paid")`}},
		{"a label without a level", "  - column: lunch1\n    label: pupils on free meals\n",
			[]string{`design.yaml:13:5: label names the disadvantaged level of subgroup "lunch1", but none is given (add disadvantaged: LEVEL, the level the label names)`}},
		{"no column", "  - disadvantaged: free\n",
			[]string{`design.yaml:12:5: a subgroup written as a set of fields needs column: (add column: NAME, the column of the data holding the groups)`}},
		{"a column not in the data", "  - column: lunch\n    disadvantaged: free\n",
			[]string{`design.yaml:12:13: column "lunch" is not in pupils.csv (did you mean "lunch1"?)`}},
		{"an unknown field", "  - column: lunch1\n    disadvantage: free\n",
			[]string{`design.yaml:13:5: unknown field "disadvantage" (did you mean "disadvantaged"?)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, msgs := loadSurvey(t, design(tc.subgroups), csv)
			if !reflect.DeepEqual(msgs, tc.want) {
				t.Errorf("problems\n%q\nwant\n%q", msgs, tc.want)
			}
		})
	}
}
