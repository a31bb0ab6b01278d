// Package core is what every feature package of internal/app shares: the
// open ledger, the clock, the owner's template folder, refusals said in
// the owner's language, and the few helpers two features need. It holds
// no use case of its own.
package core

import (
	"path/filepath"
	"time"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Core is the ledger a Service works on and its clock. Every feature
// service holds the same *Core, so a restore that swaps the ledger (St)
// is seen by all of them at once.
type Core struct {
	St    *store.Store
	today func() ledger.Date
	now   func() time.Time
}

// New makes a Core; nil clocks are the real ones.
func New(st *store.Store, today func() ledger.Date, now func() time.Time) *Core {
	if today == nil {
		today = ledger.Today
	}
	if now == nil {
		now = time.Now
	}
	return &Core{St: st, today: today, now: now}
}

// Today is the current date: injected in tests, never read from the
// clock elsewhere in the core.
func (c *Core) Today() ledger.Date { return c.today() }

// Now is the current instant (timestamps: the outbox, consents).
func (c *Core) Now() time.Time { return c.now() }

// TemplateDir is where the owner's letter templates live: "templates" next
// to the ledger (in the data folder for the default ledger). A file there
// named like a default (reminder-1.fr.tmpl) replaces it once it passes the
// check.
func (c *Core) TemplateDir() string {
	dir := filepath.Dir(c.St.Path())
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Join(dir, "templates")
}
