// Package bank records bank statements: each booked entry once per account
// (keyed by the bank's reference, else a hash of the line), the credits
// matched to invoices strongest first (a structured creditor reference,
// invoice numbers in the remittance text, a known payer's amount) and
// applied as payments on the booking day when that is unambiguous, the
// rest kept as proposals for the owner, which hold the letters of the
// customers they name; reversals undo what their original did.
package bank

import "github.com/relance-app/relance/internal/app/core"

// Service is the bank feature over the shared core.
type Service struct {
	*core.Core
}

// New makes the bank service.
func New(c *core.Core) *Service { return &Service{Core: c} }
