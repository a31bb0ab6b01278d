// Package outbox sends letters by email: the outbox and its guarantee
// (never twice, never lost), the send lock, the mail account and its
// passwords, and the single letter of the Send reminder dialog.
package outbox

import (
	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
)

// Service sends over one ledger.
type Service struct {
	*core.Core
	*letters.Service
}

// New makes the sending service.
func New(c *core.Core, l *letters.Service) *Service { return &Service{Core: c, Service: l} }
