package workbook

import "testing"

// TestTextHeightWrapsAtWords counts the lines a spreadsheet shows, which
// break between words: a label whose characters would fill two lines can
// need three once no word is split (a Summary outcome "Premature labours
// (count) (lower is better)" was cut off after two).
func TestTextHeightWrapsAtWords(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		lines int
	}{
		{"Premature labours (count) (lower is better)", 21 * 0.9, 3},
		{"short", 20, 1},
		{"", 20, 1},
		{"one two\nthree", 20, 2},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 10, 5}, // a word longer than a line breaks inside it
	} {
		if got, want := textHeight(c.text, c.width), float64(c.lines)*15+3; got != want {
			t.Errorf("textHeight(%q, %g) = %g, want %g (%d lines)", c.text, c.width, got, want, c.lines)
		}
	}
}
