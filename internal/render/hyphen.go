package render

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/relance-app/relance/assets"
)

// Hyphenation: Liang's algorithm (the one TeX uses) over the TeX pattern
// files in assets/hyphenation, for the letter languages that have them.
// A justified line ends on a word's syllable rather than stretching its
// spaces: Serbian and German words are long, and without it their lines
// show wide gaps.

// patternFiles are the pattern file of each letter language (the
// ledger's language codes); English letters are not hyphenated.
var patternFiles = map[string]string{
	"fr":      "hyphenation/hyph-fr.tex",
	"de":      "hyphenation/hyph-de-1996.tex",
	"sr-Cyrl": "hyphenation/hyph-sh-cyrl.tex",
	"sr-Latn": "hyphenation/hyph-sh-latn.tex",
}

// The fewest letters left before and carried after a break: the patterns'
// typesetting minimum is 2 and 2; 3 after reads better on a letter (no
// "-te" alone on the next line) and costs little.
const (
	leftMin  = 2
	rightMin = 3
)

// hyphenator holds one language's patterns: letters (with "." for a word
// boundary) → the levels between them, and whole-word exceptions.
type hyphenator struct {
	patterns   map[string][]uint8
	maxLen     int // the longest pattern, in runes
	exceptions map[string][]int

	mu    sync.Mutex
	cache map[string][]int
}

var (
	hyphMu  sync.Mutex
	hyphens = map[string]*hyphenator{}
)

// hyphenatorFor returns the hyphenator of a language, loading its patterns
// once; nil for a language without patterns.
func hyphenatorFor(lang string) *hyphenator {
	file, ok := patternFiles[lang]
	if !ok {
		return nil
	}
	hyphMu.Lock()
	defer hyphMu.Unlock()
	if h, ok := hyphens[lang]; ok {
		return h
	}
	data, err := assets.Hyphenation.ReadFile(file)
	var h *hyphenator
	if err == nil {
		h, err = parsePatterns(string(data))
	}
	if err != nil {
		// The files are embedded and tested: this is a build gone wrong.
		panic(fmt.Sprintf("hyphenation patterns %s: %v", file, err))
	}
	hyphens[lang] = h
	return h
}

// parsePatterns reads a TeX pattern file: the words inside \patterns{…}
// and \hyphenation{…}, comments (from % to the line's end) left out.
func parsePatterns(tex string) (*hyphenator, error) {
	h := &hyphenator{patterns: map[string][]uint8{}, exceptions: map[string][]int{}, cache: map[string][]int{}}
	var b strings.Builder
	for _, line := range strings.Split(tex, "\n") {
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	src := b.String()
	body := func(cmd string) (string, error) {
		i := strings.Index(src, cmd+"{")
		if i < 0 {
			return "", nil
		}
		rest := src[i+len(cmd)+1:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return "", fmt.Errorf("%s{ is not closed", cmd)
		}
		return rest[:j], nil
	}
	pats, err := body(`\patterns`)
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Fields(pats) {
		var letters []rune
		levels := []uint8{0}
		for _, r := range p {
			if r >= '0' && r <= '9' {
				levels[len(levels)-1] = uint8(r - '0')
				continue
			}
			letters = append(letters, r)
			levels = append(levels, 0)
		}
		if len(letters) == 0 {
			continue
		}
		h.patterns[string(letters)] = levels
		h.maxLen = max(h.maxLen, len(letters))
	}
	if len(h.patterns) == 0 {
		return nil, fmt.Errorf("no pattern")
	}
	exc, err := body(`\hyphenation`)
	if err != nil {
		return nil, err
	}
	for _, w := range strings.Fields(exc) {
		var breaks []int
		n := 0
		for _, r := range w {
			if r == '-' {
				breaks = append(breaks, n)
				continue
			}
			n++
		}
		h.exceptions[strings.ReplaceAll(w, "-", "")] = breaks
	}
	return h, nil
}

// points returns where word may break: rune offsets i meaning
// word[:i] + "-" then word[i:]. A word with a digit, an @ or a slash (an
// invoice number, an address) or in capitals (an acronym) never breaks,
// nor a word already holding a hyphen (it breaks there, see breakAt).
func (h *hyphenator) points(word string) []int {
	rs := []rune(word)
	if len(rs) < leftMin+rightMin {
		return nil
	}
	upper := 0
	for _, r := range rs {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLetter(r), r == '\'', r == '’':
		default:
			return nil
		}
	}
	if upper > 1 {
		return nil
	}
	lower := strings.ToLower(strings.ReplaceAll(word, "’", "'"))
	h.mu.Lock()
	if p, ok := h.cache[lower]; ok {
		h.mu.Unlock()
		return p
	}
	h.mu.Unlock()
	p := h.compute(lower)
	h.mu.Lock()
	if len(h.cache) < 20000 { // a bounded memo: letters repeat their words
		h.cache[lower] = p
	}
	h.mu.Unlock()
	return p
}

func (h *hyphenator) compute(lower string) []int {
	rs := []rune(lower)
	if ex, ok := h.exceptions[lower]; ok {
		var out []int
		for _, i := range ex {
			if i >= leftMin && i <= len(rs)-rightMin {
				out = append(out, i)
			}
		}
		return out
	}
	w := make([]rune, 0, len(rs)+2)
	w = append(append(append(w, '.'), rs...), '.')
	levels := make([]uint8, len(w)+1)
	for i := range w {
		for j := i + 1; j <= len(w) && j-i <= h.maxLen; j++ {
			if p, ok := h.patterns[string(w[i:j])]; ok {
				for k, v := range p {
					if v > levels[i+k] {
						levels[i+k] = v
					}
				}
			}
		}
	}
	var out []int
	// levels[k] is the level before w[k]; a break before rs[i] is before
	// w[i+1]. An apostrophe keeps its letters: "l'" never ends a line.
	for i := leftMin; i <= len(rs)-rightMin; i++ {
		if levels[i+1]%2 == 1 && rs[i-1] != '\'' && rs[i] != '\'' {
			out = append(out, i)
		}
	}
	return out
}

// Hyphenate writes word with its break points marked by "-", for tests
// and for people checking a language's patterns.
func Hyphenate(lang, word string) string {
	h := hyphenatorFor(lang)
	if h == nil {
		return word
	}
	rs := []rune(word)
	var b strings.Builder
	last := 0
	for _, p := range h.points(word) {
		b.WriteString(string(rs[last:p]))
		b.WriteByte('-')
		last = p
	}
	b.WriteString(string(rs[last:]))
	return b.String()
}

// breakAt finds the longest head of word that fits in room points with
// its hyphen: the head (with "-") and the rest, or ok false. Leading and
// trailing punctuation stays with its part ("(paiement," breaks inside
// "paiement"); a word with its own hyphen breaks after it; words joined by
// no-break spaces (a date, an amount, a phone number) never break.
func (h *hyphenator) breakAt(f *Face, word string, size, room float64) (head, rest string, ok bool) {
	if strings.ContainsAny(word, "\u00a0\u202f\u2007") { // held together: "10 septembre 2026"
		return "", "", false
	}
	rs := []rune(word)
	// Explicit hyphens first: "Saint-Étienne", "Jean-Pierre".
	for i := len(rs) - 2; i > 1; i-- {
		if rs[i] == '-' && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			if f.Width(string(rs[:i+1]), size) <= room {
				return string(rs[:i+1]), string(rs[i+1:]), true
			}
		}
	}
	start, end := 0, len(rs)
	for start < end && !unicode.IsLetter(rs[start]) {
		start++
	}
	for end > start && !unicode.IsLetter(rs[end-1]) {
		end--
	}
	pts := h.points(string(rs[start:end]))
	for i := len(pts) - 1; i >= 0; i-- {
		cut := start + pts[i]
		head := string(rs[:cut]) + "-"
		if f.Width(head, size) <= room {
			return head, string(rs[cut:]), true
		}
	}
	return "", "", false
}
