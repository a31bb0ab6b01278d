// Package ladder holds the dunning use cases: the plan of letters and
// tasks, its recording (checked again in the write transaction), interest,
// reference rates, promises, disputes and a customer's dunning terms.
package ladder

import "github.com/relance-app/relance/internal/app/core"

// Service is the dunning ladder over one ledger.
type Service struct {
	*core.Core
}

// New makes the ladder's service.
func New(c *core.Core) *Service { return &Service{Core: c} }
