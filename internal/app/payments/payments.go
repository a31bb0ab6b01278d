package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Methods are the ways a payment by hand is received, as the CLI and the
// ledger spell them ("" when the owner does not say).
var Methods = []string{"transfer", "cheque", "cash", "card", "other"}

// PaymentInput is a payment received, as the owner gives it.
type PaymentInput struct {
	Invoice   string
	Date      ledger.Date // the day the money came: interest stops there
	Amount    string      // as written, in the invoice's currency
	Method    string      // one of Methods, or ""
	Reference string      // the cheque's or transfer's number; unique per invoice
	// Overpay accepts an amount above the balance: the balance is paid and
	// the rest becomes the customer's credit (a credit note of theirs,
	// applied to their oldest open invoices in that currency, else held for
	// their next invoice). Without it such an amount is refused.
	Overpay bool
}

// PaymentResult is what AddPayment recorded.
type PaymentResult struct {
	Payment ledger.Payment
	Invoice ledger.Invoice
	Balance ledger.Money // left to pay of the invoice after it
	Credit  ledger.Money // the part above the balance, now the customer's credit (Overpay)
}

// AddPayment records a payment of an invoice, received on in.Date. It is
// refused (translated, naming the value) for an unknown invoice, a void
// one, a bad amount, a date after today, an unknown method, a reference
// the invoice's payments already have, and an amount above the balance
// unless in.Overpay.
func (s *Service) AddPayment(ctx context.Context, in PaymentInput) (PaymentResult, error) {
	var res PaymentResult
	method := strings.ToLower(strings.TrimSpace(in.Method))
	if method != "" && !known(method) {
		return res, core.UserErr("hand.bad_method", in.Method, strings.Join(Methods, ", "))
	}
	if in.Date.IsZero() {
		return res, core.UserErr("hand.date_needed")
	}
	if today := s.Today(); in.Date.After(today) {
		return res, core.UserErr("hand.payment_future", in.Date.String(), today.String())
	}
	ref := strings.TrimSpace(in.Reference)
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		inv, err := invoice(ctx, b, in.Invoice)
		if err != nil {
			return err
		}
		if inv.State == ledger.InvoiceVoid {
			return core.UserErr("hand.invoice_void", inv.Number)
		}
		cur := inv.Total.Currency
		minor, err := amount(in.Amount, cur)
		if err != nil {
			return err
		}
		left, err := balance(ctx, b, inv)
		if err != nil {
			return err
		}
		left = max(left, 0)
		onInvoice, credit := minor, int64(0)
		if minor > left {
			if !in.Overpay {
				return core.UserErr("hand.payment_over_balance", money(minor, cur), inv.Number, money(left, cur))
			}
			onInvoice, credit = left, minor-left
		}
		if ref != "" {
			pays, err := b.PaymentsOf(ctx, inv.ID)
			if err != nil {
				return err
			}
			for _, p := range pays {
				if p.Reference == ref {
					return core.UserErr("hand.duplicate_reference", inv.Number, ref)
				}
			}
		}
		detail := fmt.Sprintf("%s: %s on %s", inv.Number, money(minor, cur), in.Date)
		if method != "" {
			detail += ", " + method
		}
		if ref != "" {
			detail += ", " + ref
		}
		var p ledger.Payment
		if onInvoice > 0 {
			p = ledger.Payment{InvoiceID: inv.ID, InvoiceNumber: inv.Number, Date: in.Date, Amount: onInvoice, Method: method, Reference: ref}
			if err := b.SavePayment(ctx, &p); err != nil {
				return err
			}
		}
		if credit > 0 {
			n, err := s.overpaymentCredit(ctx, b, inv, in.Date, credit, p.ID)
			if err != nil {
				return err
			}
			detail += fmt.Sprintf("; %s above the balance kept as credit %s", money(credit, cur), n.Number)
		}
		if _, err := s.record(ctx, b, ledger.ChangePaymentAdded, inv.CustomerID, inv.ID, detail); err != nil {
			return err
		}
		res = PaymentResult{Payment: p, Invoice: inv, Balance: ledger.Money{Minor: left - onInvoice, Currency: cur},
			Credit: ledger.Money{Minor: credit, Currency: cur}}
		return nil
	})
	return res, err
}

// overpaymentCredit makes the part of a payment above the balance the
// customer's credit, through issue 14's credit model: a credit note of the
// customer (numbered after the invoice and the payment) applied at once to
// their oldest open invoices in the currency, the rest held as open credit
// that later imports apply to their next invoice.
func (s *Service) overpaymentCredit(ctx context.Context, b *store.Batch, inv ledger.Invoice, date ledger.Date, minor, paymentID int64) (ledger.CreditNote, error) {
	base := "OVERPAID-" + inv.Number
	if paymentID != 0 {
		base = fmt.Sprintf("%s-%d", base, paymentID)
	}
	number, err := freeCreditNumber(ctx, b, base)
	if err != nil {
		return ledger.CreditNote{}, err
	}
	n := ledger.CreditNote{Number: number, CustomerID: inv.CustomerID, Date: date, Amount: ledger.Money{Minor: minor, Currency: inv.Total.Currency},
		Description: "overpayment of " + inv.Number}
	if err := b.SaveCreditNote(ctx, &n); err != nil {
		return n, err
	}
	_, _, err = b.ApplyCreditNote(ctx, n)
	return n, err
}

// freeCreditNumber is base, or base-2, base-3… the first no credit note
// has.
func freeCreditNumber(ctx context.Context, b *store.Batch, base string) (string, error) {
	number := base
	for k := 2; ; k++ {
		taken, err := b.CreditNoteExists(ctx, number)
		if err != nil || !taken {
			return number, err
		}
		number = fmt.Sprintf("%s-%d", base, k)
	}
}

func known(method string) bool {
	for _, m := range Methods {
		if m == method {
			return true
		}
	}
	return false
}

// Payments lists the payments of one invoice (by number), or of every
// invoice (""), in date order, with their ids.
func (s *Service) Payments(ctx context.Context, invoiceNumber string) ([]store.PaymentLine, error) {
	var id int64
	if invoiceNumber != "" {
		inv, err := s.St.InvoiceByNumber(ctx, invoiceNumber)
		if errors.Is(err, store.ErrNotFound) {
			return nil, core.UserErr("dunning.unknown_invoice", invoiceNumber)
		}
		if err != nil {
			return nil, err
		}
		id = inv.ID
	}
	return s.St.ListPayments(ctx, id)
}

// DeletePayment deletes a payment received (by id) for the reason given,
// keeping its row in the history (store.DeletePaymentKept). A credit note
// applied or an export's balance is not a payment received and is refused:
// the credit note or the export says what they are.
func (s *Service) DeletePayment(ctx context.Context, id int64, why string) (ledger.Payment, error) {
	why, err := reason(why)
	if err != nil {
		return ledger.Payment{}, err
	}
	var p ledger.Payment
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		var err error
		p, err = b.PaymentByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("hand.unknown_payment", id)
		}
		if err != nil {
			return err
		}
		if p.Source == ledger.PaymentCredit || p.Source == ledger.PaymentFromExport {
			return core.UserErr("hand.payment_not_received", id, p.InvoiceNumber)
		}
		// A bank payment is its statement entry's: deleted alone, the
		// entry would stay applied and a re-import would never pay again.
		// The bank's own reversal undoes it, as a reversal entry does.
		if p.Source == ledger.PaymentFromBank {
			return core.UserErr("hand.payment_from_bank", id, p.InvoiceNumber)
		}
		inv, err := b.InvoiceByNumber(ctx, p.InvoiceNumber)
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("%s: %s on %s (payment %d): %s", inv.Number, money(p.Amount, inv.Total.Currency), p.Date, p.ID, why)
		c, err := s.record(ctx, b, ledger.ChangePaymentDeleted, inv.CustomerID, inv.ID, detail)
		if err != nil {
			return err
		}
		return b.DeletePaymentKept(ctx, p, c.ID)
	})
	return p, err
}
