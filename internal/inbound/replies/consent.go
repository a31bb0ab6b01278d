package replies

import (
	"regexp"
	"strings"
	"unicode"
)

// A paperless consent is only suggested for a reply that is essentially a
// yes: the greeting, the thanks and a signed name aside, it starts with an
// affirmative and every other word belongs to the small vocabulary of
// agreeing ("Oui, d'accord, par e-mail svp"). A "yes" inside a longer
// message about something else is not a consent. The same holds for a
// refusal.
const maxConsentWords = 15

var (
	yesStart = regexp.MustCompile(`^(?:yes|yeah|yep|yup|sure|ok|okay|agreed|i agree|we agree|absolutely|certainly|of course|please do|go ahead|fine|oui|ouais|d'accord|ok d'accord|bien sur|volontiers|entendu|parfait|tres bien|avec plaisir|j'accepte|nous acceptons|je suis d'accord|nous sommes d'accord|c'est d'accord|da|naravno|moze|vazi|u redu|slazem se|se slazem|slazemo se|prihvatam|prihvatamo|saglasan|saglasna|saglasni|svakako|ja|gerne|einverstanden|naturlich|klar)\b`)
	noStart  = regexp.MustCompile(`^(?:no|nope|no thanks|no thank you|non|non merci|pas question|je refuse|nous refusons|je prefere pas|ne|ne hvala|ne zelim|ne zelimo|nikako|odbijam|odbijamo|nein|nein danke|lieber nicht|i decline|i refuse|we decline|rather not|i'd rather not)\b`)

	// yesWords may follow an affirmative.
	yesWords = set("yes", "yeah", "yep", "sure", "ok", "okay", "please", "thanks", "thank", "you", "agree", "agreed",
		"i", "we", "fine", "good", "great", "perfect", "that's", "thats", "sounds", "it", "is", "do", "go", "ahead",
		"of", "course", "certainly", "absolutely", "by", "email", "e-mail", "mail", "electronically", "for", "me", "us",
		"the", "paperless", "invoices", "from", "send", "them", "now", "on", "no", "problem",
		"oui", "merci", "beaucoup", "svp", "stp", "s'il", "vous", "plait", "d'accord", "accord", "ok", "bien", "sur",
		"tres", "parfait", "super", "volontiers", "entendu", "avec", "plaisir", "je", "suis", "nous", "sommes", "c'est",
		"ca", "me", "va", "convient", "par", "courriel", "electronique", "electroniquement", "sans", "papier",
		"les", "mes", "nos", "factures", "desormais", "envoyez", "envoyer", "pour", "moi", "j'accepte", "acceptons", "tout", "a", "fait",
		"da", "hvala", "vam", "puno", "molim", "naravno", "moze", "vazi", "u", "redu", "slazem", "slazemo", "se",
		"prihvatam", "prihvatamo", "saglasan", "saglasna", "saglasni", "svakako", "putem", "mejla", "maila",
		"e-maila", "imejla", "elektronski", "elektronskim", "elektronskom", "postom", "fakture", "racune", "ubuduce",
		"ja", "gerne", "gern", "einverstanden", "danke", "bitte", "sehr", "gut", "naturlich", "klar", "per", "rechnungen",
		"kunftig", "zukunftig", "ab", "jetzt", "sofort", "einfach", "wir", "ich", "sind", "bin", "damit", "die", "uns", "mir",
		"papierlos", "elektronisch", "als", "an", "diese", "adresse", "dieser",
		"gladly", "happy", "recevoir", "receive", "primati", "erhalten", "to", "with", "that", "pdf", "format", "version", "en", "uz", "od", "sada")

	// noWords may follow a refusal.
	noWords = set("no", "nope", "thanks", "thank", "you", "not", "for", "me", "now", "i", "we", "prefer", "paper",
		"post", "postal", "by", "mail", "rather", "keep", "the", "invoices", "please",
		"non", "merci", "pas", "pour", "l'instant", "le", "moment", "je", "nous", "prefere", "preferons", "papier",
		"courrier", "par", "la", "poste", "version", "garder", "factures", "refuse", "refusons", "question", "vous",
		"ne", "hvala", "vam", "za", "sada", "sad", "zelim", "zelimo", "papirnu", "verziju", "postom", "fakture",
		"nikako", "odbijam", "odbijamo", "radije", "papirno", "recevoir", "receive", "primati", "erhalten",
		"nein", "danke", "lieber", "nicht", "bitte", "papier", "post", "wir", "ich", "mochten", "mochte", "die", "rechnungen",
		"weiterhin", "auf", "behalten", "gern", "gerne", "brief", "briefpost", "papierform", "in", "wie", "bisher", "bleiben", "beim",
		"les", "des", "mes", "nos", "vos", "my", "our", "them", "it", "email", "e-mail", "via", "au", "format", "a", "en", "on", "papiru", "u", "obliku", "per")

	greetingStart = regexp.MustCompile(`^(?:bonjour|bonsoir|salut|hello|hi|hey|dear|good morning|good afternoon|cher|chere|madame|monsieur|dobar dan|dobro jutro|dobro vece|postovani|postovana|zdravo|guten tag|hallo|sehr geehrte|liebe|lieber)\b`)
	closingOnly   = regexp.MustCompile(`^(?:thanks|thank you|many thanks|merci|merci beaucoup|bonne journee|bonne soiree|cordialement|bien cordialement|hvala|hvala vam|hvala puno|pozdrav|srdacan pozdrav|s postovanjem|danke|vielen dank|gruss|mit freundlichen grussen|freundliche grusse|mit freundlichem gruss|viele grusse|beste grusse|herzliche grusse|mfg|regards|best regards|kind regards|cheers|best)$`)
	negWord       = regexp.MustCompile(`\b(?:not|never|pas|jamais|nicht|nije|nisam)\b|n't\b`)
)

func consentOrRefusal(text string) (Suggestion, bool) {
	segs := segments(text)
	// Greeting and closing segments aside.
	for len(segs) > 0 && greetingStart.MatchString(segs[0].f) && words(segs[0].f) <= 4 {
		segs = segs[1:]
	}
	for len(segs) > 1 {
		last := segs[len(segs)-1]
		if closingOnly.MatchString(last.f) || last.name {
			segs = segs[:len(segs)-1]
			continue
		}
		break
	}
	if len(segs) == 0 {
		return Suggestion{}, false
	}
	var all []string
	for _, s := range segs {
		all = append(all, s.f)
	}
	joined := strings.Join(all, " ")
	toks := strings.Fields(joined)
	if len(toks) == 0 || len(toks) > maxConsentWords {
		return Suggestion{}, false
	}
	evidence := strings.Join(strings.Fields(text), " ")
	if len([]rune(evidence)) > 200 {
		evidence = string([]rune(evidence)[:199]) + "…"
	}
	switch {
	case noStart.MatchString(joined) && allIn(toks, noWords):
		return Suggestion{Kind: Refusal, Evidence: evidence}, true
	case yesStart.MatchString(joined) && allIn(toks, yesWords) && !negWord.MatchString(joined):
		return Suggestion{Kind: Consent, Evidence: evidence}, true
	}
	return Suggestion{}, false
}

func allIn(toks []string, vocab map[string]bool) bool {
	for _, t := range toks {
		if !vocab[t] {
			return false
		}
	}
	return true
}

// segment is a piece of a short message between punctuation or lines.
type segment struct {
	f    string // folded, punctuation removed
	name bool   // one to three capitalised words and nothing else: a signed name
}

func segments(text string) []segment {
	var out []segment
	for _, line := range strings.Split(text, "\n") {
		for _, p := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(",.!?;:()…", r) }) {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			out = append(out, segment{f: cleanWords(foldString(p)), name: looksLikeName(p)})
		}
	}
	return out
}

// cleanWords drops what is neither a letter, a digit, an apostrophe nor a
// hyphen inside a word ("e-mail", "d'accord" stay whole).
func cleanWords(f string) string {
	f = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-' {
			return r
		}
		return ' '
	}, f)
	return strings.Join(strings.Fields(strings.Trim(f, "-'")), " ")
}

func looksLikeName(p string) bool {
	ws := strings.Fields(p)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || strings.ContainsFunc(w, unicode.IsDigit) {
			return false
		}
	}
	// "OK", "Oui", "Да" are capitalised too, and are the message.
	f := cleanWords(foldString(p))
	return !yesStart.MatchString(f) && !noStart.MatchString(f)
}
