package replies

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// folded is text prepared for matching: lower case, Latin diacritics
// removed and Serbian Cyrillic transliterated to Latin, so that one ASCII
// pattern covers "платићу", "platiću" and the accentless "platicu" people
// type on phones. start and end give, for every byte of s, the span of the
// source rune it came from, so a match can be cut out of the original text
// as the customer wrote it.
type folded struct {
	s     string
	start []int
	end   []int
}

// foldMap covers the letters of the four languages read here; anything
// else is only lower-cased.
var foldMap = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a",
	'ç': "c", 'č': "c", 'ć': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u",
	'ý': "y", 'ÿ': "y",
	'š': "s", 'ž': "z", 'đ': "dj",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
	// Serbian Cyrillic, as in the official Latin transliteration but
	// without diacritics.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e",
	'ж': "z", 'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj",
	'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'ћ': "c", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "c",
	'џ': "dz", 'ш': "s",
	// Typographic apostrophes and the spaces French mailers put before
	// ":" and inside amounts.
	'’': "'", '‘': "'", 'ʼ': "'", '\u00a0': " ", '\u202f': " ", '\u2009': " ",
}

func fold(s string) folded { return foldText(s, true) }

// foldString is fold without the offsets, for matching whole lines.
func foldString(s string) string { return foldText(s, false).s }

func foldText(s string, offsets bool) folded {
	var b strings.Builder
	b.Grow(len(s))
	var f folded
	if offsets {
		f.start = make([]int, 0, len(s))
		f.end = make([]int, 0, len(s))
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			if offsets {
				f.start = append(f.start, i)
				f.end = append(f.end, i+1)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		var out string
		if r == utf8.RuneError && n == 1 {
			out = " "
		} else {
			lr := unicode.ToLower(r)
			if m, ok := foldMap[lr]; ok {
				out = m
			} else {
				out = string(lr)
			}
		}
		b.WriteString(out)
		if offsets {
			for range len(out) {
				f.start = append(f.start, i)
				f.end = append(f.end, i+n)
			}
		}
		i += n
	}
	f.s = b.String()
	return f
}

// orig maps the byte span [a, b) of the folded text back to the source.
func (f folded) orig(a, b int) (int, int) {
	if b > len(f.start) {
		b = len(f.start)
	}
	if a < 0 {
		a = 0
	}
	if a >= b {
		if a < len(f.start) {
			return f.start[a], f.start[a]
		}
		if len(f.end) == 0 {
			return 0, 0
		}
		e := f.end[len(f.end)-1]
		return e, e
	}
	return f.start[a], f.end[b-1]
}
