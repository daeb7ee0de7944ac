package multilevel

import (
	"errors"
	"fmt"
)

// Level says how the treatment relates to the clusters.
type Level string

// The three ways arms can sit in clusters.
const (
	// ClusterLevel: every cluster is wholly in one arm (a cluster-randomised
	// trial).
	ClusterLevel Level = "cluster"
	// WithinClusters: every cluster holds pupils of both arms (a
	// multisite trial, pupils randomised within schools).
	WithinClusters Level = "within"
	// Mixed: some clusters hold both arms, others one.
	Mixed Level = "mixed"
)

// Layout is how the pupils of two arms sit in clusters: what the
// eefAnalytics effect sizes need (Hedges 2007), what check reports and
// where the warnings about few or one-arm clusters come from.
type Layout struct {
	// Treated and Control are, for each cluster holding pupils of the
	// arm, the number of them, in the order of the cluster codes.
	Treated, Control []int
	// Clusters counts the clusters holding any pupil; Mixed those holding
	// pupils of both arms.
	Clusters, Mixed int
	Level           Level
	// Warnings: WarnFewClusters (fewer than FewClusters clusters) and
	// WarnOneClusterArm (an arm in a single cluster).
	Warnings []Warning
}

// NewLayout counts, for each cluster, the pupils of each arm. treated
// marks the pupils of the intervention arm; cluster codes are in
// [0, nClusters). Both arms must have pupils.
func NewLayout(treated []bool, cluster []int32, nClusters int) (Layout, error) {
	if len(treated) != len(cluster) {
		return Layout{}, fmt.Errorf("cluster layout: %d arms for %d cluster codes", len(treated), len(cluster))
	}
	if nClusters <= 0 {
		return Layout{}, errors.New("cluster layout: no clusters")
	}
	nt := make([]int, nClusters)
	nc := make([]int, nClusters)
	for i, g := range cluster {
		if g < 0 || int(g) >= nClusters {
			return Layout{}, fmt.Errorf("cluster layout: pupil %d has cluster code %d, outside [0, %d)", i+1, g, nClusters)
		}
		if treated[i] {
			nt[g]++
		} else {
			nc[g]++
		}
	}
	return NewLayoutCounts(nt, nc)
}

// NewLayoutCounts is the Layout of clusters g holding nt[g] intervention
// and nc[g] comparison pupils (clusters with neither are ignored).
func NewLayoutCounts(nt, nc []int) (Layout, error) {
	if len(nt) != len(nc) {
		return Layout{}, fmt.Errorf("cluster layout: %d intervention and %d comparison counts", len(nt), len(nc))
	}
	var l Layout
	for g := range nt {
		if nt[g] > 0 {
			l.Treated = append(l.Treated, nt[g])
		}
		if nc[g] > 0 {
			l.Control = append(l.Control, nc[g])
		}
		if nt[g] > 0 || nc[g] > 0 {
			l.Clusters++
		}
		if nt[g] > 0 && nc[g] > 0 {
			l.Mixed++
		}
	}
	if len(l.Treated) == 0 || len(l.Control) == 0 {
		return Layout{}, errors.New("cluster layout: an arm has no pupils")
	}
	switch l.Mixed {
	case 0:
		l.Level = ClusterLevel
	case l.Clusters:
		l.Level = WithinClusters
	default:
		l.Level = Mixed
	}
	if l.Clusters < FewClusters {
		l.Warnings = append(l.Warnings, WarnFewClusters)
	}
	if len(l.Treated) == 1 || len(l.Control) == 1 {
		l.Warnings = append(l.Warnings, WarnOneClusterArm)
	}
	return l, nil
}

// ClusterRCTWarnings returns the layout's warnings for a design declared
// cluster-randomised: those of the layout, and WarnMixedClusters when
// some cluster holds pupils of both arms.
func (l Layout) ClusterRCTWarnings() []Warning {
	w := append([]Warning(nil), l.Warnings...)
	if l.Mixed > 0 {
		w = append(w, WarnMixedClusters)
	}
	return w
}
