package html

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/plot"
)

// withSecurity adds a rating to every all-pupils headline of r, with
// steps as long as evaluate's.
func withSecurity(r *evaluate.Report) *evaluate.Report {
	c := *r
	c.Security = nil
	seen := map[string]bool{}
	for _, x := range r.Results {
		if x.Subgroup != evaluate.SubgroupAll || seen[x.Outcome] {
			continue
		}
		seen[x.Outcome] = true
		p := rating.PadlockResult{Padlocks: 3, Design: 5, MDES: 4, Attrition: 3, Initial: 3, Label: rating.PadlockLabel}
		for _, st := range []string{"design", "mdes", "attrition", "initial", "confounding", "threats", "final"} {
			p.Steps = append(p.Steps, rating.PadlockStep{Criterion: st,
				Explanation: "Step " + st + ": the analysed sample could detect an effect of 0.27, above 0.20 and at most 0.30, so 4 padlocks; it rests on 212 and 208 pupils and an R² of 0.36."})
		}
		c.Security = append(c.Security, evaluate.Security{Outcome: x.Outcome, Subgroup: evaluate.SubgroupAll, Padlocks: p, Cost: "££"})
	}
	return &c
}

// crowded is r (2 outcomes) repeated k times, with long caveats: with 4
// outcomes, the most the summary fits on one page.
func crowded(r *evaluate.Report, k int) *evaluate.Report {
	c := *r
	c.Results = nil
	for i := range k {
		for _, x := range r.Results {
			x.Outcome += fmt.Sprint(i)
			x.Label = fmt.Sprintf("%s, test %d of the summer term", x.Label, i+1)
			c.Results = append(c.Results, x)
		}
	}
	c.Caveats = nil
	for k := range 9 {
		c.Caveats = append(c.Caveats, fmt.Sprintf("Outcome %d: the groups were a little apart before the programme on the pretest (standardised difference 0.12, between 0.05 and 0.25): the What Works Clearinghouse accepts such a comparison only when it is adjusted for the pre-test, so rely on the adjusted (ANCOVA) results.", k))
	}
	return withSecurity(&c)
}

// caseReport is one of the test reports by name.
func caseReport(t *testing.T, name string) *evaluate.Report {
	switch name {
	case "rct":
		return withSecurity(testreport.RCT())
	case "prepost":
		return testreport.PrePost()
	case "matched":
		return withSecurity(testreport.Matched())
	case "survey":
		return withSecurity(testreport.Survey(t))
	case "crowded":
		return crowded(testreport.RCT(), 2)
	case "many":
		return crowded(testreport.RCT(), 5)
	}
	return nil
}

// forestSVG is the forest plot of r as SVG, as whatworks analyse draws it.
func forestSVG(r *evaluate.Report) ([]byte, error) {
	f, ok, err := plot.ForestPlot(r)
	if err != nil || !ok {
		return nil, err
	}
	return f.SVG()
}

// summaries are the pages the tests write, by name.
func summaries(t *testing.T) map[string][]byte {
	t.Helper()
	cases := map[string]*evaluate.Report{
		"rct":     withSecurity(testreport.RCT()),
		"prepost": testreport.PrePost(),
		"matched": withSecurity(testreport.Matched()),
		"survey":  withSecurity(testreport.Survey(t)),
		"crowded": crowded(testreport.RCT(), 2),
		"many":    crowded(testreport.RCT(), 5),
	}
	cost := 150.0
	out := map[string][]byte{}
	for name, r := range cases {
		o := Options{Version: "test", Date: "2026-07-20", DesignName: "design.yaml", CostPerPupil: &cost, Forest: forestSVG}
		var b bytes.Buffer
		if err := Write(&b, r, o); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// The page loads nothing from elsewhere, names its language, heads every
// column and row, titles the plot, and is the same for the same report.
func TestWrite_selfContained(t *testing.T) {
	pages := summaries(t)
	for name, b := range pages {
		s := string(b)
		for _, bad := range []string{"<script", "src=", "href=", "@import", "url(", "http:", "https:", "<link", "@font-face", "<iframe", "<img"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: the page holds %q: it must load nothing", name, bad)
			}
		}
		for _, want := range []string{`<html lang="en-GB">`, `<meta charset="utf-8">`, "<h1>", `<caption id="summary-heading">`, `<th scope="col">Effect size (95% CI)</th>`, `<th scope="rowgroup"`, "<h2 id=\"conclusions-heading\">Key conclusions</h2>"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
		if strings.Contains(s, "<svg") && (!strings.Contains(s, `role="img" aria-labelledby="forest-title"`) || !strings.Contains(s, `<title id="forest-title">`)) {
			t.Errorf("%s: the plot has no title for screen readers", name)
		}
		if strings.Contains(s, "<?xml") {
			t.Errorf("%s: the inline SVG keeps its XML declaration", name)
		}
	}
	again := summaries(t)
	for name := range pages {
		if !bytes.Equal(pages[name], again[name]) {
			t.Errorf("%s: two writes of the same report differ", name)
		}
	}
	for _, want := range []string{"<h2 id=\"security-heading\">How secure is the finding?</h2>", "3 padlocks", "££ low cost", "Maths"} {
		if !strings.Contains(string(pages["rct"]), want) {
			t.Errorf("rct: no %q", want)
		}
	}
	testreport.Golden(t, "summary-rct.html", pages["rct"])
}

// The type's colours are dark on light or light on dark enough to read
// (WCAG 2 AA: a contrast ratio of at least 4.5).
func TestWrite_contrast(t *testing.T) {
	for _, c := range [][2]string{{"1a1a1a", "ffffff"}, {"4a4a4a", "ffffff"}, {"ffffff", "1f4e79"}, {"1f4e79", "ffffff"}, {"1a1a1a", "eef3f8"}} {
		if r := contrast(c[0], c[1]); r < 4.5 {
			t.Errorf("#%s on #%s: contrast %.2f, below 4.5", c[0], c[1], r)
		}
	}
	s := pageTemplate
	for _, c := range []string{"#1a1a1a", "#4a4a4a", "#1f4e79", "#eef3f8"} {
		if !strings.Contains(s, c) {
			t.Errorf("the style sheet no longer uses %s: check the contrast of its colours", c)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two sRGB colours (hex).
func contrast(a, b string) float64 {
	lum := func(h string) float64 {
		var v [3]float64
		for i := range 3 {
			x, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
			c := float64(x) / 255
			if c <= 0.03928 {
				v[i] = c / 12.92
			} else {
				v[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*v[0] + 0.7152*v[1] + 0.0722*v[2]
	}
	x, y := lum(a), lum(b)
	if x < y {
		x, y = y, x
	}
	return (x + 0.05) / (y + 0.05)
}

// chromium finds the browser, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browse runs headless Chromium on page with args (--print-to-pdf=...,
// --screenshot=...) in a profile of its own.
func browse(t *testing.T, bin, page string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--no-pdf-header-footer", "--user-data-dir=" + filepath.Join(filepath.Dir(page), "profile-"+filepath.Base(page))}
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, out)
	}
	return nil
}

var countRE = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`)

var pagesRE = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// pdfPages is the page count of a PDF: pdfinfo's (poppler-utils) when it
// is installed, else the page tree's /Count.
func pdfPages(path string, b []byte) int {
	if out, err := exec.Command("pdfinfo", path).Output(); err == nil {
		if m := pagesRE.FindSubmatch(out); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			return n
		}
	}
	m := countRE.FindSubmatch(b)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]) + string(m[2]))
	return n
}

// A real browser prints each summary on one A4 page, even a crowded one
// (10 outcomes), and draws it: a screenshot and the printed page as PNG
// (pdftoppm) have ink on them. Chromium and poppler-utils are installed
// by .ci/run; without Chromium the test is skipped.
func TestBrowser_onePage(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("chromium is not installed: the summary's print layout is not checked (apt-get install chromium; .ci/run installs it)")
	}
	if testing.Short() {
		t.Skip("-short: the summary's print layout is not checked")
	}
	dir := t.TempDir()
	pages := summaries(t)
	// The small pages (prepost, matched) fit when these do.
	delete(pages, "prepost")
	delete(pages, "matched")
	var wg sync.WaitGroup
	errs := make(chan error, len(pages)+1)
	sem := make(chan struct{}, 2)
	for name, b := range pages {
		path := filepath.Join(dir, name+".html")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			pdf := filepath.Join(dir, name+".pdf")
			if err := browse(t, bin, path, "--print-to-pdf="+pdf); err != nil {
				errs <- fmt.Errorf("%s: printing: %v", name, err)
				return
			}
			b, err := os.ReadFile(pdf)
			if err != nil {
				errs <- err
				return
			}
			if n := pdfPages(pdf, b); n != 1 {
				errs <- fmt.Errorf("%s: printed on %d pages, want 1 (%s)", name, n, path)
			}
			if name == "rct" {
				shot := filepath.Join(dir, name+".png")
				if err := browse(t, bin, path, "--window-size=794,1123", "--screenshot="+shot); err != nil {
					errs <- fmt.Errorf("%s: screenshot: %v", name, err)
					return
				}
				if err := inked(shot); err != nil {
					errs <- fmt.Errorf("%s: %v", name, err)
				}
				// The printed page as an image too (poppler-utils).
				if _, err := exec.LookPath("pdftoppm"); err == nil {
					png := filepath.Join(dir, name+"-page")
					if out, err := exec.Command("pdftoppm", "-png", "-r", "72", "-singlefile", pdf, png).CombinedOutput(); err != nil {
						errs <- fmt.Errorf("%s: pdftoppm: %v: %s", name, err, out)
					} else if err := inked(png + ".png"); err != nil {
						errs <- fmt.Errorf("%s: the printed page: %v", name, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// inked checks that a screenshot is a PNG with dark pixels in it.
func inked(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("the screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 500 {
		return fmt.Errorf("the screenshot is blank (%d dark pixels)", dark)
	}
	return nil
}

// TestWrite_keepsDesignConclusion: a page with more outcomes than its
// conclusions keep still says the groups were not randomised (a sentence
// for every outcome), and counts only the outcomes' sentences it leaves
// out as "further outcomes" (it said "1 further outcome" when all three
// outcomes were there and the design's sentence was the one left out).
func TestWrite_keepsDesignConclusion(t *testing.T) {
	for _, k := range []int{2, 5} {
		r := crowded(testreport.RCT(), k)
		r.Design = evaluate.DesignTwoGroup
		var b bytes.Buffer
		if err := Write(&b, r, Options{Version: "test", Date: "2026-07-20", Forest: forestSVG}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		if !strings.Contains(page, "were not allocated to the programme at random") {
			t.Errorf("%d outcomes: the design's conclusion is left out", 2*k)
		}
		shown := strings.Count(page, "<li>Pupils in the programme")
		more := 0
		if m := regexp.MustCompile(`The headlines? of (\d+) further outcomes?`).FindStringSubmatch(page); m != nil {
			more, _ = strconv.Atoi(m[1])
		}
		if shown+more != 2*k {
			t.Errorf("%d outcomes: %d sentences shown and %d further counted", 2*k, shown, more)
		}
	}
}

// TestWrite_threatsColumn: the security table's threats column gives the
// padlocks taken off: "none off" when none are, not "none", which read as
// "no threats" beside a moderate confounding threat that took nothing off.
func TestWrite_threatsColumn(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, withSecurity(testreport.RCT()), Options{Version: "test", Date: "2026-07-20", Forest: forestSVG}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<td class="num">none off</td>`) || strings.Contains(b.String(), `<td class="num">none</td>`) {
		t.Errorf("threats column: want \"none off\"")
	}
}
