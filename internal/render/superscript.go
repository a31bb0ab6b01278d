package render

import (
	"strings"
	"unicode/utf8"
)

// French ordinals set as typesetters do (Lexique des règles typographiques
// en usage à l'Imprimerie nationale: "1er", "1re" with the letters in
// superior characters): a date's "1er avril", "le 1er mai". The text keeps
// its letters ("1er", as readers and pdftotext give it); an item only says
// which of its bytes are raised and smaller, and the painters draw them so.

// supScale and supRise: the raised letters' size and their baseline's
// height above the line's, as fractions of the text's size (a font's own
// superior letters are about 0.6 em, raised a third of an em).
const (
	supScale = 0.62
	supRise  = 0.36
)

// ordinalSuffixes are the French ordinal endings after "1" that are
// raised: premier, première, and their plurals.
var ordinalSuffixes = []string{"ers", "res", "er", "re"}

// ordinalSup finds a French ordinal in a word of a line (a glued word may
// hold spaces: "1er avril 2026"): the byte range of its raised letters, or
// [0, 0] when there is none. The "1" must start the word or follow a space
// or an opening bracket, and the letters end the word or come before a
// space or a punctuation mark: "11er", "1erement" and "F-1re" are left
// alone.
func ordinalSup(lang, w string) [2]int {
	if lang != "fr" {
		return [2]int{}
	}
	for from := 0; ; {
		i := strings.IndexByte(w[from:], '1')
		if i < 0 {
			return [2]int{}
		}
		i += from
		from = i + 1
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(w[:i])
			if !ordinalBefore(prev) {
				continue
			}
		}
		rest := w[i+1:]
		for _, suf := range ordinalSuffixes {
			if !strings.HasPrefix(rest, suf) {
				continue
			}
			after := rest[len(suf):]
			if after != "" {
				next, _ := utf8.DecodeRuneInString(after)
				if !ordinalAfter(next) {
					break
				}
			}
			return [2]int{i + 1, i + 1 + len(suf)}
		}
	}
}

func ordinalBefore(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '(', '[', '«':
		return true
	}
	return false
}

func ordinalAfter(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', ',', '.', ';', ':', ')', ']', '»', '!', '?':
		return true
	}
	return false
}

// supWidth is the width of a word with its raised letters (sup, from
// ordinalSup) at their smaller size.
func supWidth(f *Face, w string, sup [2]int, size float64) float64 {
	if sup[1] <= sup[0] {
		return f.Width(w, size)
	}
	return f.Width(w[:sup[0]], size) + f.Width(w[sup[0]:sup[1]], size*supScale) + f.Width(w[sup[1]:], size)
}

// textRun is a piece of an item's text as painted: its position (baseline)
// and size.
type textRun struct {
	text   string
	x, y   float64
	size   float64
	raised bool
}

// runs splits a text item into what the painters draw: the whole text, or
// the text before its raised letters, the raised letters, and the rest.
func (it Item) runs(f *Face) []textRun {
	if it.Sup[1] <= it.Sup[0] || it.Sup[1] > len(it.Text) {
		return []textRun{{text: it.Text, x: it.X, y: it.Y, size: it.Size}}
	}
	head, sup, tail := it.Text[:it.Sup[0]], it.Text[it.Sup[0]:it.Sup[1]], it.Text[it.Sup[1]:]
	x := it.X
	out := []textRun{{text: head, x: x, y: it.Y, size: it.Size}}
	x += f.Width(head, it.Size)
	out = append(out, textRun{text: sup, x: x, y: it.Y - supRise*it.Size, size: it.Size * supScale, raised: true})
	x += f.Width(sup, it.Size*supScale)
	if tail != "" {
		out = append(out, textRun{text: tail, x: x, y: it.Y, size: it.Size})
	}
	return out
}
