package multilevel

// Warning is a condition the reader of a result must be told about, as a
// stable code; the report turns it into words.
type Warning string

// The warnings a fit, a test or a layout can carry.
const (
	// WarnBoundary: the REML estimate of τ² is 0, so the model reduced to
	// ordinary least squares.
	WarnBoundary Warning = "boundary_fit"
	// WarnNotConverged: the optimiser stopped without reaching a point
	// where the REML criterion is flat; the estimates are not reliable.
	WarnNotConverged Warning = "not_converged"
	// WarnFewClusters: fewer than FewClusters clusters hold pupils; the
	// estimate rests on few schools.
	WarnFewClusters Warning = "few_clusters"
	// WarnFewDF: the Satterthwaite degrees of freedom of a test are below
	// FewDF; the estimate rests on few schools.
	WarnFewDF Warning = "few_df"
	// WarnOneClusterArm: an arm's pupils are all in one cluster, so the
	// programme cannot be told apart from that school.
	WarnOneClusterArm Warning = "one_cluster_arm"
	// WarnMixedClusters: some cluster holds pupils of both arms, which a
	// cluster-randomised design should not have.
	WarnMixedClusters Warning = "treatment_varies_within_clusters"
	// WarnICCNearZero: the intraclass correlation is below ICCNearZero.
	WarnICCNearZero Warning = "icc_near_zero"
)
