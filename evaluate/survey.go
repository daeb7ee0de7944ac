package evaluate

import (
	"fmt"
	"math"
	"strings"

	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/scales"
)

// ScaleRule says how a scale is scored (package scales): the answers'
// range Min to Max, the reverse-worded items (by position) and the
// number of answered items a score needs (MinItems; 0 = every item).
type ScaleRule = scales.Scale

// Scale is one questionnaire scale of an Input: its items' answers and
// how they are scored (docs/methods.md §12).
type Scale struct {
	Name  string
	Items []string // the item columns, in the design's order
	// Answers[j][i] is pupil i's answer to item j, text answers already
	// mapped to Min … Max; NaN when the pupil did not answer.
	Answers [][]float64
	Rule    ScaleRule
	// Levels are the labels of the answers Min, Min + 1, …, Max; nil when
	// the answers were numbers.
	Levels []string
}

// ScoreScale returns each pupil's score on s (ScaleRule.Score: the mean of
// the answered items, reverse items flipped; NaN with fewer than MinItems
// answers) and how many pupils answered too few items or none.
func ScoreScale(s Scale) (score []float64, short, unanswered int, err error) {
	sc, err := s.Rule.Score(s.Answers)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("scale %q: %w", s.Name, err)
	}
	return sc.Score, sc.Short, sc.Unanswered, nil
}

// OutcomeInfo describes one outcome of a Report: what kind of answers it
// has and where they come from.
type OutcomeInfo struct {
	Column string `json:"column"`
	Label  string `json:"label,omitempty"`
	Type   string `json:"type"` // continuous | binary | ordinal
	// Direction is which way is better: "higher" or "lower". The numbers
	// keep their sign (programme minus comparison) either way: for a
	// "lower" outcome a negative difference is an improvement.
	Direction string `json:"direction"`
	Pretest   string `json:"pretest,omitempty"`
	// Scale and PretestScale name the scale whose score the outcome (the
	// pretest) is; "" for a column of the data.
	Scale        string `json:"scale,omitempty"`
	PretestScale string `json:"pretest_scale,omitempty"`
	// Min and Max are an ordinal outcome's range of answers (null when the
	// design does not give it); Levels their labels.
	Min    Num      `json:"min"`
	Max    Num      `json:"max"`
	Levels []string `json:"levels,omitempty"`
}

// ScaleReport is one scale's scoring rules, answers and reliability: the
// workbook's Survey sheet.
type ScaleReport struct {
	Name     string   `json:"name"`
	Items    []string `json:"items"`
	Reverse  []string `json:"reverse"`
	Min      float64  `json:"min"`
	Max      float64  `json:"max"`
	MinItems int      `json:"min_items"` // answers a score needs
	Levels   []string `json:"levels"`    // labels of Min … Max; [] for numbers
	// Pupils are the pupils counted (in an arm; every pupil in a pre-post
	// design); Scored those with a score, Short those who answered some
	// items but fewer than MinItems, Unanswered those who answered none.
	Pupils     int `json:"pupils"`
	Scored     int `json:"scored"`
	Short      int `json:"short"`
	Unanswered int `json:"unanswered"`
	// Alpha and StdAlpha are Cronbach's raw and standardised alpha over
	// the AlphaN pupils who answered every item (null with the reason in
	// Note when undefined).
	Alpha    Num         `json:"alpha"`
	StdAlpha Num         `json:"std_alpha"`
	AlphaN   int         `json:"alpha_n"`
	Stats    []ScaleItem `json:"item_stats"`
	Note     string      `json:"note,omitempty"`
}

// ScaleItem is one item of a scale: how pupils answered it and how it
// holds together with the others.
type ScaleItem struct {
	Item    string `json:"item"`
	Reverse bool   `json:"reverse"`
	// NoVariance is true when every pupil who answered every item gave
	// this item the same answer (it is left out of alpha).
	NoVariance bool `json:"no_variance"`
	N          int  `json:"n"` // pupils who answered it
	// Mean and SD of the answers as given (before reverse scoring).
	Mean Num `json:"mean"`
	SD   Num `json:"sd"`
	// AlphaIfDropped is alpha without this item; ItemTotal and ItemRest
	// its correlation with the scale score and with the other items' sum.
	AlphaIfDropped Num `json:"alpha_if_dropped"`
	ItemTotal      Num `json:"item_total_r"`
	ItemRest       Num `json:"item_rest_r"`
	// Answers count the answers Min … Max by arm.
	Answers []AnswerCounts `json:"answers"`
}

// AnswerCounts is how many pupils of one arm gave each answer Min, Min + 1,
// …, Max to an item, and how many gave none.
type AnswerCounts struct {
	Arm     string `json:"arm"` // intervention | comparison | all
	Counts  []int  `json:"counts"`
	Missing int    `json:"missing"`
}

// lowAlpha is the Cronbach's alpha below which a scale score is usually
// too unreliable to lean on (Nunnally 1978; docs/methods.md §12).
const lowAlpha = 0.7

// outcomeInfos lists the outcomes for Report.Outcomes.
func outcomeInfos(in Input) []OutcomeInfo {
	out := make([]OutcomeInfo, 0, len(in.Outcomes))
	for _, oc := range in.Outcomes {
		typ := oc.Type
		if typ == "" {
			typ = TypeContinuous
		}
		dir := oc.Direction
		if dir == "" {
			dir = DirectionHigher
		}
		info := OutcomeInfo{Column: oc.Column, Label: oc.Label, Type: typ, Direction: dir, Pretest: oc.PreColumn,
			Scale: oc.Scale, PretestScale: oc.PreScale, Min: NaN, Max: NaN, Levels: oc.Levels}
		if typ == TypeOrdinal && oc.Max > oc.Min {
			info.Min, info.Max = Num(oc.Min), Num(oc.Max)
		}
		out = append(out, info)
	}
	return out
}

// scaleReports fills Report.Scales and adds one reliability row
// (`reliability` / `cronbach_alpha`) per scale, with a caveat when alpha
// is below 0.7. The pupils counted are those in an arm (every pupil in a
// pre-post design).
func (r *runner) scaleReports() {
	all := r.groups[0]
	for k := range r.in.Scales {
		s := &r.in.Scales[k]
		rep, row := r.scaleReport(s, all)
		r.rep.Scales = append(r.rep.Scales, rep)
		r.rep.Results = append(r.rep.Results, row)
		if a := float64(rep.Alpha); !math.IsNaN(a) && a < lowAlpha {
			r.caveat("scale %s: Cronbach's alpha is %.2f, below %.1f: its items may not measure one thing, so read its score with care "+
				"(the Survey sheet shows which items hold together least)", s.Name, a, lowAlpha)
		}
	}
}

// scaleReport summarises scale s over the pupils of group g.
func (r *runner) scaleReport(s *Scale, g group) (ScaleReport, Result) {
	rule := s.Rule
	rep := ScaleReport{Name: s.Name, Items: s.Items, Reverse: []string{}, Min: rule.Min, Max: rule.Max,
		MinItems: rule.MinItems, Levels: s.Levels, Pupils: len(g.rows), Alpha: NaN, StdAlpha: NaN, Stats: []ScaleItem{}}
	if rep.Levels == nil {
		rep.Levels = []string{}
	}
	if rep.MinItems == 0 {
		rep.MinItems = len(s.Items)
	}
	reverse := map[int]bool{}
	for _, j := range rule.Reverse {
		reverse[j] = true
		if j >= 0 && j < len(s.Items) {
			rep.Reverse = append(rep.Reverse, s.Items[j])
		}
	}
	row := newRow(AnalysisReliability, MeasureCronbachAlpha)
	row.Outcome = s.Name
	// The items over the pupils counted.
	items := make([][]float64, len(s.Answers))
	for j, a := range s.Answers {
		items[j] = gather(a, g.rows)
	}
	sc, err := rule.Score(items)
	if err != nil {
		rep.Note = err.Error()
		row.Note = rep.Note
		return rep, row
	}
	for _, v := range sc.Score {
		if !math.IsNaN(v) {
			rep.Scored++
		}
	}
	rep.Short, rep.Unanswered = sc.Short, sc.Unanswered
	rel, err := rule.Reliability(items)
	if err != nil {
		rep.Note = err.Error()
		row.Note = rep.Note
		return rep, row
	}
	rep.Alpha, rep.StdAlpha, rep.AlphaN, rep.Note = Num(rel.Alpha), Num(rel.StdAlpha), rel.N, rel.Reason
	noVar := map[int]bool{}
	for _, j := range rel.NoVariance {
		noVar[j] = true
	}
	for j, name := range s.Items {
		st := ScaleItem{Item: name, Reverse: reverse[j], NoVariance: noVar[j],
			AlphaIfDropped: Num(rel.AlphaIfDropped[j]), ItemTotal: Num(rel.ItemTotal[j]), ItemRest: Num(rel.ItemRest[j])}
		sm := sample.Of(nonNaN(items[j]))
		st.N, st.Mean, st.SD = sm.N, Num(sm.Mean), Num(sm.SD)
		for _, a := range g.split {
			ac := AnswerCounts{Arm: a.name}
			if counts, missing, err := rule.Counts(gather(s.Answers[j], a.rows)); err == nil {
				ac.Counts, ac.Missing = counts, missing
			} else {
				ac.Counts = []int{}
			}
			st.Answers = append(st.Answers, ac)
		}
		rep.Stats = append(rep.Stats, st)
	}
	row.Estimate = rep.Alpha
	row.NTreated = intPtr(rel.N)
	var b strings.Builder
	fmt.Fprintf(&b, "Cronbach's alpha of %d items on the %d pupils who answered every one", len(s.Items)-len(rel.NoVariance), rel.N)
	if len(rel.NoVariance) > 0 {
		var names []string
		for _, j := range rel.NoVariance {
			names = append(names, s.Items[j])
		}
		fmt.Fprintf(&b, " (left out, every pupil answered them alike: %s)", strings.Join(names, ", "))
	}
	if !math.IsNaN(rel.StdAlpha) {
		fmt.Fprintf(&b, "; standardised alpha %.3f", rel.StdAlpha)
	}
	if a := rel.Alpha; !math.IsNaN(a) && a < lowAlpha {
		fmt.Fprintf(&b, "; below %.1f, so the items may not measure one thing", lowAlpha)
	}
	if rel.Reason != "" {
		b.WriteString("; " + rel.Reason)
	}
	row.Note = b.String()
	return rep, row
}

// nonNaN returns the values of x that are not NaN.
func nonNaN(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}
