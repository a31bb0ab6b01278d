package replies

import "regexp"

// Matched on folded lines (see fold): "À :" reads "a :", "Од:" reads "od:".
var (
	// originalRule is the line some clients put above the quoted message
	// instead of quoting it: "-----Original Message-----", "-------- Message
	// d'origine --------", "-----Ursprüngliche Nachricht-----", and the
	// forwarded variants.
	originalRule = regexp.MustCompile(`^[-_=*\s]*(original message|message d'origine|message original|ursprungliche nachricht|original-nachricht|originalna poruka|izvorna poruka|originalnaja poruka|forwarded message|message transfere|weitergeleitete nachricht|prosledjena poruka)[-_=*\s]*$`)

	// headerKey reads the field name of a header line of a quoted message,
	// bold ("*From:*") or not. The groups name the field.
	headerKey = regexp.MustCompile(`^[\s*]*(?:(from|de|von|od|ot|van)|(sent|date|envoye|gesendet|datum|poslato|poslano|otpravleno|verzonden)|(to|a|an|za|komu|kome|aan)|(cc|cci|kopija)|(subject|objet|betreff|predmet|tema|onderwerp|sujet))[\s*]*:`)

	// inlineHeader finds the other fields of a header flattened on one line
	// ("From: X Sent: Y To: Z Subject: W"), as some HTML conversions give.
	inlineHeader = regexp.MustCompile(`\b(sent|date|envoye|gesendet|poslato|to|a|an|za|subject|objet|betreff|predmet|tema)\s*:`)
)

const (
	keyFrom = 1 << iota
	keySent
	keyTo
	keyCc
	keySubject
)

// headerField returns which field the folded line opens, or 0.
func headerField(f string) int {
	m := headerKey.FindStringSubmatchIndex(f)
	if m == nil {
		return 0
	}
	for g := 1; g <= 5; g++ {
		if m[2*g] >= 0 {
			return 1 << (g - 1)
		}
	}
	return 0
}

// headerBlockAt reports whether an Outlook-style header of a quoted message
// starts at line i: consecutive field lines naming the sender and at least
// two other fields, in any order (Hotmail puts Date first). One unlabelled
// continuation line is allowed between fields, for wrapped recipient lists.
func headerBlockAt(lines []line, i int) bool {
	if lines[i].quoted || headerField(lines[i].f) == 0 {
		return false
	}
	if headerField(lines[i].f) == keyFrom && len(inlineHeader.FindAllString(lines[i].f, -1)) >= 2 {
		return true
	}
	seen, loose := 0, 0
	for j := i; j < len(lines) && j < i+10; j++ {
		if lines[j].blank || lines[j].quoted || lines[j].gone {
			break
		}
		k := headerField(lines[j].f)
		if k == 0 {
			loose++
			if loose > 1 {
				break
			}
			continue
		}
		loose = 0
		seen |= k
	}
	return seen&keyFrom != 0 && bits(seen) >= 3
}

func bits(n int) int {
	c := 0
	for ; n != 0; n &= n - 1 {
		c++
	}
	return c
}

// cutAtHeaders finds the first place where a quoted message starts without
// ">" marks (an "Original Message" rule, an Outlook header block, or an "On
// … wrote:" line followed by unmarked text) and drops it and all below.
// Top-posting clients put nothing of the author's after it.
func cutAtHeaders(lines []line) {
	for i := range lines {
		l := lines[i]
		if l.blank || l.quoted || l.gone {
			continue
		}
		if originalRule.MatchString(l.f) || headerBlockAt(lines, i) {
			cutFrom(lines, i)
			return
		}
		if n := unquotedAttribution(lines, i); n > 0 {
			cutFrom(lines, i)
			return
		}
	}
}

// unquotedAttribution reports how many lines (up to three) starting at i
// form an "On … wrote:" attribution followed by a quote that is not marked
// with ">". When ">" lines follow, dropQuotes handles it and keeps what
// comes after the quote.
func unquotedAttribution(lines []line, i int) int {
	if !attrStart.MatchString(lines[i].f) {
		return 0
	}
	joined := ""
	for k := 0; k < 3 && i+k < len(lines); k++ {
		l := lines[i+k]
		if l.blank || l.quoted || l.gone {
			return 0
		}
		if joined == "" {
			joined = l.f
		} else {
			joined += " " + l.f
		}
		if len(joined) <= 400 && attrVerb.MatchString(joined) {
			next := i + k + 1
			for next < len(lines) && lines[next].blank {
				next++
			}
			if next < len(lines) && lines[next].quoted {
				return 0
			}
			return k + 1
		}
	}
	return 0
}
