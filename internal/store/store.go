// Package store keeps the ledger in one SQLite file (modernc.org/sqlite, pure
// Go, so relancectl builds without cgo). Every connection gets its pragmas
// from the DSN; schema changes are numbered migrations applied in one
// transaction each, together with their version record.
//
// Every read and write is a method of Queries (queries.go), written once
// against database/sql and run on the database (Store) or inside a write
// transaction (Batch); one file per table or entity holds them. The SQL
// that only SQLite speaks sits behind the dialect (sqlite.go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoDatabase is returned by Open when the file does not exist.
var ErrNoDatabase = errors.New("no database")

// ErrNewerSchema is returned when the file was written by a newer Relance.
var ErrNewerSchema = errors.New("database schema is newer than this program")

// ErrEmptyFile is returned by Open for a 0-byte file: SQLite would take it
// for a new database and the owner would see an empty ledger ("nothing
// owed") where a truncated one lies.
var ErrEmptyFile = errors.New("the file is empty")

// ErrNotLedger is returned for a file that is not SQLite, or an SQLite
// database without Relance's schema: it is never migrated into a ledger.
var ErrNotLedger = errors.New("not a Relance ledger")

// ErrDatabaseURL is returned for a location that is a URL (postgres://…)
// rather than a file: it would otherwise become a local file named
// "postgres:".
var ErrDatabaseURL = errors.New("a database URL, not a ledger file")

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is a name already taken.
var ErrDuplicate = errors.New("already exists")

// Store is an open ledger database. Its reads and writes are the
// embedded Queries, over the database; Batch has the same ones over a
// transaction.
type Store struct {
	*Queries
	db   *sql.DB
	path string
}

// Create makes a new ledger file at path (and its folder) and migrates it.
// An existing ledger is opened and migrated, never truncated; an existing
// 0-byte file becomes a ledger; any other file is refused (ErrNotLedger).
func Create(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if err := checkLocation(ctx, path, true); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	return open(ctx, path, opts)
}

// Open opens an existing ledger file and applies pending migrations. A missing
// file is ErrNoDatabase: we never create an empty ledger by accident (a typo
// in --db would otherwise show the owner an empty ledger). Likewise a 0-byte
// file is ErrEmptyFile, a file that is not one of our ledgers ErrNotLedger
// and a URL ErrDatabaseURL (ledgerfile.go).
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if err := checkLocation(ctx, path, false); err != nil {
		return nil, err
	}
	return open(ctx, path, opts)
}

func open(ctx context.Context, path string, opts []Option) (*Store, error) {
	db, err := openDB(path, opts)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s := &Store{Queries: newQueries(db, sqliteDialect{}, false), db: db, path: path}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// DB exposes the handle for tests and benchmarks in this module.
func (s *Store) DB() *sql.DB { return s.db }
