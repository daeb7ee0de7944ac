// Package html writes the one-page HTML summary of an evaluation
// (`whatworks analyse -o report.html`, or `--html FILE` beside the
// workbook): the EEF summary table, the key conclusions, the forest plot
// as inline SVG, the security rating of each headline explained, and the
// caveats — what a governors' meeting reads.
//
// The page is self-contained: no scripts, no fonts, images or style
// sheets from elsewhere (the plot is inline SVG, the style is in the
// page, the fonts are the reader's own, Liberation Sans or Arial first).
// It is written for screen readers (headings, a table caption, column
// and row headers, the plot's title) in colours of high contrast (WCAG 2
// AA), and prints on one A4 page: fit.go estimates the page's height from
// its text and makes the type smaller, then leaves out what does not fit,
// counting it on the page. The browser test (html_test.go) prints the
// pages with Chromium and counts the PDF's pages.
//
// Files: html.go (Write and what the page shows), summary.html.tmpl (the
// page, html/template), fit.go (fitting it on one page). Like the rest of
// reports it computes no statistic: every number comes from evaluate's
// report, worded by reports/words; the forest plot comes drawn, through
// Options.Forest.
package html
