package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// PaymentsOf returns an invoice's payments in date order.
func (s *Store) PaymentsOf(ctx context.Context, invoiceID int64) ([]ledger.Payment, error) {
	return paymentsOf(ctx, s.db, invoiceID)
}

// PaymentsOf reads an invoice's payments inside the batch's transaction.
func (b *Batch) PaymentsOf(invoiceID int64) ([]ledger.Payment, error) {
	return paymentsOf(b.ctx, b.tx, invoiceID)
}

func paymentsOf(ctx context.Context, q querier, invoiceID int64) ([]ledger.Payment, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.invoice_id, i.number, p.date, p.amount, p.method, p.reference
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

// InvoiceByNumber reads one invoice inside the batch's transaction.
func (b *Batch) InvoiceByNumber(number string) (ledger.Invoice, bool, error) {
	st, err := b.stmt(`SELECT ` + invoiceColumns + ` FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = ?`)
	if err != nil {
		return ledger.Invoice{}, false, err
	}
	inv, err := scanInvoice(st.QueryRowContext(b.ctx, number))
	if err != nil {
		if isNoRows(err) {
			return inv, false, nil
		}
		return inv, false, fmt.Errorf("read invoice %q: %w", number, err)
	}
	return inv, true, nil
}

// SavePayment inserts a payment, or updates it when p.ID is set.
func (b *Batch) SavePayment(p *ledger.Payment) error {
	if p.ID != 0 {
		st, err := b.stmt(`UPDATE payments SET date = ?, amount = ?, method = ?, reference = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(b.ctx, p.Date.String(), p.Amount, p.Method, p.Reference, p.ID); err != nil {
			return fmt.Errorf("update payment of %s: %w", p.InvoiceNumber, err)
		}
		return nil
	}
	st, err := b.stmt(`INSERT INTO payments (invoice_id, date, amount, method, reference) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(b.ctx, p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference)
	if err != nil {
		return fmt.Errorf("insert payment of %s: %w", p.InvoiceNumber, err)
	}
	p.ID, err = res.LastInsertId()
	return err
}

// AddPromise records a promise to pay.
func (b *Batch) AddPromise(p *ledger.Promise) error {
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO promises (invoice_id, date, amount, source, recorded_on, note) VALUES (?, ?, ?, ?, ?, ?)`,
		p.InvoiceID, p.Date.String(), p.Amount, p.Source, p.RecordedOn.String(), p.Note)
	if err != nil {
		return fmt.Errorf("record promise: %w", err)
	}
	p.ID, err = res.LastInsertId()
	return err
}

// AddDispute records a dispute.
func (b *Batch) AddDispute(d *ledger.Dispute) error {
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO disputes (invoice_id, opened, reason, closed, outcome) VALUES (?, ?, ?, ?, ?)`,
		d.InvoiceID, d.Opened.String(), d.Reason, nullDate(d.Closed), d.Outcome)
	if err != nil {
		return fmt.Errorf("record dispute: %w", err)
	}
	d.ID, err = res.LastInsertId()
	return err
}

// PromisesOf returns an invoice's promises to pay, oldest first.
func (s *Store) PromisesOf(ctx context.Context, invoiceID int64) ([]ledger.Promise, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, invoice_id, date, amount, source, recorded_on, note FROM promises WHERE invoice_id = ? ORDER BY recorded_on, id`, invoiceID)
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

// DisputesOf returns an invoice's disputes, oldest first.
func (s *Store) DisputesOf(ctx context.Context, invoiceID int64) ([]ledger.Dispute, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, invoice_id, opened, reason, coalesce(closed, ''), outcome FROM disputes WHERE invoice_id = ? ORDER BY opened, id`, invoiceID)
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
