package designs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/table"
	"github.com/whatworks/whatworks/evaluate"
)

// Survey outcomes in the design file: yes/no answers (`type: binary`,
// `positive:`), ordered answers (`type: ordinal`) and questionnaire scales
// (`scales:`), read and checked here and turned into evaluate's values in
// Input (docs/methods.md §11–12).

// Scale is one questionnaire scale of the design file's `scales:`: a
// score, the mean of a pupil's answers to its items, whose name can stand
// wherever a column name can as an outcome or a pretest.
type Scale struct {
	Name  string     `yaml:"name"`
	Items StringList `yaml:"items"` // item columns
	// Reverse lists the reverse-worded items, scored Min + Max − answer.
	Reverse StringList `yaml:"reverse"`
	// Min and Max are the lowest and highest answers; with Levels they
	// default to 1 and the number of levels.
	Min *float64 `yaml:"min"`
	Max *float64 `yaml:"max"`
	// MinItems is the number of answered items a score needs; 0 (absent)
	// means every item.
	MinItems int `yaml:"min_items"`
	// Levels are text answers mapped, in order, to Min … Max.
	Levels StringList `yaml:"levels"`
}

// ScaleFields are the fields of a scale, in the order they are documented.
var ScaleFields = []string{"name", "items", "reverse", "min", "max", "min_items", "levels"}

// DefaultPositive and DefaultNegative are the answers of a binary outcome
// counted as 1 and as 0 when the design does not say (any case).
var (
	DefaultPositive = []string{"1", "Y", "Yes", "TRUE"}
	DefaultNegative = []string{"0", "N", "No", "FALSE"}
)

// answerValues reads an outcome's positive: and negative: lists.
func (p *parser) answerValues(fs map[string]field, path string, o *Outcome) {
	if g, ok := fs["positive"]; ok {
		o.Positive = StringList(p.list(g, path+".positive", "positive: [Yes]"))
	}
	if g, ok := fs["negative"]; ok {
		o.Negative = StringList(p.list(g, path+".negative", "negative: [No]"))
	}
}

// scales reads the scales: list.
func (p *parser) scales(f field, d *Design) {
	v := f.val
	p.pos.set("scales:key", f.key)
	p.pos.set("scales", v)
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		p.bad["scales"] = true
		p.errAt(v, "write each scale on its own line below, starting \"- \", e.g. \"- name: attitudes_post\"",
			"scales must be a list of scales, not %s", describe(v))
		return
	}
	for _, it := range v.Content {
		it = resolve(it)
		path := fmt.Sprintf("scales.%d", len(d.Scales))
		p.pos.set(path, it)
		if it.Kind != yaml.MappingNode {
			p.errAt(it, "write each scale as \"- name: NAME\" with items:, min: and max: below it",
				"each scale must be a set of fields, not %s", describe(it))
			continue
		}
		var s Scale
		fs := p.fields(it, path, ScaleFields)
		if g, ok := fs["name"]; ok {
			s.Name, _ = p.str(g, path+".name", "name: attitudes_post")
		}
		if g, ok := fs["items"]; ok {
			s.Items = StringList(p.list(g, path+".items", "items: [q1_post, q2_post, q3_post]"))
		}
		if g, ok := fs["reverse"]; ok {
			s.Reverse = StringList(p.list(g, path+".reverse", "reverse: [q3_post]"))
		}
		for _, m := range []struct {
			name string
			dst  **float64
		}{{"min", &s.Min}, {"max", &s.Max}} {
			if g, ok := fs[m.name]; ok {
				if x, ok := p.number(g, path+"."+m.name, m.name+": 1"); ok {
					*m.dst = &x
				}
			}
		}
		if g, ok := fs["min_items"]; ok {
			if x, ok := p.number(g, path+".min_items", "min_items: 3"); ok {
				if x != math.Trunc(x) || x < 1 {
					p.bad[path+".min_items"] = true
					p.errAt(g.val, "write the number of items a pupil must answer for a score, e.g. min_items: 3",
						"min_items must be a whole number of 1 or more, not %s", g.val.Value)
				} else {
					s.MinItems = int(math.Min(x, math.MaxInt32))
				}
			}
		}
		if g, ok := fs["levels"]; ok {
			s.Levels = StringList(p.list(g, path+".levels", `levels: ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]`))
		}
		d.Scales = append(d.Scales, s)
	}
}

// scaleRange returns a scale's Min and Max after defaults (NaN when they
// are not given and cannot be inferred).
func scaleRange(s *Scale) (lo, hi float64) {
	lo, hi = math.NaN(), math.NaN()
	switch {
	case s.Min != nil:
		lo = *s.Min
	case len(s.Levels) > 0:
		lo = 1
	}
	switch {
	case s.Max != nil:
		hi = *s.Max
	case len(s.Levels) > 0 && !math.IsNaN(lo):
		hi = lo + float64(len(s.Levels)) - 1
	}
	return lo, hi
}

// scaleNamed returns the design's scale called name, or nil.
func (d *Design) scaleNamed(name string) *Scale {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	for k := range d.Scales {
		if strings.TrimSpace(d.Scales[k].Name) == name {
			return &d.Scales[k]
		}
	}
	return nil
}

// itemScale returns the first scale with item column name, or nil.
func (d *Design) itemScale(name string) *Scale {
	name = strings.TrimSpace(name)
	for k := range d.Scales {
		for _, it := range d.Scales[k].Items {
			if strings.TrimSpace(it) == name {
				return &d.Scales[k]
			}
		}
	}
	return nil
}

// validateSurvey checks the scales and the answers of binary outcomes as
// written, without the data.
func (p *parser) validateSurvey(d *Design) {
	ps := p.pos
	names := map[string]int{}
	items := map[string]string{} // item → scale
	for i := range d.Scales {
		s := &d.Scales[i]
		path := fmt.Sprintf("scales.%d", i)
		name := strings.TrimSpace(s.Name)
		switch {
		case name == "":
			p.required(path+".name", ps.at(path), "add name: NAME to this scale (the name outcomes and pretests use for its score)",
				"name the scale, e.g. name: attitudes_post")
		default:
			if j, dup := names[name]; dup {
				p.errPos(ps.at(path+".name"), fmt.Sprintf("it is first given at line %d; give each scale its own name", ps.at(fmt.Sprintf("scales.%d.name", j)).line),
					"scale %q is listed twice", name)
			}
			names[name] = i
		}
		if len(s.Items) == 0 {
			p.required(path+".items", ps.at(path+".name", path), "add items: [q1, q2, q3] naming the columns that hold the scale's questions",
				"name the columns that hold the scale's questions, e.g. items: [q1_post, q2_post]")
		}
		seen := map[string]bool{}
		for j, it := range s.Items {
			it = strings.TrimSpace(it)
			at := ps.at(fmt.Sprintf("%s.items.%d", path, j))
			switch {
			case it == "":
				p.errPos(at, "name a column, or remove the empty entry", "empty entry in scale items")
				continue
			case seen[it]:
				p.errPos(at, "list each question once", "item %q is listed twice in scale %q", it, name)
				continue
			}
			seen[it] = true
			if other, ok := items[it]; ok && other != name {
				p.errPos(at, "a question belongs to one scale; to score it twice, copy the column", "item %q is already in scale %q", it, other)
			}
			items[it] = name
		}
		for j, rv := range s.Reverse {
			rv = strings.TrimSpace(rv)
			if seen[rv] {
				continue
			}
			h := "reverse lists items of this scale whose wording runs the other way; add it to items, or correct its name"
			if near := hint.Nearest(rv, s.Items); near != "" {
				h = fmt.Sprintf("did you mean %q?", near)
			}
			p.errPos(ps.at(fmt.Sprintf("%s.reverse.%d", path, j), path+".reverse"), h, "reverse item %q is not among the items of scale %q", rv, name)
		}
		lo, hi := scaleRange(s)
		switch {
		case p.bad[path+".min"] || p.bad[path+".max"]:
		case math.IsNaN(lo) || math.IsNaN(hi):
			missing := "min"
			if !math.IsNaN(lo) {
				missing = "max"
			}
			p.errPos(ps.at(path+".name", path), "give the lowest and highest answer, e.g. min: 1 and max: 5 (or levels: with the answers' words)",
				"scale %q needs %s", name, missing)
		case lo >= hi:
			p.errPos(ps.at(path+".max", path+".min", path), "min is the lowest answer and max the highest, e.g. min: 1 and max: 5",
				"scale %q has min %s and max %s", name, fmtFloat(lo), fmtFloat(hi))
		case len(s.Levels) > 0 && (lo != math.Trunc(lo) || hi != math.Trunc(hi) || int(hi-lo)+1 != len(s.Levels)):
			p.errPos(ps.at(path+".levels", path), fmt.Sprintf("levels name the answers %s to %s in order: give %d of them, or change min and max",
				fmtFloat(lo), fmtFloat(hi), int(math.Max(0, hi-lo+1))),
				"scale %q has %d levels for answers %s to %s", name, len(s.Levels), fmtFloat(lo), fmtFloat(hi))
		}
		if s.MinItems > len(s.Items) && len(s.Items) > 0 {
			p.errPos(ps.at(path+".min_items", path), fmt.Sprintf("a scale of %d items can ask for at most %d answers", len(s.Items), len(s.Items)),
				"min_items is %d, more than the %d items of scale %q", s.MinItems, len(s.Items), name)
		}
		lv := map[string]bool{}
		for j, l := range s.Levels {
			k := strings.ToLower(strings.TrimSpace(l))
			if lv[k] {
				p.errPos(ps.at(fmt.Sprintf("%s.levels.%d", path, j), path+".levels"), "each answer is listed once, lowest first",
					"level %q is listed twice in scale %q", l, name)
			}
			lv[k] = true
		}
	}
	for name := range names {
		if sc, ok := items[name]; ok {
			p.errPos(ps.at(fmt.Sprintf("scales.%d.name", names[name])), "a scale's name stands for its score: give it a name that is not a question's column",
				"scale %q has the name of an item of scale %q", name, sc)
		}
	}
	for i, o := range d.Outcomes {
		path := fmt.Sprintf("outcomes.%d", i)
		if (len(o.Positive) > 0 || len(o.Negative) > 0) && o.Type != evaluate.TypeBinary && !p.bad[path+".type"] {
			key := path + ".positive"
			if len(o.Positive) == 0 {
				key = path + ".negative"
			}
			p.errPos(ps.at(key+":key", key), "positive and negative say which answers of a yes/no outcome count as yes and no: add type: binary, or remove them",
				"outcome %q has %s but is not type: binary", o.Column, key[strings.LastIndexByte(key, '.')+1:])
		}
		for j, v := range o.Negative {
			for _, y := range o.Positive {
				if sameAnswer(v, y) {
					p.errPos(ps.at(fmt.Sprintf("%s.negative.%d", path, j)), "an answer counts as yes or as no, not both: remove it from one list",
						"answer %q is both positive and negative", v)
				}
			}
		}
		if s := d.scaleNamed(o.Column); s != nil && o.Type == evaluate.TypeBinary {
			p.errPos(ps.at(path+".type"), "a scale's score is the mean of its items' answers, not yes/no: use type: ordinal",
				"outcome %q is a scale, so it cannot be type: binary", o.Column)
		}
	}
}

// sameAnswer reports whether two answers are the same: the same text in
// any case, or the same number.
func sameAnswer(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) || sameValue(a, b)
}

// binaryCoding says which answers of a binary outcome count as 1 and as 0.
type binaryCoding struct {
	positive, negative []string
	// other is the answer counted as 0 when positive: is given without
	// negative: and the column holds exactly one answer besides the
	// positive ones and no default negative one ("" when none).
	other string
}

// codingOf returns the coding of outcome o's answers in the levels of
// its column.
func codingOf(o *Outcome, levels []string) binaryCoding {
	c := binaryCoding{positive: DefaultPositive, negative: DefaultNegative}
	if len(o.Positive) > 0 {
		c.positive = o.Positive
	}
	if len(o.Negative) > 0 {
		c.negative = o.Negative
	}
	if len(o.Positive) > 0 && len(o.Negative) == 0 {
		var others []string
		for _, l := range levels {
			if !c.is(l, c.positive) {
				if c.is(l, c.negative) {
					return c
				}
				others = append(others, l)
			}
		}
		if len(others) == 1 {
			c.other = others[0]
		}
	}
	return c
}

func (c binaryCoding) is(v string, list []string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return sameAnswer(v, x) })
}

// value is 1, 0, or NaN with ok false for an answer that is neither.
func (c binaryCoding) value(v string) (float64, bool) {
	switch {
	case c.is(v, c.positive):
		return 1, true
	case c.is(v, c.negative) || c.other != "" && v == c.other:
		return 0, true
	}
	return math.NaN(), false
}

// describe says in words what counts as yes and no.
func (c binaryCoding) describe() string {
	no := hint.Quote(c.negative, 8)
	if c.other != "" {
		no = hint.Quote([]string{c.other}, 1)
	}
	return fmt.Sprintf("yes is %s, no is %s (any case)", hint.Quote(c.positive, 8), no)
}

// badCell is one answer that does not fit its column's coding.
type badCell struct {
	row   int // data row index
	value string
}

// levelValues maps a column to numbers: a categorical column level by
// level (f gives each level's number, ok false for a bad one), a numeric
// column value by value (check says whether a number is allowed).
func levelValues(col *table.Column, f func(level string) (float64, bool), check func(x float64) bool) ([]float64, []badCell) {
	n := col.Len()
	out := make([]float64, n)
	var bad []badCell
	switch col.Kind {
	case table.Categorical:
		vals := make([]float64, len(col.Levels))
		okLevel := make([]bool, len(col.Levels))
		for k, l := range col.Levels {
			vals[k], okLevel[k] = f(l)
		}
		for i, code := range col.Codes {
			switch {
			case code < 0:
				out[i] = math.NaN()
			case !okLevel[code]:
				out[i] = math.NaN()
				bad = append(bad, badCell{i, col.Levels[code]})
			default:
				out[i] = vals[code]
			}
		}
	case table.Numeric:
		for i, x := range col.Num {
			switch {
			case math.IsNaN(x):
				out[i] = x
			case check(x):
				out[i] = x
			default:
				out[i] = math.NaN()
				bad = append(bad, badCell{i, strconv.FormatFloat(x, 'g', -1, 64)})
			}
		}
	default:
		for i := range out {
			out[i] = math.NaN()
		}
	}
	return out, bad
}

// binaryValues maps a binary outcome's (or its pretest's) column to 1, 0
// and NaN.
func binaryValues(o *Outcome, col *table.Column) ([]float64, []badCell, binaryCoding) {
	var levels []string
	if col.Kind == table.Categorical {
		levels = col.Levels
	} else {
		seen := map[float64]bool{}
		for _, x := range col.Num {
			if !math.IsNaN(x) && !seen[x] {
				seen[x] = true
				levels = append(levels, strconv.FormatFloat(x, 'g', -1, 64))
			}
		}
	}
	c := codingOf(o, levels)
	vals, bad := levelValues(col, c.value, func(x float64) bool {
		_, ok := c.value(strconv.FormatFloat(x, 'g', -1, 64))
		return ok
	})
	if col.Kind == table.Numeric {
		for i, x := range vals {
			if !math.IsNaN(x) {
				vals[i], _ = c.value(strconv.FormatFloat(x, 'g', -1, 64))
			}
		}
	}
	return vals, bad, c
}

// itemValues maps a scale item's column to numbers from Min to Max: a
// level's label (any case) to its place, or a whole number in range.
func itemValues(s *Scale, col *table.Column) ([]float64, []badCell) {
	lo, hi := scaleRange(s)
	whole := lo == math.Trunc(lo) && hi == math.Trunc(hi)
	inRange := func(x float64) bool { return x >= lo && x <= hi && (!whole || x == math.Trunc(x)) }
	return levelValues(col, func(l string) (float64, bool) {
		for k, lv := range s.Levels {
			if strings.EqualFold(strings.TrimSpace(l), strings.TrimSpace(lv)) {
				return lo + float64(k), true
			}
		}
		if x, ok := valueNumber(strings.TrimSpace(l)); ok && inRange(x) {
			return x, true
		}
		return math.NaN(), false
	}, inRange)
}

// answersHint says what a scale's items accept.
func answersHint(s *Scale) string {
	lo, hi := scaleRange(s)
	if len(s.Levels) > 0 {
		return fmt.Sprintf("answers to scale %q are one of %s, or a number from %s to %s", strings.TrimSpace(s.Name),
			hint.Quote(s.Levels, 12), fmtFloat(lo), fmtFloat(hi))
	}
	w := "a number"
	if lo == math.Trunc(lo) && hi == math.Trunc(hi) {
		w = "a whole number"
	}
	return fmt.Sprintf("answers to scale %q are %s from %s to %s; leave the cell empty when there is no answer", strings.TrimSpace(s.Name), w, fmtFloat(lo), fmtFloat(hi))
}

// maxBadCells is how many bad answers of one column are reported one by
// one; the others are counted in one more problem.
const maxBadCells = 5

// reportBad turns bad answers of a column into data problems.
func (c *checker) reportBad(col *table.Column, bad []badCell, why, fix string) {
	for k, b := range bad {
		if k == maxBadCells {
			rows := &hint.RowList{}
			for _, r := range bad[k:] {
				rows.Add(c.t.Row(r.row))
			}
			c.dataErrs = append(c.dataErrs, &table.DataError{File: c.t.File, Sheet: c.t.Sheet, Column: col.Name,
				Err: fmt.Errorf("%d more answers that are %s, in %s", len(bad)-k, why, rows), Hint: fix})
			return
		}
		c.dataErrs = append(c.dataErrs, &table.DataError{File: c.t.File, Sheet: c.t.Sheet, Row: c.t.Row(b.row), Column: col.Name,
			Value: b.value, Err: errors.New("is " + why), Hint: fix})
	}
}

// checkSurvey checks the scales against the data: each scale's name is not
// also a column, its items are columns and every answer fits the scale.
// It also prepares the scale scores the outcome checks use.
func (c *checker) checkSurvey() {
	d := c.d
	for i := range d.Scales {
		s := &d.Scales[i]
		path := fmt.Sprintf("scales.%d", i)
		name := strings.TrimSpace(s.Name)
		if name != "" && slices.Contains(c.t.Header, name) {
			c.p.errPos(c.at(path+".name"), "rename the scale, or the column: a name must say which one an outcome means",
				"scale %q has the name of a column of %s", name, c.file)
		}
		for j, it := range s.Items {
			col := c.column(fmt.Sprintf("%s.items.%d", path, j), it)
			if col == nil || c.reported[col.Name] {
				continue
			}
			_, bad := itemValues(s, col)
			if len(bad) > 0 {
				c.reported[col.Name] = true
			}
			c.reportBad(col, bad, "not an answer of this scale", answersHint(s))
		}
	}
	for i := range d.Outcomes {
		o := &d.Outcomes[i]
		if o.Type != evaluate.TypeBinary {
			continue
		}
		for _, name := range []string{o.Column, o.Pretest} {
			if d.scaleNamed(name) != nil {
				continue
			}
			col := c.t.Column(strings.TrimSpace(name))
			if col == nil || c.reported[col.Name] || (name == o.Pretest && !binaryPretest(o, col)) {
				continue
			}
			_, bad, coding := binaryValues(o, col)
			if len(bad) > 0 {
				c.reported[col.Name] = true
			}
			if len(bad) > 0 && name == o.Column && numbersOnly(col) {
				// Scores, not answers: the type is wrong, not the cells.
				c.p.errPos(c.at(fmt.Sprintf("outcomes.%d.column", i)), "a binary outcome is 1 (yes) or 0 (no) for each pupil; use type: continuous or ordinal for scores",
					"outcome %q is binary, but %s has %s in row %d", col.Name, c.file, bad[0].value, c.t.Row(bad[0].row))
				continue
			}
			fix := fmt.Sprintf("%s; correct the cell, or list the answer under positive: (or negative:) of outcome %q", coding.describe(), o.Column)
			c.reportBad(col, bad, "not a yes/no answer", fix)
		}
	}
}

// numbersOnly reports whether every value of a column is a number.
func numbersOnly(col *table.Column) bool {
	if col.Kind == table.Numeric {
		return true
	}
	if col.Kind != table.Categorical {
		return false
	}
	for _, l := range col.Levels {
		if _, ok := valueNumber(strings.TrimSpace(l)); !ok {
			return false
		}
	}
	return true
}

// binaryPretest reports whether the pretest column of a binary outcome
// holds yes/no answers (a categorical column, or numbers that are all
// answers of the coding), rather than a score such as prior attainment.
func binaryPretest(o *Outcome, col *table.Column) bool {
	if col.Kind == table.Categorical {
		return true
	}
	if col.Kind != table.Numeric {
		return false
	}
	// A score (prior attainment) has many values: stop at the third.
	seen := map[float64]bool{}
	for _, x := range col.Num {
		if !math.IsNaN(x) && !seen[x] {
			if seen[x] = true; len(seen) > 2 {
				return false
			}
		}
	}
	_, bad, _ := binaryValues(o, col)
	return len(bad) == 0
}

// surveyColumn returns the column a design's outcome or pretest name
// stands for when it is not a plain numeric column: a scale's scores, a
// binary outcome's 0/1 answers, an ordinal item's mapped answers; nil
// otherwise. The column is made in memory, named name.
func (e *Evaluation) surveyColumn(o *Outcome, name string, pretest bool) *table.Column {
	d, t := e.Design, e.Table
	name = strings.TrimSpace(name)
	if s := d.scaleNamed(name); s != nil {
		sc := e.scaleInput(s)
		if sc == nil {
			return nil
		}
		score, _, _, err := evaluate.ScoreScale(*sc)
		if err != nil {
			return nil
		}
		return &table.Column{Name: name, Kind: table.Numeric, Num: score}
	}
	col := t.Column(name)
	if col == nil {
		return nil
	}
	switch o.Type {
	case evaluate.TypeBinary:
		if pretest && !binaryPretest(o, col) {
			return nil
		}
		vals, _, _ := binaryValues(o, col)
		return &table.Column{Name: name, Kind: table.Numeric, Num: vals}
	case evaluate.TypeOrdinal:
		if s := d.itemScale(name); s != nil {
			vals, _ := itemValues(s, col)
			return &table.Column{Name: name, Kind: table.Numeric, Num: vals}
		}
	}
	return nil
}

// scaleInput is scale s with its items' answers, for evaluate; nil when an
// item column is not in the data.
func (e *Evaluation) scaleInput(s *Scale) *evaluate.Scale {
	lo, hi := scaleRange(s)
	out := &evaluate.Scale{Name: strings.TrimSpace(s.Name), Rule: evaluate.ScaleRule{Min: lo, Max: hi, MinItems: s.MinItems}}
	if len(s.Levels) > 0 {
		out.Levels = append([]string(nil), s.Levels...)
	}
	for j, it := range s.Items {
		it = strings.TrimSpace(it)
		col := e.Table.Column(it)
		if col == nil {
			return nil
		}
		vals, _ := itemValues(s, col)
		out.Items = append(out.Items, it)
		out.Answers = append(out.Answers, vals)
		for _, rv := range s.Reverse {
			if strings.TrimSpace(rv) == it {
				out.Rule.Reverse = append(out.Rule.Reverse, j)
			}
		}
	}
	return out
}

// surveyInput fills the survey parts of in: the scales, and the outcomes
// and pretests that are scale scores, yes/no answers or ordinal items.
func (e *Evaluation) surveyInput(in *evaluate.Input) {
	d := e.Design
	for k := range d.Scales {
		if s := e.scaleInput(&d.Scales[k]); s != nil {
			in.Scales = append(in.Scales, *s)
		}
	}
	for k := range in.Outcomes {
		out := &in.Outcomes[k]
		o := &d.Outcomes[k]
		out.Min, out.Max = math.NaN(), math.NaN()
		if col := e.surveyColumn(o, o.Column, false); col != nil {
			out.Y = col.Num
		}
		if o.Pretest != "" {
			if col := e.surveyColumn(o, o.Pretest, true); col != nil {
				out.Pre = col.Num
			}
		}
		if s := d.scaleNamed(o.Column); s != nil {
			out.Scale = strings.TrimSpace(s.Name)
		}
		if s := d.scaleNamed(o.Pretest); s != nil {
			out.PreScale = strings.TrimSpace(s.Name)
		}
		if o.Type == evaluate.TypeOrdinal {
			s := d.scaleNamed(o.Column)
			if s == nil {
				s = d.itemScale(o.Column)
			}
			if s != nil {
				out.Min, out.Max = scaleRange(s)
				if len(s.Levels) > 0 {
					out.Levels = append([]string(nil), s.Levels...)
				}
			}
		}
	}
}
