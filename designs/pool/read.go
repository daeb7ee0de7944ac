package pool

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// Measures: the values of Options.Measure (the pool command's --measure).
const (
	MeasureG     = "g"     // Hedges' g (evaluate.PoolHedgesG)
	MeasureOR    = "or"    // log odds ratio (evaluate.PoolLogOddsRatio)
	MeasureRD    = "rd"    // risk difference (evaluate.PoolRiskDifference)
	MeasureOther = "other" // effect sizes on another scale (evaluate.PoolEffectSize)
)

// Measures lists the values of Options.Measure.
var Measures = []string{MeasureG, MeasureOR, MeasureRD, MeasureOther}

var measureScale = map[string]string{
	MeasureG: evaluate.PoolHedgesG, MeasureOR: evaluate.PoolLogOddsRatio,
	MeasureRD: evaluate.PoolRiskDifference, MeasureOther: evaluate.PoolEffectSize,
}

// Options say how to read the files.
type Options struct {
	// Measure is the scale of the effect sizes (Measures). "" means g,
	// or, when a file holds counts, or (log odds ratios). Counts are
	// pooled as "or" or "rd"; summaries and whatworks results only as g;
	// a file of effect sizes is on whatever scale Measure says.
	Measure string
	// By names the categorical moderator of subgroups and q_between;
	// Moderator the numeric moderator of the slope. Every table must have
	// the column, and every study a value. Results files offer "design"
	// and "outcome".
	By, Moderator string
	// Outcome chooses the outcome of whatworks results with several
	// (its column or label); "" means the first, the design's primary
	// outcome.
	Outcome string
	// Level is the confidence level of ci_low and ci_high columns (0
	// means 0.95).
	Level float64
	// Missing are the cell values read as missing; nil means
	// table.DefaultMissing ("" and "NA").
	Missing []string
}

// Read reads the studies of every file into a PoolInput (Title unset),
// or returns every problem found as table.Problems (or one
// *table.DataError). A study's name must be unique across all the files.
func Read(paths []string, o Options) (*evaluate.PoolInput, error) {
	if len(paths) == 0 {
		return nil, errors.New("no files to pool")
	}
	if o.Measure != "" && !slices.Contains(Measures, o.Measure) {
		return nil, fmt.Errorf("unknown measure %q (use one of: %s)", o.Measure, strings.Join(Measures, ", "))
	}
	if o.By != "" && o.By == o.Moderator {
		return nil, fmt.Errorf("%q cannot be both the subgroup column (--by) and the numeric moderator (--moderator)", o.By)
	}
	r := &reader{o: o, seen: map[string]string{}}
	var files []*file
	for _, p := range paths {
		f, err := r.open(p)
		if err != nil {
			r.add(err)
			continue
		}
		files = append(files, f)
	}
	measure, err := r.measure(files)
	if err != nil {
		r.add(err)
	}
	in := &evaluate.PoolInput{Measure: measureScale[measure], By: o.By, Moderator: o.Moderator}
	if err == nil {
		for _, f := range files {
			in.Studies = append(in.Studies, f.studies(r, measure)...)
		}
	}
	if len(r.probs) > 0 {
		r.sort(paths)
		if len(r.probs) == 1 {
			return nil, r.probs[0]
		}
		return nil, r.probs
	}
	if len(in.Studies) == 0 {
		return nil, &table.DataError{File: strings.Join(paths, ", "), Err: errors.New("no studies to pool"),
			Hint: "each file needs at least one row below its header"}
	}
	return in, nil
}

// reader collects the problems of every file and the study names seen.
type reader struct {
	o     Options
	probs table.Problems
	// seen maps a study name to where it was first read.
	seen map[string]string
}

// sort orders the problems by file (in the order given) and row.
func (r *reader) sort(paths []string) {
	key := func(e error) (int, int) {
		var de *table.DataError
		if !errors.As(e, &de) {
			return -1, 0
		}
		return slices.Index(paths, de.File), de.Row
	}
	slices.SortStableFunc(r.probs, func(a, b error) int {
		fa, ra := key(a)
		fb, rb := key(b)
		if fa != fb {
			return fa - fb
		}
		return ra - rb
	})
}

func (r *reader) add(err error) {
	var p table.Problems
	if errors.As(err, &p) {
		r.probs = append(r.probs, p...)
		return
	}
	r.probs = append(r.probs, err)
}

// file is one input file: a table in one of the forms, or whatworks
// results.
type file struct {
	path    string
	form    form
	tab     *table.Table
	col     map[string]string // canonical name → the file's spelling
	results *results
	// bad marks cells the table reader already reported ("row|column").
	bad map[string]bool
}

// open reads a file and works out its form.
func (r *reader) open(path string) (*file, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &table.DataError{File: path, Err: fmt.Errorf("cannot open the file: %w", err)}
	}
	if strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("{")) {
		res, err := readResults(path, data, r.o.Outcome)
		if err != nil {
			return nil, err
		}
		return &file{path: path, form: formResults, results: res}, nil
	}
	if js, err := analyseWorkbook(path, data); err != nil {
		return nil, err
	} else if js != nil {
		res, err := readResults(path, js, r.o.Outcome)
		if err != nil {
			return nil, err
		}
		return &file{path: path, form: formResults, results: res}, nil
	}
	// A first read learns the column names, a second types them.
	head, err := table.Read(path, table.Options{Missing: r.o.Missing})
	if err != nil {
		return nil, forStudies(err)
	}
	f := &file{path: path, col: map[string]string{}, bad: map[string]bool{}}
	for _, n := range head.Names() {
		key := strings.ToLower(strings.TrimSpace(n))
		if _, dup := f.col[key]; !dup {
			f.col[key] = n
		}
	}
	f.form, err = f.whichForm(head)
	if err != nil {
		return nil, err
	}
	opts := table.Options{Sheet: head.Sheet, Missing: r.o.Missing, Numeric: map[string]bool{}, Categorical: map[string]bool{}}
	for _, c := range f.form.numeric() {
		if n, ok := f.col[c]; ok {
			opts.Numeric[n] = true
		}
	}
	opts.Categorical[f.col[colStudy]] = true
	if n, ok := f.col[colOutcome]; ok {
		opts.Categorical[n] = true
	}
	var probs table.Problems
	for _, m := range []struct {
		name, flag string
		numeric    bool
	}{{r.o.By, "--by", false}, {r.o.Moderator, "--moderator", true}} {
		if m.name == "" {
			continue
		}
		n, ok := f.col[strings.ToLower(m.name)]
		switch {
		case !ok:
			probs = append(probs, &table.DataError{File: path, Sheet: head.Sheet, Row: 1,
				Err:  fmt.Errorf("has no column %q (%s %s needs it in every file)", m.name, m.flag, m.name),
				Hint: columnHint(m.name, head.Names())})
			continue
		case f.form.effectColumn(strings.ToLower(m.name)):
			probs = append(probs, &table.DataError{File: path, Sheet: head.Sheet, Row: 1, Column: n,
				Err:  fmt.Errorf("is one of the columns the effect size is found from, not a moderator (%s)", m.flag),
				Hint: "name a column that describes the studies, such as region or phase"})
			continue
		}
		if m.numeric {
			opts.Numeric[n] = true
		} else {
			opts.Categorical[n] = true
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	tab, err := table.Read(path, opts)
	if tab == nil {
		return nil, err
	}
	f.tab = tab
	if err != nil {
		// Cells that are not numbers: report them, then check the rest.
		var p table.Problems
		var de *table.DataError
		switch {
		case errors.As(err, &p):
		case errors.As(err, &de):
			p = table.Problems{de}
		default:
			return nil, err
		}
		for _, e := range p {
			if errors.As(e, &de) && de.Row > 0 {
				f.bad[fmt.Sprint(de.Row, "|", de.Column)] = true
				if strings.Contains(de.Hint, "data.missing") {
					// There is no design file to name missing values in.
					de.Hint = "give a number here; an empty cell or NA means missing"
				}
			}
		}
		r.add(p)
	}
	return f, nil
}

// columnHint suggests the nearest column name, or lists the columns.
func columnHint(name string, names []string) string {
	if h := hint.DidYouMean(name, names); h != "" {
		return h
	}
	return "its columns are " + hint.Quote(names, 12)
}

// measure works out the scale of the effect sizes from the option and the
// forms of the files, and refuses combinations that cannot be pooled.
func (r *reader) measure(files []*file) (string, error) {
	m := r.o.Measure
	forms := map[form]string{}
	for _, f := range files {
		if _, ok := forms[f.form]; !ok {
			forms[f.form] = f.path
		}
	}
	_, counts := forms[formCounts]
	if m == "" {
		m = MeasureG
		if counts {
			m = MeasureOR
		}
	}
	var probs table.Problems
	for _, fm := range []form{formSummaries, formResults} {
		if p, ok := forms[fm]; ok && m != MeasureG {
			probs = append(probs, &table.DataError{File: p,
				Err:  fmt.Errorf("holds %s, which give Hedges' g, but --measure is %s", fm.words(), m),
				Hint: "pool it with --measure g, and counts or effect sizes on another scale separately"})
		}
	}
	if p, ok := forms[formCounts]; ok && m != MeasureOR && m != MeasureRD {
		probs = append(probs, &table.DataError{File: p,
			Err:  fmt.Errorf("holds counts of pupils with an event, which give log odds ratios or risk differences, but --measure is %s", m),
			Hint: "use --measure or (the default for counts) or --measure rd, and pool Hedges' g separately"})
	}
	if len(probs) > 0 {
		return m, probs
	}
	return m, nil
}

// studies reads the studies of one file; problems go to r.
func (f *file) studies(r *reader, measure string) []evaluate.PoolStudy {
	if f.form == formResults {
		return f.results.studies(r)
	}
	t := f.tab
	var out []evaluate.PoolStudy
	for i := 0; i < t.Rows(); i++ {
		row := rowReader{f: f, r: r, i: i, n: t.Row(i)}
		s, ok := f.form.read(&row, measure, r.o)
		s.Source = fmt.Sprintf("%s, row %d", filepath.Base(f.path), row.n)
		if t.Sheet != "" {
			s.Source = fmt.Sprintf("%s, sheet %q, row %d", filepath.Base(f.path), t.Sheet, row.n)
		}
		// Every check runs, so that every problem of the row is reported.
		ok = row.moderators(&s) && ok
		ok = (s.Name == "" || r.unique(s.Name, f, row.n)) && ok
		if ok {
			out = append(out, s)
		}
	}
	return out
}

// unique records a study name, or reports it as a duplicate.
func (r *reader) unique(name string, f *file, row int) bool {
	key := strings.ToLower(strings.TrimSpace(name))
	where := fmt.Sprintf("%s, row %d", filepath.Base(f.path), row)
	if f.form == formResults {
		where = filepath.Base(f.path)
	}
	if first, dup := r.seen[key]; dup {
		de := &table.DataError{File: f.path, Err: fmt.Errorf("is also the name of the study in %s", first),
			Hint: "give each study its own name (a school and year, say), or remove the repeated row", Value: name}
		if f.tab != nil {
			de.Sheet, de.Row, de.Column = f.tab.Sheet, row, f.col[colStudy]
		} else {
			de.Err = fmt.Errorf("the study %q (the report's title) is also the name of the study in %s", name, first)
			de.Value = ""
			de.Hint = "give each evaluation its own title in its design file, or pool a CSV of their effect sizes instead"
		}
		r.add(de)
		return false
	}
	r.seen[key] = where
	return true
}

// rowReader reads the cells of one data row, reporting problems once.
type rowReader struct {
	f *file
	r *reader
	i int // data row index
	n int // row number as the spreadsheet shows it
}

func (w *rowReader) column(name string) *table.Column {
	n, ok := w.f.col[name]
	if !ok {
		return nil
	}
	return w.f.tab.Column(n)
}

// has reports whether the file has the column and the row a value in it.
func (w *rowReader) has(name string) bool {
	c := w.column(name)
	return c != nil && !c.IsMissing(w.i)
}

// text is the cell's text ("" when missing or no such column).
func (w *rowReader) text(name string) string {
	c := w.column(name)
	if c == nil {
		return ""
	}
	return c.Text(w.i)
}

// num is the cell's number; missing cells are reported as problems with
// the hint (unless the table reader already reported the cell).
func (w *rowReader) num(name, missingHint string) (float64, bool) {
	c := w.column(name)
	if c == nil || c.Kind != table.Numeric {
		return 0, false
	}
	if c.IsMissing(w.i) {
		if !w.f.bad[fmt.Sprint(w.n, "|", w.f.col[name])] {
			w.fail(name, errors.New("is empty"), missingHint)
		}
		return 0, false
	}
	return c.Num[w.i], true
}

// count is a whole number of pupils.
func (w *rowReader) count(name, missingHint string) (int, bool) {
	x, ok := w.num(name, missingHint)
	if !ok {
		return 0, false
	}
	if x != float64(int(x)) || x < 0 {
		w.fail(name, errors.New("is not a whole number of pupils"), "counts of pupils are whole numbers, 0 or more")
		return 0, false
	}
	return int(x), true
}

// fail reports a problem with the row's cell in column name.
func (w *rowReader) fail(name string, err error, hintText string) {
	t := w.f.tab
	w.r.add(&table.DataError{File: w.f.path, Sheet: t.Sheet, Row: w.n, Column: w.f.col[name],
		Value: w.text(name), Err: err, Hint: hintText})
}

// moderators fills the study's moderator columns and its values of --by
// and --moderator; false when one is missing.
func (w *rowReader) moderators(s *evaluate.PoolStudy) bool {
	o := w.r.o
	ok := true
	for _, n := range w.f.tab.Names() {
		key := strings.ToLower(strings.TrimSpace(n))
		if w.f.form.effectColumn(key) || key == colStudy {
			continue
		}
		s.Moderators = append(s.Moderators, evaluate.PoolField{Name: n, Value: w.f.tab.Column(n).Text(w.i)})
	}
	if o.By != "" {
		by := strings.ToLower(o.By)
		if !w.has(by) {
			w.fail(by, errors.New("is empty"), fmt.Sprintf("--by %s needs every study's %s: fill it in, or leave the study out", o.By, o.By))
			ok = false
		} else {
			s.Level = w.text(by)
		}
	}
	if o.Moderator != "" {
		x, has := w.num(strings.ToLower(o.Moderator), fmt.Sprintf("--moderator %s needs every study's %s: fill it in, or leave the study out", o.Moderator, o.Moderator))
		if !has {
			ok = false
		}
		s.X = x
	}
	return ok
}

// forStudies rewords the table reader's hints about pupils for a table of
// studies.
func forStudies(err error) error {
	var de *table.DataError
	var p table.Problems
	switch {
	case errors.As(err, &p):
		for _, e := range p {
			_ = forStudies(e)
		}
	case errors.As(err, &de):
		de.Hint = strings.ReplaceAll(de.Hint, "per pupil", "per study")
	}
	return err
}
