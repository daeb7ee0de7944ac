package words

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/whatworks/whatworks/evaluate"
)

// This file: the caveats and other sentences as a head teacher reads
// them (issue 9): each starts with a capital and ends with a full stop,
// names an outcome by its short label and a subgroup in words, and says
// "1 pupil", not "1 pupils".

// Caveats are r's caveats as every output shows them (Sentence): an
// outcome named at the start by its full label ("Attitudes to HE (mean of
// 10 items, 1-5)") is named by its short one ("Attitudes to HE"), a
// subgroup named there as COLUMN=VALUE in words ("pupils eligible for free
// school meals"), and a caveat that starts with an outcome's column (an
// outcome without a label) reads "For COLUMN: ...".
func Caveats(r *evaluate.Report) []string {
	if r == nil {
		return nil
	}
	short := ShortLabels(r)
	type name struct{ full, short, column string }
	var names []name
	for _, o := range Outcomes(r) {
		full := o
		if x := firstResult(r, o); x != nil {
			full = OutcomeLabel(x)
		}
		names = append(names, name{full, short[o], o})
	}
	// Longest first, so that "Reading, July" is found before "Reading".
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && len(names[j].full) > len(names[j-1].full); j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	out := make([]string, 0, len(r.Caveats))
	for _, c := range r.Caveats {
		head, rest, ok := strings.Cut(c, ": ")
		if ok {
			for _, n := range names {
				if head == n.full || strings.HasPrefix(head, n.full+", ") {
					head = n.short + strings.TrimPrefix(head, n.full)
					if n.short == n.column {
						head = lead(n.short) + strings.TrimPrefix(head, n.short)
					}
					break
				}
			}
			// "Reading, fsm=Y" is "Reading, pupils eligible for free
			// school meals".
			parts := strings.Split(head, ", ")
			for i, p := range parts {
				if i > 0 && strings.Count(p, "=") == 1 && !strings.Contains(p, " ") {
					parts[i] = SubgroupPhrase(p)
				}
			}
			c = strings.Join(parts, ", ") + ": " + rest
		}
		out = append(out, Sentence(c))
	}
	return out
}

// firstResult is outcome o's first result row, or nil.
func firstResult(r *evaluate.Report, o string) *evaluate.Result {
	for i := range r.Results {
		if r.Results[i].Outcome == o {
			return &r.Results[i]
		}
	}
	return nil
}

// lead is an outcome's name at the start of a sentence: itself, or
// "For read_post" when it is a column that starts with a lower-case
// letter (a name of the reader's own, which is not capitalised).
func lead(name string) string {
	if startsLower(name) {
		return "For " + name
	}
	return name
}

// startsLower reports whether s starts with a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// onePlural finds a count of one before a word: "1 pupils" (a count like
// 21 or 0.1 is left alone); singular turns the plurals counted in reports
// back into their singular.
var onePlural = regexp.MustCompile(`(^|[^0-9.,])1 ([a-z]+)\b`)

var singular = map[string]string{
	"pupils": "pupil", "students": "student", "participants": "participant", "schools": "school",
	"classes": "class", "clusters": "cluster", "outcomes": "outcome", "months": "month", "items": "item",
	"padlocks": "padlock", "studies": "study", "groups": "group", "levels": "level", "answers": "answer",
	"years": "year", "points": "point", "questions": "question", "coefficients": "coefficient",
}

// Singular writes a count of one with its noun in the singular: "1
// pupils" is "1 pupil", "1 classes" "1 class" (and so for the other nouns
// reports count); 21 or 0.1 pupils stay. Every message and sentence that
// gives a count goes through it (Sentence does).
func Singular(s string) string {
	return onePlural.ReplaceAllStringFunc(s, func(m string) string {
		sub := onePlural.FindStringSubmatch(m)
		if one, ok := singular[sub[2]]; ok {
			return sub[1] + "1 " + one
		}
		return m
	})
}

// Sentence makes s read as a sentence: a capital first letter, a full stop
// at the end (unless it ends with other punctuation), and "1 pupil" for
// "1 pupils" (and so for the other nouns reports count).
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = Singular(s)
	s = Capitalise(s)
	if r, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".!?)", r) {
		s += "."
	} else if r == ')' && !strings.HasSuffix(s, ".)") {
		s += "."
	}
	return s
}
