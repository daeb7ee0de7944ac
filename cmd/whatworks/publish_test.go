package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/whatworks/whatworks/reports/publish"
)

// The leak test of the publishing rules (docs/methods.md §18). Each case
// analyses a design with small groups twice: without the rules (the
// numbers they must hide) and with them (every output: workbook, JSON,
// plots, HTML summary, terminal text). Every number the rules withheld
// (null in the published JSON where the full JSON has a number) is then
// looked for in every part of every output: each part of the workbook's
// zip (sheets, shared strings, charts, drawings, images, document
// properties, the hidden record), each plot (SVG text, PNG bytes), the
// JSON, the HTML and the terminal text; and so is every pupil's
// identifier. The data: testdata/publish (README there).

// publishCase is one design with small groups, and the flags that publish
// it (the design may have its own publish block).
type publishCase struct {
	name, design string
	args         []string
	// counts are withheld counts that must be looked for (no number
	// shown has their value).
	counts []string
}

var publishCases = []publishCase{
	{"six intervention pupils", "small-arm.yaml", []string{"--suppress-small"}, []string{"6"}},
	{"a subgroup of 2 v 3", "small-subgroup.yaml", nil, []string{"2", "3"}},
	{"a subgroup of 2 v 3, HESA rounding", "small-subgroup.yaml", []string{"--suppress-small"}, []string{"2", "3"}},
}

// keys are the keys of m, sorted.
func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestPublish_noLeak(t *testing.T) {
	for _, c := range publishCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			src := filepath.Join("testdata", "publish")
			data, _ := os.ReadFile(filepath.Join(src, c.design))
			design := string(data)
			csvName := regexp.MustCompile(`file: (\S+)`).FindStringSubmatch(design)[1]
			csv, err := os.ReadFile(filepath.Join(src, csvName))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, csvName), csv, 0o644); err != nil {
				t.Fatal(err)
			}
			// The design without its publish block: the full numbers.
			full := regexp.MustCompile(`(?s)\npublish:.*$`).ReplaceAllString(design, "\n")
			if strings.Contains(c.name, "HESA") {
				design = strings.Replace(design, "rounding: none", "rounding: hesa", 1)
			}
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			fullDesign, pubDesign := write("full.yaml", full), write("pub.yaml", design)
			if code, _, stderr := runCLI(t, "analyse", fullDesign, "-o", filepath.Join(dir, "full.xlsx"), "--json", filepath.Join(dir, "full.json")); code != 0 {
				t.Fatalf("unpublished run: exit %d: %s", code, stderr)
			}
			args := append([]string{"analyse", pubDesign, "-o", filepath.Join(dir, "pub.xlsx"), "--json", filepath.Join(dir, "pub.json"),
				"--plots", filepath.Join(dir, "plots"), "--html", filepath.Join(dir, "pub.html")}, c.args...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("published run: exit %d: %s", code, stderr)
			}
			fullJSON, pubJSON := readJSON(t, filepath.Join(dir, "full.json")), readJSON(t, filepath.Join(dir, "pub.json"))
			hidden := map[string]withheldNum{}
			withheldNumbers(fullJSON, pubJSON, "", hidden)
			if len(hidden) == 0 {
				t.Fatal("the publishing rules withheld nothing")
			}
			shown, shownCounts := map[string]bool{}, map[string]bool{}
			shownNumbers(pubJSON, "", shown, shownCounts)

			parts := outputParts(t, dir, "pub.xlsx", stdout+stderr)
			base := baseline(t) // also fills baselineSegments
			ids := regexp.MustCompile(`QZ\d{4}X`).FindAllString(string(csv), -1)
			checked, ambiguous := 0, 0
			searchedCounts, skippedCounts := map[string]bool{}, map[string]bool{}
			for name, text := range parts {
				for _, id := range ids {
					if strings.Contains(text, id) {
						t.Errorf("%s: pupil identifier %s", name, id)
					}
				}
				for _, bad := range []string{strconv.Itoa(math.MinInt32), "NaN"} {
					if strings.Contains(text, bad) {
						t.Errorf("%s: holds %q", name, bad)
					}
				}
			}
			index := map[string]*partIndex{}
			for name, text := range parts {
				index[name] = indexPart(text, baselineSegments)
			}
			for _, h := range hidden {
				forms := h.forms()
				if len(forms) == 0 {
					continue
				}
				checked++
				for i, f := range forms {
					// The number in full is looked for everywhere; rounded,
					// or a count, only where no number shown or no constant
					// of every workbook (the months' table, thresholds) is
					// written the same.
					full := i == 0 && !h.count && h.v != math.Trunc(h.v) && significant(f) >= 4
					fraction := !h.count && h.v != math.Trunc(h.v)
					if !full && derived(h.path) {
						// An SE, interval, statistic or p-value rounded: too
						// many shown numbers share such forms (its full form
						// is looked for).
						ambiguous++
						continue
					}
					if h.count && shownCounts[f] || !h.count && (shown[f] || !full && base[f] || fraction && significant(f) < 3) {
						ambiguous++
						if h.count {
							skippedCounts[f] = true
						}
						continue
					}
					if h.count {
						searchedCounts[f] = true
					}
					for name, text := range parts {
						if strings.Contains(name, ".xlsx:") && !strings.Contains(name, "xl/") && !full {
							continue // cells: compared with the unpublished workbook's, below
						}
						ix := index[name]
						hit := false
						if h.count || h.v == math.Trunc(h.v) {
							n, _ := strconv.Atoi(f)
							hit = ix.counts[n]
						} else {
							hit = ix.nums[strings.TrimPrefix(f, "-")]
						}
						if hit {
							t.Errorf("%s: withheld %s %s (at %q)", name, h.path, f, around(text, strings.Index(text, strings.TrimPrefix(f, "-"))))
						}
					}
				}
			}
			cellsLeak(t, filepath.Join(dir, "full.xlsx"), filepath.Join(dir, "pub.xlsx"), hidden)
			mustWithhold(t, fullJSON, pubJSON)
			secondary(t, pubJSON)
			t.Logf("%d withheld numbers looked for in %d parts (%d forms skipped: a shown number has them too); counts looked for %v, skipped %v",
				checked, len(parts), ambiguous, keys(searchedCounts), keys(skippedCounts))
			for _, n := range c.counts {
				if !searchedCounts[n] {
					t.Errorf("the withheld count %s was not looked for", n)
				}
			}
		})
	}
}

// withheldNum is a number the rules withheld: where it was (a JSON path),
// its value, whether it is a count.
type withheldNum struct {
	path  string
	v     float64
	count bool
}

// forms are how the number could be written: a count as itself; a
// fraction to 2 and 3 decimals and in full (shortest).
func (h withheldNum) forms() []string {
	v := math.Abs(h.v) // signs are not compared
	if h.count || v == math.Trunc(v) {
		if v == 0 {
			return nil
		}
		return []string{strconv.FormatFloat(v, 'f', 0, 64)}
	}
	out := []string{strconv.FormatFloat(v, 'g', -1, 64)}
	for _, d := range []int{2, 3} {
		s := strconv.FormatFloat(v, 'f', d, 64)
		if strings.Trim(s, "0.") != "" {
			out = append(out, s)
		}
	}
	return out
}

// derived reports whether the JSON path is an SE, an interval, a
// statistic or a p-value.
func derived(path string) bool {
	key := path[strings.LastIndexByte(path, '.')+1:]
	return key == "se" || key == "statistic" || strings.HasPrefix(key, "ci_") || strings.HasPrefix(key, "p_")
}

// significant counts the significant digits of a number as written.
func significant(f string) int {
	return len(strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(f), "0"))
}

// countKeys are the JSON fields that hold counts of pupils.
var countKeys = map[string]bool{"n_treated": true, "n_comparison": true, "n": true, "missing": true, "count": true,
	"allocated": true, "in_data": true, "analysed": true, "in_neither_arm": true, "pupils": true, "scored": true,
	"short": true, "unanswered": true, "alpha_n": true, "all": true, "matched": true, "unmatched": true,
	"discarded": true, "counts": true}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// withheldNumbers collects the numbers of full that are null in pub.
func withheldNumbers(full, pub any, path string, out map[string]withheldNum) {
	key := path[strings.LastIndexByte(path, '.')+1:]
	switch f := full.(type) {
	case map[string]any:
		p, _ := pub.(map[string]any)
		for k, v := range f {
			withheldNumbers(v, p[k], path+"."+k, out)
		}
	case []any:
		p, _ := pub.([]any)
		for i, v := range f {
			var pv any
			if i < len(p) {
				pv = p[i]
			}
			withheldNumbers(v, pv, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case float64:
		if pub == nil {
			base := strings.TrimRightFunc(key, func(r rune) bool { return r == ']' || r == '[' || (r >= '0' && r <= '9') })
			out[path] = withheldNum{path: path, v: f, count: countKeys[base]}
		}
	}
}

// shownNumbers collects the forms of the numbers pub shows (counts
// apart).
func shownNumbers(pub any, key string, shown, counts map[string]bool) {
	switch p := pub.(type) {
	case map[string]any:
		for k, v := range p {
			shownNumbers(v, k, shown, counts)
		}
	case []any:
		for _, v := range p {
			shownNumbers(v, key, shown, counts)
		}
	case float64:
		for _, f := range (withheldNum{v: p}).forms() {
			shown[f] = true
			if countKeys[key] {
				counts[f] = true
			}
		}
		if p == math.Trunc(p) {
			shown[strconv.FormatFloat(math.Abs(p), 'f', 0, 64)] = true
		}
	}
}

var (
	textNode   = regexp.MustCompile(`>([^<]+)<`)
	attrValue  = regexp.MustCompile(`\b(?:descr|title|name)="([^"]*)"`)
	styleBlock = regexp.MustCompile(`(?s)<style>.*?</style>`)
)

// outputParts are what a reader can get out of every part of the
// published outputs in dir, as text: the value of every cell of every
// sheet of the workbook (the hidden record's too), and of each other
// part of its zip the text nodes and names, titles and descriptions (alt
// text) of XML parts (shared strings, charts, drawings, document
// properties) and the text chunks of images; each plot's SVG text (the
// PNGs are the same figures; their text chunks are read); the JSON; the
// HTML's text; the terminal text.
func outputParts(t *testing.T, dir, book, terminal string) map[string]string {
	t.Helper()
	parts := map[string]string{"terminal": terminal}
	f, err := excelize.OpenFile(filepath.Join(dir, book))
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					fmt.Fprintf(&b, "%s=%s\n", ref, v)
				}
			}
		}
		parts[book+":"+sheet] = b.String()
	}
	f.Close()
	zr, err := zip.OpenReader(filepath.Join(dir, book))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue // read above, cell by cell
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		parts[book+":"+zf.Name] = partText(zf.Name, b.Bytes())
	}
	plots, _ := filepath.Glob(filepath.Join(dir, "plots", "*"))
	if len(plots) == 0 {
		t.Fatal("no plots written")
	}
	for _, p := range plots {
		b, _ := os.ReadFile(p)
		parts["plots/"+filepath.Base(p)] = partText(p, b)
	}
	for _, name := range []string{"pub.json", "pub.html"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		parts[name] = partText(name, b)
	}
	return parts
}

// partText is the text of a part: of XML, SVG and HTML its text nodes
// and names, titles and descriptions; of a PNG its text chunks; of JSON
// the whole.
func partText(name string, b []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return string(b)
	case ".png", ".jpeg", ".jpg", ".gif", ".emf":
		return pngText(b)
	}
	var out strings.Builder
	b = styleBlock.ReplaceAll(b, nil)
	for _, m := range textNode.FindAllSubmatch(b, -1) {
		out.Write(m[1])
		out.WriteByte('\n')
	}
	for _, m := range attrValue.FindAllSubmatch(b, -1) {
		out.Write(m[1])
		out.WriteByte('\n')
	}
	return html.UnescapeString(out.String())
}

// pngText is the text chunks (tEXt, iTXt, zTXt: keyword and text) of a
// PNG.
func pngText(b []byte) string {
	var out strings.Builder
	if len(b) < 8 {
		return ""
	}
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if i+12+n > len(b) {
			break
		}
		if typ == "tEXt" || typ == "iTXt" || typ == "zTXt" {
			out.Write(b[i+8 : i+8+n])
			out.WriteByte('\n')
		}
		i += 12 + n
	}
	return out.String()
}

// partIndex is the numbers of a part: every number as written (without
// its sign), and the numbers written as counts of pupils (publish.Counts,
// and JSON's counts).
type partIndex struct {
	nums   map[string]bool
	counts map[int]bool
}

var (
	numberToken = regexp.MustCompile(`\d+(?:\.\d+)?`)
	jsonCount   = regexp.MustCompile(`"(?:n|n_\w+|count|missing|allocated|in_data|analysed|pupils|scored|all|matched|unmatched|discarded)": ?(\d+)[,\n}]`)
)

// segments are the pieces of text between line ends and quotes: a
// sentence, a JSON string, a cell.
func segments(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '"' })
}

// indexPart indexes the numbers of text, leaving out the segments that
// every workbook has (constant: the demo's outputs have them word for
// word, such as "fewer than 2 pupils" in a note).
func indexPart(text string, constant map[string]bool) *partIndex {
	var keep []string
	for _, seg := range segments(text) {
		if !constant[seg] {
			keep = append(keep, seg)
		}
	}
	text = strings.Join(keep, "\n")
	ix := &partIndex{nums: map[string]bool{}, counts: map[int]bool{}}
	for _, m := range numberToken.FindAllString(text, -1) {
		ix.nums[m] = true
	}
	for _, n := range publish.Counts(text) {
		ix.counts[n] = true
	}
	for _, m := range jsonCount.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		ix.counts[n] = true
	}
	return ix
}

// baseline is the numbers (as written) in the published outputs of the
// demo: the constants every workbook has (the months' table, the WWC
// thresholds, …), which a withheld number may share by chance.
func baseline(t *testing.T) map[string]bool {
	t.Helper()
	baselineOnce.Do(func() {
		dir := demoDir(t)
		code, stdout, stderr := runCLI(t, "analyse", filepath.Join(dir, "design.yaml"), "--suppress-small", "-o", filepath.Join(dir, "pub.xlsx"),
			"--json", filepath.Join(dir, "pub.json"), "--plots", filepath.Join(dir, "plots"), "--html", filepath.Join(dir, "pub.html"))
		if code != 0 {
			t.Fatalf("demo: exit %d: %s", code, stderr)
		}
		baselineForms, baselineSegments = map[string]bool{}, map[string]bool{}
		num := regexp.MustCompile(`\d+(?:\.\d+)?`)
		for name, text := range outputParts(t, dir, "pub.xlsx", stdout+stderr) {
			if !strings.Contains(name, "xl/") && strings.Contains(name, ".xlsx:") {
				continue
			}
			for _, m := range num.FindAllString(text, -1) {
				baselineForms[m] = true
			}
			for _, seg := range segments(text) {
				baselineSegments[seg] = true
			}
		}
	})
	return baselineForms
}

var (
	baselineOnce     sync.Once
	baselineForms    map[string]bool
	baselineSegments map[string]bool
)

// around is the text around position at.
func around(text string, at int) string {
	if at < 0 {
		return ""
	}
	lo, hi := max(0, at-60), min(len(text), at+40)
	return text[lo:hi]
}

// sheetColumns are the columns of the JSON fields on the Results,
// Descriptives and Balance sheets, whose rows are the JSON's rows in
// order under a header.
var sheetColumns = map[string]map[string]int{
	"results": {"estimate": 6, "se": 7, "ci_low": 8, "ci_high": 9, "ci_low_alt": 11, "ci_high_alt": 12, "df": 14,
		"statistic": 15, "p_value": 16, "p_adjusted": 17, "n_treated": 18, "n_comparison": 19, "months_progress": 20, "improvement_index": 21},
	"descriptives": {"n": 5, "missing": 6, "mean": 7, "sd": 8, "min": 9, "max": 10},
	"balance":      {"mean_treated": 4, "sd_treated": 5, "mean_comparison": 6, "sd_comparison": 7, "smd": 8, "variance_ratio": 9},
}

var rowPath = regexp.MustCompile(`^\.(results|descriptives|balance)\[(\d+)\]\.(\w+)$`)

// cellsLeak checks that the cell of each withheld number of the Results,
// Descriptives and Balance sheets no longer holds it.
func cellsLeak(t *testing.T, fullPath, pubPath string, hidden map[string]withheldNum) {
	t.Helper()
	pf, err := excelize.OpenFile(pubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	ff, err := excelize.OpenFile(fullPath)
	if err != nil {
		t.Fatal(err)
	}
	defer ff.Close()
	sheets := map[string]string{"results": "Results", "descriptives": "Descriptives", "balance": "Balance"}
	n := 0
	for path := range hidden {
		m := rowPath.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		col := sheetColumns[m[1]][m[3]]
		if col == 0 {
			continue
		}
		row, _ := strconv.Atoi(m[2])
		ref, _ := excelize.CoordinatesToCellName(col, row+2)
		was, _ := ff.GetCellValue(sheets[m[1]], ref, excelize.Options{RawCellValue: true})
		now, _ := pf.GetCellValue(sheets[m[1]], ref, excelize.Options{RawCellValue: true})
		n++
		if was != "" && now == was {
			t.Errorf("%s!%s still holds the withheld %s (%s)", sheets[m[1]], ref, was, path)
		}
		if now != "c" && now != "" {
			t.Errorf("%s!%s holds %q for the withheld %s, not c", sheets[m[1]], ref, now, path)
		}
	}
	if n == 0 {
		t.Error("no withheld number has a cell on the Results, Descriptives or Balance sheets")
	}
}

// mustWithhold checks, from the unpublished JSON alone, that what must be
// withheld is: every descriptive of fewer than 10 pupils, every result
// row with an arm of fewer than 10, every flow count of an arm with fewer
// than 10 analysed, and the intervention side of every balance row when
// an arm has fewer than 10 pupils (the shares of a categorical level
// too when fewer than 10 of an arm are at it).
func mustWithhold(t *testing.T, full, pub any) {
	t.Helper()
	f, p := full.(map[string]any), pub.(map[string]any)
	small := func(v any) bool { n, ok := v.(float64); return ok && n > 0 && n < 10 }
	rows := func(root map[string]any, key string) []map[string]any {
		var out []map[string]any
		list, _ := root[key].([]any)
		for _, x := range list {
			out = append(out, x.(map[string]any))
		}
		return out
	}
	smallArm := false
	fd, pd := rows(f, "descriptives"), rows(p, "descriptives")
	for i, d := range fd {
		if small(d["n"]) {
			if d["subgroup"] == "all" {
				smallArm = true
			}
			for _, k := range []string{"n", "mean", "sd", "min", "max"} {
				if pd[i][k] != nil {
					t.Errorf("descriptives[%d] (%v %v %v, n = %v): %s shown", i, d["variable"], d["subgroup"], d["arm"], d["n"], k)
				}
			}
		}
	}
	fr, pr := rows(f, "results"), rows(p, "results")
	for i, x := range fr {
		if (small(x["n_treated"]) || small(x["n_comparison"])) && x["analysis"] != "rating" {
			for _, k := range []string{"estimate", "se", "ci_low", "ci_high", "df", "statistic", "p_value", "n_treated", "n_comparison"} {
				if x[k] != nil && pr[i][k] != nil {
					t.Errorf("results[%d] (%v %v %v %v, n = %v/%v): %s shown", i, x["outcome"], x["subgroup"], x["analysis"], x["measure"], x["n_treated"], x["n_comparison"], k)
				}
			}
		}
	}
	for i, fl := range rows(f, "flow") {
		for j, a := range fl["arms"].([]any) {
			am := a.(map[string]any)
			if !small(am["analysed"]) {
				continue
			}
			pa := rows(p, "flow")[i]["arms"].([]any)[j].(map[string]any)
			for _, k := range []string{"allocated", "in_data", "analysed"} {
				if pa[k] != nil {
					t.Errorf("flow[%d].arms[%d] (%v, %v analysed): %s shown", i, j, am["arm"], am["analysed"], k)
				}
			}
		}
	}
	pb := rows(p, "balance")
	for i, b := range rows(f, "balance") {
		hide := smallArm
		if b["level"] != nil && b["level"] != "" {
			if m, ok := b["mean_treated"].(float64); ok && m > 0 && m < 1 {
				// The share of the level: fewer than 10 at it, or not at
				// it, of the intervention pupils of the headline row.
				for _, x := range fr {
					if x["outcome"] == b["outcome"] && x["subgroup"] == "all" && x["analysis"] == "ancova" && x["measure"] == "hedges_g" {
						n := x["n_treated"].(float64)
						k := math.Round(m * n)
						hide = hide || k < 10 || n-k < 10
					}
				}
			}
		}
		if hide {
			for _, k := range []string{"mean_treated", "sd_treated", "smd"} {
				if b[k] != nil && pb[i][k] != nil {
					t.Errorf("balance[%d] (%v %v %v): %s shown", i, b["outcome"], b["variable"], b["level"], k)
				}
			}
		}
	}
}

// secondary checks that the published JSON lets no withheld count be
// worked out: a subgroup level withheld never stands alone in its column
// (all pupils less the other levels), a shown result row never has a
// withheld count, and a shown mean difference never has a withheld mean
// beside it.
func secondary(t *testing.T, pub any) {
	t.Helper()
	root := pub.(map[string]any)
	// Descriptives: per variable, arm and time, the levels of each column.
	type key struct{ variable, arm, time, column string }
	withheld, shown := map[key]int{}, map[key]int{}
	means := map[[4]string]bool{} // variable, subgroup, arm, time → mean shown
	for _, d := range root["descriptives"].([]any) {
		m := d.(map[string]any)
		sub := m["subgroup"].(string)
		means[[4]string{m["variable"].(string), sub, m["arm"].(string), m["time"].(string)}] = m["mean"] != nil
		col, _, ok := strings.Cut(sub, "=")
		if !ok {
			continue
		}
		k := key{m["variable"].(string), m["arm"].(string), m["time"].(string), col}
		if m["n"] == nil {
			withheld[k]++
		} else {
			shown[k]++
		}
	}
	var keys []string
	for k, n := range withheld {
		if n == 1 {
			keys = append(keys, fmt.Sprint(k))
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("descriptives %s: one level withheld, the others shown: it is all pupils less them", k)
	}
	for i, x := range root["results"].([]any) {
		m := x.(map[string]any)
		if m["estimate"] == nil || m["analysis"] == "rating" {
			continue
		}
		if _, ok := m["n_treated"]; ok && m["n_treated"] == nil && m["n_comparison"] != nil {
			t.Errorf("results[%d] (%v %v %v): shown with a withheld count", i, m["outcome"], m["subgroup"], m["measure"])
		}
		if m["measure"] == "mean_difference" && m["analysis"] == "unadjusted" {
			for _, arm := range []string{"intervention", "comparison"} {
				if shown, ok := means[[4]string{m["outcome"].(string), m["subgroup"].(string), arm, "post"}]; ok && !shown {
					t.Errorf("results[%d] (%v %v): a mean difference shown beside a withheld mean", i, m["outcome"], m["subgroup"])
				}
			}
		}
	}
}

// verify checks a published workbook: with the data it re-runs the
// analysis under the recorded rules and every cell matches; without, it
// says what the rules leave unchecked.
func TestPublish_verify(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"small-subgroup.yaml", "small-subgroup.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "publish", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "small-subgroup.yaml" {
			b = bytes.Replace(b, []byte("rounding: none"), []byte("rounding: hesa"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(dir, "pub.xlsx")
	if code, _, stderr := runCLI(t, "analyse", filepath.Join(dir, "small-subgroup.yaml"), "-o", book); code != 0 {
		t.Fatalf("analyse: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "verify", book, "--data", filepath.Join(dir, "small-subgroup.csv"))
	if code != 0 || !strings.Contains(stdout, "verified: ") || !strings.Contains(stdout, "rounding hesa") {
		t.Errorf("verify --data: exit %d:\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "verify", book)
	if code != 0 || !strings.Contains(stdout, "result rows withheld") || !strings.Contains(stdout, "counts are rounded (hesa)") {
		t.Errorf("verify: exit %d:\n%s%s", code, stdout, stderr)
	}
}

// The terminal's headline table shows a withheld group as "c", as the
// workbook and the HTML do, with a footnote, rather than leaving it out.
func TestPublish_terminalShowsWithheldGroups(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"small-subgroup.yaml", "small-subgroup.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "publish", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCLI(t, "analyse", filepath.Join(dir, "small-subgroup.yaml"), "-o", filepath.Join(dir, "pub.xlsx"))
	if code != 0 {
		t.Fatalf("analyse: exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`(?m)^  Pupils with sen = EHCP +c +c +c +c +c/c$`).MatchString(stdout) ||
		!strings.Contains(stdout, "c: withheld under the publishing rules") {
		t.Errorf("no withheld row for sen = EHCP, or no footnote:\n%s", stdout)
	}
}
