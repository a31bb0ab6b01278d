package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// Deferred settlement, for a bulk import. Every payment written fires a
// trigger that recomputes its invoice's settled_on from the settlement
// view (a window over the invoice's payments, then an update of the
// invoice row): on a million-row export with 400,000 paid invoices that
// was more than half the import's time. DeferSettlement drops the
// triggers for the rest of the write; the importer then sets settled_on
// itself where it knows it (InsertInvoiceWithPayment) and names the other
// invoices it touched (SettleLater), which ResumeSettlement recomputes
// from the view before the triggers come back. InBatch resumes before it
// commits, so no transaction ends with the triggers missing; a rollback
// restores them anyway (the drop is part of the transaction).
//
// This is SQLite's schema (triggers and sqlite_schema), as check.go is.

// settleTriggers are the triggers that keep invoices.settled_on
// (migrations 0001 and 0012).
var settleTriggers = []string{"payments_settle_insert", "payments_settle_update", "payments_settle_delete", "invoices_settle_update"}

type settleDeferral struct {
	ddl     map[string]string // trigger name → its CREATE statement
	pending map[int64]struct{}
}

// DeferSettlement drops the settlement triggers for the rest of the batch
// (or until ResumeSettlement).
func (b *Batch) DeferSettlement(ctx context.Context) error {
	if b.settle != nil {
		return nil
	}
	d := &settleDeferral{ddl: map[string]string{}, pending: map[int64]struct{}{}}
	for _, name := range settleTriggers {
		var ddl string
		if err := b.row(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, name).Scan(&ddl); err != nil {
			return fmt.Errorf("read trigger %s: %w", name, err)
		}
		if _, err := b.db.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
			return fmt.Errorf("drop trigger %s: %w", name, err)
		}
		d.ddl[name] = ddl
	}
	b.settle = d
	return nil
}

// SettlementDeferred reports whether DeferSettlement is in force.
func (b *Batch) SettlementDeferred() bool { return b.settle != nil }

// SettleLater names an invoice whose payments, total or issue date were
// written while settlement is deferred. Without a deferral it does
// nothing (the triggers did the work).
func (b *Batch) SettleLater(invoiceID int64) {
	if b.settle != nil {
		b.settle.pending[invoiceID] = struct{}{}
	}
}

// ResumeSettlement recomputes settled_on for the invoices named by
// SettleLater and re-creates the triggers.
func (b *Batch) ResumeSettlement(ctx context.Context) error {
	d := b.settle
	if d == nil {
		return nil
	}
	for id := range d.pending {
		if _, err := b.exec(ctx, `UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = ?1)
			WHERE id = ?1`, id); err != nil {
			return fmt.Errorf("settle invoice %d: %w", id, err)
		}
	}
	for _, name := range settleTriggers {
		if _, err := b.db.ExecContext(ctx, d.ddl[name]); err != nil {
			return fmt.Errorf("re-create trigger %s: %w", name, err)
		}
	}
	b.settle = nil
	return nil
}

// InsertInvoiceWithPayment adds a new invoice and its one payment (an
// export's), with settled_on written at once (InsertInvoiceSettled).
func (q *Queries) InsertInvoiceWithPayment(ctx context.Context, inv *ledger.Invoice, p *ledger.Payment) error {
	if err := q.InsertInvoiceSettled(ctx, inv, p.Amount, p.Date); err != nil {
		return err
	}
	p.InvoiceID, p.InvoiceNumber = inv.ID, inv.Number
	return q.SavePayment(ctx, p)
}

// InsertInvoiceSettled adds a new invoice that its one payment, written
// next (InsertPayments), pays paid of on paidOn; settled_on is written at
// once: paidOn when that covers the total, the issue date for a total of
// zero, else none (what the settlement view gives for one payment). With
// settlement deferred no trigger runs; without, the payment's trigger
// computes the same.
func (q *Queries) InsertInvoiceSettled(ctx context.Context, inv *ledger.Invoice, paid int64, paidOn ledger.Date) error {
	var settled any
	switch {
	case inv.Total.Minor <= 0:
		settled = inv.IssueDate.String()
	case paid >= inv.Total.Minor:
		settled = paidOn.String()
	}
	inv.CreditorRef = ledger.StructuredReference(inv.Number, inv.Total.Currency)
	id, err := q.insert(ctx, `INSERT INTO invoices (number, customer_id, issue_date, service_date, service_end, due_date, currency, total,
		description, pdf_path, dunning_excluded, creditor_ref, settled_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
		inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded,
		inv.CreditorRef, settled)
	if err != nil {
		return fmt.Errorf("insert invoice %q: %w", inv.Number, err)
	}
	inv.ID = id
	return nil
}

// paymentsPerInsert is how many rows one INSERT of InsertPayments holds:
// one statement a row cost the million-row import from an export 5.4 s for
// its 400,000 payments, mostly the statement's own round trip.
const paymentsPerInsert = 128

// InsertPayments adds new payments (their ID is not read back), many rows
// to a statement.
func (q *Queries) InsertPayments(ctx context.Context, ps []ledger.Payment) error {
	for len(ps) > 0 {
		n := min(len(ps), paymentsPerInsert)
		query := `INSERT INTO payments (invoice_id, date, amount, method, reference, source, undated, credit_note_id) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?),", n), ",")
		args := make([]any, 0, 8*n)
		for i := range ps[:n] {
			p := &ps[i]
			args = append(args, p.InvoiceID, p.Date.String(), p.Amount, p.Method, p.Reference, p.Source, p.Undated, creditNoteID(p))
		}
		if _, err := q.exec(ctx, query, args...); err != nil {
			return fmt.Errorf("insert payments of %s…: %w", ps[0].InvoiceNumber, err)
		}
		ps = ps[n:]
	}
	return nil
}

// NewInvoice is one row of InsertInvoices: a new, validated invoice
// (CustomerID set) and what its one export payment, written next, pays of
// it (0 for none), as InsertInvoiceSettled takes them.
type NewInvoice struct {
	Inv    *ledger.Invoice
	Paid   int64
	PaidOn ledger.Date
}

// invoicesPerInsert is how many rows one INSERT of InsertInvoices holds:
// one statement a row was the largest part of the million-row import's
// writer (6.2 of its 7.6 s), mostly the statement's own round trip
// through database/sql and the driver. 14 parameters a row: 64 rows stay
// far below SQLite's 32,766 parameters.
const invoicesPerInsert = 64

// InsertInvoices adds new invoices, many rows to a statement, and sets
// each one's ID and creditor reference. settled_on is written as
// InsertInvoiceSettled writes it.
//
// The IDs are given, not read back: invoices.id is an INTEGER PRIMARY KEY
// without AUTOINCREMENT, which SQLite would make the largest plus one, and
// the batch's write transaction (BEGIN IMMEDIATE) holds the ledger's write
// lock, so the largest read here is the largest until the commit. Reading
// them back (INSERT … RETURNING, a row scanned through database/sql for
// each invoice) cost the million-row import about a second. An ID taken
// meanwhile would be refused by the primary key, never overwritten.
func (q *Queries) InsertInvoices(ctx context.Context, rows []NewInvoice) error {
	if len(rows) == 0 {
		return nil
	}
	var next int64
	if err := q.row(ctx, `SELECT coalesce(max(id), 0) + 1 FROM invoices`).Scan(&next); err != nil {
		return fmt.Errorf("insert invoices %q…: %w", rows[0].Inv.Number, err)
	}
	for len(rows) > 0 {
		n := min(len(rows), invoicesPerInsert)
		chunk := rows[:n]
		query := `INSERT INTO invoices (id, number, customer_id, issue_date, service_date, service_end, due_date, currency, total,
		description, pdf_path, dunning_excluded, creditor_ref, settled_on) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?,?,?,?,?,?,?),", n), ",")
		args := make([]any, 0, 14*n)
		for i, r := range chunk {
			inv := r.Inv
			var settled any
			switch {
			case inv.Total.Minor <= 0:
				settled = inv.IssueDate.String()
			case r.Paid > 0 && r.Paid >= inv.Total.Minor:
				settled = r.PaidOn.String()
			}
			inv.CreditorRef = ledger.StructuredReference(inv.Number, inv.Total.Currency)
			args = append(args, next+int64(i), inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
				inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded,
				inv.CreditorRef, settled)
		}
		if _, err := q.exec(ctx, query, args...); err != nil {
			return fmt.Errorf("insert invoices %q…: %w", chunk[0].Inv.Number, err)
		}
		for i, r := range chunk {
			r.Inv.ID = next + int64(i)
		}
		next += int64(n)
		rows = rows[n:]
	}
	return nil
}
