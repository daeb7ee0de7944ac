package words

import "testing"

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"ks2_read": "ks2-read", "KS2 Reading (scaled)": "ks2-reading-scaled", "__": "outcome"} {
		if got := Slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
