package power

import (
	"fmt"
	"math"

	"github.com/whatworks/whatworks/evaluate/data"
)

// Achieved is what an analysis knows about the sample it used, for the
// MDES of the achieved sample (the EEF security rating's MDES criterion,
// docs/methods.md §16).
type Achieved struct {
	Design data.Design // rct | cluster-rct | two-group | matched | pre-post
	// Pupils analysed in each arm. Pre-post: NTreated pupils with both
	// scores and NComparison 0.
	NTreated, NComparison int
	// R2 is the pupil-level R² of the covariates in the analysis (the
	// pretest's in an ANCOVA, not counting the treatment indicator); for
	// pre-post, the squared correlation of pre and post scores. 0 when
	// the analysis has no covariates.
	R2         float64
	Covariates int // g: covariates in the analysis (cluster-level for a cluster-rct)
	// Cluster-rct only: clusters analysed (all arms), the ICC of the
	// outcome and the cluster-level R² (0 when unknown).
	Clusters  int
	ICC       float64
	R2Cluster float64
	// ClustersTreated, when above 0, sets P to the share of clusters
	// treated (PowerUp!'s P for a cluster-rct); otherwise P is the share
	// of pupils treated.
	ClustersTreated int
	// Alpha and Power of the MDES; zero means 0.05 and 0.8.
	Alpha, Power float64
}

// AchievedMDES is the MDES of an achieved sample: MDES with N = n_t + n_c,
// P = n_t/N and, for a cluster-rct, the mean cluster size N/J (PowerUp!
// assumes equal clusters) and P = J_t/J when ClustersTreated is given.
// For pre-post, N = NTreated.
func AchievedMDES(a Achieved) (Result, error) {
	p := Plan{Design: a.Design, R2Pupil: a.R2, Covariates: a.Covariates,
		Alpha: a.Alpha, Power: a.Power}
	if a.NTreated < 0 || a.NComparison < 0 {
		return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: %d treated and %d comparison pupils: want counts", a.NTreated, a.NComparison)
	}
	n := float64(a.NTreated + a.NComparison)
	p.N = n
	switch a.Design {
	case PrePost:
		if a.NComparison != 0 {
			return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: a pre-post design has no comparison arm (%d pupils given)", a.NComparison)
		}
	default:
		if a.NTreated == 0 || a.NComparison == 0 {
			return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: %d treated and %d comparison pupils: both arms need pupils", a.NTreated, a.NComparison)
		}
		p.PTreated = float64(a.NTreated) / n
	}
	if a.Design == ClusterRCT {
		p.Clusters, p.ICC, p.R2Cluster = a.Clusters, a.ICC, a.R2Cluster
		if a.Clusters <= 0 {
			return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: a cluster-rct needs its number of clusters")
		}
		if math.IsNaN(a.ICC) {
			return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: a cluster-rct needs the ICC of its outcome")
		}
		if a.ClustersTreated > 0 {
			if a.ClustersTreated >= a.Clusters {
				return nanResult(p, SolveMDES), fmt.Errorf("achieved mdes: %d of %d clusters treated: both arms need clusters", a.ClustersTreated, a.Clusters)
			}
			p.PTreated = float64(a.ClustersTreated) / float64(a.Clusters)
		}
	}
	r, err := MDES(p)
	if err != nil {
		return r, fmt.Errorf("achieved %w", err)
	}
	return r, nil
}
