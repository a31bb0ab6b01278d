// Package inbox reads the owner's mailbox: the IMAP sync, classifying and
// matching what comes back (replies, automatic answers, bounces), whether
// a message can be trusted, the replies' suggestions and their review,
// and a customer's timeline.
package inbox

import (
	"github.com/relance-app/relance/internal/app/campaigns"
	"github.com/relance-app/relance/internal/app/core"
)

// Service reads replies over one ledger.
type Service struct {
	*core.Core
	*campaigns.Service
}

// New makes the inbox's service.
func New(c *core.Core, cs *campaigns.Service) *Service { return &Service{Core: c, Service: cs} }
