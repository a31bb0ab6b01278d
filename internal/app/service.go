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

	"github.com/relance-app/relance/internal/app/bank"
	"github.com/relance-app/relance/internal/app/campaigns"
	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/inbox"
	"github.com/relance-app/relance/internal/app/ladder"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/app/payments"
	"github.com/relance-app/relance/internal/app/printing"
	"github.com/relance-app/relance/internal/app/records"
	"github.com/relance-app/relance/internal/app/reports"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The feature services, named for embedding (embedded fields are named
// after their type, and every feature's type is called Service).
type (
	RecordsService   = records.Service
	LadderService    = ladder.Service
	LettersService   = letters.Service
	OutboxService    = outbox.Service
	CampaignsService = campaigns.Service
	InboxService     = inbox.Service
	PaymentsService  = payments.Service
	BankService      = bank.Service
	PrintingService  = printing.Service
	ReportsService   = reports.Service
)

// Service is an open ledger with every feature wired over it: a thin
// front for the GUI and relancectl, whose methods are the features'.
// Each feature holds the same *core.Core (ledger and clock), so Restore's
// new ledger is everyone's at once.
type Service struct {
	core      *core.Core
	storeOpts []store.Option // kept for the ledger reopened by Restore
	*RecordsService
	*LadderService
	*LettersService
	*OutboxService
	*CampaignsService
	*InboxService
	*PaymentsService
	*BankService
	*PrintingService
	*ReportsService
}

// wire builds the features over one ledger, lower layers first; the
// letter pipeline gets its extras (billing terms, paperless insert) from
// campaigns through the small interface it declares.
func wire(st *store.Store, o Options) *Service {
	c := core.New(st, o.Today, o.Now)
	ld := ladder.New(c)
	lt := letters.New(c, ld)
	ob := outbox.New(c, lt)
	ob.Discover = o.Discover
	cp := campaigns.New(c, ob)
	lt.Extras = cp
	return &Service{core: c, storeOpts: o.Store, RecordsService: records.New(c), LadderService: ld, LettersService: lt,
		OutboxService: ob, CampaignsService: cp, InboxService: inbox.New(c, cp), PaymentsService: payments.New(c),
		BankService: bank.New(c), PrintingService: printing.New(c), ReportsService: reports.New(c)}
}

// Options configure a Service; zero values are production defaults.
type Options struct {
	Today func() ledger.Date // injected in tests
	Now   func() time.Time   // timestamps (the outbox); time.Now when nil
	// Store are the store's options (tests: store.WithQueryDelay, a slow
	// ledger for the GUI's tests).
	Store []store.Option
	// Discover are the mail account discovery's options (tests: their
	// own DNS, HTTPS and mail servers; Offline).
	Discover DiscoverOptions
}

// ErrNoDatabase is returned by Open when the ledger file does not exist.
var ErrNoDatabase = store.ErrNoDatabase

// Open opens an existing ledger. A file that is empty or not a Relance
// ledger, and a database URL, are refused with a message naming them
// (ErrNoDatabase stays as is: the front ends say how to create one).
func Open(ctx context.Context, path string, o Options) (*Service, error) {
	st, err := store.Open(ctx, path, o.Store...)
	if err != nil {
		return nil, ledgerErr(path, err)
	}
	return wire(st, o), nil
}

// Create creates a ledger (or opens an existing one), and reports whether
// the file is new. A 0-byte file counts as new: there is nothing in it to
// lose, and "init" is how the owner says it should become a ledger.
func Create(ctx context.Context, path string, o Options) (*Service, bool, error) {
	fi, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist) || (statErr == nil && fi.Mode().IsRegular() && fi.Size() == 0)
	st, err := store.Create(ctx, path, o.Store...)
	if err != nil {
		return nil, false, ledgerErr(path, err)
	}
	return wire(st, o), isNew, nil
}

// ledgerErr says in the owner's language why a file is not a ledger.
func ledgerErr(path string, err error) error {
	switch {
	case errors.Is(err, store.ErrDatabaseURL):
		return core.UserErr("ledger.url", path)
	case errors.Is(err, store.ErrEmptyFile):
		return core.UserErr("ledger.empty", path)
	case errors.Is(err, store.ErrNotLedger):
		return core.UserErr("ledger.not_ledger", path)
	}
	return err
}

// Close closes the ledger.
func (s *Service) Close() error { return s.core.St.Close() }

// Store exposes the store to benchmarks and tests.
func (s *Service) Store() *store.Store { return s.core.St }

// TemplateDir is where the owner's letter templates live (core.Core).
func (s *Service) TemplateDir() string { return s.core.TemplateDir() }

// Today is the service's current date.
func (s *Service) Today() ledger.Date { return s.core.Today() }

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

// Restore replaces the ledger with a backup: the backup is opened and
// checked first; the current ledger is kept beside it
// (relance.db.before-restore-YYYYMMDD-HHMMSS) and the service goes on with
// the restored one. Nothing is lost if any step fails.
func (s *Service) Restore(ctx context.Context, backup string) (kept string, err error) {
	b, err := store.Open(ctx, backup)
	if err != nil {
		return "", core.UserErr("restore.unreadable", backup, err.Error())
	}
	rep, err := b.Check(ctx)
	b.Close()
	if err != nil {
		return "", err
	}
	if !rep.OK() {
		return "", core.UserErr("restore.damaged", backup, rep.Problems[0])
	}
	path := s.core.St.Path()
	kept = path + ".before-restore-" + s.core.Now().Format("20060102-150405")
	// A consistent copy of the current ledger first (the WAL included).
	if err := s.core.St.Backup(ctx, kept); err != nil {
		return "", err
	}
	staged := path + ".restoring"
	os.Remove(staged)
	if err := b.CopyFile(backup, staged); err != nil {
		return "", err
	}
	if err := s.core.St.Close(); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(staged, path); err != nil {
		// Put the service back on its own ledger.
		s.core.St, _ = store.Open(ctx, path, s.storeOpts...)
		return "", fmt.Errorf("restore: %w", err)
	}
	st, err := store.Open(ctx, path, s.storeOpts...)
	if err != nil {
		return kept, err
	}
	s.core.St = st
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

// Now is the service's clock (timestamps).
func (s *Service) Now() time.Time { return s.core.Now() }
