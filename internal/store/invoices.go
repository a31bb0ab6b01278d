package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Invoices, one by one (listings are in invoice_list.go).

// InvoiceByNumber reads one invoice with all its fields; ErrNotFound when
// there is none by that number.
func (q *Queries) InvoiceByNumber(ctx context.Context, number string) (ledger.Invoice, error) {
	inv, err := scanInvoice(q.row(ctx, `SELECT `+invoiceColumns+` FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = ?`, number))
	if isNoRows(err) {
		return inv, fmt.Errorf("invoice %q: %w", number, ErrNotFound)
	}
	if err != nil {
		return inv, fmt.Errorf("read invoice %q: %w", number, err)
	}
	return inv, nil
}

const invoiceColumns = `i.id, i.number, i.customer_id, c.code, i.issue_date, coalesce(i.service_date, ''), coalesce(i.service_end, ''),
	i.due_date, i.currency, i.total, i.description, i.pdf_path, i.dunning_excluded,
	i.state, i.state_reason, i.state_date, i.creditor_ref`

func scanInvoice(r rowScanner, extra ...any) (ledger.Invoice, error) {
	var inv ledger.Invoice
	var issue, svc, svcEnd, due, cur, stateDate string
	dest := append([]any{&inv.ID, &inv.Number, &inv.CustomerID, &inv.CustomerCode, &issue, &svc, &svcEnd, &due, &cur,
		&inv.Total.Minor, &inv.Description, &inv.PDFPath, &inv.Excluded,
		&inv.State, &inv.StateReason, &stateDate, &inv.CreditorRef}, extra...)
	if err := r.Scan(dest...); err != nil {
		return inv, err
	}
	if stateDate != "" {
		inv.StateDate, _ = ledger.ParseISODate(stateDate)
	}
	inv.Total.Currency = ledger.Currency(cur)
	inv.IssueDate, _ = ledger.ParseISODate(issue)
	inv.DueDate, _ = ledger.ParseISODate(due)
	if svc != "" {
		inv.ServiceDate, _ = ledger.ParseISODate(svc)
	}
	if svcEnd != "" {
		inv.ServiceEnd, _ = ledger.ParseISODate(svcEnd)
	}
	return inv, nil
}

// CountInvoices returns the number of invoices.
func (q *Queries) CountInvoices(ctx context.Context) (int, error) {
	var n int
	err := q.row(ctx, `SELECT count(*) FROM invoices`).Scan(&n)
	return n, err
}

// ExistingInvoice is a stored invoice with everything an import must check
// before it replaces it.
type ExistingInvoice struct {
	ledger.Invoice
	Paid     int64 // all payments, whatever their date
	Payments int   // number of payments
	// The payment from the export (ledger.PaymentFromExport), if any: a
	// newer export adjusts it instead of adding another.
	ExportID   int64
	ExportPaid int64
	CreditPaid int64 // credit notes applied
}

// PaidBesidesExport is the paid part the export's payment is reconciled
// against: every payment recorded otherwise and every credit applied.
func (e ExistingInvoice) PaidBesidesExport() int64 { return e.Paid - e.ExportPaid }

// ExistingInvoices returns the stored invoices by number, with their total
// paid. It is empty (and cheap) for a fresh ledger.
func (q *Queries) ExistingInvoices(ctx context.Context) (map[string]ExistingInvoice, error) {
	rows, err := q.query(ctx, `SELECT `+invoiceColumns+`,
		coalesce(p.paid, 0), coalesce(p.n, 0), coalesce(p.export_id, 0), coalesce(p.export_paid, 0), coalesce(p.credit_paid, 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		LEFT JOIN (SELECT invoice_id, sum(amount) AS paid, count(*) AS n,
			max(CASE WHEN source = 'export' THEN id END) AS export_id,
			sum(CASE WHEN source = 'export' THEN amount END) AS export_paid,
			sum(CASE WHEN source = 'credit' THEN amount END) AS credit_paid
			FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id`)
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	defer rows.Close()
	m := map[string]ExistingInvoice{}
	for rows.Next() {
		var e ExistingInvoice
		inv, err := scanInvoice(rows, &e.Paid, &e.Payments, &e.ExportID, &e.ExportPaid, &e.CreditPaid)
		if err != nil {
			return nil, fmt.Errorf("read invoices: %w", err)
		}
		e.Invoice = inv
		m[inv.Number] = e
	}
	return m, rows.Err()
}

// InsertInvoice adds a new, validated invoice; CustomerID must be set. Its
// state is active (a new invoice is owed) and its creditor reference is
// made from its number and currency (inv.CreditorRef is set).
func (q *Queries) InsertInvoice(ctx context.Context, inv *ledger.Invoice) error {
	inv.CreditorRef = ledger.StructuredReference(inv.Number, inv.Total.Currency)
	// A new invoice has no payments: settled when issued if its total is
	// zero, unsettled otherwise (see the settled_on column).
	id, err := q.insert(ctx, `INSERT INTO invoices (number, customer_id, issue_date, service_date, service_end, due_date, currency, total,
		description, pdf_path, dunning_excluded, creditor_ref, settled_on)
		VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12, CASE WHEN ?8 <= 0 THEN ?3 END)`,
		inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
		inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded, inv.CreditorRef)
	if err != nil {
		return fmt.Errorf("insert invoice %q: %w", inv.Number, err)
	}
	inv.ID = id
	return nil
}

// UpdateInvoice rewrites a stored invoice (by ID) with validated values,
// its creditor reference made again (the number or currency may have
// changed); its state is SetInvoiceState's.
func (q *Queries) UpdateInvoice(ctx context.Context, inv *ledger.Invoice) error {
	inv.CreditorRef = ledger.StructuredReference(inv.Number, inv.Total.Currency)
	_, err := q.exec(ctx, `UPDATE invoices SET number = ?, customer_id = ?, issue_date = ?, service_date = ?, service_end = ?, due_date = ?,
		currency = ?, total = ?, description = ?, pdf_path = ?, dunning_excluded = ?, creditor_ref = ? WHERE id = ?`,
		inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
		inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded,
		inv.CreditorRef, inv.ID)
	if err != nil {
		return fmt.Errorf("update invoice %q: %w", inv.Number, err)
	}
	return nil
}

// IssuedTotals sums, per currency, the invoices issued in (from, to].
func (q *Queries) IssuedTotals(ctx context.Context, from, to ledger.Date) (map[ledger.Currency]int64, error) {
	rows, err := q.query(ctx, `SELECT currency, sum(total) FROM invoices WHERE issue_date > ? AND issue_date <= ? GROUP BY currency`,
		from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("issued totals: %w", err)
	}
	defer rows.Close()
	out := map[ledger.Currency]int64{}
	for rows.Next() {
		var cur string
		var sum int64
		if err := rows.Scan(&cur, &sum); err != nil {
			return nil, err
		}
		out[ledger.Currency(cur)] = sum
	}
	return out, rows.Err()
}

// InvoiceCustomers finds which of the candidate numbers are invoices, each
// with its customer and the last emailed letter about it (one query).
func (q *Queries) InvoiceCustomers(ctx context.Context, numbers []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(numbers) == 0 {
		return out, nil
	}
	list, err := q.dialect.listArg(numbers)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT i.number, c.id, c.code,
		coalesce((SELECT o.id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), 0),
		coalesce((SELECT o.message_id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), '')
		FROM (SELECT DISTINCT value FROM `+q.dialect.list(1, "text")+`) j JOIN invoices i ON i.number = j.value JOIN customers c ON c.id = i.customer_id`, list)
	if err != nil {
		return nil, fmt.Errorf("find invoices by number: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var r LetterRef
		if err := rows.Scan(&n, &r.CustomerID, &r.CustomerCode, &r.OutboxID, &r.MessageID); err != nil {
			return nil, err
		}
		out[n] = r
	}
	return out, rows.Err()
}

// UnpaidInvoicesOf lists the invoice numbers a letter covered that are not
// settled on day; with letterID 0, every unpaid invoice of the customer.
func (q *Queries) UnpaidInvoicesOf(ctx context.Context, letterID, customerID int64, day string) ([]string, error) {
	query := `SELECT i.number FROM letter_invoices li JOIN invoices i ON i.id = li.invoice_id
		WHERE li.letter_id = ?1 AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.number`
	arg := letterID
	if letterID == 0 {
		query = `SELECT i.number FROM invoices i WHERE i.customer_id = ?1 AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.number`
		arg = customerID
	}
	rows, err := q.query(ctx, query, arg, day)
	if err != nil {
		return nil, fmt.Errorf("read unpaid invoices: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
