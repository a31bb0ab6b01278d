package inbox

import (
	"context"
	"sort"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Event is one line of a customer's timeline.
type Event struct {
	Date ledger.Date
	Kind string // "letter", "reply", "auto-reply", "bounce", "promise", "dispute", "payment", "change"
	Text i18n.Msg
}

// CustomerTimeline is a customer's history, newest first: letters,
// replies, promises, disputes, payments and the changes made to its ledger
// (who made them), with its invoices.
func (s *Service) CustomerTimeline(ctx context.Context, code string) ([]store.InvoiceLine, []Event, error) {
	c, err := s.St.CustomerByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	invs, err := s.St.ListInvoices(ctx, store.InvoiceFilter{AsOf: s.Today(), CustomerCode: code})
	if err != nil {
		return nil, nil, err
	}
	var ev []Event
	var ids []int64
	for _, inv := range invs {
		ids = append(ids, inv.ID)
		pays, err := s.St.PaymentsOf(ctx, inv.ID)
		if err != nil {
			return nil, nil, err
		}
		// Amounts and dates as values: the CLI prints them as their String
		// says, the GUI in the owner's language.
		for _, p := range pays {
			ev = append(ev, Event{p.Date, "payment", i18n.M("timeline.payment", inv.Number, ledger.Money{Minor: p.Amount, Currency: inv.Total.Currency})})
		}
		proms, err := s.St.PromisesOf(ctx, inv.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range proms {
			ev = append(ev, Event{p.RecordedOn, "promise", i18n.M("timeline.promise", inv.Number, p.Date, p.Source)})
		}
		disps, err := s.St.DisputesOf(ctx, inv.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range disps {
			ev = append(ev, Event{d.Opened, "dispute", i18n.M("timeline.dispute", inv.Number, d.Reason)})
			if !d.Closed.IsZero() {
				ev = append(ev, Event{d.Closed, "dispute", i18n.M("timeline.dispute_closed", inv.Number, d.Outcome)})
			}
		}
	}
	letters, err := s.St.LetterHistory(ctx, ids, s.Today())
	if err != nil {
		return nil, nil, err
	}
	for _, l := range letters {
		if l.Level >= 4 {
			continue // a task for the owner, not a letter
		}
		// A registered letter says so, with the post's number once the
		// owner has entered it: the proof of a formal notice's delivery.
		msg := i18n.M("timeline.letter", string(l.Kind), l.ID)
		switch {
		case l.Tracking != "":
			msg = i18n.M("timeline.letter_tracked", string(l.Kind), l.Tracking, l.ID)
		case l.Registered:
			msg = i18n.M("timeline.letter_registered", string(l.Kind), l.ID)
		}
		ev = append(ev, Event{l.Date, "letter", msg})
	}
	resp, err := s.St.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		return nil, nil, err
	}
	for _, r := range resp {
		if r.CustomerID != c.ID {
			continue
		}
		d := ledger.DateOf(r.ReceivedAt.In(time.Local))
		msg := i18n.M("timeline."+r.Class, r.Summary)
		// Not the customer's word until the owner confirms it.
		switch r.Trust {
		case store.TrustUnknownSender:
			msg = i18n.M("timeline.untrusted", msg, i18n.M("cli.responses_unknown_sender"))
		case store.TrustUnverifiedBounce:
			msg = i18n.M("timeline.untrusted", msg, i18n.M("cli.responses_unverified"))
		}
		ev = append(ev, Event{d, r.Class, msg})
	}
	// Changes made by someone (by hand, or a bank statement applied), with
	// who made them: the ledger's history (store.RecordChange).
	changes, err := s.St.ChangesOf(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, ch := range changes {
		ev = append(ev, Event{ledger.DateOf(ch.At.In(time.Local)), "change",
			i18n.M("timeline.change", i18n.M(ch.Kind.MessageKey()), ch.Detail, ch.Who)})
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Date > ev[j].Date })
	return invs, ev, nil
}
