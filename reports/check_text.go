package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// CheckInfo is what `whatworks check` knows beyond the statistics: where
// the design and data are, and data-level findings.
type CheckInfo struct {
	DesignPath string
	Title      string
	DataFile   string
	Sheet      string
	// Duplicates describes each pupil ID found on more than one row.
	Duplicates []string
	IDColumn   string
}

// WriteCheck prints the pre-analysis report of `whatworks check`: pupils
// per arm (and cluster; the clusters, their sizes and the ICC of each
// outcome and pretest), missing values per column and arm, subgroup cells,
// duplicate IDs, constant columns, the pretest–outcome correlations and
// baseline balance, then the warnings and whether the evaluation can run.
func WriteCheck(w io.Writer, info CheckInfo, r *evaluate.CheckReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s design)\n", info.DesignPath, info.Title, r.Design)
	src := info.DataFile
	if info.Sheet != "" {
		src += fmt.Sprintf(", sheet %q", info.Sheet)
	}
	fmt.Fprintf(&b, "Data: %s, %d pupils\n", src, r.Pupils)

	section(&b, "Pupils per group")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, a := range r.Arms {
		fmt.Fprintf(tw, "  %s\t%d\t", a.Arm, a.N)
		if a.Clusters > 0 {
			fmt.Fprintf(tw, "%d clusters of %d to %d pupils (median %s)", a.Clusters, a.ClusterMin, a.ClusterMax, textNum(float64(a.ClusterMedian), 0))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	writeClusterCheck(&b, r.Clustering)

	if len(r.Missing) > 0 {
		section(&b, "Missing values")
		arms, byCol, cols := pivotMissing(r.Missing)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  column\t%s\t\n", strings.Join(arms, "\t"))
		for _, c := range cols {
			fmt.Fprintf(tw, "  %s\t", c)
			for _, a := range arms {
				m, ok := byCol[c][a]
				switch {
				case !ok:
					fmt.Fprint(tw, "-\t")
				case m.N == 0:
					fmt.Fprint(tw, "0\t")
				default:
					fmt.Fprintf(tw, "%d (%.0f%%)\t", m.Missing, 100*float64(m.Missing)/float64(m.N))
				}
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}

	if len(r.Cells) > 0 {
		section(&b, "Pupils per subgroup")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, c := range r.Cells {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t\n", c.Subgroup, c.Arm, c.N)
		}
		tw.Flush()
	}

	section(&b, "Duplicate pupil IDs")
	switch {
	case info.IDColumn == "":
		b.WriteString("  not checked (no data.id column in the design)\n")
	case len(info.Duplicates) == 0:
		fmt.Fprintf(&b, "  none (column %q)\n", info.IDColumn)
	default:
		for _, d := range info.Duplicates {
			fmt.Fprintf(&b, "  %s\n", d)
		}
	}

	if len(r.Constant) > 0 {
		section(&b, "Columns with one value only")
		fmt.Fprintf(&b, "  %s\n", strings.Join(r.Constant, ", "))
	}

	if len(r.Correlations) > 0 {
		section(&b, "Pre-test and outcome")
		for _, c := range r.Correlations {
			fmt.Fprintf(&b, "  %s and %s: r = %s (%d pupils with both)\n", c.Pretest, c.Outcome, textNum(float64(c.R), 2), c.N)
		}
	}

	if len(r.Balance) > 0 {
		head := "Balance at baseline (standardised mean difference: Hedges' g, or the Cox index for a category; WWC thresholds 0.05 and 0.25)"
		if r.Design == evaluate.DesignMatched {
			// Matching is there to close these gaps: say so, lest a
			// "not equivalent" here read as the matched groups'.
			head = "Balance at baseline, before matching (standardised mean difference: Hedges' g, or the Cox index for a category; " +
				"WWC thresholds 0.05 and 0.25; analyse reports the balance after matching)"
		}
		section(&b, head)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  outcome\tvariable\tintervention\tcomparison\tSMD\tWWC\t")
		for _, x := range r.Balance {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t\n", x.Outcome, x.Name(),
				textNum(float64(x.MeanT), 2), textNum(float64(x.MeanC), 2), textNum(float64(x.SMD), 3), wwcPhrase(x.WWC))
		}
		tw.Flush()
	}

	writeSurveyCheck(&b, r)

	if len(r.Warnings) > 0 {
		section(&b, "Warnings")
		for _, s := range r.Warnings {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	b.WriteString("\n")
	if len(r.Unusable) > 0 {
		b.WriteString("The evaluation cannot run as it stands:\n")
		for _, s := range r.Unusable {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	} else {
		fmt.Fprintf(&b, "The evaluation can run: whatworks analyse %s\n", words.ShellQuote(info.DesignPath))
	}
	_, err := io.WriteString(w, words.Singular(b.String()))
	return err
}

func section(b *strings.Builder, title string) {
	fmt.Fprintf(b, "\n%s\n", title)
}

// pivotMissing arranges missing counts as column × arm, keeping first-seen
// order of both.
func pivotMissing(ms []evaluate.MissingCheck) (arms []string, by map[string]map[string]evaluate.MissingCheck, cols []string) {
	by = map[string]map[string]evaluate.MissingCheck{}
	seenArm := map[string]bool{}
	for _, m := range ms {
		name := fmt.Sprintf("%s (%s)", m.Column, m.Role)
		if by[name] == nil {
			by[name] = map[string]evaluate.MissingCheck{}
			cols = append(cols, name)
		}
		by[name][m.Arm] = m
		if !seenArm[m.Arm] {
			seenArm[m.Arm] = true
			arms = append(arms, m.Arm)
		}
	}
	return arms, by, cols
}
