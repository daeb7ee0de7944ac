package designs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/designs/internal/hint"
	"github.com/whatworks/whatworks/designs/internal/regular"
	"github.com/whatworks/whatworks/evaluate"
	"go.yaml.in/yaml/v3"
)

// Parse reads and validates a design file (without reading its data). It
// reports every problem at once, as Problems of *DesignError sorted by
// line.
func Parse(path string) (*Design, error) {
	d, _, err := parseFile(path)
	return d, err
}

// ParseBytes is Parse on the bytes of a design file; path is used in
// messages and to resolve data.file.
func ParseBytes(path string, src []byte) (*Design, error) {
	d, _, err := parseBytes(path, src)
	return d, err
}

func parseFile(path string) (*Design, *positions, error) {
	src, err := regular.ReadFile(path, MaxDesignSize)
	if err != nil {
		return nil, nil, Problems{readDesignError(path, err)}
	}
	return parseBytes(path, src)
}

// MaxDesignSize is the largest design file whatworks reads: 10 MB, far
// more than any design needs, so that a path naming something else (a
// data file, a disk image) fails at once.
const MaxDesignSize = 10_000_000

// readDesignError explains why a design file could not be read.
func readDesignError(path string, err error) *DesignError {
	e := &DesignError{File: path}
	var nr *regular.NotRegularError
	var tl *regular.TooLargeError
	switch {
	case errors.As(err, &nr) && nr.What == "a folder":
		e.Msg = "is a folder, not a design file"
		if _, err := os.Stat(filepath.Join(path, "design.yaml")); err == nil {
			e.Hint = fmt.Sprintf("did you mean %s?", filepath.Join(path, "design.yaml"))
		} else {
			e.Hint = "give the path of the design file (.yaml); whatworks init makes one"
		}
	case errors.As(err, &nr):
		e.Msg = fmt.Sprintf("is %s, not a design file", nr.What)
		e.Hint = "give the path of the design file (.yaml); whatworks init makes one"
	case errors.As(err, &tl):
		e.Msg = fmt.Sprintf("is larger than a design file can be (%s)", regular.Bytes(tl.Limit))
		e.Hint = "give the path of the design file (.yaml), not of the data"
	case errors.Is(err, fs.ErrNotExist):
		e.Msg = "design file not found"
		e.Hint = "check the path; whatworks init DIR writes a design file to start from"
	case errors.Is(err, fs.ErrPermission):
		e.Msg = "cannot read the design file: permission denied"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		e.Msg = "cannot read the design file: " + err.Error()
	}
	return e
}

// pos is a 1-based line and column in the design file.
type pos struct{ line, col int }

// positions records where each part of a design was written, keyed by
// field path: "title", "data.file", "group.treated.0", "outcomes.1.pretest",
// "covariates.2", "matching.exact.0" ... A path names the value's position;
// path+":key" the key's. Load uses them to place data problems in the YAML.
type positions struct {
	m    map[string]pos
	root pos
}

func (p *positions) set(path string, n *yaml.Node) {
	if n != nil {
		p.m[path] = pos{n.Line, n.Column}
	}
}

// at returns the position of the first of paths that was recorded, else
// the file's first field.
func (p *positions) at(paths ...string) pos {
	for _, k := range paths {
		if q, ok := p.m[k]; ok {
			return q
		}
	}
	return p.root
}

// parser walks a design file's node tree, collecting problems.
type parser struct {
	file string
	errs []*DesignError
	pos  *positions
	// bad holds the paths already reported as the wrong type or value, so
	// that they are not reported again as empty or missing.
	bad map[string]bool
	// suggested holds the paths of fields suggested for an unknown field
	// ("dataa" → "data"), so that they are not reported again as missing.
	suggested map[string]bool
	// dataOK is set when data.file names a .csv or .xlsx file that exists.
	dataOK bool
}

// label names a field path for messages: "outcomes.0.type" → "outcome type".
func label(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:0]
	for i := 0; i < len(parts); i++ {
		if parts[i] == "outcomes" && i+1 < len(parts) && isIndex(parts[i+1]) {
			if i+2 < len(parts) {
				out = append(out, "outcome "+parts[i+2])
				i += 2
				continue
			}
			out = append(out, "outcome")
			i++
			continue
		}
		if isIndex(parts[i]) {
			continue
		}
		out = append(out, parts[i])
	}
	return strings.Join(out, ".")
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func (p *parser) errAt(n *yaml.Node, hint, format string, args ...any) {
	e := &DesignError{File: p.file, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) errPos(q pos, hint, format string, args ...any) {
	p.errs = append(p.errs, &DesignError{File: p.file, Line: q.line, Col: q.col,
		Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// problems returns the collected problems sorted by position, or nil.
func (p *parser) problems() error {
	if len(p.errs) == 0 {
		return nil
	}
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := make(Problems, len(p.errs))
	for i, e := range p.errs {
		out[i] = e
	}
	return out
}

func parseBytes(path string, src []byte) (*Design, *positions, error) {
	d, p := parseAll(path, src)
	if err := p.problems(); err != nil {
		return nil, nil, err
	}
	return d, p.pos, nil
}

// parseAll parses and validates src, returning the design as far as it
// could be read (nil when the file is not a YAML mapping) and the parser
// holding its problems and positions.
func parseAll(path string, src []byte) (*Design, *parser) {
	return parseAllData(path, src, "")
}

// parseAllData is parseAll for a design whose data file is dataPath
// (when not ""), whatever its data.file says.
func parseAllData(path string, src []byte, dataPath string) (*Design, *parser) {
	p := &parser{file: path, pos: &positions{m: map[string]pos{}, root: pos{1, 1}},
		bad: map[string]bool{}, suggested: map[string]bool{}}
	root := p.document(src)
	if root == nil {
		return nil, p
	}
	d := p.design(root)
	d.Path = path
	d.Dir = filepath.Dir(path)
	d.Source = append([]byte(nil), src...)
	d.dataPath = dataPath
	p.validate(d)
	return d, p
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document decodes src into a node tree and returns its top mapping, or
// nil after recording why there is none.
func (p *parser) document(src []byte) *yaml.Node {
	text := src
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) {
		text = text[3:]
	}
	if len(bytes.TrimSpace(text)) == 0 {
		p.errAt(nil, "start from the file that whatworks init writes", "design file is empty")
		return nil
	}
	if q, bad := notText(text); bad {
		p.errPos(q, "a design file is plain text in YAML, such as design.yaml; the pupil data (.csv or .xlsx) is named inside it under data.file",
			"design file is not text (binary data at this place)")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := decode(dec, &doc); err != nil {
		if err == io.EOF {
			p.errAt(nil, "start from the file that whatworks init writes", "design file has no fields, only comments")
			return nil
		}
		p.yamlError(src, err)
		return nil
	}
	var extra yaml.Node
	if err := decode(dec, &extra); err == nil {
		p.errAt(&extra, "keep one design per file: remove the \"---\" line and what follows, or split it into two files",
			"design file holds more than one YAML document")
	} else if err != io.EOF {
		p.yamlError(src, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errAt(nil, "start from the file that whatworks init writes", "design file has no fields, only comments")
		return nil
	}
	root := resolve(doc.Content[0])
	p.pos.root = pos{root.Line, root.Column}
	switch root.Kind {
	case yaml.MappingNode:
		return root
	case yaml.SequenceNode:
		p.errAt(root, "remove the leading \"- \": the top level of a design file is fields such as title:, design:, data: and outcomes:",
			"design file must be a set of fields, not a list")
	default:
		if isNull(root) {
			p.errAt(nil, "start from the file that whatworks init writes", "design file has no fields, only comments")
		} else {
			p.errAt(root, "a design file starts with lines such as \"title: ...\" and \"design: two-group\"; is this the design file?",
				"design file must be a set of fields, not a single piece of text")
		}
	}
	return nil
}

// decode is dec.Decode, turning a panic inside the YAML library (not
// ours) into an error: odd input gets a message, never a crash.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}

// notText reports whether src holds a NUL byte or is not UTF-8, and where.
func notText(src []byte) (pos, bool) {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		return pos{}, false // UTF-16, which the YAML reader handles
	}
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == 0 || r == utf8.RuneError && size <= 1 {
			return pos{line, col}, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return pos{}, false
}

// yamlError turns an error from the YAML reader into a positioned
// DesignError with a hint for the usual slips.
func (p *parser) yamlError(src []byte, err error) {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	// The YAML reader counts lines from 0 in its parser's messages and
	// from 1 in its scanner's, and leaves out "line 0". Its parser's
	// messages are these.
	if strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found duplicate %") ||
		strings.HasPrefix(msg, "found incompatible YAML") || strings.HasPrefix(msg, "found undefined tag handle") {
		line++
	} else if line == 0 && !strings.Contains(msg, "UTF") && !strings.Contains(msg, "control characters") {
		line = 1
	}
	lines := strings.Split(string(src), "\n")
	col := 1
	text := ""
	if line >= 1 && line <= len(lines) {
		text = lines[line-1]
		col = len(text) - len(strings.TrimLeft(text, " \t")) + 1
	}
	hint := ""
	switch {
	case strings.Contains(string(src), "\t") && (strings.Contains(msg, "cannot start any token") || strings.Contains(msg, "tab")):
		hint = "indent with spaces, not tabs"
		for i, l := range lines {
			if j := strings.IndexByte(l, '\t'); j >= 0 {
				line, col = i+1, j+1
				break
			}
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		hint = "a value that contains \": \" needs quotes, e.g. title: \"Reading: Year 7\""
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "could not find expected ':'"):
		hint = "each line is \"field: value\", and lines of one block start in the same column"
	case strings.Contains(msg, "did not find expected node content"), strings.Contains(msg, "did not find expected ',' or ']'"), strings.Contains(msg, "did not find expected ',' or '}'"):
		hint = "a list is written [a, b] or as lines starting \"- \""
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "found unknown escape character"):
		hint = "check the quotes on this line: every \" needs its closing \""
	}
	q := pos{line, col}
	if line == 0 {
		q = pos{}
	}
	p.errPos(q, hint, "not valid YAML: %s", msg)
}

// resolve follows an alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node's kind for messages: "a list", "text", ...
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of fields"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "the number " + clip(n.Value)
		case "!!bool":
			return n.Value
		}
		return fmt.Sprintf("the text %q", clip(n.Value))
	}
	return "something else"
}

// clip shortens a long value for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}

// field is one key: value pair of a mapping.
type field struct{ key, val *yaml.Node }

// fields reads a mapping with the given field names: unknown names,
// repeated names and non-text names are problems. where names the mapping
// in messages ("" for the top level).
func (p *parser) fields(n *yaml.Node, where string, known []string) map[string]field {
	out := map[string]field{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errAt(k, "a field name is a plain word such as column:", "field name must be a word, not %s", describe(k))
			continue
		}
		name := k.Value
		if prev, dup := out[name]; dup {
			p.errAt(k, fmt.Sprintf("it is first given at line %d; keep one", prev.key.Line), "duplicate field %q", name)
			continue
		}
		isKnown := false
		for _, f := range known {
			if f == name {
				isKnown = true
				break
			}
		}
		if !isKnown {
			h := hint.DidYouMean(name, known)
			if s := hint.Nearest(name, known); s != "" {
				if where != "" {
					s = where + "." + s
				}
				p.suggested[s] = true
			}
			if name == "<<" {
				h = "merge keys (<<) are not supported: write the fields out"
			} else if h == "" {
				h = "fields allowed " + placeName(where) + ": " + strings.Join(known, ", ")
			}
			p.errAt(k, h, "unknown field %q", clip(name))
			// Remember it as given so duplicates are still caught.
			out[name] = field{k, nil}
			continue
		}
		out[name] = field{k, v}
	}
	for name, f := range out {
		if f.val == nil {
			delete(out, name)
		}
	}
	return out
}

func placeName(where string) string {
	switch label(where) {
	case "":
		return "at the top level"
	case "outcome":
		return "in an outcome"
	}
	return "under " + where
}

// str reads a text field. A list or a set of fields is a problem; numbers
// and true/false are kept as written. Empty (null) gives "", false.
func (p *parser) str(f field, path, example string) (string, bool) {
	v := f.val
	p.pos.set(path+":key", f.key)
	p.pos.set(path, v)
	if isNull(v) {
		return "", false
	}
	if v.Kind != yaml.ScalarNode {
		p.bad[path] = true
		p.errAt(v, "write it as "+example, "%s must be text, not %s", label(path), describe(v))
		return "", false
	}
	return v.Value, true
}

// list reads a list of text values, also accepting a single value. Each
// value's position is recorded as path.i.
func (p *parser) list(f field, path, example string) []string {
	v := f.val
	p.pos.set(path+":key", f.key)
	p.pos.set(path, v)
	if isNull(v) {
		return nil
	}
	items := []*yaml.Node{v}
	switch v.Kind {
	case yaml.ScalarNode:
	case yaml.SequenceNode:
		items = v.Content
	default:
		p.bad[path] = true
		p.errAt(v, "write it as "+example, "%s must be a list of column names or values, not %s", label(path), describe(v))
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		it = resolve(it)
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.bad[path] = true
			p.errAt(it, "write it as "+example, "each entry of %s must be a single value, not %s", label(path), describe(it))
			continue
		}
		p.pos.set(fmt.Sprintf("%s.%d", path, len(out)), it)
		out = append(out, it.Value)
	}
	return out
}

// number reads a numeric field; wrong forms are problems with the example.
func (p *parser) number(f field, path, example string) (float64, bool) {
	v := f.val
	p.pos.set(path+":key", f.key)
	p.pos.set(path, v)
	if isNull(v) {
		return 0, false
	}
	if v.Kind == yaml.ScalarNode {
		switch v.ShortTag() {
		case "!!int", "!!float":
			x, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64)
			if err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
				return x, true
			}
			if n, err := strconv.ParseInt(strings.ReplaceAll(v.Value, "_", ""), 0, 64); err == nil {
				return float64(n), true
			}
		}
	}
	p.bad[path] = true
	p.errAt(v, "write it as "+example, "%s must be a number, not %s", label(path), describe(v))
	return 0, false
}

// boolean reads true/false (also yes/no, on/off).
func (p *parser) boolean(f field, path, example string) (bool, bool) {
	v := f.val
	p.pos.set(path+":key", f.key)
	p.pos.set(path, v)
	if isNull(v) {
		return false, false
	}
	if v.Kind == yaml.ScalarNode {
		switch strings.ToLower(v.Value) {
		case "true", "yes", "on", "y":
			return true, true
		case "false", "no", "off", "n":
			return false, true
		}
	}
	p.bad[path] = true
	p.errAt(v, "write it as "+example, "%s must be true or false, not %s", label(path), describe(v))
	return false, false
}

// oneOf reads a text field that must be one of choices (compared without
// regard to case; the canonical spelling is returned).
func (p *parser) oneOf(f field, path string, choices []string) (string, bool) {
	s, ok := p.str(f, path, path[strings.LastIndexByte(path, '.')+1:]+": "+choices[0])
	if !ok {
		return "", false
	}
	for _, c := range choices {
		if strings.EqualFold(strings.TrimSpace(s), c) {
			return c, true
		}
	}
	hint := hint.DidYouMean(s, choices)
	if hint == "" {
		hint = "choose one of: " + strings.Join(choices, ", ")
	}
	p.bad[path] = true
	p.errAt(f.val, hint, "unknown %s %q", label(path), clip(s))
	return "", false
}

var topFields = []string{"title", "design", "data", "group", "cluster", "outcomes", "covariates", "subgroups", "analysis", "matching", "allocation", "threats", "rating", "cost", "plan", "scales", "publish"}

// design reads the top-level mapping.
func (p *parser) design(root *yaml.Node) *Design {
	d := &Design{}
	fs := p.fields(root, "", topFields)
	p.pos.set(":root", root)
	if f, ok := fs["title"]; ok {
		d.Title, _ = p.str(f, "title", "title: Year 7 reading catch-up 2025/26")
	}
	if f, ok := fs["design"]; ok {
		design, _ := p.oneOf(f, "design", evaluate.DesignNames())
		d.Design = evaluate.Design(design)
	}
	if f, ok := fs["data"]; ok {
		p.data(f, d)
	}
	if f, ok := fs["group"]; ok {
		p.group(f, d)
	}
	if f, ok := fs["cluster"]; ok {
		d.Cluster, _ = p.str(f, "cluster", "cluster: school")
	}
	if f, ok := fs["outcomes"]; ok {
		p.outcomes(f, d)
	}
	if f, ok := fs["covariates"]; ok {
		d.Covariates = p.list(f, "covariates", "covariates: [gender, eal]")
	}
	if f, ok := fs["subgroups"]; ok {
		p.subgroups(f, d)
	}
	if f, ok := fs["analysis"]; ok {
		p.analysis(f, d)
	}
	if f, ok := fs["matching"]; ok {
		p.matching(f, d)
	}
	if f, ok := fs["allocation"]; ok {
		p.allocation(f, d)
	}
	if f, ok := fs["threats"]; ok {
		p.threats(f, d)
	}
	if f, ok := fs["rating"]; ok {
		p.rating(f, d)
	}
	if f, ok := fs["cost"]; ok {
		p.cost(f, d)
	}
	if f, ok := fs["publish"]; ok {
		p.publish(f, d)
	}
	if f, ok := fs["plan"]; ok {
		p.plan(f, d)
	}
	if f, ok := fs["scales"]; ok {
		p.scales(f, d)
	}
	return d
}

// mapping checks that f's value is a set of fields; null gives nil.
func (p *parser) mapping(f field, path, example string) *yaml.Node {
	p.pos.set(path+":key", f.key)
	p.pos.set(path, f.val)
	if isNull(f.val) {
		return nil
	}
	if f.val.Kind != yaml.MappingNode {
		p.bad[path] = true
		p.errAt(f.val, "put its fields on the lines below, indented, e.g. "+example, "%s must be a set of fields, not %s", label(path), describe(f.val))
		return nil
	}
	return f.val
}

func (p *parser) data(f field, d *Design) {
	m := p.mapping(f, "data", "file: pupils.xlsx")
	if m == nil {
		return
	}
	fs := p.fields(m, "data", []string{"file", "sheet", "id", "missing"})
	if g, ok := fs["file"]; ok {
		d.Data.File, _ = p.str(g, "data.file", "file: pupils.xlsx")
	}
	if g, ok := fs["sheet"]; ok {
		d.Data.Sheet, _ = p.str(g, "data.sheet", "sheet: Pupils")
	}
	if g, ok := fs["id"]; ok {
		d.Data.ID, _ = p.str(g, "data.id", "id: upn")
	}
	if g, ok := fs["missing"]; ok {
		// An explicit empty list means "no missing tokens", unlike absent.
		l := p.list(g, "data.missing", `missing: ["", "NA", "n/a"]`)
		if l == nil && !isNull(g.val) {
			l = []string{}
		}
		d.Data.Missing = StringList(l)
	}
}

func (p *parser) group(f field, d *Design) {
	m := p.mapping(f, "group", "column: intervention")
	if m == nil {
		return
	}
	g := &Group{}
	d.Group = g
	fs := p.fields(m, "group", []string{"column", "treated", "comparison"})
	if h, ok := fs["column"]; ok {
		g.Column, _ = p.str(h, "group.column", "column: intervention")
	}
	if h, ok := fs["treated"]; ok {
		g.Treated = StringList(p.list(h, "group.treated", "treated: [Y]"))
	}
	if h, ok := fs["comparison"]; ok {
		g.Comparison = StringList(p.list(h, "group.comparison", "comparison: [N]"))
	}
}

var outcomeFields = []string{"column", "label", "pretest", "type", "direction", "positive", "negative"}

// Directions are the accepted values of an outcome's direction:; the
// first is the default.
var Directions = []string{evaluate.DirectionHigher, evaluate.DirectionLower}

// OutcomeTypes are the accepted outcome types; the first is the default.
var OutcomeTypes = []string{"continuous", "binary", "ordinal"}

func (p *parser) outcomes(f field, d *Design) {
	v := f.val
	p.pos.set("outcomes:key", f.key)
	p.pos.set("outcomes", v)
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		hint := "write each outcome on its own line below, starting \"- \", e.g. \"- column: reading_post\""
		p.bad["outcomes"] = true
		p.errAt(v, hint, "outcomes must be a list of outcomes, not %s", describe(v))
		return
	}
	d.Outcomes = []Outcome{}
	for _, it := range v.Content {
		it = resolve(it)
		i := len(d.Outcomes)
		path := fmt.Sprintf("outcomes.%d", i)
		p.pos.set(path, it)
		var o Outcome
		switch {
		case it.Kind == yaml.ScalarNode && !isNull(it):
			// "- reading_post" is short for "- column: reading_post".
			o.Column = it.Value
			p.pos.set(path+".column", it)
		case it.Kind == yaml.MappingNode:
			fs := p.fields(it, path, outcomeFields)
			if g, ok := fs["column"]; ok {
				o.Column, _ = p.str(g, path+".column", "column: reading_post")
			}
			if g, ok := fs["label"]; ok {
				o.Label, _ = p.str(g, path+".label", "label: Reading age (months), July")
			}
			if g, ok := fs["pretest"]; ok {
				o.Pretest, _ = p.str(g, path+".pretest", "pretest: reading_pre")
			}
			if g, ok := fs["type"]; ok {
				o.Type, _ = p.oneOf(g, path+".type", OutcomeTypes)
			}
			if g, ok := fs["direction"]; ok {
				o.Direction = p.direction(g, path+".direction")
			}
			p.answerValues(fs, path, &o)
		default:
			p.errAt(it, "write each outcome as \"- column: NAME\" with optional pretest:, label: and type:",
				"each outcome must be a set of fields, not %s", describe(it))
			continue
		}
		d.Outcomes = append(d.Outcomes, o)
	}
}

// direction reads an outcome's direction: higher or lower (is better).
// "higher is better" and "lower is better" are read as higher and lower.
func (p *parser) direction(f field, path string) string {
	if v := f.val; v != nil && v.Kind == yaml.ScalarNode {
		t := strings.ToLower(strings.Join(strings.Fields(v.Value), " "))
		if c, ok := strings.CutSuffix(t, " is better"); ok && (c == "higher" || c == "lower") {
			p.pos.set(path+":key", f.key)
			p.pos.set(path, v)
			return c
		}
	}
	dir, ok := p.oneOf(f, path, Directions)
	if !ok && !isNull(f.val) && f.val.Kind == yaml.ScalarNode {
		// oneOf has reported it; say what the two values mean.
		e := p.errs[len(p.errs)-1]
		if !strings.Contains(e.Hint, "did you mean") {
			e.Hint = "write direction: higher when higher scores are better (the default), or direction: lower when lower scores are better (a depression score, absences)"
		}
	}
	return dir
}

// MonthsTables, CIMethods, Distances, CaliperScales and Orders are the
// accepted values of those design fields; the first is the default.
var (
	MonthsTables  = []string{"toolkit", "report"}
	CIMethods     = []string{"normal", "noncentral-t"}
	Distances     = []string{"logit", "mahalanobis"}
	CaliperScales = []string{"probability", "logit"}
	Orders        = []string{"largest", "smallest", "data", "random"}
)

func (p *parser) analysis(f field, d *Design) {
	m := p.mapping(f, "analysis", "confidence: 0.95")
	if m == nil {
		return
	}
	fs := p.fields(m, "analysis", []string{"confidence", "months_table", "ci_method", "seed"})
	if g, ok := fs["confidence"]; ok {
		p.confidence(g, d)
	}
	if g, ok := fs["months_table"]; ok {
		d.Analysis.MonthsTable, _ = p.oneOf(g, "analysis.months_table", MonthsTables)
	}
	if g, ok := fs["ci_method"]; ok {
		d.Analysis.CIMethod, _ = p.oneOf(g, "analysis.ci_method", CIMethods)
	}
	if g, ok := fs["seed"]; ok {
		p.pos.set("analysis.seed", g.val)
		v := g.val
		if !isNull(v) {
			s, err := strconv.ParseUint(strings.ReplaceAll(v.Value, "_", ""), 10, 64)
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || err != nil {
				p.errAt(v, "write it as seed: 1", "analysis.seed must be a whole number of 0 or more, not %s", describe(v))
			} else {
				d.Analysis.Seed = &s
			}
		}
	}
}

func (p *parser) confidence(g field, d *Design) {
	v := g.val
	const example = "confidence: 0.95"
	if !isNull(v) && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
		// "95%" is a natural slip: say what to write.
		t := strings.TrimSpace(v.Value)
		if strings.HasSuffix(t, "%") {
			if x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64); err == nil && x > 0 && x < 100 {
				p.pos.set("analysis.confidence", v)
				p.errAt(v, fmt.Sprintf("write it as a proportion: confidence: %s", fmtFloat(x/100)),
					"analysis.confidence must be a number between 0 and 1, not %q", v.Value)
				return
			}
		}
	}
	x, ok := p.number(g, "analysis.confidence", example)
	if !ok {
		return
	}
	switch {
	case x >= 50 && x < 100:
		p.errAt(v, fmt.Sprintf("write it as a proportion: confidence: %s", fmtFloat(x/100)),
			"analysis.confidence must be between 0 and 1, not %s", v.Value)
	case !(x > 0 && x < 1):
		p.errAt(v, "write it as "+example, "analysis.confidence must be between 0 and 1, not %s", v.Value)
	default:
		d.Analysis.Confidence = x
	}
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (p *parser) matching(f field, d *Design) {
	m := p.mapping(f, "matching", "covariates: [ks2_read, fsm]")
	if m == nil {
		return
	}
	mt := &Matching{}
	d.Matching = mt
	fs := p.fields(m, "matching", []string{"covariates", "exact", "distance", "caliper", "caliper_scale", "ratio", "replace", "order"})
	if g, ok := fs["covariates"]; ok {
		mt.Covariates = p.list(g, "matching.covariates", "covariates: [ks2_read, fsm, gender]")
	}
	if g, ok := fs["exact"]; ok {
		mt.Exact = p.list(g, "matching.exact", "exact: [year_group]")
	}
	if g, ok := fs["distance"]; ok {
		mt.Distance, _ = p.oneOf(g, "matching.distance", Distances)
	}
	if g, ok := fs["caliper"]; ok {
		if x, ok := p.number(g, "matching.caliper", "caliper: 0.2"); ok {
			if x > 0 {
				mt.Caliper = &x
			} else {
				p.errAt(g.val, "write a positive number of standard deviations, e.g. caliper: 0.2, or remove caliper for none",
					"matching.caliper must be more than 0, not %s", g.val.Value)
			}
		}
	}
	if g, ok := fs["caliper_scale"]; ok {
		mt.CaliperScale, _ = p.oneOf(g, "matching.caliper_scale", CaliperScales)
	}
	if g, ok := fs["ratio"]; ok {
		if x, ok := p.number(g, "matching.ratio", "ratio: 1"); ok {
			if x != math.Trunc(x) || x < 1 || x > 1000 {
				p.errAt(g.val, "write a whole number of comparison pupils per treated pupil, e.g. ratio: 1",
					"matching.ratio must be a whole number of 1 or more, not %s", g.val.Value)
			} else {
				mt.Ratio = int(x)
			}
		}
	}
	if g, ok := fs["replace"]; ok {
		mt.Replace, _ = p.boolean(g, "matching.replace", "replace: false")
	}
	if g, ok := fs["order"]; ok {
		mt.Order, _ = p.oneOf(g, "matching.order", Orders)
	}
}

func (p *parser) cost(f field, d *Design) {
	m := p.mapping(f, "cost", "per_pupil: 150")
	if m == nil {
		return
	}
	d.Cost = &Cost{}
	fs := p.fields(m, "cost", []string{"per_pupil"})
	if g, ok := fs["per_pupil"]; ok {
		if x, ok := p.number(g, "cost.per_pupil", "per_pupil: 150"); ok {
			if x < 0 {
				p.errAt(g.val, "write the cost in pounds per pupil per year, e.g. per_pupil: 150",
					"cost.per_pupil must be 0 or more, not %s", g.val.Value)
			} else {
				d.Cost.PerPupil = &x
			}
		}
	}
}

// publish reads the publishing rules: `publish: {min_count: 10, rounding:
// none}`.
func (p *parser) publish(f field, d *Design) {
	m := p.mapping(f, "publish", "min_count: 10")
	d.Publish = &Publish{}
	if m == nil {
		return
	}
	fs := p.fields(m, "publish", []string{"min_count", "rounding"})
	if g, ok := fs["min_count"]; ok {
		if x, ok := p.number(g, "publish.min_count", "min_count: 10"); ok {
			if x != math.Trunc(x) || x < 2 || x > 1000 {
				p.errAt(g.val, "write the smallest group to show, in pupils, e.g. min_count: 10 (the DfE's threshold)",
					"publish.min_count must be a whole number from 2 to 1000, not %s", g.val.Value)
			} else {
				d.Publish.MinCount = int(x)
			}
		}
	}
	if g, ok := fs["rounding"]; ok {
		d.Publish.Rounding, _ = p.oneOf(g, "publish.rounding", Roundings)
	}
}

// UnmarshalYAML lets StringList be decoded by yaml.Unmarshal too (Parse
// does not need it): a scalar is a list of one, and numbers and booleans
// keep the text they were written as (`treated: yes` is "yes", `1` is "1").
func (s *StringList) UnmarshalYAML(n *yaml.Node) error {
	n = resolve(n)
	switch {
	case isNull(n):
		*s = nil
	case n.Kind == yaml.ScalarNode:
		*s = StringList{n.Value}
	case n.Kind == yaml.SequenceNode:
		out := make(StringList, 0, len(n.Content))
		for _, it := range n.Content {
			it = resolve(it)
			if it.Kind != yaml.ScalarNode || isNull(it) {
				return fmt.Errorf("line %d: each entry must be a single value, not %s", it.Line, describe(it))
			}
			out = append(out, it.Value)
		}
		*s = out
	default:
		return fmt.Errorf("line %d: want a value or a list of values, not %s", n.Line, describe(n))
	}
	return nil
}
