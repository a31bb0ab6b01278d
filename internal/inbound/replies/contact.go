package replies

import (
	"regexp"
	"strings"
	"unicode"
)

// contactCue announces new contact details (folded text, see fold). A
// suggestion also needs the details themselves: an address, a number, an
// e-mail address.
var contactCue = phrases(
	`new (?:e-?mail(?: address)?|address|phone(?: number)?|number|contact(?: details)?|mobile(?: number)?|postal address|billing address|office|offices)`,
	`(?:address|e-?mail|phone number|number|contact details) (?:has|have) changed`,
	`changed (?:our|my) (?:address|e-?mail|phone|number)`, `(?:we|i) (?:have )?moved`,
	`(?:please )?(?:use|write to|contact (?:me|us) at|reach (?:me|us) at)`, `send (?:\S+ ){0,3}to`, `(?:now )?(?:go|be sent|be addressed) to`, `from now on`, `going forward`,
	`nouvel(?:le)? (?:adresse|e-?mail|mail|courriel|numero|telephone|contact|adresse de facturation)`,
	`nouveau (?:numero|mail|courriel|telephone|contact|siege|bureau|local)`, `nouvelles coordonnees|nouveaux locaux`,
	`(?:adresse|numero|e-?mail|courriel|coordonnees) (?:a|ont) change`, `(?:avons|ai|a) demenage`,
	`desormais|dorenavant|a l'avenir`, `(?:merci|veuillez) (?:d'|de )?(?:utiliser|ecrire a|envoyer|adresser)`,
	`a l'adresse suivante|changement d'adresse`,
	`nov(?:a|i|u|e|om|og)? (?:adres\w*|broj\w*|telefon\w*|mejl\w*|mail\w*|imejl\w*|e-?mail\w*|kontakt\w*)`,
	`promenili smo (?:adresu|broj|mejl|e-?mail|telefon)`, `preselili smo se|preselio sam se|preselila sam se|promena adrese`,
	`ubuduce|od sada`, `koristite|saljite|posaljite|pisite`,
	`neue[nr]? (?:adresse|e-?mail|telefonnummer|nummer|anschrift|rufnummer)`, `umgezogen`, `kunftig|ab sofort`,
	`adresse hat sich geandert`,
)

var (
	postalCue = regexp.MustCompile(`\b(?:address|adresse|adres\w*|anschrift|moved|demenage|preselili|preselio|preselila|locaux|siege|office|offices|umgezogen)\b`)
	phoneCue  = regexp.MustCompile(`\b(?:phone|telephone|tel|numero|number|broj\w*|telefon\w*|mobile|portable|mobil|nummer|rufnummer|gsm|call|contact|reach|appeler|joindre|pozovite|nazovite|anrufen)\b`)
	emailRe   = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	phoneRe   = regexp.MustCompile(`\+?\(?\d[\d .\-/()]{6,}\d`)
	// addressLead is what stands between a cue and the address itself.
	addressLead = regexp.MustCompile(`^(?:\s|[:\-–—]|(?i:e-?mail|postale|de facturation|is now|is|est d[ée]sormais|est|je sada|je|ист|је|ist|lautet|now|sada|сада|à|au|na|u|to)(?:\s|:|$))+`)
)

// contactValues returns the new contact details stated in sentence i: the
// first e-mail address after the cue (any if none after it), a phone
// number when the sentence speaks of a phone or of calling, and, failing
// both, the postal address written after an address cue. A postal address
// must hold a digit (a street number, a postcode), so "we moved" alone is
// not one. When the cue ends its paragraph ("Notre nouvelle adresse :"),
// the address is the next paragraph.
func contactValues(sents []sentence, i int) []string {
	s := sents[i]
	cue := contactCue.FindStringIndex(s.f.s)
	if cue == nil {
		return nil
	}
	_, oEnd := s.f.orig(cue[0], cue[1])
	var out []string
	if v := firstAfter(emailRe, s.text, oEnd); v != "" {
		out = append(out, v)
	}
	if phoneCue.MatchString(s.f.s) {
		if v := phoneAfter(s.text, oEnd); v != "" {
			out = append(out, v)
		}
	}
	if len(out) > 0 || !postalCue.MatchString(s.f.s) {
		return out
	}
	addr := addressLead.ReplaceAllString(s.text[oEnd:], "")
	if strings.TrimSpace(addr) == "" && i+1 < len(sents) && sents[i+1].para == s.para+1 {
		addr = sents[i+1].text
	}
	addr = strings.TrimRight(joinLines(addr), " .;")
	if addr == "" || !strings.ContainsFunc(addr, unicode.IsDigit) {
		return out
	}
	return append(out, addr)
}

// firstAfter returns the first match of re at or after pos, else the first.
func firstAfter(re *regexp.Regexp, s string, pos int) string {
	ms := re.FindAllStringIndex(s, -1)
	for _, m := range ms {
		if m[0] >= pos {
			return s[m[0]:m[1]]
		}
	}
	if len(ms) > 0 {
		return s[ms[0][0]:ms[0][1]]
	}
	return ""
}

// phoneAfter is firstAfter for phone numbers: 8 to 15 digits, and not a
// date.
func phoneAfter(s string, pos int) string {
	var first string
	for _, m := range phoneRe.FindAllStringIndex(s, -1) {
		v := strings.TrimRight(s[m[0]:m[1]], " .-/(")
		n := 0
		for _, r := range v {
			if '0' <= r && r <= '9' {
				n++
			}
		}
		if n < 8 || n > 15 || len(findDates(v)) > 0 && !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "0") {
			continue
		}
		if m[0] >= pos {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}

// joinLines writes a multi-line address on one line, parts separated by
// commas.
func joinLines(s string) string {
	var parts []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, strings.TrimRight(l, ","))
		}
	}
	return strings.Join(parts, ", ")
}
