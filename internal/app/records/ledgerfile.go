package records

import (
	"context"

	"github.com/relance-app/relance/internal/ledger"
)

// Path is the ledger file the service has open.
func (s *Service) Path() string { return s.St.Path() }

// InvoiceByNumber reads one invoice; store.ErrNotFound when there is none.
func (s *Service) InvoiceByNumber(ctx context.Context, number string) (ledger.Invoice, error) {
	return s.St.InvoiceByNumber(ctx, number)
}
