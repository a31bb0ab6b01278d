package ledger

import "testing"

// TestParseLanguage: codes, locales and the languages' names as owners
// write them in a language column, German among them.
func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]Language{
		"de": German, "DE": German, "de_DE": German, "de-AT": German, "Deutsch": German, "German": German, "allemand": German,
		"немачки": German, "fr": French, "Français": French, "en-GB": English, "sr": SerbianCyrillic, "srpski": SerbianLatin,
	} {
		if got, err := ParseLanguage(in); err != nil || got != want {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "it", "Italiano", "deu-x"} {
		if _, err := ParseLanguage(in); err == nil {
			t.Errorf("ParseLanguage(%q) accepted", in)
		}
	}
	if !German.Valid() || Language("it").Valid() {
		t.Error("Valid: German must be a product language, Italian not")
	}
}

// TestParseGender: the gender column's words, in the product's languages;
// what is not a gender is refused rather than guessed.
func TestParseGender(t *testing.T) {
	for in, want := range map[string]Gender{
		"f": Female, "F": Female, "w": Female, "weiblich": Female, "Frau": Female, "Mme": Female, "Mrs.": Female, "ж": Female, "женски": Female,
		"m": Male, "M.": Male, "männlich": Male, "Herr": Male, "Monsieur": Male, "Mr": Male, "мушки": Male,
		"": GenderUnknown, "x": GenderUnknown, "divers": GenderUnknown,
	} {
		if got, err := ParseGender(in); err != nil || got != want {
			t.Errorf("ParseGender(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"zebra", "Dr", "1"} {
		if _, err := ParseGender(in); err == nil {
			t.Errorf("ParseGender(%q) accepted", in)
		}
	}
}
