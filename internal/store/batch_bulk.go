package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
)

// InBulkBatch is InBatch for an import that writes up to millions of rows,
// with SQLite's foreign-key enforcement off for the transaction and the
// whole ledger's foreign keys checked once before it commits.
//
// Why: with enforcement on, every invoice inserted looks its customer up in
// the customers table (a B-tree descent through wide rows at a random
// place), and every payment its invoice: on the million-row import that
// was 1.3-1.8 s of the writer's 6-8 s, the largest part left after the
// statements were batched. Checked afterwards, each child column is read
// once in its own index's order (DISTINCT over invoices_customer,
// payments_invoice…) and its distinct values looked up in the parent's
// keys: a fraction of the cost, and it covers every row, not only those
// the import wrote, so nothing weaker than the per-row check is left.
// A violation rolls everything back, as the per-row check would have.
//
// SQLite ignores PRAGMA foreign_keys inside a transaction, so the
// transaction runs on a connection of its own, switched off before BEGIN
// and on again after; a connection that cannot be switched back is
// discarded rather than returned to the pool. ON DELETE actions do not run
// meanwhile: the imports delete only rows nothing refers to (a customer's
// e-mail addresses, payments of a credit note), and the check would catch
// a row left pointing at nothing.
func (s *Store) InBulkBatch(ctx context.Context, dryRun bool, fn func(b *Batch) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open connection: %w", err)
	}
	defer func() {
		// A background context: the switch back must happen even when the
		// import was cancelled.
		_, rerr := conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
		if rerr == nil {
			_, rerr = conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSizeKiB))
		}
		if rerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("foreign keys off: %w", err)
	}
	// A page cache that holds the whole import: with the connection's
	// usual 64 MiB, a million-row import's new pages (some 300 MiB of
	// invoices and payments) spill to the WAL while the transaction runs,
	// and the index rebuilds before the commit read them back from there
	// page by page. SQLite allocates cache pages as they are used, so a
	// small import takes no more memory than before; the usual size comes
	// back (and the memory is freed) when the batch ends.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, bulkCacheSizeKiB)); err != nil {
		return fmt.Errorf("bulk page cache: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return s.runBatch(ctx, tx, dryRun, fn, true)
}

// fkColumn is one foreign key: child.column refers to parent.key.
type fkColumn struct{ child, column, parent, key string }

// CheckForeignKeys reports the first foreign key of the ledger that points
// at no row, as PRAGMA foreign_key_check would, but reading each child
// column's distinct values (through its index where it has one) instead of
// every child row.
func (q *Queries) CheckForeignKeys(ctx context.Context) error {
	fks, err := q.foreignKeys(ctx)
	if err != nil {
		return err
	}
	for _, fk := range fks {
		// NOT IN over the parent's keys: SQLite builds one in-memory index
		// of them, or probes the parent's own unique index.
		query := `SELECT c FROM (SELECT DISTINCT "` + fk.column + `" AS c FROM "` + fk.child + `" WHERE "` + fk.column + `" IS NOT NULL)
			WHERE c NOT IN (SELECT "` + fk.key + `" FROM "` + fk.parent + `") LIMIT 1`
		var bad any
		err := q.row(ctx, query).Scan(&bad)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("check %s.%s: %w", fk.child, fk.column, err)
		}
		return fmt.Errorf("%s.%s = %v points to no row of %s", fk.child, fk.column, bad, fk.parent)
	}
	return nil
}

// foreignKeys lists every single-column foreign key of the schema (all of
// ours are single-column; a composite one would be refused here rather than
// skipped).
func (q *Queries) foreignKeys(ctx context.Context) ([]fkColumn, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT m.name, f.id, f.seq, f."from", f."table", coalesce(f."to", '')
		FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	defer rows.Close()
	var out []fkColumn
	type key struct {
		table string
		id    int
	}
	seen := map[key]bool{}
	for rows.Next() {
		var fk fkColumn
		var id, seq int
		if err := rows.Scan(&fk.child, &id, &seq, &fk.column, &fk.parent, &fk.key); err != nil {
			return nil, fmt.Errorf("list foreign keys: %w", err)
		}
		if seen[key{fk.child, id}] || seq > 0 {
			return nil, fmt.Errorf("foreign key %d of %s has several columns", id, fk.child)
		}
		seen[key{fk.child, id}] = true
		if fk.key == "" {
			fk.key = "rowid" // REFERENCES parent: its primary key
		}
		for _, name := range []string{fk.child, fk.column, fk.parent, fk.key} {
			if strings.ContainsRune(name, '"') {
				return nil, fmt.Errorf("foreign key of %s: name %q", fk.child, name)
			}
		}
		out = append(out, fk)
	}
	return out, rows.Err()
}
