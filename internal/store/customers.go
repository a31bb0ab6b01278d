package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

const customerColumns = `c.id, c.code, c.name, c.contact, c.salutation, c.address1, c.address2, c.postcode, c.city, c.country,
	c.phone, c.mobile, c.language, c.kind, c.delivery, c.paperless_state, c.paperless_date, c.paperless_channel,
	c.paperless_evidence, c.dunning_excluded, c.dunning_paused_until, c.notes`

type rowScanner interface{ Scan(dest ...any) error }

func scanCustomer(r rowScanner, extra ...any) (ledger.Customer, error) {
	var c ledger.Customer
	var country, lang, kind, delivery, pstate string
	var pdate, paused sql.NullString
	dest := append([]any{&c.ID, &c.Code, &c.Name, &c.Contact, &c.Salutation, &c.Address1, &c.Address2, &c.Postcode, &c.City, &country,
		&c.Phone, &c.Mobile, &lang, &kind, &delivery, &pstate, &pdate, &c.Paperless.Channel,
		&c.Paperless.Evidence, &c.Excluded, &paused, &c.Notes}, extra...)
	if err := r.Scan(dest...); err != nil {
		return c, err
	}
	c.Country, c.Language, c.Kind, c.Delivery = ledger.Country(country), ledger.Language(lang), ledger.CustomerKind(kind), ledger.Delivery(delivery)
	c.Paperless.State = ledger.ConsentState(pstate)
	c.Paperless.Date = parseNullDate(pdate)
	c.PausedUntil = parseNullDate(paused)
	return c, nil
}

func parseNullDate(s sql.NullString) ledger.Date {
	if !s.Valid || s.String == "" {
		return 0
	}
	d, _ := ledger.ParseISODate(s.String)
	return d
}

func nullDate(d ledger.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// CustomerByCode reads one customer with its email addresses.
func (s *Store) CustomerByCode(ctx context.Context, code string) (ledger.Customer, error) {
	c, err := scanCustomer(s.db.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers c WHERE c.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read customer %q: %w", code, err)
	}
	c.Emails, err = customerEmails(ctx, s.db, c.ID)
	return c, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func customerEmails(ctx context.Context, q querier, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT address FROM customer_emails WHERE customer_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("read customer emails: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CustomerFilter narrows ListCustomers.
type CustomerFilter struct {
	Search string // matched against code, name, contact, city and email
	Limit  int    // 0: no limit
	Offset int
}

// ListCustomers returns customers ordered by code, with their emails and
// invoice counts.
func (s *Store) ListCustomers(ctx context.Context, f CustomerFilter) ([]ledger.Customer, error) {
	q := `SELECT ` + customerColumns + `,
		(SELECT count(*) FROM invoices i WHERE i.customer_id = c.id),
		coalesce((SELECT group_concat(address, char(10)) FROM (SELECT address FROM customer_emails e WHERE e.customer_id = c.id ORDER BY position)), '')
		FROM customers c`
	var args []any
	if f.Search != "" {
		q += ` WHERE c.code LIKE ?1 OR c.name LIKE ?1 OR c.contact LIKE ?1 OR c.city LIKE ?1
			OR EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id AND e.address LIKE ?1)`
		args = append(args, "%"+escapeLike(f.Search)+"%")
	}
	q += ` ORDER BY c.code`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset)
	}
	if f.Search != "" {
		q = strings.ReplaceAll(q, "LIKE ?1", `LIKE ?1 ESCAPE '\'`)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var out []ledger.Customer
	for rows.Next() {
		var emails string
		var count int
		c, err := scanCustomer(rows, &count, &emails)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		c.InvoiceCount = count
		if emails != "" {
			c.Emails = strings.Split(emails, "\n")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountCustomers returns the number of customers.
func (s *Store) CountCustomers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&n)
	return n, err
}

// SaveCustomer inserts or updates (by code) one customer and its emails.
func (s *Store) SaveCustomer(ctx context.Context, c ledger.Customer) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		b := &Batch{ctx: ctx, tx: tx}
		defer b.closeStmts()
		var err error
		id, _, err = b.upsertCustomer(c, nil)
		return err
	})
	return id, err
}

// CustomerByID reads a customer by its id.
func (s *Store) CustomerByID(ctx context.Context, id int64) (ledger.Customer, error) {
	var code string
	if err := s.db.QueryRowContext(ctx, `SELECT code FROM customers WHERE id = ?`, id).Scan(&code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ledger.Customer{}, ErrNotFound
		}
		return ledger.Customer{}, err
	}
	return s.CustomerByCode(ctx, code)
}
