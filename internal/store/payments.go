package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// The payments of invoices.

// PaymentsOf returns an invoice's payments in date order.
func (q *Queries) PaymentsOf(ctx context.Context, invoiceID int64) ([]ledger.Payment, error) {
	rows, err := q.query(ctx, `SELECT p.id, p.invoice_id, i.number, p.date, p.amount, p.method, p.reference
		FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.invoice_id = ? ORDER BY p.date, p.id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	defer rows.Close()
	var out []ledger.Payment
	for rows.Next() {
		var p ledger.Payment
		var date string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &p.InvoiceNumber, &date, &p.Amount, &p.Method, &p.Reference); err != nil {
			return nil, err
		}
		p.Date, _ = ledger.ParseISODate(date)
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePayment inserts a payment, or updates it when p.ID is set.
func (q *Queries) SavePayment(ctx context.Context, p *ledger.Payment) error {
	if p.ID != 0 {
		if _, err := q.exec(ctx, `UPDATE payments SET date = ?, amount = ?, method = ?, reference = ? WHERE id = ?`,
			p.Date.String(), p.Amount, p.Method, p.Reference, p.ID); err != nil {
			return fmt.Errorf("update payment of %s: %w", p.InvoiceNumber, err)
		}
		return nil
	}
	id, err := q.insert(ctx, `INSERT INTO payments (invoice_id, date, amount, method, reference) VALUES (?, ?, ?, ?, ?)`,
		p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference)
	if err != nil {
		return fmt.Errorf("insert payment of %s: %w", p.InvoiceNumber, err)
	}
	p.ID = id
	return nil
}
