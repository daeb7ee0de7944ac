package power

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/whatworks/whatworks/evaluate/data"
)

// Design kinds (evaluate/data's, spelled as in the design file's
// `design:` field).
const (
	RCT        = data.DesignRCT
	ClusterRCT = data.DesignClusterRCT
	TwoGroup   = data.DesignTwoGroup
	Matched    = data.DesignMatched
	PrePost    = data.DesignPrePost
)

// What Solve solves for: the names of the plan command's JSON measures.
const (
	SolveMDES     = "mdes"
	SolvePower    = "power"
	SolveN        = "n"
	SolveClusters = "clusters"
)

// Defaults of a Plan's fields left at zero.
const (
	DefaultAlpha    = 0.05 // two-sided
	DefaultPower    = 0.8
	DefaultPTreated = 0.5
)

// ErrUnreachable is wrapped by the solvers when no sample size reaches the
// target: a cluster-rct whose clusters are too few whatever their size, or
// a target power the effect cannot give. Its message says why.
var ErrUnreachable = errors.New("no sample size reaches the target")

// Plan is a design's choices, as plain values. Zero Alpha, Power and
// PTreated mean the defaults; zero ICC, R² and Covariates mean none.
type Plan struct {
	Design data.Design // rct | cluster-rct | two-group | matched | pre-post

	// N is the number of pupils analysed, in all arms. For a cluster-rct
	// give N or ClusterSize: N with Clusters sets ClusterSize = N/Clusters.
	N           float64
	Clusters    int     // J, clusters in all arms (cluster-rct only)
	ClusterSize float64 // n, mean pupils analysed per cluster (cluster-rct only)

	ICC float64 // ρ, intraclass correlation of the outcome (cluster-rct)
	// R2Pupil is the share of the outcome's pupil-level variance the
	// covariates (above all the pretest) explain: R² in the individual
	// formula, R²₁ in the cluster formula. For a pre-post design it is the
	// squared correlation of pre and post scores (r = √R2Pupil).
	R2Pupil   float64
	R2Cluster float64 // R²₂, share of the between-cluster variance explained

	PTreated   float64 // P, share of pupils (or clusters) in the treated arm
	Alpha      float64 // significance level of the two-sided test
	Power      float64 // target power (1 − β)
	Covariates int     // g, covariates in the analysis, for the df
}

// Result is a plan with everything filled in. Sizes are whole numbers when
// they were solved for.
type Result struct {
	Design data.Design
	Solved string // mdes | power | n | clusters

	// MDES is the minimum detectable effect size in SDs of the outcome (for
	// pre-post, SDs of the scores) at Plan.Alpha and Plan.Power.
	MDES float64
	// MDESGain is, for pre-post only, the MDES in SDs of the pupils' gains
	// (d_z, the d of pwr.t.test(type = "paired")): MDES / √(2(1 − r)).
	// NaN for other designs.
	MDESGain float64
	// Power is the power to detect Effect (NaN when no effect was given).
	Power  float64
	Effect float64

	N           float64 // pupils analysed, all arms
	Clusters    int     // cluster-rct only
	ClusterSize float64 // cluster-rct only

	DF         float64 // degrees of freedom of the test
	Multiplier float64 // M = t(1−α/2, df) + t(power, df)
	SE         float64 // standard error of the impact estimate, in SDs

	// Plan is the plan the numbers belong to: defaults filled in and the
	// solved size set.
	Plan Plan
	// Notes say what the numbers assume, one sentence each.
	Notes []string
}

// normalise fills in the defaults and checks every field but the sizes.
func (p Plan) normalise() (Plan, error) {
	if p.Alpha == 0 {
		p.Alpha = DefaultAlpha
	}
	if p.Power == 0 {
		p.Power = DefaultPower
	}
	if p.PTreated == 0 {
		p.PTreated = DefaultPTreated
	}
	switch p.Design {
	case RCT, TwoGroup, Matched, PrePost:
	case ClusterRCT:
		if p.ClusterSize == 0 && p.N > 0 && p.Clusters > 0 {
			p.ClusterSize = p.N / float64(p.Clusters)
		}
		if p.ClusterSize > 0 && p.Clusters > 0 {
			n := p.ClusterSize * float64(p.Clusters)
			if p.N > 0 && math.Abs(p.N-n) > 1e-9*n {
				return p, fmt.Errorf("n = %g is not clusters × cluster size = %d × %g: give two of the three", p.N, p.Clusters, p.ClusterSize)
			}
			p.N = n
		}
	default:
		return p, fmt.Errorf("unknown design %q (want rct, cluster-rct, two-group, matched or pre-post)", p.Design)
	}
	switch {
	case !(p.Alpha > 0 && p.Alpha < 1):
		return p, fmt.Errorf("alpha = %g: want a level between 0 and 1, e.g. 0.05", p.Alpha)
	case !(p.Power > 0 && p.Power < 1):
		return p, fmt.Errorf("power = %g: want a proportion between 0 and 1, e.g. 0.8", p.Power)
	case !(p.PTreated > 0 && p.PTreated < 1):
		return p, fmt.Errorf("share treated = %g: want a proportion between 0 and 1, e.g. 0.5", p.PTreated)
	case !(p.R2Pupil >= 0 && p.R2Pupil < 1):
		return p, fmt.Errorf("pupil-level R² = %g: want a proportion from 0 up to (not including) 1", p.R2Pupil)
	case !(p.R2Cluster >= 0 && p.R2Cluster < 1):
		return p, fmt.Errorf("cluster-level R² = %g: want a proportion from 0 up to (not including) 1", p.R2Cluster)
	case !(p.ICC >= 0 && p.ICC <= 1):
		return p, fmt.Errorf("icc = %g: want a proportion between 0 and 1", p.ICC)
	case p.Covariates < 0:
		return p, fmt.Errorf("covariates = %d: want 0 or more", p.Covariates)
	case p.N < 0 || math.IsNaN(p.N) || math.IsInf(p.N, 0):
		return p, fmt.Errorf("n = %g: want a number of pupils", p.N)
	case p.Clusters < 0:
		return p, fmt.Errorf("clusters = %d: want a number of clusters", p.Clusters)
	case p.ClusterSize < 0 || math.IsNaN(p.ClusterSize) || math.IsInf(p.ClusterSize, 0):
		return p, fmt.Errorf("cluster size = %g: want a number of pupils per cluster", p.ClusterSize)
	}
	if p.Design != ClusterRCT && (p.Clusters != 0 || p.ClusterSize != 0 || p.ICC != 0 || p.R2Cluster != 0) {
		return p, fmt.Errorf("clusters, cluster size, icc and cluster-level R² apply to a cluster-rct, not to %s design", article(p.Design))
	}
	return p, nil
}

// seDF is the standard error of the impact estimate, in SDs of the
// outcome, and the degrees of freedom of its test (docs/methods.md §15):
//
//	individual  SE = √((1−R²) / (P(1−P)N)),                            df = N − g − 2
//	cluster     SE = √(ρ(1−R²₂)/(P(1−P)J) + (1−ρ)(1−R²₁)/(P(1−P)J·n)),  df = J − g − 2
//	pre-post    SE = √(2(1−r)/N), r = √R²,                              df = N − 1
//
// Bloom (1995, 2006); Dong & Maynard (2013), PowerUp! IRA and CRA2. It
// errors when the sizes leave no degrees of freedom.
func seDF(p Plan) (se, df float64, err error) {
	pq := p.PTreated * (1 - p.PTreated)
	g := float64(p.Covariates)
	switch p.Design {
	case ClusterRCT:
		j, n := float64(p.Clusters), p.ClusterSize
		df = j - g - 2
		if !(df > 0) {
			return math.NaN(), math.NaN(), fmt.Errorf("%d clusters leave no degrees of freedom with %d covariates (df = J − g − 2 = %g): need at least %d clusters", p.Clusters, p.Covariates, df, p.Covariates+3)
		}
		if !(n > 0) {
			return math.NaN(), math.NaN(), errors.New("cluster size is missing: give the pupils per cluster or the total n")
		}
		se = math.Sqrt(p.ICC*(1-p.R2Cluster)/(pq*j) + (1-p.ICC)*(1-p.R2Pupil)/(pq*j*n))
	case PrePost:
		df = p.N - 1
		if !(df > 0) {
			return math.NaN(), math.NaN(), fmt.Errorf("n = %g pupils leave no degrees of freedom (df = N − 1): need at least 2", p.N)
		}
		se = math.Sqrt(2 * (1 - math.Sqrt(p.R2Pupil)) / p.N)
	default:
		df = p.N - g - 2
		if !(df > 0) {
			return math.NaN(), math.NaN(), fmt.Errorf("n = %g pupils leave no degrees of freedom with %d covariates (df = N − g − 2 = %g): need at least %d", p.N, p.Covariates, df, p.Covariates+3)
		}
		se = math.Sqrt((1 - p.R2Pupil) / (pq * p.N))
	}
	return se, df, nil
}

// Multiplier is M = t(1−α/2, df) + t(power, df), the number of standard
// errors an effect must measure to be detected with the given power by a
// two-sided test at level alpha (Bloom 1995, eq. 1; PowerUp!'s .mdes.fun,
// where T1 − |T2| for power below one half is the same signed sum). It
// returns NaN for df ≤ 0 or alpha, power outside (0, 1).
func Multiplier(df, alpha, power float64) float64 {
	if !(df > 0) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) {
		return math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	return t.Quantile(1-alpha/2) + t.Quantile(power)
}

// centralPower is PowerUp!'s reading of the power of a two-sided t test
// for a true effect of λ standard errors, on the central t distribution
// shifted by λ, counting both tails:
//
//	power = 1 − T(t_c − λ; df) + T(−t_c − λ; df),  t_c = t(1−α/2, df)
//
// It inverts Multiplier: at λ = M the first two terms give exactly the
// target power.
func centralPower(lambda, df, alpha float64) float64 {
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	tc := t.Quantile(1 - alpha/2)
	return t.Survival(tc-lambda) + t.CDF(-tc-lambda)
}

// fill computes MDES, the multiplier, SE and df of a normalised plan with
// its sizes set, and the power for effect when effect is not NaN.
func fill(p Plan, effect float64, solved string) (Result, error) {
	se, df, err := seDF(p)
	if err != nil {
		return nanResult(p, solved), err
	}
	m := Multiplier(df, p.Alpha, p.Power)
	r := Result{
		Design: p.Design, Solved: solved,
		MDES: m * se, MDESGain: math.NaN(),
		Power: math.NaN(), Effect: effect,
		N: p.N, Clusters: p.Clusters, ClusterSize: p.ClusterSize,
		DF: df, Multiplier: m, SE: se, Plan: p,
		Notes: notes(p),
	}
	if p.Design == PrePost {
		r.MDESGain = m / math.Sqrt(p.N)
	}
	if !math.IsNaN(effect) {
		r.Power = centralPower(math.Abs(effect)/se, df, p.Alpha)
	}
	return r, nil
}

func nanResult(p Plan, solved string) Result {
	nan := math.NaN()
	return Result{Design: p.Design, Solved: solved, MDES: nan, MDESGain: nan,
		Power: nan, Effect: nan, N: p.N, Clusters: p.Clusters, ClusterSize: p.ClusterSize,
		DF: nan, Multiplier: nan, SE: nan, Plan: p}
}

// notes are the assumptions each design's numbers rest on.
func notes(p Plan) []string {
	var out []string
	switch p.Design {
	case TwoGroup, Matched:
		out = append(out, "planned as an individually randomised design: the MDES assumes the comparison group is as good as a randomised one and says nothing about selection bias")
	case ClusterRCT:
		out = append(out, "assumes clusters of equal size; unequal clusters detect a little less")
	case PrePost:
		out = append(out, "a pre-post MDES is the smallest mean change from pre to post, in SDs of the scores, the test would detect; it includes the progress pupils make without the programme, so it is not an effect of the programme")
		if p.Covariates > 0 {
			out = append(out, "covariates do not enter a paired test: df = N − 1")
		}
	}
	return out
}

// MDES is the minimum detectable effect size of a plan whose sizes are
// given (N; for a cluster-rct, Clusters and N or ClusterSize): M·SE, with
// M from Multiplier and SE and df as documented on Result and in
// docs/methods.md §15 (Bloom 1995, 2006; Dong & Maynard 2013).
func MDES(p Plan) (Result, error) {
	p, err := p.normalise()
	if err != nil {
		return nanResult(p, SolveMDES), fmt.Errorf("mdes: %w", err)
	}
	r, err := fill(p, math.NaN(), SolveMDES)
	if err != nil {
		return r, fmt.Errorf("mdes of %s design: %w", article(p.Design), err)
	}
	return r, nil
}

// Power is the power of a plan whose sizes are given to detect a true
// effect of effect SDs (its sign is ignored: the test is two-sided), by
// PowerUp!'s central-t formula (see centralPower). Result.MDES is filled in
// as well, at p.Power.
func Power(p Plan, effect float64) (Result, error) {
	p, err := p.normalise()
	if err != nil {
		return nanResult(p, SolvePower), fmt.Errorf("power: %w", err)
	}
	if math.IsNaN(effect) || math.IsInf(effect, 0) {
		return nanResult(p, SolvePower), fmt.Errorf("power: effect = %g: want an effect size in SDs, e.g. 0.2", effect)
	}
	r, err := fill(p, effect, SolvePower)
	if err != nil {
		return r, fmt.Errorf("power of %s design: %w", article(p.Design), err)
	}
	return r, nil
}

// Curve is the power of the plan at each effect size, for a power curve.
func Curve(p Plan, effects []float64) ([]float64, error) {
	out := make([]float64, len(effects))
	for i, e := range effects {
		r, err := Power(p, e)
		if err != nil {
			return nil, err
		}
		out[i] = r.Power
	}
	return out, nil
}

// Subgroup is the MDES for a subgroup holding share of the plan's pupils
// (the EEF asks for the disadvantaged pupils' own MDES): the same design
// with N·share pupils, or, for a cluster-rct, the same clusters with
// ClusterSize·share pupils each (the subgroup spread evenly over the
// clusters, and the same ICC and R²). Sizes are expected counts and need
// not be whole.
func Subgroup(p Plan, share float64) (Result, error) {
	if !(share > 0 && share <= 1) {
		return nanResult(p, SolveMDES), fmt.Errorf("subgroup mdes: share = %g: want a proportion of pupils between 0 and 1", share)
	}
	p, err := p.normalise()
	if err != nil {
		return nanResult(p, SolveMDES), fmt.Errorf("subgroup mdes: %w", err)
	}
	if p.Design == ClusterRCT {
		p.ClusterSize *= share
		p.N = p.ClusterSize * float64(p.Clusters)
	} else {
		p.N *= share
	}
	r, err := fill(p, math.NaN(), SolveMDES)
	if err != nil {
		return r, fmt.Errorf("subgroup mdes (%g of the pupils): %w", share, err)
	}
	r.Notes = append(r.Notes, fmt.Sprintf("subgroup of %s of the pupils", pct(share)))
	if p.Design == ClusterRCT {
		r.Notes = append(r.Notes, "assumes the subgroup is spread evenly over the clusters")
	}
	return r, nil
}

func pct(x float64) string {
	return fmt.Sprintf("%.4g%%", 100*x)
}
