package ui

import (
	"regexp"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// wordCheck says whether a text shown in a language is a catalog key, a
// format gone wrong, or English where the language has its own words.
type wordCheck struct {
	lang    i18n.Lang
	keys    map[string]bool
	english []catalogText // English texts the language says otherwise
	own     []catalogText // the language's own texts
	verdict map[string]string
}

// catalogText is one catalog entry as a pattern over what it renders.
type catalogText struct {
	key     string
	literal string // its longest run of literal text: a cheap first test
	re      *regexp.Regexp
}

// englishOnly are texts no catalog holds that still leak English onto a
// screen in another language: Fyne's own defaults (said in the system's
// language, not the app's) and Go's error texts.
var englishOnly = []string{"(Select one)", "no such file or directory", "permission denied", "executable file not found", "exec: "}

// englishWords are words of English that French, German and Serbian
// (either script) do not write: a text shown in one of them that holds
// two is English that no catalog gave ("Loading the file…" written in
// the code). Not "to" nor "no" (Serbian), "was" nor "will" (German).
var englishWords = map[string]bool{"the": true, "and": true, "your": true, "with": true, "is": true, "are": true, "not": true,
	"for": true, "this": true, "from": true, "of": true, "has": true, "have": true, "been": true, "please": true, "there": true}

var (
	directiveRe = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)
	keyLikeRe   = regexp.MustCompile(`^[a-z]+\.[a-z0-9]+_[a-z0-9_.]+$`)
	tokenRe     = regexp.MustCompile(`[A-Za-z0-9_.#-]+`)
	wordRe      = regexp.MustCompile(`\pL+`)
)

// compileFormat turns a printf format into a pattern matching what it
// renders, whole; its arguments may be anything.
func compileFormat(key, f string) catalogText {
	var re strings.Builder
	re.WriteString(`^`)
	longest := ""
	last := 0
	for _, m := range directiveRe.FindAllStringIndex(f, -1) {
		lit := f[last:m[0]]
		re.WriteString(regexp.QuoteMeta(lit))
		if len(lit) > len(longest) {
			longest = lit
		}
		if f[m[1]-1] == '%' {
			re.WriteString(`%`)
		} else {
			re.WriteString(`(?s:.*?)`)
		}
		last = m[1]
	}
	lit := f[last:]
	re.WriteString(regexp.QuoteMeta(lit))
	if len(lit) > len(longest) {
		longest = lit
	}
	re.WriteString(`$`)
	return catalogText{key: key, literal: strings.TrimSpace(longest), re: regexp.MustCompile(re.String())}
}

// wordy: a format whose literal text holds a word of three letters or
// more (not "%[1]s — %[2]s", not "OK"), so that its English is telling.
func wordy(f string) bool {
	run := 0
	for _, r := range directiveRe.ReplaceAllString(f, " ") {
		if unicode.IsLetter(r) {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func newWordCheck(l i18n.Lang) (*wordCheck, error) {
	en, err := i18n.Catalog(i18n.EN)
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Catalog(l)
	if err != nil {
		return nil, err
	}
	w := &wordCheck{lang: l, keys: map[string]bool{}, verdict: map[string]string{}}
	for k := range en {
		w.keys[k] = true
		if base, _, ok := strings.Cut(k, "#"); ok {
			w.keys[base] = true
		}
	}
	for k, v := range cat {
		if wordy(v) {
			w.own = append(w.own, compileFormat(k, v))
		}
	}
	if l == i18n.EN {
		return w, nil
	}
	for k, v := range en {
		tr, ok := cat[k]
		if !ok {
			if base, _, plural := strings.Cut(k, "#"); plural {
				tr, ok = cat[base+"#"+i18n.PluralOther]
			}
		}
		if ok && tr == v || !wordy(v) {
			continue
		}
		w.english = append(w.english, compileFormat(k, v))
	}
	return w, nil
}

// check says what is wrong with a text shown, "" when nothing.
func (w *wordCheck) check(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if v, ok := w.verdict[text]; ok {
		return v
	}
	v := w.judge(text)
	w.verdict[text] = v
	return v
}

func (w *wordCheck) judge(text string) string {
	if strings.Contains(text, "%!") {
		return "a format gone wrong"
	}
	for _, tok := range tokenRe.FindAllString(text, -1) {
		tok = strings.TrimRight(tok, ".:-")
		if w.keys[tok] && strings.Contains(tok, ".") || keyLikeRe.MatchString(tok) {
			return "a catalog key (" + tok + ")"
		}
	}
	if w.lang == i18n.EN {
		return ""
	}
	for _, e := range englishOnly {
		if strings.Contains(text, e) {
			return "English (" + e + ")"
		}
	}
	n, seen := 0, map[string]bool{}
	for _, word := range wordRe.FindAllString(strings.ToLower(text), -1) {
		if englishWords[word] && !seen[word] {
			seen[word] = true
			if n++; n >= 2 {
				return "English (its words)"
			}
		}
	}
	// The whole text, each line, and each part of a line joined with the
	// separators the screens use ("C001 — Name · reminder · 2 invoices").
	pieces := []string{text}
	for _, line := range strings.Split(text, "\n") {
		pieces = append(pieces, line)
		for _, sep := range []string{" — ", " · ", " | "} {
			if strings.Contains(line, sep) {
				pieces = append(pieces, strings.Split(line, sep)...)
			}
		}
	}
	for _, p := range pieces {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		for _, e := range w.english {
			if e.literal != "" && !strings.Contains(p, e.literal) || !e.re.MatchString(p) {
				continue
			}
			if w.ownText(p) {
				break // the language's own words, which English shares
			}
			return "English (" + e.key + ")"
		}
	}
	return ""
}

// ownWords: s is, or holds, one of the language's own catalog texts
// (English's, for English).
func (w *wordCheck) ownWords(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if w.ownText(strings.TrimSpace(line)) {
			return true
		}
	}
	return false
}

// ownText: p is what one of the language's own catalog texts renders.
func (w *wordCheck) ownText(p string) bool {
	for _, o := range w.own {
		if (o.literal == "" || strings.Contains(p, o.literal)) && o.re.MatchString(p) {
			return true
		}
	}
	return false
}

// checkWords checks the texts an object shows, with the choices a
// drop-down offers once open.
func (c *layoutChecker) checkWords(o fyne.CanvasObject) {
	if c.data[o] {
		return
	}
	var shown []string
	if s := shownText(o); s != "" {
		shown = append(shown, s)
	}
	if e := asEntry(o); e != nil {
		shown = append(shown, e.PlaceHolder)
	}
	switch x := o.(type) {
	case *widget.Select:
		shown = append(shown, x.Options...)
	case *widget.RadioGroup:
		shown = append(shown, x.Options...)
	}
	for _, s := range shown {
		if why := c.words.check(s); why != "" {
			c.fail("%q is %s", cut(s, 80), why)
		}
	}
}
