package pool

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/manifest"
)

// results is one evaluation's whatworks results (analyse --json), reduced
// to the study it contributes: its headline effect on one outcome.
type results struct {
	path   string
	report evaluate.Report
	row    *evaluate.Result
	// others are the labels of the outcomes not pooled, when the first of
	// several was taken for want of --outcome.
	others []string
}

// resultsFile is the JSON that analyse writes (reports.WriteJSON).
type resultsFile struct {
	Schema  *int   `json:"schema_version"`
	Version string `json:"whatworks_version"`
	Command string `json:"command"`
	evaluate.Report
}

// readResults reads whatworks results and picks the outcome's headline row.
func readResults(path string, data []byte, outcome string) (*results, error) {
	fail := func(err error, h string) error { return &table.DataError{File: path, Err: err, Hint: h} }
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var rf resultsFile
	if err := json.Unmarshal(data, &rf); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, fail(fmt.Errorf("is not valid JSON (line %d: %v)", line, se), "pass the file that whatworks analyse --json wrote, unchanged")
		}
		return nil, fail(fmt.Errorf("is not whatworks results: %v", err), "pass the file that whatworks analyse --json wrote, unchanged")
	}
	if rf.Command == "pool" {
		return nil, fail(errors.New("is the JSON of whatworks pool (a pooling), not one evaluation's results"),
			"pass the files it was made from, or each evaluation's whatworks analyse --json results")
	}
	if rf.Schema == nil || rf.Results == nil {
		return nil, fail(errors.New("is JSON but not whatworks results (it has no schema_version or results)"),
			"pass the file that whatworks analyse --json wrote, or a CSV of the studies' effect sizes")
	}
	// Versions 1 and 2 differ only in fields pool does not read (each
	// headline's estimate, SE and counts mean the same in both).
	if *rf.Schema != 1 && *rf.Schema != 2 {
		return nil, fail(fmt.Errorf("is whatworks results of schema version %d, which this whatworks (schema 1 or 2) cannot read", *rf.Schema),
			"use the version of whatworks that wrote it, or write it again with this one")
	}
	res := &results{path: path, report: rf.Report}
	r := &res.report
	var outs []string
	label := map[string]string{}
	for _, x := range r.Results {
		if _, ok := label[x.Outcome]; !ok {
			outs = append(outs, x.Outcome)
		}
		if x.Label != "" || label[x.Outcome] == "" {
			label[x.Outcome] = x.Label
		}
	}
	if len(r.Outcomes) > 0 {
		// The design's outcomes, not the balance rows (age, propensity
		// score) that share the results.
		declared := map[string]bool{}
		for _, info := range r.Outcomes {
			declared[info.Column] = true
			if label[info.Column] == "" {
				label[info.Column] = info.Label
			}
		}
		outs = slices.DeleteFunc(outs, func(o string) bool { return !declared[o] })
	}
	if len(outs) == 0 {
		return nil, fail(errors.New("has no results"), "run whatworks analyse on the evaluation first")
	}
	o := outs[0]
	if outcome != "" {
		o = ""
		for _, c := range outs {
			if strings.EqualFold(c, outcome) || strings.EqualFold(label[c], outcome) {
				o = c
				break
			}
		}
		if o == "" {
			h := "its outcomes are " + hint.Quote(outs, 8)
			if d := hint.DidYouMean(outcome, outs); d != "" {
				h = d
			}
			return nil, fail(fmt.Errorf("has no outcome %q (--outcome)", outcome), h)
		}
	}
	if r.Design == evaluate.DesignPrePost {
		return nil, fail(errors.New("is a pre-post evaluation: its g_av measures how much one group changed, which includes the progress pupils make anyway, so it is not an effect of the programme that can be pooled"),
			"pool evaluations that compared the programme's pupils with a comparison group")
	}
	row := evaluate.EffectSizeRow(r, o, evaluate.SubgroupAll)
	if row == nil {
		if h := evaluate.HeadlineRow(r, o, evaluate.SubgroupAll); h != nil && h.Measure == evaluate.MeasureRankBiserial {
			return nil, fail(fmt.Errorf("gives the outcome %q as a rank-biserial correlation (ordered answers to one question), which is not on the scale of the other evaluations' effect sizes", o),
				"pool a scale score (scales: in the design), which is also analysed as a score, or leave this outcome out")
		}
		return nil, fail(fmt.Errorf("has no effect size for the outcome %q (no Hedges' g could be computed)", o),
			"look at the evaluation's results: the outcome may have too few pupils")
	}
	if se := float64(row.SE); !(se > 0) || math.IsInf(se, 0) {
		return nil, fail(fmt.Errorf("gives the effect size of %q (%s, %s) without a standard error", o, row.Analysis, row.Measure),
			"write the results again with this version of whatworks")
	}
	res.row = row
	if outcome == "" {
		for _, c := range outs[1:] {
			l := label[c]
			if l == "" {
				l = c
			}
			res.others = append(res.others, l)
		}
	}
	return res, nil
}

// studies is the evaluation as one study: its title, its headline effect,
// and its design and outcome as moderators.
func (res *results) studies(rd *reader) []evaluate.PoolStudy {
	r, x := &res.report, res.row
	name := strings.TrimSpace(r.Title)
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(res.path), filepath.Ext(res.path))
	}
	outcome := x.Outcome
	if x.Label != "" {
		outcome = x.Label
	}
	se := float64(x.SE)
	s := evaluate.PoolStudy{
		Name: name, Outcome: outcome, Source: filepath.Base(res.path),
		Input: fmt.Sprintf("whatworks results (%s %s)", x.Analysis, x.Measure),
		Yi:    float64(x.Estimate), Vi: se * se, NTreated: x.NTreated, NComparison: x.NComparison,
		Moderators:    []evaluate.PoolField{{Name: "design", Value: string(r.Design)}, {Name: "outcome", Value: x.Outcome}},
		OtherOutcomes: res.others,
	}
	for _, info := range r.Outcomes {
		if info.Column == x.Outcome && info.Direction == evaluate.DirectionLower {
			// Above 0 must mean better in every study pooled.
			s.Yi, s.Reversed = -s.Yi, true
			s.Note = fmt.Sprintf("lower is better for %s: the effect %s in its report enters with its sign reversed", outcome, strconv.FormatFloat(float64(x.Estimate), 'f', 2, 64))
		}
	}
	o := rd.o
	ok := true
	for _, m := range []struct {
		name, flag string
	}{{o.By, "--by"}, {o.Moderator, "--moderator"}} {
		switch strings.ToLower(m.name) {
		case "":
		case "design":
			if m.flag == "--moderator" {
				rd.add(&table.DataError{File: res.path, Err: errors.New("gives the design as a label (rct, two-group, ...), not a number (--moderator design)"),
					Hint: "compare designs with --by design"})
				ok = false
			}
			s.Level = string(r.Design)
		case "outcome":
			if m.flag == "--moderator" {
				rd.add(&table.DataError{File: res.path, Err: errors.New("gives the outcome as a label, not a number (--moderator outcome)"),
					Hint: "compare outcomes with --by outcome"})
				ok = false
			}
			s.Level = x.Outcome
		default:
			rd.add(&table.DataError{File: res.path, Err: fmt.Errorf("has no value for %q (%s %s): whatworks results give a study's design and outcome only", m.name, m.flag, m.name),
				Hint: "use --by design or --by outcome, or pool a CSV of the studies' effect sizes with a " + m.name + " column"})
			ok = false
		}
	}
	if !ok || !rd.unique(name, &file{path: res.path, form: formResults}, 0) {
		return nil
	}
	return []evaluate.PoolStudy{s}
}

// analyseWorkbook reads a workbook that whatworks itself wrote: for one
// written by analyse, the results JSON of its record (package manifest),
// which it carries in a hidden sheet; a pooling's workbook is refused. It
// returns nil, nil for any other file (a table of studies).
func analyseWorkbook(path string, data []byte) ([]byte, error) {
	if len(data) < 4 || string(data[:4]) != "PK\x03\x04" {
		return nil, nil
	}
	if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
		return nil, nil // table.Read says what is wrong with it
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	switch {
	case sheets["Summary"] && sheets["Results"] && sheets["Method"]:
		m, err := manifest.Read(f)
		if errors.Is(err, manifest.ErrNone) {
			return nil, &table.DataError{File: path,
				Err:  errors.New("is a workbook written by whatworks analyse before workbooks carried their results in a hidden record"),
				Hint: "write it again with this version (whatworks analyse design.yaml -o report.xlsx), or pass its JSON results (--json results.json)"}
		}
		if err != nil {
			return nil, &table.DataError{File: path, Err: err, Hint: "write it again with whatworks analyse, or pass its JSON results"}
		}
		if m.Command != "analyse" || len(m.Results) == 0 {
			return nil, &table.DataError{File: path, Err: errors.New("has a whatworks record without results"),
				Hint: "write it again with whatworks analyse, or pass its JSON results"}
		}
		return m.Results, nil
	case sheets["Summary"] && sheets["Studies"] && sheets["Models"]:
		return nil, &table.DataError{File: path,
			Err:  errors.New("is a workbook written by whatworks pool, not a table of studies"),
			Hint: "pass the files it was made from"}
	}
	return nil, nil
}
