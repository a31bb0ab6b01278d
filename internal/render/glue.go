package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// glue joins the words a line must not separate, as typesetters do with a
// no-break space, so the templates need none: a number sign and its number
// ("n° 12", "No. 12", "Nr. 12", "бр. 12", "§ 288", "Abs. 2", "art. 1344",
// "n° F2026-0107"),
// an amount and its currency or percent sign ("12,40 %", "1 234 RSD"), a
// short number and the word it counts ("8 jours", "30 days"), and in
// French the spaced punctuation (";", ":", "!", "?", "»" stay with the word
// before, "«" with the word after). A joined group is one word of the line,
// its inner space kept at its natural width.
func glue(lang string, words []string) []string {
	out := words[:0:0]
	for _, w := range words {
		if w == "" {
			continue
		}
		if n := len(out); n > 0 && joins(lang, out[n-1], w) {
			out[n-1] += " " + w
			continue
		}
		out = append(out, w)
	}
	return out
}

// numberSigns are the abbreviations that introduce a number.
var numberSigns = map[string]bool{
	"n°": true, "N°": true, "nº": true, "Nº": true, "No.": true, "no.": true, "Nr.": true, "nr.": true, "№": true,
	"бр.": true, "br.": true, "§": true, "§§": true, "Abs.": true, "al.": true, "art.": true, "Art.": true,
	"чл.": true, "čl.": true, "p.": true, "pp.": true, "s.": true, "S.": true,
}

// unitWord: what follows an amount: currency signs, ISO 4217 codes, percent.
func unitWord(w string) bool {
	w = strings.TrimRight(w, ".,;:)")
	switch w {
	case "€", "$", "£", "%", "‰", "din.", "дин.":
		return true
	}
	return currencyCodes[w]
}

// currencyCodes are the ISO 4217 codes letters print after an amount
// (those of ledger's currencies); any three capitals would take "BGB".
var currencyCodes = map[string]bool{
	"EUR": true, "RSD": true, "GBP": true, "USD": true, "CHF": true, "BAM": true, "HUF": true, "RON": true,
	"BGN": true, "MKD": true, "PLN": true, "CZK": true, "SEK": true, "DKK": true, "NOK": true, "CAD": true, "JPY": true,
}

func joins(lang, prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	// The group's first word decides for a number sign: "n° 12".
	head := prev
	if i := strings.LastIndexByte(prev, ' '); i >= 0 {
		head = prev[i+1:]
	}
	// Cheap tests first: this runs for every word of a letter.
	switch {
	case len(head) <= 6 && numberSigns[head] && strings.ContainsAny(next, "0123456789"): // "n° 12", "n° F2026-0107"
		return true
	case unicode.IsDigit(last) && len(next) <= 9 && unitWord(next):
		return true
	case len(prev) <= 3 && isShortNumber(prev) && unicode.IsLower(first): // a lone number, not "n° 12"
		return true
	case len(head) <= 3 && isInitial(head): // "P. J.", "J. Martin"
		return true
	}
	if lang == "fr" {
		switch next {
		case ";", ":", "!", "?", "»", "!»", "?»", ":»":
			return true
		}
		if strings.HasSuffix(prev, "«") {
			return true
		}
	}
	return false
}

// isShortNumber: one to three digits ("8", "30", "120"), the counts that
// read badly at a line's end.
func isShortNumber(w string) bool {
	if len(w) == 0 || len(w) > 3 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isInitial: a capital and a full stop ("J."), an initial or one letter of
// an abbreviation, which never ends a line.
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n > 0 && unicode.IsUpper(r) && w[n:] == "."
}
