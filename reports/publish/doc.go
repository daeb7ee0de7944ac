// Package publish applies publishing rules to a report before it is
// shared: every number about a group of fewer than MinCount pupils is
// withheld, wherever the report holds it, with secondary suppression so
// that no withheld number can be worked out from the numbers shown; and
// with Rounding "hesa" or "ofs", counts are rounded and percentages on
// too few pupils withheld (docs/methods.md §18).
//
// Apply returns a copy of the report in which a withheld number is marked
// in its own field, so every output that reads the report (the workbook,
// the JSON, the terminal text, the plots, the HTML summary and the
// workbook's hidden record) shows "c" (the DfE's mark) or leaves it out,
// and none can show it: a withheld evaluate.Num is a NaN of its own
// (IsNum), a withheld count is the value Count (IsCount), and sentences
// that give a withheld number are replaced.
//
// Files: rules.go (Rules, rounding), mark.go (the marks), apply.go
// (Apply: which groups are withheld, then each part of the report),
// text.go (sentences). It imports evaluate and the standard library only.
package publish
