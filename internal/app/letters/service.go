// Package letters makes letters: what a letter is made of (its figures
// through dunning.LetterFigures, its history, its extras), the owner's
// templates, the letter with its invoice copies, and the print batch.
package letters

import (
	"context"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/ladder"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// Extras are what other features add to a dunning letter: the billing
// terms in force on its date and the paperless insert on a statement.
// Campaigns implement it; the letter pipeline needs nothing else of them.
type Extras interface {
	BillingTerms(ctx context.Context, cu ledger.Customer, day ledger.Date) (*letter.BillingTerms, error)
	PaperlessInsert(ctx context.Context, cu ledger.Customer, day ledger.Date, lang ledger.Language) (*letter.Template, letter.CampaignData, error)
}

// Service makes letters over one ledger.
type Service struct {
	*core.Core
	*ladder.Service
	Extras Extras // set by the wiring (app.Open); never nil once wired
}

// New makes the letters' service; the wiring sets Extras.
func New(c *core.Core, l *ladder.Service) *Service { return &Service{Core: c, Service: l} }
