package evaluate

import (
	"math"
	"strings"
)

// Why pupils are left out of an analysis (Exclusion.Reason). They are
// decided in one place, exclusion, which the analyses and each pupil's
// status (the workbook's Data sheet) share.
const (
	ReasonNeitherArm     = "in neither arm"
	ReasonMissingOutcome = "missing outcome"
	ReasonMissingPretest = "missing pretest"
)

// reasonMissingCovariate is the reason for a pupil without covariate name.
func reasonMissingCovariate(name string) string { return "missing covariate " + name }

// reasonMissingSubgroup is the reason for a pupil without a value of the
// subgroup column name (in a model of the treatment × subgroup
// interaction).
func reasonMissingSubgroup(name string) string { return "missing " + name }

// exclusion returns why pupil i is left out of the adjusted model of
// outcome y (with pretest pre, covariates covs and, for an interaction,
// subgroup column by; pre and by may be nil), or "" when the pupil is in
// it. The reasons are checked in a fixed order: arm, outcome, pretest,
// covariates, subgroup. A nil arm is a one-group design.
func exclusion(arm []int8, y, pre []float64, covs []Variable, by *Factor, i int32) string {
	switch {
	case arm != nil && arm[i] != Treated && arm[i] != Comparison:
		return ReasonNeitherArm
	case math.IsNaN(y[i]):
		return ReasonMissingOutcome
	case pre != nil && math.IsNaN(pre[i]):
		return ReasonMissingPretest
	}
	for k := range covs {
		c := &covs[k]
		if (c.Factor != nil && c.Factor.Codes[i] < 0) || (c.Factor == nil && math.IsNaN(c.Num[i])) {
			return reasonMissingCovariate(c.Name)
		}
	}
	if by != nil && by.Codes[i] < 0 {
		return reasonMissingSubgroup(by.Name)
	}
	return ""
}

// PupilStatus says in words whether pupil i (a row of in) is in the
// analyses of outcome oc and, if not, why: "analysed", "excluded: in
// neither group", "excluded: outcome missing", "excluded: pre-test
// missing" (a one-group design, where every analysis needs both scores),
// "analysed; left out of adjusted analyses: X missing", or, in a design
// with clusters, "analysed; left out of the multilevel and cluster-robust
// analyses: CLUSTER missing".
func PupilStatus(in Input, oc Outcome, i int) string {
	r := exclusion(in.Arm, oc.Y, oc.Pre, in.Covariates, nil, int32(i))
	switch {
	case r == "" && clusteredDesign(in) && in.Cluster.Codes[i] < 0:
		return "analysed; left out of the multilevel and cluster-robust analyses: " + in.Cluster.Name + " missing"
	case r == "":
		return "analysed"
	case r == ReasonNeitherArm:
		return "excluded: in neither group"
	case r == ReasonMissingOutcome:
		return "excluded: outcome missing"
	case r == ReasonMissingPretest && in.Arm == nil:
		return "excluded: pre-test missing"
	case r == ReasonMissingPretest:
		return "analysed; left out of adjusted analyses: pre-test missing"
	}
	return "analysed; left out of adjusted analyses: " + strings.TrimPrefix(r, "missing covariate ") + " missing"
}

// ArmName names pupil i's arm in words: "intervention", "comparison",
// "excluded: in neither group", or "all" in a one-group design.
func ArmName(in Input, i int) string {
	if in.Arm == nil {
		return ArmAll
	}
	switch in.Arm[i] {
	case Treated:
		return ArmIntervention
	case Comparison:
		return ArmComparison
	}
	return "excluded: in neither group"
}
