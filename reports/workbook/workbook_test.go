package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/plot"
	"github.com/whatworks/whatworks/reports/publish"
)

const sampleDesign = `title: Reading Buddies pilot 2025-26
design: rct
data:
  file: pupils.csv
group:
  column: arm
  treated: [buddies]
  comparison: [control]
outcomes:
  - column: ks2_read
    label: Reading
    pretest: ks1_read
  - column: ks2_maths
    label: Maths
    pretest: ks1_maths
subgroups: [fsm]
cost:
  per_pupil: 150
`

// sampleOptions are the workbook options of the golden tests; plots are
// rendered for real unless noPlots.
func sampleOptions(t *testing.T, r *evaluate.Report, dist []plot.Distribution, noPlots bool) Options {
	t.Helper()
	cost := 150.0
	o := Options{
		Design: []byte(sampleDesign), DesignName: "reading-buddies.yaml",
		Inputs: []InputFile{
			{Name: "reading-buddies.yaml", SHA256: "9f2c4e1b8a7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e"},
			{Name: "pupils.csv", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
		},
		Version: "0.1.0-test", Date: "2026-07-20", CostPerPupil: &cost,
	}
	if !noPlots {
		o.PlotPNGs = embedded(t, r, dist)
	}
	return o
}

// embeddedPNGs keeps the plots rendered for the workbooks of this test
// binary (at 300 dpi, as the workbook has them: the goldens record their
// sizes), so that each sample report's plots are drawn once.
var embeddedPNGs = struct {
	sync.Mutex
	m map[string]map[string][]byte
}{m: map[string]map[string][]byte{}}

// embedded is plot.Embedded(r, dist), drawn once per report and
// distributions.
func embedded(t *testing.T, r *evaluate.Report, dist []plot.Distribution) map[string][]byte {
	t.Helper()
	key := fmt.Sprintf("%s|%s|%d", r.Title, r.Design, len(dist))
	embeddedPNGs.Lock()
	defer embeddedPNGs.Unlock()
	if m, ok := embeddedPNGs.m[key]; ok {
		return m
	}
	m, err := plot.Embedded(r, dist)
	if err != nil {
		t.Fatal(err)
	}
	embeddedPNGs.m[key] = m
	return m
}

// dumpWorkbook writes every sheet of the workbook at path as text: the
// frozen panes, merged ranges, pictures, print set-up, and each cell's
// stored value with, where different, the value as displayed.
func dumpWorkbook(t *testing.T, path string, opts ...excelize.Options) string {
	t.Helper()
	f, err := excelize.OpenFile(path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s ==\n", s)
		if p, err := f.GetPanes(s); err == nil && p.Freeze {
			fmt.Fprintf(&b, "frozen: %s\n", p.TopLeftCell)
		}
		pl, err := f.GetPageLayout(s)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "page: size %d, %s, fit %d wide\n", *pl.Size, *pl.Orientation, *pl.FitToWidth)
		if v, err := f.GetSheetView(s, 0); err == nil && v.ShowGridLines != nil && !*v.ShowGridLines {
			b.WriteString("gridlines: off\n")
		}
		merged, err := f.GetMergeCells(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			fmt.Fprintf(&b, "merged: %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
		pics, err := f.GetPictureCells(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pics {
			ps, _ := f.GetPictures(s, c)
			for _, p := range ps {
				fmt.Fprintf(&b, "picture: %s %s (%d bytes)\n", c, p.Format.AltText, len(p.File))
			}
		}
		raw, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range raw {
			for j, v := range row {
				if v == "" {
					continue
				}
				line := fmt.Sprintf("%s = %q", cell(j+1, i+1), v)
				// excelize ignores the conditions of conditional number
				// formats ([<0.001]...): show the format itself instead.
				if fm := numFmt(f, s, cell(j+1, i+1)); strings.HasPrefix(fm, "[") {
					line += fmt.Sprintf(" format %q", fm)
				} else if i < len(shown) && j < len(shown[i]) && shown[i][j] != v {
					line += fmt.Sprintf(" shown %q", shown[i][j])
				}
				b.WriteString(line + "\n")
			}
		}
	}
	return b.String()
}

// published is r under the default publishing rules.
func published(r *evaluate.Report) *evaluate.Report {
	p, _ := publish.Apply(r, publish.Rules{})
	return p
}

func TestWriteWorkbook_golden(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *evaluate.Report
		dist []plot.Distribution
		edit func(*Options)
	}{
		{"rct.xlsx.golden", testreport.RCT(), sampleDistributions(), nil},
		{"prepost.xlsx.golden", testreport.PrePost(), nil, func(o *Options) { o.CostPerPupil = nil }},
		{"rct-suppressed.xlsx.golden", published(testreport.RCT()), nil, func(o *Options) { o.Publish = &publish.Rules{MinCount: 10, Rounding: "none"} }},
		{"matched.xlsx.golden", testreport.Matched(), nil, nil},
		{"survey.xlsx.golden", testreport.Survey(t), nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := sampleOptions(t, c.r, c.dist, c.name == "rct-suppressed.xlsx.golden")
			if c.edit != nil {
				c.edit(&o)
			}
			path := filepath.Join(t.TempDir(), "report.xlsx")
			if err := Write(path, c.r, o); err != nil {
				t.Fatal(err)
			}
			testreport.Golden(t, c.name, []byte(dumpWorkbook(t, path)))
			if dir := os.Getenv("WHATWORKS_SAMPLE_DIR"); dir != "" {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(c.name, ".golden")), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestWriteWorkbook_deterministic(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, sampleDistributions(), false)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	if err := Write(a, r, o); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, r, o); err != nil {
		t.Fatal(err)
	}
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if !bytes.Equal(x, y) {
		t.Fatal("two runs wrote different workbooks")
	}
}

func TestWriteWorkbook_sheetsAndContent(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, nil, true)
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Results,Descriptives,Balance,Method" {
		t.Fatalf("sheets %s", got)
	}
	// Results: one row per JSON row, numbers stored at full precision.
	rows, err := f.GetRows("Results", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < len(r.Results)+1 {
		t.Fatalf("Results has %d rows, want at least %d", len(rows), len(r.Results)+1)
	}
	for i, x := range r.Results {
		row := rows[i+1]
		if row[0] != x.Outcome || row[2] != x.Subgroup || row[3] != string(x.Analysis) || row[4] != string(x.Measure) {
			t.Fatalf("Results row %d is %v, want %s %s %s %s", i+2, row[:5], x.Outcome, x.Subgroup, x.Analysis, x.Measure)
		}
		var est float64
		fmt.Sscan(row[5], &est)
		if math.Abs(est-float64(x.Estimate)) > 1e-12*math.Max(1, math.Abs(est)) {
			t.Fatalf("Results row %d: estimate %s, want %v", i+2, row[5], x.Estimate)
		}
	}
	// p-values below 0.001 are stored as numbers and displayed as "< 0.001"
	// by a conditional number format (checked in LibreOffice: see
	// docs/rendering.md; excelize's own formatter ignores conditions).
	stored, _ := f.GetCellValue("Results", "P7", excelize.Options{RawCellValue: true})
	if fm := numFmt(f, "Results", "P7"); fm != `[<0.001]"< 0.001";0.000` || strings.HasPrefix(stored, "<") {
		t.Errorf("P7 stored %q with format %q; want a number formatted [<0.001]\"< 0.001\";0.000", stored, fm)
	}
	// No Data sheet without IncludeData, even when data is given.
	o.Data = &DataSheet{Header: []string{"upn"}, Rows: [][]any{{"A123"}}}
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	g, _ := excelize.OpenFile(path)
	defer g.Close()
	for _, s := range g.GetSheetList() {
		if s == "Data" {
			t.Fatal("Data sheet written without IncludeData")
		}
	}
}

func TestWriteWorkbook_data(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, nil, true)
	o.IncludeData = true
	o.Data = &DataSheet{Header: []string{"upn", "arm", "ks2_read", "analysed", "excluded_because"},
		Rows: [][]any{{"A1", "buddies", 104.0, true, ""}, {"A2", "control", math.NaN(), false, "outcome missing"}}}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenFile(path)
	defer f.Close()
	rows, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"upn", "arm", "ks2_read", "analysed", "excluded_because"}, {"A1", "buddies", "104", "TRUE"}, {"A2", "control", "", "FALSE", "outcome missing"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Fatalf("Data sheet\n got %v\nwant %v", rows, want)
	}
}

func TestWriteWorkbook_password(t *testing.T) {
	r := testreport.RCT()
	o := sampleOptions(t, r, nil, true)
	o.Password = "governors-only"
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.OpenFile(path); err == nil {
		t.Fatal("encrypted workbook opened without its password")
	}
	if _, err := excelize.OpenFile(path, excelize.Options{Password: "wrong"}); err == nil {
		t.Fatal("encrypted workbook opened with the wrong password")
	}
	plain := filepath.Join(t.TempDir(), "plain.xlsx")
	o.Password = ""
	if err := Write(plain, r, o); err != nil {
		t.Fatal(err)
	}
	if a, b := dumpWorkbook(t, path, excelize.Options{Password: "governors-only"}), dumpWorkbook(t, plain); a != b {
		t.Fatal("the encrypted workbook's content differs from the plain one")
	}
}

func TestWriteWorkbook_atomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := testreport.RCT()
	o := sampleOptions(t, r, nil, true)
	o.PlotPNGs = map[string][]byte{"Summary/bad": []byte("not a png")}
	err := Write(path, r, o)
	if err == nil || !strings.Contains(err.Error(), "not a PNG") {
		t.Fatalf("got %v, want an error about the bad image", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatal("a failed write touched the existing file")
	}
	// Success replaces it and keeps its permissions; no temporary files remain.
	o.PlotPNGs = nil
	if err := Write(path, r, o); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d files, want 1 (temporary files left?)", len(entries))
	}
	if err := Write(filepath.Join(dir, "report.xls"), r, o); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Fatalf("got %v, want an error about the .xlsx name", err)
	}
	if err := Write(filepath.Join(dir, "missing", "report.xlsx"), r, o); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}

func TestCostText(t *testing.T) {
	p := func(x float64) *float64 { return &x }
	for _, c := range []struct {
		cost *float64
		want string
	}{
		{nil, "No cost given: add cost.per_pupil"}, {p(0), "£: very low"}, {p(79.99), "£: very low"}, {p(80), "££: low"}, {p(200), "££: low"},
		{p(200.01), "£££: moderate"}, {p(720), "£££: moderate"}, {p(1200), "££££: high"}, {p(1200.5), "£££££: very high"},
		{p(-1), "Not rated"}, {p(math.NaN()), "Not rated"},
	} {
		if got := costText(c.cost); !strings.HasPrefix(got, c.want) {
			t.Errorf("costText(%v) = %q, want prefix %q", c.cost, got, c.want)
		}
	}
	if got := poundsText(1234.5); got != "1,234.50" {
		t.Errorf("poundsText(1234.5) = %q", got)
	}
}

func TestKeyConclusions_threeToFive(t *testing.T) {
	r := testreport.RCT()
	r.Caveats = append(r.Caveats, "a", "b", "c")
	k := keyConclusions(r)
	if len(k) != 5 || !strings.Contains(k[4], "Method sheet") {
		t.Fatalf("got %d conclusions: %q", len(k), k)
	}
}

// numFmt is the custom number format of a cell, or "".
func numFmt(f *excelize.File, sheet, c string) string {
	id, err := f.GetCellStyle(sheet, c)
	if err != nil || id == 0 {
		return ""
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestWriteWorkbook_nativeCharts(t *testing.T) {
	r := testreport.RCT()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, r, sampleOptions(t, r, nil, true)); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/charts/chart") {
			continue
		}
		charts++
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		x := string(data)
		for _, want := range []string{"<barChart>", `<barDir val="col"`, `<grouping val="clustered"`, "Descriptives", "0072B2", "E69F00"} {
			if !strings.Contains(x, want) {
				t.Errorf("%s lacks %s", f.Name, want)
			}
		}
	}
	if charts != 2 {
		t.Fatalf("%d charts, want one per outcome (2)", charts)
	}
}

// sampleDistributions are testreport.Scores as the box plots take them.
func sampleDistributions() []plot.Distribution {
	var out []plot.Distribution
	for _, s := range testreport.Scores() {
		out = append(out, plot.Distribution{Outcome: s.Outcome, Label: s.Label, Treated: s.Treated, Comparison: s.Comparison})
	}
	return out
}

// TestSuppressSmall_ratings: with small counts suppressed, a small
// group's rating gives no count of pupils: its rows' notes on the Results
// sheet, its steps on the Summary and Method sheets, its flow diagram.
func TestSuppressSmall_ratings(t *testing.T) {
	r := testreport.RCT()
	eight, nine := 8, 9
	r.Results = append(r.Results, evaluate.Result{Outcome: "ks2_maths", Subgroup: "fsm=Y", Analysis: evaluate.AnalysisRating,
		Measure: evaluate.MeasureAttritionOverall, Estimate: 0.1, NTreated: &eight, NComparison: &nine,
		Note: "Overall attrition was 10.0% (2 of 19 pupils)", SE: evaluate.NaN, CILow: evaluate.NaN, CIHigh: evaluate.NaN,
		CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN, DF: evaluate.NaN, Statistic: evaluate.NaN, PValue: evaluate.NaN,
		PAdjusted: evaluate.NaN, PValueExact: evaluate.NaN, ImprovementIndex: evaluate.NaN})
	o := sampleOptions(t, r, nil, true)
	o.Publish = &publish.Rules{MinCount: 10, Rounding: "none"}
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, published(r), o); err != nil {
		t.Fatal(err)
	}
	dump := dumpWorkbook(t, path)
	for _, leak := range []string{"2 of 19 pupils", "8 and 9 pupils"} {
		if strings.Contains(dump, leak) {
			t.Errorf("the suppressed workbook says %q", leak)
		}
	}
	if !strings.Contains(dump, "withheld") {
		t.Error("the small group's rating note is not marked withheld")
	}

	// The flow diagram of an outcome with a small arm is left out.
	r.Flow[1].Arms[1].Analysed = 8
	b := &book{r: r, o: Options{Publish: &publish.Rules{}, SmallN: 10}}
	if !b.flowWithheld("flow-ks2-maths") || b.flowWithheld("flow-ks2-read") || b.flowWithheld("forest") {
		t.Error("flowWithheld: want only flow-ks2-maths withheld")
	}
	b.o.Publish = nil
	if b.flowWithheld("flow-ks2-maths") {
		t.Error("flowWithheld without suppression")
	}
}
