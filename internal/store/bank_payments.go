package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// The payments a bank entry made (source 'bank', migration 0015) and the
// credit its excess became.

// InsertBankPayment records a payment made of a bank entry: dated on the
// booking day (interest stops there), method transfer, its reference the
// entry's key.
func (q *Queries) InsertBankPayment(ctx context.Context, entryID int64, p *ledger.Payment) error {
	id, err := q.insert(ctx, `INSERT INTO payments (invoice_id, date, amount, method, reference, source, bank_entry_id)
		VALUES (?, ?, ?, ?, ?, 'bank', ?)`, p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference, entryID)
	if err != nil {
		return fmt.Errorf("insert bank payment of %s: %w", p.InvoiceNumber, err)
	}
	p.ID, p.Source = id, ledger.PaymentFromBank
	return nil
}

// BankEntryPayments are the payments made of an entry.
func (q *Queries) BankEntryPayments(ctx context.Context, entryID int64) ([]ledger.Payment, error) {
	return q.paymentRows(ctx, `p.bank_entry_id = ? ORDER BY p.id`, entryID)
}

// SetCreditNoteBankEntry ties a credit note to the entry whose excess it
// holds, so that a reversal of the entry removes it.
func (q *Queries) SetCreditNoteBankEntry(ctx context.Context, creditNoteID, entryID int64) error {
	if _, err := q.exec(ctx, `UPDATE credit_notes SET bank_entry_id = ? WHERE id = ?`, entryID, creditNoteID); err != nil {
		return fmt.Errorf("tie credit note to bank entry: %w", err)
	}
	return nil
}

// UndoBankEntry removes what an entry made: its payments, and the credit
// note of its excess with that credit's applications. It returns the
// payments and the credit notes removed, and the invoices whose payments
// changed (to settle again when the triggers are deferred).
func (q *Queries) UndoBankEntry(ctx context.Context, entryID int64) (removed []ledger.Payment, credits []ledger.CreditNote, touched []int64, err error) {
	removed, err = q.BankEntryPayments(ctx, entryID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range removed {
		touched = append(touched, p.InvoiceID)
	}
	applied, err := q.paymentRows(ctx, `p.credit_note_id IN (SELECT id FROM credit_notes WHERE bank_entry_id = ?)`, entryID)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range applied {
		touched = append(touched, p.InvoiceID)
	}
	if _, err := q.exec(ctx, `DELETE FROM payments WHERE bank_entry_id = ?`, entryID); err != nil {
		return nil, nil, nil, fmt.Errorf("remove the payments of bank entry %d: %w", entryID, err)
	}
	if credits, err = q.openCreditNotes(ctx, `SELECT `+creditNoteColumns+` FROM credit_notes n JOIN customers c ON c.id = n.customer_id
		WHERE n.bank_entry_id = ? ORDER BY n.id`, entryID); err != nil {
		return nil, nil, nil, fmt.Errorf("read the credit of bank entry %d: %w", entryID, err)
	}
	// The credit's applications first, by a plain delete, so the
	// settlement triggers recompute their invoices.
	if _, err := q.exec(ctx, `DELETE FROM payments WHERE credit_note_id IN (SELECT id FROM credit_notes WHERE bank_entry_id = ?)`,
		entryID); err != nil {
		return nil, nil, nil, fmt.Errorf("remove the credit of bank entry %d: %w", entryID, err)
	}
	if _, err := q.exec(ctx, `DELETE FROM credit_notes WHERE bank_entry_id = ?`, entryID); err != nil {
		return nil, nil, nil, fmt.Errorf("remove the credit of bank entry %d: %w", entryID, err)
	}
	return removed, credits, touched, nil
}

// BankPayment is a payment to make of a bank entry.
type BankPayment struct {
	EntryID int64
	ledger.Payment
}

// InsertBankPayments records payments made of bank entries, many to a
// statement (InsertBankPayment's columns).
func (q *Queries) InsertBankPayments(ctx context.Context, ps []BankPayment) error {
	return insertRows(ctx, q, `INSERT INTO payments (invoice_id, date, amount, method, reference, source, bank_entry_id) VALUES `,
		"(?,?,?,?,?,'bank',?)", "", len(ps), func(i int, args []any) []any {
			p := &ps[i]
			return append(args, p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference, p.EntryID)
		})
}

// SetSettledOn records the day invoices were settled, for an import that
// deferred the settlement triggers and knows it: the payment that paid
// the rest, when no payment of the invoice is dated after it. One
// statement a day (a year's statement settles tens of thousands of
// invoices over a few hundred days).
func (q *Queries) SetSettledOn(ctx context.Context, settled map[int64]ledger.Date) error {
	byDay := map[ledger.Date][]int64{}
	for id, day := range settled {
		byDay[day] = append(byDay[day], id)
	}
	for day, ids := range byDay {
		list, err := q.dialect.listArg(ids)
		if err != nil {
			return err
		}
		if _, err := q.exec(ctx, `UPDATE invoices SET settled_on = ?1 WHERE id IN (SELECT j.value FROM `+q.dialect.list(2, "bigint")+`)`,
			day.String(), list); err != nil {
			return fmt.Errorf("settle invoices on %s: %w", day, err)
		}
	}
	return nil
}
