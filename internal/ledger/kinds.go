package ledger

import "fmt"

// Kinds and states are typed here, with what they mean, so that a rule
// (does this letter charge interest? is it a formal notice?) is said once.
// They are strings underneath because that is how the ledger stores them
// and JSON spells them; strings appear only at those edges (parsing,
// storage, JSON).

// LetterKind is what a letter (or an outbox item) is.
type LetterKind string

// Letter kinds: the ladder's, the statement, the announcements', and the
// level-4 task (not a letter).
const (
	KindCourtesy            LetterKind = "courtesy-reminder"
	KindReminder1           LetterKind = "reminder-1"
	KindReminder2           LetterKind = "reminder-2"
	KindFinalDemand         LetterKind = "final-demand"
	KindPaymentDemand       LetterKind = "payment-demand"
	KindStatement           LetterKind = "statement"
	KindBillingChange       LetterKind = "billing-change"
	KindPaperlessNotice     LetterKind = "paperless-notice"
	KindAppointmentReminder LetterKind = "appointment-reminder"
	KindCollections         LetterKind = "collections" // a task for the owner
	// Pieces laid out like letters: the postcard reminder of a paperless
	// campaign, and the insert on a statement.
	KindPaperlessPostcard LetterKind = "paperless-postcard"
	KindPaperlessInsert   LetterKind = "paperless-insert"
)

// LetterKinds are the kinds a letter can be made of, in the order the
// owner sees them (templates, the CLI's help).
var LetterKinds = []LetterKind{KindReminder1, KindReminder2, KindFinalDemand, KindPaymentDemand,
	KindBillingChange, KindPaperlessNotice, KindAppointmentReminder, KindStatement}

type kindInfo struct {
	level    int  // ladder level; -1: not a ladder letter
	charges  bool // claims interest and fixed compensation
	campaign bool // made only by a campaign (announcements)
}

var kinds = map[LetterKind]kindInfo{
	KindCourtesy:            {level: 0},
	KindReminder1:           {level: 1},
	KindReminder2:           {level: 2, charges: true},
	KindFinalDemand:         {level: 3, charges: true},
	KindPaymentDemand:       {level: 3, charges: true},
	KindStatement:           {level: -1},
	KindBillingChange:       {level: -1, campaign: true},
	KindPaperlessNotice:     {level: -1, campaign: true},
	KindAppointmentReminder: {level: -1, campaign: true},
	KindCollections:         {level: 4},
	KindPaperlessPostcard:   {level: -1, campaign: true},
	KindPaperlessInsert:     {level: -1, campaign: true},
}

// Known says whether k is a kind of this program.
func (k LetterKind) Known() bool { _, ok := kinds[k]; return ok }

// Level is the ladder level a kind stands for (a payment demand is a
// level-3 letter: a formal notice); -1 for letters outside the ladder.
func (k LetterKind) Level() int {
	if i, ok := kinds[k]; ok {
		return i.level
	}
	return -1
}

// Reminder says whether k is a ladder letter an owner can send by hand
// (levels 1 to 3).
func (k LetterKind) Reminder() bool { l := k.Level(); return l >= 1 && l <= 3 }

// ChargesInterest says whether the letter claims interest and fixed
// compensation.
func (k LetterKind) ChargesInterest() bool { return kinds[k].charges }

// FormalNotice says whether the letter puts the debtor on formal notice
// (from which interest runs on a French consumer's debt).
func (k LetterKind) FormalNotice() bool { return k.Level() == 3 }

// NeedsCampaign says whether the letter is made only by a campaign.
func (k LetterKind) NeedsCampaign() bool { return kinds[k].campaign }

// Template is the name of the kind's default template (templates/letters/
// KIND.LANG.tmpl).
func (k LetterKind) Template() string { return string(k) }

// ParseLetterKind reads a kind as the CLI, a file or the ledger spells it.
func ParseLetterKind(s string) (LetterKind, error) {
	k := LetterKind(s)
	if !k.Known() {
		return "", fmt.Errorf("unknown letter kind %q", s)
	}
	return k, nil
}

// Channel is how a letter travels.
type Channel string

// Channels.
const (
	ChannelEmail  Channel = "email"
	ChannelPostal Channel = "postal"
)

// OutboxState is where an emailed letter stands.
type OutboxState string

// Outbox states (docs/ARCHITECTURE.md, "The outbox's guarantee").
const (
	OutboxQueued    OutboxState = "queued"
	OutboxSending   OutboxState = "sending"
	OutboxSent      OutboxState = "sent"
	OutboxTemporary OutboxState = "failed-temporary"
	OutboxPermanent OutboxState = "failed-permanent"
	OutboxUnknown   OutboxState = "unknown"
)

// Final says whether nothing more will happen to the item by itself.
func (s OutboxState) Final() bool { return s == OutboxSent || s == OutboxPermanent }

// CampaignKind is what an announcement is about.
type CampaignKind string

// Campaign kinds.
const (
	CampaignPaperless     CampaignKind = "paperless"
	CampaignBillingChange CampaignKind = "billing-change"
	CampaignAppointments  CampaignKind = "appointments"
)

// Known says whether k is a campaign kind of this program.
func (k CampaignKind) Known() bool {
	return k == CampaignPaperless || k == CampaignBillingChange || k == CampaignAppointments
}

// LetterKind is the letter a campaign of this kind sends.
func (k CampaignKind) LetterKind() LetterKind {
	switch k {
	case CampaignPaperless:
		return KindPaperlessNotice
	case CampaignBillingChange:
		return KindBillingChange
	case CampaignAppointments:
		return KindAppointmentReminder
	}
	return ""
}

// InvoiceState is what the owner decided of an invoice, beside what its
// payments say: an active invoice is dunned while it is owed; a void one
// never existed as a debt (cancelled, issued in error); a written-off one
// is a debt given up on. Both leave the ladder; listings show them as
// their statuses (StatusVoid, StatusWrittenOff).
type InvoiceState string

// Invoice states, as the ledger stores them (invoices.state).
const (
	InvoiceActive     InvoiceState = ""
	InvoiceVoid       InvoiceState = "void"
	InvoiceWrittenOff InvoiceState = "written-off"
)

// Known says whether s is an invoice state of this program.
func (s InvoiceState) Known() bool {
	return s == InvoiceActive || s == InvoiceVoid || s == InvoiceWrittenOff
}

// ChangeKind is what a change to the ledger made by someone was (the
// ledger_changes history, shown on a customer's timeline with who made it).
type ChangeKind string

// Change kinds: by hand (payments, invoices, credit notes, promises,
// disputes) and from bank statements.
const (
	ChangePaymentAdded        ChangeKind = "payment-added"
	ChangePaymentDeleted      ChangeKind = "payment-deleted"
	ChangeInvoiceAdded        ChangeKind = "invoice-added"
	ChangeInvoiceEdited       ChangeKind = "invoice-edited"
	ChangeInvoiceVoided       ChangeKind = "invoice-voided"
	ChangeInvoiceWrittenOff   ChangeKind = "invoice-written-off"
	ChangeCreditNoteAdded     ChangeKind = "credit-note-added"
	ChangePromiseAdded        ChangeKind = "promise-added"
	ChangeDisputeOpened       ChangeKind = "dispute-opened"
	ChangeBankPayment         ChangeKind = "bank-payment"
	ChangeBankProposalApplied ChangeKind = "bank-proposal-applied"
	ChangeBankProposalIgnored ChangeKind = "bank-proposal-ignored"
	ChangeBankReversal        ChangeKind = "bank-reversal"
)

// ChangeKinds are every change kind, in the order above.
var ChangeKinds = []ChangeKind{ChangePaymentAdded, ChangePaymentDeleted, ChangeInvoiceAdded, ChangeInvoiceEdited,
	ChangeInvoiceVoided, ChangeInvoiceWrittenOff, ChangeCreditNoteAdded, ChangePromiseAdded, ChangeDisputeOpened,
	ChangeBankPayment, ChangeBankProposalApplied, ChangeBankProposalIgnored, ChangeBankReversal}

// Known says whether k is a change kind of this program.
func (k ChangeKind) Known() bool {
	for _, c := range ChangeKinds {
		if c == k {
			return true
		}
	}
	return false
}

// MessageKey is the translation key naming the change ("change.KIND").
func (k ChangeKind) MessageKey() string { return "change." + string(k) }
