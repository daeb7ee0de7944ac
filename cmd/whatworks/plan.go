package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/whatworks/whatworks/designs"
	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/evaluate/power"
	"github.com/whatworks/whatworks/reports"
	"github.com/whatworks/whatworks/reports/plot"
)

// planOptions is what whatworks plan was asked.
type planOptions struct {
	DesignPath string // "" = plan from the flags alone
	Design     string // --design; "" = the design file's
	// Flags holds the values given as flags (nil = not given), named as
	// the design file's plan: block; they override the design file's.
	Flags              designs.Plan
	JSONPath, PlotsDir string
	Out, Err           io.Writer
}

// defaultICC is the ICC a cluster-rct plan assumes when none is given: the
// WWC's default for achievement outcomes when a study reports none
// (docs/methods.md §8).
const defaultICC = 0.2

// planFlags are the plan command's value flags, with the plan: field each
// one sets.
var planFlags = []struct{ flag, field, usage, def string }{
	{"n", "n", "total `PUPILS` analysed, all groups (for a cluster-rct: with --clusters or --cluster-size)", "solved for"},
	{"clusters", "clusters", "`SCHOOLS` (or classes) randomised, all groups (cluster-rct)", "solved for"},
	{"cluster-size", "cluster_size", "mean `PUPILS` analysed per school or class (cluster-rct)", "solved for"},
	{"icc", "icc", "intraclass correlation of the outcome (cluster-rct)", "0.2, the WWC's default for attainment"},
	{"r2-pupil", "r2_pupil", "share of the outcome's pupil-level variance the pretest and covariates explain; for pre-post, the squared pre-post correlation", "0: no pretest"},
	{"r2-cluster", "r2_cluster", "share of the between-school variance the covariates explain (cluster-rct)", "0"},
	{"p-treated", "p_treated", "share of pupils (cluster-rct: of schools) in the programme", "0.5"},
	{"alpha", "alpha", "significance level of the two-sided test", "0.05"},
	{"power", "power", "target power", "0.8"},
	{"effect", "effect", "effect size to detect, in standard deviations (0.2 is 3 months' progress)", "none"},
	{"covariates", "covariates", "covariates in the analysis, for the degrees of freedom (cluster-rct: school-level ones)", "1 with an R², else 0"},
	{"attrition", "attrition", "expected proportion of pupils lost before the analysis: how many to recruit", "0"},
	{"fsm-share", "fsm_share", "proportion of pupils eligible for free school meals: their own MDES", "none"},
}

func planCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "design", Usage: "kind of design: rct, cluster-rct, pre-post, two-group or matched (default: the design file's)"},
	}
	for _, f := range planFlags {
		switch f.field {
		case "n", "clusters", "covariates":
			flags = append(flags, &cli.IntFlag{Name: f.flag, Usage: f.usage, DefaultText: f.def})
		default:
			flags = append(flags, &cli.Float64Flag{Name: f.flag, Usage: f.usage, DefaultText: f.def})
		}
	}
	flags = append(flags,
		&cli.StringFlag{Name: "json", TakesFile: true, Usage: "write the plan as JSON to `FILE` (- for standard output; see docs/json.md)"},
		&cli.StringFlag{Name: "plots", TakesFile: true, Usage: "write the power curve (PNG at 300 dpi and SVG) into `DIR`"},
	)
	return &cli.Command{
		Name:      "plan",
		Usage:     "before a programme: is the cohort big enough? (minimum detectable effect, power, pupils or schools needed)",
		ArgsUsage: "[DESIGN]",
		Description: `Plans an evaluation before it starts. Give the sizes you have to learn the
smallest effect they can detect (the MDES), in standard deviations and EEF
months' progress, with the most padlocks the EEF's MDES criterion allows; add
--effect to learn the power to detect it and what would reach --power; or
give --effect without the sizes to learn the pupils (or schools) you need.
Whichever of MDES, power, pupils and schools is left out is solved for.

   whatworks plan --design rct --n 60
   whatworks plan --design rct --n 60 --r2-pupil 0.5 --effect 0.2
   whatworks plan --design rct --effect 0.2 --r2-pupil 0.5 --attrition 0.1
   whatworks plan --design cluster-rct --clusters 40 --cluster-size 25 --icc 0.15 \
       --r2-pupil 0.5 --r2-cluster 0.5 --fsm-share 0.3 --plots plots/
   whatworks plan --design cluster-rct --cluster-size 25 --icc 0.15 --effect 0.25
   whatworks plan my-evaluation/design.yaml --json plan.json

With a design file, the design, its cluster column, the pupils and schools
in its data (when there are any) and its plan: block (fields named like the
flags: r2_pupil, fsm_share...) are used; flags override them.

Defaults: --alpha 0.05 (two-sided), --power 0.8, --p-treated 0.5; R² 0 (no
pretest: give --r2-pupil when the analysis will adjust for one); for a
cluster-rct, ICC 0.2 (the What Works Clearinghouse's default for attainment
outcomes when a study reports none). Every value assumed is printed.
Sizes are pupils analysed: --attrition says how many to recruit.`,
		Flags: flags,
		Action: func(c *cli.Context) error {
			o := planOptions{Design: c.String("design"), JSONPath: c.String("json"), PlotsDir: c.String("plots"),
				Out: c.App.Writer, Err: c.App.ErrWriter}
			switch c.NArg() {
			case 0:
			case 1:
				o.DesignPath = c.Args().First()
			default:
				return usagef("plan takes at most one design file, got %d arguments: %q", c.NArg(), c.Args().Slice())
			}
			for _, f := range planFlags {
				if !c.IsSet(f.flag) {
					continue
				}
				var x float64
				if f.field == "n" || f.field == "clusters" || f.field == "covariates" {
					x = float64(c.Int(f.flag))
				} else {
					x = c.Float64(f.flag)
				}
				if ok, what, example := designs.CheckPlanValue(f.field, x); !ok {
					return usagef("--%s %s: want %s, e.g. --%s %s", f.flag, trimNum(x), what, f.flag, example)
				}
				setPlanField(&o.Flags, f.field, x)
			}
			return runPlan(c.Context, o)
		},
	}
}

// setPlanField sets the plan: field name of p to x.
func setPlanField(p *designs.Plan, name string, x float64) {
	i := int(x)
	switch name {
	case "n":
		p.N = &i
	case "clusters":
		p.Clusters = &i
	case "covariates":
		p.Covariates = &i
	case "cluster_size":
		p.ClusterSize = &x
	case "icc":
		p.ICC = &x
	case "r2_pupil":
		p.R2Pupil = &x
	case "r2_cluster":
		p.R2Cluster = &x
	case "p_treated":
		p.PTreated = &x
	case "alpha":
		p.Alpha = &x
	case "power":
		p.Power = &x
	case "effect":
		p.Effect = &x
	case "attrition":
		p.Attrition = &x
	case "fsm_share":
		p.FSMShare = &x
	}
}

func trimNum(x float64) string { return fmt.Sprint(x) }

func runPlan(ctx context.Context, o planOptions) error {
	in, err := planInput(o)
	if err != nil {
		return err
	}

	// Outputs are checked before the work and written all or nothing.
	set := newOutputSet(o.Err, o.DesignPath, nil)
	var rep *evaluate.PlanReport
	jsonFile := o.JSONPath != "" && o.JSONPath != "-"
	if jsonFile {
		if err := set.Add(o.JSONPath, "--json", func(_ context.Context, w io.Writer) error { return reports.WritePlanJSON(w, rep) }); err != nil {
			return err
		}
	}
	if o.PlotsDir != "" {
		if err := set.AddDir(o.PlotsDir, "--plots"); err != nil {
			return err
		}
	}

	rep, err = evaluate.RunPlan(in)
	switch {
	case errors.Is(err, power.ErrUnreachable):
		return fmt.Errorf("%w", err)
	case err != nil:
		return usagef("%v", err)
	}

	summary := o.Out
	if o.JSONPath == "-" {
		summary = o.Err
		if err := reports.WritePlanJSON(o.Out, rep); err != nil {
			return err
		}
	}
	if err := reports.WritePlanText(summary, rep); err != nil {
		return err
	}
	var written []string
	if jsonFile {
		written = append(written, o.JSONPath)
	}
	if o.PlotsDir != "" {
		files, err := plot.AddPlan(set, o.PlotsDir, "--plots", rep)
		if err != nil {
			return fmt.Errorf("drawing the power curve: %w", err)
		}
		written = append(written, files...)
	}
	if _, err := set.Commit(ctx); err != nil {
		return err
	}
	if len(written) > 0 {
		fmt.Fprintf(summary, "\nwrote %s\n", strings.Join(written, ", "))
	}
	return nil
}

// planInput gathers the plan: the flags over the design file's plan:
// block over the sizes in its data over the defaults, each value assumed
// or taken from the file said in an assumption; then what to solve for.
func planInput(o planOptions) (evaluate.PlanInput, error) {
	in := evaluate.PlanInput{Effect: math.NaN()}
	var assumed []string
	vals := o.Flags
	design := evaluate.Design(o.Design)
	var data evaluate.PlanData
	pretest := "" // the design's pretest of its first outcome
	if o.DesignPath != "" {
		d, err := designs.Parse(o.DesignPath)
		if err != nil {
			return in, err
		}
		in.Title = d.Title
		if len(d.Outcomes) > 0 {
			in.Outcome = d.Outcomes[0].Column
			pretest = d.Outcomes[0].Pretest
		}
		in.MonthsTable = d.Analysis.MonthsTable
		if design == "" {
			design = d.Design
		} else if design != d.Design {
			assumed = append(assumed, fmt.Sprintf("--design %s overrides the design file's %s", design, d.Design))
		}
		if d.Design == designs.ClusterRCT && design == designs.ClusterRCT {
			in.ClusterWord = clusterWord(d.Cluster)
		}
		if d.Plan != nil {
			vals = overlay(vals, *d.Plan)
			assumed = append(assumed, "values not given as flags are from the design file's plan: block, where it has them")
		}
		ev, rerr := designs.ReadForPlan(d)
		if rerr != nil {
			data.Notes = []string{"no sizes were taken from its data: " + firstProblem(rerr)}
		} else {
			ein := ev.Input()
			ein.Design = design
			data = evaluate.PlanDataOf(ein)
		}
	}
	switch design {
	case "":
		return in, usagef("plan needs --design (rct, cluster-rct, pre-post, two-group or matched) or a design file")
	case designs.RCT, designs.ClusterRCT, designs.PrePost, designs.TwoGroup, designs.Matched:
	default:
		return in, usagef("--design %s: unknown design (want rct, cluster-rct, pre-post, two-group or matched)", design)
	}
	cluster := design == designs.ClusterRCT
	if !cluster {
		for _, f := range []struct {
			name string
			set  bool
		}{{"--clusters", vals.Clusters != nil}, {"--cluster-size", vals.ClusterSize != nil}, {"--icc", vals.ICC != nil}, {"--r2-cluster", vals.R2Cluster != nil}} {
			if f.set {
				return in, usagef("%s applies to --design cluster-rct, not to %s", f.name, design)
			}
		}
	}
	if design == designs.PrePost && vals.PTreated != nil {
		return in, usagef("--p-treated applies to designs with two groups, not to pre-post")
	}

	// The sizes in the data fill what neither the flags nor plan: give.
	usedData := false
	if vals.N == nil && vals.Clusters == nil && vals.ClusterSize == nil && (data.N > 0 || data.Clusters > 0) {
		if data.N > 0 && (!cluster || data.Clusters == 0) {
			n := int(data.N)
			vals.N = &n
		}
		if cluster && data.Clusters > 0 {
			j, m := data.Clusters, data.ClusterSize
			vals.Clusters, vals.ClusterSize = &j, &m
		}
		if vals.PTreated == nil && data.PTreated > 0 && design != designs.PrePost {
			p := data.PTreated
			vals.PTreated = &p
		}
		usedData = true
	}
	for _, n := range data.Notes {
		switch {
		case usedData:
			assumed = append(assumed, "sizes: "+n)
		case strings.HasPrefix(n, "no "):
			assumed = append(assumed, n)
		default:
			assumed = append(assumed, "the sizes given override the data's: "+n)
		}
	}

	p := power.Plan{Design: design}
	get := func(v *float64) float64 {
		if v == nil {
			return 0
		}
		return *v
	}
	p.R2Pupil, p.R2Cluster, p.PTreated = get(vals.R2Pupil), get(vals.R2Cluster), get(vals.PTreated)
	p.Alpha, p.Power = get(vals.Alpha), get(vals.Power)
	if vals.N != nil {
		p.N = float64(*vals.N)
	}
	if vals.Clusters != nil {
		p.Clusters = *vals.Clusters
	}
	p.ClusterSize = get(vals.ClusterSize)
	if vals.Effect != nil {
		in.Effect = *vals.Effect
	}
	in.Attrition, in.FSMShare = get(vals.Attrition), get(vals.FSMShare)

	// Defaults that matter, said out loud.
	if cluster {
		if vals.ICC == nil {
			p.ICC = defaultICC
			assumed = append(assumed, "ICC 0.2 assumed: the What Works Clearinghouse's default for attainment outcomes when a study reports none; give --icc from a pilot, earlier results or published estimates")
		} else {
			p.ICC = *vals.ICC
		}
	}
	in.Pretest = pretest != "" && design != designs.PrePost
	switch {
	case in.Pretest && vals.R2Pupil == nil:
		assumed = append(assumed, fmt.Sprintf("the analysis will adjust %s for the pretest %s, but how much of its variance the pretest explains is not known: R² = 0 assumed (cautious); give --r2-pupil (plan: r2_pupil in the design file)", in.Outcome, pretest))
	case design == designs.PrePost && vals.R2Pupil == nil:
		assumed = append(assumed, "pre-post correlation 0 assumed (the cautious choice): give --r2-pupil, the squared correlation of pupils' pre and post scores")
	case vals.R2Pupil == nil && cluster && vals.R2Cluster == nil:
		assumed = append(assumed, "no pretest or covariates assumed (R² = 0 for pupils and schools): give --r2-pupil and --r2-cluster when the analysis will adjust for a pretest")
	case vals.R2Pupil == nil:
		assumed = append(assumed, "no pretest or covariates assumed (R² = 0): give --r2-pupil when the analysis will adjust for a pretest")
	}
	switch {
	case vals.Covariates != nil:
		p.Covariates = *vals.Covariates
	case design == designs.PrePost:
	case cluster && p.R2Cluster > 0, !cluster && p.R2Pupil > 0:
		p.Covariates = 1
		level := "covariate (the pretest)"
		if cluster {
			level = "school-level covariate (the pretest's school means)"
		}
		assumed = append(assumed, "1 "+level+" assumed for the degrees of freedom: give --covariates for more")
	}

	// What to solve for.
	unknown, err := planUnknown(design, &p, !math.IsNaN(in.Effect))
	if err != nil && o.DesignPath != "" && !usedData {
		why := "its data gave no sizes"
		if len(data.Notes) > 0 {
			why = data.Notes[0]
		}
		return in, usagef("%v (%s: %s; give the sizes as flags or in the design file's plan: block)", err, o.DesignPath, why)
	}
	if err != nil {
		return in, err
	}
	in.Plan, in.Solve, in.Assumptions = p, unknown, assumed
	return in, nil
}

// firstProblem is the first of the problems in err, with how many more.
func firstProblem(err error) string {
	var ps designs.Problems
	if errors.As(err, &ps) && len(ps) > 0 {
		if len(ps) > 1 {
			return fmt.Sprintf("%v (and %d more problems: whatworks check lists them)", ps[0], len(ps)-1)
		}
		return ps[0].Error()
	}
	return err.Error()
}

// overlay returns top with every field it does not set taken from under.
func overlay(top, under designs.Plan) designs.Plan {
	pick := func(a, b *float64) *float64 {
		if a != nil {
			return a
		}
		return b
	}
	picki := func(a, b *int) *int {
		if a != nil {
			return a
		}
		return b
	}
	return designs.Plan{
		N: picki(top.N, under.N), Clusters: picki(top.Clusters, under.Clusters), Covariates: picki(top.Covariates, under.Covariates),
		ClusterSize: pick(top.ClusterSize, under.ClusterSize), ICC: pick(top.ICC, under.ICC),
		R2Pupil: pick(top.R2Pupil, under.R2Pupil), R2Cluster: pick(top.R2Cluster, under.R2Cluster),
		PTreated: pick(top.PTreated, under.PTreated), Alpha: pick(top.Alpha, under.Alpha), Power: pick(top.Power, under.Power),
		Effect: pick(top.Effect, under.Effect), Attrition: pick(top.Attrition, under.Attrition), FSMShare: pick(top.FSMShare, under.FSMShare),
	}
}

// planUnknown decides which of MDES, power, pupils and clusters to solve
// for from the sizes and effect given, completing a cluster-rct's sizes
// from two of n, clusters and cluster size. Too little, or sizes that
// disagree, is a usage error saying what to give.
func planUnknown(design evaluate.Design, p *power.Plan, effect bool) (string, error) {
	if design != designs.ClusterRCT {
		switch {
		case p.N > 0 && effect:
			return power.SolvePower, nil
		case p.N > 0:
			return power.SolveMDES, nil
		case effect:
			return power.SolveN, nil
		}
		return "", usagef("plan needs --n (the pupils you have: whatworks finds the smallest effect they can detect) or --effect (the effect to detect: whatworks finds the pupils you need)")
	}
	hasN, hasJ, hasM := p.N > 0, p.Clusters > 0, p.ClusterSize > 0
	switch {
	case hasN && hasJ && hasM:
		if n := float64(p.Clusters) * p.ClusterSize; math.Abs(n-p.N) > 1e-9*n {
			return "", usagef("--n %g is not --clusters %d × --cluster-size %g = %g: give two of the three", p.N, p.Clusters, p.ClusterSize, n)
		}
	case hasN && hasJ:
		p.ClusterSize = p.N / float64(p.Clusters)
	case hasN && hasM:
		j := p.N / p.ClusterSize
		if math.Abs(j-math.Round(j)) > 1e-9*j {
			return "", usagef("--n %g is not a whole number of schools of --cluster-size %g: give --clusters instead", p.N, p.ClusterSize)
		}
		p.Clusters = int(math.Round(j))
	case hasN:
		return "", usagef("--n %g does not say how many schools: give --clusters (or --cluster-size) too", p.N)
	}
	p.N = 0 // power.Plan takes clusters and their size
	hasJ, hasM = p.Clusters > 0, p.ClusterSize > 0
	switch {
	case hasJ && hasM && effect:
		return power.SolvePower, nil
	case hasJ && hasM:
		return power.SolveMDES, nil
	case hasJ && effect:
		return power.SolveN, nil
	case hasM && effect:
		return power.SolveClusters, nil
	case hasJ:
		return "", usagef("a cluster-rct plan with --clusters %d needs --cluster-size (pupils per school) or --n, or --effect to find the pupils per school you need", p.Clusters)
	case hasM:
		return "", usagef("a cluster-rct plan with --cluster-size %g needs --clusters (the schools you have), or --effect to find the schools you need", p.ClusterSize)
	case effect:
		return "", usagef("a cluster-rct plan for --effect needs --cluster-size (to find the schools you need) or --clusters (to find the pupils per school you need)")
	}
	return "", usagef("a cluster-rct plan needs --clusters and --cluster-size (or --n), or --effect with one of them")
}

// clusterWord names a design's clusters from its cluster column: schools,
// classes, or clusters when the name does not say.
func clusterWord(column string) string {
	c := strings.ToLower(column)
	switch {
	case strings.Contains(c, "school"), c == "urn", strings.Contains(c, "laestab"), strings.Contains(c, "college"):
		return "schools"
	case strings.Contains(c, "class"), strings.Contains(c, "form"), strings.Contains(c, "tutor"):
		return "classes"
	case strings.Contains(c, "teacher"):
		return "teachers"
	}
	return "clusters"
}
