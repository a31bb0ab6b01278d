package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Disputes of an invoice.

// AddDispute records a dispute.
func (q *Queries) AddDispute(ctx context.Context, d *ledger.Dispute) error {
	id, err := q.insert(ctx, `INSERT INTO disputes (invoice_id, opened, reason, closed, outcome) VALUES (?, ?, ?, ?, ?)`,
		d.InvoiceID, d.Opened.String(), d.Reason, nullDate(d.Closed), d.Outcome)
	if err != nil {
		return fmt.Errorf("record dispute: %w", err)
	}
	d.ID = id
	return nil
}

// DisputesOf returns an invoice's disputes, oldest first.
func (q *Queries) DisputesOf(ctx context.Context, invoiceID int64) ([]ledger.Dispute, error) {
	rows, err := q.query(ctx, `SELECT id, invoice_id, opened, reason, coalesce(closed, ''), outcome FROM disputes WHERE invoice_id = ? ORDER BY opened, id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("read disputes: %w", err)
	}
	defer rows.Close()
	var out []ledger.Dispute
	for rows.Next() {
		var d ledger.Dispute
		var o, c string
		if err := rows.Scan(&d.ID, &d.InvoiceID, &o, &d.Reason, &c, &d.Outcome); err != nil {
			return nil, err
		}
		d.Opened, _ = ledger.ParseISODate(o)
		if c != "" {
			d.Closed, _ = ledger.ParseISODate(c)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CloseDispute closes the invoice's open disputes on date.
func (q *Queries) CloseDispute(ctx context.Context, invoiceID int64, date ledger.Date, outcome string) (int, error) {
	res, err := q.exec(ctx, `UPDATE disputes SET closed = ?, outcome = ? WHERE invoice_id = ? AND closed IS NULL`,
		date.String(), outcome, invoiceID)
	if err != nil {
		return 0, fmt.Errorf("close dispute: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
