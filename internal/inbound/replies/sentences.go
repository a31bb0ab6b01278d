package replies

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSentence bounds the bytes of one sentence that are analysed: a
// customer's sentence is short, and a huge unpunctuated block (a pasted
// log, a fuzzer's input) must not make Suggest slow.
const maxSentence = 2000

// sentence is one sentence of the reply as written, with its folded form.
type sentence struct {
	text string // as written, line breaks included
	para int    // index of its paragraph
	f    folded
	// clauses are the start offsets in f.s of its clauses, 0 first: a
	// negation or a date belongs to the clause it is in ("je n'ai pas
	// encore payé, mais je paierai vendredi").
	clauses []int
}

// abbreviations end with a dot that does not end a sentence.
var abbreviations = set("st", "av", "ave", "bd", "blvd", "rd", "dr", "mr", "mrs", "ms", "mme", "mlle",
	"br", "ul", "str", "no", "nr", "tel", "fax", "cf", "etc", "vs", "env", "approx", "ref", "n", "p", "s", "ca",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv", "fevr", "avr", "juil")

// splitSentences cuts text into paragraphs at blank lines and paragraphs
// into sentences at ".", "!" and "?" followed by a capital (a dot after a
// digit is the Serbian and German ordinal, "15. децембра", and after an
// abbreviation not an end either), and at line breaks after a short line
// when the next starts with a capital, which is how short replies are laid
// out ("Bonjour,\nJe paierai demain.").
func splitSentences(text string) []sentence {
	var out []sentence
	para := 0
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		start := 0
		for i := 0; i < len(p); {
			r, n := utf8.DecodeRuneInString(p[i:])
			end := i + n
			if isSentenceEnd(p, i, r, n) {
				out = appendSentence(out, p[start:end], para)
				start = end
			}
			i = end
		}
		out = appendSentence(out, p[start:], para)
		para++
	}
	return out
}

func isSentenceEnd(p string, i int, r rune, n int) bool {
	next, _ := utf8.DecodeRuneInString(p[i+n:])
	afterSpace := strings.TrimLeft(p[i+n:], " \t")
	first, _ := utf8.DecodeRuneInString(afterSpace)
	switch r {
	case '!', '?':
		return next == ' ' || next == '\n' || next == '\t'
	case '.', '…':
		if next != ' ' && next != '\n' && next != '\t' {
			return false
		}
		if !unicode.IsUpper(first) {
			return false
		}
		w := lastWord(p[:i])
		// After a number the dot is an ordinal ("15. децембра"), except
		// after a year ("… 12.11.2026. Износ …").
		if w == "" || (isDigit(w[len(w)-1]) && len(w) != 4) || abbreviations[strings.ToLower(w)] {
			return false
		}
		return utf8.RuneCountInString(w) > 1 || !unicode.IsUpper([]rune(w)[0])
	case '\n':
		prev := strings.TrimSpace(p[strings.LastIndexByte(p[:i], '\n')+1 : i])
		return unicode.IsUpper(first) && (utf8.RuneCountInString(prev) < 60 || strings.HasSuffix(prev, ":"))
	}
	return false
}

func lastWord(s string) string {
	end := len(s)
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return s[i+1 : end]
}

func appendSentence(out []sentence, t string, para int) []sentence {
	t = strings.TrimSpace(t)
	if t == "" {
		return out
	}
	if len(t) > maxSentence {
		cut := maxSentence
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		t = t[:cut]
	}
	s := sentence{text: t, para: para, f: fold(t)}
	s.clauses = clauseStarts(s.f.s)
	return append(out, s)
}

// clauseBreak separates clauses: a comma or semicolon followed by a space,
// and the conjunctions that join two statements.
var clauseBreak = regexp.MustCompile(`[,;] |\s(?:but|however|although|though|and|or|mais|cependant|pourtant|et|ou|ali|medjutim|ili|aber|jedoch|sondern|und|oder)\s`)

func clauseStarts(f string) []int {
	starts := []int{0}
	for _, m := range clauseBreak.FindAllStringIndex(f, -1) {
		starts = append(starts, m[1])
	}
	return starts
}

// clause returns the clause of s around byte offset pos of s.f.s.
func (s sentence) clause(pos int) (int, int) {
	a, b := 0, len(s.f.s)
	for _, c := range s.clauses {
		if c <= pos {
			a = c
		} else {
			b = c
			break
		}
	}
	return a, b
}

// evidence is the sentence on one line, at most 200 characters.
func (s sentence) evidence() string {
	e := strings.Join(strings.Fields(s.text), " ")
	if utf8.RuneCountInString(e) <= 200 {
		return e
	}
	r := []rune(e)
	return strings.TrimSpace(string(r[:199])) + "…"
}
