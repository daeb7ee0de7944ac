package reports

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/internal/testreport"
	"github.com/whatworks/whatworks/reports/words"
)

// plainReports are the reports whose sentences TestSentences_plainWords
// reads: the sample reports, and evaluate.Run on every design, with long
// labels, without labels (outcomes named by their columns) and with a
// subgroup level of one pupil.
func plainReports(t *testing.T) map[string]*evaluate.Report {
	t.Helper()
	out := map[string]*evaluate.Report{
		"rct": testreport.RCT(), "prepost": testreport.PrePost(), "qed": testreport.QED(),
		"matched": testreport.Matched(), "survey": testreport.Survey(t),
	}
	// The survey with its outcomes unlabelled, and with a scale in
	// brackets after each label, which sentences leave out.
	for _, v := range []string{"unlabelled", "bracketed"} {
		r := testreport.Survey(t)
		r.Results = slices.Clone(r.Results)
		for i := range r.Results {
			if v == "unlabelled" {
				r.Results[i].Label = ""
			} else {
				r.Results[i].Label += " (mean of 10 items, 1-5)"
			}
		}
		out["survey, "+v] = r
	}
	for _, design := range []string{"rct", "two-group", "pre-post", "cluster-rct", "matched"} {
		for _, v := range []string{"short", "long", "unlabelled", "one pupil"} {
			in := testreport.Synthetic(design, 2, v == "long")
			switch v {
			case "unlabelled":
				for k := range in.Outcomes {
					in.Outcomes[k].Label = ""
				}
			case "one pupil":
				// A subgroup with one programme pupil at level Y.
				codes := make([]int32, len(in.Outcomes[0].Y))
				for i := range codes {
					if in.Arm != nil && in.Arm[i] == evaluate.Treated {
						codes[i] = 1
						break
					}
				}
				if in.Arm == nil {
					codes[0] = 1
				}
				in.Subgroups = append(in.Subgroups, evaluate.Factor{Name: "sen", Codes: codes, Levels: []string{"N", "Y"}})
			}
			r, err := evaluate.Run(context.Background(), in)
			if err != nil {
				t.Fatalf("%s, %s: %v", design, v, err)
			}
			out[design+", "+v] = r
		}
	}
	return out
}

// sentences are every sentence the reports write in prose for r: the
// headlines, the key conclusions, the caveats, the security lines and the
// notes under the summary table.
func sentences(r *evaluate.Report) []string {
	out := slices.Concat(words.Headlines(r), words.KeyConclusions(r, "on the Method sheet"), words.Caveats(r), words.SurveyEffectNotes(r))
	short := words.ShortLabels(r)
	for _, o := range words.Outcomes(r) {
		if s := words.SecurityOf(r, o, evaluate.SubgroupAll); s != nil {
			out = append(out, words.SecurityLine(s, short[o]))
		}
	}
	if r.Clustering != nil {
		out = append(out, words.ClusterModelWords(r.Clustering.Column, r.Confidence))
	}
	return out
}

// columns are the names r's data gave it: the outcomes, pretests,
// subgroups, covariates and the variables of its descriptives and
// balance. A sentence may name them (they are the reader's own).
func columns(r *evaluate.Report) map[string]bool {
	c := map[string]bool{}
	for _, x := range r.Results {
		c[x.Outcome] = true
		if col, _, ok := strings.Cut(x.Subgroup, "="); ok {
			c[col] = true
		} else {
			c[x.Subgroup] = true
		}
	}
	for _, d := range r.Descriptives {
		c[d.Variable] = true
	}
	for _, b := range r.Balance {
		c[b.Variable] = true
	}
	for _, o := range r.Outcomes {
		c[o.Column] = true
	}
	return c
}

var (
	snakeCase = regexp.MustCompile(`\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b`)
	// symbols are statistical notation, not program names (Lakens 2013).
	symbols   = map[string]bool{"g_av": true, "d_av": true, "d_z": true}
	onePupils = regexp.MustCompile(`(^|[^0-9.,])1 (pupils|students|participants|schools|classes|clusters|months|padlocks)\b`)
	// Names of analyses as the JSON spells them, talked of as rows.
	analysisRows = regexp.MustCompile(`\b(unadjusted|ancova|gain|did|interaction|multilevel|matched|paired|logistic|cluster)[a-z_]* rows\b`)
	devWords     = []string{"is planned", "cluster_", "matched_adjusted", "hedges_g", "mean_difference", "n_t", "NaN", "<nil>"}
)

// TestSentences_plainWords: every sentence a head teacher reads starts
// with a capital, says "1 pupil", and holds no developer words (names of
// the program's analyses and measures, snake_case identifiers that are not
// the reader's own column names) on any design.
func TestSentences_plainWords(t *testing.T) {
	for name, r := range plainReports(t) {
		cols := columns(r)
		for _, s := range sentences(r) {
			first, _ := utf8.DecodeRuneInString(s)
			// A security line may open with an unlabelled outcome's
			// column ("read: 4 padlocks of 5"): the reader's own name.
			label, _, _ := strings.Cut(s, ": ")
			if !unicode.IsUpper(first) && !unicode.IsDigit(first) && !(cols[label] && strings.Contains(s, "padlock")) {
				t.Errorf("%s: does not start with a capital: %q", name, s)
			}
			for _, id := range snakeCase.FindAllString(s, -1) {
				if !cols[id] && !symbols[id] {
					t.Errorf("%s: developer word %q in %q", name, id, s)
				}
			}
			if strings.Contains(s, "(mean of 10 items") {
				t.Errorf("%s: an outcome's scale in a sentence: %q", name, s)
			}
			if m := onePupils.FindString(s); m != "" {
				t.Errorf("%s: %q in %q", name, strings.TrimSpace(m), s)
			}
			if m := analysisRows.FindString(s); m != "" {
				t.Errorf("%s: %q in %q", name, m, s)
			}
			for _, w := range devWords {
				if strings.Contains(s, w) && !cols[w] {
					t.Errorf("%s: %q in %q", name, w, s)
				}
			}
		}
	}
}

// TestCaveats_outcomeNames: a caveat names its outcome by its short label
// and its subgroup in words, and one without a label by "For COLUMN".
func TestCaveats_outcomeNames(t *testing.T) {
	r := &evaluate.Report{
		Results: []evaluate.Result{
			{Outcome: "att", Label: "Attitudes to HE (mean of 10 items, 1-5)", Subgroup: "all"},
			{Outcome: "read_post", Subgroup: "all"},
		},
		Caveats: []string{
			"Attitudes to HE (mean of 10 items, 1-5): only intervention pupils answered",
			"Attitudes to HE (mean of 10 items, 1-5), fsm=Y: no ANCOVA: 1 pupils",
			"read_post: outcomes are missing more often in one group",
			"pupils are grouped in clusters",
		},
	}
	want := []string{
		"Attitudes to HE: only intervention pupils answered.",
		"Attitudes to HE, pupils eligible for free school meals: no ANCOVA: 1 pupil.",
		"For read_post: outcomes are missing more often in one group.",
		"Pupils are grouped in clusters.",
	}
	if got := words.Caveats(r); !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
