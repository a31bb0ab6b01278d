package records

import (
	"context"

	"github.com/relance-app/relance/internal/demo"
)

// GenerateDemo fills the ledger, which must be empty (ErrDemoNotEmpty
// otherwise), with a made-up company, customers and invoices; o.Today
// defaults to the service's today.
func (s *Service) GenerateDemo(ctx context.Context, o demo.Options) (demo.Summary, error) {
	if o.Today.IsZero() {
		o.Today = s.Today()
	}
	return demo.Generate(ctx, s.St, o)
}
