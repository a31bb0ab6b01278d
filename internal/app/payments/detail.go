package payments

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// InvoiceDetail is one invoice as the app's invoice page shows it: its
// position today, the payments received, the credit notes applied, the
// letters that named it and the changes made to it by hand or by a bank
// statement, each in the order it happened.
type InvoiceDetail struct {
	Line     store.InvoiceLine
	Payments []store.PaymentLine // money received (credit notes applied are in Credits)
	Credits  []AppliedCredit
	Letters  []SentLetter
	Changes  []store.Change
}

// AppliedCredit is a credit note's part applied to the invoice.
type AppliedCredit struct {
	Number string
	Date   ledger.Date // the credit note's date
	From   ledger.Date // the day it counts from (the payment it makes)
	Amount int64       // minor units of the invoice's currency
}

// SentLetter is a letter (or an owner's task, level 4 and over) that
// named the invoice.
type SentLetter struct {
	Date  ledger.Date
	Kind  ledger.LetterKind
	Level int
}

// InvoiceDetail reads an invoice by number. It reads outside a
// transaction: the ledger's transactions take the write lock (an import
// in relancectl would hold the page up), and a page read a moment apart
// is read again after each change made from it.
func (s *Service) InvoiceDetail(ctx context.Context, number string) (InvoiceDetail, error) {
	var d InvoiceDetail
	today := s.Today()
	b := s.St
	err := func() error {
		inv, err := b.InvoiceByNumber(ctx, number)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("dunning.unknown_invoice", number)
		}
		if err != nil {
			return err
		}
		lines, err := b.InvoicesByID(ctx, []int64{inv.ID}, today)
		if err != nil {
			return err
		}
		if len(lines) != 1 {
			return fmt.Errorf("invoice %s: %d rows read", number, len(lines))
		}
		// The invoice as read whole (the listing's row leaves out the
		// reason it was set aside and its reference), with its position.
		d.Line = lines[0]
		d.Line.Invoice = inv
		pays, err := b.ListPayments(ctx, inv.ID)
		if err != nil {
			return err
		}
		for _, p := range pays {
			if p.Source != ledger.PaymentCredit {
				d.Payments = append(d.Payments, p)
			}
		}
		credits, err := b.CreditsOf(ctx, inv.ID)
		if err != nil {
			return err
		}
		for _, c := range credits {
			d.Credits = append(d.Credits, AppliedCredit{Number: c.Number, Date: c.Date, From: c.From, Amount: c.Amount})
		}
		letters, err := b.LetterHistory(ctx, []int64{inv.ID}, today)
		if err != nil {
			return err
		}
		for _, l := range letters {
			d.Letters = append(d.Letters, SentLetter{Date: l.Date, Kind: l.Kind, Level: l.Level})
		}
		changes, err := b.ChangesOf(ctx, inv.CustomerID)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if c.InvoiceID == inv.ID {
				d.Changes = append(d.Changes, c)
			}
		}
		return nil
	}()
	if err != nil {
		return InvoiceDetail{}, fmt.Errorf("invoice %s: %w", number, err)
	}
	return d, nil
}
