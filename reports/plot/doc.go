// Package plot draws whatworks' figures with gonum/plot, one file per plot
// family:
//
//	forest.go        effect sizes with their intervals, by outcome and subgroup
//	beforeafter.go   each arm's mean and interval before and after
//	distribution.go  box plots of the outcome by arm
//	love.go          balance before and after matching (Love plot)
//	propensity.go    propensity scores before and after matching
//	power.go         a plan's power curve (whatworks plan --plots)
//	pool_forest.go   the studies and pooled effects of a pooling
//	pool_funnel.go   the funnel plot of a pooling (10 or more studies)
//
// figure.go holds the Figure type and its PNG (300 dpi) and SVG rendering,
// style.go the fonts, sizes and Okabe–Ito palette (Okabe & Ito 2008, safe
// for colour-blind readers), and figures.go the lists of figures of each
// command (Figures, PoolFigures, the plan's) with the functions that add
// them to an output set or render them for the workbook (Embedded,
// PoolEmbedded).
//
// A new plot: a function returning a Figure in its family's file, listed
// in Figures (or PoolFigures) with the workbook sheet it belongs on, a
// golden in plots_test.go, notes in docs/rendering.md. Every number drawn
// comes from evaluate's results; nothing here computes a statistic.
package plot
