package replies

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matched on folded lines (see fold).
var (
	// mobileLine is the line a phone or a webmail appends: "Sent from my
	// iPhone", "Envoyé de mon iPhone", "Poslato sa mog iPhone-a", "Von
	// meinem iPhone gesendet", "Get Outlook for iOS". The tail must be a
	// few words without sentence punctuation, so that "Sent from my desk,
	// is much easier…" stays.
	mobileLine = regexp.MustCompile(`^(sent from my|sent from|sent with|sent via|sent using|get outlook for|envoye de mon|envoye depuis mon|envoye depuis|envoye a partir de|envoye avec|obtenir outlook pour|telechargez outlook pour|poslato sa mog|poslato sa|poslato iz|poslano sa mog|poslano sa|poslano s mog|poslano s|von meinem|gesendet von|gesendet mit|holen sie sich outlook)\b[^,;:!?]*$`)

	// signOff is a closing line on its own: "Cordialement", "Best
	// regards", "С поштовањем", "Mit freundlichen Grüßen", optionally
	// followed by a short name ("Thanks, Alex").
	signOff = regexp.MustCompile(`^(thanks|thank you|thanks again|thanks so much|many thanks|thx|cheers|best|best regards|kind regards|regards|warm regards|warmest regards|best wishes|sincerely|yours sincerely|sincerely yours|yours truly|yours faithfully|all the best|respectfully|cordialement|bien cordialement|tres cordialement|cordialement votre|bien a vous|bien a toi|salutations|sinceres salutations|meilleures salutations|salutations distinguees|bonne journee|bonne soiree|bonne fin de journee|merci|merci beaucoup|merci d'avance|merci par avance|merci encore|a bientot|amicalement|respectueusement|srdacan pozdrav|srdacno|pozdrav|pozdravi|lep pozdrav|lijep pozdrav|srdacni pozdravi|s postovanjem|sa postovanjem|uz postovanje|hvala|hvala vam|hvala unapred|unapred hvala|hvala puno|puno pozdrava|veliki pozdrav|lp|mit freundlichen grussen|freundliche grusse|mit freundlichem gruss|viele grusse|beste grusse|liebe grusse|herzliche grusse|schone grusse|gruss|lg|mfg|danke|vielen dank)[,.!]*(\s*,\s*(\p{L}[\p{L}.'-]*\s*){1,3})?[,.!]*$`)

	// signOffFormula opens the long French closings, whatever follows.
	signOffFormula = regexp.MustCompile(`^(veuillez agreer|je vous prie d'agreer|nous vous prions d'agreer|dans l'attente de votre|en vous remerciant|in der hoffnung)\b`)

	// dashName is the "-Abhishek Kona" sign-off: a dash glued to a
	// capitalised name (a list item has a space after its dash).
	dashName = regexp.MustCompile(`^-\p{Lu}[\p{L}'.]*(\s+\p{L}[\p{L}'.]*){0,3}$`)
)

// dropSignature removes, from the bottom, the signature blocks: a "-- "
// (or "--") delimiter and what follows, a "____" rule (mailing-list
// footers, Outlook's separator), a mobile line, a "-Name" line and a
// sign-off block. A sign-off only goes when the author wrote something
// above it and what follows looks like a signature, so "Merci." followed
// by "J'ai payé hier." is left alone.
func dropSignature(lines []line) {
	for range 4 {
		if !dropOneSignature(lines) {
			return
		}
	}
}

func dropOneSignature(lines []line) bool {
	kept := keptIndexes(lines)
	if len(kept) == 0 {
		return false
	}
	for n, i := range kept {
		t := strings.TrimSpace(lines[i].raw)
		tail := len(kept) - n - 1
		if (t == "--" || t == "-- " || isUnderscores(t)) && tail <= 20 {
			cutFrom(lines, i)
			return true
		}
	}
	for n := len(kept) - 1; n >= 0; n-- {
		i := kept[n]
		if mobileLine.MatchString(lines[i].f) && words(lines[i].f) <= 9 {
			if len(kept)-n-1 <= 6 {
				cutFrom(lines, i)
			} else {
				lines[i].gone = true
			}
			return true
		}
	}
	// Sign-offs and "-Name": the earliest one from which everything down
	// to the end reads as a signature, within the last dozen lines.
	first := max(1, len(kept)-12)
	for n := first; n < len(kept); n++ {
		i := kept[n]
		f := lines[i].f
		isSign := signOff.MatchString(f) || signOffFormula.MatchString(f) ||
			dashName.MatchString(strings.TrimSpace(lines[i].raw))
		if !isSign {
			continue
		}
		if allSignatureLike(lines, kept[n+1:]) {
			cutFrom(lines, i)
			return true
		}
	}
	return false
}

// keptIndexes lists the lines still present and not blank.
func keptIndexes(lines []line) []int {
	var kept []int
	for i, l := range lines {
		if !l.gone && !l.blank {
			kept = append(kept, i)
		}
	}
	return kept
}

func isUnderscores(t string) bool {
	return len(t) >= 2 && strings.Trim(t, "_") == ""
}

// allSignatureLike reports whether the lines read as a name, a title, a
// company, an address, a phone or a link, rather than sentences: short,
// and not ending a sentence unless they carry a number or an address.
func allSignatureLike(lines []line, idx []int) bool {
	if len(idx) > 10 {
		return false
	}
	for _, i := range idx {
		t := strings.TrimSpace(lines[i].raw)
		if utf8.RuneCountInString(t) > 80 || lines[i].quoted {
			return false
		}
		w := words(t)
		if w > 8 {
			return false
		}
		last, _ := utf8.DecodeLastRuneInString(t)
		if strings.ContainsRune(".!?", last) && w > 2 && !hasDigitOrAt(t) {
			return false
		}
		// A line Suggest would act on is the author's, wherever it is.
		if w > 1 && hasActionCue(lines[i].f) {
			return false
		}
	}
	return true
}

func words(s string) int { return len(strings.Fields(s)) }

func hasDigitOrAt(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsDigit(r) || r == '@' })
}
