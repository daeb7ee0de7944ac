package words

import (
	"fmt"
	"slices"
	"strings"

	"github.com/whatworks/whatworks/evaluate"
)

// KeyConclusions are 3 to 5 plain sentences: the headlines, then the
// caveats; when there are more, the last says how many further caveats
// are listed where (e.g. "on the Method sheet").
func KeyConclusions(r *evaluate.Report, where string) []string {
	var out []string
	seen := map[string]bool{}
	h := Headlines(r)
	said := strings.Join(h, " ")
	for _, s := range append(h, Caveats(r)...) {
		// A caveat that a headline already makes is not repeated.
		if strings.Contains(s, "cannot be attributed to the programme") && strings.Contains(said, "cannot be attributed to the programme") && !slices.Contains(h, s) {
			continue
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 5 {
		rest := len(out) - 4
		out = append(out[:4], fmt.Sprintf("%d further caveats are listed %s.", rest, where))
	}
	return out
}
