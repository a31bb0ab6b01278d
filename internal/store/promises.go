package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Promises to pay an invoice.

// AddPromise records a promise to pay.
func (q *Queries) AddPromise(ctx context.Context, p *ledger.Promise) error {
	id, err := q.insert(ctx, `INSERT INTO promises (invoice_id, date, amount, source, recorded_on, note) VALUES (?, ?, ?, ?, ?, ?)`,
		p.InvoiceID, p.Date.String(), p.Amount, p.Source, p.RecordedOn.String(), p.Note)
	if err != nil {
		return fmt.Errorf("record promise: %w", err)
	}
	p.ID = id
	return nil
}

// PromisesOf returns an invoice's promises to pay, oldest first.
func (q *Queries) PromisesOf(ctx context.Context, invoiceID int64) ([]ledger.Promise, error) {
	rows, err := q.query(ctx, `SELECT id, invoice_id, date, amount, source, recorded_on, note FROM promises WHERE invoice_id = ? ORDER BY recorded_on, id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("read promises: %w", err)
	}
	defer rows.Close()
	var out []ledger.Promise
	for rows.Next() {
		var p ledger.Promise
		var d, rec string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &d, &p.Amount, &p.Source, &rec, &p.Note); err != nil {
			return nil, err
		}
		p.Date, _ = ledger.ParseISODate(d)
		p.RecordedOn, _ = ledger.ParseISODate(rec)
		out = append(out, p)
	}
	return out, rows.Err()
}
