package designs

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/outputs"
)

// The commented design files that whatworks init writes, one per kind.
//
//go:embed templates/*.yaml
var templateFS embed.FS

// Names of the files WriteTemplate writes, and of the data sheets.
const (
	TemplateDesign = "design.yaml"
	TemplateData   = "pupils.xlsx"
	// DataSheet is the template workbook's sheet for pupils;
	// InstructionsSheet explains how to fill it in.
	DataSheet         = "Pupils"
	InstructionsSheet = "Instructions"
)

// templateRows is how many rows of the Pupils sheet carry drop-downs and
// number checks.
const templateRows = 10000

// templateColumn is one column of the data-entry template.
type templateColumn struct {
	name    string
	kind    string // id | group | text | score | yesno | likert
	width   float64
	about   string // what to type, for the Instructions sheet
	example [3]string
}

var (
	colID = templateColumn{"pupil_id", "id", 14,
		"A code for each pupil, such as their UPN or your own code (P001, P002, …). Each pupil once. Do not type names: the reports never need them.",
		[3]string{"P001", "P002", "P003"}}
	colGroup = templateColumn{"intervention", "group", 14,
		"Y for pupils in the programme group, N for pupils in the comparison group. Choose from the drop-down list.",
		[3]string{"Y", "N", "Y"}}
	colSchool = templateColumn{"school", "text", 22,
		"The pupil's school (or class): the unit that was put into a group at random. Spell each school the same way every time.",
		[3]string{"Ash Primary", "Birch Academy", "Ash Primary"}}
	colPre = templateColumn{"reading_pre", "score", 14,
		"The pupil's reading score from the test taken before the programme started. Numbers only. Leave the cell blank if the pupil missed the test.",
		[3]string{"92", "101", "87"}}
	colPost = templateColumn{"reading_post", "score", 14,
		"The pupil's reading score from the same kind of test, taken after the programme ended. Numbers only. Leave the cell blank if the pupil missed the test (do not type 0).",
		[3]string{"99", "104", ""}}
	colFSM = templateColumn{"fsm", "yesno", 8,
		"Y if the pupil is eligible for free school meals, N if not.",
		[3]string{"Y", "N", "N"}}
	colEAL = templateColumn{"eal", "yesno", 8,
		"Y if English is an additional language for the pupil, N if not.",
		[3]string{"N", "N", "Y"}}
	colSEND = templateColumn{"send", "yesno", 8,
		"Y if the pupil has special educational needs or a disability (SEND), N if not.",
		[3]string{"N", "Y", "N"}}
	// Optional outcomes, commented out in the design file: a yes/no one
	// and a three-item questionnaire before and after.
	colPassed = templateColumn{"passed", "yesno", 9,
		"Optional, a yes/no outcome: Y if the pupil reached the expected standard after the programme, N if not (see design.yaml to use it).",
		[3]string{"Y", "N", ""}}
	colLikert = []templateColumn{
		likertColumn("q1_pre", "before", "I enjoy reading", [3]string{"Agree", "Disagree", "Neither agree nor disagree"}),
		likertColumn("q2_pre", "before", "I read at home", [3]string{"Strongly agree", "Disagree", "Agree"}),
		likertColumn("q3_pre", "before", "Reading is boring (worded the other way: scored in reverse)", [3]string{"Disagree", "Agree", "Neither agree nor disagree"}),
		likertColumn("q1_post", "after", "I enjoy reading", [3]string{"Strongly agree", "Neither agree nor disagree", "Agree"}),
		likertColumn("q2_post", "after", "I read at home", [3]string{"Agree", "Disagree", "Agree"}),
		likertColumn("q3_post", "after", "Reading is boring (worded the other way: scored in reverse)", [3]string{"Strongly disagree", "Agree", "Disagree"}),
	}
)

// LikertLevels are the answers of the template's questionnaire items,
// lowest first, as its design file's scales: list them.
var LikertLevels = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// likertColumn is an optional questionnaire item of the template.
func likertColumn(name, when, statement string, ex [3]string) templateColumn {
	return templateColumn{name, "likert", 16,
		fmt.Sprintf("Optional, a questionnaire item %s the programme: \"%s\". Choose the pupil's answer from the drop-down list (Strongly disagree to Strongly agree); leave it blank if they did not answer.", when, statement),
		ex}
}

// withOptional adds the optional outcome columns to a design's columns.
func withOptional(cols []templateColumn, yesNo bool) []templateColumn {
	out := append([]templateColumn(nil), cols...)
	if yesNo {
		out = append(out, colPassed)
	}
	return append(out, colLikert...)
}

// templateColumns lists the template's columns for each design kind.
var templateColumns = map[evaluate.Design][]templateColumn{
	PrePost:    withOptional([]templateColumn{colID, colPre, colPost, colFSM, colEAL, colSEND}, false),
	TwoGroup:   withOptional([]templateColumn{colID, colGroup, colPre, colPost, colFSM, colEAL, colSEND}, true),
	RCT:        withOptional([]templateColumn{colID, colGroup, colPre, colPost, colFSM, colEAL, colSEND}, true),
	ClusterRCT: withOptional([]templateColumn{colID, colSchool, colGroup, colPre, colPost, colFSM, colEAL, colSEND}, true),
	Matched:    withOptional([]templateColumn{colID, colGroup, colPre, colPost, colFSM, colEAL, colSEND}, true),
}

// templateAbout says in a sentence what each design is.
var templateAbout = map[evaluate.Design]string{
	PrePost:    "one group of pupils tested before and after the programme",
	TwoGroup:   "pupils who had the programme compared with pupils who did not",
	RCT:        "pupils put into the programme group or the comparison group at random",
	ClusterRCT: "whole schools or classes put into the programme group or the comparison group at random",
	Matched:    "each pupil who had the programme compared with a similar pupil who did not",
}

// WriteTemplate writes a starting point for an evaluation of the given
// design kind into dir: design.yaml, a commented design file, and
// pupils.xlsx, a data-entry workbook whose Pupils sheet has the columns the
// design names (with drop-downs for Y/N columns and number checks on
// scores) and whose Instructions sheet explains each column in plain
// English. designType "" means two-group. dir is created if needed.
// Existing files are never overwritten: if either file exists nothing is
// written and the error, naming the file, satisfies errors.Is(err,
// fs.ErrExist). Both files are written or neither (an outputs.Set:
// temporary files, then renamed). It returns the paths written.
func WriteTemplate(dir, designType string) ([]string, error) {
	files, err := TemplateFiles(designType)
	if err != nil {
		return nil, err
	}
	var set outputs.Set
	if err := set.AddDir(dir, ""); err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		data := f.Data
		err := set.AddNew(path, "", func(_ context.Context, w io.Writer) error { _, err := w.Write(data); return err })
		if errors.Is(err, fs.ErrExist) {
			return nil, existsError(path)
		}
		if err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if _, err := set.Commit(context.Background()); err != nil {
		var ue *outputs.UsageError
		if errors.As(err, &ue) && errors.Is(err, fs.ErrExist) {
			return nil, existsError(ue.Path)
		}
		return nil, err
	}
	return paths, nil
}

// existsError is the refusal to overwrite path; errors.Is(err,
// fs.ErrExist) holds for it.
func existsError(path string) error { return &fileExistsError{path} }

type fileExistsError struct{ path string }

func (e *fileExistsError) Error() string {
	return e.path + " already exists (whatworks init never overwrites a file: choose another folder, or move the file away first)"
}

func (e *fileExistsError) Unwrap() error { return fs.ErrExist }

// templateKind returns the design kind named by s ("" = two-group).
func templateKind(s string) (evaluate.Design, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return TwoGroup, nil
	}
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	hint := hint.DidYouMean(s, evaluate.DesignNames())
	if hint == "" {
		hint = "choose one of: " + strings.Join(evaluate.DesignNames(), ", ")
	}
	return "", fmt.Errorf("unknown design %q (%s)", s, hint)
}

// templateWorkbook builds the data-entry workbook for a design kind.
func templateWorkbook(kind evaluate.Design) ([]byte, error) {
	cols := templateColumns[kind]
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", InstructionsSheet); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(DataSheet); err != nil {
		return nil, err
	}
	if err := templatePupils(f, cols); err != nil {
		return nil, err
	}
	if err := templateInstructions(f, kind, cols); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// templatePupils lays out the Pupils sheet: header, widths, frozen header,
// drop-downs and number checks.
func templatePupils(f *excelize.File, cols []templateColumn) error {
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	names := make([]any, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	if err := f.SetSheetRow(DataSheet, "A1", &names); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(DataSheet, "A1", last+"1", header); err != nil {
		return err
	}
	if err := f.SetPanes(DataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := printOnePageWide(f, DataSheet, "landscape"); err != nil {
		return err
	}
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(DataSheet, name, name, c.width); err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, templateRows+1)
		switch c.kind {
		case "group", "yesno":
			if err := dv.SetDropList([]string{"Y", "N"}); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "Y or N", "Type Y or N, or choose from the list. Leave the cell blank if you do not know.")
		case "likert":
			if err := dv.SetDropList(LikertLevels); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "One of the five answers",
				"Choose the answer from the list (Strongly disagree to Strongly agree). Leave the cell blank if the pupil did not answer.")
		case "score":
			if err := dv.SetRange(-1000000.0, 1000000.0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "A number", "Type the score as a number, e.g. 104. Leave the cell blank if the pupil missed the test.")
		case "id", "text":
			if err := dv.SetRange(1, 100, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "Too long", "Keep this to 100 characters or fewer.")
		}
		dv.SetInput(c.name, shorten(c.about, 250))
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// shorten cuts s to at most n characters at a word boundary (Excel limits
// input messages to 255 characters).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut + "…"
}

// templateInstructions writes the Instructions sheet.
func templateInstructions(f *excelize.File, kind evaluate.Design, cols []templateColumn) error {
	const sh = InstructionsSheet
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	example, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return err
	}
	row := 1
	put := func(cell string, v any, style int) error {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	line := func(text string, style int) error {
		err := put(fmt.Sprintf("A%d", row), text, style)
		row++
		return err
	}
	if err := line("How to fill in this workbook", title); err != nil {
		return err
	}
	row++
	steps := []string{
		fmt.Sprintf("This workbook holds the pupil data for the evaluation described in %s, in the same folder. Its design is %s: %s.", TemplateDesign, kind, templateAbout[kind]),
		fmt.Sprintf("1. Go to the %s sheet. Type one row per pupil, starting in row 2. Row 1 holds the column names: leave them as they are, or change %s to match if you rename one.", DataSheet, TemplateDesign),
		"2. Leave a cell blank when you do not know the value, for example when a pupil missed a test. Do not type 0, a dash or \"absent\" for a missing score.",
		"3. Columns with a drop-down list take Y or N, or one of a questionnaire's five answers. Score columns take numbers only. Pasted values are not checked by Excel, but whatworks checks them. The optional columns (a yes/no outcome, questionnaire items) are used once you turn them on in design.yaml; otherwise leave them empty.",
		"4. Pupil data is personal data: keep this file safe, use pupil codes rather than names, and share only the reports whatworks makes, which do not list pupils.",
		fmt.Sprintf("5. Save the workbook with the same name (%s, as an Excel Workbook) and run:   whatworks check %s", TemplateData, TemplateDesign),
		"whatworks then tells you how many pupils are in each group, what is missing, and whether the evaluation can run.",
	}
	for _, s := range steps {
		if err := f.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row)); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, 32); err != nil {
			return err
		}
		if err := line(s, wrap); err != nil {
			return err
		}
	}
	row++
	for i, h := range []string{"Column", "What to type", "Example"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := put(cell, h, bold); err != nil {
			return err
		}
	}
	row++
	for _, c := range cols {
		if err := put(fmt.Sprintf("A%d", row), c.name, bold); err != nil {
			return err
		}
		if err := put(fmt.Sprintf("B%d", row), c.about, wrap); err != nil {
			return err
		}
		if err := put(fmt.Sprintf("C%d", row), c.example[0], wrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(sh, row, 32); err != nil {
			return err
		}
		row++
	}
	row++
	if err := f.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row)); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, row, 20); err != nil {
		return err
	}
	if err := line(fmt.Sprintf("Example only: three made-up pupils, to show the layout. Do not type your pupils here; use the %s sheet.", DataSheet), bold); err != nil {
		return err
	}
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := put(cell, c.name, bold); err != nil {
			return err
		}
	}
	row++
	for r := 0; r < 3; r++ {
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := put(cell, c.example[r], example); err != nil {
				return err
			}
		}
		row++
	}
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 16}, {"B", 70}, {"C", 16}} {
		if err := f.SetColWidth(sh, w.col, w.col, w.width); err != nil {
			return err
		}
	}
	return printOnePageWide(f, sh, "portrait")
}

// printOnePageWide sets a sheet to print on A4, as many pages tall as it
// needs but one page wide, so nothing is cut off at the right.
func printOnePageWide(f *excelize.File, sheet, orientation string) error {
	size, one, zero, fit := 9, 1, 0, true // 9 = A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
