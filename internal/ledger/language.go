package ledger

import (
	"fmt"
	"strings"
)

// Language is one of the languages Relance writes letters in.
type Language string

// The product's languages. Serbian comes in both of its scripts: a customer
// chooses Cyrillic or Latin, and the letter follows.
const (
	French          Language = "fr"
	English         Language = "en"
	German          Language = "de"
	SerbianCyrillic Language = "sr-Cyrl"
	SerbianLatin    Language = "sr-Latn"
)

// Languages lists them in display order.
var Languages = []Language{French, English, German, SerbianCyrillic, SerbianLatin}

var languageAliases = map[string]Language{
	"fr": French, "fr-fr": French, "fr-be": French, "fr-ch": French, "french": French, "français": French, "francais": French, "fra": French,
	"en": English, "en-gb": English, "en-us": English, "english": English, "anglais": English, "eng": English,
	"de": German, "de-de": German, "de-at": German, "de-ch": German, "german": German, "deutsch": German, "allemand": German, "deu": German, "ger": German, "nemački": German, "nemacki": German, "немачки": German,
	// Plain "sr" is Cyrillic: the official script of Serbia.
	"sr": SerbianCyrillic, "sr-cyrl": SerbianCyrillic, "sr-cyrl-rs": SerbianCyrillic, "sr-rs": SerbianCyrillic, "српски": SerbianCyrillic,
	"sr-latn": SerbianLatin, "sr-latn-rs": SerbianLatin, "srpski": SerbianLatin, "serbian latin": SerbianLatin,
}

// ParseLanguage accepts a language code (with "_" or "-") or a name.
func ParseLanguage(s string) (Language, error) {
	k := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	if l, ok := languageAliases[k]; ok {
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q (expected fr, en, de, sr-Cyrl or sr-Latn)", s)
}

// Valid reports whether l is one of the product's languages.
func (l Language) Valid() bool {
	for _, x := range Languages {
		if x == l {
			return true
		}
	}
	return false
}
