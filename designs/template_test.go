package designs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/xuri/excelize/v2"
)

// wantHeaders are the Pupils sheet's columns for each design kind.
var wantHeaders = map[evaluate.Design][]string{
	PrePost:    append([]string{"pupil_id", "reading_pre", "reading_post", "fsm", "eal", "send"}, likertItems...),
	TwoGroup:   append([]string{"pupil_id", "intervention", "reading_pre", "reading_post", "fsm", "eal", "send", "passed"}, likertItems...),
	RCT:        append([]string{"pupil_id", "intervention", "reading_pre", "reading_post", "fsm", "eal", "send", "passed"}, likertItems...),
	ClusterRCT: append([]string{"pupil_id", "school", "intervention", "reading_pre", "reading_post", "fsm", "eal", "send", "passed"}, likertItems...),
	Matched:    append([]string{"pupil_id", "intervention", "reading_pre", "reading_post", "fsm", "eal", "send", "passed"}, likertItems...),
}

// likertItems are the template's optional questionnaire columns.
var likertItems = []string{"q1_pre", "q2_pre", "q3_pre", "q1_post", "q2_post", "q3_post"}

// turnOnOptional removes the "# " that comments out the template's
// optional outcomes, direction and scales, and its allocation, threats, cost and
// rating blocks, as its comments tell the user to.
func turnOnOptional(src string) string {
	lines := strings.Split(src, "\n")
	after := false // the outcomes: field and what follows it
	for i, l := range lines {
		after = after || l == "outcomes:"
		if strings.HasPrefix(l, "    # direction:") {
			lines[i] = strings.Replace(l, "# ", "", 1)
		}
		for _, block := range []string{"# scales:", "# allocation:", "# threats:", "# cost:", "# rating:", "# publish:"} {
			if strings.HasPrefix(l, block) {
				l = strings.TrimPrefix(l, "# ")
				lines[i] = l
			}
		}
		if strings.HasPrefix(l, "# subgroups:") {
			// The long form replaces the short one.
			for k := range i {
				if strings.HasPrefix(lines[k], "subgroups:") {
					lines[k] = "# " + lines[k]
				}
			}
			lines[i] = strings.TrimPrefix(l, "# ")
		}
		if after && strings.HasPrefix(l, "#   ") {
			lines[i] = strings.TrimPrefix(l, "# ")
		}
	}
	return strings.Join(lines, "\n")
}

func TestWriteTemplate(t *testing.T) {
	for _, kind := range Kinds {
		t.Run(string(kind), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "new", "eval")
			written, err := WriteTemplate(dir, string(kind))
			if err != nil {
				t.Fatal(err)
			}
			designPath, dataPath := filepath.Join(dir, "design.yaml"), filepath.Join(dir, "pupils.xlsx")
			if !reflect.DeepEqual(written, []string{designPath, dataPath}) {
				t.Errorf("written = %v", written)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 2 {
				t.Errorf("folder holds %d files, want 2 (no temporary files left)", len(ents))
			}

			// The design parses as it is, and is of the kind asked for.
			src, err := os.ReadFile(designPath)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseBytes(designPath, src)
			if err != nil {
				t.Fatalf("template design does not parse:\n%v", err)
			}
			if d.Design != kind || d.Data.File != "pupils.xlsx" || d.Data.Sheet != "Pupils" {
				t.Errorf("design %q, file %q, sheet %q", d.Design, d.Data.File, d.Data.Sheet)
			}

			// Every column the design names is in the workbook's header.
			f, err := excelize.OpenFile(dataPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Instructions", "Pupils"}) {
				t.Errorf("sheets = %v", got)
			}
			rows, err := f.GetRows("Pupils")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || !reflect.DeepEqual(rows[0], wantHeaders[kind]) {
				t.Fatalf("Pupils rows = %q, want only the header %q", rows, wantHeaders[kind])
			}
			header := map[string]bool{}
			for _, h := range rows[0] {
				header[h] = true
			}
			for _, c := range designColumns(d) {
				if !header[c] {
					t.Errorf("design names column %q, not in the template's header", c)
				}
			}

			// Drop-downs on Y/N columns, number checks on scores.
			dvs, err := f.GetDataValidations("Pupils")
			if err != nil {
				t.Fatal(err)
			}
			byCol := map[string]*excelize.DataValidation{}
			for _, dv := range dvs {
				col := strings.TrimRight(strings.SplitN(dv.Sqref, ":", 2)[0], "0123456789")
				byCol[col] = dv
			}
			for i, h := range wantHeaders[kind] {
				col, _ := excelize.ColumnNumberToName(i + 1)
				dv := byCol[col]
				if dv == nil {
					t.Errorf("column %s (%s) has no data validation", col, h)
					continue
				}
				if want := fmt.Sprintf("%s2:%s10001", col, col); dv.Sqref != want {
					t.Errorf("column %s validation covers %s, want %s", h, dv.Sqref, want)
				}
				switch h {
				case "intervention", "fsm", "eal", "send", "passed":
					if dv.Type != "list" || dv.Formula1 != `"Y,N"` {
						t.Errorf("column %s: validation %s %s, want a Y/N drop-down", h, dv.Type, dv.Formula1)
					}
				case "reading_pre", "reading_post":
					if dv.Type != "decimal" || dv.Operator != "between" {
						t.Errorf("column %s: validation %s %s, want a number check", h, dv.Type, dv.Operator)
					}
				case "q1_pre", "q1_post":
					if dv.Type != "list" || dv.Formula1 != `"Strongly disagree,Disagree,Neither agree nor disagree,Agree,Strongly agree"` {
						t.Errorf("column %s: validation %s %s, want a drop-down of the five answers", h, dv.Type, dv.Formula1)
					}
				}
				if !dv.AllowBlank || dv.ShowInputMessage != true || dv.PromptTitle == nil || *dv.PromptTitle != h {
					t.Errorf("column %s: blanks must be allowed and the prompt name the column: %+v", h, dv)
				}
			}
			panes, err := f.GetPanes("Pupils")
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("header not frozen: %+v %v", panes, err)
			}
			if w, _ := f.GetColWidth("Pupils", "A"); w != 14 {
				t.Errorf("column A width %v", w)
			}
			instr, err := f.GetRows("Instructions")
			if err != nil || len(instr) < 10 || !strings.Contains(instr[0][0], "How to fill in") {
				t.Errorf("Instructions sheet: %q %v", instr, err)
			}
			text := fmt.Sprint(instr)
			for _, want := range []string{"whatworks check design.yaml", "personal data", "Example only", "Leave a cell blank"} {
				if !strings.Contains(text, want) {
					t.Errorf("Instructions do not say %q", want)
				}
			}

			// Before any pupils are typed in, Load says there is no data.
			if _, err := Load(designPath, DesignColumns); err == nil {
				t.Errorf("Load of the empty template succeeded")
			}

			// Once pupils are typed in, the pair loads.
			fillTemplate(t, dataPath, wantHeaders[kind], 24)
			e, err := Load(designPath, DesignColumns)
			if err != nil {
				t.Fatalf("Load after filling in the template:\n%v", err)
			}
			in := e.Input()
			if len(in.Outcomes) != 1 || len(in.Outcomes[0].Y) != 24 || in.Outcomes[0].Pre == nil {
				t.Errorf("outcomes: %+v", in.Outcomes)
			}
			if kind == PrePost {
				if in.Arm != nil {
					t.Errorf("pre-post has arms")
				}
			} else {
				var n [2]int
				for _, a := range in.Arm {
					if a == evaluate.Excluded {
						t.Fatalf("pupil excluded: %v", in.Arm)
					}
					n[a]++
				}
				if n[0] != 12 || n[1] != 12 {
					t.Errorf("arms %v, want 12 and 12", n)
				}
			}
			if kind == ClusterRCT && (in.Cluster == nil || len(in.Cluster.Levels) != 4) {
				t.Errorf("cluster: %+v", in.Cluster)
			}
			if kind == Matched && (in.Matching == nil || len(in.Matching.Covariates) != 4) {
				t.Errorf("matching: %+v", in.Matching)
			}

			// With the optional outcomes turned on, the yes/no answers and
			// the questionnaire scores load and analyse.
			on := turnOnOptional(string(src))
			if err := os.WriteFile(designPath, []byte(on), 0o644); err != nil {
				t.Fatal(err)
			}
			e, err = Load(designPath, DesignColumns)
			if err != nil {
				t.Fatalf("Load with the optional outcomes:\n%v\n%s", err, on)
			}
			in = e.Input()
			if want := []evaluate.Subgroup{{Column: "fsm", Disadvantaged: "Y", Label: "pupils eligible for free school meals"}}; !reflect.DeepEqual(in.SubgroupInfo, want) {
				t.Errorf("subgroup declaration %+v, want %+v", in.SubgroupInfo, want)
			}
			want := 2
			if kind != PrePost {
				want = 3
			}
			if len(in.Outcomes) != want || len(in.Scales) != 2 {
				t.Fatalf("%d outcomes and %d scales, want %d and 2", len(in.Outcomes), len(in.Scales), want)
			}
			att := in.Outcomes[want-1]
			if att.Type != evaluate.TypeOrdinal || att.Scale != "attitudes_post" || att.PreScale != "attitudes_pre" || math.IsNaN(att.Y[0]) {
				t.Errorf("questionnaire outcome %+v", att)
			}
			if kind != PrePost && (in.Outcomes[1].Type != evaluate.TypeBinary || in.Outcomes[1].Y[0] != 1 || in.Outcomes[1].Y[1] != 0) {
				t.Errorf("yes/no outcome %+v", in.Outcomes[1])
			}
			if in.Outcomes[0].Direction != evaluate.DirectionLower {
				t.Errorf("direction %q", in.Outcomes[0].Direction)
			}
			if p := e.Design.Publish; p == nil || p.MinCount != 10 {
				t.Errorf("publish block %+v, want min_count 10", p)
			}
			if _, err := evaluate.Run(t.Context(), in); err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
}

// fillTemplate types n made-up pupils into the template's Pupils sheet, as
// a user would: arms alternate, four schools with two per arm, scores as
// numbers, Y/N flags.
func fillTemplate(t *testing.T, path string, header []string, n int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schools := []string{"Ash", "Birch", "Cedar", "Damson"}
	for i := 0; i < n; i++ {
		school := i % 4
		row := make([]any, len(header))
		for j, h := range header {
			switch h {
			case "pupil_id":
				row[j] = fmt.Sprintf("P%03d", i+1)
			case "school":
				row[j] = schools[school]
			case "intervention":
				row[j] = map[bool]string{true: "Y", false: "N"}[school%2 == 0]
			case "reading_pre":
				row[j] = 90 + (i*7)%20
			case "reading_post":
				row[j] = 95 + float64((i*11)%23)/2
			case "fsm":
				row[j] = map[bool]string{true: "Y", false: "N"}[i%3 == 0]
			case "eal":
				row[j] = map[bool]string{true: "Y", false: "N"}[i%4 == 1]
			case "send":
				row[j] = map[bool]string{true: "Y", false: "N"}[i%5 == 2]
			case "passed":
				row[j] = map[bool]string{true: "Y", false: "N"}[i%3 != 1]
			case "q1_pre", "q2_pre", "q3_pre", "q1_post", "q2_post", "q3_post":
				k := (i*3 + j) % 5
				if strings.HasSuffix(h, "post") && k < 4 {
					k++
				}
				row[j] = LikertLevels[k]
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Pupils", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestWriteTemplate_refusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteTemplate(dir, "rct"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "design.yaml"))
	written, err := WriteTemplate(dir, "pre-post")
	want := filepath.Join(dir, "design.yaml") + " already exists (whatworks init never overwrites a file: choose another folder, or move the file away first)"
	if err == nil || err.Error() != want || written != nil || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second WriteTemplate = %v, %v; want %s", written, err, want)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "design.yaml"))
	if !bytes.Equal(before, after) {
		t.Errorf("design.yaml was changed")
	}

	// Only the workbook exists: nothing is written, and the message names it.
	dir2 := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir2, "pupils.xlsx"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = WriteTemplate(dir2, "")
	if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir2, "pupils.xlsx")+" already exists") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir2, "design.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("design.yaml written although pupils.xlsx exists")
	}
	if b, _ := os.ReadFile(filepath.Join(dir2, "pupils.xlsx")); string(b) != "mine" {
		t.Errorf("pupils.xlsx was changed")
	}
}

func TestWriteTemplate_badKind(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	for _, tt := range []struct{ kind, want string }{
		{"rtc", `unknown design "rtc" (did you mean "rct"?)`},
		{"survey", `unknown design "survey" (choose one of: pre-post, two-group, rct, cluster-rct, matched)`},
	} {
		_, err := WriteTemplate(dir, tt.kind)
		if err == nil || err.Error() != tt.want {
			t.Errorf("WriteTemplate(%q) = %v, want %s", tt.kind, err, tt.want)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("folder created for a bad design kind")
	}
}

func TestWriteTemplate_defaultAndCase(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteTemplate(filepath.Join(dir, "a"), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteTemplate(filepath.Join(dir, "b"), "Two-Group"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a", "design.yaml"))
	b, _ := os.ReadFile(filepath.Join(dir, "b", "design.yaml"))
	if !bytes.Equal(a, b) || !bytes.Contains(a, []byte("design: two-group")) {
		t.Errorf("default design is not two-group")
	}
	// Same input, same workbook, byte for byte.
	a, _ = os.ReadFile(filepath.Join(dir, "a", "pupils.xlsx"))
	b, _ = os.ReadFile(filepath.Join(dir, "b", "pupils.xlsx"))
	if !bytes.Equal(a, b) {
		t.Errorf("two runs wrote different workbooks")
	}
}
