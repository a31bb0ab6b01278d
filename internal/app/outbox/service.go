// Package outbox sends letters by email: the outbox and its guarantee
// (never twice, never lost), the send lock, the mail account and its
// passwords, and the single letter of the Send reminder dialog.
package outbox

import (
	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/mail/discover"
)

// Service sends over one ledger.
type Service struct {
	*core.Core
	*letters.Service
	// Discover are the account discovery's options (DetectAccount); the
	// zero value is the real network, tests give their own servers.
	Discover discover.Options
}

// New makes the sending service.
func New(c *core.Core, l *letters.Service) *Service { return &Service{Core: c, Service: l} }
