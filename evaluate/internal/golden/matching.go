package golden

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/whatworks/whatworks/evaluate/data"
)

// MatchSet describes how a data set of fixtures/matching/golden.R maps
// onto an arm and matching covariates.
type MatchSet struct {
	File, Treat string
	Covs        []string
	Factors     map[string]bool
	Exact       string // the column of the golden "exact" case
}

// MatchSets are the data sets of fixtures/matching/golden.json.
var MatchSets = map[string]MatchSet{
	"lalonde": {File: "lalonde.csv", Treat: "treat",
		Covs:    []string{"age", "educ", "race", "married", "nodegree", "re74", "re75"},
		Factors: map[string]bool{"race": true}, Exact: "married"},
	"infert": {File: "infert.csv", Treat: "case",
		Covs:    []string{"age", "parity", "education", "spontaneous", "induced"},
		Factors: map[string]bool{"education": true}, Exact: "education"},
}

// Load reads the data set: each row's arm (1 treated, 0 comparison), the
// matching covariates and the data as text.
func (s MatchSet) Load(t testing.TB) ([]int8, []data.Variable, Columns) {
	t.Helper()
	d := ReadColumns(t, filepath.Join(Fixtures, "matching", s.File))
	tr := d.Num(t, s.Treat)
	arm := make([]int8, d.N)
	for i, v := range tr {
		arm[i] = int8(v)
	}
	var covs []data.Variable
	for _, c := range s.Covs {
		if s.Factors[c] {
			covs = append(covs, data.Variable{Name: c, Factor: d.Factor(c)})
		} else {
			covs = append(covs, data.Variable{Name: c, Num: d.Num(t, c)})
		}
	}
	return arm, covs, d
}

// MatchCase holds the matching options of one golden case of
// fixtures/matching/golden.R (zero values: MatchIt's defaults).
type MatchCase struct {
	Distance     string
	Caliper      float64
	CaliperScale string
	Ratio        int
	Replace      bool
	Exact        bool // match exactly on the set's Exact column
}

// MatchCaseOf returns the options of the named golden case.
func MatchCaseOf(t testing.TB, name string) MatchCase {
	switch name {
	case "nearest":
		return MatchCase{}
	case "ratio2":
		return MatchCase{Ratio: 2}
	case "replace":
		return MatchCase{Replace: true}
	case "exact":
		return MatchCase{Exact: true}
	case "mahalanobis":
		return MatchCase{Distance: "mahalanobis"}
	case "mahalanobis_ratio2":
		return MatchCase{Distance: "mahalanobis", Ratio: 2}
	case "mahalanobis_replace":
		return MatchCase{Distance: "mahalanobis", Replace: true}
	case "caliper":
		return MatchCase{Caliper: 0.2}
	case "caliper_logit":
		return MatchCase{Caliper: 0.2, CaliperScale: "logit"}
	case "replace_ratio2":
		return MatchCase{Replace: true, Ratio: 2}
	case "caliper_ratio2":
		return MatchCase{Caliper: 0.05, Ratio: 2}
	}
	t.Fatalf("no spec for golden case %q", name)
	return MatchCase{}
}

// MatchGolden is one data set of fixtures/matching/golden.json.
type MatchGolden struct {
	Formula string `json:"formula"`
	GLM     struct {
		Term         []string  `json:"term"`
		Estimate     []float64 `json:"estimate"`
		SE           []float64 `json:"se"`
		Z            []float64 `json:"z"`
		P            []float64 `json:"p"`
		Deviance     float64   `json:"deviance"`
		NullDeviance float64   `json:"null_deviance"`
		Iter         int       `json:"iter"`
	} `json:"glm"`
	PS      []float64                    `json:"ps"`
	Effects map[string]MatchGoldenEffect `json:"effects"`
	Eta     []float64                    `json:"eta"`
	Cases   map[string]MatchGoldenCase   `json:"cases"`
}

// MatchGoldenEffect is the effect on a matched sample (lm with weights,
// sandwich::vcovCL).
type MatchGoldenEffect struct {
	B, SE, T, P, DF, Lo, Hi, SP, G float64
	GLo                            float64 `json:"g_lo"`
	GHi                            float64 `json:"g_hi"`
}

// MatchGoldenBalance is one row of summary.matchit's balance table.
type MatchGoldenBalance struct {
	Variable string   `json:"variable"`
	MeanT    float64  `json:"mean_t"`
	MeanC    float64  `json:"mean_c"`
	SMD      float64  `json:"smd"`
	VarRatio *float64 `json:"var_ratio"`
}

// MatchGoldenCase is one matchit() call: weights, matched sets, caliper,
// balance before and after, and the sample sizes table.
type MatchGoldenCase struct {
	How     string               `json:"how"`
	Weights []float64            `json:"weights"`
	Pairs   []json.RawMessage    `json:"pairs"`
	Caliper *float64             `json:"caliper"`
	Before  []MatchGoldenBalance `json:"before"`
	After   []MatchGoldenBalance `json:"after"`
	NN      struct {
		Rows    []string  `json:"rows"`
		Control []float64 `json:"control"`
		Treated []float64 `json:"treated"`
	} `json:"nn"`
}

// LoadMatch reads the golden values of one data set.
func LoadMatch(t testing.TB, set string) MatchGolden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Fixtures, "matching", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g map[string]json.RawMessage
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	var s MatchGolden
	if err := json.Unmarshal(g[set], &s); err != nil {
		t.Fatal(err)
	}
	return s
}
