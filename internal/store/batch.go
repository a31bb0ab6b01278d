package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
)

// Batch is one write transaction over the ledger, used by imports and
// sends: every check that needs the ledger reads through the same
// transaction that writes, so what was validated is what gets written, and
// a failure anywhere rolls back everything. Its reads and writes are the
// Store's (the embedded Queries), over the transaction.
type Batch struct {
	*Queries
	deferred map[string]string // index name → CREATE statement, while dropped
	settle   *settleDeferral   // settlement triggers dropped (settle_defer.go)
}

// errDryRun makes Batch roll back a transaction that succeeded.
var errDryRun = errors.New("dry run")

// InBatch runs fn in one transaction. With dryRun, fn runs to the end (so
// every check happens against the real ledger) and is then rolled back.
func (s *Store) InBatch(ctx context.Context, dryRun bool, fn func(b *Batch) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return s.runBatch(ctx, tx, dryRun, fn, false)
}

// runBatch runs fn in tx and commits it, or rolls it back on an error or a
// dry run. checkFKs: foreign keys were not enforced row by row
// (InBulkBatch), so the whole ledger's are checked before the commit.
func (s *Store) runBatch(ctx context.Context, tx *sql.Tx, dryRun bool, fn func(b *Batch) error, checkFKs bool) error {
	b := &Batch{Queries: newQueries(tx, s.dialect, true)}
	err := fn(b)
	if err == nil {
		// Indexes first: resuming settlement reads payments by invoice.
		err = b.RestoreInvoiceIndexes(ctx)
	}
	if err == nil {
		err = b.ResumeSettlement(ctx)
	}
	if err == nil && checkFKs {
		err = b.CheckForeignKeys(ctx)
	}
	if err == nil && dryRun {
		err = errDryRun
	}
	b.closeStmts()
	if err != nil {
		_ = tx.Rollback()
		if errors.Is(err, errDryRun) {
			return nil
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// bulkIndexes are the secondary indexes of invoices that a bulk import
// rebuilds instead of updating row by row: inserting a million rows into
// randomly ordered B-trees costs more than the inserts themselves, while
// CREATE INDEX sorts once. invoices_settled_on is one: an export's paid
// invoices come with their payment dates, in no order the inserts follow
// (the million-row import with balances: 75.9k → 82.5k rows/s).
var bulkIndexes = []string{"invoices_customer", "invoices_unsettled", "invoices_settled_on"}

// DeferInvoiceIndexes drops the secondary invoice indexes for the rest of
// the batch; InBatch rebuilds them before it commits. The drop is part of
// the transaction: a rollback restores them, and other connections keep
// seeing the indexed ledger until the commit.
func (b *Batch) DeferInvoiceIndexes(ctx context.Context) error {
	return b.deferIndexes(ctx, bulkIndexes)
}

func (b *Batch) deferIndexes(ctx context.Context, names []string) error {
	if b.deferred == nil {
		b.deferred = map[string]string{}
	}
	for _, name := range names {
		if _, done := b.deferred[name]; done {
			continue
		}
		ddl, err := b.dialect.indexDefinition(ctx, b.Queries, name)
		if err != nil {
			return fmt.Errorf("read index %s: %w", name, err)
		}
		if _, err := b.db.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("drop index %s: %w", name, err)
		}
		b.deferred[name] = ddl
	}
	return nil
}

// RestoreInvoiceIndexes re-creates the indexes DeferInvoiceIndexes
// dropped, from their own stored definitions (InBatch does it before committing;
// an import calls it once its rows are in, so that what it reads after,
// credits to apply and the overdue total, goes through them).
func (b *Batch) RestoreInvoiceIndexes(ctx context.Context) error {
	if len(b.deferred) > 0 {
		// CREATE INDEX sorts with SQLite's worker threads when the
		// connection allows them (PRAGMA threads, 0 by default): the
		// rebuild comes after the file is read, when the other cores are
		// idle.
		if _, err := b.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA threads = %d`, min(runtime.NumCPU(), 4))); err != nil {
			return fmt.Errorf("sorter threads: %w", err)
		}
		defer b.db.ExecContext(context.Background(), `PRAGMA threads = 0`)
	}
	for _, name := range bulkIndexes {
		ddl, ok := b.deferred[name]
		if !ok {
			continue
		}
		if _, err := b.db.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("rebuild index %s: %w", name, err)
		}
		delete(b.deferred, name)
	}
	b.deferred = nil
	return nil
}
