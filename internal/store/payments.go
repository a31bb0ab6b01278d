package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// The payments of invoices.

// PaymentsOf returns an invoice's payments in date order.
func (q *Queries) PaymentsOf(ctx context.Context, invoiceID int64) ([]ledger.Payment, error) {
	return q.paymentRows(ctx, `p.invoice_id = ? ORDER BY p.date, p.id`, invoiceID)
}

// paymentRows reads the payments a condition (and its order) selects,
// each with its invoice's number.
func (q *Queries) paymentRows(ctx context.Context, where string, args ...any) ([]ledger.Payment, error) {
	rows, err := q.query(ctx, `SELECT p.id, p.invoice_id, i.number, p.date, p.amount, p.method, p.reference,
		p.source, p.undated, coalesce(p.credit_note_id, 0)
		FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	defer rows.Close()
	var out []ledger.Payment
	for rows.Next() {
		var p ledger.Payment
		var date string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &p.InvoiceNumber, &date, &p.Amount, &p.Method, &p.Reference,
			&p.Source, &p.Undated, &p.CreditNoteID); err != nil {
			return nil, fmt.Errorf("read payments: %w", err)
		}
		p.Date, _ = ledger.ParseISODate(date)
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePayment inserts a payment, or updates it when p.ID is set.
func (q *Queries) SavePayment(ctx context.Context, p *ledger.Payment) error {
	if p.ID != 0 {
		if _, err := q.exec(ctx, `UPDATE payments SET date = ?, amount = ?, method = ?, reference = ?, source = ?, undated = ?,
			credit_note_id = ? WHERE id = ?`,
			p.Date.String(), p.Amount, p.Method, p.Reference, p.Source, p.Undated, creditNoteID(p), p.ID); err != nil {
			return fmt.Errorf("update payment of %s: %w", p.InvoiceNumber, err)
		}
		return nil
	}
	id, err := q.insert(ctx, `INSERT INTO payments (invoice_id, date, amount, method, reference, source, undated, credit_note_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference, p.Source, p.Undated, creditNoteID(p))
	if err != nil {
		return fmt.Errorf("insert payment of %s: %w", p.InvoiceNumber, err)
	}
	p.ID = id
	return nil
}

// creditNoteID is the column's value: NULL unless a credit is applied.
func creditNoteID(p *ledger.Payment) any {
	if p.CreditNoteID == 0 {
		return nil
	}
	return p.CreditNoteID
}

// PaymentsAfter reports whether any payment is dated after day.
func (q *Queries) PaymentsAfter(ctx context.Context, day ledger.Date) (bool, error) {
	var n int
	if err := q.row(ctx, `SELECT EXISTS (SELECT 1 FROM payments WHERE date > ?)`, day.String()).Scan(&n); err != nil {
		return false, fmt.Errorf("read payments: %w", err)
	}
	return n == 1, nil
}
