package hint

import (
	"strings"
	"testing"
)

func TestNearest(t *testing.T) {
	cands := []string{"title", "design", "data", "pretest", "reading_post", "reading_pre", "Y", "N"}
	for _, tt := range []struct{ in, want string }{
		{"pretset", "pretest"}, // transposition
		{"TITLE", "title"},     // case
		{"desing", "design"},
		{"reading_pst", "reading_post"},
		{"readingpre", "reading_pre"},
		{"pre", "pretest"}, // a prefix
		{"pr", ""},         // too short for a prefix match
		{"Yes", ""},        // "Y" is too short to be a prefix
		{"y", "Y"},         // case
		{"x", ""},          // one letter is never near
		{"zzzzz", ""},      // nothing near
	} {
		if got := Nearest(tt.in, cands); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if d := Distance("ab", "ba"); d != 1 {
		t.Errorf("Distance(ab, ba) = %d, want 1", d)
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
}

func TestQuote(t *testing.T) {
	for _, tt := range []struct {
		vals []string
		max  int
		want string
	}{
		{nil, 0, ""},
		{[]string{"a"}, 0, `"a"`},
		{[]string{"a", "b", "c"}, 0, `"a", "b", "c"`},
		{[]string{"a", "b", "c"}, 2, `"a", "b", … (3 in all)`},
	} {
		if got := Quote(tt.vals, tt.max); got != tt.want {
			t.Errorf("Quote(%q, %d) = %s, want %s", tt.vals, tt.max, got, tt.want)
		}
	}
}

func TestValue(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{"n/a", `"n/a"`},
		{"", `""`},
		{strings.Repeat("é", MaxValue), `"` + strings.Repeat("é", MaxValue) + `"`},
		{strings.Repeat("9", 5_000_001), `"` + strings.Repeat("9", MaxValue-20) + `…" (5,000,001 characters)`},
		{strings.Repeat("\x00", 100), `"` + strings.Repeat(`\x00`, MaxValue-20) + `…" (100 characters)`},
	} {
		if got := Value(tc.v); got != tc.want {
			t.Errorf("Value(%.20q…) = %s, want %s", tc.v, got, tc.want)
		}
	}
	if got := Quote([]string{"a", strings.Repeat("b", 100)}, 0); got != `"a", "`+strings.Repeat("b", 40)+`…" (100 characters)` {
		t.Errorf("Quote = %s", got)
	}
}

func TestRows(t *testing.T) {
	for _, tt := range []struct {
		first []int
		total int
		want  string
	}{
		{[]int{4}, 1, "row 4"},
		{[]int{4, 9}, 2, "rows 4 and 9"},
		{[]int{4, 9, 12}, 3, "rows 4, 9 and 12"},
		{[]int{2, 3, 5, 6, 8, 9}, 6, "rows 2, 3, 5, 6, 8 and 9"},
		{[]int{2, 3, 5, 6, 8, 9}, 2081, "rows 2, 3, 5, 6, 8, 9 and 2,075 more rows"},
		{nil, 0, ""},
	} {
		if got := Rows(tt.first, tt.total); got != tt.want {
			t.Errorf("Rows(%v, %d) = %q, want %q", tt.first, tt.total, got, tt.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 2075: "2,075", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
