package evaluate

import (
	"math"

	"github.com/whatworks/whatworks/evaluate/multilevel"
)

// ClusterCheck is how the pupils sit in their clusters, for `whatworks
// check`: what the multilevel model of Run will rest on.
type ClusterCheck struct {
	Column string `json:"column"` // the cluster column
	// Layout is "cluster" (every cluster in one arm), "within" (every
	// cluster holds both arms) or "mixed"; empty for one group.
	Layout string `json:"layout,omitempty"`
	// Clusters holding pupils (in an arm): in all, with intervention
	// pupils, with comparison pupils, with both.
	Clusters           int `json:"clusters"`
	ClustersTreated    int `json:"clusters_treated"`
	ClustersComparison int `json:"clusters_comparison"`
	ClustersBoth       int `json:"clusters_both"`
	// MeanSize is the mean number of pupils per cluster.
	MeanSize Num `json:"mean_size"`
	// PerCluster is each cluster's pupils by arm, in the order of the
	// cluster column's values.
	PerCluster []ClusterCount `json:"per_cluster"`
	// ICC is the intraclass correlation of each outcome and pretest.
	ICC []ICCCheck `json:"icc"`
}

// ClusterCount is the number of pupils of each arm in one cluster (all
// of them in Treated for one group).
type ClusterCount struct {
	Cluster    string `json:"cluster"`
	Treated    int    `json:"treated"`
	Comparison int    `json:"comparison"`
}

// ICCCheck is the ICC τ²/(τ² + σ²) of one variable from the null model
// y ~ 1 + (1 | cluster) fitted by REML (multilevel.Null) on the pupils in
// an arm with a value and a cluster.
type ICCCheck struct {
	Variable string `json:"variable"`
	Role     string `json:"role"` // outcome | pretest
	Pupils   int    `json:"pupils"`
	Clusters int    `json:"clusters"`
	ICC      Num    `json:"icc"`
	Tau2     Num    `json:"tau2"`
	Sigma2   Num    `json:"sigma2"`
	// Boundary: τ² is 0 (the clusters do not differ beyond chance).
	Boundary bool `json:"boundary"`
}

// clusters fills the report's Clustering block and warns, in the words of
// Run's caveats, of few clusters, an arm in one cluster, a cluster-rct
// whose clusters hold both arms, and outcomes whose clusters barely differ.
func (k *checker) clusters() {
	in := k.in
	f := in.Cluster
	if f == nil {
		return
	}
	cc := &ClusterCheck{Column: f.Name, PerCluster: []ClusterCount{}, ICC: []ICCCheck{}}
	nt := make([]int, len(f.Levels))
	nc := make([]int, len(f.Levels))
	pupils := 0
	for _, i := range k.all {
		g := f.Codes[i]
		if g < 0 {
			continue
		}
		pupils++
		if k.r.twoArm() && in.Arm[i] == Comparison {
			nc[g]++
		} else {
			nt[g]++
		}
	}
	for g, name := range f.Levels {
		if nt[g]+nc[g] == 0 {
			continue
		}
		cc.PerCluster = append(cc.PerCluster, ClusterCount{Cluster: name, Treated: nt[g], Comparison: nc[g]})
		cc.Clusters++
		if nt[g] > 0 {
			cc.ClustersTreated++
		}
		if nc[g] > 0 {
			cc.ClustersComparison++
		}
		if nt[g] > 0 && nc[g] > 0 {
			cc.ClustersBoth++
		}
	}
	if cc.Clusters == 0 {
		return
	}
	cc.MeanSize = Num(float64(pupils) / float64(cc.Clusters))
	k.c.Clustering = cc
	info := warnInfo{cluster: f.Name, clusters: cc.Clusters}
	var ws []multilevel.Warning
	if cc.Clusters < multilevel.FewClusters {
		ws = append(ws, multilevel.WarnFewClusters)
	}
	if k.r.twoArm() && cc.ClustersTreated > 0 && cc.ClustersComparison > 0 {
		l, err := multilevel.NewLayoutCounts(nt, nc)
		if err == nil {
			for g := range f.Levels {
				if nt[g] > 0 && nc[g] > 0 && len(info.mixed) < 5 {
					info.mixed = append(info.mixed, f.Levels[g])
				}
			}
			cc.Layout = string(l.Level)
			info.layout = l
			ws = l.Warnings
			if in.Design == DesignClusterRCT {
				ws = l.ClusterRCTWarnings()
			}
		}
	}
	for _, s := range clusterWarningWords(ws, info) {
		k.warn("%s", s)
	}

	seen := map[string]bool{}
	for i := range in.Outcomes {
		oc := &in.Outcomes[i]
		if oc.Type != "" && oc.Type != "continuous" {
			continue
		}
		for _, v := range []struct {
			name, role string
			x          []float64
		}{{oc.Column, "outcome", oc.Y}, {oc.PreColumn, "pretest", oc.Pre}} {
			if v.x == nil || seen[v.name] {
				continue
			}
			seen[v.name] = true
			ic, ok := k.icc(v.name, v.role, v.x)
			if !ok {
				continue
			}
			cc.ICC = append(cc.ICC, ic)
			if v.role == "outcome" && (ic.Boundary || float64(ic.ICC) < multilevel.ICCNearZero) {
				w := clusterWarningWords([]multilevel.Warning{multilevel.WarnICCNearZero},
					warnInfo{outcome: v.name, cluster: f.Name, icc: float64(ic.ICC)})
				k.warn("%s", w[0])
			}
		}
	}
}

// icc fits the null model of x over the pupils in an arm with a value
// and a cluster.
func (k *checker) icc(name, role string, x []float64) (ICCCheck, bool) {
	f := k.in.Cluster
	var y []float64
	var cl []int32
	for _, i := range k.all {
		if f.Codes[i] >= 0 && !math.IsNaN(x[i]) {
			y = append(y, x[i])
			cl = append(cl, f.Codes[i])
		}
	}
	if len(y) == 0 {
		return ICCCheck{}, false
	}
	fit, err := multilevel.Null(y, cl, len(f.Levels))
	if err != nil {
		return ICCCheck{}, false
	}
	return ICCCheck{Variable: name, Role: role, Pupils: fit.N, Clusters: fit.Clusters, ICC: Num(fit.ICC()),
		Tau2: Num(fit.Tau2), Sigma2: Num(fit.Sigma2), Boundary: fit.Boundary}, true
}
