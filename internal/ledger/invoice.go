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
	// What the owner decided of it (InvoiceVoid, InvoiceWrittenOff), the
	// reason given and the day; InvoiceActive otherwise.
	State       InvoiceState
	StateReason string
	StateDate   Date
	// CreditorRef is its structured creditor reference
	// (StructuredReference of its number and currency), printed on letters
	// and looked for in bank transfers; written by the store.
	CreditorRef string
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

// Payment is money received against one invoice, in the invoice's currency,
// or a credit note's part applied to it: both lower the balance, and the
// interest base, from their date.
type Payment struct {
	ID            int64
	InvoiceID     int64
	InvoiceNumber string
	Date          Date
	// Minor units of the invoice's currency, > 0, except for a negative
	// adjustment from an export (Source PaymentFromExport): an export whose
	// balance grew against the payments recorded.
	Amount    int64
	Method    string
	Reference string
	Source    PaymentSource
	// Undated: the export said how much was paid, not when. The payment is
	// stored on the invoice's issue date, so no interest is ever claimed on
	// that part; letters say interest runs only on what is still due.
	Undated      bool
	CreditNoteID int64 // Source PaymentCredit: the credit note applied
}

// PaymentSource says where a payment's figure comes from.
type PaymentSource string

// Payment sources.
const (
	// PaymentRecorded: a payment file, a confirmed reply, the owner.
	PaymentRecorded PaymentSource = ""
	// PaymentFromExport: the difference between what an invoice export
	// says is paid (its paid, due, balance or status column) and the
	// payments recorded otherwise; one per invoice, re-imports adjust it.
	PaymentFromExport PaymentSource = "export"
	// PaymentCredit: a credit note's part applied to this invoice.
	PaymentCredit PaymentSource = "credit"
)

// ExportReference is the reference of an invoice's payment from the export
// (unique per invoice, so a newer export updates it).
const ExportReference = "export-balance"

// CreditNote is a document that lowers what a customer owes: exported as a
// negative total, a "Credit Memo", an "Avoir". Its amount is applied to
// invoices as payments of Source PaymentCredit (the invoice it references,
// else the customer's oldest open invoices in its currency); what is not
// applied is the customer's open credit.
type CreditNote struct {
	ID           int64
	Number       string // unique among credit notes
	CustomerID   int64
	CustomerCode string
	Date         Date
	Amount       Money  // > 0: the credit, in its currency
	Invoice      string // the invoice it credits, when the export says so
	Description  string
	Applied      int64 // filled by reads: minor units applied to invoices
}

// Open is what is left of the credit to apply.
func (c CreditNote) Open() Money {
	return Money{Minor: c.Amount.Minor - c.Applied, Currency: c.Amount.Currency}
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
	// Set aside by the owner (Invoice.State): never dunned, out of what is
	// owed. A void invoice owes nothing; a written-off one keeps its
	// balance, shown as the amount given up, until it is paid after all.
	StatusVoid       Status = "void"
	StatusWrittenOff Status = "written-off"
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

// SetAsideOn says what the owner's decision (State, on StateDate) makes of
// the invoice on asOf: InvoiceActive before that day, and for an invoice
// never set aside.
func (inv *Invoice) SetAsideOn(asOf Date) InvoiceState {
	return StateOn(inv.State, inv.StateDate, asOf)
}

// StateOn is the state an invoice set to state on stateDate has on asOf.
func StateOn(state InvoiceState, stateDate, asOf Date) InvoiceState {
	if state == InvoiceActive || stateDate.After(asOf) {
		return InvoiceActive
	}
	return state
}

// PositionWithState is PositionAsOf for an invoice in state on asOf
// (StateOn): a void invoice owes nothing (balance 0, status void); a
// written-off one keeps its balance (the amount given up) with status
// written-off, unless it is paid after all; neither is overdue.
func PositionWithState(total int64, due Date, paid int64, asOf Date, state InvoiceState) Position {
	p := PositionAsOf(total, due, paid, asOf)
	switch {
	case state == InvoiceVoid:
		return Position{Paid: paid, Status: StatusVoid}
	case state == InvoiceWrittenOff && p.Status != StatusPaid:
		return Position{Paid: paid, Balance: p.Balance, Status: StatusWrittenOff}
	}
	return p
}
