package main

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadOutputs is the output half of the bad-input catalogue (issue 15,
// items 1, 2 and 8): outputs that would replace an input or another
// output, or that cannot be written, are refused before anything runs
// (exit 2), and the folder — inputs and all — is byte-identical afterwards.
func TestBadOutputs(t *testing.T) {
	xlsxData := func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, "pupils.xlsx"), string(xlsxBytes(t, "Sheet1", goodRows, "")))
		write(t, filepath.Join(dir, "design.yaml"), xlsxDesign(""))
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string) // after design.yaml and pupils.csv are written
		args  []string                       // DIR/ is replaced by the folder
		code  int
		want  []string
		// maxStderr is the longest standard error may be (0: 4,000 bytes).
		maxStderr int
	}{
		// Item 1: never overwrite an input, or one output with another.
		{name: "--json onto the data file", args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/pupils.csv"}, code: 2,
			want: []string{"--json DIR/pupils.csv: that is the data file this run reads (DIR/pupils.csv); whatworks never writes over its inputs: choose another name"}},
		{name: "-o onto an xlsx data file", setup: xlsxData, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/pupils.xlsx"}, code: 2,
			want: []string{"-o DIR/pupils.xlsx: that is the data file this run reads"}},
		{name: "--json onto the design file", args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/design.yaml"}, code: 2,
			want: []string{"--json DIR/design.yaml: that is the design file this run reads"}},
		{name: "--plots onto the design file", args: []string{"analyse", "DIR/design.yaml", "--plots", "DIR/design.yaml"}, code: 2,
			want: []string{"--plots DIR/design.yaml: that is the design file"}},
		{name: "-o and --json the same file", args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/same.xlsx", "--json", "DIR/same.xlsx"}, code: 2,
			want: []string{"-o DIR/same.xlsx: --json writes that file too: give each output its own name"}},
		{name: "-o a symbolic link to the data", setup: func(t *testing.T, dir string) {
			xlsxData(t, dir)
			link(t, filepath.Join(dir, "pupils.xlsx"), filepath.Join(dir, "report.xlsx"))
		}, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/report.xlsx"}, code: 2, want: []string{"that is the data file"}},
		{name: "--json through a linked folder", setup: func(t *testing.T, dir string) { link(t, dir, filepath.Join(dir, "alias")) },
			args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/alias/pupils.csv"}, code: 2, want: []string{"that is the data file"}},
		{name: "the default workbook is the data file", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "d-report.xlsx"), string(xlsxBytes(t, "Sheet1", goodRows, "")))
			write(t, filepath.Join(dir, "d.yaml"), strings.Replace(goodDesign, "pupils.csv", "d-report.xlsx", 1))
		}, args: []string{"analyse", "DIR/d.yaml"}, code: 2, want: []string{"the workbook DIR/d-report.xlsx: that is the data file"}},
		{name: "match -o onto the data file", args: []string{"match", "DIR/design.yaml", "-o", "DIR/pupils.csv"}, code: 2,
			want: []string{"-o DIR/pupils.csv: that is the data file"}},

		// Item 2: every output checked before the analysis.
		{name: "-o not .xlsx", args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "-o", "DIR/report.xls"}, code: 2,
			want: []string{"-o DIR/report.xls: the workbook's name must end in .xlsx"}},
		{name: "-o into a missing folder", args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "-o", "DIR/nope/report.xlsx"}, code: 2,
			want: []string{"-o DIR/nope/report.xlsx: folder DIR/nope does not exist (create it first)"}},
		{name: "-o a folder", setup: func(t *testing.T, dir string) { mkdir(t, filepath.Join(dir, "r.xlsx")) },
			args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "-o", "DIR/r.xlsx"}, code: 2,
			want: []string{"-o DIR/r.xlsx: that is a folder, not a file"}},
		{name: "--plots a file", setup: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "notes.txt"), "mine") },
			args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "--plots", "DIR/notes.txt"}, code: 2,
			want: []string{"--plots DIR/notes.txt: that is a file, not a folder"}},
		{name: "--plots under a file", setup: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "notes.txt"), "mine") },
			args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "--plots", "DIR/notes.txt/plots"}, code: 2,
			want: []string{"cannot make this folder: DIR/notes.txt is not a folder"}},
		{name: "a plot's name is taken by a folder", setup: func(t *testing.T, dir string) { mkdir(t, filepath.Join(dir, "plots", "forest.png")) },
			args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "--plots", "DIR/plots"}, code: 2,
			want: []string{"--plots DIR/plots/forest.png: that is a folder, not a file"}},
		{name: "--json a device", args: []string{"analyse", "DIR/design.yaml", "--json", os.DevNull}, code: 2,
			want: []string{"--json " + os.DevNull + ": that is not a regular file"}},
		{name: "--include-data beyond the sheet's rows", args: []string{"analyse", "DIR/design.yaml", "--json", "DIR/out.json", "--include-data"}, code: 2,
			want: []string{"--include-data: DIR/pupils.csv has 6 pupils but a worksheet holds at most 5: leave out --include-data"}},
		{name: "effect --json a folder", setup: func(t *testing.T, dir string) { mkdir(t, filepath.Join(dir, "out")) },
			args: []string{"effect", "--n-t", "50", "--mean-t", "10", "--sd-t", "2", "--n-c", "50", "--mean-c", "9", "--sd-c", "2", "--json", "DIR/out"}, code: 2,
			want: []string{"--json DIR/out: that is a folder, not a file"}},
		{name: "init over a design file", args: []string{"init", "DIR"}, code: 2,
			want: []string{"DIR/design.yaml: already exists (whatworks never overwrites it"}},
		{name: "demo into a folder of yours", args: []string{"demo", "DIR"}, code: 2,
			want: []string{"DIR is not empty and holds no earlier demo: the demo needs a new or empty folder"}},

		// Item 8: text too long for the workbook is a design error, in
		// check and analyse alike.
		{name: "a 40,000-character title", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "design.yaml"), strings.Replace(goodDesign, "Bad input test", strings.Repeat("x", 40000), 1))
		}, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/out.xlsx"}, code: 3,
			want: []string{"DIR/design.yaml:1:8: the title is 40,000 characters long (at most 200)"}},
		{name: "a 5,000-character label", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "design.yaml"), strings.Replace(goodDesign, "    pretest:", "    label: "+strings.Repeat("é", 5000)+"\n    pretest:", 1))
		}, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/out.xlsx"}, code: 3,
			want: []string{"DIR/design.yaml:11:12: the outcome label is 5,000 characters long (at most 200)"}},
		{name: "a 5 MB cell", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "pupils.csv"), strings.Replace(goodCSV, "2,Y,N,100,104", "2,Y,N,"+strings.Repeat("9", 5_000_000)+"x,104", 1))
		}, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/out.xlsx"}, code: 3,
			want: []string{`DIR/pupils.csv, row 3, column "reading_pre": "9999999999999999999999999999999999999999…" (5,000,001 characters) is not a number`}},
		{name: "a 5 MB treated value", setup: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "design.yaml"), strings.Replace(goodDesign, "treated: [Y]", "treated: ["+strings.Repeat("Y", 5_000_000)+"]", 1))
		}, args: []string{"analyse", "DIR/design.yaml", "-o", "DIR/out.xlsx"}, code: 3,
			want: []string{`DIR/design.yaml:8:`, `(5,000,000 characters) never occurs in column "intervention"`}},
	}
	defer func(n int) { maxDataRows = n }(maxDataRows)
	maxDataRows = 5
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "design.yaml"), goodDesign)
			write(t, filepath.Join(dir, "pupils.csv"), goodCSV)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			before := snapshot(t, dir)
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "whatworks-tmp") || strings.Contains(stderr, "panic") || strings.Contains(stdout, "panic") {
				t.Errorf("stderr names a temporary file or panicked:\n%s", stderr)
			}
			if max := cmp.Or(tc.maxStderr, 4000); len(stderr) > max {
				t.Errorf("standard error is %d bytes long (at most %d): %s", len(stderr), max, clipped(stderr))
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestCheckAndAnalyseAgree: what check finds unusable, analyse refuses
// with exit 3 and the same words (issue 15, item 4), writing nothing.
func TestCheckAndAnalyseAgree(t *testing.T) {
	const binDesign = "title: Binary\ndesign: two-group\ndata:\n  file: pupils.csv\ngroup:\n  column: intervention\n  treated: [Y]\n" +
		"outcomes:\n  - column: passed\n    type: binary\n"
	const matched = "title: Matched\ndesign: matched\ndata:\n  file: pupils.csv\ngroup:\n  column: intervention\n  treated: [Y]\n" +
		"outcomes:\n  - column: reading_post\nmatching:\n  covariates: [reading_pre]\n  distance: mahalanobis\n  caliper: 0.2\n"
	cases := []struct {
		name, design, csv string
		want              []string
	}{
		{"one pupil per arm", goodDesign, "upn,intervention,fsm,reading_pre,reading_post\n1,Y,Y,90,95\n2,N,N,100,104\n",
			[]string{"cannot analyse: the intervention arm has 1 pupil (at least 2 are needed", "cannot analyse: the comparison arm has 1 pupil"}},
		{"a binary outcome all 1", binDesign, "intervention,passed\nY,1\nY,1\nY,1\nN,1\nN,1\nN,1\n",
			[]string{`cannot analyse: outcome "passed" has the same value for every pupil (or none)`}},
		{"a constant outcome", goodDesign, strings.NewReplacer(",95\n", ",100\n", ",104\n", ",100\n", ",99\n", ",100\n", ",93\n", ",100\n", ",101\n", ",100\n").Replace(goodCSV),
			[]string{`cannot analyse: outcome "reading_post" has the same value for every pupil (or none)`}},
		{"one outcome value in an arm", goodDesign, strings.NewReplacer("93\n", "NA\n", "100\n", "NA\n").Replace(goodCSV),
			[]string{`cannot analyse outcome "reading_post": 1 comparison pupil has a value (at least 2 are needed)`}},
		{"a caliper with Mahalanobis distance", matched, goodCSV,
			[]string{"design.yaml:13:12: matching.caliper needs a propensity score, but distance is mahalanobis (remove the caliper, or use distance: logit"}},
		{"a 40,000-character title", strings.Replace(goodDesign, "Bad input test", strings.Repeat("x", 40000), 1), goodCSV,
			[]string{"design.yaml:1:8: the title is 40,000 characters long (at most 200)"}},
		{"a 201-character label", strings.Replace(goodDesign, "    pretest:", "    label: "+strings.Repeat("y", 201)+"\n    pretest:", 1), goodCSV,
			[]string{"design.yaml:11:12: the outcome label is 201 characters long (at most 200)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			design := filepath.Join(dir, "design.yaml")
			write(t, design, tc.design)
			write(t, filepath.Join(dir, "pupils.csv"), tc.csv)
			before := snapshot(t, dir)
			cCode, cOut, cErr := runCLI(t, "check", design)
			aCode, _, aErr := runCLI(t, "analyse", design, "-o", filepath.Join(dir, "out.xlsx"), "--json", filepath.Join(dir, "out.json"))
			if cCode != exitUnusable || aCode != exitUnusable {
				t.Errorf("exit codes: check %d, analyse %d; want %d\ncheck: %s\nanalyse: %s", cCode, aCode, exitUnusable, clipped(cErr), clipped(aErr))
			}
			for _, w := range tc.want {
				if !strings.Contains(cOut+cErr, w) {
					t.Errorf("check does not say %q:\n%s%s", w, clipped(cOut), clipped(cErr))
				}
				if !strings.Contains(aErr, w) {
					t.Errorf("analyse does not say %q:\n%s", w, clipped(aErr))
				}
			}
			if len(cErr) > 1000 || len(aErr) > 1000 {
				t.Errorf("messages of %d and %d bytes", len(cErr), len(aErr))
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func clipped(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}
