package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/publish"
	"github.com/whatworks/whatworks/reports/words"
)

// Options are what the summary needs beyond the report.
type Options struct {
	Version    string // whatworks version ("" = words.Version)
	Date       string // the date the summary states (YYYY-MM-DD)
	DesignName string // the design file's name
	// CostPerPupil (pounds per pupil per year) gives the EEF cost rating
	// when the report's ratings have none; nil leaves it unrated.
	CostPerPupil *float64
	// Forest draws the forest plot of a report as SVG (the plot package's
	// ForestPlot), nil when it has nothing to plot; the page draws it
	// inline, for the lines its table keeps. A nil Forest leaves the plot
	// out.
	Forest func(*evaluate.Report) ([]byte, error)
	// Publish is the publishing rules the report was published under
	// (publish.Apply), stated under the table; nil for none.
	Publish *publish.Rules
}

// MaxConclusions and MaxCaveats bound the lists so that the summary
// prints on one A4 page; the rest are counted and pointed to.
const (
	MaxConclusions = 5
	MaxCaveats     = 4
)

//go:embed summary.html.tmpl
var pageTemplate string

var page = template.Must(template.New("summary").Parse(pageTemplate))

// line is one line of the summary table.
type line struct {
	outcome, subgroup                                         string // the result's keys
	Outcome, Group, Effect, Months, Security, Pupils, P, Cost string
	First                                                     bool // the outcome's first line
	Rows                                                      int  // the outcome's lines (on its first)
}

// security is the rating of one headline: its three criteria, the drop
// for threats and the rating.
type security struct {
	outcome                               string // the result's key
	Outcome                               string
	Design, MDES, Attrition, Drop, Rating string
}

// view is what the template shows.
type view struct {
	Title, Subtitle, CILabel string
	Lines                    []line
	Conclusions              []string
	MoreConclusions          int
	// designConclusions is the number of sentences at the end of
	// Conclusions that apply to every outcome (words.DesignHeadlines):
	// they stay when outcomes' sentences are left out.
	designConclusions int
	Forest            template.HTML
	forestAspect      float64 // the plot's height over its width
	Security          []security
	SecuritySteps     []string // the first rating, step by step
	SecurityStepsOf   string
	SecurityLabel     string
	Caveats           []string
	MoreCaveats       int
	Notes             []string
	Footer            string
	// MoreLines counts the summary lines fit left out (the workbook's
	// Summary has them).
	MoreLines int
	// FontPt is the body's type size and ForestMM the plot's greatest
	// height, chosen by fit.
	FontPt, ForestMM float64
}

// Write writes the one-page summary of r as a self-contained HTML page:
// the EEF summary table, the key conclusions, the forest plot (inline
// SVG), the security rating of each headline explained, and the caveats.
// It loads nothing (no scripts, fonts or images from elsewhere) and prints
// on one A4 page. The same report and options give the same bytes.
func Write(w io.Writer, r *evaluate.Report, o Options) error {
	if r == nil {
		return fmt.Errorf("writing the HTML summary: no report")
	}
	if o.Version == "" {
		o.Version = words.Version
	}
	v := view{Title: title(r), CILabel: words.CILabel(r.Confidence)}
	v.Subtitle = "Executive summary · " + words.Capitalise(words.DesignWords(r.Design))
	if o.Date != "" {
		v.Subtitle += " · " + o.Date
	}
	v.Lines = lines(r, o)
	v.Conclusions = words.Headlines(r)
	v.designConclusions = len(v.Conclusions) - len(words.OutcomeHeadlines(r))
	v.keepConclusions(MaxConclusions - v.designConclusions)
	securities(r, &v)
	for _, c := range words.Caveats(r) {
		if len(v.Caveats) == MaxCaveats {
			v.MoreCaveats++
			continue
		}
		v.Caveats = append(v.Caveats, c)
	}
	v.Notes = append(v.Notes, effectNote(r)+" Months' progress: the EEF "+monthsName(r.MonthsTable)+".")
	if o.Publish != nil {
		v.Notes = append(v.Notes, o.Publish.Words())
	}
	v.Footer = "Produced by whatworks " + o.Version
	if o.DesignName != "" {
		v.Footer += " from " + o.DesignName
	}
	if o.Date != "" {
		v.Footer += " on " + o.Date
	}
	v.Footer += ". Every result, the descriptive statistics and the method: the workbook and the JSON results."
	if err := v.fit(r, o.Forest); err != nil {
		return fmt.Errorf("writing the HTML summary: %w", err)
	}
	var b bytes.Buffer
	if err := page.Execute(&b, v); err != nil {
		return fmt.Errorf("writing the HTML summary: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// title is the report's title, or "Evaluation".
func title(r *evaluate.Report) string {
	if strings.TrimSpace(r.Title) == "" {
		return "Evaluation"
	}
	return r.Title
}

// lines are the EEF summary table's lines: for each outcome, all pupils
// and each level of a disadvantage subgroup (the workbook's Summary).
func lines(r *evaluate.Report, o Options) []line {
	var out []line
	for _, oc := range words.Outcomes(r) {
		first := len(out)
		for _, sg := range words.SummarySubgroups(r, oc) {
			x := words.SummaryRow(r, oc, sg)
			if x == nil {
				continue
			}
			group := words.Capitalise(words.SubgroupName(r, sg))
			if x.Analysis == evaluate.AnalysisPaired {
				group += " (before and after)"
			}
			l := line{outcome: oc, subgroup: sg, Outcome: words.OutcomeLabel(x) + words.DirectionNote(r, oc), Group: group, Effect: words.SummaryEffect(r, x),
				Months: monthsText(x), Pupils: pupils(x), P: words.PText(words.HeadlineP(r, x), false)}
			l.Security, l.Cost = ratingOf(r, x, o)
			out = append(out, l)
		}
		if len(out) > first {
			out[first].First = true
			out[first].Rows = len(out) - first
		}
	}
	return out
}

// monthsText is the line's months' progress ("c" when withheld).
func monthsText(x *evaluate.Result) string {
	if words.Withheld(x) {
		return publish.Mark
	}
	return words.MonthsText(x.MonthsProgress)
}

// pupils is "212; 208" or one number ("c" when withheld).
func pupils(x *evaluate.Result) string { return words.PupilsText(*x) }

// ratingOf is the security and cost rating of headline row x, from the
// report's ratings (evaluate's Security), else "Not rated".
func ratingOf(r *evaluate.Report, x *evaluate.Result, o Options) (sec, cost string) {
	sec, cost = "Not rated", "Not rated"
	if words.Withheld(x) {
		sec = publish.Mark
	}
	for i := range r.Security {
		s := &r.Security[i]
		if s.Outcome == x.Outcome && s.Subgroup == x.Subgroup {
			sec = padlocks(s.Padlocks.Padlocks)
			if s.Cost != "" {
				cost = s.Cost + " " + rating.CostWords(s.Cost)
			}
		}
	}
	if cost == "Not rated" && o.CostPerPupil != nil && !math.IsNaN(*o.CostPerPupil) && *o.CostPerPupil >= 0 {
		c := rating.CostRating(*o.CostPerPupil)
		cost = c + " " + rating.CostWords(c)
	}
	return sec, cost
}

// padlocks is "3 padlocks", "1 padlock", "0 padlocks".
func padlocks(n int) string {
	if n == 1 {
		return "1 padlock"
	}
	return fmt.Sprintf("%d padlocks", n)
}

// securities lists the rating of each outcome's all-pupils headline by
// criterion, and the first one step by step.
func securities(r *evaluate.Report, v *view) {
	names := words.ShortLabels(r)
	for i := range r.Security {
		s := &r.Security[i]
		if s.Subgroup != evaluate.SubgroupAll {
			continue
		}
		name := names[s.Outcome]
		if name == "" {
			name = s.Outcome
		}
		p := s.Padlocks
		// Padlocks taken off for threats: "none off" (as the terminal
		// says), not "none", which reads as "no threats" beside a
		// moderate one that took nothing off.
		drop := "none off"
		if p.Drop != 0 {
			drop = fmt.Sprintf("−%d", p.Drop)
		}
		v.Security = append(v.Security, security{outcome: s.Outcome, Outcome: words.Capitalise(name), Design: fmt.Sprint(p.Design),
			MDES: fmt.Sprint(p.MDES), Attrition: fmt.Sprint(p.Attrition), Drop: drop, Rating: padlocks(p.Padlocks)})
		if v.SecuritySteps == nil {
			v.SecurityStepsOf = words.Capitalise(name)
			for _, st := range p.Steps {
				// The table already gives the start and the result.
				if st.Explanation != "" && st.Criterion != "initial" && st.Criterion != "final" {
					v.SecuritySteps = append(v.SecuritySteps, st.Explanation)
				}
			}
		}
		v.SecurityLabel = p.Label
	}
}

// effectNote says what the effect sizes are.
func effectNote(r *evaluate.Report) string {
	switch {
	case r.Clustering != nil && len(r.Clustering.Outcomes) > 0:
		return words.ClusterModelWords(r.Clustering.Column, r.Confidence)
	case r.Design == evaluate.DesignPrePost:
		return "Effect sizes are g_av: the change from before to after in standard deviations, corrected for small samples."
	}
	return "Effect sizes are Hedges' g: the difference between the groups (intervention minus comparison) in standard deviations."
}

// monthsName names the months' progress table in use.
func monthsName(t string) string {
	if t == rating.MonthsReport {
		return "evaluation-report table"
	}
	return "Teaching and Learning Toolkit table"
}

var (
	svgHead   = regexp.MustCompile(`(?s)^.*?<svg\b[^>]*>`)
	svgWidth  = regexp.MustCompile(`\s(width|height)="[^"]*"`)
	svgFamily = regexp.MustCompile(`font-family:([^;"]+)`)
	svgXMLNS  = regexp.MustCompile(`\s+xmlns(:\w+)?="[^"]*"`)
)

// forestAlt is the forest plot's title for screen readers.
const forestAlt = "Forest plot: the effect size of each outcome and group with its confidence interval"

// drawForest draws the forest plot of the lines of the summary table
// inline (all of r's rows when the table has them all).
func (v *view) drawForest(r *evaluate.Report, forest func(*evaluate.Report) ([]byte, error), all bool) error {
	v.Forest, v.forestAspect = "", 0
	if forest == nil {
		return nil
	}
	if !all {
		shown := map[[2]string]bool{}
		for _, l := range v.Lines {
			shown[[2]string{l.outcome, l.subgroup}] = true
		}
		c := *r
		c.Results = nil
		for _, x := range r.Results {
			if shown[[2]string{x.Outcome, x.Subgroup}] {
				c.Results = append(c.Results, x)
			}
		}
		r = &c
	}
	svg, err := forest(r)
	if err != nil || len(svg) == 0 {
		return err
	}
	s, err := inlineSVG(svg, forestAlt)
	if err != nil {
		return err
	}
	v.Forest, v.forestAspect = template.HTML(s), svgAspect(svg)
	return nil
}

// inlineSVG makes a plot's SVG file an element of the page: without its
// XML declaration, sized to the page's width, with a title and role for
// screen readers, and with fallback fonts of the same widths after the
// plot's own (Liberation Sans, then Arial and Helvetica).
func inlineSVG(svg []byte, alt string) (string, error) {
	s := string(svg)
	head := svgHead.FindString(s)
	if head == "" {
		return "", fmt.Errorf("the forest plot is not SVG")
	}
	open := svgWidth.ReplaceAllString(head[strings.Index(head, "<svg"):], "")
	open = svgXMLNS.ReplaceAllString(open, "")
	open = strings.TrimSuffix(open, ">") + ` role="img" aria-labelledby="forest-title" preserveAspectRatio="xMidYMid meet">` +
		`<title id="forest-title">` + template.HTMLEscapeString(alt) + `</title>`
	body := svgFamily.ReplaceAllStringFunc(s[len(head):], func(m string) string {
		fam := strings.TrimSpace(strings.TrimPrefix(m, "font-family:"))
		return "font-family:'" + fam + "',Arial,Helvetica,sans-serif"
	})
	return open + body, nil
}

// MoreLinesText says how many lines of the summary table fit left out.
func (v view) MoreLinesText() string {
	if v.MoreLines == 1 {
		return "1 further line (a subgroup or outcome) is on the workbook's Summary sheet."
	}
	return fmt.Sprintf("%d further lines (subgroups or outcomes) are on the workbook's Summary sheet.", v.MoreLines)
}

// keepConclusions keeps the first n outcomes' sentences of Conclusions
// and the design's sentences after them, and counts the outcomes' left out
// in MoreConclusions.
func (v *view) keepConclusions(n int) {
	outcomes := len(v.Conclusions) - v.designConclusions
	if n < 0 || outcomes <= n {
		return
	}
	v.MoreConclusions += outcomes - n
	v.Conclusions = append(v.Conclusions[:n:n], v.Conclusions[outcomes:]...)
}

// MoreConclusionsText says how many outcomes' headlines are left out.
func (v view) MoreConclusionsText() string {
	if v.MoreConclusions == 1 {
		return "The headline of 1 further outcome is in the table above."
	}
	return fmt.Sprintf("The headlines of %d further outcomes are in the table above.", v.MoreConclusions)
}

// MoreCaveatsText says how many caveats are left out.
func (v view) MoreCaveatsText() string {
	if v.MoreCaveats == 1 {
		return "1 further caveat is listed on the workbook's Method sheet."
	}
	return fmt.Sprintf("%d further caveats are listed on the workbook's Method sheet.", v.MoreCaveats)
}
