package evaluate

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/binary"
)

// binaryInteraction is the treatment × subgroup interaction of a yes/no
// outcome, in percentage points: the logistic regression
//
//	outcome ~ treatment + pretest + covariates + by + treatment:by
//
// over the pupils with every value, and for each level L of by other than
// the reference R (the first present) one row (Analysis "interaction",
// Measure "interaction_L", Subgroup "BY=L"): the programme's effect among
// pupils at level L minus that at R, each by g-computation over the
// pupils at that level (mean predicted probability with every one treated
// minus with none), with the delta-method SE from the model's covariance
// (∇ = ∇_L − ∇_R), z interval and p. Without a pretest or covariates the
// model is saturated and the row is the difference of the two levels'
// risk differences.
func (r *runner) binaryInteraction(oc *Outcome, by *Factor) []Result {
	spec := ancovaSpec{arm: r.in.Arm, y: oc.Y, pre: oc.Pre, preName: oc.PreColumn, covs: r.in.Covariates, by: by, withInteraction: true}
	m := fitLogit(spec, r.groups[0].rows, nil)
	if m.failed != "" {
		r.caveat("%s: no treatment × %s interaction: %s", oc.Name(), by.Name, m.failed)
		return nil
	}
	lv := presentLevels(by, m.a.Rows)
	if len(lv) < 2 {
		r.caveat("%s: no treatment × %s interaction: only one level of %s among the analysed pupils", oc.Name(), by.Name, by.Name)
		return nil
	}
	// Every level needs both arms.
	for _, l := range lv {
		var nt, nc int
		for _, i := range m.a.Rows {
			if by.Codes[i] == l {
				if r.in.Arm[i] == Treated {
					nt++
				} else {
					nc++
				}
			}
		}
		if nt == 0 || nc == 0 {
			r.caveat("%s: no treatment × %s interaction: %s=%s has no %s pupils with an answer", oc.Name(), by.Name, by.Name, by.Levels[l], emptyArm(nt))
			return nil
		}
	}
	f := m.fit
	effect := func(l int32) (binary.GComp, []int32, error) {
		var rows []int32
		for _, i := range m.a.Rows {
			if by.Codes[i] == l {
				rows = append(rows, i)
			}
		}
		g, err := binary.GComputationRows(f.Coef, f.Vcov, len(rows), m.counterfactual(spec.arm, rows), nil, r.o.Confidence)
		return g, rows, err
	}
	ref, _, err := effect(lv[0])
	if err != nil {
		r.caveat("%s: no treatment × %s interaction: %v", oc.Name(), by.Name, err)
		return nil
	}
	adj := "no covariates"
	if len(m.a.Adjusted) > 0 {
		adj = "adjusted for " + strings.Join(m.a.Adjusted, ", ")
	}
	z := distuv.UnitNormal.Quantile((1 + r.o.Confidence) / 2)
	var out []Result
	for _, l := range lv[1:] {
		e, rows, err := effect(l)
		if err != nil {
			continue
		}
		d := make([]float64, len(e.Gradient))
		for j := range d {
			d[j] = e.Gradient[j] - ref.Gradient[j]
		}
		dv := mat.NewVecDense(len(d), d)
		se := math.Sqrt(mat.Inner(dv, f.Vcov, dv))
		est := e.Difference.Estimate - ref.Difference.Estimate
		level := by.Levels[l]
		row := newRow(AnalysisInteraction, MeasureInteraction(level))
		row.Outcome, row.Label, row.Subgroup = oc.Column, oc.Label, by.Name+"="+level
		row.Estimate, row.SE = Num(est), Num(se)
		if se > 0 {
			row.CILow, row.CIHigh, row.CIMethod = Num(est-z*se), Num(est+z*se), CINormal
			row.Statistic = Num(est / se)
			row.PValue = Num(2 * distuv.UnitNormal.CDF(-math.Abs(est/se)))
		}
		var nt, nc int
		for _, i := range rows {
			if r.in.Arm[i] == Treated {
				nt++
			} else {
				nc++
			}
		}
		row.NTreated, row.NComparison = intPtr(nt), intPtr(nc)
		row.Note = fmt.Sprintf("effect for %s=%s (%s points) minus effect for %s=%s (reference, %s points), each by g-computation "+
			"from a logistic regression with treatment × %s, %s; delta-method SE",
			by.Name, level, fmtG(100*e.Difference.Estimate), by.Name, by.Levels[lv[0]], fmtG(100*ref.Difference.Estimate), by.Name, adj)
		out = append(out, row)
	}
	return out
}

// binaryGap compares the levels of a subgroup column within each arm on a
// yes/no outcome, in percentage points (the gap between disadvantaged
// pupils and the others). For each arm and each level L other than the
// reference R (the first with pupils), rows with Subgroup "BY=L":
//
//   - gap_post_ARM: the share of L with the outcome minus that of R, Wald
//     interval, Pearson chi-square p (binary.Compare);
//   - with a yes/no pretest, over the pupils with both answers,
//     gap_pre_ARM the same before, and gap_change_ARM the change in the
//     gap, (p_L,post − p_L,pre) − (p_R,post − p_R,pre), whose variance is
//     the sum of the two levels' paired variances
//     (b + c − (b − c)²/n)/n² (docs/methods.md §11), normal interval;
//   - gap_change (two-arm designs): gap_change_intervention −
//     gap_change_comparison, SE sqrt(se_i² + se_c²).
func (r *runner) binaryGap(oc *Outcome, by *Factor) []Result {
	var out []Result
	arms := r.groups[0].split
	paired := oc.Pre != nil && isBinary(oc.Pre, r.groups[0].rows)
	z := distuv.UnitNormal.Quantile((1 + r.o.Confidence) / 2)
	changes := map[string][]Result{}
	var order []string
	for _, a := range arms {
		var rows []int32
		if paired {
			rows = bothScores(oc, a.rows)
		} else {
			rows = nonMissing(oc.Y, a.rows)
		}
		per, names, ref := r.gapSplit(by, rows)
		if ref < 0 {
			continue
		}
		count := func(x []float64, rows []int32) int {
			e := 0
			for _, i := range rows {
				if x[i] == 1 {
					e++
				}
			}
			return e
		}
		for l := ref + 1; l < len(per); l++ {
			if len(per[l]) == 0 {
				continue
			}
			sub := by.Name + "=" + names[l]
			note := fmt.Sprintf("%s minus %s=%s (reference), %s pupils", sub, by.Name, names[ref], a.name)
			if paired {
				note += " with both answers"
			}
			note += fmt.Sprintf(" (n = %d and %d); in percentage points", len(per[l]), len(per[ref]))
			times := []struct {
				name string
				x    []float64
			}{{TimePost, oc.Y}}
			if paired {
				times = append([]struct {
					name string
					x    []float64
				}{{TimePre, oc.Pre}}, times...)
			}
			for _, tm := range times {
				tab := binary.Table{Events1: count(tm.x, per[l]), N1: len(per[l]), Events0: count(tm.x, per[ref]), N0: len(per[ref])}
				u, err := binary.Compare(tab, r.o.Confidence)
				if err != nil {
					continue
				}
				row := measureRow(AnalysisGap, Measure("gap_"+tm.name+"_"+a.name), u.RiskDifference, CINormal)
				row.Note = joinNotes(note, fmt.Sprintf("%s minus %s", pct(u.P1), pct(u.P0)), row.Note)
				out = append(out, label([]Result{row}, oc, sub, AnalysisGap)...)
			}
			if !paired {
				continue
			}
			var est, v float64
			ok := true
			for k, rows := range [][]int32{per[l], per[ref]} {
				pt, err := binary.PairedTableOf(gather(oc.Pre, rows), gather(oc.Y, rows))
				if err != nil || pt.N() == 0 {
					ok = false
					break
				}
				p, err := binary.ComparePaired(pt, r.o.Confidence)
				if err != nil {
					ok = false
					break
				}
				sign := 1.0
				if k == 1 {
					sign = -1
				}
				est += sign * p.Difference.Estimate
				v += p.Difference.SE * p.Difference.SE
			}
			if !ok {
				continue
			}
			ch := newRow(AnalysisGap, Measure("gap_change_"+a.name))
			se := math.Sqrt(v)
			ch.Estimate, ch.SE = Num(est), Num(se)
			if se > 0 {
				ch.CILow, ch.CIHigh, ch.CIMethod = Num(est-z*se), Num(est+z*se), CINormal
				ch.Statistic, ch.PValue = Num(est/se), Num(2*distuv.UnitNormal.CDF(-math.Abs(est/se)))
			}
			ch.Note = note + "; gap after minus gap before (each level's before/after change, paired SEs)"
			out = append(out, label([]Result{ch}, oc, sub, AnalysisGap)...)
			if _, seen := changes[sub]; !seen {
				order = append(order, sub)
			}
			changes[sub] = append(changes[sub], ch)
		}
	}
	if !r.twoArm() {
		return out
	}
	for _, sub := range order {
		ch := changes[sub]
		if len(ch) != 2 {
			continue
		}
		row := newRow(AnalysisGap, MeasureGapChange)
		est := float64(ch[0].Estimate - ch[1].Estimate)
		se := math.Hypot(float64(ch[0].SE), float64(ch[1].SE))
		row.Estimate, row.SE = Num(est), Num(se)
		if se > 0 {
			row.CILow, row.CIHigh, row.CIMethod = Num(est-z*se), Num(est+z*se), CINormal
			row.Statistic, row.PValue = Num(est/se), Num(2*distuv.UnitNormal.CDF(-math.Abs(est/se)))
		}
		row.Note = fmt.Sprintf("change in the gap (%s minus the reference level, percentage points) among intervention pupils "+
			"minus that among comparison pupils: %s", sub, narrowsWhen(oc, sub))
		out = append(out, label([]Result{row}, oc, sub, AnalysisGap)...)
	}
	return out
}
