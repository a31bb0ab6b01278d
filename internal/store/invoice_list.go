package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// Invoice listings: invoices with their position on a date, filtered,
// sorted and paged.

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
func invoiceListSQL(d dialect, f InvoiceFilter, noneSettledAfter bool) (string, []any) {
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
		where = append(where, unpaid, `i.due_date < ?1`, `i.id NOT IN `+setAsideSQL(""))
	case ledger.StatusOpen:
		where = append(where, unpaid, `i.due_date >= ?1`, `i.id NOT IN `+setAsideSQL(""))
	case ledger.StatusPaid:
		where = append(where, `i.settled_on <= ?1`, `i.id NOT IN `+setAsideSQL(ledger.InvoiceVoid))
	case statusUnpaid:
		where = append(where, unpaid, `i.id NOT IN `+setAsideSQL(""))
	case ledger.StatusVoid:
		where = append(where, `i.id IN `+setAsideSQL(ledger.InvoiceVoid))
	case ledger.StatusWrittenOff:
		where = append(where, unpaid, `i.id IN `+setAsideSQL(ledger.InvoiceWrittenOff))
	}
	if f.Search != "" {
		args = append(args, "%"+escapeLike(f.Search)+"%")
		n := len(args)
		p := fmt.Sprintf("?%d", n)
		where = append(where, `(`+d.like("i.number", p)+` OR `+d.like("c.code", p)+` OR `+d.like("c.name", p)+` OR `+d.like("i.description", p)+`)`)
	}
	q := `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
		i.description, i.dunning_excluded, i.state, i.state_date,
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

// setAsideSQL selects the ids of the invoices set aside (void or written
// off) on ?1, of one state or ("") of either: a handful, read through the
// partial index invoices_state, so that the unpaid listings keep to the
// covering index of 0011 instead of reading every row for its state.
func setAsideSQL(state ledger.InvoiceState) string {
	if state != ledger.InvoiceActive {
		return `(SELECT id FROM invoices WHERE state <> '' AND state = '` + string(state) + `' AND state_date <= ?1)`
	}
	return `(SELECT id FROM invoices WHERE state <> '' AND state_date <= ?1)`
}

// EachInvoice streams the invoices matching f to fn, in due-date order,
// without holding them all in memory. It reads one snapshot.
func (q *Queries) EachInvoice(ctx context.Context, f InvoiceFilter, fn func(InvoiceLine) error) error {
	if f.AsOf.IsZero() {
		return fmt.Errorf("list invoices: no as-of date")
	}
	return q.snapshot(ctx, func(q *Queries) error {
		var last sql.NullString
		if err := q.row(ctx, `SELECT max(settled_on) FROM invoices WHERE settled_on IS NOT NULL`).Scan(&last); err != nil {
			return fmt.Errorf("list invoices: %w", err)
		}
		query, args := invoiceListSQL(q.dialect, f, !last.Valid || last.String <= f.AsOf.String())
		rows, err := q.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("list invoices: %w", err)
		}
		defer rows.Close()
		return eachLine(rows, f.AsOf, fn)
	})
}

// eachLine scans a listing's rows, each with its position on asOf.
func eachLine(rows *sql.Rows, asOf ledger.Date, fn func(InvoiceLine) error) error {
	var issue, due, cur, stateDate string
	var err error
	for rows.Next() {
		var l InvoiceLine
		if err := rows.Scan(&l.ID, &l.Number, &l.CustomerID, &l.CustomerCode, &l.CustomerName, &issue, &due, &cur, &l.Total.Minor,
			&l.Description, &l.Excluded, &l.State, &stateDate, &l.Paid); err != nil {
			return fmt.Errorf("list invoices: %w", err)
		}
		if stateDate != "" {
			if l.StateDate, err = ledger.ParseISODate(stateDate); err != nil {
				return fmt.Errorf("invoice %s: state date: %w", l.Number, err)
			}
		}
		if l.IssueDate, err = ledger.ParseISODate(issue); err != nil {
			return fmt.Errorf("invoice %s: issue date: %w", l.Number, err)
		}
		if l.DueDate, err = ledger.ParseISODate(due); err != nil {
			return fmt.Errorf("invoice %s: due date: %w", l.Number, err)
		}
		l.Total.Currency = ledger.Currency(cur)
		l.Position = ledger.PositionWithState(l.Total.Minor, l.DueDate, l.Paid, asOf, l.SetAsideOn(asOf))
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachUnpaidInvoice streams the invoices not fully paid as of f.AsOf (open
// and overdue), for summaries.
func (q *Queries) EachUnpaidInvoice(ctx context.Context, f InvoiceFilter, fn func(InvoiceLine) error) error {
	f.Status, f.OverdueOnly = statusUnpaid, false
	return q.EachInvoice(ctx, f, fn)
}

// CountInvoicesAsOf returns the number of invoices issued on or before d.
func (q *Queries) CountInvoicesAsOf(ctx context.Context, d ledger.Date) (int, error) {
	var n int
	err := q.row(ctx, `SELECT count(*) FROM invoices WHERE issue_date <= ?`, d.String()).Scan(&n)
	return n, err
}

// ListInvoices returns the invoices matching f.
func (q *Queries) ListInvoices(ctx context.Context, f InvoiceFilter) ([]InvoiceLine, error) {
	var out []InvoiceLine
	err := q.EachInvoice(ctx, f, func(l InvoiceLine) error {
		out = append(out, l)
		return nil
	})
	return out, err
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
func (q *Queries) InvoiceIDs(ctx context.Context, f InvoiceFilter, order InvoiceOrder, desc bool) ([]int64, error) {
	if f.AsOf.IsZero() {
		return nil, fmt.Errorf("list invoices: no as-of date")
	}
	f.Order, f.Desc = order, desc
	// The listing's SELECT and ORDER BY are replaced: ids only.
	from, args := invoiceListFrom(q.dialect, f)
	rows, err := q.query(ctx, "SELECT i.id "+from+" ORDER BY "+orderSQL(order, desc), args...)
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
func (q *Queries) InvoicesByID(ctx context.Context, ids []int64, asOf ledger.Date) ([]InvoiceLine, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := q.dialect.listArg(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.due_date, i.currency, i.total,
		i.description, i.dunning_excluded, i.state, i.state_date,
		coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id AND p.date <= ?2), 0)
		FROM `+q.dialect.list(1, "bigint")+` JOIN invoices i ON i.id = j.value JOIN customers c ON c.id = i.customer_id ORDER BY j.key`, list, asOf.String())
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	defer rows.Close()
	var out []InvoiceLine
	err = eachLine(rows, asOf, func(l InvoiceLine) error {
		out = append(out, l)
		return nil
	})
	return out, err
}

// invoiceListFrom is the listing's FROM and WHERE, for a SELECT of its own.
func invoiceListFrom(d dialect, f InvoiceFilter) (string, []any) {
	query, args := invoiceListSQL(d, f, false)
	return query[strings.Index(query, fromSQL(f, f.Order)):strings.Index(query, "ORDER BY")], args
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
func (q *Queries) CountMatching(ctx context.Context, f InvoiceFilter) (int, error) {
	f.Order = ByNumber // any order but by customer: invoices are read first
	from, args := invoiceListFrom(q.dialect, f)
	var n int
	err := q.row(ctx, "SELECT count(*) "+from, args...).Scan(&n)
	return n, err
}
