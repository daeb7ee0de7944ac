package words

import "testing"

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"ks2_read": "ks2-read", "KS2 Reading (scaled)": "ks2-reading-scaled", "__": "outcome"} {
		if got := Slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOutcomeName_keepsProperNames(t *testing.T) {
	for in, want := range map[string]string{
		"Reading": "reading", "Attitudes to HE": "attitudes to HE", "Reading comprehension": "reading comprehension",
		"Beck Depression Inventory": "Beck Depression Inventory", "Ysgol Gymraeg Llanelli": "Ysgol Gymraeg Llanelli",
		"KS2 reading": "KS2 reading", "GCSE maths": "GCSE maths", "Maths 12": "maths 12", "reading_post": "reading_post",
		"Reading (NGRT)": "reading (NGRT)", "": "", "Écriture": "écriture",
	} {
		if got := outcomeName(in); got != want {
			t.Errorf("outcomeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"1 pupils are in neither arm":             "1 pupil are in neither arm.",
		"only 1 pupils; 21 pupils; 0.1 pupils":    "Only 1 pupil; 21 pupils; 0.1 pupils.",
		"1 classes and 1 studies (1 schools)":     "1 class and 1 study (1 school).",
		"matching: left out (OfS Type 2)":         "Matching: left out (OfS Type 2).",
		"Done.":                                   "Done.",
		"1 of the 80 pupils who took part is out": "1 of the 80 pupils who took part is out.",
	} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
