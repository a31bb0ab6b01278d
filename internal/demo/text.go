package demo

import (
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Language indexes of the langs table.
const (
	langFR = iota
	langEN
	langSRCyrl
	langSRLatn
)

// langData is one language's tables, ready for the generator.
type langData struct {
	langSource
	asciiFirstM, asciiFirstF, asciiLast []string // for email addresses
	// desc[i][0] is service i's description without a month; desc[i][m]
	// names month m (1..12) for periodic services.
	desc [][13]string
}

var langs = buildLangs()

func buildLangs() [4]*langData {
	lat := srSource
	lat.Lang = ledger.SerbianLatin
	tr := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = i18n.CyrillicToLatin(s)
		}
		return out
	}
	lat.FirstM, lat.FirstF, lat.Last, lat.Business = tr(srSource.FirstM), tr(srSource.FirstF), tr(srSource.Last), tr(srSource.Business)
	lat.SalM, lat.SalF, lat.SalNone = i18n.CyrillicToLatin(srSource.SalM), i18n.CyrillicToLatin(srSource.SalF), i18n.CyrillicToLatin(srSource.SalNone)
	lat.Streets, lat.Addr2Biz, lat.Addr2Home = tr(srSource.Streets), tr(srSource.Addr2Biz), tr(srSource.Addr2Home)
	lat.Cities = make([]city, len(srSource.Cities))
	for i, c := range srSource.Cities {
		lat.Cities[i] = city{c.Postcode, i18n.CyrillicToLatin(c.Name), c.Phone}
	}
	copy(lat.Months[:], tr(srSource.Months[:]))
	lat.Services = make([]service, len(srSource.Services))
	for i, s := range srSource.Services {
		lat.Services[i] = service{i18n.CyrillicToLatin(s.Text), s.Periodic}
	}
	lat.Notes, lat.Reasons, lat.Outcomes = tr(srSource.Notes), tr(srSource.Reasons), tr(srSource.Outcomes)
	copy(lat.Promise[:], tr(srSource.Promise[:]))
	copy(lat.Consent[:], tr(srSource.Consent[:]))

	var out [4]*langData
	for i, src := range []langSource{frSource, enSource, srSource, lat} {
		d := &langData{langSource: src}
		asc := func(in []string) []string {
			out := make([]string, len(in))
			for i, s := range in {
				out[i] = slug(s, '-', false)
			}
			return out
		}
		d.asciiFirstM, d.asciiFirstF, d.asciiLast = asc(src.FirstM), asc(src.FirstF), asc(src.Last)
		d.desc = make([][13]string, len(src.Services))
		for j, s := range src.Services {
			d.desc[j][0] = s.Text
			if s.Periodic {
				for m := 1; m <= 12; m++ {
					d.desc[j][m] = s.Text + " – " + src.Months[m-1]
				}
			}
		}
		out[i] = d
	}
	return out
}

// asciiFold maps the letters of French and Serbian (both scripts) to plain
// ASCII, for email addresses: "Đorđević" → "Djordjevic", "Hélène" → "Helene".
var asciiFold = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'î': "i", 'ï': "i",
	'í': "i", 'ô': "o", 'ö': "o", 'ó': "o", 'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ÿ': "y", 'œ': "oe", 'æ': "ae",
	'À': "A", 'Â': "A", 'Ç': "C", 'É': "E", 'È': "E", 'Ê': "E", 'Î': "I", 'Ô': "O", 'Œ': "Oe", 'Ù': "U", 'Û': "U",
	'đ': "dj", 'Đ': "Dj", 'ž': "z", 'Ž': "Z", 'ć': "c", 'Ć': "C", 'č': "c", 'Č': "C", 'š': "s", 'Š': "S",
}

// stopWords are legal forms and fillers left out of email addresses.
var stopWords = map[string]bool{
	"sarl": true, "sas": true, "eurl": true, "sa": true, "sci": true, "ltd": true, "llp": true, "co": true, "the": true,
	"d": true, "o": true, "od": true, "and": true, "et": true, "i": true, "s": true,
}

// elision splits French elided articles ("d'architecture") into words.
var elision = strings.NewReplacer(" d'", " d ", " l'", " l ", " d’", " d ", " l’", " l ")

// slug reduces s to lower-case ASCII words joined by sep; with dropStop,
// legal forms ("SARL", "d.o.o.") and fillers are left out.
func slug(s string, sep byte, dropStop bool) string {
	s = i18n.CyrillicToLatin(elision.Replace(s))
	var w strings.Builder
	w.Grow(len(s) + 8)
	for _, r := range s {
		foldRune(&w, r)
	}
	words := strings.FieldsFunc(w.String(), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	var b strings.Builder
	for _, word := range words {
		if dropStop && stopWords[word] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(word)
	}
	out := b.String()
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], string(sep))
	}
	return out
}

func foldRune(w *strings.Builder, r rune) {
	if a, ok := asciiFold[r]; ok {
		w.WriteString(strings.ToLower(a))
		return
	}
	if r == '\'' || r == '’' {
		return // "O'Brien" → "obrien"
	}
	if r < 128 {
		w.WriteRune(unicode.ToLower(r))
		return
	}
	w.WriteByte(' ')
}
