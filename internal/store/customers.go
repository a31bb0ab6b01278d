package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// The customers table and its customer_emails.

const customerColumns = `c.id, c.code, c.name, c.contact, c.salutation, c.address1, c.address2, c.postcode, c.city, c.country,
	c.phone, c.mobile, c.language, c.kind, c.delivery, c.paperless_state, c.paperless_date, c.paperless_channel,
	c.paperless_evidence, c.dunning_excluded, c.dunning_paused_until, c.notes, c.title, c.gender`

func scanCustomer(r rowScanner, extra ...any) (ledger.Customer, error) {
	var c ledger.Customer
	var country, lang, kind, delivery, pstate, gender string
	var pdate, paused sql.NullString
	dest := append([]any{&c.ID, &c.Code, &c.Name, &c.Contact, &c.Salutation, &c.Address1, &c.Address2, &c.Postcode, &c.City, &country,
		&c.Phone, &c.Mobile, &lang, &kind, &delivery, &pstate, &pdate, &c.Paperless.Channel,
		&c.Paperless.Evidence, &c.Excluded, &paused, &c.Notes, &c.Title, &gender}, extra...)
	if err := r.Scan(dest...); err != nil {
		return c, err
	}
	c.Country, c.Language, c.Kind, c.Delivery = ledger.Country(country), ledger.Language(lang), ledger.CustomerKind(kind), ledger.Delivery(delivery)
	c.Paperless.State = ledger.ConsentState(pstate)
	c.Gender = ledger.Gender(gender)
	c.Paperless.Date = parseNullDate(pdate)
	c.PausedUntil = parseNullDate(paused)
	return c, nil
}

// CustomerByCode reads one customer with its email addresses. An import
// asks once a row: the error text is made only for an error.
func (q *Queries) CustomerByCode(ctx context.Context, code string) (ledger.Customer, error) {
	c, err := scanCustomer(q.row(ctx, `SELECT `+customerColumns+` FROM customers c WHERE c.code = ?`, code))
	if isNoRows(err) {
		return c, fmt.Errorf("customer %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read customer %q: %w", code, err)
	}
	c.Emails, err = q.CustomerAddresses(ctx, c.ID)
	return c, err
}

// CustomerAddresses lists a customer's email addresses, in their order.
func (q *Queries) CustomerAddresses(ctx context.Context, customerID int64) ([]string, error) {
	rows, err := q.query(ctx, `SELECT address FROM customer_emails WHERE customer_id = ? ORDER BY position`, customerID)
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

// CustomerIDs maps every customer code to its id.
func (q *Queries) CustomerIDs(ctx context.Context) (map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT code, id FROM customers`)
	if err != nil {
		return nil, fmt.Errorf("read customer codes: %w", err)
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		m[code] = id
	}
	return m, rows.Err()
}

// CustomerFilter narrows ListCustomers.
type CustomerFilter struct {
	Search string // matched against code, name, contact, city and email
	Limit  int    // 0: no limit
	Offset int
}

// ListCustomers returns customers ordered by code, with their emails and
// invoice counts.
func (q *Queries) ListCustomers(ctx context.Context, f CustomerFilter) ([]ledger.Customer, error) {
	query := `SELECT ` + customerColumns + `,
		(SELECT count(*) FROM invoices i WHERE i.customer_id = c.id),
		coalesce((SELECT string_agg(e.address, '` + "\n" + `' ORDER BY e.position) FROM customer_emails e WHERE e.customer_id = c.id), '')
		FROM customers c`
	var args []any
	if f.Search != "" {
		d := q.dialect
		query += ` WHERE ` + d.like("c.code", "?1") + ` OR ` + d.like("c.name", "?1") + ` OR ` + d.like("c.contact", "?1") +
			` OR ` + d.like("c.city", "?1") + `
			OR EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id AND ` + d.like("e.address", "?1") + `)`
		args = append(args, "%"+escapeLike(f.Search)+"%")
	}
	query += ` ORDER BY c.code`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, f.Offset)
	}
	rows, err := q.query(ctx, query, args...)
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
		c.Emails = lines(emails)
		out = append(out, c)
	}
	return out, rows.Err()
}

// escapeLike escapes a LIKE pattern's wildcards with '\' (the dialect's
// like says ESCAPE '\').
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountCustomers returns the number of customers.
func (q *Queries) CountCustomers(ctx context.Context) (int, error) {
	var n int
	err := q.row(ctx, `SELECT count(*) FROM customers`).Scan(&n)
	return n, err
}

// SaveCustomer validates a customer and inserts it, or updates the one
// with its code, with its email addresses: in one transaction of its own
// on the database, in the batch's in a batch.
func (q *Queries) SaveCustomer(ctx context.Context, c ledger.Customer) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := q.inTx(ctx, func(q *Queries) error {
		var err error
		id, err = q.upsertCustomer(ctx, c)
		return err
	})
	return id, err
}

func (q *Queries) upsertCustomer(ctx context.Context, c ledger.Customer) (int64, error) {
	args := []any{c.Name, c.Contact, c.Salutation, c.Address1, c.Address2, c.Postcode, c.City, string(c.Country),
		c.Phone, c.Mobile, string(c.Language), string(c.Kind), string(c.Delivery), string(orNone(c.Paperless.State)),
		nullDate(c.Paperless.Date), c.Paperless.Channel, c.Paperless.Evidence, c.Excluded, nullDate(c.PausedUntil), c.Notes,
		c.Title, string(c.Gender), c.Code}
	var id int64
	switch err := q.row(ctx, `SELECT id FROM customers WHERE code = ?`, c.Code).Scan(&id); {
	case isNoRows(err):
		id, err = q.insert(ctx, `INSERT INTO customers (name, contact, salutation, address1, address2, postcode, city, country,
			phone, mobile, language, kind, delivery, paperless_state, paperless_date, paperless_channel, paperless_evidence,
			dunning_excluded, dunning_paused_until, notes, title, gender, code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, args...)
		if err != nil {
			return 0, fmt.Errorf("save customer %q: %w", c.Code, err)
		}
	case err != nil:
		return 0, fmt.Errorf("save customer %q: %w", c.Code, err)
	default:
		if _, err := q.exec(ctx, `UPDATE customers SET name = ?, contact = ?, salutation = ?, address1 = ?, address2 = ?, postcode = ?,
			city = ?, country = ?, phone = ?, mobile = ?, language = ?, kind = ?, delivery = ?, paperless_state = ?,
			paperless_date = ?, paperless_channel = ?, paperless_evidence = ?, dunning_excluded = ?, dunning_paused_until = ?,
			notes = ?, title = ?, gender = ? WHERE code = ?`, args...); err != nil {
			return 0, fmt.Errorf("save customer %q: %w", c.Code, err)
		}
		if _, err := q.exec(ctx, `DELETE FROM customer_emails WHERE customer_id = ?`, id); err != nil {
			return 0, fmt.Errorf("save customer %q emails: %w", c.Code, err)
		}
	}
	for i, e := range c.Emails {
		if _, err := q.exec(ctx, `INSERT INTO customer_emails (customer_id, position, address) VALUES (?, ?, ?)`, id, i, e); err != nil {
			return 0, fmt.Errorf("save customer %q email %q: %w", c.Code, e, err)
		}
	}
	return id, nil
}

func orNone(s ledger.ConsentState) ledger.ConsentState {
	if s == "" {
		return ledger.ConsentNone
	}
	return s
}

// CustomersByEmail finds the customers the addresses belong to, ignoring
// case (lower-case keys; one query); an address of two customers is the
// older one's.
func (q *Queries) CustomersByEmail(ctx context.Context, addrs []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(addrs) == 0 {
		return out, nil
	}
	list, err := q.dialect.listArg(addrs)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT lower(e.address), c.id, c.code FROM (SELECT DISTINCT value FROM `+q.dialect.list(1, "text")+`) j
		JOIN customer_emails e ON `+q.dialect.equalFold("e.address", "j.value")+` JOIN customers c ON c.id = e.customer_id ORDER BY c.id DESC`, list)
	if err != nil {
		return nil, fmt.Errorf("find customers by email: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var r LetterRef
		if err := rows.Scan(&a, &r.CustomerID, &r.CustomerCode); err != nil {
			return nil, err
		}
		out[a] = r // the lowest id wins (rows come highest first)
	}
	return out, rows.Err()
}

// CustomerKey is what an invoice import matches a customer on when the
// export names it instead of giving its code.
type CustomerKey struct {
	ID     int64
	Code   string
	Name   string
	Emails []string
}

// CustomerKeys returns every customer's code, name and addresses.
func (q *Queries) CustomerKeys(ctx context.Context) ([]CustomerKey, error) {
	rows, err := q.query(ctx, `SELECT c.id, c.code, c.name,
		coalesce((SELECT string_agg(e.address, '`+"\n"+`' ORDER BY e.position) FROM customer_emails e WHERE e.customer_id = c.id), '')
		FROM customers c ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	var out []CustomerKey
	for rows.Next() {
		var k CustomerKey
		var emails string
		if err := rows.Scan(&k.ID, &k.Code, &k.Name, &emails); err != nil {
			return nil, fmt.Errorf("read customers: %w", err)
		}
		if emails != "" {
			k.Emails = strings.Split(emails, "\n")
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
