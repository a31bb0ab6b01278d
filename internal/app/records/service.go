// Package records holds the ledger's records as the owner sees them:
// importing files, listing and editing customers, invoices and the
// company profile, backup and check, the summary, the demo ledger.
package records

import "github.com/relance-app/relance/internal/app/core"

// Service reads and edits the ledger's records.
type Service struct {
	*core.Core
}

// New makes the records' service.
func New(c *core.Core) *Service { return &Service{Core: c} }
