// Package payments holds the changes the owner makes by hand (issue 15):
// payments received (a cheque in the post, cash, a transfer seen in the
// bank's web page), their deletion, invoices added, edited, voided or
// written off, and credit notes. Each change is one transaction with its
// line in the ledger's history (store.RecordChange: who made it, when,
// what), which the customer's timeline shows. Promises and disputes, with
// the day they were said, are the ladder's (app/ladder), which records
// their history the same way.
package payments

import (
	"context"
	"errors"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Service is the by-hand changes over one ledger.
type Service struct {
	*core.Core
}

// New makes the service.
func New(c *core.Core) *Service { return &Service{Core: c} }

// record writes a change's history line in the batch that makes it, by
// the operating-system user, now.
func (s *Service) record(ctx context.Context, b *store.Batch, kind ledger.ChangeKind, customerID, invoiceID int64, detail string) (store.Change, error) {
	c := store.Change{At: s.Now(), Who: core.Actor(), CustomerID: customerID, InvoiceID: invoiceID, Kind: kind, Detail: detail}
	err := b.RecordChange(ctx, &c)
	return c, err
}

// invoice reads an invoice in the batch; a translated refusal when there
// is none by that number.
func invoice(ctx context.Context, b *store.Batch, number string) (ledger.Invoice, error) {
	inv, err := b.InvoiceByNumber(ctx, number)
	if errors.Is(err, store.ErrNotFound) {
		return inv, core.UserErr("dunning.unknown_invoice", number)
	}
	return inv, err
}

// amount reads an amount the owner wrote in cur: a translated refusal
// naming the value when it is not one, has more decimals than the
// currency, is in another currency, or is not above zero.
func amount(s string, cur ledger.Currency) (int64, error) {
	minor, err := ledger.ParseAmount(s, cur)
	switch {
	case errors.Is(err, ledger.ErrTooManyDecimals):
		return 0, core.UserErr("hand.amount_decimals", s, string(cur), cur.MinorUnits())
	case errors.Is(err, ledger.ErrCurrencyMismatch):
		return 0, core.UserErr("hand.amount_currency", s, string(cur))
	case errors.Is(err, ledger.ErrNegativeAmount):
		return 0, core.UserErr("hand.amount_positive", s)
	case err != nil:
		return 0, core.UserErr("hand.bad_amount", s)
	case minor <= 0:
		return 0, core.UserErr("hand.amount_positive", s)
	}
	return minor, nil
}

// balance is what is left to pay of an invoice: its total less every
// payment, whatever its date.
func balance(ctx context.Context, b *store.Batch, inv ledger.Invoice) (int64, error) {
	pays, err := b.PaymentsOf(ctx, inv.ID)
	if err != nil {
		return 0, err
	}
	left := inv.Total.Minor
	for _, p := range pays {
		left -= p.Amount
	}
	return left, nil
}

// reason is a reason given, trimmed; a translated refusal when none is.
func reason(r string) (string, error) {
	r = strings.TrimSpace(r)
	if r == "" {
		return "", core.UserErr("hand.reason_needed")
	}
	return r, nil
}

// money is an amount as the history's detail writes it: "50.00 EUR",
// the same in every language (the detail is stored once).
func money(minor int64, cur ledger.Currency) string {
	return ledger.Money{Minor: minor, Currency: cur}.String()
}
