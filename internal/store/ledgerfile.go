package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// A ledger is a ledger: before SQLite sees a file, and before any
// migration touches it, we make sure it is one of ours. SQLite itself
// takes a 0-byte file for a new database and would happily add our tables
// to someone else's; either way the owner would be shown an empty ledger
// ("nothing owed") instead of an error.

// sqliteHeader opens every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// urlLike is a scheme followed by "://" (postgres://, mysql://,
// sqlite://), or SQLite's own "file:" URIs. The scheme has at least two
// letters so that a Windows drive (C:\, C:/) stays a path.
var urlLike = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+://`)

// IsDatabaseURL reports whether loc is a database address rather than a
// file path.
func IsDatabaseURL(loc string) bool {
	return urlLike.MatchString(loc) || strings.HasPrefix(strings.ToLower(loc), "file:")
}

// checkLocation refuses what cannot be a ledger file before it is opened.
// With create, a missing or 0-byte file is fine: it becomes a new ledger
// (there is nothing in it to lose); without, both are errors.
func checkLocation(ctx context.Context, path string, create bool) error {
	if IsDatabaseURL(path) {
		return fmt.Errorf("%s: %w", path, ErrDatabaseURL)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && create:
		return nil
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case err != nil:
		return fmt.Errorf("open database: %w", err)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: %w (not a regular file)", path, ErrNotLedger)
	case fi.Size() == 0:
		if create {
			return nil
		}
		// A ledger whose first transaction is still only in its WAL has
		// an empty main file; its schema is checked once it is open.
		if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
			return checkTables(ctx, path, create)
		}
		return fmt.Errorf("%s: %w", path, ErrEmptyFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%s: %w (not an SQLite database)", path, ErrNotLedger)
	}
	return checkTables(ctx, path, create)
}

// checkTables refuses an SQLite database that is not a ledger: one
// without our schema_migrations table. A database with no table at all
// is accepted only when creating (a new ledger being made). It reads
// through a read-only handle without our pragmas: opening with the DSN
// would already switch someone else's file to WAL.
func checkTables(ctx context.Context, path string, create bool) error {
	db, err := sql.Open("sqlite", roDSN(path))
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer db.Close()
	var tables, ours int
	err = db.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
		FROM sqlite_master WHERE type = 'table'`).Scan(&tables, &ours)
	if err != nil {
		return fmt.Errorf("%s: %w (%v)", path, ErrNotLedger, err)
	}
	if ours == 1 || (create && tables == 0) {
		return nil
	}
	return fmt.Errorf("%s: %w (no Relance tables)", path, ErrNotLedger)
}

// roDSN opens path read-only, with only a busy timeout: a ledger being
// written by another process is read, not waited on forever.
func roDSN(path string) string {
	dsn, _, _ := strings.Cut(DSN(path), "?")
	return dsn + "?mode=ro&_pragma=busy_timeout(5000)"
}
