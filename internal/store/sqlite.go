package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is the SQL that differs between database engines. The query
// files are written in what SQLite and PostgreSQL both accept (ON
// CONFLICT upserts, TRUE and FALSE, count(*) FILTER, string_agg with
// ORDER BY, LIMIT and OFFSET, IN lists); the few fragments they do not
// share come from here, so a PostgreSQL store (pgx through pgx/v5/stdlib)
// is a second dialect rather than a second set of queries.
//
// Beyond these methods, a PostgreSQL store would
//   - rebind placeholders: the shared SQL numbers them SQLite's way (? and
//     ?N), PostgreSQL wants $N; a DBTX wrapper rewriting each query once
//     covers every query, loadDunning's included;
//   - bring its own schema: migrations/ is SQLite DDL (INTEGER booleans,
//     TEXT dates, datetime('now')), and the case-insensitive email columns
//     (email_flags.address, the customer_emails index, both NOCASE here)
//     become citext or lower() indexes there;
//   - leave out what is the SQLite file's alone: DSN (below) and
//     ledgerfile.go (opening a file), backup.go (VACUUM INTO), check.go
//     (pragma integrity and foreign-key checks, rowid, date()), and the
//     json_each and integer booleans of loadDunning (dunning.go, and
//     creditNoteNames in credit_notes_read.go), which
//     would take d.list and TRUE/FALSE when it is next rewritten; its
//     packed fields (unpackInvoice, unpackPayment, dunningLetters) read a
//     boolean as the digit 0 or 1, and would take a CASE there.
type dialect interface {
	// insertID runs an INSERT and returns the new row's id, 0 when it
	// added no row (ON CONFLICT DO NOTHING). SQLite: the result's
	// LastInsertId. PostgreSQL: pgx has no LastInsertId; append
	// "RETURNING id" and scan it (sql.ErrNoRows: nothing added).
	insertID(ctx context.Context, q *Queries, query string, args ...any) (int64, error)
	// list is a table expression, named j, over the list given as
	// parameter ?n (encoded by listArg): j.value is each element, of SQL
	// type typ, and j.key its position, for ORDER BY. SQLite: json_each.
	// PostgreSQL: unnest(?n::typ[]) WITH ORDINALITY AS j(value, key).
	list(n int, typ string) string
	// listArg encodes a Go slice as list's parameter. SQLite: JSON text.
	// PostgreSQL: the slice itself.
	listArg(v any) (any, error)
	// equalFold is the condition that text a equals b but for ASCII case.
	// SQLite: COLLATE NOCASE, which the NOCASE index on addresses serves.
	// PostgreSQL: lower(a) = lower(b), or citext columns.
	equalFold(a, b string) string
	// like is the condition that text a matches the pattern b (escaped
	// with '\', see escapeLike), ignoring case. SQLite's LIKE ignores
	// ASCII case already. PostgreSQL: ILIKE.
	like(a, b string) string
	// prefixEnd is the least string after every string that begins with
	// prefix, for a range over an index. SQLite compares bytes: prefix +
	// 0xFF. PostgreSQL text stays valid UTF-8: prefix + U+10FFFF under
	// COLLATE "C", or starts_with().
	prefixEnd(prefix string) string
	// indexDefinition is the statement that re-creates an index (the bulk
	// import drops two and rebuilds them). SQLite: sqlite_schema.sql.
	// PostgreSQL: pg_indexes.indexdef.
	indexDefinition(ctx context.Context, q *Queries, name string) (string, error)
	// isUnique reports a unique-constraint violation. SQLite: the extended
	// codes SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY. PostgreSQL: SQLSTATE
	// 23505.
	isUnique(err error) bool
}

// sqliteDialect is SQLite's (modernc.org/sqlite) side of dialect.
type sqliteDialect struct{}

func (sqliteDialect) insertID(ctx context.Context, q *Queries, query string, args ...any) (int64, error) {
	res, err := q.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	// After DO NOTHING, LastInsertId is an earlier insert's.
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, err
	}
	return res.LastInsertId()
}

func (sqliteDialect) list(n int, _ string) string { return fmt.Sprintf("json_each(?%d) j", n) }

func (sqliteDialect) listArg(v any) (any, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode a list: %w", err)
	}
	return string(js), nil
}

func (sqliteDialect) equalFold(a, b string) string { return a + " = " + b + " COLLATE NOCASE" }

func (sqliteDialect) like(a, b string) string { return a + " LIKE " + b + ` ESCAPE '\'` }

func (sqliteDialect) prefixEnd(prefix string) string { return prefix + "\xff" }

func (sqliteDialect) indexDefinition(ctx context.Context, q *Queries, name string) (string, error) {
	var ddl string
	err := q.row(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&ddl)
	return ddl, err
}

func (sqliteDialect) isUnique(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// Page cache sizes, in PRAGMA cache_size's negative form (KiB): every
// connection's, and a bulk import's while it runs (InBulkBatch).
const (
	cacheSizeKiB     = -65536   // 64 MiB
	bulkCacheSizeKiB = -1048576 // 1 GiB at most, allocated as used
)

// DSN returns the connection string for path. The pragmas sit in the DSN so
// that every pooled connection has them, not just the first: WAL so the GUI
// can read while an import writes, foreign keys enforced, a busy timeout
// instead of immediate SQLITE_BUSY, and BEGIN IMMEDIATE so a transaction
// never fails half-way when upgrading its read lock to a write lock.
func DSN(path string) string {
	p := filepath.ToSlash(path)
	// SQLite decodes %XX in URI filenames; '?' and '#' would end the path.
	p = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(p)
	if runtime.GOOS == "windows" && filepath.IsAbs(path) {
		p = "/" + p
	}
	return "file:" + p + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=cache_size(" + strconv.Itoa(cacheSizeKiB) + ")&_pragma=mmap_size(268435456)&_pragma=temp_store(memory)&_txlock=immediate"
}
