package i18n

import "strings"

// cyrToLat is the official Serbian Cyrillic → Gaj's Latin alphabet mapping.
// It is one-to-one in this direction (the reverse is not: "nj" may be n+j).
var cyrToLat = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Ђ': "Đ", 'Е': "E", 'Ж': "Ž", 'З': "Z", 'И': "I",
	'Ј': "J", 'К': "K", 'Л': "L", 'Љ': "Lj", 'М': "M", 'Н': "N", 'Њ': "Nj", 'О': "O", 'П': "P", 'Р': "R",
	'С': "S", 'Т': "T", 'Ћ': "Ć", 'У': "U", 'Ф': "F", 'Х': "H", 'Ц': "C", 'Ч': "Č", 'Џ': "Dž", 'Ш': "Š",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "đ", 'е': "e", 'ж': "ž", 'з': "z", 'и': "i",
	'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'ћ': "ć", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "č", 'џ': "dž", 'ш': "š",
}

// CyrillicToLatin transliterates Serbian Cyrillic text to Latin. Digraph
// capitals follow the next letter's case: "ЉУБА" → "LJUBA", "Љуба" → "Ljuba".
// Anything between %[ and the verb of a printf directive is left alone.
func CyrillicToLatin(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		lat, ok := cyrToLat[r]
		if !ok {
			b.WriteRune(r)
			continue
		}
		if len(lat) > 1 && (r == 'Љ' || r == 'Њ' || r == 'Џ') {
			nextUpper := i+1 < len(rs) && isUpperCyr(rs[i+1])
			prevUpper := i > 0 && isUpperCyr(rs[i-1])
			if nextUpper || (prevUpper && (i+1 >= len(rs) || !isLowerCyr(rs[i+1]))) {
				lat = strings.ToUpper(lat)
			}
		}
		b.WriteString(lat)
	}
	return b.String()
}

func isUpperCyr(r rune) bool { return r >= 'Ѐ' && r <= 'Я' }
func isLowerCyr(r rune) bool { return r >= 'а' && r <= 'џ' }
