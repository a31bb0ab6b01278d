package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Credit notes and their application (issue 14's credit model, reused by
// the payments of issue 15): a credit note is applied to invoices as
// payments of Source ledger.PaymentCredit, dated on the credit note's date,
// so it lowers the balance and the interest base from that day; what is not
// applied is the customer's open credit.

// CreditNoteByNumber reads a credit note with the amount applied so far;
// ErrNotFound when there is none by that number.
func (q *Queries) CreditNoteByNumber(ctx context.Context, number string) (ledger.CreditNote, error) {
	c, err := scanCreditNote(q.row(ctx, `SELECT `+creditNoteColumns+` FROM credit_notes n JOIN customers c ON c.id = n.customer_id
		WHERE n.number = ?`, number))
	if isNoRows(err) {
		return c, fmt.Errorf("credit note %q: %w", number, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read credit note %q: %w", number, err)
	}
	return c, nil
}

const creditNoteColumns = `n.id, n.number, n.customer_id, c.code, n.date, n.currency, n.amount, n.invoice, n.description,
	coalesce((SELECT sum(p.amount) FROM payments p WHERE p.credit_note_id = n.id), 0)`

func scanCreditNote(r rowScanner) (ledger.CreditNote, error) {
	var c ledger.CreditNote
	var date, cur string
	if err := r.Scan(&c.ID, &c.Number, &c.CustomerID, &c.CustomerCode, &date, &cur, &c.Amount.Minor, &c.Invoice,
		&c.Description, &c.Applied); err != nil {
		return c, err
	}
	c.Amount.Currency = ledger.Currency(cur)
	c.Date, _ = ledger.ParseISODate(date)
	return c, nil
}

// SaveCreditNote inserts a credit note, or updates it when c.ID is set.
func (q *Queries) SaveCreditNote(ctx context.Context, c *ledger.CreditNote) error {
	if c.ID != 0 {
		if _, err := q.exec(ctx, `UPDATE credit_notes SET customer_id = ?, date = ?, currency = ?, amount = ?, invoice = ?,
			description = ? WHERE id = ?`, c.CustomerID, c.Date.String(), c.Amount.Currency, c.Amount.Minor, c.Invoice,
			c.Description, c.ID); err != nil {
			return fmt.Errorf("update credit note %s: %w", c.Number, err)
		}
		return nil
	}
	id, err := q.insert(ctx, `INSERT INTO credit_notes (number, customer_id, date, currency, amount, invoice, description)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Number, c.CustomerID, c.Date.String(), c.Amount.Currency, c.Amount.Minor,
		c.Invoice, c.Description)
	if err != nil {
		return fmt.Errorf("insert credit note %s: %w", c.Number, err)
	}
	c.ID = id
	return nil
}

// UnapplyCreditNote removes a credit note's applications (before it is
// applied again, after a newer export changed it) and says the invoices
// they were on, in the order they were applied.
func (q *Queries) UnapplyCreditNote(ctx context.Context, id int64) ([]string, error) {
	applied, err := q.paymentRows(ctx, `p.credit_note_id = ? ORDER BY p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("read credit note applications: %w", err)
	}
	on := make([]string, len(applied))
	for i, p := range applied {
		on[i] = p.InvoiceNumber
	}
	if _, err := q.exec(ctx, `DELETE FROM payments WHERE credit_note_id = ?`, id); err != nil {
		return nil, fmt.Errorf("unapply credit note: %w", err)
	}
	return on, nil
}

// OpenCreditNotes returns the credit notes not wholly applied, oldest
// first (the order they are applied in).
func (q *Queries) OpenCreditNotes(ctx context.Context) ([]ledger.CreditNote, error) {
	return q.openCreditNotes(ctx, `SELECT `+creditNoteColumns+` FROM credit_notes n JOIN customers c ON c.id = n.customer_id
		WHERE n.amount > coalesce((SELECT sum(p.amount) FROM payments p WHERE p.credit_note_id = n.id), 0)
		ORDER BY n.date, n.id`)
}

// OpenCreditNotesOf returns one customer's credit notes not wholly
// applied, oldest first.
func (q *Queries) OpenCreditNotesOf(ctx context.Context, customerID int64) ([]ledger.CreditNote, error) {
	return q.openCreditNotes(ctx, `SELECT `+creditNoteColumns+` FROM credit_notes n JOIN customers c ON c.id = n.customer_id
		WHERE n.customer_id = ? AND n.amount > coalesce((SELECT sum(p.amount) FROM payments p WHERE p.credit_note_id = n.id), 0)
		ORDER BY n.date, n.id`, customerID)
}

func (q *Queries) openCreditNotes(ctx context.Context, query string, args ...any) ([]ledger.CreditNote, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read open credit notes: %w", err)
	}
	defer rows.Close()
	var out []ledger.CreditNote
	for rows.Next() {
		c, err := scanCreditNote(rows)
		if err != nil {
			return nil, fmt.Errorf("read open credit notes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OpenInvoice is an invoice with something left to pay.
type OpenInvoice struct {
	ID      int64
	Number  string
	Issue   ledger.Date
	Balance int64 // total minus every payment, whatever its date
}

// OpenInvoicesOf returns a customer's invoices in a currency that are not
// wholly paid, oldest first (issue date, then number); void and
// written-off ones are not open to a credit.
func (q *Queries) OpenInvoicesOf(ctx context.Context, customerID int64, cur ledger.Currency) ([]OpenInvoice, error) {
	rows, err := q.query(ctx, `SELECT id, number, issue_date, balance FROM (
		SELECT i.id, i.number, i.issue_date,
			i.total - coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id), 0) AS balance
		FROM invoices i WHERE i.customer_id = ? AND i.currency = ? AND i.state = '') WHERE balance > 0 ORDER BY issue_date, number`,
		customerID, cur)
	if err != nil {
		return nil, fmt.Errorf("read open invoices: %w", err)
	}
	defer rows.Close()
	var out []OpenInvoice
	for rows.Next() {
		var o OpenInvoice
		var issue string
		if err := rows.Scan(&o.ID, &o.Number, &issue, &o.Balance); err != nil {
			return nil, err
		}
		o.Issue, _ = ledger.ParseISODate(issue)
		out = append(out, o)
	}
	return out, rows.Err()
}

// ApplyCreditNote applies what is open of c: first to the invoice it
// references (c.Invoice, same customer and currency), up to that invoice's
// total less its payments other than the export's, lowering the export's
// payment when the invoice would be paid beyond its total (the export said
// paid; part of it was this credit); then to the customer's oldest open
// invoices in its currency. It returns the invoices it touched and the
// minor units applied now; the rest stays open credit.
func (q *Queries) ApplyCreditNote(ctx context.Context, c ledger.CreditNote) (touched []string, applied int64, err error) {
	open := c.Open().Minor
	if open <= 0 {
		return nil, 0, nil
	}
	apply := func(invID int64, number string, issue ledger.Date, part int64) error {
		date := c.Date
		if date.Before(issue) {
			// A credit older than the invoice it is applied to (held
			// credit) counts from the invoice's issue.
			date = issue
		}
		p := ledger.Payment{InvoiceID: invID, InvoiceNumber: number, Date: date, Amount: part, Method: "credit note",
			Reference: "credit:" + c.Number, Source: ledger.PaymentCredit, CreditNoteID: c.ID}
		if err := q.SavePayment(ctx, &p); err != nil {
			return fmt.Errorf("apply credit note %s to %s: %w", c.Number, number, err)
		}
		open -= part
		applied += part
		touched = append(touched, number)
		return nil
	}
	if c.Invoice != "" {
		var id, total, others, exportID, exportPaid int64
		var issue string
		err := q.row(ctx, `SELECT i.id, i.issue_date, i.total,
			coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id AND p.source <> 'export'), 0),
			coalesce((SELECT max(id) FROM payments p WHERE p.invoice_id = i.id AND p.source = 'export'), 0),
			coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id AND p.source = 'export'), 0)
			FROM invoices i WHERE i.number = ? AND i.customer_id = ? AND i.currency = ?`,
			c.Invoice, c.CustomerID, c.Amount.Currency).Scan(&id, &issue, &total, &others, &exportID, &exportPaid)
		if err != nil && !isNoRows(err) {
			return nil, 0, fmt.Errorf("read invoice %s credited by %s: %w", c.Invoice, c.Number, err)
		}
		if err == nil && total > others {
			part := min(open, total-others)
			d, _ := ledger.ParseISODate(issue)
			if err := apply(id, c.Invoice, d, part); err != nil {
				return nil, 0, err
			}
			if excess := others + part + exportPaid - total; excess > 0 && exportID != 0 {
				if exportPaid-excess == 0 {
					err = q.DeletePayment(ctx, exportID)
				} else {
					_, err = q.exec(ctx, `UPDATE payments SET amount = ? WHERE id = ?`, exportPaid-excess, exportID)
				}
				if err != nil {
					return nil, 0, fmt.Errorf("lower the export payment of %s: %w", c.Invoice, err)
				}
			}
		}
	}
	if open == 0 {
		return touched, applied, nil
	}
	invs, err := q.OpenInvoicesOf(ctx, c.CustomerID, c.Amount.Currency)
	if err != nil {
		return nil, 0, err
	}
	for _, o := range invs {
		if open == 0 {
			break
		}
		if err := apply(o.ID, o.Number, o.Issue, min(open, o.Balance)); err != nil {
			return nil, 0, err
		}
	}
	return touched, applied, nil
}

// DeletePayment removes one payment.
func (q *Queries) DeletePayment(ctx context.Context, id int64) error {
	if _, err := q.exec(ctx, `DELETE FROM payments WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete payment: %w", err)
	}
	return nil
}

// OverdueTotals is what is overdue as of a date, per currency: the balance
// as of that date of every invoice due before it (excluded ones too: it is
// what customers owe, not what will be chased), but for those void or
// written off by then.
func (q *Queries) OverdueTotals(ctx context.Context, asOf ledger.Date) ([]ledger.Money, error) {
	day := asOf.String()
	// Two scans, each on its index: the unsettled invoices (the partial
	// index of 0011, which holds currency and total), and those settled
	// after the date (few).
	const balance = `i.currency, i.total - coalesce((SELECT sum(p.amount) FROM payments p
		WHERE p.invoice_id = i.id AND p.date <= ?1), 0) AS balance`
	out, err := q.moneyRows(ctx, `SELECT currency, sum(balance) FROM (
		SELECT `+balance+` FROM invoices i WHERE i.settled_on IS NULL AND i.due_date < ?1 AND i.id NOT IN `+setAsideSQL("")+`
		UNION ALL
		SELECT `+balance+` FROM invoices i WHERE i.settled_on > ?1 AND i.due_date < ?1 AND i.id NOT IN `+setAsideSQL("")+`)
		WHERE balance > 0 GROUP BY currency ORDER BY currency`, day)
	if err != nil {
		return nil, fmt.Errorf("read overdue totals: %w", err)
	}
	return out, nil
}

// PaidParts is how an invoice's paid part is made up, for an import that
// sets the export's share.
type PaidParts struct {
	Total      int64
	Others     int64 // every payment but the export's (recorded, credits)
	ExportID   int64
	ExportPaid int64
}

// PaidPartsOf reads an invoice's PaidParts.
func (q *Queries) PaidPartsOf(ctx context.Context, invoiceID int64) (PaidParts, error) {
	var p PaidParts
	err := q.row(ctx, `SELECT i.total,
		coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id AND p.source <> 'export'), 0),
		coalesce((SELECT max(id) FROM payments p WHERE p.invoice_id = i.id AND p.source = 'export'), 0),
		coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id AND p.source = 'export'), 0)
		FROM invoices i WHERE i.id = ?`, invoiceID).Scan(&p.Total, &p.Others, &p.ExportID, &p.ExportPaid)
	if err != nil {
		return p, fmt.Errorf("read the payments of invoice %d: %w", invoiceID, err)
	}
	return p, nil
}
