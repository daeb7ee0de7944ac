package reports

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
)

// Sheets of the pool workbook, in order.
const (
	sheetPoolStudies    = "Studies"
	sheetPoolModels     = "Models"
	sheetPoolModerators = "Moderators"
)

// WritePoolWorkbookTo writes the workbook of a pooling to w: Summary (the
// EEF-style table of the pooled effect, overall and by level, the key
// conclusions and the forest plot), Studies (each study with its weights
// and leave-one-out fit), Models (every row of every model), Moderators
// (subgroups, q_between, slopes, small-study effects and the funnel plot)
// and Method (formulas, references, software and inputs). Of o it uses
// Version, Date, Inputs and PlotPNGs (see PoolEmbeddedPlots). The same
// report and options give the same bytes.
func WritePoolWorkbookTo(ctx context.Context, w io.Writer, r *evaluate.PoolReport, o WorkbookOptions) error {
	if r == nil {
		return fmt.Errorf("no report")
	}
	if o.Version == "" {
		o.Version = Version
	}
	f := excelize.NewFile()
	defer f.Close()
	pb := &poolBook{book: &book{ctx: ctx, f: f, r: &evaluate.Report{Title: r.Title}, o: o}, p: r}
	if err := pb.makeStyles(); err != nil {
		return err
	}
	if err := pb.poolStyles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	for _, s := range []string{sheetPoolStudies, sheetPoolModels, sheetPoolModerators, sheetMethod} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	for _, step := range []func() error{pb.summary, pb.studies, pb.models, pb.moderators, pb.method, pb.docProps} {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
	}
	for _, s := range f.GetSheetList() {
		if err := pb.pageSetup(s); err != nil {
			return err
		}
		if s == sheetPoolStudies || s == sheetPoolModels {
			if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + s + "'!$1:$1", Scope: s}); err != nil {
				return err
			}
		}
	}
	f.SetActiveSheet(0)
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	return f.Write(w)
}

// poolBook is a pool workbook being built, on the styles and helpers of
// the analyse workbook.
type poolBook struct {
	*book
	p                       *evaluate.PoolReport
	num4, pct, text, centre int
}

func (b *poolBook) poolStyles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	cf := func(s string) *string { return &s }
	top := &excelize.Alignment{Vertical: "top"}
	b.num4 = mk(&excelize.Style{CustomNumFmt: cf("0.0000"), Alignment: top})
	b.pct = mk(&excelize.Style{CustomNumFmt: cf(`0"%"`), Alignment: top})
	b.text = b.st.text
	b.centre = mk(&excelize.Style{Font: &excelize.Font{Size: 11, Family: "Calibri"}, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	return err
}

// cellValue is a value and its style.
type cellValue struct {
	v  any
	st int
}

// putRow writes values from column 1 of row.
func (b *poolBook) putRow(s string, row int, cells []cellValue) error {
	for i, c := range cells {
		if err := b.put(s, i+1, row, c.v, c.st); err != nil {
			return err
		}
	}
	return nil
}

// ---- Summary ----

func (b *poolBook) summary() error {
	s, r := sheetSummary, b.p
	h := r.Headline
	const cols = 8
	w := []float64{24, 10, 24, 14, 34, 24, 10, 22}
	if err := b.widths(s, w...); err != nil {
		return err
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	if err := b.put(s, 1, 1, r.Title, b.st.title); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 24); err != nil {
		return err
	}
	sub := "Executive summary · Several evaluations pooled (meta-analysis)"
	if b.o.Date != "" {
		sub += " · " + b.o.Date
	}
	if err := b.put(s, 1, 2, sub, b.st.subtitle); err != nil {
		return err
	}
	isG := r.Measure == evaluate.PoolHedgesG
	ci := ciLabel(r.Confidence)
	pi := strings.Replace(ci, "CI", "prediction interval", 1)
	hdr := []string{"Group", "Studies", "Pooled effect size (" + ci + ")", "Estimated months' progress",
		"In a new school like these (" + pi + ")", "Variation between places", "p-value", "No. of pupils (intervention; comparison)"}
	row := 4
	if err := b.header(s, row, hdr, false); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, row, 47); err != nil {
		return err
	}
	groups := []struct{ label, sub string }{{"All studies", evaluate.SubgroupAll}}
	for _, sg := range poolSubgroups(r) {
		groups = append(groups, struct{ label, sub string }{strings.Replace(sg, "=", " = ", 1), sg})
	}
	for _, g := range groups {
		m := poolModel(r, g.sub, h.Analysis)
		pe, t2, i2, pr := m[evaluate.PoolPooled], m[evaluate.PoolTau2], m[evaluate.PoolI2], m[evaluate.PoolPrediction]
		row++
		es := num2(float64(pe.Estimate))
		if c := rangeText(pe.CILow, pe.CIHigh); c != "" {
			es += " (" + c + ")"
		}
		piText := rangeText(pr.CILow, pr.CIHigh)
		if isG && piText != "" {
			piText = fmt.Sprintf("%s to %s months (g %s)", monthsBound(rating.MonthsProgress(float64(pr.CILow), r.MonthsTable)),
				monthsBound(rating.MonthsProgress(float64(pr.CIHigh), r.MonthsTable)), piText)
		}
		if piText == "" {
			piText = "not estimable: " + pr.Note
		}
		variation := ""
		if !math.IsNaN(float64(t2.Estimate)) {
			variation = fmt.Sprintf("τ² = %s; I² = %s", num4(float64(t2.Estimate)), pctText(float64(i2.Estimate)))
		}
		var months any
		if isG {
			months = pe.MonthsProgress
		}
		cells := []cellValue{{g.label, b.st.boldWrap}, {pe.K, b.centre}, {es, b.st.text}, {months, b.st.monthsC},
			{piText, b.st.wrap}, {variation, b.st.wrap}, {pe.PValue, b.st.pvalC}, {pupilsText(r, g.sub), b.st.text}}
		if err := b.putRow(s, row, cells); err != nil {
			return err
		}
		if err := b.f.SetRowHeight(s, row, math.Max(textHeight(piText, w[4]), 18)); err != nil {
			return err
		}
	}
	what := "Effect sizes are " + poolMeasureWords(r.Measure) + ", pooled by " + modelWords(h.Analysis) + " (" + h.Analysis + "): " + h.Reason + "."
	if isG {
		what += " Months' progress: the EEF " + monthsTableName(r.MonthsTable) + "."
	}
	notes := []string{what, "Each study and its weight: Studies sheet; every model: Models sheet; groups and small-study effects: Moderators sheet; how it was worked out: Method sheet."}
	for _, n := range notes {
		row++
		if err := b.paragraph(s, row, cols, n, b.st.note, total); err != nil {
			return err
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Key conclusions", b.st.h2); err != nil {
		return err
	}
	conc := PoolHeadlines(r)
	for _, c := range r.Caveats {
		if len(conc) >= 6 {
			break
		}
		conc = append(conc, c)
	}
	for i, c := range conc {
		row++
		if err := b.paragraph(s, row, cols, fmt.Sprintf("%d. %s", i+1, c), b.st.wrap, total); err != nil {
			return err
		}
	}

	row += 2
	if err := b.put(s, 1, row, "About this pooling", b.st.h2); err != nil {
		return err
	}
	facts := [][2]string{
		{"Title", r.Title},
		{"Studies", fmt.Sprint(r.K)},
		{"Effect sizes", capitalise(poolMeasureWords(r.Measure))},
		{"Headline model", modelWords(h.Analysis) + " (" + h.Analysis + ")"},
		{"Date", b.o.Date},
		{"Confidence intervals", capitalise(intervalName(r.Confidence))},
		{"Produced by", "whatworks " + b.o.Version},
	}
	for _, kv := range facts {
		row++
		if err := b.put(s, 1, row, kv[0], b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, kv[1], b.st.text); err != nil {
			return err
		}
	}
	row++
	_, err := b.images(s, row+1)
	return err
}

// pupilsText is "612; 598" summed over the studies of a group when every
// one of them gives its numbers of pupils, else "".
func pupilsText(r *evaluate.PoolReport, sub string) string {
	nt, nc := 0, 0
	for _, s := range r.Studies {
		if sub != evaluate.SubgroupAll && r.By+"="+s.Level != sub {
			continue
		}
		if s.NTreated == nil || s.NComparison == nil {
			return ""
		}
		nt += *s.NTreated
		nc += *s.NComparison
	}
	return fmt.Sprintf("%d; %d", nt, nc)
}

// modelWords names a model in words.
func modelWords(a string) string {
	switch a {
	case "meta_fe":
		return "the common-effect model"
	case "meta_dl":
		return "the random-effects model (DerSimonian–Laird)"
	case "meta_reml":
		return "the random-effects model (REML)"
	case "meta_pm":
		return "the random-effects model (Paule–Mandel)"
	case "meta_reml_knha":
		return "the random-effects model (REML) with the Knapp–Hartung adjustment"
	}
	return a
}

// ---- Studies ----

func (b *poolBook) studies() error {
	s, r := sheetPoolStudies, b.p
	head := r.Headline.Analysis
	ci := ciLabel(r.Confidence)
	var mods []string
	for _, st := range r.Studies {
		for _, m := range st.Moderators {
			if !containsStr(mods, m.Name) {
				mods = append(mods, m.Name)
			}
		}
	}
	hdr := []string{"Study", "Effect size from", "Pupils (intervention; comparison)", "Effect size", "SE", ci + " low", ci + " high", "Months' progress",
		"Weight (%), " + head}
	hdr = append(hdr, mods...)
	hdr = append(hdr, "Without this study: pooled effect", "… "+ci, "Note")
	widths := []float64{24, 15, 14, 10, 9, 9, 9, 9, 11}
	for range mods {
		widths = append(widths, 12)
	}
	widths = append(widths, 11, 14, 44)
	if err := b.widths(s, widths...); err != nil {
		return err
	}
	if err := b.header(s, 1, hdr, true); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(s, 1, 64); err != nil {
		return err
	}
	row := 1
	for _, st := range r.Studies {
		row++
		l := st.LeaveOneOut
		cells := []cellValue{{st.Study, b.st.bold}, {inputShort(st.Input), b.text}, {nPairText(st.NTreated, st.NComparison), b.centre},
			{st.Yi, b.st.num2}, {st.SE, b.st.num3}, {st.CILow, b.st.num2}, {st.CIHigh, b.st.num2}, {st.MonthsProgress, b.st.months},
			{poolWeight(st.Weights, head), b.st.num1}}
		for _, name := range mods {
			v := ""
			for _, m := range st.Moderators {
				if m.Name == name {
					v = m.Value
				}
			}
			cells = append(cells, cellValue{v, b.text})
		}
		note := st.Note
		if l.Note != "" {
			note = strings.TrimPrefix(note+"; without it: "+l.Note, "; ")
		}
		cells = append(cells, cellValue{l.Estimate, b.st.num2}, cellValue{rangeText(l.CILow, l.CIHigh), b.centre}, cellValue{note, b.st.wrap})
		if err := b.putRow(s, row, cells); err != nil {
			return err
		}
	}
	row += 2
	note := "Weight: each study's share of the model's total weight, 1/(vᵢ + τ²), in percent. \"Without this study\": the headline model (" + head + ") fitted to the other studies (leave-one-out), which shows how much the result rests on any one study. Effect sizes and intervals: 2 decimals shown, full precision stored; the JSON output (docs/json.md) has the same numbers."
	if err := b.paragraph(s, row, len(hdr), note, b.st.note, 150); err != nil {
		return err
	}

	// Every model's weights, the variances and where each study was read.
	row += 2
	if err := b.put(s, 1, row, "Weights in every model (%), sampling variances and sources", b.st.h2); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Study", "meta_fe", "meta_dl", "meta_reml", "meta_pm", "meta_reml_knha", "Variance (vi)", "Without: τ²", "Without: I² (%)", "Source"}, false); err != nil {
		return err
	}
	for _, st := range r.Studies {
		row++
		w := st.Weights
		cells := []cellValue{{st.Study, b.st.bold}, {w.FE, b.st.num1}, {w.DL, b.st.num1}, {w.REML, b.st.num1}, {w.PM, b.st.num1}, {w.REMLKnHa, b.st.num1},
			{st.Vi, b.num4}, {st.LeaveOneOut.Tau2, b.num4}, {st.LeaveOneOut.I2, b.pct}, {st.Source, b.text}}
		if err := b.putRow(s, row, cells); err != nil {
			return err
		}
	}
	row += 2
	return b.paragraph(s, row, len(hdr), "The common-effect model (meta_fe) gives large studies far more weight than the random-effects models, which allow for real differences between places and so spread the weight more evenly.", b.st.note, 150)
}

// nPairText is "48; 50", or "" when unknown.
func nPairText(t, c *int) string {
	if t == nil || c == nil {
		return ""
	}
	return fmt.Sprintf("%d; %d", *t, *c)
}

// monthsBound is months' progress as an interval end: "+6", "−1", and
// "+12 or more" at the top of the EEF table.
func monthsBound(m int) string {
	switch {
	case m >= 12:
		return "+12 or more"
	case m <= -12:
		return "−12 or less"
	}
	return signedMonths(m)
}

// ---- Models ----

func (b *poolBook) models() error {
	s, r := sheetPoolModels, b.p
	hdr := []string{"Group", "Analysis", "Measure", "Studies", "Estimate", "SE", "CI low", "CI high", "CI method", "df", "Statistic", "p-value", "Months' progress", "Note"}
	if err := b.widths(s, 18, 16, 20, 8, 10, 9, 10, 10, 14, 7, 10, 9, 10, 70); err != nil {
		return err
	}
	if err := b.header(s, 1, hdr, true); err != nil {
		return err
	}
	row := 1
	for _, x := range r.Results {
		row++
		st := b.num4
		if x.Measure == evaluate.PoolI2 || x.Measure == evaluate.PoolQ || x.Measure == evaluate.PoolQBetween {
			st = b.st.num2
		}
		cells := []cellValue{{x.Subgroup, b.text}, {x.Analysis, b.text}, {x.Measure, b.text}, {x.K, b.centre},
			{x.Estimate, st}, {x.SE, b.num4}, {x.CILow, st}, {x.CIHigh, st}, {x.CIMethod, b.centre}, {x.DF, b.st.num1},
			{x.Statistic, b.st.num2}, {x.PValue, b.st.pval}, {x.MonthsProgress, b.st.months}, {x.Note, b.text}}
		if err := b.putRow(s, row, cells); err != nil {
			return err
		}
	}
	if row > 1 {
		if err := b.f.AutoFilter(s, "A1:"+cell(len(hdr), row), nil); err != nil {
			return err
		}
	}
	row += 2
	note := "Every model's rows, as in the JSON output: pooled_effect (μ̂ with its interval and test), tau2 (between-study variance, Q-profile interval), i2 (percent), h2, q (Cochran's Q), prediction_interval (where a new study's true effect would lie); q_between and slope_COLUMN for moderators. Empty cells do not apply or cannot be computed: the note says why."
	return b.paragraph(s, row, 12, note, b.st.note, 150)
}

// ---- Moderators ----

func (b *poolBook) moderators() error {
	s, r := sheetPoolModerators, b.p
	head := r.Headline.Analysis
	if err := b.widths(s, 24, 9, 12, 20, 10, 12, 12, 10); err != nil {
		return err
	}
	const width = 110.0
	row := 1
	if err := b.put(s, 1, row, "Does the effect differ between kinds of place?", b.st.title); err != nil {
		return err
	}
	if r.By == "" && r.Moderator == "" {
		row += 2
		if err := b.paragraph(s, row, 8, "No moderator was asked for: run whatworks pool with --by COLUMN (a label such as region) or --moderator COLUMN (a number such as the share of pupils eligible for free school meals).", b.st.wrap, width); err != nil {
			return err
		}
	}
	if r.By != "" {
		row += 2
		if err := b.put(s, 1, row, "By "+r.By+" (each level pooled alone, "+head+")", b.st.h2); err != nil {
			return err
		}
		row++
		if err := b.header(s, row, []string{"Group", "Studies", "Effect size", ciLabel(r.Confidence), "p-value", "Months' progress", "τ²", "I²"}, false); err != nil {
			return err
		}
		for _, sg := range poolSubgroups(r) {
			m := poolModel(r, sg, head)
			pe := m[evaluate.PoolPooled]
			row++
			var months any
			if r.Measure == evaluate.PoolHedgesG {
				months = pe.MonthsProgress
			}
			cells := []cellValue{{strings.Replace(sg, "=", " = ", 1), b.st.bold}, {pe.K, b.centre}, {pe.Estimate, b.st.num2},
				{rangeText(pe.CILow, pe.CIHigh), b.centre}, {pe.PValue, b.st.pval}, {months, b.st.months},
				{m[evaluate.PoolTau2].Estimate, b.num4}, {m[evaluate.PoolI2].Estimate, b.pct}}
			if err := b.putRow(s, row, cells); err != nil {
				return err
			}
		}
		if qb := findPool(r, r.By, "meta_reml", evaluate.PoolQBetween); qb != nil {
			row++
			if err := b.paragraph(s, row, 8, qBetweenText(qb)+" Subgroups are fitted alone, each with its own τ²; the test fits one τ² shared by all levels, so it is not a comparison of the rows above.", b.st.wrap, width); err != nil {
				return err
			}
		}
	}
	if r.Moderator != "" {
		row += 2
		if err := b.put(s, 1, row, "Slope on "+r.Moderator+" (meta-regression)", b.st.h2); err != nil {
			return err
		}
		row++
		if err := b.header(s, row, []string{"Model", "", "Slope", ciLabel(r.Confidence), "p-value", "df"}, false); err != nil {
			return err
		}
		for _, x := range r.Results {
			if x.Measure != "slope_"+r.Moderator {
				continue
			}
			row++
			name := x.Analysis
			if name == head {
				name += " (headline)"
			}
			cells := []cellValue{{name, b.text}, {nil, 0}, {x.Estimate, b.num4}, {rangeText4(x.CILow, x.CIHigh), b.centre}, {x.PValue, b.st.pval}, {x.DF, b.st.num1}}
			if err := b.putRow(s, row, cells); err != nil {
				return err
			}
		}
		row++
		if err := b.paragraph(s, row, 8, "The slope is the change in the effect size for each unit of "+r.Moderator+".", b.st.note, width); err != nil {
			return err
		}
	}
	row++
	if r.By != "" || r.Moderator != "" {
		row++
		if err := b.paragraph(s, row, 8, "Differences between kinds of place are associations across studies, not effects of the characteristic itself: places that differ in one way usually differ in others, and with few studies per level these tests have little power.", b.st.note, width); err != nil {
			return err
		}
	}

	row += 2
	if err := b.put(s, 1, row, "Small-study effects", b.st.h2); err != nil {
		return err
	}
	texts := smallStudyText(r)
	if len(texts) == 1 {
		texts = append(texts, SmallStudyCaution)
	}
	for _, t := range texts {
		row++
		if err := b.paragraph(s, row, 8, t, b.st.wrap, width); err != nil {
			return err
		}
	}
	row++
	_, err := b.images(s, row+1)
	return err
}

// ---- Method ----

// poolFormulas are the Method sheet's formulas (docs/methods.md §17).
var poolFormulas = [][2]string{
	{"Effect size from summaries", "g = J (mean_t − mean_c)/s_p, J = 1 − 3/(4N − 9), s_p the pooled SD; vᵢ = 1/n_t + 1/n_c + g²/(2N) (Hedges 1981; Hedges & Olkin 1985), as whatworks effect"},
	{"… with a pretest", "g = g_post − g_pre (WWC difference in differences), vᵢ = v_post + v_pre − 2 cov, cov = r (1/n_t + 1/n_c) + r² g_post g_pre /(2N); r = 0 when not given (WWC Procedures Handbook v4.1)"},
	{"Effect size from counts", "log odds ratio log(a d/(b c)), vᵢ = 1/a + 1/b + 1/c + 1/d (Woolf 1955); risk difference p_t − p_c, vᵢ = p_t(1 − p_t)/n_t + p_c(1 − p_c)/n_c; 1/2 added to every cell of a table with a 0 (metafor's escalc)"},
	{"From an SE or a CI", "vᵢ = se²; from a CI [lo, hi]: se = (hi − lo)/(2 z₁₋α/₂)"},
	{"Pooled effect", "μ̂ = Σ wᵢ yᵢ / Σ wᵢ, wᵢ = 1/(vᵢ + τ̂²), SE = √(1/Σ wᵢ); CI μ̂ ± z SE"},
	{"Between-study variance τ²", "meta_fe: 0; meta_dl: max(0, (Q − (k − 1))/(Σw − Σw²/Σw)) (DerSimonian & Laird 1986); meta_reml: restricted maximum likelihood by Fisher scoring (Viechtbauer 2005); meta_pm: Q(τ²) = k − 1 (Paule & Mandel 1982)"},
	{"Knapp–Hartung", "SE² = s²/Σ wᵢ, s² = Σ wᵢ (yᵢ − μ̂)²/(k − 1); t on k − 1 df (Knapp & Hartung 2003)"},
	{"Heterogeneity", "Q = Σ (yᵢ − μ̂_FE)²/vᵢ on k − 1 df (Cochran); I² = 100 τ̂²/(ṽ + τ̂²), H² = τ̂²/ṽ + 1, ṽ = (k − 1)/(Σw − Σw²/Σw), w = 1/vᵢ (Higgins & Thompson 2002)"},
	{"Interval for τ²", "Q-profile: the τ² at which Σ (yᵢ − μ̂(τ²))²/(vᵢ + τ²) equals χ²'s quantiles on k − 1 df (Viechtbauer 2007)"},
	{"Prediction interval", "μ̂ ± c √(SE² + τ̂²), c = z or t(k − 1) (Higgins, Thompson & Spiegelhalter 2009; metafor's predict)"},
	{"Headline model", "meta_reml_knha when k < 10 or τ̂² > 0, else meta_reml (IntHout, Ioannidis & Borm 2014)"},
	{"Moderators", "subgroups: each level pooled alone; q_between: QM = b′ Var(b)⁻¹ b of a REML meta-regression on the levels, χ² on L − 1 df; slope: meta-regression on a number (Raudenbush 2009)"},
	{"Small-study effects", "Egger's test: yᵢ = β₀ + β₁ √vᵢ + uᵢ + eᵢ, test of β₁ = 0, with the headline model, only when k ≥ 10 (Egger et al. 1997)"},
}

var poolReferences = []string{
	"DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials. Controlled Clinical Trials 7(3), 177–188. doi:10.1016/0197-2456(86)90046-2",
	"Egger, M., Davey Smith, G., Schneider, M. & Minder, C. (1997). Bias in meta-analysis detected by a simple, graphical test. BMJ 315(7109), 629–634. doi:10.1136/bmj.315.7109.629",
	"Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related estimators. Journal of Educational Statistics 6(2), 107–128. doi:10.3102/10769986006002107",
	"Hedges, L. V. & Olkin, I. (1985). Statistical Methods for Meta-Analysis. Orlando: Academic Press.",
	"Higgins, J. P. T. & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis. Statistics in Medicine 21(11), 1539–1558. doi:10.1002/sim.1186",
	"Higgins, J. P. T., Thompson, S. G. & Spiegelhalter, D. J. (2009). A re-evaluation of random-effects meta-analysis. Journal of the Royal Statistical Society A 172(1), 137–159. doi:10.1111/j.1467-985X.2008.00552.x",
	"IntHout, J., Ioannidis, J. P. A. & Borm, G. F. (2014). The Hartung-Knapp-Sidik-Jonkman method for random effects meta-analysis is straightforward and considerably outperforms the standard DerSimonian-Laird method. BMC Medical Research Methodology 14, 25. doi:10.1186/1471-2288-14-25",
	"Knapp, G. & Hartung, J. (2003). Improved tests for a random effects meta-regression with a single covariate. Statistics in Medicine 22(17), 2693–2710. doi:10.1002/sim.1482",
	"Paule, R. C. & Mandel, J. (1982). Consensus values and weighting factors. Journal of Research of the National Bureau of Standards 87(5), 377–385. doi:10.6028/jres.087.022",
	"Raudenbush, S. W. (2009). Analyzing effect sizes: random-effects models. In H. Cooper, L. V. Hedges & J. C. Valentine (eds), The Handbook of Research Synthesis and Meta-Analysis, 2nd ed., 295–315. New York: Russell Sage Foundation.",
	"Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the random-effects model. Journal of Educational and Behavioral Statistics 30(3), 261–293. doi:10.3102/10769986030003261",
	"Viechtbauer, W. (2007). Confidence intervals for the amount of heterogeneity in meta-analysis. Statistics in Medicine 26(1), 37–52. doi:10.1002/sim.2514",
	"Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package. Journal of Statistical Software 36(3), 1–48. doi:10.18637/jss.v036.i03",
	"What Works Clearinghouse (2020). Procedures Handbook, Version 4.1. U.S. Department of Education, Institute of Education Sciences.",
	"Woolf, B. (1955). On estimating the relation between blood group and disease. Annals of Human Genetics 19(4), 251–253. doi:10.1111/j.1469-1809.1955.tb01348.x",
}

func (b *poolBook) method() error {
	s, r := sheetMethod, b.p
	if err := b.widths(s, 30, 16, 16, 90); err != nil {
		return err
	}
	const width = 122.0
	row := 1
	if err := b.put(s, 1, row, "How these results were produced", b.st.title); err != nil {
		return err
	}
	section := func(name string) error {
		row += 2
		return b.put(s, 1, row, name, b.st.h2)
	}
	kv := func(k, v string) error {
		row++
		if err := b.put(s, 1, row, k, b.st.bold); err != nil {
			return err
		}
		if err := b.put(s, 2, row, v, b.st.wrap); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
		return b.f.SetRowHeight(s, row, textHeight(v, width-30))
	}
	h := r.Headline
	items := []func() error{
		func() error { return section("The pooling") },
		func() error { return kv("Title", r.Title) },
		func() error { return kv("Studies", fmt.Sprint(r.K)) },
		func() error { return kv("Effect sizes", capitalise(poolMeasureWords(r.Measure))) },
		func() error { return kv("Headline model", modelWords(h.Analysis)+" ("+h.Analysis+"): "+h.Reason) },
		func() error { return kv("Confidence level", trimFloat(r.Confidence*100)+"%") },
		func() error {
			if r.Measure != evaluate.PoolHedgesG {
				return kv("Months' progress", "Not given: months' progress converts Hedges' g only.")
			}
			return kv("Months' progress", "EEF "+monthsTableName(r.MonthsTable))
		},
		func() error {
			return kv("Models", "Every model is reported (Models sheet): the common-effect model (meta_fe) assumes one true effect everywhere; the random-effects models (meta_dl, meta_reml, meta_pm, meta_reml_knha) let the true effect vary between places and differ in how they estimate that variation.")
		},
		func() error { return section("Caveats") },
	}
	for _, it := range items {
		if err := it(); err != nil {
			return err
		}
	}
	for _, c := range r.Caveats {
		row++
		if err := b.paragraph(s, row, 4, "• "+c, b.st.wrap, width); err != nil {
			return err
		}
	}
	if err := section("Formulas"); err != nil {
		return err
	}
	for _, fm := range poolFormulas {
		if err := kv(fm[0], fm[1]); err != nil {
			return err
		}
	}
	row++
	if err := b.paragraph(s, row, 4, "Every number agrees with R's metafor package (rma, confint, predict, leave1out, regtest, escalc); fixtures/meta and docs/methods.md §17 in the whatworks sources give the checks and every formula.", b.st.note, width); err != nil {
		return err
	}
	if err := section("References"); err != nil {
		return err
	}
	for _, ref := range poolReferences {
		row++
		if err := b.paragraph(s, row, 4, ref, b.st.wrap, width); err != nil {
			return err
		}
	}
	if err := section("Software and inputs"); err != nil {
		return err
	}
	if err := kv("whatworks version", b.o.Version); err != nil {
		return err
	}
	if err := kv("Date", b.o.Date); err != nil {
		return err
	}
	row++
	if err := b.header(s, row, []string{"Input file", "SHA-256", "", ""}, false); err != nil {
		return err
	}
	for _, in := range b.o.Inputs {
		row++
		if err := b.put(s, 1, row, in.Name, b.st.text); err != nil {
			return err
		}
		if err := b.put(s, 2, row, in.SHA256, b.st.mono); err != nil {
			return err
		}
		if err := b.f.MergeCell(s, cell(2, row), cell(4, row)); err != nil {
			return err
		}
	}
	return nil
}

func (b *poolBook) docProps() error {
	when := "2000-01-01T00:00:00Z"
	if len(b.o.Date) == 10 {
		when = b.o.Date + "T00:00:00Z"
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title: b.p.Title, Subject: "Pooled evaluations (meta-analysis)",
		Creator: "whatworks " + b.o.Version, LastModifiedBy: "whatworks " + b.o.Version,
		Created: when, Modified: when, Language: "en-GB",
		Description: "Produced by whatworks pool",
	})
}
