package reports

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/whatworks/whatworks/evaluate"
)

// maxClusterList is the most clusters whose pupils check lists one by one.
const maxClusterList = 40

// writeClusterCheck is check's section on the clusters: how many hold each
// group, their mean size, the pupils of each (when there are few) and the
// ICC of each outcome and pretest.
func writeClusterCheck(b *strings.Builder, c *evaluate.ClusterCheck) {
	if c == nil {
		return
	}
	one, many := evaluate.ClusterNouns(c.Column)
	section(b, fmt.Sprintf("Clusters (%s)", c.Column))
	fmt.Fprintf(b, "  %d %s, %s pupils per %s on average", c.Clusters, many, textNum(float64(c.MeanSize), 1), one)
	switch c.Layout {
	case "cluster":
		fmt.Fprintf(b, ": %d with intervention pupils, %d with comparison pupils, none with both\n", c.ClustersTreated, c.ClustersComparison)
	case "within", "mixed":
		fmt.Fprintf(b, ": %d with intervention pupils, %d with comparison pupils, %d with both\n", c.ClustersTreated, c.ClustersComparison, c.ClustersBoth)
	default:
		b.WriteString("\n")
	}
	if len(c.PerCluster) <= maxClusterList {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		head := "  " + one + "\tintervention\tcomparison\t\n"
		if c.Layout == "" {
			head = "  " + one + "\tpupils\t\n"
		}
		fmt.Fprint(tw, head)
		for _, x := range c.PerCluster {
			if c.Layout == "" {
				fmt.Fprintf(tw, "  %s\t%d\t\n", x.Cluster, x.Treated)
				continue
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d\t\n", x.Cluster, x.Treated, x.Comparison)
		}
		tw.Flush()
	}
	for _, ic := range c.ICC {
		fmt.Fprintf(b, "  ICC of %s (%s): %s (%d pupils in %d %s; null model by REML)", ic.Variable, ic.Role,
			textNum(float64(ic.ICC), 3), ic.Pupils, ic.Clusters, many)
		if ic.Boundary {
			fmt.Fprintf(b, ": the %s do not differ beyond chance", many)
		}
		b.WriteString("\n")
	}
}
