package workbook

import (
	"strings"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// The words the Summary and Method sheets give a design with clusters:
// the model, the clusters per group, their mean size and the ICC
// (evaluate.Report.Clustering).

// clusterFacts are the Summary sheet's "About this evaluation" rows of a
// clustered design: the model and, for each outcome, the clusters and the
// ICC.
func clusterFacts(r *evaluate.Report) [][2]string {
	c := r.Clustering
	if c == nil || len(c.Outcomes) == 0 {
		return nil
	}
	var out [][2]string
	for _, co := range c.Outcomes {
		suffix := ""
		if len(c.Outcomes) > 1 {
			suffix = " (" + co.Outcome + ")"
		}
		out = append(out,
			[2]string{"Model" + suffix, "Multilevel (random-intercept) model by REML: " + co.Model},
			[2]string{"Clusters" + suffix, words.Capitalise(words.ClusterFacts(co, c.Column))},
			[2]string{"ICC" + suffix, words.ClusterICC(co)})
	}
	return out
}

// clusterMethod are the Method sheet's "Clustering" rows: for each outcome
// the model as fitted, the clusters, the ICCs and the warnings.
func clusterMethod(r *evaluate.Report) [][2]string {
	c := r.Clustering
	if c == nil {
		return nil
	}
	var out [][2]string
	for _, co := range c.Outcomes {
		name := ""
		if len(c.Outcomes) > 1 {
			name = " (" + co.Outcome + ")"
		}
		out = append(out,
			[2]string{"Model" + name, co.Model + ", by REML. " + words.Capitalise(co.Description) + "."},
			[2]string{"Clusters" + name, words.Capitalise(words.ClusterFacts(co, c.Column)) + "; " +
				itoa(co.Pupils) + " pupils analysed."},
			[2]string{"ICC" + name, words.ClusterICC(co) + ": the share of the outcome's variance between " +
				clusterMany(c.Column) + " (null model τ₀² = " + words.Num2(float64(co.Tau2)) + ", σ₀² = " +
				words.Num2(float64(co.Sigma2)) + ")."})
		if len(co.Warnings) > 0 {
			out = append(out, [2]string{"Warnings" + name, strings.Join(co.Warnings, ", ") + " (said in words under Caveats)"})
		}
	}
	return out
}

// clusterFormulas are the Method sheet's formulas of a clustered design.
var clusterFormulas = [][2]string{
	{"Multilevel model", "y_ij = x_ij'β + u_j + e_ij, u_j ~ N(0, τ²), e_ij ~ N(0, σ²), fitted by REML as lme4::lmer; the treatment's t test on Satterthwaite's degrees of freedom as lmerTest (Bates et al. 2015, doi:10.18637/jss.v067.i01; Kuznetsova et al. 2017, doi:10.18637/jss.v082.i13)"},
	{"Multilevel g (EEF)", "g = b / √(τ₀² + σ₀²), τ₀², σ₀² from y ~ 1 + (1 | cluster) on the same pupils; CI (b ± 1.96·SE)/√(τ₀² + σ₀²); no J (EEF 2022 statistical analysis guidance); within-cluster g = b / σ₀"},
	{"ICC", "τ₀² / (τ₀² + σ₀²) of the null model"},
	{"eefAnalytics effect sizes", "within and total g from the full (conditional) or null (unconditional) model's variances, SEs from Hedges (2007), doi:10.3102/1076998606298043 (eefAnalytics 1.1.3, crtFREQ)"},
	{"Cluster-robust (CR2)", "the ANCOVA with the bias-reduced cluster-robust covariance CR2 and Satterthwaite degrees of freedom, as clubSandwich (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018, doi:10.1080/07350015.2016.1247004)"},
}

func clusterMany(column string) string {
	_, many := evaluate.ClusterNouns(column)
	return many
}

func itoa(n int) string { return words.Count(float64(n)) }
