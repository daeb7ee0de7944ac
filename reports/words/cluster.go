package words

import (
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
)

// ClusterFacts says how the pupils of one outcome's multilevel model sit
// in their clusters: "133 classes (66 intervention, 67 comparison), 24.7
// pupils per class on average" (a multisite design adds how many hold
// both groups).
func ClusterFacts(c evaluate.ClusteredOutcome, column string) string {
	one, many := evaluate.ClusterNouns(column)
	s := fmt.Sprintf("%d %s (%d with intervention pupils, %d with comparison pupils", c.Clusters, many, c.ClustersTreated, c.ClustersComparison)
	if c.ClustersBoth > 0 {
		s += fmt.Sprintf(", %d with both", c.ClustersBoth)
	}
	return s + fmt.Sprintf("), %.1f pupils per %s on average", float64(c.MeanClusterSize), one)
}

// ClusterICC gives the ICCs of one outcome's model: "0.18 (pretest 0.14;
// 0.05 after the programme, pretest and covariates)".
func ClusterICC(c evaluate.ClusteredOutcome) string {
	s := Num2(float64(c.ICC))
	var more []string
	if p := float64(c.ICCPretest); p == p {
		more = append(more, "pretest "+Num2(p))
	}
	more = append(more, Num2(float64(c.ICCConditional))+" after the programme, pretest and covariates")
	s += " ("
	for i, m := range more {
		if i > 0 {
			s += "; "
		}
		s += m
	}
	return s + ")"
}

// ClusterModelWords is the effect size of a clustered design in words, for
// the notes under a summary of effect sizes.
func ClusterModelWords(column string, conf float64) string {
	_, many := evaluate.ClusterNouns(column)
	z := "1.96 standard errors (EEF)"
	if conf != 0.95 {
		z = "z standard errors, z the normal quantile of the confidence level"
	}
	return fmt.Sprintf("Effect sizes are the EEF's multilevel Hedges' g: the programme's coefficient in a multilevel model "+
		"of pupils in their %s (a random intercept for each, fitted by REML, adjusting for the pretest and covariates), "+
		"divided by the outcome's total standard deviation from the same model without predictors; its interval is the "+
		"coefficient ± %s on that scale, with no small-sample correction.", many, z)
}
