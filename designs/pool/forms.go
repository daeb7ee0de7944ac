package pool

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/meta"
)

// form is what a file holds.
type form int

const (
	formEffects form = iota
	formSummaries
	formCounts
	formResults
)

// Column names, in lower case: a file may spell them in any case.
const (
	colStudy   = "study"
	colOutcome = "outcome"
	colYi      = "yi"
	colVi      = "vi"
	colSE      = "se"
	colCILow   = "ci_low"
	colCIHigh  = "ci_high"
	colNT      = "n_t"
	colMeanT   = "mean_t"
	colSDT     = "sd_t"
	colNC      = "n_c"
	colMeanC   = "mean_c"
	colSDC     = "sd_c"
	colPreMT   = "pre_mean_t"
	colPreSDT  = "pre_sd_t"
	colPreMC   = "pre_mean_c"
	colPreSDC  = "pre_sd_c"
	colR       = "r"
	colEventsT = "events_t"
	colEventsC = "events_c"
)

var (
	effectsColumns = []string{colYi, colVi, colSE, colCILow, colCIHigh}
	summaryColumns = []string{colNT, colMeanT, colSDT, colNC, colMeanC, colSDC}
	pretestColumns = []string{colPreMT, colPreSDT, colPreMC, colPreSDC}
	countsColumns  = []string{colEventsT, colNT, colEventsC, colNC}
)

func (fm form) words() string {
	switch fm {
	case formEffects:
		return "effect sizes"
	case formSummaries:
		return "per-arm summaries (means and SDs)"
	case formCounts:
		return "counts"
	}
	return "whatworks results"
}

// numeric lists the columns that must hold numbers.
func (fm form) numeric() []string {
	switch fm {
	case formEffects:
		return append(append([]string(nil), effectsColumns...), colNT, colNC)
	case formSummaries:
		return append(append(append([]string(nil), summaryColumns...), pretestColumns...), colR)
	case formCounts:
		return countsColumns
	}
	return nil
}

// effectColumn reports whether a column is one the effect size is found
// from (so not a moderator). n_t and n_c of an effect-size file are the
// study's numbers of pupils, shown but not used.
func (fm form) effectColumn(c string) bool {
	switch fm {
	case formEffects:
		return contains(effectsColumns, c) || c == colNT || c == colNC || c == colOutcome
	case formSummaries:
		return contains(summaryColumns, c) || contains(pretestColumns, c) || c == colR || c == colOutcome
	case formCounts:
		return contains(countsColumns, c) || c == colOutcome
	}
	return false
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// whichForm tells the form of a table from its column names.
func (f *file) whichForm(t *table.Table) (form, error) {
	has := func(c string) bool { _, ok := f.col[c]; return ok }
	missing := func(cols []string) []string {
		var out []string
		for _, c := range cols {
			if !has(c) {
				out = append(out, c)
			}
		}
		return out
	}
	headerErr := func(err error, h string) error {
		return &table.DataError{File: f.path, Sheet: t.Sheet, Row: 1, Err: err, Hint: h}
	}
	var fm form
	var need []string
	switch {
	case has(colYi):
		fm, need = formEffects, []string{colStudy, colYi}
	case has(colEventsT) || has(colEventsC):
		fm, need = formCounts, append([]string{colStudy}, countsColumns...)
	case has(colMeanT) || has(colMeanC) || has(colSDT) || has(colSDC):
		fm, need = formSummaries, append([]string{colStudy}, summaryColumns...)
	default:
		h := "its columns are " + hint.Quote(t.Names(), 12)
		for _, n := range t.Names() {
			for _, want := range []string{colYi, colEventsT, colMeanT, colStudy} {
				if d := hint.DidYouMean(n, []string{want}); d != "" && !strings.EqualFold(n, want) {
					h = fmt.Sprintf("%q: %s", n, d)
				}
			}
		}
		return 0, headerErr(errors.New("is not a table of studies whatworks can pool: give one row per study with the columns of effect sizes (study, yi, and vi or se or ci_low and ci_high), summaries (study, n_t, mean_t, sd_t, n_c, mean_c, sd_c) or counts (study, events_t, n_t, events_c, n_c)"), h)
	}
	if m := missing(need); len(m) > 0 {
		return 0, headerErr(fmt.Errorf("holds %s but has no column %s", fm.words(), hint.Quote(m, 0)),
			"a table of "+fm.words()+" needs the columns "+strings.Join(need, ", ")+"; "+columnHint(m[0], t.Names()))
	}
	switch fm {
	case formEffects:
		if !has(colVi) && !has(colSE) && !(has(colCILow) && has(colCIHigh)) {
			return 0, headerErr(errors.New("has effect sizes (yi) but no column vi, se, or ci_low and ci_high"),
				"give each study's sampling variance (vi), standard error (se) or confidence interval (ci_low, ci_high)")
		}
	case formSummaries:
		if m := missing(pretestColumns); len(m) > 0 && len(m) < len(pretestColumns) {
			return 0, headerErr(fmt.Errorf("has some pretest columns but not %s", hint.Quote(m, 0)),
				"a pretest needs all four of pre_mean_t, pre_sd_t, pre_mean_c, pre_sd_c, or none")
		}
		if has(colR) && len(missing(pretestColumns)) > 0 {
			return 0, headerErr(errors.New("has a column r (the pretest–outcome correlation) but no pretest columns"),
				"add pre_mean_t, pre_sd_t, pre_mean_c and pre_sd_c, or remove r")
		}
	}
	return fm, nil
}

// read reads one row into a study; false (with problems reported) when
// the row cannot be pooled.
func (fm form) read(w *rowReader, measure string, o Options) (evaluate.PoolStudy, bool) {
	s := evaluate.PoolStudy{Name: strings.TrimSpace(w.text(colStudy)), Outcome: w.text(colOutcome)}
	ok := true
	if s.Name == "" {
		w.fail(colStudy, errors.New("is empty"), "give each study a name (a school, a trust, a year)")
		ok = false
	}
	var e meta.Effect
	var good bool
	switch fm {
	case formEffects:
		e, good = readEffect(w, o, &s)
	case formSummaries:
		e, good = readSummaries(w, &s)
	case formCounts:
		e, good = readCounts(w, measure, &s)
	}
	if !good || !ok {
		return s, false
	}
	s.Yi, s.Vi = e.Yi, e.Vi
	if e.Note != "" {
		s.Note = e.Note
	}
	if math.IsNaN(e.Yi) || math.IsNaN(e.Vi) {
		col := colYi
		if fm != formEffects {
			col = colStudy
		}
		w.fail(col, fmt.Errorf("has no effect size: %s", e.Note), "check the row's numbers, or leave the study out")
		return s, false
	}
	return s, true
}

// readEffect reads an effect size with its variance, SE or interval.
func readEffect(w *rowReader, o Options, s *evaluate.PoolStudy) (meta.Effect, bool) {
	yi, ok := w.num(colYi, "give the study's effect size, or leave the study out")
	if n, has := w.optionalCount(colNT); has {
		s.NTreated = &n
	}
	if n, has := w.optionalCount(colNC); has {
		s.NComparison = &n
	}
	switch {
	case w.has(colVi):
		s.Input = "yi, vi"
		vi, _ := w.num(colVi, "")
		if !ok {
			return meta.Effect{}, false
		}
		switch {
		case vi < 0:
			w.fail(colVi, errors.New("is negative, but a sampling variance is 0 or more"),
				"vi is the square of the standard error: check the sign, or give the standard error in a column se")
			return meta.Effect{}, false
		case vi == 0 || math.IsInf(vi, 0):
			w.fail(colVi, errors.New("is not a usable sampling variance (it must be above 0)"),
				"a variance of 0 would give the study all the weight: give the study's real variance or standard error")
			return meta.Effect{}, false
		}
		return meta.Effect{Yi: yi, Vi: vi}, true
	case w.has(colSE):
		s.Input = "yi, se"
		se, _ := w.num(colSE, "")
		if !ok {
			return meta.Effect{}, false
		}
		if !(se > 0) || math.IsInf(se, 0) {
			w.fail(colSE, errors.New("is not a usable standard error (it must be above 0)"),
				"give the study's standard error; if you have a confidence interval instead, give it in ci_low and ci_high")
			return meta.Effect{}, false
		}
		e, _ := meta.FromSE(yi, se)
		return e, true
	case w.has(colCILow) || w.has(colCIHigh):
		s.Input = "yi, CI"
		lo, okLo := w.num(colCILow, "give both ends of the confidence interval")
		hi, okHi := w.num(colCIHigh, "give both ends of the confidence interval")
		if !ok || !okLo || !okHi {
			return meta.Effect{}, false
		}
		e, err := meta.FromCI(yi, lo, hi, o.Level)
		if err != nil {
			w.fail(colCILow, err, "the interval must be around the effect size, lower end first; for a ratio give the logarithms of the estimate and both ends")
			return meta.Effect{}, false
		}
		return e, true
	}
	missingCol := colVi
	if _, has := w.f.col[colVi]; !has {
		missingCol = colSE
		if _, has := w.f.col[colSE]; !has {
			missingCol = colCILow
		}
	}
	if !w.f.bad[fmt.Sprint(w.n, "|", w.f.col[missingCol])] {
		w.fail(missingCol, errors.New("is empty: the study has no standard error, variance or confidence interval"),
			"give the study's sampling variance (vi), standard error (se) or confidence interval (ci_low, ci_high); without one it cannot be weighted")
	}
	return meta.Effect{}, false
}

// optionalCount reads a count that may be absent.
func (w *rowReader) optionalCount(name string) (int, bool) {
	if !w.has(name) {
		return 0, false
	}
	return w.count(name, "")
}

// readSummaries finds Hedges' g from per-arm summaries, as `whatworks
// effect` does: the unadjusted g, or with a pretest the WWC difference in
// differences g_post − g_pre (its SE using r when given, else r = 0).
func readSummaries(w *rowReader, s *evaluate.PoolStudy) (meta.Effect, bool) {
	const armHint = "each arm needs its number of pupils, mean and standard deviation"
	nt, ok1 := w.count(colNT, armHint)
	mt, ok2 := w.num(colMeanT, armHint)
	sdt, ok3 := w.num(colSDT, armHint)
	nc, ok4 := w.count(colNC, armHint)
	mc, ok5 := w.num(colMeanC, armHint)
	sdc, ok6 := w.num(colSDC, armHint)
	ok := ok1 && ok2 && ok3 && ok4 && ok5 && ok6
	for _, c := range []struct {
		col string
		n   int
		got bool
	}{{colNT, nt, ok1}, {colNC, nc, ok4}} {
		if c.got && c.n < 2 {
			w.fail(c.col, errors.New("is too few pupils: each arm needs at least 2"), "")
			ok = false
		}
	}
	for _, c := range []struct {
		col string
		sd  float64
		got bool
	}{{colSDT, sdt, ok3}, {colSDC, sdc, ok6}} {
		if c.got && !(c.sd > 0) {
			w.fail(c.col, errors.New("is not a usable standard deviation (it must be above 0)"), "an SD of 0 means every pupil scored the same; check the column is the SD, not the SE")
			ok = false
		}
	}
	pre := 0
	for _, c := range pretestColumns {
		if w.has(c) {
			pre++
		}
	}
	if pre > 0 && pre < len(pretestColumns) {
		for _, c := range pretestColumns {
			if !w.has(c) {
				w.num(c, "a pretest needs all four of pre_mean_t, pre_sd_t, pre_mean_c and pre_sd_c, or none")
			}
		}
		return meta.Effect{}, false
	}
	if ok {
		s.NTreated, s.NComparison = &nt, &nc
	}
	if pre == 0 {
		if w.has(colR) {
			w.fail(colR, errors.New("is a pretest–outcome correlation, but the row has no pretest"), "give the pretest means and SDs, or leave r empty")
			return meta.Effect{}, false
		}
		if !ok {
			return meta.Effect{}, false
		}
		s.Input = "summaries"
		e, err := meta.SMD(meta.Arms{NT: nt, MeanT: mt, SDT: sdt, NC: nc, MeanC: mc, SDC: sdc}, meta.JApprox)
		if err != nil {
			w.fail(colStudy, err, "")
			return meta.Effect{}, false
		}
		return e, true
	}
	pmt, _ := w.num(colPreMT, "")
	psdt, _ := w.num(colPreSDT, "")
	pmc, _ := w.num(colPreMC, "")
	psdc, _ := w.num(colPreSDC, "")
	for _, c := range []struct {
		col string
		sd  float64
	}{{colPreSDT, psdt}, {colPreSDC, psdc}} {
		if !(c.sd > 0) {
			w.fail(c.col, errors.New("is not a usable standard deviation (it must be above 0)"), "")
			ok = false
		}
	}
	r := math.NaN()
	if w.has(colR) {
		x, _ := w.num(colR, "")
		if x < -1 || x > 1 {
			w.fail(colR, errors.New("is not a correlation (between −1 and 1)"), "r is the correlation between pupils' pretest and outcome scores")
			ok = false
		}
		r = x
	}
	if !ok {
		return meta.Effect{}, false
	}
	row := evaluate.DiDRowR(
		evaluate.Summary{N: nt, Mean: pmt, SD: psdt}, evaluate.Summary{N: nc, Mean: pmc, SD: psdc},
		evaluate.Summary{N: nt, Mean: mt, SD: sdt}, evaluate.Summary{N: nc, Mean: mc, SD: sdc},
		r, evaluate.Options{})
	s.Input = "summaries and pretest (DiD)"
	se := float64(row.SE)
	return meta.Effect{Yi: float64(row.Estimate), Vi: se * se, Note: row.Note}, true
}

// readCounts finds a log odds ratio or risk difference from 2×2 counts.
func readCounts(w *rowReader, measure string, s *evaluate.PoolStudy) (meta.Effect, bool) {
	const h = "each arm needs its number of pupils with the event and its number of pupils"
	et, ok1 := w.count(colEventsT, h)
	nt, ok2 := w.count(colNT, h)
	ec, ok3 := w.count(colEventsC, h)
	nc, ok4 := w.count(colNC, h)
	if !(ok1 && ok2 && ok3 && ok4) {
		return meta.Effect{}, false
	}
	ok := true
	for _, c := range []struct {
		col, n    string
		events, N int
	}{{colEventsT, colNT, et, nt}, {colEventsC, colNC, ec, nc}} {
		if c.N < 1 {
			w.fail(c.n, errors.New("is not a number of pupils (at least 1)"), "")
			ok = false
		} else if c.events > c.N {
			w.fail(c.col, fmt.Errorf("is more than the %d pupils in the arm (%s)", c.N, w.f.col[c.n]), "events count pupils with the outcome, at most all the arm's pupils")
			ok = false
		}
	}
	if !ok {
		return meta.Effect{}, false
	}
	s.NTreated, s.NComparison = &nt, &nc
	s.Input = "counts"
	c := meta.Counts{EventsT: et, NT: nt, EventsC: ec, NC: nc}
	var e meta.Effect
	var err error
	if measure == MeasureRD {
		e, err = meta.RiskDifference(c)
	} else {
		e, err = meta.LogOddsRatio(c)
	}
	if err != nil {
		w.fail(colEventsT, err, "")
		return meta.Effect{}, false
	}
	return e, true
}
