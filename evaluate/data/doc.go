// Package data holds the plain values evaluate and its families compute
// on: pupils' arms (Treated, Comparison, Excluded), the kinds of design
// (Design: evaluate/power and evaluate/rating take it too), numeric and categorical
// columns (Variable, Factor) and numbers that may be undefined (Num,
// written as JSON null).
//
// It sits at the bottom of evaluate's import graph and imports nothing of
// whatworks'. That is why these types live here rather than in the root:
// a family that takes covariates (evaluate/match, evaluate/regress's design
// matrix) cannot import evaluate, which imports every family (an import
// cycle), but both can import data. The root re-exports the types under
// their old names (type aliases evaluate.Factor, evaluate.Variable,
// evaluate.Num; constants evaluate.Treated, ...), so callers of evaluate
// need not import this package.
//
// No statistics and no I/O.
package data
