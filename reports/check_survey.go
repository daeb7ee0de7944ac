package reports

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// writeSurveyCheck writes check's sections on yes/no outcomes and survey
// scales: the share answering yes by arm, the expected counts of each
// yes/no table, and each scale's pupils and answer counts.
func writeSurveyCheck(b *strings.Builder, r *evaluate.CheckReport) {
	if len(r.Proportions) > 0 {
		section(b, "Yes/no answers")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  column\ttime\tgroup\tanswered\tyes\tshare\t")
		for _, p := range r.Proportions {
			share := "-"
			if !math.IsNaN(float64(p.Proportion)) {
				share = fmt.Sprintf("%.1f%%", 100*float64(p.Proportion))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%d\t%s\t\n", p.Variable, p.Time, p.Arm, p.N, p.Yes, share)
		}
		tw.Flush()
	}
	if len(r.Expected) > 0 {
		section(b, "Expected counts of the yes/no tables (the chi-square test needs 5 or more in every cell; below that whatworks leads with Fisher's exact test)")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  outcome\tgroup\tintervention yes/no\tcomparison yes/no\tsmallest\t")
		for _, e := range r.Expected {
			flag := ""
			if float64(e.Min) < 5 {
				flag = "  under 5"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%.1f / %.1f\t%.1f / %.1f\t%.1f%s\t\n", e.Outcome, e.Subgroup,
				e.Expected[0][0], e.Expected[0][1], e.Expected[1][0], e.Expected[1][1], float64(e.Min), flag)
		}
		tw.Flush()
	}
	for _, s := range r.Scales {
		section(b, fmt.Sprintf("Scale %s: %s, answers %s to %s, a score needs %s", s.Name, words.CountWords(len(s.Items), "item", "items"),
			words.TrimFloat(s.Min), words.TrimFloat(s.Max), words.CountWords(s.MinItems, "answered item", "answered items")))
		// Arms in which nobody answered (a questionnaire only participants
		// were given) are left out of the counts.
		silent := map[string]bool{}
		if len(s.Stats) > 0 {
			for a := range s.Stats[0].Answers {
				none := true
				for _, it := range s.Stats {
					for _, n := range it.Answers[a].Counts {
						none = none && n == 0
					}
				}
				if none && len(s.Stats[0].Answers) > 1 {
					silent[s.Stats[0].Answers[a].Arm] = true
				}
			}
		}
		fmt.Fprintf(b, "  %d pupils with a score, %d who answered too few items, %d who answered none", s.Scored, s.Short, s.Unanswered)
		for arm := range silent {
			fmt.Fprintf(b, " (the %s group answered none of its items)", arm)
		}
		b.WriteString("\n")
		if len(s.Reverse) > 0 {
			fmt.Fprintf(b, "  reverse-scored: %s\n", strings.Join(s.Reverse, ", "))
		}
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		head := []string{"item"}
		k := int(s.Max-s.Min) + 1
		for v := 0; v < k; v++ {
			if v < len(s.Levels) {
				head = append(head, s.Levels[v])
			} else {
				head = append(head, words.TrimFloat(s.Min+float64(v)))
			}
		}
		head = append(head, "no answer")
		fmt.Fprintf(tw, "  %s\t\n", strings.Join(head, "\t"))
		for _, it := range s.Stats {
			counts := make([]int, k)
			missing, used := 0, 0
			for _, a := range it.Answers {
				if silent[a.Arm] {
					continue
				}
				for v := range a.Counts {
					if v < k {
						counts[v] += a.Counts[v]
					}
				}
				missing += a.Missing
			}
			cells := []string{it.Item}
			for _, n := range counts {
				cells = append(cells, fmt.Sprint(n))
				if n > 0 {
					used++
				}
			}
			cells = append(cells, fmt.Sprint(missing))
			note := ""
			if used == 1 {
				note = "  every answer the same"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", strings.Join(cells, "\t"), note)
		}
		tw.Flush()
	}
}
