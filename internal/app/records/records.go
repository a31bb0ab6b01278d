package records

import (
	"context"
	"os"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Import reads a CSV or XLSX file into the ledger, all or nothing.
func (s *Service) Import(ctx context.Context, kind importer.Kind, path string, dryRun bool, progress func(int)) (importer.Result, error) {
	return s.ImportMapped(ctx, kind, path, dryRun, nil, progress)
}

// ImportRequest is everything an import may be told besides its file.
type ImportRequest struct {
	DryRun    bool
	Rename    map[string]string  // header as written → canonical column
	DateOrder importer.DateOrder // "" detects it from the file
	// HeaderLine is the header row's line, as the owner picked it; 0
	// finds it.
	HeaderLine int
	Progress   func(rows int)
}

// ImportWith is Import as the owner asked it.
func (s *Service) ImportWith(ctx context.Context, kind importer.Kind, path string, req ImportRequest) (importer.Result, error) {
	src, err := importer.Open(path)
	if err != nil {
		return importer.Result{}, err // an *importer.FileError, naming the file
	}
	defer src.Close()
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return importer.Import(ctx, s.St, src, importer.Options{
		Kind: kind, File: path, DryRun: req.DryRun, Today: s.Today(), Progress: req.Progress, SizeHint: size,
		Rename: req.Rename, DateOrder: req.DateOrder, HeaderLine: req.HeaderLine,
	})
}

// ImportFile imports everything a file holds, each table (a CSV file, or
// each sheet of a workbook) as the kind its header says, in one
// transaction: customers, then invoices, then payments. req.Rename and
// req.DateOrder apply to every table.
func (s *Service) ImportFile(ctx context.Context, path string, req ImportRequest) (importer.FileResult, error) {
	tables, err := importer.OpenAll(path)
	if err != nil {
		return importer.FileResult{DryRun: req.DryRun}, err // an *importer.FileError, naming the file
	}
	defer func() {
		for _, t := range tables {
			t.Close()
		}
	}()
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return importer.ImportAll(ctx, s.St, tables, importer.Options{
		File: path, DryRun: req.DryRun, Today: s.Today(), Progress: req.Progress, SizeHint: size,
		Rename: req.Rename, DateOrder: req.DateOrder,
	})
}

// ImportMapped is Import with some of the file's headers named by the
// owner (header as written → canonical column).
func (s *Service) ImportMapped(ctx context.Context, kind importer.Kind, path string, dryRun bool, rename map[string]string, progress func(int)) (importer.Result, error) {
	return s.ImportWith(ctx, kind, path, ImportRequest{DryRun: dryRun, Rename: rename, Progress: progress})
}

// ListInvoices lists invoices with their position as of f.AsOf (today if zero).
func (s *Service) ListInvoices(ctx context.Context, f store.InvoiceFilter, fn func(store.InvoiceLine) error) error {
	if f.AsOf.IsZero() {
		f.AsOf = s.Today()
	}
	return s.St.EachInvoice(ctx, f, fn)
}

// ListCustomers lists customers.
func (s *Service) ListCustomers(ctx context.Context, f store.CustomerFilter) ([]ledger.Customer, error) {
	return s.St.ListCustomers(ctx, f)
}

// Customer reads one customer by code.
func (s *Service) Customer(ctx context.Context, code string) (ledger.Customer, error) {
	return s.St.CustomerByCode(ctx, code)
}

// OpenCredit is a customer's credit applied to no invoice on asOf (today
// if zero), per currency: shown with the customer's balance, never
// deducted from it.
func (s *Service) OpenCredit(ctx context.Context, code string, asOf ledger.Date) ([]ledger.Money, error) {
	if asOf.IsZero() {
		asOf = s.Today()
	}
	c, err := s.St.CustomerByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.St.OpenCreditOf(ctx, c.ID, asOf)
}

// Company reads the company profile.
func (s *Service) Company(ctx context.Context) (ledger.Company, error) { return s.St.Company(ctx) }

// SetCompany saves the company profile.
func (s *Service) SetCompany(ctx context.Context, c ledger.Company) error {
	return s.St.SetCompany(ctx, c)
}

// Backup writes a consistent, checked copy of the ledger to dest.
func (s *Service) Backup(ctx context.Context, dest string) error { return s.St.Backup(ctx, dest) }

// Check verifies the ledger file.
func (s *Service) Check(ctx context.Context) (store.CheckReport, error) { return s.St.Check(ctx) }

// SaveCustomer checks a customer against the ledger's rules and stores it
// (a new code adds one, a known code replaces it).
func (s *Service) SaveCustomer(ctx context.Context, c ledger.Customer) error {
	if err := c.Validate(); err != nil {
		return core.UserErr("customer.invalid", err.Error())
	}
	_, err := s.St.SaveCustomer(ctx, c)
	return err
}
