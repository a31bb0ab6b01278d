package outbox

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// A hand-made letter printed from the Send reminder dialog: made first
// (PrintLetter: the PDF, nothing recorded), saved or printed by the
// front end, then recorded as sent by post only when the owner says it
// went in the post (MarkLetterPosted), after checking in the recording
// transaction that it is still the letter printed.

// PrintedLetter is a hand-made letter's PDF and what it says.
type PrintedLetter struct {
	Manual   ManualLetter
	Customer string // its customer's code
	Kind     ledger.LetterKind
	PDF      []byte
	Pages    int
	action   dunning.Action // the figures printed, for the check
	posted   bool
}

// PrintLetter makes a hand-made letter's PDF (with its invoices) for the
// post; nothing is recorded.
func (s *Service) PrintLetter(ctx context.Context, m ManualLetter, foldMarks bool) (*PrintedLetter, error) {
	a, err := s.manualAction(ctx, m, ledger.ChannelPostal)
	if err != nil {
		return nil, err
	}
	doc, err := s.Letter(ctx, letters.LetterOptions{Kind: m.Kind, InvoiceNos: m.InvoiceNos, Language: m.Language, AsOf: m.AsOf,
		FoldMarks: foldMarks, WithCopies: true, Variant: letters.VariantOption(a.Variant)})
	if err != nil {
		return nil, err
	}
	pdf, err := doc.PDF()
	if err != nil {
		return nil, err
	}
	return &PrintedLetter{Manual: m, Customer: a.CustomerCode, Kind: m.Kind, PDF: pdf, Pages: doc.Pages(), action: a}, nil
}

// MarkLetterPosted records a printed letter as sent by post on its date
// (source "manual"). In the write transaction (which holds the ledger's
// write lock, so what is read cannot change) the letter is made again
// from the ledger: if an invoice was paid or its figures moved since it
// was printed, nothing is recorded and Dropped says why (print it again).
func (s *Service) MarkLetterPosted(ctx context.Context, p *PrintedLetter) (*letters.Posted, error) {
	if p.posted {
		return nil, core.UserErr("printing.already_posted")
	}
	out := &letters.Posted{AsOf: p.Manual.AsOf}
	info := letters.BatchLetter{CustomerCode: p.Customer, Kind: p.Kind, Pages: p.Pages}
	// Named as a batch's letters are (the tracking numbers' form lists it).
	if c, err := s.St.CustomerByCode(ctx, p.Customer); err == nil {
		info.Name, info.Postcode, info.City = c.Name, c.Postcode, c.City
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		now, err := s.manualAction(ctx, p.Manual, ledger.ChannelPostal)
		var ue *core.UserError
		if errors.As(err, &ue) && ue.Msg.Key == "letter.nothing_due" {
			out.Dropped = append(out.Dropped, letters.PostedDrop{CustomerCode: p.Customer,
				Reason: i18n.M("printing.posted_paid", p.Customer, invoiceNumbers(p.action))})
			return nil
		}
		if err != nil {
			return err
		}
		if err := stillUnpaid(ctx, b, now); err != nil {
			if errors.As(err, &ue) {
				out.Dropped = append(out.Dropped, letters.PostedDrop{CustomerCode: p.Customer, Reason: ue.Msg})
				return nil
			}
			return err
		}
		if !sameFigures(now, p.action) {
			out.Dropped = append(out.Dropped, letters.PostedDrop{CustomerCode: p.Customer, Reason: i18n.M("printing.posted_changed", p.Customer)})
			return nil
		}
		id, err := b.RecordLetter(ctx, now, p.Manual.AsOf, "manual")
		if err != nil {
			return err
		}
		info.LetterID = id // what its tracking number is entered against
		out.Recorded = append(out.Recorded, info)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.posted = len(out.Recorded) > 0
	return out, nil
}

// sameFigures: the letter made now says what the one printed says.
func sameFigures(now, printed dunning.Action) bool {
	if now.Kind != printed.Kind || now.Variant != printed.Variant || now.TotalDue != printed.TotalDue || now.Principal != printed.Principal ||
		now.Interest != printed.Interest || now.Compensation != printed.Compensation || len(now.Invoices) != len(printed.Invoices) {
		return false
	}
	for i := range now.Invoices {
		if now.Invoices[i].Number != printed.Invoices[i].Number || now.Invoices[i].Principal != printed.Invoices[i].Principal {
			return false
		}
	}
	return true
}

func invoiceNumbers(a dunning.Action) string {
	s := ""
	for i, inv := range a.Invoices {
		if i > 0 {
			s += ", "
		}
		s += inv.Number
	}
	return s
}
