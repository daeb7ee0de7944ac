package reports

import (
	"bufio"
	"fmt"

	"github.com/whatworks/whatworks/evaluate"
	"github.com/whatworks/whatworks/reports/words"
)

// writeSecurity writes, for each outcome, the security rating of its
// headline for all pupils in one sentence: the padlocks and why, the WWC
// rating and the OfS type (words.SecurityLine); then the EEF cost rating
// (one programme, one cost). The workbook's Summary explains each step,
// and each subgroup's.
func writeSecurity(bw *bufio.Writer, r *evaluate.Report) {
	short := words.ShortLabels(r)
	var lines []string
	for _, o := range words.Outcomes(r) {
		if s := words.SecurityOf(r, o, evaluate.SubgroupAll); s != nil {
			lines = append(lines, words.SecurityLine(s, short[o]))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(bw, "\nHow secure (whatworks' reading of the EEF's, WWC's and OfS's criteria)")
	for _, l := range lines {
		writeWrapped(bw, l, "  * ", "    ", 78)
	}
	if len(r.Security) > 0 {
		writeWrapped(bw, words.CostLine(&r.Security[0]), "  * ", "    ", 78)
	}
	writeWrapped(bw, "Each step, and the tables used: the workbook's Summary and Method sheets; JSON: the rows of analysis \"rating\".", "  ", "  ", 78)
}
