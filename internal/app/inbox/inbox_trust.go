package inbox

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/inbound"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// Mail from strangers never changes what Relance sends (issue 12). An
// invoice number is printed on every letter, so it proves nothing about
// who wrote a message; our Message-IDs are random and only the
// recipients of a letter have seen them.
//
//   - A bounce changes the outbox only with proof: it returns one of our
//     Message-IDs (or came to the letter's plus tag) and names a recipient
//     of that very letter. Its effect is then on that address alone.
//     Without proof it is an unverified bounce, with no effect until the
//     owner confirms it.
//   - A reply answering one of our Message-IDs (or our plus tag) is the
//     customer's, whoever forwarded it. One matched only by an invoice
//     number, from an address that is neither the customer's nor of the
//     customer's own domain (a public provider's never counts), is from
//     an unknown sender: it pauses no one, and its suggestions wait for
//     the owner to confirm the sender.
//   - A message the owner's own provider found unauthenticated (DMARC or
//     SPF failure in its Authentication-Results) is handled like one from
//     an unknown sender.

// maxRetries bounds the retries of a letter to one address after soft
// bounces: past it, the address is left to the owner (the remote server
// already tried for days before each of them).
const maxRetries = 3

// provenBy reports whether a match is proof that the message is about
// that letter: it names our Message-ID, or came to the letter's tag.
func provenBy(match string) bool {
	return match == "in-reply-to" || match == "references" || match == "plus-tag"
}

// A bounce is proved only by the Message-ID it returns (bounceLetter);
// the plus tag is not proof for one: letters go out with the owner's
// plain address as envelope sender, so a genuine bounce never comes to
// the tag, and only a forger would write it there.

// bounceLetter picks the letter a bounce proves to be about: the first of
// its returned Message-IDs that is ours. ok is false without proof.
func bounceLetter(k matchKeys, res inbound.Result) (store.LetterRef, bool) {
	for _, id := range res.Returned {
		if r, ok := k.letters[id]; ok {
			return r, true
		}
	}
	return store.LetterRef{}, false
}

// judge sets a message's trust, in the sync's batch, before it is
// recorded; it returns, for a proven bounce, the recipient of the letter
// it is about.
func judge(ctx context.Context, b *store.Batch, sn *seen) (string, error) {
	// A bounce returning our random Message-ID is proof whatever its
	// authentication says: many mail systems send unsigned reports from a
	// domain whose DMARC policy they then fail.
	if sn.auth.Untrusted && !(sn.result.Class == inbound.Bounce && sn.proof) {
		sn.row.Trust = store.TrustUnknownSender
		if sn.result.Class == inbound.Bounce {
			sn.row.Trust = store.TrustUnverifiedBounce
		}
		sn.row.TrustNote = core.Note("inbox.trust_auth_failed", sn.auth.Reason)
		return "", nil
	}
	switch sn.result.Class {
	case inbound.Bounce:
		if !sn.matched || sn.row.OutboxID == 0 || !sn.proof {
			sn.row.Trust, sn.row.TrustNote = store.TrustUnverifiedBounce, core.Note("inbox.trust_no_proof")
			return "", nil
		}
		l, err := b.BouncedLetter(ctx, sn.row.OutboxID)
		if err != nil {
			return "", err
		}
		if addr, ok := recipientOf(l.To, sn.result.Addresses); ok {
			return addr, nil
		}
		sn.row.Trust, sn.row.TrustNote = store.TrustUnverifiedBounce, core.Note("inbox.trust_not_recipient", strings.Join(sn.result.Addresses, ", "))
		return "", nil
	case inbound.Reply, inbound.AutoReply:
		if !sn.matched || provenBy(sn.row.Match) {
			return "", nil
		}
		// Matched by the sender's address or an invoice number alone: the
		// From field is the sender's word. Where the owner's provider
		// stamped its checks, it must have authenticated the From domain
		// (an SPF pass proves only the envelope domain, which the sender
		// chooses).
		if sn.auth.Stamped && !sn.auth.Aligned {
			sn.row.Trust, sn.row.TrustNote = store.TrustUnknownSender, core.Note("inbox.trust_not_authenticated", sn.auth.Reason)
			return "", nil
		}
		if sn.row.Match == "sender" {
			return "", nil
		}
		addrs, err := b.CustomerAddresses(ctx, sn.row.CustomerID)
		if err != nil {
			return "", err
		}
		if !customersSender(sn.row.From, addrs) {
			sn.row.Trust, sn.row.TrustNote = store.TrustUnknownSender, core.Note("inbox.trust_not_customers", sn.row.From, sn.letter.CustomerCode)
		}
	}
	return "", nil
}

// customersSender: the address is one of the customer's, or of the same
// organisation as one of them (never a public mail provider's domain).
func customersSender(from string, addrs []string) bool {
	if from == "" {
		return false
	}
	for _, a := range addrs {
		if strings.EqualFold(a, from) || inbound.SameOrganisation(a, from) {
			return true
		}
	}
	return false
}

// recipientOf finds which of a letter's recipients a bounce names.
func recipientOf(to, named []string) (string, bool) {
	for _, n := range named {
		n = normalAddress(n)
		for _, a := range to {
			if normalAddress(a) == n && n != "" {
				return a, true
			}
		}
	}
	return "", false
}

// normalAddress compares addresses as mail servers do: the domain without
// case (and in IDNA form when it can be), the local part as written but
// for case (every server we know treats it so).
func normalAddress(a string) string {
	a = strings.ToLower(strings.TrimSpace(strings.Trim(a, "<>")))
	local, domain, ok := strings.Cut(a, "@")
	if !ok {
		return a
	}
	if d, err := idna.Lookup.ToASCII(domain); err == nil {
		domain = d
	}
	return local + "@" + domain
}

// bounceEffects carries out a proven bounce for one recipient of a letter:
// a hard bounce flags that address, and offers the letter for print when
// no address of the customer received it; a soft bounce whose remote
// attempts ended queues the letter again to that address alone; a delay
// notice is only noted.
func (s *Service) bounceEffects(ctx context.Context, b *store.Batch, outboxID int64, addr string, hard, delayed bool, status, diagnostic string, now time.Time) error {
	l, err := b.BouncedLetter(ctx, outboxID)
	if err != nil {
		return err
	}
	if hard {
		if err := b.FlagAddresses(ctx, []string{addr}, "bounce: "+shorten(status+" "+diagnostic, 200), l.ID, now); err != nil {
			return err
		}
		unreached, err := b.Unreached(ctx, l.Root)
		if err != nil || !unreached {
			return err
		}
		return b.OfferForPrint(ctx, l.Root, core.Note("inbox.bounced", addr, status))
	}
	if delayed {
		return nil
	}
	// Only a bounce of the newest row to that address retries: a late or
	// repeated report about an earlier one (the first row, or a retry
	// already followed by another) is only noted.
	total, later, err := b.Retries(ctx, l.Root, addr, l.ID)
	if err != nil || later > 0 || total >= maxRetries {
		return err
	}
	first, err := b.OutboxMessage(ctx, l.Root)
	if err != nil {
		return err
	}
	raw := first.Message
	_, domain, _ := strings.Cut(l.Sender, "@")
	mid := rmail.NewMessageID(domain)
	msg, err := rmail.Reissue(raw, mid)
	if err != nil {
		return err
	}
	_, err = b.AddRetry(ctx, l, addr, mid, msg, core.Note("inbox.soft_bounce", addr, status), now)
	return err
}

// ConfirmResponse is the owner vouching for a message Relance did not
// trust: a reply from an unknown sender then counts as the customer's (it
// pauses their letters until reviewed, and its suggestions can be
// applied); an unverified bounce has its effects, on the address it names
// when that is a recipient of the letter (or, with no letter, an address
// of a customer). It says what it did.
func (s *Service) ConfirmResponse(ctx context.Context, id int64) (i18n.Msg, error) {
	var done i18n.Msg
	now := s.Now()
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		m, err := b.Response(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("inbox.no_such", id)
		}
		if err != nil {
			return err
		}
		if m.Trust == store.TrustOK {
			return core.UserErr("inbox.nothing_to_confirm", id)
		}
		if err := b.ConfirmTrust(ctx, id, now); err != nil {
			return err
		}
		if m.Class != string(inbound.Bounce) {
			done = i18n.M("inbox.confirmed_sender", m.From)
			return nil
		}
		named := m.BounceAddresses
		if len(named) == 0 && m.Recipient != "" {
			named = []string{m.Recipient}
		}
		if m.OutboxID != 0 {
			l, err := b.BouncedLetter(ctx, m.OutboxID)
			if err != nil {
				return err
			}
			if addr, ok := recipientOf(l.To, named); ok {
				done = i18n.M("inbox.confirmed_bounce", addr)
				return s.bounceEffects(ctx, b, l.ID, addr, m.Hard, m.Delayed, m.Status, m.Summary, now)
			}
		}
		// No letter of ours names that address: a hard bounce still says
		// the address is dead, if it is a customer's.
		if m.Hard && m.CustomerID != 0 {
			addrs, err := b.CustomerAddresses(ctx, m.CustomerID)
			if err != nil {
				return err
			}
			for _, n := range named {
				if i := slices.IndexFunc(addrs, func(a string) bool { return normalAddress(a) == normalAddress(n) }); i >= 0 {
					done = i18n.M("inbox.confirmed_bounce", addrs[i])
					return b.FlagAddresses(ctx, []string{addrs[i]}, "bounce: "+shorten(m.Status+" "+m.Summary, 200), 0, now)
				}
			}
		}
		done = i18n.M("inbox.confirmed_no_effect")
		return nil
	})
	return done, err
}
