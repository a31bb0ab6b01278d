package replies

import (
	"regexp"
	"sort"
	"unicode"
	"unicode/utf8"
)

// An amount is a number with a currency before or after it: "1 234,56 €",
// "€1,234.56", "15.000 dinara", "RSD 12.000,00". A bare number is never an
// amount: it is as likely an invoice number or a date.
const (
	amountNumber   = `\d{1,3}(?:[ \x{00a0}\x{202f}.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`
	currencyBefore = `€|\$|£|(?i:eur|usd|rsd|chf|gbp|din\.?)`
	currencyAfter  = `€|\$|£|(?i:euros?|eur|usd|rsd|chf|gbp|dinara|din\.?|динара|дин\.?|евра|evra|eura)`
)

var amountRe = regexp.MustCompile(`(?:` + currencyBefore + `) ?(?:` + amountNumber + `)|(?:` + amountNumber + `)[ \x{00a0}\x{202f}]?(?:` + currencyAfter + `)`)

// amounts lists the amounts of s with their byte spans, rejecting matches
// glued to other digits or letters ("12/11 500 €" yields "500 €" only if
// written apart from the date).
func amounts(s string) [][2]int {
	var out [][2]int
	for _, m := range amountRe.FindAllStringIndex(s, -1) {
		a, b := m[0], m[1]
		if a > 0 {
			r, _ := utf8.DecodeLastRuneInString(s[:a])
			if unicode.IsDigit(r) || unicode.IsLetter(r) || r == '/' || r == '.' || r == ',' {
				continue
			}
		}
		if b < len(s) {
			r, _ := utf8.DecodeRuneInString(s[b:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		out = append(out, [2]int{a, b})
	}
	return out
}

// amountNear returns, as written, the amount in the clauses of the cue,
// else the first one in a clause that holds no other cue ("I paid 500 €
// and will pay the rest on 15/12": the 500 € is the payment's).
func amountNear(s sentence, m match, all []match) string {
	spans := amounts(s.text)
	if len(spans) == 0 {
		return ""
	}
	ca, _ := s.clause(m.start)
	_, cb := s.clause(max(m.start, m.end-1))
	for _, sp := range spans {
		p := s.f.foldedPos(sp[0])
		if p >= ca && p < cb {
			return s.text[sp[0]:sp[1]]
		}
	}
	for _, sp := range spans {
		a, b := s.clause(s.f.foldedPos(sp[0]))
		free := true
		for _, o := range all {
			if o.start < b && o.end > a {
				free = false
			}
		}
		if free {
			return s.text[sp[0]:sp[1]]
		}
	}
	return ""
}

// foldedPos returns the offset in the folded text of the source byte pos.
func (f folded) foldedPos(pos int) int {
	return sort.Search(len(f.start), func(i int) bool { return f.start[i] >= pos })
}
