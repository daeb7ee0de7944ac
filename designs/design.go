package designs

import "github.com/whatworks/whatworks/evaluate"

// Design kinds accepted in the design file's `design:` field: evaluate's
// vocabulary, under short names.
const (
	PrePost    = evaluate.DesignPrePost
	TwoGroup   = evaluate.DesignTwoGroup
	RCT        = evaluate.DesignRCT
	ClusterRCT = evaluate.DesignClusterRCT
	Matched    = evaluate.DesignMatched
)

// Kinds lists the design kinds in the order they are documented.
var Kinds = evaluate.Designs

// Design is one evaluation's design file. The YAML field names are a
// contract with users' files: add fields, never rename them.
type Design struct {
	Title      string          `yaml:"title"`
	Design     evaluate.Design `yaml:"design"`
	Data       Data            `yaml:"data"`
	Group      *Group          `yaml:"group"`
	Cluster    string          `yaml:"cluster"`
	Outcomes   []Outcome       `yaml:"outcomes"`
	Covariates []string        `yaml:"covariates"`
	// Subgroups are the subgroup columns; SubgroupInfo what the design
	// declares about some of them (`- column: lunch1` with
	// `disadvantaged:` and `label:`; designs/subgroups.go).
	Subgroups    []string            `yaml:"subgroups"`
	SubgroupInfo []evaluate.Subgroup `yaml:"-"`
	Analysis     Analysis            `yaml:"analysis"`
	Matching     *Matching           `yaml:"matching"`
	Cost         *Cost               `yaml:"cost"`
	// Publish is the publishing rules of shared outputs (`publish:`);
	// nil when the design gives none.
	Publish *Publish `yaml:"publish"`
	// Allocation, Threats and Rating are what the security rating reads
	// beyond the data (designs/rating.go).
	Allocation *Allocation       `yaml:"allocation"`
	Threats    []evaluate.Threat `yaml:"threats"` // in evaluate.ThreatNames order
	Rating     Rating            `yaml:"rating"`
	Plan       *Plan             `yaml:"plan"` // choices for whatworks plan (designs/plan.go)
	// Scales are questionnaire scales whose scores are outcomes or
	// pretests (designs/survey.go).
	Scales []Scale `yaml:"scales"`

	// Path is the design file as given; Dir the folder data paths are
	// relative to. Neither is read from the YAML.
	Path string `yaml:"-"`
	Dir  string `yaml:"-"`
	// Source is the design file's bytes, kept for the report's Method sheet.
	Source []byte `yaml:"-"`
	// dataPath, when set, is the data file in place of data.file
	// (LoadWithData).
	dataPath string
}

// Data says where the pupil data is and how to read it.
type Data struct {
	File    string     `yaml:"file"`
	Sheet   string     `yaml:"sheet"`
	ID      string     `yaml:"id"`
	Missing StringList `yaml:"missing"` // nil: table.DefaultMissing
}

// Group says which column holds the arm and which values mean which arm.
type Group struct {
	Column     string     `yaml:"column"`
	Treated    StringList `yaml:"treated"`
	Comparison StringList `yaml:"comparison"` // empty: every other value
}

// Outcome is one outcome measure.
type Outcome struct {
	Column  string `yaml:"column"`
	Label   string `yaml:"label"`
	Pretest string `yaml:"pretest"`
	Type    string `yaml:"type"` // continuous (default) | binary | ordinal
	// Direction says which way is better: "higher" (the default) or
	// "lower" (a depression score, absences, exclusions). Reports word the
	// results by it; the numbers keep their sign.
	Direction string `yaml:"direction"`
	// Positive are the answers of a binary outcome counted as 1 (yes);
	// nil means 1, Y, Yes and TRUE, in any case. Negative are those
	// counted as 0; nil means 0, N, No and FALSE (designs/survey.go).
	Positive StringList `yaml:"positive"`
	Negative StringList `yaml:"negative"`
}

// Analysis holds analysis choices; zero values mean the documented default.
type Analysis struct {
	Confidence  float64 `yaml:"confidence"`   // default 0.95
	MonthsTable string  `yaml:"months_table"` // toolkit (default) | report
	CIMethod    string  `yaml:"ci_method"`    // normal (default, EEF) | noncentral-t
	Seed        *uint64 `yaml:"seed"`         // for anything random; default 1
}

// Matching configures design: matched.
type Matching struct {
	Covariates   []string `yaml:"covariates"`
	Exact        []string `yaml:"exact"`
	Distance     string   `yaml:"distance"`      // logit (default) | mahalanobis
	Caliper      *float64 `yaml:"caliper"`       // SDs of the distance; nil = none
	CaliperScale string   `yaml:"caliper_scale"` // probability (default, as MatchIt) | logit
	Ratio        int      `yaml:"ratio"`         // default 1
	Replace      bool     `yaml:"replace"`
	Order        string   `yaml:"order"` // largest (default) | smallest | data | random
}

// Cost is what the programme costs, for the EEF cost rating.
type Cost struct {
	PerPupil *float64 `yaml:"per_pupil"` // pounds per pupil per year
}

// Publish is the design file's publishing rules: every number about a
// group of fewer than MinCount pupils is withheld from the outputs, and
// Rounding (none, hesa, ofs) rounds counts (reports/publish,
// docs/methods.md §18).
type Publish struct {
	MinCount int    `yaml:"min_count"` // 0 = the default, 10
	Rounding string `yaml:"rounding"`  // "" = none
}

// Roundings are the values of publish.rounding.
var Roundings = []string{"none", "hesa", "ofs"}

// StringList is a YAML scalar or sequence of scalars, read as strings
// (so `treated: 1` and `treated: [Y, yes]` both work).
type StringList []string
