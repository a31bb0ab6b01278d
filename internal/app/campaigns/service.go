// Package campaigns sends announcements: billing changes, going
// paperless with consent, appointment reminders, postcards; and gives the
// letter pipeline the extras every dunning letter carries (the billing
// terms in force, the paperless insert: letters.Extras).
package campaigns

import (
	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/outbox"
)

// Service runs campaigns over one ledger.
type Service struct {
	*core.Core
	*outbox.Service
}

// New makes the campaigns' service.
func New(c *core.Core, o *outbox.Service) *Service { return &Service{Core: c, Service: o} }

var _ letters.Extras = (*Service)(nil)
