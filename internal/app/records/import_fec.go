package records

import (
	"context"

	"github.com/relance-app/relance/internal/importer"
)

// FECRequest is a FEC import as the owner asked it.
type FECRequest struct {
	DryRun bool
	// TermDays: an invoice read from the FEC, which does not say when it is
	// due, is due this many days after its date (importer.DefaultFECTermDays
	// unless the owner says otherwise).
	TermDays int
	Progress func(lines int)
}

// ImportFEC reads a FEC (the French legal accounting export) into the
// ledger, all or nothing: its customer accounts become customers, invoices,
// credit notes and payments (importer/fec.go).
func (s *Service) ImportFEC(ctx context.Context, path string, req FECRequest) (importer.FECResult, error) {
	return importer.ImportFEC(ctx, s.St, path, importer.FECOptions{File: path, DryRun: req.DryRun, Today: s.Today(),
		TermDays: req.TermDays, Progress: req.Progress})
}
