package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/rating"
	"github.com/whatworks/whatworks/reports/words"
)

// This file: the plan's answer in words and as JSON (whatworks plan). The
// numbers are all in *evaluate.PlanReport; nothing here computes one.

// PlanSentences are the plan's answer: the first sentence answers what was
// asked (the MDES, the power, or the pupils or clusters needed) with the
// EEF months' progress and the padlocks the MDES criterion allows; for a
// plan solved for power, the next says what reaches the target power and
// the last the MDES of the sizes given.
func PlanSentences(r *evaluate.PlanReport) []string {
	res, p := r.Result, r.Result.Plan
	target := words.Pct(p.Power)
	var out []string
	switch r.Solved {
	case evaluate.SolveMDES:
		out = append(out, "With "+words.PlanSizes(r)+" you can "+detectPhrase(r, res.MDES)+" with "+target+" power"+padlockClause(r))
	case evaluate.SolvePower:
		s := "With " + words.PlanSizes(r) + ", the power to detect " + effectWords(r, r.Effect) + " is " + words.Pct(res.Power)
		if p.Design != evaluate.DesignPrePost && r.EffectMonths != nil {
			s += fmt.Sprintf(": if the programme really adds %s, a study this size has %s chance of a statistically significant result", monthsWords(*r.EffectMonths), aPct(res.Power))
		}
		out = append(out, s+".")
		if n := neededSentence(r); n != "" {
			out = append(out, n)
		}
		out = append(out, "The smallest effect these pupils can detect with "+target+" power is "+words.Num2(res.MDES)+monthsParen(r.MDESMonths, evaluate.Design(p.Design))+padlockClause(r))
	default: // n or clusters
		out = append(out, "To detect "+effectWords(r, r.Effect)+" with "+target+" power you need "+solvedSizes(r)+".")
		out = append(out, "With them you can "+detectPhrase(r, res.MDES)+padlockClause(r))
	}
	if p.Design == evaluate.DesignPrePost {
		out = append(out, "That change includes the progress pupils make without the programme, so it is not an effect of the programme; the EEF gives a design with no comparison group 0 padlocks whatever its size.")
	} else if r.DesignLevel.Padlocks < r.MDESPadlocks {
		out = append(out, fmt.Sprintf("Whatever its size, its design allows at most %s: %s.", padlocks(r.DesignLevel.Padlocks), r.DesignLevel.Why))
	}
	return out
}

// PlanNotes are the further answers: the disadvantaged pupils' MDES and the
// pupils to recruit for the expected attrition.
func PlanNotes(r *evaluate.PlanReport) []string {
	var out []string
	p := r.Result.Plan
	if s := r.Subgroup; s != nil {
		line := fmt.Sprintf("For the disadvantaged pupils alone (%s of the pupils: about %s), the smallest effect you can detect with %s power is %s%s", words.Pct(s.Share), subgroupCount(r), words.Pct(p.Power), words.Num2(s.Result.MDES), monthsParen(s.Months, evaluate.Design(p.Design)))
		if !math.IsNaN(r.Effect) {
			line += fmt.Sprintf("; their power to detect %s is %s", words.Num2(r.Effect), words.Pct(s.Result.Power))
		}
		out = append(out, line+".")
	}
	if rc := r.Recruit; rc != nil {
		lose := "Expecting to lose " + words.Pct(rc.Attrition) + " of pupils, recruit "
		switch {
		case p.Design == evaluate.DesignClusterRCT:
			out = append(out, fmt.Sprintf("%s%s pupils per %s (%s pupils) so that %s per %s remain; this does not allow for losing whole %s.",
				lose, words.Count(rc.PerCluster), clusterOne(r), words.Count(rc.Pupils), words.Count(p.ClusterSize), clusterOne(r), r.ClusterWord))
		case p.Design == evaluate.DesignPrePost || math.IsNaN(rc.Treated):
			out = append(out, fmt.Sprintf("%s%s pupils so that %s remain.", lose, words.Count(rc.Pupils), words.Count(p.N)))
		case rc.Treated == rc.Comparison:
			out = append(out, fmt.Sprintf("%s%s in each group (%s pupils) so that %s in each group remain.",
				lose, words.Count(rc.Treated), words.Count(rc.Pupils), words.Count(r.PupilsTreated)))
		default:
			out = append(out, fmt.Sprintf("%s%s for the programme and %s for the comparison group (%s pupils) so that %s and %s remain.",
				lose, words.Count(rc.Treated), words.Count(rc.Comparison), words.Count(rc.Pupils), words.Count(r.PupilsTreated), words.Count(r.PupilsComparison)))
		}
	}
	return out
}

// WritePlanText writes the plan as the terminal shows it: the answer, the
// further answers, the plan's values and its assumptions.
func WritePlanText(w io.Writer, r *evaluate.PlanReport) error {
	if r == nil {
		return fmt.Errorf("writing the plan: no plan")
	}
	bw := bufio.NewWriter(w)
	title := r.Title
	fmt.Fprintln(bw, title)
	fmt.Fprintln(bw, strings.Repeat("=", utf8.RuneCountInString(title)))
	fmt.Fprintf(bw, "Design: %s. whatworks %s.\n\n", words.DesignWords(evaluate.Design(r.Design)), words.Version)
	for _, s := range PlanSentences(r) {
		writeWrapped(bw, s, "", "", 78)
	}
	if r.Solved == evaluate.SolveMDES && r.Design != evaluate.DesignPrePost {
		needs := "pupils"
		if r.Design == evaluate.DesignClusterRCT {
			needs = r.ClusterWord
		}
		writeWrapped(bw, "(Give --effect, e.g. 0.2 for 3 months' progress, for the power to detect it and the "+needs+" it needs.)", "", "", 78)
	}
	if notes := PlanNotes(r); len(notes) > 0 {
		fmt.Fprintln(bw)
		for _, s := range notes {
			writeWrapped(bw, s, "  * ", "    ", 78)
		}
	}
	fmt.Fprintln(bw, "\nThe plan")
	for _, kv := range planTable(r) {
		writeWrapped(bw, kv[1], fmt.Sprintf("  %-22s", kv[0]), strings.Repeat(" ", 24), 78)
	}
	fmt.Fprintln(bw, "\nAssumptions")
	for _, s := range r.Assumptions {
		writeWrapped(bw, words.Capitalise(s)+".", "  * ", "    ", 78)
	}
	writeWrapped(bw, "Padlocks: "+rating.PadlockLabel+". The MDES criterion: at most 0.2 for 5 padlocks, 0.3 for 4, 0.4 for 3, 0.5 for 2, 0.6 for 1.", "  * ", "    ", 78)
	return bw.Flush()
}

// planTable is the plan's values, as label and value.
func planTable(r *evaluate.PlanReport) [][2]string {
	res, p := r.Result, r.Result.Plan
	var t [][2]string
	add := func(k, v string) { t = append(t, [2]string{k, v}) }
	solved := func(what string) string {
		if r.Solved == what {
			return " (solved for)"
		}
		return ""
	}
	add("design", string(p.Design))
	switch p.Design {
	case evaluate.DesignClusterRCT:
		add(r.ClusterWord, fmt.Sprintf("%d%s: %s programme, %s comparison", p.Clusters, solved(evaluate.SolveClusters), words.Count(r.ClustersTreated), words.Count(r.ClustersComparison)))
		add("pupils per "+clusterOne(r), words.Count(p.ClusterSize)+solved(evaluate.SolveN))
		add("pupils analysed", fmt.Sprintf("%s: %s programme, %s comparison", words.Count(res.N), words.Count(r.PupilsTreated), words.Count(r.PupilsComparison)))
		add("ICC", words.TrimFloat(p.ICC))
		add("R²", fmt.Sprintf("%s pupils, %s %s", words.TrimFloat(p.R2Pupil), words.TrimFloat(p.R2Cluster), r.ClusterWord))
		add("covariates", fmt.Sprintf("%d at %s level", p.Covariates, clusterOne(r)))
	case evaluate.DesignPrePost:
		add("pupils analysed", words.Count(res.N)+solved(evaluate.SolveN))
		add("pre-post correlation", fmt.Sprintf("%s (R² = %s)", words.TrimFloat(r.PrePostCorrelation), words.TrimFloat(p.R2Pupil)))
	default:
		add("pupils analysed", fmt.Sprintf("%s%s: %s programme, %s comparison", words.Count(res.N), solved(evaluate.SolveN), words.Count(r.PupilsTreated), words.Count(r.PupilsComparison)))
		add("R²", words.TrimFloat(p.R2Pupil))
		add("covariates", strconv.Itoa(p.Covariates))
	}
	if p.Design != evaluate.DesignPrePost {
		add("share treated", words.TrimFloat(p.PTreated))
	}
	add("alpha", words.TrimFloat(p.Alpha)+" (two-sided)")
	add("power", words.TrimFloat(p.Power)+" (target)")
	if !math.IsNaN(r.Effect) {
		add("effect", words.TrimFloat(r.Effect)+monthsParen(r.EffectMonths, evaluate.Design(p.Design)))
		if r.Solved == evaluate.SolvePower || r.Solved == evaluate.SolveN || r.Solved == evaluate.SolveClusters {
			add("power for the effect", fmt.Sprintf("%.3f%s", res.Power, solved(evaluate.SolvePower)))
		}
	}
	add("MDES", fmt.Sprintf("%.3f%s = M %.3f × SE %.4f, df %g", res.MDES, solved(evaluate.SolveMDES), res.Multiplier, res.SE, res.DF))
	if p.Design == evaluate.DesignPrePost {
		add("MDES of the gains", fmt.Sprintf("%.3f (d_z: in SDs of the pupils' gains)", res.MDESGain))
	}
	if p.Design == evaluate.DesignPrePost {
		add("EEF padlocks", "0: no comparison group")
	} else {
		eef := ""
		if r.PadlockMDES != res.MDES {
			eef = fmt.Sprintf(" (its MDES at 80%% power and 5%% significance, %.3f)", r.PadlockMDES)
		}
		add("EEF padlocks", fmt.Sprintf("at most %d on the MDES criterion%s; at most %d for the design", r.MDESPadlocks, eef, r.DesignLevel.Padlocks))
	}
	if s := r.Subgroup; s != nil {
		add("disadvantaged", fmt.Sprintf("%s of pupils: MDES %.3f, df %g", words.Pct(s.Share), s.Result.MDES, s.Result.DF))
	}
	return t
}

// solvedSizes is what a plan solved for n or clusters needs.
func solvedSizes(r *evaluate.PlanReport) string {
	res, p := r.Result, r.Result.Plan
	switch {
	case p.Design == evaluate.DesignPrePost:
		return words.Count(res.N) + " pupils measured before and after"
	case p.Design == evaluate.DesignClusterRCT && r.Solved == evaluate.SolveN:
		return fmt.Sprintf("%s pupils in each of the %d %s (%s pupils)", words.Count(p.ClusterSize), p.Clusters, r.ClusterWord, words.Count(res.N))
	case p.Design == evaluate.DesignClusterRCT:
		each := fmt.Sprintf("%s and %s", words.Count(r.ClustersTreated), words.Count(r.ClustersComparison))
		if r.ClustersTreated == r.ClustersComparison {
			each = words.Count(r.ClustersTreated) + " in each group"
		}
		return fmt.Sprintf("%d %s of %s pupils (%s; %s pupils)", p.Clusters, r.ClusterWord, words.Count(p.ClusterSize), each, words.Count(res.N))
	case r.PupilsTreated == r.PupilsComparison:
		return fmt.Sprintf("%s pupils in each group (%s in all)", words.Count(r.PupilsTreated), words.Count(res.N))
	}
	return fmt.Sprintf("%s pupils: %s in the programme and %s in the comparison group", words.Count(res.N), words.Count(r.PupilsTreated), words.Count(r.PupilsComparison))
}

// neededSentence says what reaches the target power in a plan solved for
// power: "To reach 80% power you would need 186 schools of 25 pupils (with
// 40 schools, no number of pupils per school would do)."
func neededSentence(r *evaluate.PlanReport) string {
	var parts, nots []string
	for _, n := range r.Needed {
		q := n.Result.Plan
		switch {
		case n.Err != "" && n.Result.Solved == evaluate.SolveN && q.Design == evaluate.DesignClusterRCT:
			nots = append(nots, fmt.Sprintf("with %d %s, no number of pupils per %s would do", q.Clusters, r.ClusterWord, clusterOne(r)))
		case n.Err != "":
			nots = append(nots, "no number of pupils up to a billion would do")
		case q.Design == evaluate.DesignClusterRCT:
			parts = append(parts, fmt.Sprintf("%d %s of %s pupils", q.Clusters, r.ClusterWord, words.Count(q.ClusterSize)))
		case q.Design == evaluate.DesignPrePost:
			parts = append(parts, words.Count(n.Result.N)+" pupils")
		default:
			nt, nc := n.Treated, n.Comparison
			if nt == nc {
				parts = append(parts, fmt.Sprintf("%s pupils in each group (%s in all)", words.Count(nt), words.Count(n.Result.N)))
			} else {
				parts = append(parts, fmt.Sprintf("%s pupils (%s in the programme, %s in the comparison group)", words.Count(n.Result.N), words.Count(nt), words.Count(nc)))
			}
		}
	}
	target := words.Pct(r.Result.Plan.Power)
	if r.Result.Power >= r.Result.Plan.Power && len(parts) > 0 {
		return "For " + target + " power, " + strings.Join(parts, ", or ") + " would be enough."
	}
	switch {
	case len(parts) > 0 && len(nots) > 0:
		return "To reach " + target + " power you would need " + strings.Join(parts, ", or ") + " (" + strings.Join(nots, "; ") + ")."
	case len(parts) > 0:
		return "To reach " + target + " power you would need " + strings.Join(parts, ", or ") + "."
	case len(nots) > 0:
		return "To reach " + target + " power: " + strings.Join(nots, "; ") + "."
	}
	return ""
}

// aPct is "a 52%" or "an 86%", as the number is spoken.
func aPct(x float64) string {
	s := words.Pct(x)
	if strings.HasPrefix(s, "8") || strings.HasPrefix(s, "11%") || strings.HasPrefix(s, "18%") || strings.HasPrefix(s, "11.") || strings.HasPrefix(s, "18.") {
		return "an " + s
	}
	return "a " + s
}

// detectPhrase is "detect an effect of 0.28 (4 months' progress)", or for
// pre-post "detect a mean change of 0.37 standard deviations".
func detectPhrase(r *evaluate.PlanReport, mdes float64) string {
	if r.Design == evaluate.DesignPrePost {
		return "detect a mean change of " + words.Num2(mdes) + " standard deviations"
	}
	return "detect an effect of " + words.Num2(mdes) + monthsParen(r.MDESMonths, r.Design)
}

// effectWords is "an effect of 0.20 (3 months' progress)", or for pre-post
// "a mean change of 0.20 standard deviations".
func effectWords(r *evaluate.PlanReport, e float64) string {
	if r.Design == evaluate.DesignPrePost {
		return "a mean change of " + words.Num2(e) + " standard deviations"
	}
	return "an effect of " + words.Num2(e) + monthsParen(r.EffectMonths, r.Design)
}

// padlockClause ends an MDES sentence with the padlocks the MDES criterion
// allows ("; the EEF would give such a trial at most 4 padlocks on this
// criterion."); pre-post gets a full stop only.
func padlockClause(r *evaluate.PlanReport) string {
	if r.Design == evaluate.DesignPrePost {
		return "."
	}
	kind := "study"
	if r.Design == evaluate.DesignRCT || r.Design == evaluate.DesignClusterRCT {
		kind = "trial"
	}
	at := ""
	if r.PadlockMDES != r.Result.MDES {
		// The EEF reads the MDES at 80% power and a 5% two-sided test.
		at = fmt.Sprintf("; at the EEF's 80%% power and 5%% significance the MDES is %s, and", words.Num2(r.PadlockMDES))
	} else {
		at = ";"
	}
	if r.MDESPadlocks == 0 {
		return fmt.Sprintf("%s the EEF would give such a %s no padlocks on this criterion (an MDES above 0.6).", at, kind)
	}
	return fmt.Sprintf("%s the EEF would give such a %s at most %s on this criterion.", at, kind, padlocks(r.MDESPadlocks))
}

// subgroupCount is "59 in each group", "7.5 per school", "18 pupils".
func subgroupCount(r *evaluate.PlanReport) string {
	s := r.Subgroup
	switch r.Design {
	case evaluate.DesignClusterRCT:
		return words.Count(s.Result.Plan.ClusterSize) + " per " + clusterOne(r)
	case evaluate.DesignPrePost:
		return words.Count(s.Result.N) + " pupils"
	}
	if approxEqual(s.PupilsTreated, s.PupilsComparison) {
		return words.Count(s.PupilsTreated) + " in each group"
	}
	return words.Count(s.PupilsTreated) + " in the programme and " + words.Count(s.PupilsComparison) + " in the comparison group"
}

// clusterOne is the singular of the clusters' word: "school", "class".
func clusterOne(r *evaluate.PlanReport) string {
	w := r.ClusterWord
	switch {
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"):
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "s"):
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// monthsParen is " (4 months' progress)", or "" when there are none.
func monthsParen(m *int, design evaluate.Design) string {
	if m == nil || design == evaluate.DesignPrePost {
		return ""
	}
	return " (" + monthsWords(*m) + ")"
}

// monthsWords is "4 months' progress", "1 month's progress".
func monthsWords(m int) string {
	if m == 1 || m == -1 {
		return fmt.Sprintf("%d month's progress", m)
	}
	return fmt.Sprintf("%d months' progress", m)
}

func padlocks(n int) string {
	if n == 1 {
		return "1 padlock"
	}
	return strconv.Itoa(n) + " padlocks"
}

func approxEqual(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a)) }

// jsonPlanDoc is the plan command's JSON (docs/json.md, "The plan's JSON").
type jsonPlanDoc struct {
	Schema        int               `json:"schema_version"`
	Version       string            `json:"whatworks_version"`
	Command       string            `json:"command"`
	Title         string            `json:"title"`
	Design        string            `json:"design"`
	Solved        string            `json:"solved"`
	MonthsTable   string            `json:"months_table"`
	Plan          jsonPlan          `json:"plan"`
	EEF           jsonPlanEEF       `json:"eef"`
	Recruit       *jsonPlanRecruit  `json:"recruit"`
	ToReachTarget []jsonPlanNeeded  `json:"to_reach_target"`
	Results       []evaluate.Result `json:"results"`
	Sentences     []string          `json:"sentences"`
	Assumptions   []string          `json:"assumptions"`
}

type jsonPlan struct {
	N           evaluate.Num `json:"n"`
	Clusters    *int         `json:"clusters"`
	ClusterSize evaluate.Num `json:"cluster_size"`
	ICC         evaluate.Num `json:"icc"`
	R2Pupil     evaluate.Num `json:"r2_pupil"`
	R2Cluster   evaluate.Num `json:"r2_cluster"`
	PTreated    evaluate.Num `json:"p_treated"`
	Alpha       float64      `json:"alpha"`
	Power       float64      `json:"power"`
	Effect      evaluate.Num `json:"effect"`
	Covariates  int          `json:"covariates"`
	Attrition   float64      `json:"attrition"`
	FSMShare    evaluate.Num `json:"fsm_share"`
	MDES        evaluate.Num `json:"mdes"`
	MDESGain    evaluate.Num `json:"mdes_gain"`
	PowerEffect evaluate.Num `json:"power_for_effect"`
	SE          evaluate.Num `json:"se"`
	DF          evaluate.Num `json:"df"`
	Multiplier  evaluate.Num `json:"multiplier"`
}

type jsonPlanEEF struct {
	MDES           float64 `json:"mdes"`
	MDESPadlocks   int     `json:"mdes_padlocks"`
	DesignPadlocks int     `json:"design_padlocks"`
	Label          string  `json:"label"`
}

type jsonPlanRecruit struct {
	Attrition  float64      `json:"attrition"`
	Pupils     float64      `json:"pupils"`
	Treated    evaluate.Num `json:"treated"`
	Comparison evaluate.Num `json:"comparison"`
	PerCluster evaluate.Num `json:"per_cluster"`
}

type jsonPlanNeeded struct {
	Solved      string       `json:"solved"`
	N           evaluate.Num `json:"n"`
	Clusters    *int         `json:"clusters"`
	ClusterSize evaluate.Num `json:"cluster_size"`
	NTreated    evaluate.Num `json:"n_treated"`
	NComparison evaluate.Num `json:"n_comparison"`
	MDES        evaluate.Num `json:"mdes"`
	Power       evaluate.Num `json:"power"`
	Error       string       `json:"error,omitempty"`
}

// WritePlanJSON writes the plan as one indented JSON object, byte-identical
// for identical plans, NaN written as null (docs/json.md).
func WritePlanJSON(w io.Writer, r *evaluate.PlanReport) error {
	if r == nil {
		return fmt.Errorf("writing the plan's JSON: no plan")
	}
	res, p := r.Result, r.Result.Plan
	nan := evaluate.Num(math.NaN())
	doc := jsonPlanDoc{
		Schema: PlanSchemaVersion, Version: words.Version, Command: "plan", Title: r.Title, Design: string(r.Design), Solved: r.Solved,
		MonthsTable: r.MonthsTable,
		Plan: jsonPlan{
			N: evaluate.Num(res.N), ClusterSize: nan, ICC: nan, R2Pupil: evaluate.Num(p.R2Pupil), R2Cluster: nan,
			PTreated: evaluate.Num(p.PTreated), Alpha: p.Alpha, Power: p.Power, Effect: evaluate.Num(r.Effect),
			Covariates: p.Covariates, FSMShare: nan, MDES: evaluate.Num(res.MDES), MDESGain: evaluate.Num(res.MDESGain),
			PowerEffect: evaluate.Num(res.Power), SE: evaluate.Num(res.SE), DF: evaluate.Num(res.DF), Multiplier: evaluate.Num(res.Multiplier),
		},
		EEF:           jsonPlanEEF{MDES: r.PadlockMDES, MDESPadlocks: r.MDESPadlocks, DesignPadlocks: r.DesignLevel.Padlocks, Label: rating.PadlockLabel},
		ToReachTarget: []jsonPlanNeeded{},
		Results:       r.Results,
		Sentences:     append(PlanSentences(r), PlanNotes(r)...),
		Assumptions:   r.Assumptions,
	}
	if math.IsNaN(r.Effect) {
		doc.Plan.PowerEffect = nan
	}
	switch p.Design {
	case evaluate.DesignClusterRCT:
		c := p.Clusters
		doc.Plan.Clusters = &c
		doc.Plan.ClusterSize, doc.Plan.ICC, doc.Plan.R2Cluster = evaluate.Num(p.ClusterSize), evaluate.Num(p.ICC), evaluate.Num(p.R2Cluster)
	case evaluate.DesignPrePost:
		doc.Plan.PTreated = nan
	}
	if r.Subgroup != nil {
		doc.Plan.FSMShare = evaluate.Num(r.Subgroup.Share)
	}
	if rc := r.Recruit; rc != nil {
		doc.Plan.Attrition = rc.Attrition
		doc.Recruit = &jsonPlanRecruit{Attrition: rc.Attrition, Pupils: rc.Pupils, Treated: evaluate.Num(rc.Treated),
			Comparison: evaluate.Num(rc.Comparison), PerCluster: evaluate.Num(rc.PerCluster)}
		if p.Design == evaluate.DesignPrePost {
			doc.Recruit.Comparison = nan
		}
	}
	for _, n := range r.Needed {
		q := n.Result.Plan
		nt, nc := n.Treated, n.Comparison
		j := jsonPlanNeeded{Solved: n.Result.Solved, N: evaluate.Num(n.Result.N), ClusterSize: nan,
			NTreated: evaluate.Num(nt), NComparison: evaluate.Num(nc),
			MDES: evaluate.Num(n.Result.MDES), Power: evaluate.Num(n.Result.Power), Error: n.Err}
		if q.Design == evaluate.DesignClusterRCT {
			c := q.Clusters
			j.Clusters, j.ClusterSize = &c, evaluate.Num(q.ClusterSize)
			j.NTreated, j.NComparison = evaluate.Num(nt*q.ClusterSize), evaluate.Num(nc*q.ClusterSize)
		}
		if q.Design == evaluate.DesignPrePost {
			j.NComparison = nan
		}
		if n.Err != "" {
			j.N, j.NTreated, j.NComparison, j.ClusterSize = nan, nan, nan, nan
			if q.Design == evaluate.DesignClusterRCT && n.Result.Solved == evaluate.SolveN {
				j.ClusterSize = nan
			}
		}
		doc.ToReachTarget = append(doc.ToReachTarget, j)
	}
	if doc.Results == nil {
		doc.Results = []evaluate.Result{}
	}
	if doc.Assumptions == nil {
		doc.Assumptions = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing the plan's JSON: %w", err)
	}
	return nil
}
