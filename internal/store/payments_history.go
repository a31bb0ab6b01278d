package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Payments by hand (issue 15): read one by id, list them, and delete one
// while keeping its row (deleted_payments, migration 0014).

// PaymentByID reads one payment with its invoice's number; ErrNotFound
// when there is none.
func (q *Queries) PaymentByID(ctx context.Context, id int64) (ledger.Payment, error) {
	ps, err := q.paymentRows(ctx, `p.id = ?`, id)
	if err != nil {
		return ledger.Payment{}, err
	}
	if len(ps) == 0 {
		return ledger.Payment{}, fmt.Errorf("payment %d: %w", id, ErrNotFound)
	}
	return ps[0], nil
}

// PaymentLine is a payment as listings show it: with its invoice's
// currency and customer.
type PaymentLine struct {
	ledger.Payment
	Currency     ledger.Currency
	CustomerCode string
}

// ListPayments returns the payments of one invoice (invoiceID), or of
// every invoice (0), in date order.
func (q *Queries) ListPayments(ctx context.Context, invoiceID int64) ([]PaymentLine, error) {
	where, args := `1 = 1`, []any{}
	if invoiceID != 0 {
		where, args = `p.invoice_id = ?`, []any{invoiceID}
	}
	rows, err := q.query(ctx, `SELECT p.id, p.invoice_id, i.number, p.date, p.amount, p.method, p.reference,
		p.source, p.undated, coalesce(p.credit_note_id, 0), i.currency, c.code
		FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN customers c ON c.id = i.customer_id
		WHERE `+where+` ORDER BY p.date, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer rows.Close()
	var out []PaymentLine
	for rows.Next() {
		var l PaymentLine
		var date string
		if err := rows.Scan(&l.ID, &l.InvoiceID, &l.InvoiceNumber, &date, &l.Amount, &l.Method, &l.Reference,
			&l.Source, &l.Undated, &l.CreditNoteID, &l.Currency, &l.CustomerCode); err != nil {
			return nil, fmt.Errorf("list payments: %w", err)
		}
		l.Date, _ = ledger.ParseISODate(date)
		out = append(out, l)
	}
	return out, rows.Err()
}

// DeletePaymentKept deletes p and keeps its row as it was in
// deleted_payments, beside the change (kind payment-deleted, recorded
// first in the same transaction) that deleted it.
func (q *Queries) DeletePaymentKept(ctx context.Context, p ledger.Payment, changeID int64) error {
	if _, err := q.exec(ctx, `INSERT INTO deleted_payments (change_id, payment_id, invoice_id, invoice_number, date, amount, method,
		reference, source, undated, credit_note_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		changeID, p.ID, p.InvoiceID, p.InvoiceNumber, p.Date.String(), p.Amount, p.Method, p.Reference, p.Source, p.Undated,
		creditNoteID(&p)); err != nil {
		return fmt.Errorf("keep deleted payment %d: %w", p.ID, err)
	}
	return q.DeletePayment(ctx, p.ID)
}

// DeletedPayment is a deleted payment's row as it was, and when and why
// it was deleted (its change).
type DeletedPayment struct {
	ledger.Payment
	Change Change
}

// DeletedPaymentsOf returns an invoice's deleted payments, oldest deletion
// first.
func (q *Queries) DeletedPaymentsOf(ctx context.Context, invoiceID int64) ([]DeletedPayment, error) {
	rows, err := q.query(ctx, `SELECT d.payment_id, coalesce(d.invoice_id, 0), d.invoice_number, d.date, d.amount, d.method, d.reference,
		d.source, d.undated, coalesce(d.credit_note_id, 0), c.id, c.at, c.who, c.customer_id, c.kind, c.detail
		FROM deleted_payments d JOIN ledger_changes c ON c.id = d.change_id WHERE d.invoice_id = ? ORDER BY c.at, c.id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("read deleted payments: %w", err)
	}
	defer rows.Close()
	var out []DeletedPayment
	for rows.Next() {
		var d DeletedPayment
		var date, at string
		if err := rows.Scan(&d.ID, &d.InvoiceID, &d.InvoiceNumber, &date, &d.Amount, &d.Method, &d.Reference, &d.Source, &d.Undated,
			&d.CreditNoteID, &d.Change.ID, &at, &d.Change.Who, &d.Change.CustomerID, &d.Change.Kind, &d.Change.Detail); err != nil {
			return nil, fmt.Errorf("read deleted payments: %w", err)
		}
		d.Date, _ = ledger.ParseISODate(date)
		d.Change.At, _ = parseChangeTime(at)
		d.Change.InvoiceID = d.InvoiceID
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetInvoiceState sets an invoice aside (void, written off) on date, for
// reason; InvoiceActive with no reason puts it back.
func (q *Queries) SetInvoiceState(ctx context.Context, invoiceID int64, state ledger.InvoiceState, reason string, date ledger.Date) error {
	if !state.Known() {
		return fmt.Errorf("set invoice state: unknown state %q", state)
	}
	day := ""
	if state != ledger.InvoiceActive {
		day = date.String()
	}
	if _, err := q.exec(ctx, `UPDATE invoices SET state = ?, state_reason = ?, state_date = ? WHERE id = ?`,
		string(state), reason, day, invoiceID); err != nil {
		return fmt.Errorf("set invoice state: %w", err)
	}
	return nil
}

// CreditNoteExists says whether a credit note has that number.
func (q *Queries) CreditNoteExists(ctx context.Context, number string) (bool, error) {
	var n int
	if err := q.row(ctx, `SELECT count(*) FROM credit_notes WHERE number = ?`, number).Scan(&n); err != nil {
		return false, fmt.Errorf("read credit notes: %w", err)
	}
	return n > 0, nil
}
