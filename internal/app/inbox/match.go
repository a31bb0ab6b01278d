package inbox

import (
	"context"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/inbound"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// matchKeys are the batch's look-ups: our letters by Message-ID, invoices
// by number, customers by address.
type matchKeys struct {
	letters   map[string]store.LetterRef
	invoices  map[string]store.LetterRef
	customers map[string]store.LetterRef
	tokens    [][]string // each message's candidate invoice numbers
	// proofs are our proofs by Message-ID (issue 19): a message that
	// answers or returns one is the proof's, never a customer's.
	proofs map[string]int64
}

func todoHeaders[T interface{ header() mail.Header }](xs []T) []mail.Header {
	out := make([]mail.Header, len(xs))
	for i, x := range xs {
		out[i] = x.header()
	}
	return out
}

// lookups gathers the batch's keys and looks them all up.
func (s *Service) lookups(ctx context.Context, hdrs []mail.Header, msgs []*inbound.Message, results []inbound.Result) (matchKeys, error) {
	var ids, toks, addrs []string
	var k matchKeys
	for i, h := range hdrs {
		ids = append(ids, inbound.MessageIDs(h.Get("In-Reply-To"))...)
		ids = append(ids, inbound.MessageIDs(h.Get("References"))...)
		ids = append(ids, results[i].RefersTo...)
		ids = append(ids, results[i].Returned...) // RefersTo is capped; the proof must not be lost
		mine := invoiceTokens(inbound.DecodeHeader(h.Get("Subject")) + "\n" + msgs[i].Text)
		k.tokens = append(k.tokens, mine)
		toks = append(toks, mine...)
		addrs = append(addrs, inbound.FromAddress(h))
		if results[i].Recipient != "" {
			addrs = append(addrs, strings.ToLower(results[i].Recipient))
		}
	}
	var err error
	if k.letters, err = s.St.OutboxByMessageIDs(ctx, ids); err != nil {
		return k, err
	}
	if k.proofs, err = s.St.ProofsByMessageIDs(ctx, ids); err != nil {
		return k, err
	}
	if k.invoices, err = s.St.InvoiceCustomers(ctx, toks); err != nil {
		return k, err
	}
	k.customers, err = s.St.CustomersByEmail(ctx, addrs)
	return k, err
}

// proofOf finds the proof a message answers (In-Reply-To, References) or
// returns (a bounce): proofs' Message-IDs are apart from letters' (they
// begin "proof."), so a message naming one names no letter of ours.
func proofOf(k matchKeys, hdr mail.Header, res inbound.Result) (int64, bool) {
	for _, ids := range [][]string{inbound.MessageIDs(hdr.Get("In-Reply-To")), inbound.MessageIDs(hdr.Get("References")), res.RefersTo, res.Returned} {
		for _, id := range ids {
			if p, ok := k.proofs[id]; ok {
				return p, true
			}
		}
	}
	return 0, false
}

// namesProof reports whether a message answers or returns a Message-ID of
// the proofs' form.
func namesProof(hdr mail.Header, res inbound.Result) bool {
	for _, ids := range [][]string{inbound.MessageIDs(hdr.Get("In-Reply-To")), inbound.MessageIDs(hdr.Get("References")), res.RefersTo, res.Returned} {
		for _, id := range ids {
			if strings.HasPrefix(id, store.ProofPrefix) {
				return true
			}
		}
	}
	return false
}

// match finds the letter and customer a message is about, in order: our
// Message-IDs in In-Reply-To, then References; the returned message of a
// bounce; a plus tag in the address it came to; an invoice number in the
// subject or text; the sender's (or for a bounce the failed) address.
func (s *Service) match(ctx context.Context, acct rmail.Account, k matchKeys, i int, hdr mail.Header, res inbound.Result) (store.LetterRef, string, bool, error) {
	try := func(ids []string) (store.LetterRef, bool) {
		for _, id := range ids {
			if r, ok := k.letters[id]; ok {
				return r, true
			}
		}
		return store.LetterRef{}, false
	}
	if r, ok := try(inbound.MessageIDs(hdr.Get("In-Reply-To"))); ok {
		return r, "in-reply-to", true, nil
	}
	if r, ok := try(inbound.MessageIDs(hdr.Get("References"))); ok {
		return r, "references", true, nil
	}
	if r, ok := try(res.RefersTo); ok {
		if res.Class == inbound.Bounce {
			return r, "returned", true, nil
		}
		return r, "references", true, nil
	}
	if namesProof(hdr, res) {
		// An answer to a proof this ledger does not hold (another
		// ledger's, or deleted): a colleague's, never a customer's, whatever
		// invoice number it quotes.
		return store.LetterRef{}, "", false, nil
	}
	// The tag names a letter only on the owner's own address, and only
	// the first few addresses are looked at: a sender can list thousands
	// of guesses. (A bounce is never proved by it: letters go out with the
	// owner's plain address as envelope sender, so a real bounce never
	// comes to the tag.)
	for _, field := range []string{"Delivered-To", "X-Original-To", "To", "Cc"} {
		as := inbound.Addresses(hdr.Get(field))
		for _, a := range as[:min(len(as), 5)] {
			if tag := plusTag(a, acct); tag != "" {
				r, ok, err := s.St.OutboxByTag(ctx, "relance."+tag)
				if err != nil || ok {
					return r, "plus-tag", ok, err
				}
			}
		}
	}
	for _, tok := range k.tokens[i] {
		if r, ok := k.invoices[tok]; ok {
			return r, "invoice-number", true, nil
		}
	}
	addr, how := inbound.FromAddress(hdr), "sender"
	if res.Class == inbound.Bounce {
		addr, how = strings.ToLower(res.Recipient), "returned"
	}
	if r, ok := k.customers[addr]; ok && addr != "" {
		return r, how, true, nil
	}
	return store.LetterRef{}, "", false, nil
}

// invoiceTokens finds candidate invoice numbers in a text: runs of
// letters, digits and the separators - / _ . that hold a digit, 3 to 32
// characters long, at most 60 distinct ones. (A scanner rather than a
// regular expression: it runs over every message of a sync.)
func invoiceTokens(text string) []string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	seen := map[string]bool{}
	var toks []string
	isPart := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/' || r == '_' || r == '.'
	}
	start := -1
	flush := func(end int) {
		tok := strings.TrimRight(strings.TrimLeft(text[start:end], "-/_."), "-/_.")
		start = -1
		if n := utf8.RuneCountInString(tok); n < 3 || n > 32 || seen[tok] || !strings.ContainsAny(tok, "0123456789") {
			return
		}
		seen[tok] = true
		toks = append(toks, tok)
	}
	for i, r := range text {
		if isPart(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			flush(i)
			if len(toks) == 60 {
				return toks
			}
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return toks
}

// plusTag reads the letter tag of owner+r1a2b3c4d5e6@domain: exactly the
// 12 hex digits LetterMail writes, on the owner's own address (its From
// or Reply-To), so a guess is a 48-bit one.
func plusTag(addr string, acct rmail.Account) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	base, tag, ok := strings.Cut(local, "+r")
	if !ok || len(tag) != 12 {
		return ""
	}
	own := false
	for _, o := range []string{acct.FromAddress, acct.ReplyTo} {
		if ol, od, ok := strings.Cut(strings.ToLower(o), "@"); ok && ol == base && od == domain {
			own = true
		}
	}
	if !own {
		return ""
	}
	for _, r := range tag {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return ""
		}
	}
	return tag
}
