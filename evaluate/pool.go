package evaluate

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/evaluate/meta"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// Effect size scales of a pooling (PoolInput.Measure, PoolReport.Measure).
const (
	// PoolHedgesG: standardised mean differences (Hedges' g), the scale
	// of analyse, effect and the EEF; months' progress applies.
	PoolHedgesG = string(MeasureHedgesG)
	// PoolLogOddsRatio: log odds ratios of a binary outcome.
	PoolLogOddsRatio = "log_odds_ratio"
	// PoolRiskDifference: differences in proportions.
	PoolRiskDifference = "risk_difference"
	// PoolEffectSize: effect sizes on a scale whatworks is not told
	// (correlations, say): pooled as given, no months' progress.
	PoolEffectSize = "effect_size"
)

// PoolMeasures lists the scales in the order they are documented.
var PoolMeasures = []string{PoolHedgesG, PoolLogOddsRatio, PoolRiskDifference, PoolEffectSize}

// Measures of the pool command's result rows (PoolRow.Measure), the
// contract of its JSON. The slope of a numeric moderator COLUMN is
// "slope_COLUMN".
const (
	PoolPooled     = meta.QuantityPooled     // pooled_effect
	PoolTau2       = meta.QuantityTau2       // tau2
	PoolI2         = meta.QuantityI2         // i2
	PoolH2         = meta.QuantityH2         // h2
	PoolQ          = meta.QuantityQ          // q
	PoolPrediction = meta.QuantityPrediction // prediction_interval
	PoolQBetween   = "q_between"
)

// PoolSmallStudyK is the number of studies from which the pool command
// tests for small-study effects (Egger's test) and draws the funnel plot:
// with fewer, the test has almost no power (docs/methods.md §17).
const PoolSmallStudyK = 10

// PoolInput is what `whatworks pool` pools: one effect size and its
// sampling variance per study, with the moderators the command was asked
// to look at. designs/pool reads it from files.
type PoolInput struct {
	Title string
	// Measure is the scale of every Yi (Pool*: PoolHedgesG, ...).
	Measure string
	Studies []PoolStudy
	// By names a categorical moderator: each study's Level is its value.
	// Its levels are pooled alone (subgroups) and compared (q_between).
	By string
	// Moderator names a numeric moderator: each study's X is its value.
	// A meta-regression on it gives the slope.
	Moderator string
	// Confidence is the level of every interval (0 means 0.95).
	Confidence float64
	// MonthsTable is the months' progress table: "toolkit" (default) or
	// "report".
	MonthsTable string
}

// PoolStudy is one study: its effect size Yi, the sampling variance Vi
// (the square of its standard error) and what the reader should know
// about where they came from.
type PoolStudy struct {
	Name    string
	Outcome string // the outcome the effect is on; "" when not known
	// Source says where the study was read: "schools.csv, row 4".
	Source string
	// Input says how Yi and Vi were found: "yi, vi", "yi, se",
	// "yi, CI", "summaries", "summaries and pretest (DiD)", "counts",
	// "whatworks results".
	Input  string
	Yi, Vi float64
	// Pupils in each arm, when known.
	NTreated, NComparison *int
	// Level is the study's value of PoolInput.By; X of PoolInput.Moderator.
	Level string
	X     float64
	// Moderators are every moderator column of the study, in file order,
	// for the reader (the Studies sheet).
	Moderators []PoolField
	// Note is what the reader should know about how Yi, Vi were found
	// (1/2 added to a zero cell, an asymmetric interval...).
	Note string
	// OtherOutcomes are the outcomes of the study's results that were not
	// pooled: the first was taken, no outcome being named (--outcome).
	OtherOutcomes []string
	// Reversed says Yi is the study's own effect with its sign reversed:
	// its outcome is one where lower is better, so that above 0 means
	// the programme helped in every study.
	Reversed bool
}

// PoolField is one named value of a study.
type PoolField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// PoolReport is a pooling's results: what reports turns into the
// terminal summary, the JSON (docs/json.md), the workbook and the plots.
type PoolReport struct {
	Title       string  `json:"title"`
	Measure     string  `json:"measure"`
	Confidence  float64 `json:"confidence"`
	MonthsTable string  `json:"months_table"`
	K           int     `json:"k"`
	By          string  `json:"by,omitempty"`
	Moderator   string  `json:"moderator,omitempty"`
	// Headline is the model the headline reports, with why, and its
	// numbers in the forms the sentences need.
	Headline PoolHeadline `json:"headline"`
	// Results are every model's rows: all studies, then each level of
	// By (subgroups), then q_between and the slopes.
	Results []PoolRow `json:"results"`
	// Studies are the inputs with their weights and leave-one-out fits,
	// in input order.
	Studies []PoolStudyResult `json:"studies"`
	// SmallStudy is Egger's test (k ≥ PoolSmallStudyK; else its numbers
	// are null and Note says why).
	SmallStudy PoolEgger `json:"small_study_effects"`
	// Caveats are plain-English warnings about the whole pooling.
	Caveats []string `json:"caveats"`
	// Funnel is what the funnel plot draws; nil when k < PoolSmallStudyK.
	Funnel *PoolFunnel `json:"-"`
}

// PoolRow is one pooled quantity of one model: a row of the JSON
// `results`, shaped like analyse's result rows. Numbers that do not apply
// or cannot be computed are NaN (null) and Note says why.
type PoolRow struct {
	// Subgroup is "all", "COLUMN=LEVEL" for a level of the By moderator
	// fitted alone, or "COLUMN" for the q_between test across its levels.
	Subgroup string `json:"subgroup"`
	// Analysis is the model: meta_fe, meta_dl, meta_reml, meta_pm,
	// meta_reml_knha.
	Analysis string `json:"analysis"`
	// Measure: pooled_effect, tau2, i2, h2, q, prediction_interval,
	// q_between, slope_COLUMN.
	Measure   string `json:"measure"`
	K         int    `json:"k"`
	Estimate  Num    `json:"estimate"`
	SE        Num    `json:"se"`
	CILow     Num    `json:"ci_low"`
	CIHigh    Num    `json:"ci_high"`
	CIMethod  string `json:"ci_method,omitempty"` // z | knapp-hartung | q-profile | predict
	DF        Num    `json:"df"`
	Statistic Num    `json:"statistic"`
	PValue    Num    `json:"p_value"`
	// MonthsProgress is the EEF months' progress of a pooled Hedges' g.
	MonthsProgress *int   `json:"months_progress"`
	Note           string `json:"note,omitempty"`
}

// PoolHeadline is the headline model's result in the forms the headline
// sentences need.
type PoolHeadline struct {
	Analysis string `json:"analysis"`
	// Reason says, in words, which rule chose the model and why.
	Reason   string `json:"reason"`
	K        int    `json:"k"`
	Estimate Num    `json:"estimate"`
	SE       Num    `json:"se"`
	CILow    Num    `json:"ci_low"`
	CIHigh   Num    `json:"ci_high"`
	DF       Num    `json:"df"`
	PValue   Num    `json:"p_value"`
	// The prediction interval, τ², I² and the p-value of Cochran's Q.
	PILow   Num `json:"pi_low"`
	PIHigh  Num `json:"pi_high"`
	Tau2    Num `json:"tau2"`
	I2      Num `json:"i2"`
	QPValue Num `json:"q_p_value"`
	// Months' progress of the pooled effect, the ends of its interval
	// and of the prediction interval (Hedges' g only).
	MonthsProgress *int `json:"months_progress"`
	CIMonthsLow    *int `json:"ci_months_low"`
	CIMonthsHigh   *int `json:"ci_months_high"`
	PIMonthsLow    *int `json:"pi_months_low"`
	PIMonthsHigh   *int `json:"pi_months_high"`
	// OddsRatio is the pooled log odds ratio and its intervals turned
	// back into odds ratios (exp); nil for other measures.
	OddsRatio *PoolRatio `json:"odds_ratio,omitempty"`
}

// PoolRatio is a pooled log odds ratio on the odds-ratio scale.
type PoolRatio struct {
	Estimate Num `json:"estimate"`
	CILow    Num `json:"ci_low"`
	CIHigh   Num `json:"ci_high"`
	PILow    Num `json:"pi_low"`
	PIHigh   Num `json:"pi_high"`
}

// PoolStudyResult is one study as pooled: its inputs, its own interval,
// its weight in each model and the headline model without it.
type PoolStudyResult struct {
	Study   string `json:"study"`
	Outcome string `json:"outcome,omitempty"`
	Source  string `json:"source"`
	Input   string `json:"input"`
	Yi      Num    `json:"yi"`
	Vi      Num    `json:"vi"`
	SE      Num    `json:"se"`
	// The study's own interval, yi ± z sqrt(vi).
	CILow          Num         `json:"ci_low"`
	CIHigh         Num         `json:"ci_high"`
	MonthsProgress *int        `json:"months_progress"`
	NTreated       *int        `json:"n_treated"`
	NComparison    *int        `json:"n_comparison"`
	Level          string      `json:"level,omitempty"`
	X              Num         `json:"x"`
	Moderators     []PoolField `json:"moderators"`
	// Weights are the study's share of each model's total weight, in
	// percent.
	Weights PoolWeights `json:"weights"`
	// LeaveOneOut is the headline model fitted without this study.
	LeaveOneOut PoolLeaveOneOut `json:"leave_one_out"`
	Note        string          `json:"note,omitempty"`
}

// PoolWeights are one study's weights (percent) in each model.
type PoolWeights struct {
	FE       Num `json:"meta_fe"`
	DL       Num `json:"meta_dl"`
	REML     Num `json:"meta_reml"`
	PM       Num `json:"meta_pm"`
	REMLKnHa Num `json:"meta_reml_knha"`
}

// PoolLeaveOneOut is the headline model without one study.
type PoolLeaveOneOut struct {
	Analysis string `json:"analysis"`
	Estimate Num    `json:"estimate"`
	SE       Num    `json:"se"`
	CILow    Num    `json:"ci_low"`
	CIHigh   Num    `json:"ci_high"`
	PValue   Num    `json:"p_value"`
	Tau2     Num    `json:"tau2"`
	I2       Num    `json:"i2"`
	Note     string `json:"note,omitempty"`
}

// PoolEgger is the regression test for funnel-plot asymmetry, fitted with
// the headline model.
type PoolEgger struct {
	Analysis  string `json:"analysis"`
	K         int    `json:"k"`
	Statistic Num    `json:"statistic"`
	DF        Num    `json:"df"`
	PValue    Num    `json:"p_value"`
	// Slope is the coefficient of the standard error, with its SE.
	Slope   Num `json:"slope"`
	SlopeSE Num `json:"slope_se"`
	// Limit is the effect predicted for a study of infinite size.
	Limit       Num    `json:"limit_estimate"`
	LimitCILow  Num    `json:"limit_ci_low"`
	LimitCIHigh Num    `json:"limit_ci_high"`
	Note        string `json:"note,omitempty"`
}

// PoolFunnel is what the funnel plot draws: each study's effect against
// its standard error, a line at Centre (the headline estimate) and the
// region Centre ± Z·se for se from 0 to MaxSE.
type PoolFunnel struct {
	Studies      []string
	Effects, SEs []float64
	Centre, Z    float64
	Level, MaxSE float64
}

// Pool runs `whatworks pool`: the five models of evaluate/meta on every
// study, the headline model (meta.Headline), subgroups and q_between for
// in.By, the slope for in.Moderator, leave-one-out fits of the headline
// model and, with 10 or more studies, Egger's test and the funnel.
// docs/methods.md §17.
//
// Bad input (no studies, a variance that is not positive, a level or
// moderator value missing) is an error; a model that cannot be fitted
// gives rows of NaN with the reason in Note.
func Pool(in PoolInput) (*PoolReport, error) {
	o := Options{Confidence: in.Confidence, MonthsTable: in.MonthsTable}.withDefaults()
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("pooling: %w", err)
	}
	if !slices.Contains(PoolMeasures, in.Measure) {
		return nil, fmt.Errorf("pooling: unknown effect size scale %q (use one of %s)", in.Measure, strings.Join(PoolMeasures, ", "))
	}
	k := len(in.Studies)
	if k == 0 {
		return nil, fmt.Errorf("pooling: no studies")
	}
	yi, vi := make([]float64, k), make([]float64, k)
	levels := make([]string, k)
	xs := make([]float64, k)
	for i, s := range in.Studies {
		yi[i], vi[i] = s.Yi, s.Vi
		levels[i], xs[i] = s.Level, s.X
		if in.By != "" && s.Level == "" {
			return nil, fmt.Errorf("pooling: study %q has no value of %s", s.Name, in.By)
		}
		if in.Moderator != "" && (math.IsNaN(s.X) || math.IsInf(s.X, 0)) {
			return nil, fmt.Errorf("pooling: study %q: %s is %v, not a number", s.Name, in.Moderator, s.X)
		}
	}
	mo := meta.Options{Level: o.Confidence}
	rep := &PoolReport{
		Title: in.Title, Measure: in.Measure, Confidence: o.Confidence, MonthsTable: o.MonthsTable,
		K: k, By: in.By, Moderator: in.Moderator,
	}
	p := pooler{in: in, o: o, rep: rep}

	fits := map[meta.Model]meta.Result{}
	for _, m := range meta.Models() {
		r, err := meta.Pool(yi, vi, m, mo)
		if err != nil {
			return nil, fmt.Errorf("pooling: %w", err)
		}
		fits[m] = r
		p.rows(SubgroupAll, r)
		p.caveats(r.Warnings)
	}
	model, why := meta.Headline(fits[meta.ModelREML])
	if k := fits[meta.ModelREMLKnHa]; model == meta.ModelREMLKnHa && k.S2W == 0 {
		// Every study's effect equals the pooled one: Knapp–Hartung's
		// scale factor is 0 and its interval has no width (as metafor
		// gives it), which no headline should quote.
		model, why = meta.ModelREML, "every study's effect equals the pooled effect, so the Knapp–Hartung interval has no width; "+
			"the headline uses the random-effects model (REML) with a z interval instead"
	}
	if k == 1 {
		// One study: the Knapp–Hartung interval has 0 df; the z interval
		// of the study itself is the honest one.
		model, why = meta.ModelREML, "one study: there is nothing to pool, so the result is that study's own effect with its z interval"
	}
	p.headline(fits[model], why)

	if in.By != "" {
		if err := p.subgroups(yi, vi, levels, mo); err != nil {
			return nil, err
		}
	}
	if in.Moderator != "" {
		p.slopes(yi, vi, xs, mo)
	}
	if err := p.studies(yi, vi, fits, model, mo); err != nil {
		return nil, err
	}
	p.smallStudy(yi, vi, fits[model], model, mo)
	p.generalCaveats()
	return rep, nil
}

// pooler builds a PoolReport.
type pooler struct {
	in  PoolInput
	o   Options
	rep *PoolReport
}

func (p *pooler) isG() bool { return p.in.Measure == PoolHedgesG }

func (p *pooler) months(g float64) *int {
	if !p.isG() {
		return nil
	}
	return monthsPtr(g, p.o.MonthsTable)
}

func (p *pooler) caveats(ws []string) {
	for _, w := range ws {
		if !slices.Contains(p.rep.Caveats, w) {
			p.rep.Caveats = append(p.rep.Caveats, w)
		}
	}
}

func nanRow(sub, analysis, measure string, k int) PoolRow {
	return PoolRow{Subgroup: sub, Analysis: analysis, Measure: measure, K: k,
		Estimate: NaN, SE: NaN, CILow: NaN, CIHigh: NaN, DF: NaN, Statistic: NaN, PValue: NaN}
}

// rows appends the six rows of one fitted model.
func (p *pooler) rows(sub string, r meta.Result) {
	a := string(r.Model)
	why := func(q string) string { return r.Undefined[q] }
	method := "z"
	if r.KnappHartung {
		method = "knapp-hartung"
	}

	pe := nanRow(sub, a, PoolPooled, r.K)
	pe.Estimate, pe.SE, pe.CILow, pe.CIHigh = Num(r.Estimate), Num(r.SE), Num(r.CILow), Num(r.CIHigh)
	pe.DF, pe.Statistic, pe.PValue = Num(r.DF), Num(r.Statistic), Num(r.PValue)
	pe.CIMethod = method
	pe.MonthsProgress = p.months(r.Estimate)
	var notes []string
	if n := why(meta.QuantityPooled); n != "" {
		notes = append(notes, n)
	}
	if r.Model != meta.ModelFE && r.Method == meta.DL && r.Model.Method() == meta.REML {
		notes = append(notes, "REML did not converge: the DerSimonian–Laird τ² was used")
	}
	notes = append(notes, r.Warnings...)
	pe.Note = strings.Join(notes, "; ")

	t2 := nanRow(sub, a, PoolTau2, r.K)
	t2.Estimate, t2.CILow, t2.CIHigh = Num(r.Tau2), Num(r.Tau2CILow), Num(r.Tau2CIHigh)
	t2.Note = why(meta.QuantityTau2)
	if t2.Note == "" && r.Model == meta.ModelFE {
		t2.Note = "the common-effect model assumes τ² = 0"
	} else if t2.Note == "" && why(meta.QuantityTau2CI) != "" {
		t2.Note = "no interval: " + why(meta.QuantityTau2CI)
	}
	if !math.IsNaN(r.Tau2CILow) {
		t2.CIMethod = "q-profile"
	}

	i2 := nanRow(sub, a, PoolI2, r.K)
	i2.Estimate, i2.CILow, i2.CIHigh = Num(r.I2), Num(r.I2CILow), Num(r.I2CIHigh)
	i2.Note = why(meta.QuantityI2)
	h2 := nanRow(sub, a, PoolH2, r.K)
	h2.Estimate, h2.CILow, h2.CIHigh = Num(r.H2), Num(r.H2CILow), Num(r.H2CIHigh)
	h2.Note = why(meta.QuantityH2)
	for _, x := range []*PoolRow{&i2, &h2} {
		if !math.IsNaN(float64(x.CILow)) {
			x.CIMethod = "q-profile"
		}
	}
	if r.Model == meta.ModelFE && r.K > 1 {
		i2.Note = "from Q: max(0, 100 (Q − df)/Q)"
		h2.Note = "from Q: Q/df"
	}

	q := nanRow(sub, a, PoolQ, r.K)
	q.Estimate, q.DF, q.PValue = Num(r.Q), Num(r.QDF), Num(r.QPValue)
	q.Note = why(meta.QuantityQ)

	pi := nanRow(sub, a, PoolPrediction, r.K)
	pi.Estimate, pi.CILow, pi.CIHigh = Num(r.Estimate), Num(r.PILow), Num(r.PIHigh)
	pi.CIMethod = "predict"
	pi.Note = why(meta.QuantityPrediction)
	if pi.Note == "" {
		pi.Note = "where the true effect of a new study like these would lie; the estimate is the pooled effect"
		if r.Model == meta.ModelFE {
			pi.Note = "the common-effect model assumes every study has the same true effect, so this is the confidence interval"
		}
	} else {
		pi.Estimate = NaN
	}
	p.rep.Results = append(p.rep.Results, pe, t2, i2, h2, q, pi)
}

// headline fills PoolReport.Headline from the headline model's fit.
func (p *pooler) headline(r meta.Result, why string) {
	h := PoolHeadline{
		Analysis: string(r.Model), Reason: why, K: r.K,
		Estimate: Num(r.Estimate), SE: Num(r.SE), CILow: Num(r.CILow), CIHigh: Num(r.CIHigh),
		PValue: Num(r.PValue), DF: Num(r.DF), PILow: Num(r.PILow), PIHigh: Num(r.PIHigh),
		Tau2: Num(r.Tau2), I2: Num(r.I2), QPValue: Num(r.QPValue),
	}
	h.MonthsProgress = p.months(r.Estimate)
	h.CIMonthsLow, h.CIMonthsHigh = p.months(r.CILow), p.months(r.CIHigh)
	h.PIMonthsLow, h.PIMonthsHigh = p.months(r.PILow), p.months(r.PIHigh)
	if p.in.Measure == PoolLogOddsRatio {
		h.OddsRatio = &PoolRatio{Estimate: Num(math.Exp(r.Estimate)), CILow: Num(math.Exp(r.CILow)),
			CIHigh: Num(math.Exp(r.CIHigh)), PILow: Num(math.Exp(r.PILow)), PIHigh: Num(math.Exp(r.PIHigh))}
	}
	p.rep.Headline = h
}

// subgroups appends each level's rows (every model, the level fitted
// alone) and the q_between test of a REML meta-regression on the levels.
func (p *pooler) subgroups(yi, vi []float64, levels []string, mo meta.Options) error {
	by := p.in.By
	var all [][]meta.Subgroup
	for _, m := range meta.Models() {
		sg, err := meta.Subgroups(yi, vi, levels, m, mo)
		if err != nil {
			return fmt.Errorf("pooling by %s: %w", by, err)
		}
		all = append(all, sg)
	}
	for l := range all[0] {
		for _, sg := range all {
			p.rows(by+"="+sg[l].Level, sg[l].Result)
		}
	}
	qb := nanRow(by, string(meta.ModelREML), PoolQBetween, len(yi))
	qb.CIMethod = ""
	lv := meta.Levels(levels)
	if len(lv) < 2 {
		qb.Note = fmt.Sprintf("every study has %s = %s: there are no levels to compare", by, lv[0])
		p.rep.Results = append(p.rep.Results, qb)
		return nil
	}
	r, err := meta.FactorTest(yi, vi, levels, meta.ModelREML, mo)
	if err != nil {
		qb.Note = "not estimable: " + err.Error()
	} else {
		qb.Estimate, qb.Statistic, qb.DF, qb.PValue = Num(r.QM), Num(r.QM), Num(r.QMDF1), Num(r.QMPValue)
		qb.Note = fmt.Sprintf("test that the %d levels of %s share one mean effect: QM of a REML meta-regression on %s (χ² on %g df); residual τ² = %.4g",
			len(lv), by, by, r.QMDF1, r.Tau2)
		if len(r.Warnings) > 0 {
			qb.Note += "; " + strings.Join(r.Warnings, "; ")
		}
	}
	p.rep.Results = append(p.rep.Results, qb)
	return nil
}

// slopes appends the slope of the numeric moderator in every model.
func (p *pooler) slopes(yi, vi, xs []float64, mo meta.Options) {
	name := p.in.Moderator
	for _, m := range meta.Models() {
		row := nanRow(SubgroupAll, string(m), "slope_"+name, len(yi))
		r, err := meta.Slope(yi, vi, xs, name, m, mo)
		if err != nil {
			row.Note = "not estimable: " + err.Error()
			p.rep.Results = append(p.rep.Results, row)
			continue
		}
		c := r.Coefficients[1]
		row.Estimate, row.SE, row.CILow, row.CIHigh = Num(c.Estimate), Num(c.SE), Num(c.CILow), Num(c.CIHigh)
		row.Statistic, row.PValue, row.DF = Num(c.Statistic), Num(c.PValue), Num(r.DF)
		row.CIMethod = "z"
		if r.KnappHartung {
			row.CIMethod = "knapp-hartung"
		}
		row.Note = fmt.Sprintf("change in the effect size per unit of %s (meta-regression); residual τ² = %.4g", name, r.Tau2)
		if len(r.Warnings) > 0 {
			row.Note += "; " + strings.Join(r.Warnings, "; ")
		}
		p.rep.Results = append(p.rep.Results, row)
	}
}

// studies fills the per-study results: weights in every model and the
// headline model without each study.
func (p *pooler) studies(yi, vi []float64, fits map[meta.Model]meta.Result, model meta.Model, mo meta.Options) error {
	k := len(yi)
	var loo []meta.Result
	if k >= 2 {
		var err error
		if loo, err = meta.LeaveOneOut(yi, vi, model, mo); err != nil {
			return fmt.Errorf("pooling: %w", err)
		}
	}
	z := ttest.ZCrit(p.o.Confidence)
	for i, s := range p.in.Studies {
		se := math.Sqrt(vi[i])
		sr := PoolStudyResult{
			Study: s.Name, Outcome: s.Outcome, Source: s.Source, Input: s.Input,
			Yi: Num(yi[i]), Vi: Num(vi[i]), SE: Num(se), CILow: Num(yi[i] - z*se), CIHigh: Num(yi[i] + z*se),
			MonthsProgress: p.months(yi[i]), NTreated: s.NTreated, NComparison: s.NComparison,
			Level: s.Level, X: NaN, Moderators: s.Moderators, Note: s.Note,
		}
		if p.in.Moderator != "" {
			sr.X = Num(s.X)
		}
		if sr.Moderators == nil {
			sr.Moderators = []PoolField{}
		}
		w := func(m meta.Model) Num { return Num(fits[m].Weights[i]) }
		sr.Weights = PoolWeights{FE: w(meta.ModelFE), DL: w(meta.ModelDL), REML: w(meta.ModelREML),
			PM: w(meta.ModelPM), REMLKnHa: w(meta.ModelREMLKnHa)}
		l := PoolLeaveOneOut{Analysis: string(model), Estimate: NaN, SE: NaN, CILow: NaN, CIHigh: NaN,
			PValue: NaN, Tau2: NaN, I2: NaN}
		if loo == nil {
			l.Note = "one study: nothing is left without it"
		} else {
			r := loo[i]
			l.Estimate, l.SE, l.CILow, l.CIHigh, l.PValue = Num(r.Estimate), Num(r.SE), Num(r.CILow), Num(r.CIHigh), Num(r.PValue)
			l.Tau2, l.I2 = Num(r.Tau2), Num(r.I2)
			var notes []string
			for _, q := range []string{meta.QuantityPooled, meta.QuantityTau2} {
				if n := r.Undefined[q]; n != "" && !slices.Contains(notes, n) {
					notes = append(notes, n)
				}
			}
			notes = append(notes, r.Warnings...)
			l.Note = strings.Join(notes, "; ")
		}
		sr.LeaveOneOut = l
		p.rep.Studies = append(p.rep.Studies, sr)
	}
	return nil
}

// smallStudy runs Egger's test with the headline model and describes the
// funnel, when there are at least PoolSmallStudyK studies.
func (p *pooler) smallStudy(yi, vi []float64, head meta.Result, model meta.Model, mo meta.Options) {
	k := len(yi)
	e := PoolEgger{Analysis: string(model), K: k, Statistic: NaN, DF: NaN, PValue: NaN,
		Slope: NaN, SlopeSE: NaN, Limit: NaN, LimitCILow: NaN, LimitCIHigh: NaN}
	defer func() { p.rep.SmallStudy = e }()
	if k < PoolSmallStudyK {
		e.Note = fmt.Sprintf("not tested: with %d studies (fewer than %d) Egger's test has almost no power to detect small-study effects, and a funnel plot cannot be read", k, PoolSmallStudyK)
		return
	}
	f, err := meta.NewFunnel(yi, vi, head.Estimate, p.o.Confidence)
	if err == nil {
		names := make([]string, k)
		for i, s := range p.in.Studies {
			names[i] = s.Name
		}
		p.rep.Funnel = &PoolFunnel{Studies: names, Effects: f.Effects, SEs: f.SEs, Centre: f.Centre, Z: f.Z, Level: f.Level, MaxSE: f.MaxSE}
	}
	r, err := meta.Egger(yi, vi, model, mo)
	if err != nil {
		e.Note = "not estimable: " + err.Error()
		return
	}
	e.Statistic, e.DF, e.PValue = Num(r.Statistic), Num(r.DF), Num(r.PValue)
	e.Slope, e.SlopeSE = Num(r.Slope), Num(r.SlopeSE)
	e.Limit, e.LimitCILow, e.LimitCIHigh = Num(r.Limit), Num(r.LimitCILow), Num(r.LimitCIHigh)
	e.Note = "Egger's regression test (metafor's regtest): the effect sizes regressed on their standard errors; a slope far from 0 means smaller studies found systematically different effects"
	if len(r.Warnings) > 0 {
		e.Note += "; " + strings.Join(r.Warnings, "; ")
	}
}

// generalCaveats adds the warnings every reader of a pooling needs.
func (p *pooler) generalCaveats() {
	k := p.rep.K
	var outs []string
	for _, s := range p.in.Studies {
		if s.Outcome != "" && !slices.Contains(outs, s.Outcome) {
			outs = append(outs, s.Outcome)
		}
	}
	var cs []string
	if k == 1 {
		cs = append(cs, "Only one study: there is nothing to pool, and how much the effect varies between places cannot be estimated.")
	} else if k < PoolSmallStudyK {
		cs = append(cs, fmt.Sprintf("With %d studies, the between-study variance (τ²) is estimated imprecisely: read its interval and the prediction interval, not the point estimate alone. Small-study effects are not tested (that needs %d or more studies).", k, PoolSmallStudyK))
	}
	var rev []string
	for _, s := range p.in.Studies {
		if s.Reversed {
			rev = append(rev, s.Name)
		}
	}
	for _, s := range p.in.Studies {
		if len(s.OtherOutcomes) > 0 {
			cs = append(cs, fmt.Sprintf("%s has %d outcomes: its first, %s, is pooled, not %s; name the one to pool with --outcome.",
				s.Name, len(s.OtherOutcomes)+1, s.Outcome, joinAnd(s.OtherOutcomes)))
		}
	}
	if len(rev) > 0 {
		cs = append(cs, fmt.Sprintf("Lower is better for the outcome of %s: each such effect enters with its sign reversed (its own report gives it as it stood), so that above 0 means the programme helped in every study.", joinAnd(rev)))
	}
	if len(outs) > 1 {
		cs = append(cs, fmt.Sprintf("The studies measured different outcomes (%s): pooling them assumes they measure the same thing on comparable scales.", strings.Join(outs, ", ")))
	}
	if p.in.By != "" || p.in.Moderator != "" {
		cs = append(cs, "Differences between kinds of study (subgroups, slopes) are associations across studies, not effects of the characteristic itself: places that differ in one way usually differ in others, and with few studies per level the tests have little power.")
	}
	cs = append(cs, "Pooling assumes each study is a separate group of pupils: the same pupils must not appear in two studies.")
	p.caveats(cs)
}
