package evaluate

// Clustering is how the pupils of a design with a cluster column sit in
// their clusters, and the multilevel model of each continuous outcome over
// all pupils: what a reader of a cluster trial is told beside its rows
// (the workbook's Summary and Method sheets; docs/json.md, `clustering`).
type Clustering struct {
	// Column is the cluster column (a school or class identifier).
	Column string `json:"column"`
	// Outcomes has one entry per outcome with a multilevel model, in
	// design order.
	Outcomes []ClusteredOutcome `json:"outcomes"`
}

// ClusteredOutcome is the multilevel model of one outcome over all
// analysed pupils and the clusters they are in.
type ClusteredOutcome struct {
	Outcome string `json:"outcome"`
	// Model is the fitted model in lme4's notation, e.g.
	// "reading_post ~ treatment + reading_pre + (1 | school)".
	Model string `json:"model"`
	// Description is the model in words.
	Description string `json:"description"`
	// Layout is how the arms sit in the clusters: "cluster" (every
	// cluster in one arm: a cluster-randomised trial), "within" (every
	// cluster holds both arms: a multisite trial) or "mixed".
	Layout string `json:"layout"`
	// Pupils analysed, and the clusters holding them: in all, with
	// intervention pupils, with comparison pupils, with both.
	Pupils             int `json:"pupils"`
	Clusters           int `json:"clusters"`
	ClustersTreated    int `json:"clusters_treated"`
	ClustersComparison int `json:"clusters_comparison"`
	ClustersBoth       int `json:"clusters_both"`
	// MeanClusterSize is Pupils / Clusters.
	MeanClusterSize Num `json:"mean_cluster_size"`
	// ICC is τ₀²/(τ₀² + σ₀²) of the null model y ~ 1 + (1 | cluster) on
	// the analysed pupils, whose variances Tau2 and Sigma2 are; the
	// effect sizes divide by √(τ₀² + σ₀²).
	ICC    Num `json:"icc"`
	Tau2   Num `json:"tau2"`
	Sigma2 Num `json:"sigma2"`
	// ICCConditional is τ²/(τ² + σ²) of the full model (after the
	// treatment, pretest and covariates).
	ICCConditional Num `json:"icc_conditional"`
	// ICCPretest is the pretest's ICC (null model, same pupils); null
	// without a pretest.
	ICCPretest Num `json:"icc_pretest"`
	// Boundary: the full model's τ² is 0 (it reduced to OLS). Converged:
	// both fits converged.
	Boundary  bool `json:"boundary"`
	Converged bool `json:"converged"`
	// Warnings are the codes of evaluate/multilevel (boundary_fit,
	// not_converged, icc_near_zero, few_clusters, few_df,
	// one_cluster_arm, treatment_varies_within_clusters); the caveats
	// word them.
	Warnings []string `json:"warnings"`
}
