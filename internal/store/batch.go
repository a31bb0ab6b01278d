package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Batch is one write transaction over the ledger, used by imports: every
// check that needs the ledger reads through the same transaction that
// writes, so what was validated is what gets written, and a failure
// anywhere rolls back everything.
type Batch struct {
	ctx      context.Context
	tx       *sql.Tx
	st       map[string]*sql.Stmt
	deferred map[string]string // index name → CREATE statement, while dropped
}

// errDryRun makes Batch roll back a transaction that succeeded.
var errDryRun = errors.New("dry run")

// InBatch runs fn in one transaction. With dryRun, fn runs to the end (so
// every check happens against the real ledger) and is then rolled back.
func (s *Store) InBatch(ctx context.Context, dryRun bool, fn func(b *Batch) error) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		b := &Batch{ctx: ctx, tx: tx, st: map[string]*sql.Stmt{}}
		defer b.closeStmts()
		if err := fn(b); err != nil {
			return err
		}
		if err := b.RestoreInvoiceIndexes(); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

func (b *Batch) closeStmts() {
	for _, st := range b.st {
		st.Close()
	}
}

// stmt prepares q once per batch.
func (b *Batch) stmt(q string) (*sql.Stmt, error) {
	if b.st == nil {
		b.st = map[string]*sql.Stmt{}
	}
	if st, ok := b.st[q]; ok {
		return st, nil
	}
	st, err := b.tx.PrepareContext(b.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	b.st[q] = st
	return st, nil
}

// CustomerIDs maps every customer code to its id.
func (b *Batch) CustomerIDs() (map[string]int64, error) {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT code, id FROM customers`)
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

// CustomersByCode reads the existing customers among codes, with emails.
func (b *Batch) CustomersByCode(codes []string) (map[string]ledger.Customer, error) {
	out := map[string]ledger.Customer{}
	for _, code := range codes {
		st, err := b.stmt(`SELECT ` + customerColumns + ` FROM customers c WHERE c.code = ?`)
		if err != nil {
			return nil, err
		}
		c, err := scanCustomer(st.QueryRowContext(b.ctx, code))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read customer %q: %w", code, err)
		}
		if c.Emails, err = customerEmails(b.ctx, b.tx, c.ID); err != nil {
			return nil, err
		}
		out[code] = c
	}
	return out, nil
}

// SaveCustomer inserts or updates (by code) a validated customer. existing is
// the stored record when there is one (from CustomersByCode).
func (b *Batch) SaveCustomer(c ledger.Customer, existing *ledger.Customer) (id int64, created bool, err error) {
	return b.upsertCustomer(c, existing)
}

func (b *Batch) upsertCustomer(c ledger.Customer, _ *ledger.Customer) (int64, bool, error) {
	args := []any{c.Name, c.Contact, c.Salutation, c.Address1, c.Address2, c.Postcode, c.City, string(c.Country),
		c.Phone, c.Mobile, string(c.Language), string(c.Kind), string(c.Delivery), string(orNone(c.Paperless.State)),
		nullDate(c.Paperless.Date), c.Paperless.Channel, c.Paperless.Evidence, c.Excluded, nullDate(c.PausedUntil), c.Notes, c.Code}
	find, err := b.stmt(`SELECT id FROM customers WHERE code = ?`)
	if err != nil {
		return 0, false, err
	}
	var id int64
	created := false
	switch err := find.QueryRowContext(b.ctx, c.Code).Scan(&id); {
	case isNoRows(err):
		created = true
		ins, err := b.stmt(`INSERT INTO customers (name, contact, salutation, address1, address2, postcode, city, country,
			phone, mobile, language, kind, delivery, paperless_state, paperless_date, paperless_channel, paperless_evidence,
			dunning_excluded, dunning_paused_until, notes, code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			return 0, false, err
		}
		res, err := ins.ExecContext(b.ctx, args...)
		if err != nil {
			return 0, false, fmt.Errorf("save customer %q: %w", c.Code, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, false, err
		}
	case err != nil:
		return 0, false, fmt.Errorf("save customer %q: %w", c.Code, err)
	default:
		upd, err := b.stmt(`UPDATE customers SET name = ?, contact = ?, salutation = ?, address1 = ?, address2 = ?, postcode = ?,
			city = ?, country = ?, phone = ?, mobile = ?, language = ?, kind = ?, delivery = ?, paperless_state = ?,
			paperless_date = ?, paperless_channel = ?, paperless_evidence = ?, dunning_excluded = ?, dunning_paused_until = ?,
			notes = ? WHERE code = ?`)
		if err != nil {
			return 0, false, err
		}
		if _, err := upd.ExecContext(b.ctx, args...); err != nil {
			return 0, false, fmt.Errorf("save customer %q: %w", c.Code, err)
		}
		del, err := b.stmt(`DELETE FROM customer_emails WHERE customer_id = ?`)
		if err != nil {
			return 0, false, err
		}
		if _, err := del.ExecContext(b.ctx, id); err != nil {
			return 0, false, fmt.Errorf("save customer %q emails: %w", c.Code, err)
		}
	}
	add, err := b.stmt(`INSERT INTO customer_emails (customer_id, position, address) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, false, err
	}
	for i, e := range c.Emails {
		if _, err := add.ExecContext(b.ctx, id, i, e); err != nil {
			return 0, false, fmt.Errorf("save customer %q email %q: %w", c.Code, e, err)
		}
	}
	return id, created, nil
}

func orNone(s ledger.ConsentState) ledger.ConsentState {
	if s == "" {
		return ledger.ConsentNone
	}
	return s
}

// bulkIndexes are the secondary indexes of invoices that a bulk import
// rebuilds instead of updating row by row: inserting a million rows into
// two randomly ordered B-trees costs more than the inserts themselves,
// while CREATE INDEX sorts once.
var bulkIndexes = []string{"invoices_customer", "invoices_unsettled"}

// DeferInvoiceIndexes drops the secondary invoice indexes for the rest of
// the batch; the batch must call RestoreInvoiceIndexes before it commits.
// The drop is part of the transaction: a rollback restores them, and other
// connections keep seeing the indexed ledger until the commit.
func (b *Batch) DeferInvoiceIndexes() error {
	if b.deferred != nil {
		return nil
	}
	b.deferred = map[string]string{}
	for _, name := range bulkIndexes {
		var ddl string
		if err := b.tx.QueryRowContext(b.ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&ddl); err != nil {
			return fmt.Errorf("read index %s: %w", name, err)
		}
		if _, err := b.tx.ExecContext(b.ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("drop index %s: %w", name, err)
		}
		b.deferred[name] = ddl
	}
	return nil
}

// RestoreInvoiceIndexes re-creates the indexes DeferInvoiceIndexes dropped,
// from their own stored definitions.
func (b *Batch) RestoreInvoiceIndexes() error {
	for _, name := range bulkIndexes {
		ddl, ok := b.deferred[name]
		if !ok {
			continue
		}
		if _, err := b.tx.ExecContext(b.ctx, ddl); err != nil {
			return fmt.Errorf("rebuild index %s: %w", name, err)
		}
		delete(b.deferred, name)
	}
	b.deferred = nil
	return nil
}
