package designs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadCSV writes data as pupils.csv and src as design.yaml in a fresh
// folder and loads them, returning the evaluation or the problems as text
// with the folder taken out.
func loadCSV(t *testing.T, src, data string) (*Evaluation, []string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pupils.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "design.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path, DesignColumns)
	if err == nil {
		return e, nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, want Problems: %v", err, err)
	}
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	return nil, msgs
}

// groupData is a CSV of pupils whose group and fsm values are the given
// values, each repeated as many times as its count, in turn.
func groupData(group, fsm []string, counts []int) string {
	var b strings.Builder
	b.WriteString("upn,arm,fsm,score\n")
	row := 0
	for i, g := range group {
		for range counts[i] {
			fmt.Fprintf(&b, "P%d,%s,%s,%d\n", row, g, fsm[i%len(fsm)], 90+row%20)
			row++
		}
	}
	return b.String()
}

const typoDesign = `title: t
design: two-group
data: {file: pupils.csv, id: upn}
group:
  column: arm
  treated: [TREATED]
COMPARISON
outcomes:
  - column: score
subgroups: [fsm]
`

func typoSrc(treated, comparison string) string {
	c := ""
	if comparison != "" {
		c = "  comparison: [" + comparison + "]"
	}
	return strings.NewReplacer("TREATED", treated, "COMPARISON", c).Replace(typoDesign)
}

// TestLoad_groupTypos: values that look like a treated or comparison
// value typed differently are errors naming the rows and the value meant
// (issue 15, item 5); values that name groups of their own are not.
func TestLoad_groupTypos(t *testing.T) {
	yn := []string{"Y", "N"}
	tests := []struct {
		name       string
		treated    string
		comparison string
		group      []string
		counts     []int
		want       string // "" for no problem
	}{
		{"lower case y", "Y", "", []string{"Y", "N", "y"}, []int{20, 20, 3},
			`design.yaml:6:13: "y" in column "arm" of pupils.csv (rows 42, 43 and 44) differs from treated value "Y" only in upper and lower case: those pupils would be in the comparison group (did you mean "Y"? correct those rows, or list "y" under treated or comparison if it is a group of its own)`},
		{"Yes for Y", "Y", "", []string{"Y", "N", "Yes"}, []int{20, 20, 2},
			`design.yaml:6:13: "Yes" in column "arm" of pupils.csv (rows 42 and 43) is another way of writing treated value "Y": those pupils would be in the comparison group (did you mean "Y"? correct those rows, or list "Yes" under treated or comparison if it is a group of its own)`},
		{"no for a comparison N", "Y", "N", []string{"Y", "N", "no"}, []int{20, 20, 1},
			`design.yaml:7:16: "no" in column "arm" of pupils.csv (row 42) is another way of writing comparison value "N": those pupils would be left out of both groups (did you mean "N"? correct those rows, or list "no" under treated or comparison if it is a group of its own)`},
		{"one letter away", "Intervention", "", []string{"Intervention", "Control", "Intervnetion"}, []int{20, 20, 1},
			`design.yaml:6:13: "Intervnetion" in column "arm" of pupils.csv (row 42) is one letter away from treated value "Intervention": those pupils would be in the comparison group (did you mean "Intervention"? correct those rows, or list "Intervnetion" under treated or comparison if it is a group of its own)`},
		{"Group B is a group", "Group A", "", []string{"Group A", "Group B"}, []int{20, 3}, ""},
		{"Set2 is a group", "Set1", "", []string{"Set1", "Set2"}, []int{20, 2}, ""},
		{"common values one letter apart are groups", "Trial", "", []string{"Trial", "Trail"}, []int{20, 20}, ""},
		{"n next to N without comparison is comparison anyway", "Y", "", []string{"Y", "N", "n"}, []int{20, 20, 2}, ""},
		{"numbers: 1.0 is treated value 1", "1", "", []string{"1", "0", "1.0"}, []int{20, 20, 2}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := loadCSV(t, typoSrc(tc.treated, tc.comparison), groupData(tc.group, yn, tc.counts))
			got := strings.Join(probs, "\n")
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestLoad_subgroupTypos(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fsm    []string
		counts []int
		want   string
	}{
		{"y next to Y", []string{"Y", "N", "y"}, []int{20, 20, 2},
			`design.yaml:10:13: subgroup "fsm" of pupils.csv has "y" (rows 42 and 43), which differs from "Y" (20 pupils) only in upper and lower case: they would be two subgroups (did you mean "Y"? correct those rows)`},
		{"1.0 next to 1", []string{"1", "0", "1.0"}, []int{20, 20, 1},
			`design.yaml:10:13: subgroup "fsm" of pupils.csv has "1.0" (row 42), which is the same number as "1" (20 pupils): they would be two subgroups (did you mean "1"? correct those rows)`},
		{"two real levels", []string{"Y", "N"}, []int{20, 20}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One group value per block of pupils; fsm from the list.
			data := groupData([]string{"Y", "N", "Y"}[:len(tc.fsm)], tc.fsm, tc.counts)
			_, probs := loadCSV(t, typoSrc("Y", ""), data)
			if got := strings.Join(probs, "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestLoad_leftOutListed: pupils in neither group are listed by value with
// their rows, as a warning (issue 15: check said "1 pupils are in neither
// arm").
func TestLoad_leftOutListed(t *testing.T) {
	data := groupData([]string{"Y", "N", "Maybe", ""}, []string{"Y", "N"}, []int{20, 20, 2, 1})
	e, probs := loadCSV(t, typoSrc("Y", "N"), data)
	if probs != nil {
		t.Fatal(strings.Join(probs, "\n"))
	}
	want := `pupils.csv: 3 pupils are in neither group and will be left out (column "arm": "Maybe" in rows 42 and 43; no value in row 44)`
	if len(e.Warnings) != 1 || e.Warnings[0] != want {
		t.Errorf("warnings %q\nwant %s", e.Warnings, want)
	}
}
