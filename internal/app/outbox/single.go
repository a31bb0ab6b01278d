package outbox

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// One letter sent by hand (the GUI's Send reminder): the plan's proposal
// for an invoice, or another kind or language the owner chose. It is
// recorded in the dunning history like a plan's letter (source "manual"),
// after checking in the same transaction that its invoices are still
// unpaid, and queued or printed the same way.

// ManualLetter is a letter the owner sends by hand.
type ManualLetter struct {
	Kind       ledger.LetterKind
	InvoiceNos []string
	Language   ledger.Language // "" = the customer's
	AsOf       ledger.Date
}

// manualAction describes a hand-made letter for the history.
func (s *Service) manualAction(ctx context.Context, m ManualLetter, channel ledger.Channel) (dunning.Action, error) {
	req, err := s.LetterRequest(ctx, letters.LetterOptions{Kind: m.Kind, InvoiceNos: m.InvoiceNos, Language: m.Language, AsOf: m.AsOf})
	if err != nil {
		return dunning.Action{}, err
	}
	level := m.Kind.Level()
	if !m.Kind.Reminder() {
		return dunning.Action{}, core.UserErr("letter.not_a_reminder", m.Kind)
	}
	// The variant the ladder gives the customer (LetterRequest: as the
	// plan chooses it), in the language the letter is written in.
	a := dunning.Action{CustomerID: req.Customer.ID, CustomerCode: req.Customer.Code, CustomerName: req.Customer.Name, Level: level,
		Kind: m.Kind, Channel: channel, Currency: req.Currency, Language: req.Language, Variant: req.Variant}
	for _, il := range req.Invoices {
		if il.Balance <= 0 {
			continue
		}
		a.Invoices = append(a.Invoices, dunning.ActionInvoice{ID: il.Invoice.ID, Number: il.Invoice.Number, Level: level,
			IssueDate: il.Invoice.IssueDate, DueDate: il.Invoice.DueDate, Total: il.Invoice.Total.Minor, Principal: il.Balance})
		a.Principal += il.Balance
		if req.Charges {
			a.Interest += il.Interest
			a.Compensation += il.Compensation
		}
	}
	if len(a.Invoices) == 0 {
		return a, core.UserErr("letter.nothing_due", req.Customer.Code)
	}
	a.TotalDue = a.Principal + a.Interest + a.Compensation
	if level == 3 {
		a.Deadline = req.Deadline
	}
	return a, nil
}

// stillUnpaid checks, in the recording transaction, that every invoice of
// the letter still has a balance.
func stillUnpaid(ctx context.Context, b *store.Batch, a dunning.Action) error {
	for _, inv := range a.Invoices {
		i, err := b.InvoiceByNumber(ctx, inv.Number)
		found := err == nil
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		pays, err := b.PaymentsOf(ctx, i.ID)
		if err != nil {
			return err
		}
		bal := i.Total.Minor
		for _, p := range pays {
			bal -= p.Amount
		}
		if !found || bal <= 0 {
			return core.UserErr("dunning.invoice_paid", inv.Number)
		}
	}
	return nil
}

// SendLetter records a hand-made letter, queues it and sends what the
// outbox holds (this letter among them) over one connection.
func (s *Service) SendLetter(ctx context.Context, m ManualLetter, pw core.Passwords) (*SendReport, error) {
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !acct.Configured() {
		return nil, core.NoAccount()
	}
	a, err := s.manualAction(ctx, m, ledger.ChannelEmail)
	if err != nil {
		return nil, err
	}
	lock, ctx, err := s.lockSending(ctx)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	now := s.Now()
	it, err := s.emailLetterIn(ctx, a, acct, m.AsOf, now, m.Language)
	if err != nil {
		return nil, err
	}
	rep := &SendReport{}
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		if err := stillUnpaid(ctx, b, a); err != nil {
			return err
		}
		id, err := b.RecordLetter(ctx, a, m.AsOf, "manual")
		if err != nil {
			return err
		}
		it.LetterID = id
		_, err = b.Enqueue(ctx, it, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	rep.Queued = 1
	if err := s.deliver(ctx, SendOptions{AsOf: m.AsOf, Passwords: pw}, acct, rep); err != nil {
		return rep, err
	}
	return rep, nil
}
