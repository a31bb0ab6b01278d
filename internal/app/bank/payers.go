package bank

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/relance-app/relance/internal/i18n"
)

// Payers are compared by name without case, accents or legal-form words:
// "SARL Dupont & Fils" pays as "Dupont et Fils SARL" and as "DUPONT &
// FILS"; a Serbian name in Cyrillic as in Latin.

// legalForms are the words of company forms left out of a name's
// comparison (fr, en, de, sr; folded as foldPayer leaves them).
var legalForms = map[string]bool{
	"sarl": true, "sa": true, "sas": true, "sasu": true, "eurl": true, "sci": true, "snc": true, "scop": true, "ei": true,
	"eirl": true, "selarl": true, "scp": true, "ltd": true, "limited": true, "llc": true, "inc": true, "plc": true, "llp": true,
	"co": true, "corp": true, "gmbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "ev": true, "doo": true, "ad": true,
	"pr": true, "sp": true, "bv": true, "nv": true, "srl": true, "spa": true, "et": true, "and": true, "und": true, "i": true,
	"ste": true, "societe": true, "company": true, "ets": true, "etablissements": true, "mme": true, "m": true, "mr": true,
	"mrs": true, "ms": true, "madame": true, "monsieur": true,
}

var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// foldPayer is a name as payers are compared: Latin script, lower case,
// no accents, words only (punctuation dropped, "d.o.o." one word), legal
// forms and "&" left out, in alphabetical order (banks often write the
// family name first: "MARTIN JEAN" is Jean Martin). "" when nothing is
// left.
func foldPayer(name string) string {
	s := i18n.CyrillicToLatin(name)
	if t, _, err := transform.String(stripMarks, s); err == nil {
		s = t
	}
	s = strings.ToLower(s)
	s = strings.NewReplacer("đ", "dj", "ø", "o", "æ", "ae", "œ", "oe", "ß", "ss", "ł", "l").Replace(s)
	var words []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '&' || r == '-' || r == '/' }) {
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, w)
		if w != "" && !legalForms[w] {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}
