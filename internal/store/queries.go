package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// DBTX is what the queries need of their handle, as sqlc generates it:
// *sql.DB and *sql.Tx (and *sql.Conn) all have these methods, so one set
// of queries runs on the database or inside a transaction alike.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Both handles are DBTXs.
var (
	_ DBTX = (*sql.DB)(nil)
	_ DBTX = (*sql.Tx)(nil)
)

// querier is the name loadDunning (dunning.go) takes its handle by.
type querier = DBTX

// Queries holds every read and write of the ledger, each written once,
// over a DBTX. Store embeds one over the database and Batch one over its
// transaction, so st.InvoiceByNumber(ctx, n) and b.InvoiceByNumber(ctx, n)
// are the same query. The SQL is written in what SQLite and PostgreSQL
// both accept; the few fragments that differ come from the dialect
// (sqlite.go).
type Queries struct {
	db      DBTX
	dialect dialect
	// stmts holds the statements prepared in a transaction, for its life
	// (an import runs the same insert a million times). It is nil on the
	// database, where a kept statement would be re-prepared on every
	// pooled connection it meets.
	stmts map[string]*sql.Stmt
}

func newQueries(db DBTX, d dialect, prepare bool) *Queries {
	q := &Queries{db: db, dialect: d}
	if prepare {
		q.stmts = map[string]*sql.Stmt{}
	}
	return q
}

// prepared returns query's statement, prepared once per transaction; nil
// when q does not keep statements.
func (q *Queries) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if q.stmts == nil {
		return nil, nil
	}
	if st, ok := q.stmts[query]; ok {
		return st, nil
	}
	st, err := q.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	q.stmts[query] = st
	return st, nil
}

func (q *Queries) closeStmts() {
	for _, st := range q.stmts {
		st.Close()
	}
	q.stmts = nil
}

// exec runs a statement that returns no rows.
func (q *Queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := q.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return q.db.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// row runs a query for one row. Its statement is done once the row is
// scanned, so a kept statement is never shared by two open results.
func (q *Queries) row(ctx context.Context, query string, args ...any) rowScanner {
	st, err := q.prepared(ctx, query)
	if err != nil {
		return errRow{err}
	}
	if st == nil {
		return q.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// query runs a query for many rows, never through a kept statement: a
// caller reading rows may run the same query again before it closes them.
func (q *Queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.db.QueryContext(ctx, query, args...)
}

// insert runs an INSERT and returns the new row's id; 0 when the insert
// added nothing (ON CONFLICT DO NOTHING).
func (q *Queries) insert(ctx context.Context, query string, args ...any) (int64, error) {
	return q.dialect.insertID(ctx, q, query, args...)
}

// rowsPerInsert: rows of insertRows' multi-row INSERT (a bank import
// writes tens of thousands of entries, payments and changes; a statement
// each cost twice as much).
const rowsPerInsert = 64

// insertRows runs head with n rows of row's placeholders (then tail),
// rowsPerInsert to a statement, each row's arguments appended by add.
func insertRows(ctx context.Context, q *Queries, head, row, tail string, n int, add func(i int, args []any) []any) error {
	for start := 0; start < n; start += rowsPerInsert {
		end := min(n, start+rowsPerInsert)
		query := head + strings.TrimSuffix(strings.Repeat(row+",", end-start), ",") + tail
		var args []any
		for i := start; i < end; i++ {
			args = add(i, args)
		}
		if _, err := q.exec(ctx, query, args...); err != nil {
			return err
		}
	}
	return nil
}

// beginner is a handle that can start a transaction: the database, not a
// transaction already begun.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in one transaction, so that a write of several statements
// is whole: on the database, a transaction of its own, committed only if
// fn returns nil; in a batch, the batch's (committed with the batch).
func (q *Queries) inTx(ctx context.Context, fn func(q *Queries) error) error {
	return q.within(ctx, nil, fn)
}

// snapshot runs fn over one consistent read of the ledger: a read-only
// transaction on the database, the batch's transaction in a batch (whose
// reads then see its own writes).
func (q *Queries) snapshot(ctx context.Context, fn func(q *Queries) error) error {
	return q.within(ctx, &sql.TxOptions{ReadOnly: true}, fn)
}

func (q *Queries) within(ctx context.Context, opts *sql.TxOptions, fn func(q *Queries) error) error {
	db, ok := q.db.(beginner)
	if !ok {
		return fn(q)
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(newQueries(tx, q.dialect, false)); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type rowScanner interface{ Scan(dest ...any) error }

// errRow is a row whose query could not even be prepared.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
