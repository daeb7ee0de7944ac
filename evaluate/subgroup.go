package evaluate

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/sample"
	"github.com/whatworks/whatworks/evaluate/ttest"
)

// Interaction fits the treatment × subgroup model
//
//	outcome ~ treatment + pretest + covariates + by + treatment:by
//
// (by's levels as indicators, the first present level the reference) over
// the pupils in rows with every value, and returns one row per
// non-reference level L (Analysis "interaction", Measure
// "interaction_L", Subgroup "BY=L"): the coefficient of treatment:by=L,
// which is the treatment effect among pupils at level L minus that at the
// reference level, on the outcome's scale, with its t interval and p on
// the residual df. With more than two levels, each row's Note also gives
// the joint F test of all the interaction terms (the model without them
// against the model with them, as R's anova(reduced, full)).
// NTreated/NComparison count the pupils at level L in the model.
func Interaction(arm []int8, oc *Outcome, covs []Variable, by *Factor, rows []int32, o Options) ([]Result, error) {
	o = o.withDefaults()
	// Every level with pupils needs both arms for its effect to compare.
	nt := make([]int, len(by.Levels))
	nc := make([]int, len(by.Levels))
	for _, i := range rows {
		c := by.Codes[i]
		if c < 0 || math.IsNaN(oc.Y[i]) {
			continue
		}
		switch arm[i] {
		case Treated:
			nt[c]++
		case Comparison:
			nc[c]++
		}
	}
	for l := range by.Levels {
		if nt[l]+nc[l] > 0 && (nt[l] == 0 || nc[l] == 0) {
			return nil, fmt.Errorf("%s=%s has no %s pupils with an outcome, so the treatment effect cannot be compared across %s levels",
				by.Name, by.Levels[l], emptyArm(nt[l]), by.Name)
		}
	}
	spec := ancovaSpec{arm: arm, y: oc.Y, pre: oc.Pre, preName: oc.PreColumn, covs: covs, by: by, withInteraction: true}
	full, err := fitModel(spec, rows)
	if err != nil {
		return nil, err
	}
	f := full.Fit
	prefix := TreatmentTerm + ":" + by.Name + "="
	var idx []int
	for j, nm := range f.Names {
		if strings.HasPrefix(nm, prefix) {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("only one level of %q among the analysed pupils", by.Name)
	}
	lv := presentLevels(by, full.Rows)
	ref := by.Levels[lv[0]]
	var joint string
	if len(idx) > 1 {
		spec.withInteraction = false
		red, err := fitModel(spec, rows)
		if err != nil {
			return nil, err
		}
		q := float64(len(idx))
		F := ((red.Fit.RSS - f.RSS) / q) / (f.RSS / float64(f.DF))
		p := ttest.FSurvival(F, q, float64(f.DF))
		joint = fmt.Sprintf("; joint F test of the %d treatment × %s terms: F(%d, %d) = %s, p = %s",
			len(idx), by.Name, len(idx), f.DF, fmtG(F), fmtG(p))
	}
	adj := "no covariates"
	if len(full.Adjusted) > 0 {
		adj = "adjusted for " + strings.Join(full.Adjusted, ", ")
	}
	var out []Result
	for _, j := range idx {
		level := strings.TrimPrefix(f.Names[j], prefix)
		var l int32
		for k, s := range by.Levels {
			if s == level {
				l = int32(k)
			}
		}
		var nt, nc int
		for _, i := range full.Rows {
			if by.Codes[i] == l {
				if arm[i] == Treated {
					nt++
				} else {
					nc++
				}
			}
		}
		lo, hi := f.CI(j, o.Confidence)
		row := newRow(AnalysisInteraction, MeasureInteraction(level))
		row.Outcome, row.Label, row.Subgroup = oc.Column, oc.Label, by.Name+"="+level
		row.Estimate, row.SE, row.CILow, row.CIHigh = Num(f.Coef[j]), Num(f.SE[j]), Num(lo), Num(hi)
		row.CIMethod, row.DF, row.Statistic, row.PValue = "t", Num(f.DF), Num(f.T[j]), Num(f.P[j])
		row.NTreated, row.NComparison = intPtr(nt), intPtr(nc)
		row.Note = fmt.Sprintf("treatment effect for %s=%s minus treatment effect for %s=%s (reference), "+
			"outcome scale; %s%s", by.Name, level, by.Name, ref, adj, joint)
		out = append(out, row)
	}
	return out, nil
}

// interaction is Interaction over all analysed pupils, problems as caveats.
func (r *runner) interaction(oc *Outcome, by *Factor) []Result {
	rows, err := Interaction(r.in.Arm, oc, r.in.Covariates, by, r.groups[0].rows, r.o)
	if err != nil {
		r.caveat("%s: no treatment × %s interaction: %v", oc.Name(), by.Name, err)
		return nil
	}
	return rows
}

// gap compares the levels of a subgroup column within each arm: is the
// attainment gap between them narrower after the programme? For each arm
// ("intervention", "comparison"; "all" in pre-post designs) and each level
// L other than the reference R (the first level with pupils), among the
// arm's pupils with both scores (with the outcome alone when there is no
// pretest), rows with Subgroup "BY=L":
//
//   - gap_pre_ARM, gap_post_ARM: mean of L minus mean of R on the pretest
//     and on the outcome (Welch t interval and p);
//   - gap_pre_ARM_g, gap_post_ARM_g: the same as Hedges' g (pooled SD);
//   - gap_change_ARM: g_post − g_pre (DiDRowR with the pooled within-level
//     pre–post correlation): negative when level L falls further behind
//     (or less far ahead) after than before;
//   - gap_change (two-arm designs): gap_change_intervention −
//     gap_change_comparison, SE sqrt(se_i² + se_c²) as the arms are
//     independent, normal interval: the programme's effect on the gap.
//
// The standardised scale lets pretest and outcome be different tests.
func (r *runner) gap(oc *Outcome, by *Factor) []Result {
	var out []Result
	arms := r.groups[0].split
	changes := map[string][]Result{} // level -> gap_change rows per arm
	var levelOrder []string
	for _, a := range arms {
		var rows []int32
		if oc.Pre != nil {
			rows = bothScores(oc, a.rows)
		} else {
			rows = nonMissing(oc.Y, a.rows)
		}
		per, names, ref := r.gapSplit(by, rows)
		if ref < 0 {
			continue
		}
		for l := ref + 1; l < len(per); l++ {
			if len(per[l]) == 0 {
				continue
			}
			sub := by.Name + "=" + names[l]
			note := fmt.Sprintf("%s minus %s=%s (reference), %s pupils", sub, by.Name, names[ref], a.name)
			if oc.Pre != nil {
				note += " with both scores"
			}
			note += fmt.Sprintf(" (n = %d and %d)", len(per[l]), len(per[ref]))
			var post, pre [2]Summary
			post[0], post[1] = sample.Of(gather(oc.Y, per[l])), sample.Of(gather(oc.Y, per[ref]))
			times := []struct {
				name string
				s    [2]Summary
			}{}
			if oc.Pre != nil {
				pre[0], pre[1] = sample.Of(gather(oc.Pre, per[l])), sample.Of(gather(oc.Pre, per[ref]))
				times = append(times, struct {
					name string
					s    [2]Summary
				}{TimePre, pre})
			}
			times = append(times, struct {
				name string
				s    [2]Summary
			}{TimePost, post})
			for _, tm := range times {
				tg := TwoGroupRows(tm.s[0], tm.s[1], r.o)
				for _, k := range []int{0, 2} { // mean_difference, hedges_g
					row := tg[k]
					row.Measure = Measure("gap_" + tm.name + "_" + a.name)
					if k == 2 {
						row.Measure += "_g"
					}
					row.NTreated, row.NComparison = nil, nil
					// A gap is not a programme effect: no months' progress.
					row.MonthsProgress, row.ImprovementIndex = nil, NaN
					why := row.Note // why the gap is undefined, if it is
					row.Note = note
					addNote(&row, why)
					out = append(out, label([]Result{row}, oc, sub, AnalysisGap)...)
				}
			}
			if oc.Pre != nil {
				rho := sample.PooledCorrelation(oc.Pre, oc.Y, per[l], per[ref])
				ch, why := didRow(pre[0], pre[1], post[0], post[1], rho, r.o)
				ch.Measure = Measure("gap_change_" + a.name)
				ch.NTreated, ch.NComparison = nil, nil
				ch.Note = note + "; g_post − g_pre, SE with the pooled within-level pre–post correlation"
				addNote(&ch, why)
				ch.MonthsProgress, ch.ImprovementIndex = nil, NaN
				out = append(out, label([]Result{ch}, oc, sub, AnalysisGap)...)
				if _, ok := changes[sub]; !ok {
					levelOrder = append(levelOrder, sub)
				}
				changes[sub] = append(changes[sub], ch)
			}
		}
	}
	if !r.twoArm() {
		return out
	}
	z := distuv.UnitNormal.Quantile((1 + r.o.Confidence) / 2)
	for _, sub := range levelOrder {
		ch := changes[sub]
		if len(ch) != 2 {
			continue
		}
		row := newRow(AnalysisGap, MeasureGapChange)
		est := float64(ch[0].Estimate - ch[1].Estimate)
		se := math.Hypot(float64(ch[0].SE), float64(ch[1].SE))
		row.CIMethod = CINormal
		row.Note = fmt.Sprintf("change in the standardised gap (%s minus the reference level) among intervention pupils "+
			"minus that among comparison pupils: %s", sub, narrowsWhen(oc, sub))
		switch {
		case !finite(est):
			addNote(&row, "undefined, as the change in one arm's gap is (see the gap_change_ARM rows)")
		case !(se > 0) || !finite(se):
			row.Estimate = Num(est)
			addNote(&row, "no standard error, interval or test, as one arm's gap change has none (see the gap_change_ARM rows)")
		default:
			row.Estimate, row.SE = Num(est), Num(se)
			row.CILow, row.CIHigh = Num(est-z*se), Num(est+z*se)
			row.Statistic, row.PValue = Num(est/se), Num(2*distuv.UnitNormal.CDF(-math.Abs(est/se)))
		}
		out = append(out, label([]Result{row}, oc, sub, AnalysisGap)...)
	}
	return out
}

// narrowsWhen says which sign of a gap_change row means the programme
// narrowed a gap in which level sub is behind, by the outcome's direction.
func narrowsWhen(oc *Outcome, sub string) string {
	if oc.Direction == DirectionLower {
		return fmt.Sprintf("negative when the programme narrows a gap in which %s is behind (has the higher scores, as lower is better for this outcome)", sub)
	}
	return fmt.Sprintf("positive when the programme narrows a gap in which %s is behind", sub)
}

// gather returns x at rows.
func gather(x []float64, rows []int32) []float64 {
	out := make([]float64, len(rows))
	for k, i := range rows {
		out[k] = x[i]
	}
	return out
}
