package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// InvoiceLine is an invoice with its position on a date, as listings show it.
type InvoiceLine struct {
	ledger.Invoice
	CustomerName string
	ledger.Position
}

// InvoiceFilter narrows a listing. AsOf is required: positions depend on it.
type InvoiceFilter struct {
	AsOf         ledger.Date
	OverdueOnly  bool
	Status       ledger.Status // "" for all
	CustomerCode string
	Search       string // number, customer code or name, description
	Limit        int
	Offset       int
	Order        InvoiceOrder // "" = due date
	Desc         bool
}

// invoiceListSQL builds the listing query. Whether an invoice is paid as
// of the date comes from settled_on (settled on or before the date); the
// amount paid is summed, for the listed rows only, by a correlated subquery
// over the covering index payments_invoice. When no invoice was settled
// after the date (always the case for today: payments are never dated in
// the future), "unpaid" is just settled_on IS NULL, which the partial index
// invoices_unsettled serves already in due-date order: no sort, and only the
// unsettled invoices are read. Invoices issued after the date do not exist
// yet on that date and are left out.
func invoiceListSQL(f InvoiceFilter, noneSettledAfter bool) (string, []any) {
	args := []any{f.AsOf.String()}
	where := []string{`i.issue_date <= ?1`}
	unpaid := `(i.settled_on IS NULL OR i.settled_on > ?1)`
	if noneSettledAfter {
		unpaid = `i.settled_on IS NULL`
	}
	if f.CustomerCode != "" {
		where = append(where, `i.customer_id = (SELECT id FROM customers WHERE code = ?2)`)
		args = append(args, f.CustomerCode)
	}
	status := f.Status
	if f.OverdueOnly {
		status = ledger.StatusOverdue
	}
	switch status {
	case ledger.StatusOverdue:
		where = append(where, unpaid, `i.due_date < ?1`)
	case ledger.StatusOpen:
		where = append(where, unpaid, `i.due_date >= ?1`)
	case ledger.StatusPaid:
		where = append(where, `i.settled_on <= ?1`)
	case statusUnpaid:
		where = append(where, unpaid)
	}
	if f.Search != "" {
		args = append(args, "%"+escapeLike(f.Search)+"%")
		n := len(args)
		where = append(where, fmt.Sprintf(`(i.number LIKE ?%[1]d ESCAPE '\' OR c.code LIKE ?%[1]d ESCAPE '\' OR c.name LIKE ?%[1]d ESCAPE '\' OR i.description LIKE ?%[1]d ESCAPE '\')`, n))
	}
	q := `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
		i.description, i.dunning_excluded,
		coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.date <= ?1), 0)
		` + fromSQL(f, f.Order) + `
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY ` + orderSQL(f.Order, f.Desc)
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset)
	}
	return q, args
}

// fromSQL joins invoices to their customers. Sorted by customer, the
// customers are read first, in name order (customers_name), and each
// one's invoices through invoices_customer, already in due-date order:
// CROSS JOIN keeps SQLite to that order, which it would not choose without
// statistics, and the first page of a 1,000,000-invoice ledger then needs
// no sort. One customer's invoices are few: the usual order does.
func fromSQL(f InvoiceFilter, order InvoiceOrder) string {
	if order == ByCustomer && f.CustomerCode == "" {
		return `FROM customers c CROSS JOIN invoices i ON c.id = i.customer_id`
	}
	return `FROM invoices i JOIN customers c ON c.id = i.customer_id`
}

// statusUnpaid selects open and overdue invoices together (summaries).
const statusUnpaid ledger.Status = "unpaid"

// EachInvoice streams the invoices matching f to fn, in due-date order,
// without holding them all in memory. It reads one snapshot.
func (s *Store) EachInvoice(ctx context.Context, f InvoiceFilter, fn func(InvoiceLine) error) error {
	if f.AsOf.IsZero() {
		return fmt.Errorf("list invoices: no as-of date")
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("list invoices: %w", err)
	}
	defer tx.Rollback()
	var last sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT max(settled_on) FROM invoices WHERE settled_on IS NOT NULL`).Scan(&last); err != nil {
		return fmt.Errorf("list invoices: %w", err)
	}
	q, args := invoiceListSQL(f, !last.Valid || last.String <= f.AsOf.String())
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("list invoices: %w", err)
	}
	defer rows.Close()
	var issue, due, cur string
	for rows.Next() {
		var l InvoiceLine
		if err := rows.Scan(&l.ID, &l.Number, &l.CustomerID, &l.CustomerCode, &l.CustomerName, &issue, &due, &cur, &l.Total.Minor,
			&l.Description, &l.Excluded, &l.Paid); err != nil {
			return fmt.Errorf("list invoices: %w", err)
		}
		if l.IssueDate, err = ledger.ParseISODate(issue); err != nil {
			return fmt.Errorf("invoice %s: issue date: %w", l.Number, err)
		}
		if l.DueDate, err = ledger.ParseISODate(due); err != nil {
			return fmt.Errorf("invoice %s: due date: %w", l.Number, err)
		}
		l.Total.Currency = ledger.Currency(cur)
		l.Position = ledger.PositionAsOf(l.Total.Minor, l.DueDate, l.Paid, f.AsOf)
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachUnpaidInvoice streams the invoices not fully paid as of f.AsOf (open
// and overdue), for summaries.
func (s *Store) EachUnpaidInvoice(ctx context.Context, f InvoiceFilter, fn func(InvoiceLine) error) error {
	f.Status, f.OverdueOnly = statusUnpaid, false
	return s.EachInvoice(ctx, f, fn)
}

// CountInvoicesAsOf returns the number of invoices issued on or before d.
func (s *Store) CountInvoicesAsOf(ctx context.Context, d ledger.Date) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM invoices WHERE issue_date <= ?`, d.String()).Scan(&n)
	return n, err
}

// ListInvoices returns the invoices matching f.
func (s *Store) ListInvoices(ctx context.Context, f InvoiceFilter) ([]InvoiceLine, error) {
	var out []InvoiceLine
	err := s.EachInvoice(ctx, f, func(l InvoiceLine) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// InvoiceByNumber reads one invoice with all its fields.
func (s *Store) InvoiceByNumber(ctx context.Context, number string) (ledger.Invoice, error) {
	inv, err := scanInvoice(s.db.QueryRowContext(ctx, `SELECT `+invoiceColumns+` FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.number = ?`, number))
	if err == sql.ErrNoRows {
		return inv, fmt.Errorf("invoice %q: %w", number, ErrNotFound)
	}
	if err != nil {
		return inv, fmt.Errorf("read invoice %q: %w", number, err)
	}
	return inv, nil
}

const invoiceColumns = `i.id, i.number, i.customer_id, c.code, i.issue_date, coalesce(i.service_date, ''), coalesce(i.service_end, ''),
	i.due_date, i.currency, i.total, i.description, i.pdf_path, i.dunning_excluded`

func scanInvoice(r rowScanner, extra ...any) (ledger.Invoice, error) {
	var inv ledger.Invoice
	var issue, svc, svcEnd, due, cur string
	dest := append([]any{&inv.ID, &inv.Number, &inv.CustomerID, &inv.CustomerCode, &issue, &svc, &svcEnd, &due, &cur,
		&inv.Total.Minor, &inv.Description, &inv.PDFPath, &inv.Excluded}, extra...)
	if err := r.Scan(dest...); err != nil {
		return inv, err
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
func (s *Store) CountInvoices(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM invoices`).Scan(&n)
	return n, err
}

// ExistingInvoice is a stored invoice with everything an import must check
// before it replaces it.
type ExistingInvoice struct {
	ledger.Invoice
	Paid     int64 // all payments, whatever their date
	Payments int   // number of payments
}

// ExistingInvoices returns the stored invoices by number, with their total
// paid. It is empty (and cheap) for a fresh ledger.
func (b *Batch) ExistingInvoices() (map[string]ExistingInvoice, error) {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT `+invoiceColumns+`,
		coalesce(p.paid, 0), coalesce(p.n, 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		LEFT JOIN (SELECT invoice_id, sum(amount) AS paid, count(*) AS n FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id`)
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	defer rows.Close()
	m := map[string]ExistingInvoice{}
	for rows.Next() {
		var e ExistingInvoice
		inv, err := scanInvoice(rows, &e.Paid, &e.Payments)
		if err != nil {
			return nil, fmt.Errorf("read invoices: %w", err)
		}
		e.Invoice = inv
		m[inv.Number] = e
	}
	return m, rows.Err()
}

// InsertInvoice adds a new, validated invoice; CustomerID must be set.
func (b *Batch) InsertInvoice(inv *ledger.Invoice) error {
	// A new invoice has no payments: settled when issued if its total is
	// zero, unsettled otherwise (see the settled_on column).
	st, err := b.stmt(`INSERT INTO invoices (number, customer_id, issue_date, service_date, service_end, due_date, currency, total,
		description, pdf_path, dunning_excluded, settled_on) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11, CASE WHEN ?8 <= 0 THEN ?3 END)`)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(b.ctx, inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
		inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded)
	if err != nil {
		return fmt.Errorf("insert invoice %q: %w", inv.Number, err)
	}
	inv.ID, err = res.LastInsertId()
	return err
}

// UpdateInvoice rewrites a stored invoice (by ID) with validated values.
func (b *Batch) UpdateInvoice(inv *ledger.Invoice) error {
	st, err := b.stmt(`UPDATE invoices SET number = ?, customer_id = ?, issue_date = ?, service_date = ?, service_end = ?, due_date = ?,
		currency = ?, total = ?, description = ?, pdf_path = ?, dunning_excluded = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(b.ctx, inv.Number, inv.CustomerID, inv.IssueDate.String(), nullDate(inv.ServiceDate), nullDate(inv.ServiceEnd),
		inv.DueDate.String(), string(inv.Total.Currency), inv.Total.Minor, inv.Description, inv.PDFPath, inv.Excluded, inv.ID)
	if err != nil {
		return fmt.Errorf("update invoice %q: %w", inv.Number, err)
	}
	return nil
}

// InvoiceOrder is a listing's sort.
type InvoiceOrder string

// Sorts of the GUI's invoice table.
const (
	ByDueDate  InvoiceOrder = "due"
	ByNumber   InvoiceOrder = "number"
	ByCustomer InvoiceOrder = "customer"
	ByTotal    InvoiceOrder = "total"
	ByIssued   InvoiceOrder = "issued"
)

// InvoiceIDs lists the ids of the invoices matching f, sorted: the GUI
// keeps the list (8 bytes an invoice) and reads the rows it shows, a page
// at a time, with InvoicesByID.
func (s *Store) InvoiceIDs(ctx context.Context, f InvoiceFilter, order InvoiceOrder, desc bool) ([]int64, error) {
	if f.AsOf.IsZero() {
		return nil, fmt.Errorf("list invoices: no as-of date")
	}
	f.Order, f.Desc = order, desc
	q, args := invoiceListSQL(f, false)
	// The listing's SELECT and ORDER BY are replaced: ids only.
	from := q[strings.Index(q, fromSQL(f, f.Order)):strings.Index(q, "ORDER BY")]
	rows, err := s.db.QueryContext(ctx, "SELECT i.id "+from+" ORDER BY "+orderSQL(order, desc), args...)
	if err != nil {
		return nil, fmt.Errorf("list invoices: %w", err)
	}
	defer rows.Close()
	ids := make([]int64, 0, 1024)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// InvoicesByID reads the given invoices with their position on asOf, in
// the order of ids.
func (s *Store) InvoicesByID(ctx context.Context, ids []int64, asOf ledger.Date) ([]InvoiceLine, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
		i.description, i.dunning_excluded,
		coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.date <= ?2), 0)
		FROM json_each(?1) j JOIN invoices i ON i.id = j.value JOIN customers c ON c.id = i.customer_id ORDER BY j.key`, string(js), asOf.String())
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	defer rows.Close()
	var out []InvoiceLine
	var issue, due, cur string
	for rows.Next() {
		var l InvoiceLine
		if err := rows.Scan(&l.ID, &l.Number, &l.CustomerID, &l.CustomerCode, &l.CustomerName, &issue, &due, &cur, &l.Total.Minor,
			&l.Description, &l.Excluded, &l.Paid); err != nil {
			return nil, err
		}
		l.IssueDate, _ = ledger.ParseISODate(issue)
		l.DueDate, _ = ledger.ParseISODate(due)
		l.Total.Currency = ledger.Currency(cur)
		l.Position = ledger.PositionAsOf(l.Total.Minor, l.DueDate, l.Paid, asOf)
		out = append(out, l)
	}
	return out, rows.Err()
}

// IssuedTotals sums, per currency, the invoices issued in (from, to].
func (s *Store) IssuedTotals(ctx context.Context, from, to ledger.Date) (map[ledger.Currency]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT currency, sum(total) FROM invoices WHERE issue_date > ? AND issue_date <= ? GROUP BY currency`,
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

// orderSQL is the ORDER BY of a sort.
func orderSQL(order InvoiceOrder, desc bool) string {
	col := map[InvoiceOrder]string{ByDueDate: "i.due_date, i.number", ByNumber: "i.number", ByCustomer: "c.name, c.id, i.due_date, i.id",
		ByTotal: "i.total, i.number", ByIssued: "i.issue_date, i.number"}[order]
	if col == "" {
		col = "i.due_date, i.number"
	}
	if desc {
		col = strings.ReplaceAll(col, ",", " DESC,") + " DESC"
	}
	return col
}

// CountMatching counts the invoices matching f.
func (s *Store) CountMatching(ctx context.Context, f InvoiceFilter) (int, error) {
	f.Order = ByNumber // any order but by customer: invoices are read first
	q, args := invoiceListSQL(f, false)
	from := q[strings.Index(q, fromSQL(f, f.Order)):strings.Index(q, "ORDER BY")]
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&n)
	return n, err
}
