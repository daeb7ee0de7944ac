package workbook

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// TestWorkbook_clusters: the Summary and Method sheets of a cluster trial
// state the model, the clusters per group, their mean size and the ICC
// (evaluate.Report.Clustering, here as Run makes it for a trial of 133
// classes).
func TestWorkbook_clusters(t *testing.T) {
	nt, nc, m := 1640, 1644, 3
	g := evaluate.Result{Outcome: "post", Label: "Reading", Subgroup: evaluate.SubgroupAll, Analysis: evaluate.AnalysisMultilevel,
		Measure: evaluate.MeasureHedgesG, Estimate: -0.189, SE: 0.04, CILow: -0.267, CIHigh: -0.111, CIMethod: evaluate.CINormal,
		CILowAlt: evaluate.NaN, CIHighAlt: evaluate.NaN, DF: 130.6, Statistic: -4.76, PValue: 5e-6, PAdjusted: 5e-6,
		NTreated: &nt, NComparison: &nc, MonthsProgress: &m, ImprovementIndex: -7.5}
	r := &evaluate.Report{Title: "Reading in 133 classes", Design: evaluate.DesignClusterRCT, Confidence: 0.95,
		CIMethod: evaluate.CINormal, MonthsTable: "toolkit", Results: []evaluate.Result{g},
		Caveats: []string{evaluate.CaveatCluster},
		Clustering: &evaluate.Clustering{Column: "class", Outcomes: []evaluate.ClusteredOutcome{{
			Outcome: "post", Model: "post ~ treatment + pre + (1 | class)", Description: "a linear mixed model of post",
			Layout: "cluster", Pupils: 3284, Clusters: 133, ClustersTreated: 66, ClustersComparison: 67,
			MeanClusterSize: 24.69, ICC: 0.178, Tau2: 38.66, Sigma2: 178.37, ICCConditional: 0.17, ICCPretest: 0.14,
			Converged: true, Warnings: []string{}}}}}
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if err := Write(path, r, Options{Date: "2026-01-01", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	dump := dumpWorkbook(t, path)
	summary := dump[strings.Index(dump, "== Summary =="):]
	method := dump[strings.Index(dump, "== Method =="):]
	summary = summary[:strings.Index(summary[3:], "== ")+3]
	for _, c := range []struct{ sheet, text, want string }{
		{"Summary", summary, "Multilevel (random-intercept) model by REML: post ~ treatment + pre + (1 | class)"},
		{"Summary", summary, "133 classes (66 with intervention pupils, 67 with comparison pupils), 24.7 pupils per class on average"},
		{"Summary", summary, "0.18 (pretest 0.14; 0.17 after the programme, pretest and covariates)"},
		{"Summary", summary, "Effect sizes are the EEF's multilevel Hedges' g"},
		{"Method", method, "post ~ treatment + pre + (1 | class), by REML"},
		{"Method", method, "3,284 pupils analysed"},
		{"Method", method, "Multilevel g (EEF)"},
		{"Method", method, "Cluster-robust (CR2)"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("%s sheet lacks %q", c.sheet, c.want)
		}
	}
}
