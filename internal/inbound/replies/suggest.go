package replies

import (
	"regexp"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// Kind is what a reply asks or tells.
type Kind string

const (
	Paid        Kind = "paid"         // "already paid", "j'ai payé", "virement effectué le 12/11", "платио сам", "uplatio sam"
	Promise     Kind = "promise"      // "I will pay on 15 December", "je réglerai le 15 décembre", "платићу до 15. децембра", "uplatiću do petka"
	Dispute     Kind = "dispute"      // "I dispute this invoice", "je conteste", "la prestation n'a pas été réalisée", "оспоравам", "reklamacija"
	CopyRequest Kind = "copy-request" // "please send me a copy of the invoice", "pouvez-vous me renvoyer la facture", "пошаљите ми копију фактуре"
	Consent     Kind = "consent"      // a yes to going paperless: "yes", "oui", "да", "da", "ok d'accord", "I agree" (only when the message is essentially a yes)
	Refusal     Kind = "refusal"      // a no to going paperless: "no", "non", "не", "ne"
	Contact     Kind = "contact"      // new contact details: a new email address, phone number, or postal address stated
)

// Suggestion is one action proposed to the owner, who confirms it.
type Suggestion struct {
	Kind     Kind
	Date     ledger.Date // paid: the payment date; promise: the promised date; zero when none given
	Amount   string      // as written, when an amount is stated ("1 234,56 €"), else ""
	Value    string      // contact: the new email/phone/address as written
	Evidence string      // the sentence it was drawn from, trimmed, at most 200 chars
}

// Suggest reads the new text of a reply (NewText's output) and proposes
// actions the owner confirms. today anchors relative dates ("next Friday",
// "vendredi prochain", "у петак", "demain", "tomorrow", "dans 10 jours",
// "end of the month"/"fin du mois"/"крајем месеца") and dates written
// without a year (the next such date on or after today, or today's year if
// within the last 30 days for "paid").
//
// Numeric dates are read day first ("05/12/2026" is 5 December); only when
// the second number cannot be a month ("12/15/2026") are they read the
// American way. For a payment already made a weekday means the last such
// day, today included ("j'ai payé lundi"), and a date without a year the
// most recent one when it is at most 30 days old, across New Year too;
// everything else looks forward. Suggestions come in reading order, one per
// kind (the first, completed with the date or amount a later sentence of
// the same kind gives) and one per contact value.
func Suggest(text string, today ledger.Date) []Suggestion {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	if s, ok := consentOrRefusal(text); ok {
		return []Suggestion{s}
	}
	sents := splitSentences(text)
	var out []Suggestion
	for i := range sents {
		out = append(out, fromSentence(sents, i, today)...)
	}
	return merge(out)
}

// match is a cue found in a sentence.
type match struct {
	kind       Kind
	start, end int // in the folded sentence
	needsDate  bool
}

// findCues lists the valid cues of a sentence, at most one per kind.
func findCues(s sentence) []match {
	var out []match
	for _, k := range kindOrder {
	kind:
		for _, c := range cues[k] {
			for _, m := range c.re.FindAllStringIndex(s.f.s, -1) {
				if c.negatable && negated(s, m[0], m[1]) {
					continue
				}
				if k == Paid && futureBefore(s.f.s, m[0]) {
					continue
				}
				if c.notAfter != nil {
					a, _ := s.clause(m[0])
					if c.notAfter.MatchString(s.f.s[a:m[0]]) {
						continue
					}
				}
				if k == CopyRequest && routing(s.f.s, m[1]) {
					continue
				}
				out = append(out, match{kind: k, start: m[0], end: m[1], needsDate: c.needsDate})
				break kind
			}
		}
	}
	return out
}

// negated reports a negation in the clause before or inside the cue, or
// French "pas"/"jamais"/"rien" right after it ("je ne paierai pas").
func negated(s sentence, start, end int) bool {
	a, _ := s.clause(start)
	_, b := s.clause(max(start, end-1))
	if negation.MatchString(s.f.s[a:end]) {
		return true
	}
	after := s.f.s[end:min(b, end+12)]
	return frenchAfter.MatchString(after)
}

var frenchAfter = regexp.MustCompile(`^\s*(?:pas|jamais|rien|point)\b`)

// routingTo is an address right after a copy cue about invoices in
// general: "merci d'envoyer les factures à compta@…" says where invoices
// go from now on (a contact), not that a copy is wanted.
var (
	pluralInvoices = regexp.MustCompile(`(?:factures|invoices|rechnungen)$`)
	routingTo      = regexp.MustCompile(`^\s*(?:\S+\s+){0,3}?(?:a|to|na|an|at)\s+\S+@`)
)

func routing(f string, end int) bool {
	return pluralInvoices.MatchString(f[:end]) && routingTo.MatchString(f[end:])
}

// futureBefore reports a future or modal marker within the two words
// before pos.
func futureBefore(f string, pos int) bool {
	words := strings.Fields(f[:pos])
	if len(words) > 2 {
		words = words[len(words)-2:]
	}
	return future.MatchString(strings.Join(words, " "))
}

func fromSentence(sents []sentence, i int, today ledger.Date) []Suggestion {
	s := sents[i]
	ms := findCues(s)
	var hits []dateHit
	if len(ms) > 0 {
		hits = findDates(s.f.s)
	}
	var out []Suggestion
	for _, m := range ms {
		sug := Suggestion{Kind: m.kind, Evidence: s.evidence()}
		h, ok := dateFor(s, m, ms, hits)
		if m.needsDate && !ok {
			continue
		}
		if !ok && (m.kind == Paid || m.kind == Promise) {
			h, ok = dateFromNext(sents, i)
		}
		if ok && (m.kind == Paid || m.kind == Promise) {
			sug.Date = h.resolve(today, m.kind == Paid)
		}
		if m.kind != CopyRequest {
			sug.Amount = amountNear(s, m, ms)
		}
		out = append(out, sug)
	}
	for _, v := range contactValues(sents, i) {
		out = append(out, Suggestion{Kind: Contact, Value: v, Evidence: s.evidence()})
	}
	return out
}

// dateFor picks the date of a cue: one in the clauses the cue spans (the
// first after it, else the last before it), else one in a clause holding
// no cue of its own.
func dateFor(s sentence, m match, all []match, hits []dateHit) (dateHit, bool) {
	a, _ := s.clause(m.start)
	_, b := s.clause(max(m.start, m.end-1))
	var before *dateHit
	for k := range hits {
		h := hits[k]
		if h.start >= a && h.start < b {
			if h.start >= m.start {
				return h, true
			}
			before = &hits[k]
		}
	}
	if before != nil {
		return *before, true
	}
	for _, h := range hits {
		ca, cb := s.clause(h.start)
		free := true
		for _, o := range all {
			if o.start < cb && o.end > ca {
				free = false
			}
		}
		if free {
			return h, true
		}
	}
	return dateHit{}, false
}

// dateFromNext takes the first date of the next sentence of the same
// paragraph when that sentence has no cue of its own: "I will pay. Friday
// at the latest."
func dateFromNext(sents []sentence, i int) (dateHit, bool) {
	if i+1 >= len(sents) || sents[i+1].para != sents[i].para || len(findCues(sents[i+1])) > 0 {
		return dateHit{}, false
	}
	hits := findDates(sents[i+1].f.s)
	if len(hits) == 0 {
		return dateHit{}, false
	}
	return hits[0], true
}

// merge keeps one suggestion per kind, the first, completing its date and
// amount from later ones; contact suggestions are kept per value.
func merge(in []Suggestion) []Suggestion {
	var out []Suggestion
	pos := map[Kind]int{}
	seen := map[string]bool{}
	for _, s := range in {
		if s.Kind == Contact {
			if !seen[s.Value] {
				seen[s.Value] = true
				out = append(out, s)
			}
			continue
		}
		j, ok := pos[s.Kind]
		if !ok {
			pos[s.Kind] = len(out)
			out = append(out, s)
			continue
		}
		if out[j].Date.IsZero() {
			out[j].Date = s.Date
		}
		if out[j].Amount == "" {
			out[j].Amount = s.Amount
		}
	}
	return out
}
