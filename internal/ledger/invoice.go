package ledger

import (
	"fmt"
	"strings"
)

// Invoice is a bill the company issued to a customer.
type Invoice struct {
	ID           int64
	Number       string // unique
	CustomerID   int64
	CustomerCode string // filled by reads, used by imports
	IssueDate    Date
	ServiceDate  Date // date of the service, or start of the service period
	ServiceEnd   Date // end of the service period; zero for a single date
	DueDate      Date
	Total        Money // including tax
	Description  string
	PDFPath      string // optional path to the original invoice PDF
	Excluded     bool   // never dunned
}

// Validate checks an invoice's own invariants (not those needing the ledger).
func (inv *Invoice) Validate() error {
	switch {
	case strings.TrimSpace(inv.Number) == "":
		return fmt.Errorf("invoice number is empty")
	case inv.IssueDate.IsZero():
		return fmt.Errorf("invoice %s: no issue date", inv.Number)
	case inv.DueDate.IsZero():
		return fmt.Errorf("invoice %s: no due date", inv.Number)
	case inv.DueDate.Before(inv.IssueDate):
		return fmt.Errorf("invoice %s: due date %s is before issue date %s", inv.Number, inv.DueDate, inv.IssueDate)
	case !inv.Total.Currency.Valid():
		return fmt.Errorf("invoice %s: unknown currency %q", inv.Number, inv.Total.Currency)
	case inv.Total.Minor < 0:
		return fmt.Errorf("invoice %s: negative total", inv.Number)
	case !inv.ServiceEnd.IsZero() && inv.ServiceEnd.Before(inv.ServiceDate):
		return fmt.Errorf("invoice %s: service period ends before it starts", inv.Number)
	}
	return nil
}

// Payment is money received against one invoice, in the invoice's currency.
type Payment struct {
	ID            int64
	InvoiceID     int64
	InvoiceNumber string
	Date          Date
	Amount        int64 // minor units of the invoice's currency, > 0
	Method        string
	Reference     string
}

// Promise is a customer's promise to pay (part of) an invoice by a date.
type Promise struct {
	ID         int64
	InvoiceID  int64
	Date       Date   // the promised payment date
	Amount     int64  // minor units of the invoice's currency
	Source     string // phone, email, letter, reply...
	RecordedOn Date
	Note       string
}

// Dispute is a disagreement about an invoice; an open one pauses dunning.
type Dispute struct {
	ID        int64
	InvoiceID int64
	Opened    Date
	Reason    string
	Closed    Date // zero while open
	Outcome   string
}

// Open reports whether the dispute is still open on the given date.
func (d Dispute) Open(asOf Date) bool {
	return !d.Opened.After(asOf) && (d.Closed.IsZero() || d.Closed.After(asOf))
}

// Status is an invoice's state on a given date. It is computed from the
// invoice and its payments, never stored.
type Status string

// Invoice statuses.
const (
	StatusOpen    Status = "open"    // balance due, not yet late
	StatusOverdue Status = "overdue" // balance due, past the due date
	StatusPaid    Status = "paid"    // nothing left to pay
)

// Position is where an invoice stands on a date.
type Position struct {
	Paid        int64 // minor units received up to and including the date
	Balance     int64 // total - paid, never below zero
	Status      Status
	DaysOverdue int // 0 unless overdue
}

// PositionAsOf computes the invoice's position from the sum of payments
// received on or before asOf. An invoice is overdue from the day after its
// due date: due 2025-06-10 is 1 day overdue on 2025-06-11.
func PositionAsOf(total int64, due Date, paid int64, asOf Date) Position {
	p := Position{Paid: paid, Balance: total - paid}
	switch {
	case p.Balance <= 0:
		p.Balance = 0
		p.Status = StatusPaid
	case asOf.After(due):
		p.Status = StatusOverdue
		p.DaysOverdue = asOf.DaysSince(due)
	default:
		p.Status = StatusOpen
	}
	return p
}
