package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// DefaultTermDays is the payment term of an invoice added without a due
// date: 30 days, the French default where none was agreed (Code de
// commerce L441-10) and a common one elsewhere.
const DefaultTermDays = 30

// InvoiceInput is an invoice as the owner gives it (invoice add).
type InvoiceInput struct {
	Number      string
	Customer    string // its code
	IssueDate   ledger.Date
	DueDate     ledger.Date     // zero: DefaultTermDays after the issue
	Amount      string          // the total including tax, as written
	Currency    ledger.Currency // "": the company's
	Description string
}

// AddInvoice adds an invoice to a customer's ledger.
func (s *Service) AddInvoice(ctx context.Context, in InvoiceInput) (ledger.Invoice, error) {
	number := strings.TrimSpace(in.Number)
	if number == "" {
		return ledger.Invoice{}, core.UserErr("hand.number_needed")
	}
	if in.IssueDate.IsZero() {
		return ledger.Invoice{}, core.UserErr("hand.date_needed")
	}
	var inv ledger.Invoice
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		if _, err := b.InvoiceByNumber(ctx, number); err == nil {
			return core.UserErr("hand.invoice_exists", number)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		cust, err := b.CustomerByCode(ctx, in.Customer)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("cli.unknown_customer", in.Customer)
		}
		if err != nil {
			return err
		}
		cur := in.Currency
		if cur == "" {
			co, err := b.Company(ctx)
			if err != nil {
				return err
			}
			cur = co.Currency
		}
		if !cur.Valid() {
			return core.UserErr("hand.bad_currency", string(cur))
		}
		total, err := amount(in.Amount, cur)
		if err != nil {
			return err
		}
		due := in.DueDate
		if due.IsZero() {
			due = in.IssueDate.AddDays(DefaultTermDays)
		}
		if due.Before(in.IssueDate) {
			return core.UserErr("hand.due_before_issue", due.String(), in.IssueDate.String())
		}
		inv = ledger.Invoice{Number: number, CustomerID: cust.ID, CustomerCode: cust.Code, IssueDate: in.IssueDate, DueDate: due,
			Total: ledger.Money{Minor: total, Currency: cur}, Description: strings.TrimSpace(in.Description)}
		if err := inv.Validate(); err != nil {
			return fmt.Errorf("invoice %s: %w", number, err)
		}
		if err := b.InsertInvoice(ctx, &inv); err != nil {
			return err
		}
		_, err = s.record(ctx, b, ledger.ChangeInvoiceAdded, cust.ID, inv.ID,
			fmt.Sprintf("%s: %s, issued %s, due %s", inv.Number, inv.Total, inv.IssueDate, inv.DueDate))
		return err
	})
	return inv, err
}

// InvoiceEdit is what invoice edit changes; nil fields stay as they are.
type InvoiceEdit struct {
	Customer    *string
	IssueDate   *ledger.Date
	DueDate     *ledger.Date
	Amount      *string // in the invoice's currency
	Description *string
}

// EditInvoice changes an invoice. Its total cannot fall below what was
// paid of it (delete payments first, or add a credit note), and a void
// invoice is not edited.
func (s *Service) EditInvoice(ctx context.Context, number string, e InvoiceEdit) (ledger.Invoice, error) {
	var inv ledger.Invoice
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		var err error
		if inv, err = invoice(ctx, b, number); err != nil {
			return err
		}
		if inv.State == ledger.InvoiceVoid {
			return core.UserErr("hand.invoice_void", inv.Number)
		}
		var changed []string
		if e.Customer != nil && *e.Customer != inv.CustomerCode {
			cust, err := b.CustomerByCode(ctx, *e.Customer)
			if errors.Is(err, store.ErrNotFound) {
				return core.UserErr("cli.unknown_customer", *e.Customer)
			}
			if err != nil {
				return err
			}
			changed = append(changed, fmt.Sprintf("customer %s → %s", inv.CustomerCode, cust.Code))
			inv.CustomerID, inv.CustomerCode = cust.ID, cust.Code
		}
		if e.IssueDate != nil && *e.IssueDate != inv.IssueDate {
			changed = append(changed, fmt.Sprintf("issued %s → %s", inv.IssueDate, *e.IssueDate))
			inv.IssueDate = *e.IssueDate
		}
		if e.DueDate != nil && *e.DueDate != inv.DueDate {
			changed = append(changed, fmt.Sprintf("due %s → %s", inv.DueDate, *e.DueDate))
			inv.DueDate = *e.DueDate
		}
		if e.Amount != nil {
			total, err := amount(*e.Amount, inv.Total.Currency)
			if err != nil {
				return err
			}
			if total != inv.Total.Minor {
				left, err := balance(ctx, b, inv)
				if err != nil {
					return err
				}
				if paid := inv.Total.Minor - left; total < paid {
					return core.UserErr("hand.total_below_paid", money(total, inv.Total.Currency), inv.Number, money(paid, inv.Total.Currency))
				}
				changed = append(changed, fmt.Sprintf("total %s → %s", inv.Total, money(total, inv.Total.Currency)))
				inv.Total.Minor = total
			}
		}
		if e.Description != nil && strings.TrimSpace(*e.Description) != inv.Description {
			changed = append(changed, "description")
			inv.Description = strings.TrimSpace(*e.Description)
		}
		if len(changed) == 0 {
			return core.UserErr("hand.nothing_changed", inv.Number)
		}
		if inv.DueDate.Before(inv.IssueDate) {
			return core.UserErr("hand.due_before_issue", inv.DueDate.String(), inv.IssueDate.String())
		}
		if err := inv.Validate(); err != nil {
			return fmt.Errorf("invoice %s: %w", inv.Number, err)
		}
		if err := b.UpdateInvoice(ctx, &inv); err != nil {
			return err
		}
		_, err = s.record(ctx, b, ledger.ChangeInvoiceEdited, inv.CustomerID, inv.ID, inv.Number+": "+strings.Join(changed, ", "))
		return err
	})
	return inv, err
}

// VoidInvoice cancels an invoice today, for the reason given: it leaves
// the ladder and what is owed (the letters already sent stay in the
// history). An invoice with payments is not voided: they would be owed
// back; delete them, add a credit note, or write it off.
func (s *Service) VoidInvoice(ctx context.Context, number, why string) (ledger.Invoice, error) {
	return s.setAside(ctx, number, why, ledger.InvoiceVoid)
}

// WriteOffInvoice gives up on what is left of an invoice today, for the
// reason given: it leaves the ladder and is reported as written off; a
// payment that comes later is still recorded against it.
func (s *Service) WriteOffInvoice(ctx context.Context, number, why string) (ledger.Invoice, error) {
	return s.setAside(ctx, number, why, ledger.InvoiceWrittenOff)
}

func (s *Service) setAside(ctx context.Context, number, why string, state ledger.InvoiceState) (ledger.Invoice, error) {
	why, err := reason(why)
	if err != nil {
		return ledger.Invoice{}, err
	}
	today := s.Today()
	var inv ledger.Invoice
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		var err error
		if inv, err = invoice(ctx, b, number); err != nil {
			return err
		}
		if inv.State != ledger.InvoiceActive {
			return core.UserErr("hand.already_set_aside", inv.Number, i18n.M("status."+string(inv.State)))
		}
		left, err := balance(ctx, b, inv)
		if err != nil {
			return err
		}
		cur := inv.Total.Currency
		kind := ledger.ChangeInvoiceVoided
		detail := fmt.Sprintf("%s: %s: %s", inv.Number, inv.Total, why)
		switch state {
		case ledger.InvoiceVoid:
			if paid := inv.Total.Minor - left; paid > 0 {
				return core.UserErr("hand.void_has_payments", inv.Number, money(paid, cur))
			}
		case ledger.InvoiceWrittenOff:
			if left <= 0 {
				return core.UserErr("dunning.invoice_paid", inv.Number)
			}
			kind = ledger.ChangeInvoiceWrittenOff
			detail = fmt.Sprintf("%s: %s of %s: %s", inv.Number, money(left, cur), inv.Total, why)
		}
		if err := b.SetInvoiceState(ctx, inv.ID, state, why, today); err != nil {
			return err
		}
		inv.State, inv.StateReason, inv.StateDate = state, why, today
		_, err = s.record(ctx, b, kind, inv.CustomerID, inv.ID, detail)
		return err
	})
	return inv, err
}

// CreditNoteInput is a credit note the owner issues on an invoice.
type CreditNoteInput struct {
	Invoice     string
	Amount      string      // as written, in the invoice's currency
	Number      string      // "": the invoice's number + "-C1" (-C2… when taken)
	Date        ledger.Date // zero: today
	Description string
}

// CreditNoteResult is the credit note recorded and where it went.
type CreditNoteResult struct {
	Note    ledger.CreditNote
	Applied ledger.Money // applied to invoices now (the one it names first)
	Open    ledger.Money // left as the customer's credit
}

// AddCreditNote issues a credit note on an invoice and applies it through
// issue 14's credit model: to that invoice up to what is left of it, then
// to the customer's oldest open invoices in the currency; the rest is the
// customer's open credit. A credit note above the invoice's total, on a
// void invoice, or dated after today is refused.
func (s *Service) AddCreditNote(ctx context.Context, in CreditNoteInput) (CreditNoteResult, error) {
	var res CreditNoteResult
	date := in.Date
	if date.IsZero() {
		date = s.Today()
	}
	if today := s.Today(); date.After(today) {
		return res, core.UserErr("hand.credit_future", date.String(), today.String())
	}
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
		if minor > inv.Total.Minor {
			return core.UserErr("hand.credit_over_total", money(minor, cur), inv.Number, inv.Total.String())
		}
		number := strings.TrimSpace(in.Number)
		if number == "" {
			for k := 1; ; k++ {
				number = fmt.Sprintf("%s-C%d", inv.Number, k)
				taken, err := b.CreditNoteExists(ctx, number)
				if err != nil {
					return err
				}
				if !taken {
					break
				}
			}
		} else if taken, err := b.CreditNoteExists(ctx, number); err != nil {
			return err
		} else if taken {
			return core.UserErr("hand.credit_note_exists", number)
		}
		n := ledger.CreditNote{Number: number, CustomerID: inv.CustomerID, CustomerCode: inv.CustomerCode, Date: date,
			Amount: ledger.Money{Minor: minor, Currency: cur}, Invoice: inv.Number, Description: strings.TrimSpace(in.Description)}
		if err := b.SaveCreditNote(ctx, &n); err != nil {
			return err
		}
		_, applied, err := b.ApplyCreditNote(ctx, n)
		if err != nil {
			return err
		}
		n.Applied = applied
		res = CreditNoteResult{Note: n, Applied: ledger.Money{Minor: applied, Currency: cur}, Open: n.Open()}
		_, err = s.record(ctx, b, ledger.ChangeCreditNoteAdded, inv.CustomerID, inv.ID,
			fmt.Sprintf("%s on %s: %s, %s applied", n.Number, inv.Number, n.Amount, res.Applied))
		return err
	})
	return res, err
}
