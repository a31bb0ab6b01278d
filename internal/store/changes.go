package store

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// The history of changes made by someone (ledger_changes, migration 0014):
// each written in the transaction of the change it records, so the ledger
// never holds a change without its line, nor a line without its change.

// Change is one line of that history.
type Change struct {
	ID         int64
	At         time.Time // stored in UTC, to the second
	Who        string    // the operating-system user (core.Actor)
	CustomerID int64
	InvoiceID  int64 // 0 when the change names no invoice
	Kind       ledger.ChangeKind
	Detail     string // what changed, as the timeline shows it
}

// changeTime is how ledger_changes.at is written: UTC RFC 3339, which
// sorts as text in time order.
const changeTime = time.RFC3339

// RecordChange adds c to the history and sets c.ID. Run it on the batch
// (or in the transaction) that makes the change.
func (q *Queries) RecordChange(ctx context.Context, c *Change) error {
	if err := c.check(); err != nil {
		return err
	}
	id, err := q.insert(ctx, `INSERT INTO ledger_changes (at, who, customer_id, invoice_id, kind, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		c.At.UTC().Format(changeTime), c.Who, c.CustomerID, c.invoice(), string(c.Kind), c.Detail)
	if err != nil {
		return fmt.Errorf("record change %s: %w", c.Kind, err)
	}
	c.ID = id
	return nil
}

// RecordChanges adds many changes, many rows to a statement (a bank
// statement's import makes one per payment, tens of thousands); their IDs
// are not read back.
func (q *Queries) RecordChanges(ctx context.Context, cs []Change) error {
	for i := range cs {
		if err := cs[i].check(); err != nil {
			return err
		}
	}
	err := insertRows(ctx, q, `INSERT INTO ledger_changes (at, who, customer_id, invoice_id, kind, detail) VALUES `, "(?,?,?,?,?,?)", "",
		len(cs), func(i int, args []any) []any {
			c := &cs[i]
			return append(args, c.At.UTC().Format(changeTime), c.Who, c.CustomerID, c.invoice(), string(c.Kind), c.Detail)
		})
	if err != nil {
		return fmt.Errorf("record changes: %w", err)
	}
	return nil
}

// check refuses a change the history cannot hold.
func (c *Change) check() error {
	switch {
	case !c.Kind.Known():
		return fmt.Errorf("record change: unknown kind %q", c.Kind)
	case c.Who == "":
		return fmt.Errorf("record change %s: nobody made it", c.Kind)
	case c.CustomerID == 0:
		return fmt.Errorf("record change %s: no customer", c.Kind)
	case c.At.IsZero():
		return fmt.Errorf("record change %s: no time", c.Kind)
	}
	return nil
}

// invoice is the invoice_id column's value: NULL when none.
func (c *Change) invoice() any {
	if c.InvoiceID == 0 {
		return nil
	}
	return c.InvoiceID
}

// ChangesOf returns a customer's history in the order it was recorded.
func (q *Queries) ChangesOf(ctx context.Context, customerID int64) ([]Change, error) {
	rows, err := q.query(ctx, `SELECT id, at, who, customer_id, coalesce(invoice_id, 0), kind, detail
		FROM ledger_changes WHERE customer_id = ? ORDER BY at, id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at string
		if err := rows.Scan(&c.ID, &at, &c.Who, &c.CustomerID, &c.InvoiceID, &c.Kind, &c.Detail); err != nil {
			return nil, fmt.Errorf("read changes: %w", err)
		}
		if c.At, err = parseChangeTime(at); err != nil {
			return nil, fmt.Errorf("read change %d: time %q: %w", c.ID, at, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func parseChangeTime(s string) (time.Time, error) { return time.Parse(changeTime, s) }
