package reports

import (
	"strings"
	"testing"

	"github.com/whatworks/whatworks/evaluate"
)

// A one-item scale reads "1 item ... a score needs 1 answered item", not
// "1 items", "1 answered items".
func TestWriteSurveyCheck_oneItem(t *testing.T) {
	var b strings.Builder
	writeSurveyCheck(&b, &evaluate.CheckReport{Scales: []evaluate.ScaleReport{{Name: "exercise", Items: []string{"Exer"}, Min: 1, Max: 3, MinItems: 1, Pupils: 3, Scored: 3}}})
	if !strings.Contains(b.String(), "Scale exercise: 1 item, answers 1 to 3, a score needs 1 answered item\n") {
		t.Errorf("got\n%s", b.String())
	}
	b.Reset()
	writeSurveyCheck(&b, &evaluate.CheckReport{Scales: []evaluate.ScaleReport{{Name: "agree", Items: []string{"a", "b", "c"}, Min: 1, Max: 5, MinItems: 2, Pupils: 3, Scored: 3}}})
	if !strings.Contains(b.String(), "Scale agree: 3 items, answers 1 to 5, a score needs 2 answered items\n") {
		t.Errorf("got\n%s", b.String())
	}
}
