// Package app holds the use cases that the GUI and relancectl share: open a
// ledger, import files, list and edit the ledger, back it up and check it.
// Front ends parse input and render output; everything else happens here.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Service is an open ledger and the clock the use cases read "today" from.
type Service struct {
	st    *store.Store
	today func() ledger.Date
	now   func() time.Time
}

// Options configure a Service; zero values are production defaults.
type Options struct {
	Today func() ledger.Date // injected in tests
	Now   func() time.Time   // timestamps (the outbox); time.Now when nil
}

func (o Options) nowFn() func() time.Time {
	if o.Now != nil {
		return o.Now
	}
	return time.Now
}

func (o Options) todayFn() func() ledger.Date {
	if o.Today != nil {
		return o.Today
	}
	return ledger.Today
}

// ErrNoDatabase is returned by Open when the ledger file does not exist.
var ErrNoDatabase = store.ErrNoDatabase

// Open opens an existing ledger. A file that is empty or not a Relance
// ledger, and a database URL, are refused with a message naming them
// (ErrNoDatabase stays as is: the front ends say how to create one).
func Open(ctx context.Context, path string, o Options) (*Service, error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, ledgerErr(path, err)
	}
	return &Service{st: st, today: o.todayFn(), now: o.nowFn()}, nil
}

// Create creates a ledger (or opens an existing one), and reports whether
// the file is new. A 0-byte file counts as new: there is nothing in it to
// lose, and "init" is how the owner says it should become a ledger.
func Create(ctx context.Context, path string, o Options) (*Service, bool, error) {
	fi, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist) || (statErr == nil && fi.Mode().IsRegular() && fi.Size() == 0)
	st, err := store.Create(ctx, path)
	if err != nil {
		return nil, false, ledgerErr(path, err)
	}
	return &Service{st: st, today: o.todayFn(), now: o.nowFn()}, isNew, nil
}

// ledgerErr says in the owner's language why a file is not a ledger.
func ledgerErr(path string, err error) error {
	switch {
	case errors.Is(err, store.ErrDatabaseURL):
		return userErr("ledger.url", path)
	case errors.Is(err, store.ErrEmptyFile):
		return userErr("ledger.empty", path)
	case errors.Is(err, store.ErrNotLedger):
		return userErr("ledger.not_ledger", path)
	}
	return err
}

// Close closes the ledger.
func (s *Service) Close() error { return s.st.Close() }

// Store exposes the store to benchmarks and tests.
func (s *Service) Store() *store.Store { return s.st }

// TemplateDir is where the owner's letter templates live: "templates" next
// to the ledger (in the data folder for the default ledger). A file there
// named like a default (reminder-1.fr.tmpl) replaces it once it passes the
// check.
func (s *Service) TemplateDir() string {
	dir := filepath.Dir(s.st.Path())
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Join(dir, "templates")
}

// Today is the service's current date.
func (s *Service) Today() ledger.Date { return s.today() }

// DefaultDBPath is relance.db in the user's data folder:
// $XDG_DATA_HOME/relance (~/.local/share/relance) on Linux,
// ~/Library/Application Support/Relance on macOS, %AppData%\Relance on
// Windows.
func DefaultDBPath() (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "relance.db"), nil
}

// DataDir returns the user's data folder for Relance.
func DataDir() (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin":
		base, err := os.UserConfigDir() // %AppData%, ~/Library/Application Support
		if err != nil {
			return "", fmt.Errorf("find the data folder: %w", err)
		}
		return filepath.Join(base, "Relance"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "relance"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the data folder: %w", err)
	}
	return filepath.Join(home, ".local", "share", "relance"), nil
}

// Import reads a CSV or XLSX file into the ledger, all or nothing.
func (s *Service) Import(ctx context.Context, kind importer.Kind, path string, dryRun bool, progress func(int)) (importer.Result, error) {
	return s.ImportMapped(ctx, kind, path, dryRun, nil, progress)
}

// ImportMapped is Import with some of the file's headers named by the
// owner (header as written → canonical column).
func (s *Service) ImportMapped(ctx context.Context, kind importer.Kind, path string, dryRun bool, rename map[string]string, progress func(int)) (importer.Result, error) {
	src, err := importer.Open(path)
	if err != nil {
		return importer.Result{}, err // an *importer.FileError, naming the file
	}
	defer src.Close()
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return importer.Import(ctx, s.st, src, importer.Options{
		Kind: kind, File: path, DryRun: dryRun, Today: s.today(), Progress: progress, SizeHint: size, Rename: rename,
	})
}

// ListInvoices lists invoices with their position as of f.AsOf (today if zero).
func (s *Service) ListInvoices(ctx context.Context, f store.InvoiceFilter, fn func(store.InvoiceLine) error) error {
	if f.AsOf.IsZero() {
		f.AsOf = s.today()
	}
	return s.st.EachInvoice(ctx, f, fn)
}

// ListCustomers lists customers.
func (s *Service) ListCustomers(ctx context.Context, f store.CustomerFilter) ([]ledger.Customer, error) {
	return s.st.ListCustomers(ctx, f)
}

// Customer reads one customer by code.
func (s *Service) Customer(ctx context.Context, code string) (ledger.Customer, error) {
	return s.st.CustomerByCode(ctx, code)
}

// Company reads the company profile.
func (s *Service) Company(ctx context.Context) (ledger.Company, error) { return s.st.Company(ctx) }

// SetCompany saves the company profile.
func (s *Service) SetCompany(ctx context.Context, c ledger.Company) error {
	return s.st.SetCompany(ctx, c)
}

// Backup writes a consistent, checked copy of the ledger to dest.
func (s *Service) Backup(ctx context.Context, dest string) error { return s.st.Backup(ctx, dest) }

// Check verifies the ledger file.
func (s *Service) Check(ctx context.Context) (store.CheckReport, error) { return s.st.Check(ctx) }

// SaveCustomer checks a customer against the ledger's rules and stores it
// (a new code adds one, a known code replaces it).
func (s *Service) SaveCustomer(ctx context.Context, c ledger.Customer) error {
	if err := c.Validate(); err != nil {
		return userErr("customer.invalid", err.Error())
	}
	_, err := s.st.SaveCustomer(ctx, c)
	return err
}

// Restore replaces the ledger with a backup: the backup is opened and
// checked first; the current ledger is kept beside it
// (relance.db.before-restore-YYYYMMDD-HHMMSS) and the service goes on with
// the restored one. Nothing is lost if any step fails.
func (s *Service) Restore(ctx context.Context, backup string) (kept string, err error) {
	b, err := store.Open(ctx, backup)
	if err != nil {
		return "", userErr("restore.unreadable", backup, err.Error())
	}
	rep, err := b.Check(ctx)
	b.Close()
	if err != nil {
		return "", err
	}
	if !rep.OK() {
		return "", userErr("restore.damaged", backup, rep.Problems[0])
	}
	path := s.st.Path()
	kept = path + ".before-restore-" + s.now().Format("20060102-150405")
	// A consistent copy of the current ledger first (the WAL included).
	if err := s.st.Backup(ctx, kept); err != nil {
		return "", err
	}
	staged := path + ".restoring"
	os.Remove(staged)
	if err := b.CopyFile(backup, staged); err != nil {
		return "", err
	}
	if err := s.st.Close(); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(staged, path); err != nil {
		// Put the service back on its own ledger.
		s.st, _ = store.Open(ctx, path)
		return "", fmt.Errorf("restore: %w", err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return kept, err
	}
	s.st = st
	return kept, nil
}

// MakeDemo fills a new ledger at path with the demo company, customers and
// invoices (the first-run wizard's "try it" choice).
func MakeDemo(ctx context.Context, path string, o Options) error {
	svc, _, err := Create(ctx, path, o)
	if err != nil {
		return err
	}
	defer svc.Close()
	_, err = demo.Generate(ctx, svc.Store(), demo.Options{Customers: 60, Invoices: 400, Seed: 1, Today: svc.Today()})
	return err
}
