package records

import (
	"context"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The GUI's invoice table reads only what it shows: a count and the first
// page, then the sorted ids, then any page by id as it scrolls into view.

// CountInvoices counts the invoices f selects.
func (s *Service) CountInvoices(ctx context.Context, f store.InvoiceFilter) (int, error) {
	return s.St.CountMatching(ctx, f)
}

// InvoiceLines lists the invoices f selects (a page: f.Limit, f.Offset).
func (s *Service) InvoiceLines(ctx context.Context, f store.InvoiceFilter) ([]store.InvoiceLine, error) {
	return s.St.ListInvoices(ctx, f)
}

// InvoiceIDs are the ids of the invoices f selects, in the order given.
func (s *Service) InvoiceIDs(ctx context.Context, f store.InvoiceFilter, order store.InvoiceOrder, desc bool) ([]int64, error) {
	return s.St.InvoiceIDs(ctx, f, order, desc)
}

// InvoicesByID reads the invoices of ids, in that order, as of asOf.
func (s *Service) InvoicesByID(ctx context.Context, ids []int64, asOf ledger.Date) ([]store.InvoiceLine, error) {
	return s.St.InvoicesByID(ctx, ids, asOf)
}
